"""Issue 15 in the app, on a phone (390x844) in Kyrgyz, over the demo workshop: the
owner saves the business plan with a new purchase, adds a piece of equipment and
records that it broke, confirms who worked this month, describes a debt (lender type
and purpose) and writes the month's notes for the caseworker. Bad input shows a
translated message next to the field and saves nothing. Screenshots at phone and
desktop width go to the shots folder."""

from __future__ import annotations

import time
from datetime import date, timedelta
from typing import Any

from smallshop.i18n import get_translator

from screens_helpers import Screens

T = get_translator("ky")


def P(key: str, **params: Any) -> str:
    """A message of ui_programme.json in Kyrgyz."""
    return T("ui_programme." + key, **params)


def _last(s: Screens, role: str, name: str) -> Any:
    """The last control with this name (the row just added), once it is on the screen."""
    s.find(role, name)
    return s.page.get_by_role(role, name=name, exact=True).last


def _top(s: Screens) -> None:
    """Back to the top of the screen (a field half under the app bar takes no tap)."""
    size = s.page.viewport_size
    s.page.mouse.move(size["width"] * 0.6, size["height"] * 0.55)
    for _ in range(6):
        s.page.mouse.wheel(0, -1500)
        time.sleep(0.2)
    time.sleep(0.6)


def _lift(s: Screens) -> None:
    """Scroll the screen up by a third of its height, so the bottom row sits mid-screen."""
    size = s.page.viewport_size
    s.page.mouse.move(size["width"] * 0.6, size["height"] * 0.55)
    s.page.mouse.wheel(0, size["height"] // 3)
    time.sleep(0.6)


def test_the_owner_saves_the_plan_with_a_new_purchase(demo_server, phone):
    ui = phone(demo_server, "/programme")
    s = Screens(ui)
    s.see(P("plan.title"))
    ui.shot("programme-01-plan")
    s.type_into(P("plan.profit_target"), "300 мин")
    s.click(P("plan.save"))
    s.see(T("error.amount.invalid"))  # next to the field; nothing saved
    _top(s)
    s.type_into(P("plan.profit_target"), "300 000")
    s.click(P("plan.add_purchase"))
    _last(s, "textbox", P("plan.purchase_item", number=4))
    _lift(s)  # the new row opens at the bottom, under the bar, where a tap does not reach it
    s.type_into(P("plan.purchase_item", number=4), "Бычуучу стол")
    amount = _last(s, "textbox", P("plan.purchase_amount"))
    amount.click()
    time.sleep(0.3)
    s.page.keyboard.type("12 000", delay=25)
    ui.shot("programme-02-plan-purchase")
    s.click(P("plan.save"))
    s.see(P("plan.saved"))

    again = Screens(phone(demo_server, "/programme"))  # a fresh session reads what was stored
    again.see(P("plan.title"))
    assert again.value_of(P("plan.profit_target")) == "300000"
    _last(again, "textbox", P("plan.purchase_item", number=4))
    _lift(again)
    assert again.value_of(P("plan.purchase_item", number=4)) == "Бычуучу стол"


def test_equipment_is_added_and_its_status_changed(demo_server, phone):
    ui = phone(demo_server, "/programme")
    s = Screens(ui)
    s.see(P("assets.title"))
    s.click(P("asset.new"))
    s.click(P("asset.save"))
    s.see(T("error.name.required"))  # item and source missing: nothing saved
    s.see(T("error.choice.required"))
    s.type_into(P("asset.item"), "Оверлок Aurora")
    s.type_into(P("asset.value"), "15 000")
    s.choose(T("enum.asset_source.own"))
    ui.shot("programme-03-asset-form")
    s.click(P("asset.save"))
    s.see(P("asset.saved"))
    s.see("Оверлок Aurora")
    s.click(P("asset.change_status_of", item="Оверлок Aurora"))
    s.choose(T("enum.asset_status.broken"))
    s.type_into(P("asset.status_note"), "Ийнеси сынды")
    s.click(P("asset.status_save"))
    s.see(P("asset.status_saved"))
    s.see("Ийнеси сынды")
    ui.shot("programme-04-asset-broken")


def test_the_owner_confirms_who_worked_this_month(demo_server, phone, desktop):
    ui = phone(demo_server, "/programme")
    s = Screens(ui)
    s.see(P("jobs.title"))
    s.see(P("jobs.suggested_previous"))  # the demo's current month is not confirmed yet
    s.click(P("jobs.add"))
    s.type_into(P("jobs.name", number=7), "Айпери Ташиева")  # already on the list
    s.click(P("jobs.confirm"))
    s.see(T("error.jobs.duplicate_name", name="Айпери Ташиева"))
    s.type_into(P("jobs.name", number=7), "Шакирт Мээрим")
    _last(s, "checkbox", P("jobs.woman")).click()
    _last(s, "checkbox", P("jobs.young")).click()
    ui.shot("programme-05-jobs")
    s.click(P("jobs.confirm"))
    s.see(P("jobs.saved"))
    s.see(P("jobs.confirmed", who="§", date="§").split("§")[0].strip())
    wide = desktop(demo_server, "/programme")
    Screens(wide).see(P("jobs.confirmed", who="§", date="§").split("§")[0].strip())
    wide.shot("programme-06-desktop")


def test_a_debt_says_who_lent_and_what_for(demo_server, phone):
    ui = phone(demo_server, "/debts")
    s = Screens(ui)
    lender = "МФК «Береке Кредит»"
    s.see(lender)
    s.click(P("debt.describe_of", lender=lender))
    s.choose(T("enum.lender_type.bank"))
    s.click(P("debt.save_description"))
    s.see(P("debt.described"))
    s.see(f"{T('enum.lender_type.bank')} · {T('enum.debt_purpose.business')}")

    s.click(T("ui_screens.debt.new"))
    s.type_into(T("ui_screens.debt.lender"), "Дүкөнчү Бурул")
    s.type_into(T("ui_screens.debt.principal"), "8000")
    s.type_into(T("ui_screens.debt.first_due_date"), (date.today() + timedelta(days=30)).isoformat())
    s.type_into(T("ui_screens.debt.count"), "4")
    s.choose(T("enum.lender_type.shop_credit"))
    s.choose(T("enum.debt_purpose.health"))
    ui.shot("programme-07-debt-form")
    s.click(T("ui_screens.debt.save"))
    s.see(T("ui_screens.debt.saved"))
    s.see(f"{T('enum.lender_type.shop_credit')} · {T('enum.debt_purpose.health')}")
    ui.shot("programme-08-debts")


def test_the_months_notes_for_the_caseworker(demo_server, phone):
    ui = phone(demo_server, "/reports")
    s = Screens(ui)
    s.see(P("notes.title"))
    s.type_into(P("notes.label"), "Үтүк бузулду, жаңысын алабыз")
    s.click(P("notes.save"))
    s.see(P("notes.saved"))
    ui.shot("programme-09-notes")
    again = Screens(phone(demo_server, "/reports"))
    again.see(P("notes.title"))
    assert again.value_of(P("notes.label")) == "Үтүк бузулду, жаңысын алабыз"
