"""Who did what: each record's history and the family's activity feed (owner).

The entries are written by `Context.write` in the same transaction as the change
they describe (see domain/history.py); this module only reads them, newest first.
History is stored one file per month, so the feed reads the newest months first
and stops when the page is full.
"""

from __future__ import annotations

from typing import Any

from ..domain.access import Action
from ..domain.history import HistoryEntry
from ..domain.period import Month
from ..storage.interfaces import Store
from .context import Context, Page


def _newest_first(entry: HistoryEntry) -> tuple[Any, ...]:
    return (entry.seq, entry.at, entry.id)


class HistoryService:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    def history_of(self, kind: str, record_id: str) -> list[HistoryEntry]:
        """Every change of one record (kind: "order", "customer", "income", ...), newest first."""
        return history_of(self._ctx.store, kind, record_id)

    def activity_feed(self, offset: int = 0, limit: int = 50, actor: str | None = None) -> Page[HistoryEntry]:
        """The whole family's changes, newest first (owner only)."""
        self._ctx.allow(actor, Action.ACTIVITY_VIEW)
        offset, limit = max(0, int(offset)), max(0, int(limit))
        repo = self._ctx.store.history
        months = getattr(repo, "months", None)
        if months is None:  # a store without month partitions: sort everything
            entries = sorted(repo.all(), key=_newest_first, reverse=True)
            return Page(entries[offset : offset + limit], len(entries), offset, limit)
        picked: list[HistoryEntry] = []
        for year, number in reversed(months()):
            month = Month(year, number)
            picked.extend(sorted(repo.between(month.first_day, month.last_day), key=_newest_first, reverse=True))
            if len(picked) >= offset + limit:
                break
        # by sequence, so a change made while the PC's date was set back still shows in
        # its place (when it fell in a month already read)
        picked.sort(key=_newest_first, reverse=True)
        return Page(picked[offset : offset + limit], len(repo), offset, limit)

    def member_names(self) -> dict[str, str]:
        """Member id -> name, to show who made each change (deactivated members too)."""
        return member_names(self._ctx.store)


def history_of(store: Store, kind: str, record_id: str) -> list[HistoryEntry]:
    """One record's changes, newest first, from the store's index by record."""
    found = [e for e in store.history.where("record_id", record_id) if e.kind == kind]
    return sorted(found, key=_newest_first, reverse=True)


def member_names(store: Store) -> dict[str, str]:
    return {m.id: m.name for m in store.members.all()}
