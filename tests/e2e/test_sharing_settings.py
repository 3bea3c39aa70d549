"""Sharing from the owner's side in real browsers: the first-run setup happens on
the PC only; Settings shows the phone address with its QR code and the members
(add with a role and PIN, deactivate); the activity feed and the recycle bin are
the owner's; a helper sees none of the owner-only actions."""

from __future__ import annotations

from datetime import datetime

import pytest
from screens_helpers import S, Screens, T
from test_sharing import CUSTOMER, HELPER, HELPER_PIN, OWNER, OWNER_PIN, U, _lan_ip, _services, prepare, sign_in


def test_first_run_setup_is_done_on_the_pc_not_on_a_phone(tmp_path, phone, desktop, start_server):
    lan = _lan_ip()
    if not lan:
        pytest.skip("this machine has no network address a phone could use")
    folder = tmp_path / "data"
    # no business yet: the terminal speaks the system's language (the code line is read below)
    server = start_server(folder, share=True, env={"SMALLSHOP_LANG": "ky"})
    remote = phone(server, "/", host=lan)  # a phone on the Wi-Fi
    remote.see(U("gate.not_ready"))
    remote.shot("sharing-phone-before-setup")

    pc = desktop(server, "/")
    s = Screens(pc)
    s.see(U("setup.section"))
    s.type_into(T("ui.settings.business_name"), "Гүлзат тигүү цехи")
    s.type_into(U("setup.owner_name"), OWNER)
    pc.fill(U("setup.pin"), OWNER_PIN)
    pc.fill(U("setup.pin_again"), "4827")
    s.click(U("setup.button"))
    s.see(U("setup.pins_differ"))  # two different PINs: nothing saved
    pc.fill(U("setup.pin_again"), OWNER_PIN)
    # with --share, creating the owner also needs the one-time code from the terminal
    code = next(line for line in server.log().splitlines() if T("guard.run.setup_code", code="") in line + " ")
    s.see(T("guard.setup.code_shown", code=code.split()[-1]))  # and on the PC's own screen
    pc.fill(T("guard.setup.code_label"), code.split()[-1])
    s.click(U("setup.button"))
    s.see(U("setup.done"))
    pc.page.get_by_role("button", name=T("ui.nav.orders")).first.wait_for(state="attached")

    remote.goto("/")  # now the phone may sign in
    remote.shot("sharing-phone-after-setup")
    sign_in(remote, OWNER, OWNER_PIN)


def test_owner_settings_members_activity_and_bin(tmp_path, desktop, phone, start_server):
    folder = tmp_path / "data"
    ids = prepare(folder, order=True)
    server = start_server(folder, share=True)
    pc = desktop(server, "/settings")
    sign_in(pc, OWNER, OWNER_PIN)
    s = Screens(pc)
    # the switch is on, and the QR code of the phone address is shown (the image's
    # accessible name carries the address)
    pc.page.get_by_role("switch", name=U("share.switch")).wait_for(state="attached")
    lan = _lan_ip()
    if lan:
        qr = pc.page.get_by_role("img", name=U("share.qr", address=f"http://{lan}:{server.port}"))
        qr.wait_for(state="attached")
    pc.shot("sharing-settings-qr")

    # add a helper with a PIN, then deactivate the other one
    s.type_into(T("ui.settings.member_name"), "Нургүл Ташиева")
    pc.fill(U("members.pin"), "2468")
    s.click(T("ui.settings.add_member"))
    s.see(T("ui.settings.member_added"))
    s.see("Нургүл Ташиева")
    # members are listed owner first, then by name: Айпери's button comes before Нургүл's
    pc.page.get_by_role("button", name=U("members.deactivate"), exact=True).first.click()
    s.see(U("members.deactivated", name=HELPER))
    pc.shot("sharing-members")

    # the new helper signs in on a phone; owner-only things are not there
    b = phone(server, "/settings")
    sign_in(b, "Нургүл Ташиева", "2468")
    sb = Screens(b)
    sb.see(T("ui.settings.members"))
    b.shot("sharing-members-helper")
    assert not sb.shows(T("ui.settings.add_member"))
    assert not sb.shows(U("activity.title"))
    assert not sb.shows(T("ui.settings.download_backup"))
    b.goto("/activity")
    # (Flet keeps the session across a reload: still signed in)
    sb.see(T("sharing.not_allowed", action="activity.view", role=T("sharing.role.helper")).split(":")[0][:20])

    # the owner deletes the order into the bin, sees it in the feed, restores it
    pc.goto(f"/orders/{ids['order']}")
    pc.page.get_by_role("button", name=U("order.delete"), exact=True).first.click()
    s.see(U("order.delete_title"))
    pc.page.get_by_role("button", name=U("order.delete"), exact=True).last.click()
    s.see(U("order.deleted"))
    for attempt in range(3):  # the owner's way to the bin: Settings -> Recycle bin
        try:
            s.nav("ui.nav.settings")
            s.see(T("ui.settings.members"))  # Settings is drawn before looking for its bin button
            s.click(U("bin.title"))
            break
        except AssertionError:  # the tap on Settings was lost in the redraw after the delete (CI
            if attempt == 2:    # run 2026-12-02: the order page stayed), or the button was late
                raise
    what = f"{T('sharing.kind.order')} · Төшөк комплекти"  # an order is labelled by its first item
    s.see(U("bin.title"))
    pc.shot("sharing-recycle-bin")
    pc.page.get_by_role("button", name=U("bin.restore"), exact=True).first.click()
    s.see(U("bin.restored", what=what))
    s.see(U("bin.none"))
    s.nav("ui.nav.settings")
    s.click(U("activity.title"))
    s.see(U("activity.hint"))
    s.see(T("sharing.history.restore"))
    s.see("Нургүл Ташиева")
    pc.shot("sharing-activity")
    server.stop()
    store, services = _services(folder)
    try:
        assert services.orders.get(ids["order"]).id == ids["order"]  # restored
        assert not services.settings.member(ids["helper"]).active
    finally:
        store.close()


def test_the_settings_switch_asks_for_the_owner_pin_first_and_is_remembered(tmp_path, desktop, start_server):
    from smallshop.app import remembered_sharing

    folder = tmp_path / "data"
    store, services = _services(folder)
    try:  # a business used on the PC only so far: no PINs
        services.customers.create({"name": CUSTOMER, "phone": "0555 123 456"}, actor=None)
    finally:
        store.close()
    server = start_server(folder)  # without --share
    pc = desktop(server, "/settings")
    s = Screens(pc)
    pc.page.get_by_role("switch", name=U("share.switch")).click()
    s.see(U("setup.first"))  # the owner's PIN comes first
    s.see(T("guard.share.setup_then_on"))
    pc.shot("sharing-switch-asks-pin")
    # issue 9: the app used to crash here ("Frozen controls cannot be updated") while the
    # accessibility tree behind the error still held the form: the switch must be off, alive
    switch = pc.page.get_by_role("switch", name=U("share.switch"))
    assert switch.get_attribute("aria-checked") == "false"
    assert not s.shows("Frozen controls") and not s.shows("Error running app")
    assert not remembered_sharing(folder)
    s.type_into(T("ui.settings.business_name"), "Гүлзат тигүү цехи")
    s.type_into(U("setup.owner_name"), OWNER)
    pc.fill(U("setup.pin"), OWNER_PIN)
    pc.fill(U("setup.pin_again"), OWNER_PIN)
    s.click(T("guard.share.setup_button"))
    s.see(U("share.on"))  # signed in as the owner, then sharing switched on (its message follows setup's)
    s.see(T("ui.signin.signed_in_as", name=OWNER))
    s.see(U("share.restart"))  # this run listens on the PC only; the next start shares
    pc.page.wait_for_function(
        "name => [...document.querySelectorAll('[role=switch]')].some(e => e.getAttribute('aria-label') === name"
        " && e.getAttribute('aria-checked') === 'true')", arg=U("share.switch"))
    assert not s.shows("Frozen controls") and not s.shows("Error running app")
    pc.shot("sharing-switch-on")
    assert remembered_sharing(folder)
