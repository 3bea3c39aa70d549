"""The family members who use the app: first-run setup, adding members with a
PIN, resetting a PIN, deactivating (their history stays). Owner only, except that
a member may change their own PIN.

PINs are hashed here (pins.py) and only the hash is stored on the Member; the
history shows "pin" changed, never a value.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from ..domain.access import Action, pin_problems
from ..domain.models import BusinessProfile, Member, Role
from ..domain.problems import DomainError
from .access import sharing_on
from .context import Context, refuse
from .forms import read_member_form, read_profile_form
from .pins import hash_pin

PROFILE_ID = "profile"


class MemberService:
    def __init__(self, ctx: Context, sessions_ended: Callable[[str], None] | None = None) -> None:
        self._ctx = ctx
        self._sessions_ended = sessions_ended or (lambda member_id: None)

    # --- first run ---------------------------------------------------------
    def needs_setup(self) -> bool:
        """True until some member has a PIN (sharing needs `setup_business` first)."""
        return not sharing_on(self._ctx.store)

    def setup_business(self, business_name: str, owner_name: str, pin: str, language: str | None = None) -> Member:
        """First run: the business profile and its owner with a PIN. On an install
        that already has an owner without a PIN (before sharing), that owner gets
        the PIN and keeps their records. Refused once sharing is set up."""
        if not self.needs_setup():
            raise refuse("", "sharing.setup.done")
        problems = []
        try:
            fields = read_profile_form({"business_name": business_name, "owner_name": owner_name})
        except DomainError as error:
            problems += error.problems
        problems += pin_problems(pin)
        if language is not None and language not in ("ky", "ru", "en"):
            problems += refuse("language", "error.choice.invalid", text=str(language)[:40]).problems
        if problems:
            raise DomainError(problems)
        store = self._ctx.store
        owners = [m for m in store.members.all() if m.role is Role.OWNER and m.active]
        pin_hash = hash_pin(str(pin).strip())
        with self._ctx.write(owners[0].id if owners else None) as w:
            if owners:
                current = owners[0]
                owner = w.put(replace(current, name=fields["owner_name"], pin_hash=pin_hash,
                                      audit=self._ctx.changed(current.audit, current.id)), before=current)
            else:
                member_id = self._ctx.new_id()
                w.actor = member_id
                owner = w.put(Member(id=member_id, name=fields["owner_name"], role=Role.OWNER, pin_hash=pin_hash,
                                     audit=self._ctx.created(member_id)))
            profile = store.profiles.get(PROFILE_ID)
            base = profile or BusinessProfile(id=PROFILE_ID)
            audit = self._ctx.changed(base.audit, owner.id) if profile else self._ctx.created(owner.id)
            changed = replace(base, audit=audit, **fields, **({"language": language} if language else {}))
            w.put(changed, before=profile)
        return owner

    # --- members -----------------------------------------------------------
    def add(self, form: Mapping[str, Any], actor: str | None) -> Member:
        """A member: name, role (owner/helper), assignable, and a PIN (required once
        sharing is set up; 4-6 digits)."""
        self._ctx.allow(actor, Action.MEMBERS_MANAGE)
        problems = []
        try:
            fields = read_member_form(form)
        except DomainError as error:
            problems += error.problems
        pin = form.get("pin")
        has_pin = pin is not None and str(pin).strip() != ""
        if has_pin or sharing_on(self._ctx.store):
            problems += pin_problems(pin)
        if problems:
            raise DomainError(problems)
        member = Member(id=self._ctx.new_id(), audit=self._ctx.created(actor),
                        pin_hash=hash_pin(str(pin).strip()) if has_pin else None, **fields)
        with self._ctx.write(actor) as w:
            return w.put(member)

    def update(self, member_id: str, form: Mapping[str, Any], expected_version: int, actor: str | None) -> Member:
        """Rename a member, change their role, assignability or active flag (PIN kept)."""
        self._ctx.allow(actor, Action.MEMBERS_MANAGE)
        current = self._member(member_id)
        self._ctx.check_version(current, expected_version)
        fields = read_member_form(form, default_role=current.role)
        self._keep_an_owner(current, fields["role"], fields["active"])
        changed = replace(current, audit=self._ctx.changed(current.audit, actor), **fields)
        with self._ctx.write(actor) as w:
            saved = w.put(changed, expected_version=expected_version, before=current)
        if not saved.active:
            self._sessions_ended(saved.id)
        return saved

    def reset_pin(self, member_id: str, pin: str, actor: str | None, expected_version: int | None = None) -> Member:
        """A new PIN for a member (the owner, or the member themself); their other
        sessions end."""
        own = actor is not None and actor == member_id
        self._ctx.allow(actor, Action.OWN_PIN_CHANGE if own else Action.MEMBERS_MANAGE)
        current = self._member(member_id)
        self._ctx.check_version(current, expected_version)
        problems = pin_problems(pin)
        if problems:
            raise DomainError(problems)
        changed = replace(current, pin_hash=hash_pin(str(pin).strip()), audit=self._ctx.changed(current.audit, actor))
        with self._ctx.write(actor) as w:
            saved = w.put(changed, expected_version=expected_version, before=current)
        self._sessions_ended(member_id)
        return saved

    def deactivate(self, member_id: str, actor: str | None, expected_version: int | None = None) -> Member:
        """The member can no longer sign in; their records and history stay."""
        return self._set_active(member_id, False, actor, expected_version)

    def activate(self, member_id: str, actor: str | None, expected_version: int | None = None) -> Member:
        return self._set_active(member_id, True, actor, expected_version)

    # --- helpers -----------------------------------------------------------
    def _set_active(self, member_id: str, active: bool, actor: str | None, expected_version: int | None) -> Member:
        self._ctx.allow(actor, Action.MEMBERS_MANAGE)
        current = self._member(member_id)
        self._ctx.check_version(current, expected_version)
        self._keep_an_owner(current, current.role, active)
        changed = replace(current, active=active, audit=self._ctx.changed(current.audit, actor))
        with self._ctx.write(actor) as w:
            saved = w.put(changed, expected_version=expected_version, before=current)
        if not active:
            self._sessions_ended(member_id)
        return saved

    def _member(self, member_id: str) -> Member:
        return self._ctx.require(self._ctx.store.members, member_id)

    def _keep_an_owner(self, current: Member, role: Role, active: bool) -> None:
        owners = [m for m in self._ctx.store.members.all() if m.role is Role.OWNER and m.active]
        if current.role is Role.OWNER and [current] == owners and (role is not Role.OWNER or not active):
            raise refuse("role", "services.member.last_owner")
