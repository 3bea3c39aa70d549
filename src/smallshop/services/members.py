"""The family members who use the app: first-run setup, adding members with a
PIN, resetting a PIN, deactivating (their history stays). Owner only, except that
a member may change their own PIN.

The owner can never be locked out (issue 9): nobody gets a PIN before an owner
has one (the first PIN a family gives is the owner's own), the last active owner
who can sign in cannot be demoted or deactivated (members are never deleted),
and a forgotten owner PIN is set again by `recover_owner_pin`, which only the
`smallshop owner-pin` command on the PC calls.

PINs are hashed here (pins.py) and only the hash is stored on the Member; the
history shows "pin" changed, never a value.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from ..domain.access import Action, pin_problems
from ..domain.models import BusinessProfile, Member, Role
from ..domain.problems import DomainError, Problem
from ..i18n.languages import SUPPORTED
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

    def owner_can_sign_in(self) -> bool:
        """True when some active owner has a PIN (then PINs may be given to others)."""
        return any(m.role is Role.OWNER and m.active and m.pin_hash for m in self._ctx.store.members.all())

    def setup_business(self, business_name: str, owner_name: str, pin: str, language: str | None = None,
                       actor: str | None = None) -> Member:
        """First run: the business profile and its owner with a PIN. On an install
        that already has an owner without a PIN (before sharing), that owner (the
        acting one when `actor` is an owner) gets the PIN and keeps their records.
        Refused once sharing is set up."""
        if not self.needs_setup():
            raise refuse("", "sharing.setup.done")
        problems: list[Problem] = []
        try:
            fields = read_profile_form({"business_name": business_name, "owner_name": owner_name})
        except DomainError as error:
            problems += error.problems
        problems += pin_problems(pin)
        if language is not None and language not in SUPPORTED:
            problems += refuse("language", "error.choice.invalid", text=str(language)[:40]).problems
        if problems:
            raise DomainError(problems)
        store = self._ctx.store
        owners = self._owners_first(actor)
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
            named: dict[str, Any] = {"business_name": fields["business_name"], "owner_name": fields["owner_name"]}  # keep the rest
            if language:
                named["language"] = language
            changed = replace(base, audit=audit, **named)
            w.put(changed, before=profile)
        return owner

    # --- members -----------------------------------------------------------
    def add(self, form: Mapping[str, Any], actor: str | None) -> Member:
        """A member: name, role (owner/helper), assignable, and a PIN (required once
        sharing is set up; 4-6 digits)."""
        self._ctx.allow(actor, Action.MEMBERS_MANAGE)
        problems: list[Problem] = []
        try:
            fields = read_member_form(form)
        except DomainError as error:
            problems += error.problems
        pin = form.get("pin")
        has_pin = pin is not None and str(pin).strip() != ""
        if has_pin or sharing_on(self._ctx.store):
            problems += pin_problems(pin)
        if has_pin and not self.owner_can_sign_in():
            problems += refuse("pin", "guard.owner_pin_first").problems
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

    def set_role(self, member_id: str, role: Any, actor: str | None, expected_version: int | None = None) -> Member:
        """Make a member an owner or a helper (owner only). The last active owner, or
        the last one who can sign in, cannot become a helper (her PIN, records and
        history stay as they are)."""
        self._ctx.allow(actor, Action.MEMBERS_MANAGE)
        current = self._member(member_id)
        self._ctx.check_version(current, expected_version)
        try:
            wanted = role if isinstance(role, Role) else Role(str(role))
        except ValueError:
            raise refuse("role", "error.choice.invalid", text=str(role)[:40]) from None
        if wanted is current.role:
            return current
        self._keep_an_owner(current, wanted, current.active)
        changed = replace(current, role=wanted, audit=self._ctx.changed(current.audit, actor))
        with self._ctx.write(actor) as w:
            return w.put(changed, expected_version=expected_version, before=current)

    def reset_pin(self, member_id: str, pin: str, actor: str | None, expected_version: int | None = None) -> Member:
        """A new PIN for a member (the owner, or the member themself); their other
        sessions end."""
        own = actor is not None and actor == member_id
        self._ctx.allow(actor, Action.OWN_PIN_CHANGE if own else Action.MEMBERS_MANAGE)
        current = self._member(member_id)
        self._ctx.check_version(current, expected_version)
        problems = pin_problems(pin)
        if not (current.role is Role.OWNER and current.active) and not self.owner_can_sign_in():
            problems += refuse("pin", "guard.owner_pin_first").problems
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

    def recover_owner_pin(self, pin: str, name: str | None = None) -> Member:
        """A new PIN for the owner, for `smallshop owner-pin` on the PC that holds
        the data (having the computer is the proof; no UI or network path calls
        this). `name` picks one of several owners, or names the owner created when
        there is none (an install where a helper got the first PIN). The owner is
        made active again; the history shows the PIN change by "this PC"."""
        problems = pin_problems(pin)
        if problems:
            raise DomainError(problems)
        wanted = (name or "").strip().casefold()
        owners = [m for m in self._ctx.store.members.all() if m.role is Role.OWNER]
        if wanted:
            owners = [m for m in owners if m.name.strip().casefold() == wanted]
        active = [m for m in owners if m.active]
        chosen = (active or owners)
        if len(chosen) > 1:
            raise refuse("name", "guard.owner_pin.which", names=", ".join(sorted(m.name for m in chosen)))
        pin_hash = hash_pin(str(pin).strip())
        with self._ctx.write(None) as w:
            if chosen:
                current = chosen[0]
                changed = replace(current, pin_hash=pin_hash, active=True, audit=self._ctx.changed(current.audit, None))
                saved = w.put(changed, before=current)
            else:
                profile = self._ctx.store.profiles.get(PROFILE_ID)
                owner_name = (name or "").strip() or (profile.owner_name if profile else "")
                if not owner_name:
                    raise refuse("name", "guard.owner_pin.name_needed")
                saved = w.put(Member(id=self._ctx.new_id(), name=owner_name, role=Role.OWNER, pin_hash=pin_hash,
                                     audit=self._ctx.created(None)))
        self._sessions_ended(saved.id)
        return saved

    def _owners_first(self, actor: str | None) -> list[Member]:
        """Active owners, the acting one first, then the oldest."""
        owners = [m for m in self._ctx.store.members.all() if m.role is Role.OWNER and m.active]
        return sorted(owners, key=lambda m: (m.id != actor, str(m.audit.created_at or ""), m.id))

    def _keep_an_owner(self, current: Member, role: Role, active: bool) -> None:
        """Refuse a change that leaves no active owner, or (once an owner has a PIN)
        no active owner who can sign in."""
        if current.role is not Role.OWNER or (role is Role.OWNER and active):
            return
        others = [m for m in self._ctx.store.members.all()
                  if m.id != current.id and m.role is Role.OWNER and m.active]
        if not others:
            raise refuse("role", "services.member.last_owner")
        if current.pin_hash and not any(m.pin_hash for m in others):
            raise refuse("role", "guard.last_owner_with_pin")
