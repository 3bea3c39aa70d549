"""The asset register: equipment received from the programme or bought, and whether
it is still in use (issue 15).

An asset is in use from the day it was acquired until its first dated status change;
each change holds from its date on (changes are kept oldest first and never dated
before the previous one). The register as of a day lists what the business had by
then with its status that day, the value per source, and the owner's contribution.
Pure values and functions, no clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .models import Asset, AssetSource, AssetStatus, AssetStatusChange
from .money import ZERO, Money
from .problems import Problem


def _last_change(asset: Asset, day: date) -> AssetStatusChange | None:
    """The latest status change on or before `day` (changes are kept in date order);
    None while the asset still has the status it came with (in use)."""
    last = None
    for change in asset.changes:
        if change.date > day:
            break
        last = change
    return last


def status_on(asset: Asset, day: date) -> AssetStatus | None:
    """The asset's status on `day`; None before it was acquired."""
    if day < asset.acquired_on:
        return None
    change = _last_change(asset, day)
    return change.status if change else AssetStatus.IN_USE


def status_since(asset: Asset, day: date) -> date | None:
    """The day the status the asset has on `day` began (None before it was acquired)."""
    if day < asset.acquired_on:
        return None
    change = _last_change(asset, day)
    return change.date if change else asset.acquired_on


def validate_asset(asset: Asset) -> list[Problem]:
    """An asset's dates: no status change before it was acquired, changes in date order."""
    if asset.changes and asset.changes[0].date < asset.acquired_on:
        return [Problem("acquired_on", "error.asset.acquired_after_change", {"date": asset.changes[0].date})]
    return []


def validate_status_change(asset: Asset, change: AssetStatusChange) -> list[Problem]:
    """A new status change: not before the asset was acquired, not before its last
    change, and a status other than the one the asset has on that day."""
    if change.date < asset.acquired_on:
        return [Problem("date", "error.asset.change_before_acquired", {"date": asset.acquired_on})]
    if asset.changes and change.date < asset.changes[-1].date:
        return [Problem("date", "error.asset.change_before_last", {"date": asset.changes[-1].date})]
    if status_on(asset, change.date) is change.status:
        return [Problem("status", "error.asset.same_status", {"status": change.status.value})]
    return []


@dataclass(frozen=True, slots=True)
class AssetLine:
    asset_id: str
    item: str
    value: Money
    acquired_on: date
    source: AssetSource
    status: AssetStatus  # on the register's day
    since: date  # when that status began


@dataclass(frozen=True, slots=True)
class AssetRegister:
    """What the business had on `as_of` (acquired by then), oldest first.

    - `value_by_source`: value of every listed asset per source (whatever its status);
    - `in_use_value` / `in_use_count`: the assets in use that day;
    - `own_contribution`: the value the owner put in herself, with her own money or
      with money she borrowed (sources own + loan); `grant_value` what the programme
      gave. Values are what was recorded when the asset came, never depreciated.
    """

    as_of: date
    lines: tuple[AssetLine, ...]
    value_by_source: dict[AssetSource, Money]
    count_by_status: dict[AssetStatus, int]
    in_use_value: Money
    in_use_count: int

    @property
    def total_value(self) -> Money:
        return Money.total(self.value_by_source.values())

    @property
    def grant_value(self) -> Money:
        return self.value_by_source[AssetSource.GRANT]

    @property
    def own_contribution(self) -> Money:
        return self.value_by_source[AssetSource.OWN] + self.value_by_source[AssetSource.LOAN]

    def grant_lines(self) -> tuple[AssetLine, ...]:
        return tuple(line for line in self.lines if line.source is AssetSource.GRANT)


def register(assets: list[Asset] | tuple[Asset, ...], as_of: date) -> AssetRegister:
    """The asset register on `as_of` (see AssetRegister)."""
    lines = []
    for asset in sorted(assets, key=lambda a: (a.acquired_on, a.item.casefold(), a.id)):
        status = status_on(asset, as_of)
        if status is None:
            continue
        since = status_since(asset, as_of)
        assert since is not None
        lines.append(AssetLine(asset.id, asset.item, asset.value, asset.acquired_on, asset.source, status, since))
    by_source = {source: Money.total(l.value for l in lines if l.source is source) for source in AssetSource}
    by_status = {status: sum(1 for l in lines if l.status is status) for status in AssetStatus}
    in_use = [l for l in lines if l.status is AssetStatus.IN_USE]
    return AssetRegister(
        as_of=as_of, lines=tuple(lines), value_by_source=by_source, count_by_status=by_status,
        in_use_value=Money.total(l.value for l in in_use) if in_use else ZERO, in_use_count=len(in_use),
    )
