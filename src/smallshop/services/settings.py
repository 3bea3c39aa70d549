"""The business profile (for the report header), the language, and the family
members who use the app and can be assigned orders.

One profile per data folder, stored with the fixed id "profile"; until someone
saves it, a blank profile in Kyrgyz is returned.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any, Callable

from ..domain.access import Action
from ..domain.models import BusinessProfile, Member, Role
from ..i18n.languages import SUPPORTED
from .context import Context, refuse
from .forms import read_profile_form
from .members import MemberService

LANGUAGES = SUPPORTED  # the one list, i18n.languages
PROFILE_ID = "profile"


class SettingsService:
    def __init__(self, ctx: Context, members: MemberService | None = None,
                 sharing_switch: Callable[[bool], None] | None = None) -> None:
        self._ctx = ctx
        self._members = members or MemberService(ctx)
        self._sharing_switch = sharing_switch or (lambda on: None)

    # --- sharing on the home network -------------------------------------------
    def set_sharing(self, on: bool, actor: str | None) -> None:
        """The Settings switch "open on the home network". Owner only; switching it
        on needs an owner who can sign in (her PIN first), so opening the app to
        phones can never lock her out."""
        self._ctx.allow(actor, Action.SHARING_SET)
        if on and not self._members.owner_can_sign_in():
            raise refuse("share", "guard.share.owner_pin_first")
        self._sharing_switch(bool(on))

    # --- profile -------------------------------------------------------------
    def profile(self) -> BusinessProfile:
        return self._ctx.store.profiles.get(PROFILE_ID) or BusinessProfile(id=PROFILE_ID)

    def update_profile(
        self, form: Mapping[str, Any], actor: str | None, expected_version: int | None = None
    ) -> BusinessProfile:
        """Business name, owner, location, caseworker and case id (the language stays). Owner only."""
        self._ctx.allow(actor, Action.PROFILE_EDIT)
        current = self.profile()
        self._ctx.check_version(current, expected_version)
        fields = read_profile_form(form)
        audit = self._ctx.changed(current.audit, actor) if current.audit.version else self._ctx.created(actor)
        changed = replace(current, audit=audit, **fields)
        with self._ctx.write(actor) as w:
            return w.put(changed, expected_version=expected_version,
                         before=current if current.audit.version else None)

    def language(self) -> str:
        return self.profile().language or "ky"

    def set_language(self, lang: str, actor: str | None = None) -> BusinessProfile:
        """Remember the chosen language (ky, ru or en) for the UI, CLI and reports
        (a display preference: helpers may change it too)."""
        self._ctx.allow(actor, Action.LANGUAGE_SET)
        if lang not in LANGUAGES:
            raise refuse("language", "error.choice.invalid", text=str(lang)[:40])
        current = self.profile()
        if current.language == lang and current.audit.version:
            return current
        audit = self._ctx.changed(current.audit, actor) if current.audit.version else self._ctx.created(actor)
        with self._ctx.write(actor) as w:
            return w.put(replace(current, language=lang, audit=audit), before=current if current.audit.version else None)

    # --- members -------------------------------------------------------------
    def members(self, *, include_inactive: bool = True) -> list[Member]:
        """Family members: the owner first, then by name."""
        found = [m for m in self._ctx.store.members.all() if include_inactive or m.active]
        return sorted(found, key=lambda m: (m.role is not Role.OWNER, m.name.casefold(), m.id))

    def assignable_members(self) -> list[Member]:
        """Who can be given an order to make."""
        return [m for m in self.members(include_inactive=False) if m.assignable]

    def member(self, member_id: str) -> Member:
        return self._ctx.require(self._ctx.store.members, member_id)

    def add_member(self, form: Mapping[str, Any], actor: str | None) -> Member:
        """See MemberService.add (name, role, assignable, PIN). Owner only."""
        return self._members.add(form, actor)

    def update_member(
        self, member_id: str, form: Mapping[str, Any], expected_version: int, actor: str | None
    ) -> Member:
        """Rename a member, change their role, assignability or active flag (PIN kept). Owner only."""
        return self._members.update(member_id, form, expected_version, actor)
