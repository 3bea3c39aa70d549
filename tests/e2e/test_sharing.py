"""Family sharing in real browsers: `smallshop run --share` over a folder prepared
with an owner (Гүлзат, PIN 4826) and a helper (Айпери, PIN 1357). Each browser
context is one family member's phone."""

from __future__ import annotations

import os
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from screens_helpers import S, Screens, T

from smallshop.domain.money import Money

OWNER, OWNER_PIN = "Гүлзат Ташиева", "4826"
HELPER, HELPER_PIN = "Айпери Ташиева", "1357"
CUSTOMER = "Айгүл Осмонова"


def U(key: str, **params: Any) -> str:
    return T(f"ui_sharing.{key}", **params)


def _services(folder: Path) -> tuple[Any, Any]:
    from smallshop.services import Services
    from smallshop.storage.tinydb_store import open_store

    store = open_store(folder)
    return store, Services(store, clock=lambda: datetime.now().astimezone())


def prepare(folder: Path, *, order: bool = False) -> dict[str, str]:
    """Owner + helper with PINs, a customer (and an order), written before the server starts."""
    store, services = _services(folder)
    try:
        owner = services.members.setup_business("Гүлзат тигүү цехи", OWNER, OWNER_PIN, language="ky")
        helper = services.members.add({"name": HELPER, "role": "helper", "pin": HELPER_PIN}, actor=owner.id)
        customer = services.customers.create({"name": CUSTOMER, "phone": "0555 123 456"}, actor=owner.id)
        ids = {"owner": owner.id, "helper": helper.id, "customer": customer.id}
        if order:
            made = services.orders.create(
                {"customer_id": customer.id, "due_date": "2026-12-20"},
                [{"description": "Төшөк комплекти", "quantity": "1", "unit_price": "2500"}],
                actor=owner.id,
            )
            ids["order"] = made.id
        return ids
    finally:
        store.close()


def sign_in(ui: Any, name: str, pin: str, *, expect_welcome: bool = True) -> None:
    ui.see(T("ui.signin.who"))
    label = name  # names only: no roles (or ids) on the sign-in screen
    ui.click(label, role="radio", exact=True)
    ui.fill(T("ui.signin.pin"), pin)
    ui.click(T("ui.signin.button"), exact=True)
    if expect_welcome:
        ui.see(T("ui.signin.welcome", name=name))


def _lan_ip() -> str | None:
    from smallshop.app import lan_addresses

    found = lan_addresses()
    return found[0] if found else None


def test_nobody_reaches_a_screen_without_signing_in(tmp_path, phone, start_server):
    folder = tmp_path / "data"
    prepare(folder, order=True)
    server = start_server(folder, share=True)
    for route in ("/orders", "/settings", "/reports", "/customers", "/activity", "/bin", "/orders/new"):
        ui = phone(server, route)
        ui.see(T("ui.signin.who"))
        s = Screens(ui)
        assert ui.page.get_by_role("tab").count() == 0, route  # no navigation bar
        assert not s.shows(CUSTOMER), route  # no business data
        assert not s.shows(T("ui.settings.backups")), route
    ui.shot("sharing-sign-in")
    lan = _lan_ip()
    if lan:  # a phone on the Wi-Fi (this machine's LAN address): the same gate
        remote = phone(server, "/settings", host=lan)
        remote.see(T("ui.signin.who"))
        assert not Screens(remote).shows(T("ui.settings.backups"))
    # and once signed in, the screen is there
    sign_in(ui, HELPER, HELPER_PIN)
    ui.goto("/customers")
    Screens(ui).see(CUSTOMER)


def test_owner_creates_an_order_and_the_helper_sees_it_live(tmp_path, phone, start_server):
    folder = tmp_path / "data"
    ids = prepare(folder)
    server = start_server(folder, share=True)
    b = phone(server, "/orders")
    sign_in(b, HELPER, HELPER_PIN)
    a = phone(server, f"/orders/new?customer={ids['customer']}")
    sign_in(a, OWNER, OWNER_PIN)
    sa = Screens(a)
    sa.type_into(S("item.description", n=1), "Жибек көйнөк")
    sa.type_into(S("item.unit_price", n=1), "3200")
    sa.click(S("item.remove", n=2))
    sa.click(S("order.save"))
    sa.see(S("order.saved"))
    assert sa.shows(U("order.delete"))  # the owner may delete
    sb = Screens(b)
    sb.see("Жибек көйнөк", timeout=10)  # appeared on the helper's list without a reload
    b.shot("sharing-helper-sees-order")
    sb.click(S("orders.open_order", customer=CUSTOMER))
    sb.see(S("order.title", customer=CUSTOMER))
    sb.see(T.money(Money.som(3200)))
    assert not sb.shows(U("order.delete"))  # no delete button for a helper
    b.shot("sharing-helper-order-page")


def test_five_wrong_pins_lock_the_helper_out(tmp_path, phone, start_server):
    folder = tmp_path / "data"
    prepare(folder)
    server = start_server(folder, share=True)
    ui = phone(server, "/")
    locked = re.compile(re.escape(T("sharing.signin.locked_seconds", seconds=0).split("0")[0].strip()))
    for attempt in range(1, 5):
        sign_in(ui, HELPER, "0000", expect_welcome=False)
        ui.see(T("sharing.signin.wrong_pin", tries_left=5 - attempt))
    sign_in(ui, HELPER, "0000", expect_welcome=False)
    ui.see(locked)
    # locked means locked: the right PIN is refused too for now
    sign_in(ui, HELPER, HELPER_PIN, expect_welcome=False)
    ui.see(locked)
    assert not Screens(ui).shows(T("ui.signin.welcome", name=HELPER))
    ui.shot("sharing-locked-out")


def test_concurrent_edit_shows_who_saved_and_keeps_the_first_change(tmp_path, phone, start_server):
    folder = tmp_path / "data"
    ids = prepare(folder, order=True)
    server = start_server(folder, share=True)
    a = phone(server, f"/orders/{ids['order']}")
    sign_in(a, OWNER, OWNER_PIN)
    b = phone(server, f"/orders/{ids['order']}")
    sign_in(b, HELPER, HELPER_PIN)
    sa, sb = Screens(a), Screens(b)
    for s in (sa, sb):  # both open the edit form of the same order
        s.click(T("common.edit"))
        s.see(S("order.save"))
    sa.type_into(S("item.description", n=1), "Төшөк комплекти (Гүлзат)")
    sb.type_into(S("item.description", n=1), "Төшөк комплекти (Айпери)")
    sa.click(S("order.save"))
    sa.see(S("order.saved"))
    sb.click(S("order.save"))
    conflict = T("sharing.conflict", updated_by_name=OWNER, updated_at="@").split("@")[0]
    sb.see(conflict.strip())
    sb.see(U("conflict.reload"))
    assert sb.value_of(S("item.description", n=1)) == "Төшөк комплекти (Айпери)"  # what she typed is kept
    b.shot("sharing-conflict")
    sb.click(U("conflict.reload"))
    sb.see(S("order.save"))
    assert sb.value_of(S("item.description", n=1)) == "Төшөк комплекти (Гүлзат)"
    server.stop()
    store, services = _services(folder)
    try:
        assert services.orders.get(ids["order"]).items[0].description == "Төшөк комплекти (Гүлзат)"
    finally:
        store.close()


# through the UI; see the docstring. SMALLSHOP_E2E_PAYMENTS=5 makes a quicker local run.
def _wait_until(condition: Any, message: str, timeout: float = 30) -> None:
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.3)
    raise AssertionError(message)


PAYMENTS_PER_SESSION = int(os.environ.get("SMALLSHOP_E2E_PAYMENTS", "25"))


def test_four_sessions_saving_at_once_lose_nothing(tmp_path, phone, start_server):
    """Four signed-in phones record walk-in payments in turn without waiting for each
    other (each click is handled while the others' saves run), 25 each through the
    real UI as the issue asks; the stopped store then holds exactly 4 x 25 = 100 with
    the exact sum. (About 3 minutes on a 2-core machine; SMALLSHOP_E2E_PAYMENTS=5 for a
    quicker local run.)"""
    folder = tmp_path / "data"
    prepare(folder)
    server = start_server(folder, share=True)
    sessions = []
    for name, pin in ((OWNER, OWNER_PIN), (HELPER, HELPER_PIN), (OWNER, OWNER_PIN), (HELPER, HELPER_PIN)):
        ui = phone(server, "/money")
        sign_in(ui, name, pin)
        sessions.append(Screens(ui))
    for round_ in range(PAYMENTS_PER_SESSION):
        for s in sessions:
            s.click(S("income.new"))
            s.type_into(S("income.amount"), str(100 + round_))
        for s in sessions:  # four saves fired back to back
            s.click(S("income.record"))
        for number, s in enumerate(sessions):  # each form closes once its save is done
            _wait_until(lambda: not s.shows(S("income.record")), f"session {number} round {round_} did not save")
    # every screen converges on the same month total (live refresh between sessions)
    expected = sum(4 * (100 + r) for r in range(PAYMENTS_PER_SESSION))
    for s in sessions:
        s.see(T.money(Money.som(expected)))
    sessions[0].ui.shot("sharing-four-sessions")
    server.stop()
    store, services = _services(folder)
    try:
        incomes = store.incomes.all()
        assert len(incomes) == 4 * PAYMENTS_PER_SESSION
        assert sum(i.amount.tyiyn for i in incomes) == expected * 100
    finally:
        store.close()


def test_sign_out_from_the_menu_and_an_idle_session_returns_to_sign_in(tmp_path, phone, start_server):
    folder = tmp_path / "data"
    prepare(folder)
    server = start_server(folder, share=True, env={"SMALLSHOP_SESSION_MINUTES": "0.1"})  # 6 s idle limit
    ui = phone(server, "/orders")
    sign_in(ui, HELPER, HELPER_PIN)
    ui.menu(U("signin.sign_out_name", name=HELPER))
    ui.see(T("ui.signin.who"))
    assert ui.page.get_by_role("tab").count() == 0
    sign_in(ui, HELPER, HELPER_PIN)
    ui.page.wait_for_timeout(7000)  # idle past the limit
    ui.click(T("ui.nav.customers"), role="tab")
    ui.see(U("signin.expired"))
    ui.see(T("ui.signin.who"))
    assert not Screens(ui).shows(CUSTOMER)
