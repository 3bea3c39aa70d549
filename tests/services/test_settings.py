"""Business profile, language and family members through the service."""

from __future__ import annotations

import pytest

from smallshop.domain.models import Role
from smallshop.domain.problems import DomainError
from smallshop.storage.interfaces import ConflictError


def test_profile_starts_blank_in_kyrgyz_and_saves(services, owner):
    assert services.settings.profile().business_name == "" and services.settings.language() == "ky"
    saved = services.settings.update_profile(
        {"business_name": "Гүлзат тигүү цехи", "owner_name": "Гүлзат", "case_id": "JA-1"}, owner.id)
    assert saved.audit.version == 1 and services.settings.profile().case_id == "JA-1"
    with pytest.raises(DomainError) as caught:
        services.settings.update_profile({"business_name": "", "owner_name": ""}, owner.id)
    assert {p.field for p in caught.value.problems} == {"business_name", "owner_name"}
    with pytest.raises(ConflictError):
        services.settings.update_profile({"business_name": "X", "owner_name": "Y"}, owner.id, expected_version=0)


def test_language_is_remembered_and_checked(services):
    services.settings.set_language("ru")
    assert services.settings.language() == "ru"
    with pytest.raises(DomainError):
        services.settings.set_language("fr")
    assert services.settings.language() == "ru"


def test_members_owner_first_and_the_last_owner_stays(services, owner):
    daughter = services.settings.add_member({"name": "Айпери", "assignable": "yes"}, owner.id)
    assert daughter.role is Role.HELPER and daughter.assignable
    assert [m.name for m in services.settings.members()] == ["Гүлзат Ташиева", "Айпери"]
    with pytest.raises(DomainError) as caught:
        services.settings.update_member(owner.id, {"name": "Гүлзат", "role": "helper"}, owner.audit.version, owner.id)
    assert caught.value.problems[0].key == "services.member.last_owner"
    gone = services.settings.update_member(daughter.id, {"name": "Айпери", "active": "false"},
                                           daughter.audit.version, owner.id)
    assert not gone.active
    assert [m.name for m in services.settings.assignable_members()] == ["Гүлзат Ташиева"]
