"""Issue 9: the owner can never be locked out, and sign-in state survives a restart.

Each test is an attempt a family (or a neighbour) made that used to end with the
owner outside her own business: a helper's PIN first, demoting the last owner
who can sign in, switching sharing on without a PIN, restarting to reset the
wrong-PIN lock-out.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from smallshop.domain.models import Role
from smallshop.domain.problems import DomainError
from smallshop.services import Services
from smallshop.services.access import NotAllowedError
from smallshop.services.signin import SessionExpiredError, SignInLockedError, WrongPinError
from smallshop.services.signin_state import MemoryKeeper
from smallshop.storage.state_file import JsonStateFile
from smallshop.storage.tinydb_store import open_store

from .conftest import count_all

OWNER_PIN = "482913"
HELPER_PIN = "735108"


def _keys(error: DomainError) -> set[str]:
    return {p.key for p in error.problems}


def test_a_helper_cannot_get_the_first_pin(services, owner):
    """The reproduction of issue 9 (1): the daughter added with a PIN before the owner has one."""
    before = count_all(services)
    with pytest.raises(DomainError) as refused:
        services.members.add({"name": "Айпери", "role": "helper", "pin": HELPER_PIN}, owner.id)
    assert "guard.owner_pin_first" in _keys(refused.value)
    assert count_all(services) == before
    assert services.members.needs_setup()  # sharing did not switch on: nobody has to sign in


def test_nobody_gets_a_pin_on_an_install_with_no_owner_yet(services):
    """"Start my own business" and add the daughter first: no member is an owner yet."""
    with pytest.raises(DomainError) as refused:
        services.members.add({"name": "Айпери", "role": "helper", "pin": HELPER_PIN}, None)
    assert "guard.owner_pin_first" in _keys(refused.value)
    with pytest.raises(DomainError):  # a second owner with a PIN is not "the owner's own PIN" either
        services.members.add({"name": "Эже", "role": "owner", "pin": HELPER_PIN}, None)
    assert len(services.store.members) == 0


def test_a_helper_without_a_pin_cannot_be_given_one_before_the_owner(services, owner):
    helper = services.members.add({"name": "Айпери", "role": "helper"}, owner.id)
    with pytest.raises(DomainError) as refused:
        services.members.reset_pin(helper.id, HELPER_PIN, owner.id)
    assert "guard.owner_pin_first" in _keys(refused.value)
    assert services.settings.member(helper.id).pin_hash is None


def test_owner_pin_first_then_the_helper(services, owner):
    """The flow the UI offers: the owner's own PIN (setup), then the daughter's."""
    set_up = services.members.setup_business("Цех", owner.name, OWNER_PIN, actor=owner.id)
    assert set_up.id == owner.id
    helper = services.members.add({"name": "Айпери", "role": "helper", "pin": HELPER_PIN}, owner.id)
    names = [m.name for m in services.signin.members()]
    assert names == [owner.name, helper.name]  # the owner can sign in, first in the list


def test_setup_gives_the_pin_to_the_acting_owner(services):
    first = services.members.add({"name": "Апа", "role": "owner"}, None)
    second = services.members.add({"name": "Гүлзат", "role": "owner"}, None)
    owner = services.members.setup_business("Цех", "Гүлзат", OWNER_PIN, actor=second.id)
    assert owner.id == second.id
    assert services.settings.member(first.id).pin_hash is None


@pytest.mark.parametrize("change", ["demote", "deactivate"])
def test_the_last_owner_who_can_sign_in_stays(services, change):
    owner = services.members.setup_business("Цех", "Гүлзат", OWNER_PIN)
    # another owner who has no PIN cannot sign in: she does not count
    other = services.members.add({"name": "Апа", "role": "owner", "pin": "1111"}, owner.id)
    services.members.update(other.id, {"name": "Апа", "role": "owner", "active": False},
                            services.settings.member(other.id).audit.version, owner.id)
    nopin = services.members.add({"name": "Эже", "role": "owner", "pin": "2222"}, owner.id)
    # an active owner without a PIN (an older install's): the services never remove a PIN
    from dataclasses import replace

    with services.store.transaction() as tx:
        tx.put(replace(services.settings.member(nopin.id), pin_hash=None))
    current = services.settings.member(owner.id)
    with pytest.raises(DomainError) as refused:
        if change == "demote":
            services.members.update(owner.id, {"name": owner.name, "role": "helper"}, current.audit.version, owner.id)
        else:
            services.members.deactivate(owner.id, owner.id, current.audit.version)
    assert "guard.last_owner_with_pin" in _keys(refused.value)
    stored = services.settings.member(owner.id)
    assert stored.role is Role.OWNER and stored.active


def test_the_only_owner_cannot_demote_herself(services):
    owner = services.members.setup_business("Цех", "Гүлзат", OWNER_PIN)
    with pytest.raises(DomainError) as refused:
        services.members.update(owner.id, {"name": owner.name, "role": "helper"}, owner.audit.version, owner.id)
    assert "services.member.last_owner" in _keys(refused.value)


def test_the_sharing_switch_is_owner_only_and_needs_her_pin(services, owner):
    switched: list[bool] = []
    services.settings._sharing_switch = switched.append  # what app.py wires
    with pytest.raises(DomainError) as refused:
        services.settings.set_sharing(True, owner.id)
    assert "guard.share.owner_pin_first" in _keys(refused.value)
    services.members.setup_business("Цех", owner.name, OWNER_PIN, actor=owner.id)
    helper = services.members.add({"name": "Айпери", "role": "helper", "pin": HELPER_PIN}, owner.id)
    with pytest.raises(NotAllowedError):
        services.settings.set_sharing(False, helper.id)
    assert switched == []
    services.settings.set_sharing(True, owner.id)
    assert switched == [True]


def test_owner_pin_recovery_from_the_broken_install(services, owner):
    """An install broken by the old bug: the helper has a PIN, the owner has none."""
    from dataclasses import replace

    from smallshop.services.pins import hash_pin

    helper = services.members.add({"name": "Айпери", "role": "helper"}, owner.id)
    with services.store.transaction() as tx:
        tx.put(replace(services.settings.member(helper.id), pin_hash=hash_pin(HELPER_PIN)))
    assert [m.name for m in services.signin.members()] == ["Айпери"]
    recovered = services.members.recover_owner_pin(OWNER_PIN)
    assert recovered.id == owner.id
    session = services.signin.sign_in(owner.id, OWNER_PIN, services.context.now())
    assert session.role is Role.OWNER


def test_owner_pin_recovery_makes_an_owner_when_there_is_none(services):
    services.settings.update_profile({"business_name": "Цех", "owner_name": "Гүлзат"}, None)
    with pytest.raises(DomainError) as refused:
        services.members.recover_owner_pin("12")
    assert "sharing.pin.invalid" in _keys(refused.value)
    owner = services.members.recover_owner_pin(OWNER_PIN)
    assert (owner.name, owner.role) == ("Гүлзат", Role.OWNER)


def test_owner_pin_recovery_asks_which_of_several_owners(services):
    services.members.add({"name": "Апа", "role": "owner"}, None)
    services.members.add({"name": "Гүлзат", "role": "owner"}, None)
    with pytest.raises(DomainError) as refused:
        services.members.recover_owner_pin(OWNER_PIN)
    assert "guard.owner_pin.which" in _keys(refused.value)
    chosen = services.members.recover_owner_pin(OWNER_PIN, name="гүлзат")
    assert chosen.name == "Гүлзат" and chosen.pin_hash


def _restart(data_dir, clock, keeper):
    store = open_store(data_dir, clock=clock, backups=False)
    return Services(store, clock=clock, signin_keeper=keeper)


@pytest.mark.parametrize("kind", ["memory", "file"])
def test_a_restart_does_not_reset_a_lock_out(tmp_path, clock, kind):
    data_dir = tmp_path / "data"
    keeper = MemoryKeeper() if kind == "memory" else JsonStateFile(data_dir / "signin-state.json")
    first = _restart(data_dir, clock, keeper)
    owner = first.members.setup_business("Цех", "Гүлзат", OWNER_PIN)
    for _ in range(4):
        with pytest.raises(WrongPinError):
            first.signin.sign_in(owner.id, "000000", clock())
    with pytest.raises(SignInLockedError):
        first.signin.sign_in(owner.id, "000000", clock())
    first.close()
    second = _restart(data_dir, clock, keeper)
    try:
        with pytest.raises(SignInLockedError):  # even the right PIN waits
            second.signin.sign_in(owner.id, OWNER_PIN, clock())
        clock.moment += timedelta(seconds=31)
        with pytest.raises(SignInLockedError):  # the next wrong one doubles the wait
            second.signin.sign_in(owner.id, "000000", clock())
        clock.moment += timedelta(seconds=61)
        assert second.signin.sign_in(owner.id, OWNER_PIN, clock()).member_id == owner.id
    finally:
        second.close()


def test_a_revocation_is_kept_in_the_data_folder(tmp_path, clock):
    data_dir = tmp_path / "data"
    keeper = JsonStateFile(data_dir / "signin-state.json")
    services = _restart(data_dir, clock, keeper)
    try:
        owner = services.members.setup_business("Цех", "Гүлзат", OWNER_PIN)
        helper = services.members.add({"name": "Айпери", "role": "helper", "pin": HELPER_PIN}, owner.id)
        session = services.signin.sign_in(helper.id, HELPER_PIN, clock())
        clock.moment += timedelta(seconds=1)
        services.members.reset_pin(helper.id, "111111", owner.id)
        with pytest.raises(SessionExpiredError):
            services.signin.touch(session, clock())
        assert helper.id in keeper.load()["revoked"]
    finally:
        services.close()


def test_a_damaged_state_file_keeps_nobody_out(tmp_path, clock):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "signin-state.json").write_bytes(b"\x00garbage")
    services = _restart(data_dir, clock, JsonStateFile(data_dir / "signin-state.json"))
    try:
        owner = services.members.setup_business("Цех", "Гүлзат", OWNER_PIN)
        assert services.signin.sign_in(owner.id, OWNER_PIN, clock()).member_id == owner.id
    finally:
        services.close()


def test_setting_up_the_owner_pin_later_keeps_the_rest_of_the_profile(services, owner):
    services.settings.update_profile({"business_name": "Цех", "owner_name": owner.name, "location": "Кара-Дарыя",
                                      "caseworker_name": "Айнура", "case_id": "JA-17"}, owner.id)
    services.members.setup_business("Гүлзат тигүү цехи", owner.name, OWNER_PIN, actor=owner.id)
    profile = services.settings.profile()
    assert (profile.business_name, profile.location, profile.caseworker_name, profile.case_id) == (
        "Гүлзат тигүү цехи", "Кара-Дарыя", "Айнура", "JA-17")


def test_the_owner_changes_a_members_role_and_the_last_owner_stays(services):
    """The members screen's "Make owner" / "Make helper" (services.members.set_role):
    owner only, recorded in the history, and never the last owner who can sign in."""
    owner = services.members.setup_business("Цех", "Гүлзат", OWNER_PIN)
    helper = services.members.add({"name": "Айпери", "role": "helper", "pin": HELPER_PIN}, owner.id)
    with pytest.raises(NotAllowedError):  # a helper cannot make herself (or anyone) an owner
        services.members.set_role(helper.id, "owner", helper.id)
    assert services.settings.member(helper.id).role is Role.HELPER
    promoted = services.members.set_role(helper.id, Role.OWNER, owner.id, helper.audit.version)
    assert promoted.role is Role.OWNER and promoted.pin_hash == helper.pin_hash
    # two owners with a PIN: either may become a helper, not both
    demoted = services.members.set_role(owner.id, "helper", helper.id)
    assert demoted.role is Role.HELPER
    with pytest.raises(DomainError) as refused:
        services.members.set_role(helper.id, "helper", helper.id)
    assert "services.member.last_owner" in _keys(refused.value)
    with pytest.raises(DomainError):
        services.members.set_role(owner.id, "boss", helper.id)
    assert services.settings.member(helper.id).role is Role.OWNER
    from smallshop.services.access import EditConflictError

    with pytest.raises(EditConflictError):  # a stale version: someone changed her meanwhile
        services.members.set_role(owner.id, "owner", helper.id, expected_version=owner.audit.version)


def test_the_last_owner_who_can_sign_in_cannot_become_a_helper(services):
    owner = services.members.setup_business("Цех", "Гүлзат", OWNER_PIN)
    other = services.members.add({"name": "Апа", "role": "owner", "pin": "1111"}, owner.id)
    from dataclasses import replace

    with services.store.transaction() as tx:  # an older install's owner without a PIN: cannot sign in
        tx.put(replace(services.settings.member(other.id), pin_hash=None))
    with pytest.raises(DomainError) as refused:
        services.members.set_role(owner.id, "helper", owner.id)
    assert "guard.last_owner_with_pin" in _keys(refused.value)
    assert services.members.set_role(other.id, "helper", owner.id).role is Role.HELPER
