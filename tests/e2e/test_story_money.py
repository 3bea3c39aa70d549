"""The money screen in a real browser: record a walk-in sale and an owner's draw,
edit the sale, delete it after the confirmation dialog, switch month; the month's
totals follow every step and the data folder holds exactly what is left."""

from __future__ import annotations

from datetime import datetime

from screens_helpers import S, Screens, T

from smallshop.domain.models import IncomeCategory
from smallshop.domain.money import Money
from smallshop.domain.period import Month


def M(som: int) -> str:
    return T.money(Money.som(som))


def test_record_edit_and_delete_money_entries(empty_server, desktop, today):
    first = desktop(empty_server, "/")
    first.click(T("ui.first_run.own_button"))
    first.see(T("ui.settings.profile"))
    ui = desktop(empty_server, "/")
    s = Screens(ui)
    s.nav("ui.nav.money")
    s.see(T.month(Month.of(today)))

    # a walk-in sale (the income form's default kind)
    s.click(S("income.new"))
    s.type_into(S("income.amount"), "500")
    s.type_into(S("entry.description"), "Кездеме сумка")
    s.click(S("income.record"))
    s.see(S("income.saved"))
    sale = T.enum(IncomeCategory.WALK_IN_SALE)
    s.see(f"+{M(500)}")

    # an owner's draw: counted apart, profit stays the sale's
    s.click(S("draw.new"))
    s.type_into(S("draw.amount"), "300")
    s.click(S("draw.record"))
    s.see(S("draw.saved"))
    s.see(f"−{M(300)}")
    s.see(S("money.profit"))
    ui.shot("money-two-entries")

    # edit the sale: 500 -> 700
    s.click(S("entry.edit", what=sale, amount=f"+{M(500)}"))
    s.see(S("income.edit_title"))
    s.type_into(S("income.amount"), "700")
    s.click(S("income.record"))
    s.see(f"+{M(700)}")
    assert not s.shows(f"+{M(500)}")

    # delete it: nothing happens before the confirmation
    s.click(S("entry.delete", what=sale, amount=f"+{M(700)}"))
    s.see(S("entry.delete_title"))
    ui.shot("money-delete-confirm")
    s.click(T("common.delete"))
    s.see(S("entry.deleted"))
    assert not s.shows(f"+{M(700)}")
    s.see(f"−{M(300)}")

    # the month before has nothing
    s.click(S("money.previous_month"))
    s.see(T.month(Month.of(today).previous()))
    s.see(S("money.empty"))

    from smallshop.services import Services
    from smallshop.storage.tinydb_store import open_store

    empty_server.stop()
    store = open_store(empty_server.data_dir)
    try:
        services = Services(store, clock=lambda: datetime.now().astimezone())
        entries = services.finance.month_entries(Month.of(today))
        assert entries.incomes == ()
        assert [d.amount for d in entries.draws] == [Money.som(300)]
    finally:
        store.close()
