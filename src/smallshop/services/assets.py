"""The asset register (issue 15): equipment received from the programme or bought,
its value and source, and its dated status (in use, broken, sold, lost).

A status change is appended, never rewritten: the register of an earlier month stays
what it was. An asset entered by mistake goes to the recycle bin (owner only).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from ..domain import assets as asset_rules
from ..domain.access import Action
from ..domain.history import HistoryAction
from ..domain.models import Asset, AssetStatusChange
from ..domain.problems import DomainError
from .context import Context
from .forms import decimal_mark_of, read_asset_form, read_asset_status_form


class AssetService:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    # --- reading -------------------------------------------------------------
    def all(self) -> list[Asset]:
        """Every asset, in the order it came (acquired_on, then item)."""
        return sorted(self._ctx.store.assets.all(), key=lambda a: (a.acquired_on, a.item.casefold(), a.id))

    def get(self, asset_id: str) -> Asset:
        return self._ctx.require(self._ctx.store.assets, asset_id)

    def register(self, as_of: date) -> asset_rules.AssetRegister:
        """The register on `as_of`: each asset acquired by then with its status that day,
        values per source, the value in use and the owner's contribution."""
        return asset_rules.register(self._ctx.store.assets.all(), as_of)

    # --- writing -------------------------------------------------------------
    def create(self, form: Mapping[str, Any], actor: str | None, *, lang: str | None = None) -> Asset:
        """A new asset (owner only): item, value, acquired_on (blank: today), source, notes."""
        self._ctx.allow(actor, Action.ASSET_EDIT)
        fields = read_asset_form(form, self._ctx.today(), decimal_mark=decimal_mark_of(lang))
        asset = Asset(id=self._ctx.new_id(), audit=self._ctx.created(actor), **fields)
        with self._ctx.write(actor) as w:
            return w.put(asset)

    def update(
        self, asset_id: str, form: Mapping[str, Any], expected_version: int, actor: str | None,
        *, lang: str | None = None,
    ) -> Asset:
        """Correct an asset's item, value, date, source or notes (owner only); its status
        changes stay, so the date it came cannot move after the first of them."""
        self._ctx.allow(actor, Action.ASSET_EDIT)
        current = self.get(asset_id)
        self._ctx.check_version(current, expected_version)
        fields = read_asset_form(form, current.acquired_on, decimal_mark=decimal_mark_of(lang))
        changed = replace(current, audit=self._ctx.changed(current.audit, actor), **fields)
        problems = asset_rules.validate_asset(changed)
        if problems:
            raise DomainError(problems)
        with self._ctx.write(actor) as w:
            return w.put(changed, expected_version=expected_version, before=current)

    def change_status(
        self, asset_id: str, form: Mapping[str, Any], expected_version: int, actor: str | None
    ) -> Asset:
        """Record that the asset is in use again, broken, sold or lost from a day on
        (form: status, date (blank: today), note). Owner only."""
        self._ctx.allow(actor, Action.ASSET_EDIT)
        current = self.get(asset_id)
        self._ctx.check_version(current, expected_version)
        fields = read_asset_status_form(form, self._ctx.today())
        change = AssetStatusChange(**fields)
        problems = asset_rules.validate_status_change(current, change)
        if problems:
            raise DomainError(problems)
        changed = replace(current, changes=current.changes + (change,),
                          audit=self._ctx.changed(current.audit, actor))
        with self._ctx.write(actor) as w:
            stored = w.put(changed, expected_version=expected_version, before=current, action=HistoryAction.STATUS)
            return stored

    def delete(self, asset_id: str, actor: str | None, expected_version: int | None = None) -> None:
        """Move an asset entered by mistake to the recycle bin (owner only)."""
        self._ctx.allow(actor, Action.ASSET_DELETE)
        current = self.get(asset_id)
        self._ctx.check_version(current, expected_version)
        with self._ctx.write(actor) as w:
            w.trash(current, expected_version=expected_version)
