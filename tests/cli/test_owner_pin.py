"""`smallshop owner-pin`: the owner's PIN set again on the PC that holds the data."""

from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone

import pytest

from smallshop.commands import ExitCode
from smallshop.i18n import get_translator
from smallshop.services import Services
from smallshop.services.signin import SignInLockedError, WrongPinError
from smallshop.storage.state_file import SIGNIN_STATE_FILE, JsonStateFile
from smallshop.storage.tinydb_store import open_store


def _open(folder):
    store = open_store(folder, backups=False)
    return store, Services(store, clock=lambda: datetime.now(timezone.utc),
                           signin_keeper=JsonStateFile(folder / SIGNIN_STATE_FILE))


@pytest.fixture
def family(tmp_path):
    """An owner locked out after five wrong PINs, and a helper."""
    folder = tmp_path / "data"
    store, services = _open(folder)
    try:
        owner = services.members.setup_business("Цех", "Гүлзат", "4826", language="ru")
        services.members.add({"name": "Айпери", "role": "helper", "pin": "1357"}, owner.id)
        now = datetime.now(timezone.utc)
        for _ in range(5):
            with pytest.raises((WrongPinError, SignInLockedError)):
                services.signin.sign_in(owner.id, "0000", now)
    finally:
        store.close()
    return folder, owner.id


def test_the_owner_gets_a_new_pin_and_her_lock_out_ends(cli, family, monkeypatch):
    folder, owner_id = family
    monkeypatch.setattr("sys.stdin", io.StringIO("975310\n"))
    result = cli("owner-pin", "--data-dir", str(folder), "--pin-stdin")
    assert result.code == 0, result.err
    assert result.out.strip() == get_translator("ru")("guard.owner_pin.done", name="Гүлзат")
    store, services = _open(folder)
    try:
        session = services.signin.sign_in(owner_id, "975310", datetime.now(timezone.utc) + timedelta(seconds=1))
        assert session.member_id == owner_id
    finally:
        store.close()


@pytest.mark.parametrize("typed", ["12", "abcd", ""])
def test_a_bad_pin_is_refused_in_words_and_nothing_changes(cli, family, monkeypatch, typed):
    folder, owner_id = family
    monkeypatch.setattr("sys.stdin", io.StringIO(typed + "\n"))
    result = cli("owner-pin", "--data-dir", str(folder), "--pin-stdin", "--lang", "en")
    assert result.code == ExitCode.REFUSED and "Traceback" not in result.err and result.err.strip()
    store, services = _open(folder)
    try:
        with pytest.raises(SignInLockedError):  # still locked, old PIN kept
            services.signin.sign_in(owner_id, "4826", datetime.now(timezone.utc))
    finally:
        store.close()


def test_a_folder_without_data_is_not_created(cli, tmp_path, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("975310\n"))
    result = cli("owner-pin", "--data-dir", str(tmp_path / "nothing"), "--pin-stdin")
    assert result.code == ExitCode.REFUSED and not (tmp_path / "nothing").exists()
