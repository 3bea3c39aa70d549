"""With PINs set up, each screen signs in; a wrong PIN is refused in the user's language."""

from __future__ import annotations

from datetime import datetime

import pytest

from smallshop.i18n import get_translator

T = get_translator("ky")


def test_a_family_member_signs_in_with_a_pin(tmp_path, phone, start_server):
    from smallshop.services import Services
    from smallshop.services.signin import WrongPinError
    from smallshop.storage.tinydb_store import open_store

    folder = tmp_path / "data"
    store = open_store(folder)
    services = Services(store, clock=lambda: datetime.now().astimezone())
    owner = services.members.setup_business("Гүлзат тигүү цехи", "Гүлзат Ташиева", "4826")
    services.members.add({"name": "Айпери Ташиева", "pin": "1357"}, actor=owner.id)
    with pytest.raises(WrongPinError) as caught:  # the message the app must show, from the real rules
        services.signin.sign_in(owner.id, "0000", datetime.now().astimezone())
    wrong = T.error(caught.value)
    store.close()

    server = start_server(folder)
    ui = phone(server, "/orders")
    ui.see(T("ui.signin.who"))
    assert ui.page.get_by_role("tab").count() == 0  # nothing reachable before signing in
    ui.fill(T("ui.signin.pin"), "1111")
    ui.click(T("ui.signin.button"), exact=True)
    ui.see(wrong.split(".")[0])
    ui.shot("sign-in-refused")
    ui.fill(T("ui.signin.pin"), "4826")
    ui.click(T("ui.signin.button"), exact=True)
    ui.see(T("ui.signin.welcome", name="Гүлзат Ташиева"))
    ui.page.get_by_role("tab", name=T("ui.nav.orders")).first.wait_for(state="attached")
