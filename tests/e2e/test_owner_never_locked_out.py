"""Issue 9 in real browsers: the family flows that used to lock the owner out.

- the owner adds her daughter with a PIN: she is asked for her own PIN first, on
  the same screen, and stays the owner (not a sign-in screen that lists only the
  daughter);
- a forgotten owner PIN comes back with `smallshop owner-pin` on the PC (and only
  there: it refuses while the app holds the folder).
"""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from screens_helpers import Screens, T
from test_sharing import HELPER, HELPER_PIN, OWNER, OWNER_PIN, U, _services, prepare, sign_in

DAUGHTER, DAUGHTER_PIN = "Айпери", "7351"


def G(key: str, **params) -> str:
    return T(f"guard.{key}", **params)


def test_the_first_pin_asks_for_the_owners_own_pin_first(tmp_path, desktop, start_server):
    folder = tmp_path / "data"
    server = start_server(folder)  # the PC only, a fresh folder
    pc = desktop(server, "/")
    s = Screens(pc)
    s.click(T("ui.first_run.own_button"))  # "start my own business"
    s.see(T("ui.settings.members"))
    s.type_into(T("ui.settings.member_name"), DAUGHTER)
    pc.fill(U("members.pin"), DAUGHTER_PIN)
    s.click(T("ui.settings.add_member"))
    s.see(G("members.owner_first_title"))  # her own PIN first, explained
    s.see(G("members.owner_first_text", name=DAUGHTER))
    assert not s.shows(T("ui.signin.title"))  # no sign-in screen listing only the daughter
    pc.shot("owner-first-pin")
    # the panel's own business name field (the profile's is further up, with the same label)
    box = pc.page.get_by_role("textbox", name=T("ui.settings.business_name")).last
    box.click()
    pc.page.keyboard.type("Гүлзат тигүү цехи", delay=10)
    s.type_into(U("setup.owner_name"), OWNER)
    pc.fill(U("setup.pin"), OWNER_PIN)
    pc.fill(U("setup.pin_again"), OWNER_PIN)
    s.click(G("members.owner_first_button", name=DAUGHTER))
    s.see(T("ui.settings.member_added"))
    s.see(DAUGHTER)
    # she is signed in as the owner and keeps the owner's tools
    s.see(U("members.add_title"))
    s.see(U("activity.title"))
    pc.shot("owner-first-pin-done")
    server.stop()
    store, services = _services(folder)
    try:
        by_name = {m.name: m for m in services.settings.members()}
        assert by_name[OWNER].role.value == "owner" and by_name[OWNER].pin_hash
        assert by_name[DAUGHTER].role.value == "helper" and by_name[DAUGHTER].pin_hash
        assert [m.name for m in services.signin.members()] == [OWNER, DAUGHTER]
    finally:
        store.close()

    # the next start: sharing is set up, the owner signs in first in the list, with owner rights
    server = start_server(folder)
    pc = desktop(server, "/settings")
    sign_in(pc, OWNER, OWNER_PIN)
    s = Screens(pc)
    s.see(U("members.add_title"))
    s.see(U("share.switch"))


def test_a_forgotten_owner_pin_is_set_again_on_the_pc(tmp_path, desktop, start_server):
    folder = tmp_path / "data"
    prepare(folder)
    server = start_server(folder)
    command = [sys.executable, "-m", "smallshop", "owner-pin", "--pin-stdin", "--data-dir", str(folder),
               "--lang", "ky"]
    busy = subprocess.run(command, input="9753\n", capture_output=True, text=True, timeout=120)
    assert busy.returncode == 5 and "Traceback" not in busy.stderr  # ExitCode.BUSY: the running app holds the folder
    server.stop()

    done = subprocess.run(command, input="9753\n", capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert G("owner_pin.done", name=OWNER) in done.stdout

    server = start_server(folder)
    pc = desktop(server, "/")
    sign_in(pc, OWNER, OWNER_PIN, expect_welcome=False)  # the old PIN no longer works
    s = Screens(pc)
    s.see(T("sharing.signin.wrong_pin", tries_left=4))
    sign_in(pc, OWNER, "9753")
    pc.goto("/settings")
    s.see(U("members.add_title"))
    assert HELPER and HELPER_PIN  # the helper is untouched (signs in as before: test_sharing)


def _tap_role(pc: Any, key: str) -> None:
    """The role button, by its text, then the pointer away from its tooltip."""
    button = pc.page.locator("flt-semantics[role=button]", has_text=U(key)).first
    button.wait_for(state="attached", timeout=30_000)
    button.click()
    pc.page.mouse.move(2, 2)


def test_the_owner_changes_a_members_role(tmp_path, desktop, start_server):
    """Settings → members: the owner makes the helper an owner, back a helper, and an owner
    again; there is no role button on her own row (the last owner who can sign in is kept
    by the services as well: tests/services/test_owner_never_locked_out.py)."""
    folder = tmp_path / "data"
    prepare(folder)
    server = start_server(folder)
    pc = desktop(server, "/settings")
    sign_in(pc, OWNER, OWNER_PIN)
    s = Screens(pc)
    s.see(HELPER)
    # one role button: the helper's (none on her own row)
    assert pc.page.get_by_role("button", name=U("members.make_helper")).count() == 0
    _tap_role(pc, "members.make_owner")
    s.see(U("members.role_changed", name=HELPER, role=T("sharing.role.owner")))
    pc.shot("members-role-owner")
    _tap_role(pc, "members.make_helper")  # the button turned round: back to a helper
    s.see(U("members.role_changed", name=HELPER, role=T("sharing.role.helper")))
    _tap_role(pc, "members.make_owner")
    s.see(U("members.role_changed", name=HELPER, role=T("sharing.role.owner")))
    server.stop()
    store, services = _services(folder)
    try:
        by_name = {m.name: m for m in services.settings.members()}
        assert by_name[HELPER].role.value == "owner" and by_name[OWNER].role.value == "owner"
        history = services.history.history_of("member", by_name[HELPER].id)
        assert [(c.field, c.old, c.new) for c in history[0].changes if c.field == "role"] == [("role", "helper", "owner")]
        assert history[0].actor == by_name[OWNER].id  # in the activity feed, by the owner
    finally:
        store.close()
