"""Roles enforced where the work is done: every mutating operation names its
action, and the actor (a member id) is checked against domain.access before
anything is read from the form or written.

The errors here carry a translation `key` (locales/*/sharing.json) and params,
like the storage errors, so `t.error(exc)` shows them in the user's language.

Before sharing is set up (no member has a PIN) a missing or unknown actor is the
local owner at the PC and may do everything, as before issue 5; a known member's
role is enforced from the start.
"""

from __future__ import annotations

from typing import Any

from ..domain.access import Action, can
from ..domain.models import Member
from ..storage.interfaces import ConflictError, Store


class SharingError(Exception):
    """Base of the sign-in and permission errors (translated by key, like the
    storage errors, but not one of them: a refusal is not a storage failure)."""

    key = "sharing.error"

    def __init__(self, message: str = "", **params: Any) -> None:
        super().__init__(message or self.key)
        self.params = params


class NotAllowedError(SharingError):
    """The member's role does not allow this action; nothing was changed."""

    key = "sharing.not_allowed"  # params: action, role


class SignInRequiredError(SharingError):
    key = "sharing.sign_in_required"  # params: action


class UnknownMemberError(SharingError):
    key = "sharing.member.unknown"  # params: member_id


class MemberInactiveError(SharingError):
    key = "sharing.member.inactive"  # params: name


class EditConflictError(ConflictError):
    """A ConflictError that names the member who saved in between."""

    key = "sharing.conflict"  # params: record_id, updated_by, updated_by_name, updated_at


def sharing_on(store: Store) -> bool:
    """True once any active member has a PIN: from then on every write needs a signed-in actor."""
    return any(m.pin_hash and m.active for m in store.members.all())


def allow(store: Store, actor: str | None, action: Action) -> Member | None:
    """The acting member after checking `action` is allowed (None = the local owner
    of an install without sharing). Raises a SharingError and changes nothing."""
    if actor is None:
        if sharing_on(store):
            raise SignInRequiredError(action=str(action))
        return None
    member = store.members.get(actor)
    if member is None:
        if not sharing_on(store):
            return None  # no sign-in set up yet: the single-user install of before
        raise UnknownMemberError(f"unknown member {actor}", member_id=actor)
    if not member.active:
        raise MemberInactiveError(f"{member.name} is deactivated", name=member.name)
    if not can(member.role, action):
        raise NotAllowedError(f"{member.role} may not {action}", action=str(action), role=str(member.role))
    return member


def named_conflict(store: Store, error: ConflictError, local: Any) -> EditConflictError:
    """The conflict with the name of who saved in between, and when (local time)."""
    if isinstance(error, EditConflictError):
        return error
    params = dict(error.params)
    by = params.get("updated_by") or None
    member = store.members.get(by) if by else None
    profile = store.profiles.get("profile")
    name = member.name if member else ((profile.owner_name if profile else "") or "—")
    when = params.get("updated_at")
    if when is not None and not isinstance(when, str):
        when = local(when).strftime("%Y-%m-%d %H:%M")
    return EditConflictError(
        str(error),
        record_id=params.get("record_id", ""),
        updated_by=by or "",
        updated_by_name=name,
        updated_at=when or "",
    )
