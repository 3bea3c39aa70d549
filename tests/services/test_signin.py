"""First-run setup, members with PINs, PIN hashing, the wrong-PIN limit and sessions."""

from __future__ import annotations

import json
import re
import zipfile
from datetime import timedelta

import pytest

from smallshop.domain.models import Role
from smallshop.domain.period import Month
from smallshop.domain.problems import DomainError
from smallshop.i18n import get_translator
from smallshop.reports import render_report
from smallshop.services.pins import hash_pin, verify_pin
from smallshop.services.signin import (
    NoPinError,
    PinLimiter,
    SessionExpiredError,
    SignInLockedError,
    WrongPinError,
)

from .conftest import TODAY

OWNER_PIN = "482913"
HELPER_PIN = "735108"


@pytest.fixture
def family(services):
    """A business set up on first run, with a helper added by the owner."""
    owner = services.members.setup_business("Гүлзат тигүү цехи", "Гүлзат Ташиева", OWNER_PIN, language="ky")
    helper = services.members.add({"name": "Айпери", "role": "helper", "pin": HELPER_PIN}, owner.id)
    return owner, helper


def _pin_on(text: str, pin: str) -> bool:
    """The PIN as a number on its own (not inside a hex hash)."""
    return re.search(rf"(?<![0-9a-fA-F]){pin}(?![0-9a-fA-F])", text) is not None


def test_setup_creates_the_profile_and_the_owner_once(services, clock):
    assert services.members.needs_setup()
    with pytest.raises(DomainError) as caught:
        services.members.setup_business("", "Гүлзат", "12")
    assert {(p.field, p.key) for p in caught.value.problems} == {
        ("business_name", "error.name.required"), ("pin", "sharing.pin.invalid")}
    assert len(services.store.members) == 0 and len(services.store.profiles) == 0
    owner = services.members.setup_business("Цех", "Гүлзат", "1234")
    assert owner.role is Role.OWNER and owner.pin_hash.startswith("scrypt$")
    assert services.settings.profile().business_name == "Цех" and not services.members.needs_setup()
    assert services.signin.sign_in(owner.id, "1234", clock()).role is Role.OWNER
    with pytest.raises(DomainError) as again:
        services.members.setup_business("Цех 2", "Башка", "9999")
    assert again.value.problems[0].key == "sharing.setup.done"


def test_setup_on_an_install_with_an_owner_gives_that_owner_the_pin(services, owner, customer, clock):
    member = services.members.setup_business("Цех", "Гүлзат Ташиева", "2580")
    assert member.id == owner.id and len(services.store.members) == 1
    assert services.signin.sign_in(owner.id, "2580", clock()).member_id == owner.id


def test_pins_are_4_to_6_digits(services, family):
    owner, _ = family
    for bad in ("123", "1234567", "12a4", "١٢٣٤", ""):
        with pytest.raises(DomainError) as caught:
            services.members.add({"name": "Нурай", "pin": bad}, owner.id)
        assert caught.value.problems[0].field == "pin"
    assert services.members.add({"name": "Нурай", "pin": " 0042 "}, owner.id).pin_hash


def test_hash_is_salted_slow_and_checked(services):
    first, second = hash_pin("1234"), hash_pin("1234")
    assert first != second and first.split("$")[:4] == ["scrypt", "16384", "8", "1"]
    assert verify_pin("1234", first) and verify_pin("1234", second)
    assert not verify_pin("1235", first) and not verify_pin("1234", "scrypt$1$1$1$zz$zz") and not verify_pin("1234", None)


def test_no_pin_in_plain_text_on_disk_nor_any_hash_in_reports_or_backup_manifests(services, family, data_dir, clock):
    owner, helper = family
    services.members.reset_pin(helper.id, "906431", owner.id)
    services.backups.backup_now(owner.id)
    name, backup = services.backups.backup_bytes(owner.id)
    for path in data_dir.rglob("*"):
        if path.is_file() and path.suffix in (".json", ".log", ".zip"):
            text = path.read_bytes().decode("utf-8", "replace")
            for pin in (OWNER_PIN, HELPER_PIN, "906431"):
                assert not _pin_on(text, pin), (path, pin)
    hashes = [m.pin_hash for m in services.store.members.all()]
    assert all(h and h.startswith("scrypt$") for h in hashes)
    with zipfile.ZipFile(__import__("io").BytesIO(backup)) as zf:
        manifest = zf.read("manifest.json").decode()
    summary = services.reporting.month_summary(Month.of(TODAY))
    profile = services.settings.profile()
    exports = [render_report(summary, profile, fmt=fmt, lang="ky", generated_on=TODAY, prepared_by=owner.name)
               for fmt in ("json", "csv")]
    history = json.dumps([[c.old, c.new] for e in services.store.history.all() for c in e.changes])
    for text in [manifest, history] + [e.decode("utf-8") for e in exports]:
        for secret in hashes + ["scrypt$"]:
            assert secret not in text
    pin_changes = [c for e in services.history.history_of("member", helper.id) for c in e.changes]
    assert [(c.field, c.old, c.new) for c in pin_changes] == [("pin", "", "")]


def test_sign_in_right_and_wrong(services, family, clock):
    owner, helper = family
    session = services.signin.sign_in(helper.id, HELPER_PIN, clock())
    assert (session.member_id, session.role, session.name) == (helper.id, Role.HELPER, "Айпери")
    assert session.started_at == session.last_seen == clock() and session.token
    with pytest.raises(WrongPinError) as caught:
        services.signin.sign_in(helper.id, "000000", clock())
    assert caught.value.params["tries_left"] == 4
    assert "4" in get_translator("ru").error(caught.value)
    assert [m.name for m in services.signin.members()] == ["Гүлзат Ташиева", "Айпери"]


def test_a_member_without_a_pin_cannot_sign_in(services, family, clock):
    owner, _ = family
    assignable_only = services.settings.add_member({"name": "Чоң эне", "pin": "1111"}, owner.id)
    services.store.put(__import__("dataclasses").replace(assignable_only, pin_hash=None))
    with pytest.raises(NoPinError):
        services.signin.sign_in(assignable_only.id, "1111", clock())


def test_five_wrong_pins_lock_out_with_a_growing_wait(services, family, clock):
    _, helper = family
    now = clock()
    for left in (4, 3, 2, 1):
        with pytest.raises(WrongPinError) as caught:
            services.signin.sign_in(helper.id, "111111", now)
        assert caught.value.params["tries_left"] == left
    with pytest.raises(SignInLockedError) as locked:
        services.signin.sign_in(helper.id, "111111", now)
    assert locked.value.seconds == 30
    # while locked even the right PIN is refused, and the message counts down
    with pytest.raises(SignInLockedError) as still:
        services.signin.sign_in(helper.id, HELPER_PIN, now + timedelta(seconds=20))
    assert still.value.seconds == 10
    assert get_translator("ky").error(still.value) == get_translator("ky")(
        "sharing.signin.locked_seconds", seconds=10)
    assert "10" in get_translator("ky").error(still.value)
    # after the wait, one more wrong PIN locks for twice as long, then 2 min, 4 min...
    later = now + timedelta(seconds=31)
    waits = []
    for _ in range(4):
        with pytest.raises(SignInLockedError) as again:
            services.signin.sign_in(helper.id, "111111", later)
        waits.append(again.value.seconds)
        later += timedelta(seconds=again.value.seconds + 1)
    assert waits == [60, 120, 240, 480]
    assert "мин" in get_translator("ru").error(again.value) and "8" in get_translator("ru").error(again.value)
    # the right PIN after the wait signs in and forgets the count
    session = services.signin.sign_in(helper.id, HELPER_PIN, later)
    assert session.member_id == helper.id
    with pytest.raises(WrongPinError) as fresh:
        services.signin.sign_in(helper.id, "111111", later)
    assert fresh.value.params["tries_left"] == 4


def test_the_lock_out_is_per_member_and_capped(services, family, clock):
    owner, helper = family
    limiter = PinLimiter(max_tries=1, first_wait=timedelta(seconds=30), max_wait=timedelta(minutes=15))
    now = clock()
    for expected in (30, 60, 120, 240, 480, 900, 900):
        with pytest.raises(SignInLockedError) as caught:
            limiter.failed("x", now)
        assert caught.value.seconds == expected
        now += timedelta(seconds=expected)
    limiter.check("y", clock())  # another member is not locked
    with pytest.raises(WrongPinError):  # the owner is not locked by the helper's mistakes
        for _ in range(5):
            services.signin.sign_in(helper.id, "0", clock())
    assert services.signin.sign_in(owner.id, OWNER_PIN, clock()).member_id == owner.id


def test_sessions_expire_after_inactivity_and_on_sign_out(services, family, clock):
    owner, helper = family
    start = clock()
    session = services.signin.sign_in(helper.id, HELPER_PIN, start)
    assert services.signin.actor(session, start + timedelta(hours=1)) == helper.id
    seen = services.signin.touch(session, start + timedelta(hours=3))
    assert seen.last_seen == start + timedelta(hours=3)
    # still alive 3h59 after the last touch, though 6h59 after sign-in
    assert services.signin.touch(session, start + timedelta(hours=6, minutes=59)).member_id == helper.id
    assert not services.signin.is_valid(session, start + timedelta(hours=11))
    with pytest.raises(SessionExpiredError):
        services.signin.touch(session, start + timedelta(hours=11))
    with pytest.raises(SessionExpiredError):  # expired stays expired
        services.signin.touch(session, start + timedelta(hours=7))
    with pytest.raises(SessionExpiredError):
        services.signin.actor(session, start + timedelta(hours=7))
    other = services.signin.sign_in(owner.id, OWNER_PIN, start)
    services.signin.sign_out(other)
    with pytest.raises(SessionExpiredError) as caught:
        services.signin.touch(other, start)
    assert get_translator("en").error(caught.value) == "You were signed out. Please sign in again."


def test_timeout_is_configurable(data_dir, clock):
    from smallshop.services import Services
    from smallshop.storage.tinydb_store import open_store

    services = Services(open_store(data_dir, clock=clock, backups=False), clock=clock,
                        session_timeout=timedelta(minutes=10))
    try:
        owner = services.members.setup_business("Цех", "Гүлзат", "1234")
        session = services.signin.sign_in(owner.id, "1234", clock())
        with pytest.raises(SessionExpiredError):
            services.signin.touch(session, clock() + timedelta(minutes=11))
    finally:
        services.close()


def test_deactivating_or_resetting_ends_sessions_and_role_changes_are_seen(services, family, clock):
    owner, helper = family
    now = clock()
    session = services.signin.sign_in(helper.id, HELPER_PIN, now)
    current = services.settings.member(helper.id)
    services.settings.update_member(helper.id, {"name": "Айпери", "role": "owner"}, current.audit.version, owner.id)
    assert services.signin.touch(session, now).role is Role.OWNER
    services.members.deactivate(helper.id, owner.id)
    with pytest.raises(SessionExpiredError):
        services.signin.touch(session, now)
    kept = services.settings.member(helper.id)  # the record and its history stay
    assert not kept.active and services.history.history_of("member", helper.id)
    services.members.activate(helper.id, owner.id)
    again = services.signin.sign_in(helper.id, HELPER_PIN, now)
    services.members.reset_pin(helper.id, "5555", owner.id)
    with pytest.raises(SessionExpiredError):
        services.signin.touch(again, now)
    with pytest.raises(WrongPinError):
        services.signin.sign_in(helper.id, HELPER_PIN, now)
    assert services.signin.sign_in(helper.id, "5555", now).member_id == helper.id


def test_a_helper_may_change_only_their_own_pin(services, family):
    owner, helper = family
    services.members.reset_pin(helper.id, "8642", helper.id)
    from smallshop.services.access import NotAllowedError

    with pytest.raises(NotAllowedError):
        services.members.reset_pin(owner.id, "8642", helper.id)


def test_the_last_owner_cannot_be_deactivated(services, family):
    owner, _ = family
    with pytest.raises(DomainError) as caught:
        services.members.deactivate(owner.id, owner.id)
    assert caught.value.problems[0].key == "services.member.last_owner"


def test_a_member_printed_in_a_log_does_not_show_the_hash(services, family):
    owner, _ = family
    assert "scrypt" not in repr(owner) and owner.pin_hash.startswith("scrypt$")
