"""Bad input in a real browser: the translated message shows next to the field,
what was typed stays, and nothing is saved (checked in the data folder after the
app has stopped)."""

from __future__ import annotations

from datetime import datetime

from screens_helpers import S, Screens, T

from smallshop.domain.parsing import parse_amount
from smallshop.domain.problems import DomainError


def _message(text: str, field: str) -> str:
    """The message the domain gives for `text` typed as an amount (never hard-coded here)."""
    try:
        parse_amount(text, field)
    except DomainError as error:
        return T.problem(error.problems[0])
    raise AssertionError(f"{text!r} was accepted as an amount")


def _stored(server):
    from smallshop.services import Services
    from smallshop.storage.tinydb_store import open_store

    server.stop()
    store = open_store(server.data_dir)
    try:
        services = Services(store, clock=lambda: datetime.now().astimezone())
        return (
            [c.name for c in services.customers.search("").items],
            services.orders.search("").total,
            len(services.debts.all()),
        )
    finally:
        store.close()


def test_an_order_priced_abc_shows_the_message_and_saves_nothing(empty_server, phone):
    first = phone(empty_server, "/")
    first.click(T("ui.first_run.own_button"))
    first.see(T("ui.settings.profile"))
    ui = phone(empty_server, "/")
    s = Screens(ui)

    s.nav("ui.nav.customers")
    s.click(S("customers.new"))
    s.type_into(S("customer.name"), "Бермет Асанова")
    s.click(S("customer.save"))
    s.see(S("customer.owes_nothing"))
    s.click(S("customer.new_order"))
    s.see(S("order.change_customer"))
    s.type_into(S("item.description", n=1), "Көйнөк")
    s.type_into(S("item.unit_price", n=1), "abc")
    s.type_into(S("order.deposit_amount"), "abc")
    s.click(S("order.save"))

    s.see(_message("abc", "items.0.unit_price"))
    s.see(_message("abc", "deposit.amount"))
    ui.shot("bad-input-order")
    assert s.value_of(S("item.unit_price", n=1)) == "abc"  # what was typed stays
    assert s.value_of(S("item.description", n=1)) == "Көйнөк"
    assert not s.shows(S("order.saved"))

    # a debt without an amount or purpose: every problem at once, nothing saved
    s.nav("ui.nav.debts")
    s.click(S("debt.new"))
    s.type_into(S("debt.lender"), "Асель эже")
    s.type_into(S("debt.principal"), "abc")
    s.click(S("debt.save"))
    s.see(_message("abc", "principal"))
    ui.shot("bad-input-debt")

    assert _stored(empty_server) == (["Бермет Асанова"], 0, 0)
