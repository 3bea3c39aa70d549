"""What was exported when: the log behind the report id's version and "changes to
earlier months" (issue 15).

A caseworker files the report of October; if October's records change afterwards,
her copy no longer matches the books. So every export is written down — month,
when, report id, fingerprint, and the month's key figures as exported — and a later
report lists each earlier month whose records were added, changed or deleted after
its (latest complete) report was exported, with how its figures moved since.

The log is a small JSON dict in a `StateKeeper` (like the sign-in state): in memory
for tests, `<data>/report-exports.json` in the app and the CLI
(storage.state_file.JsonStateFile: temp file + fsync + rename). A damaged or
unwritable log never stops a report: it starts empty or is left as it was, and the
problem is logged.

    {"exports": [{"month": "2026-10", "at": "2026-11-02T09:15:00+00:00", "report_id": "...",
                  "fingerprint": "...", "format": "pdf", "lang": "ky", "with_names": false,
                  "complete": true, "figures": {"income": "16000.00", "expenses": "...",
                  "debt_paid": "..."}}]}
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any, Iterable

from ..domain.money import Money
from ..domain.period import Month
from .signin_state import MemoryKeeper, StateKeeper

log = logging.getLogger(__name__)

MAX_ENTRIES = 1000  # ~80 years of monthly exports in every format; the oldest go first
FIGURES = ("income", "expenses", "debt_paid")


@dataclass(frozen=True, slots=True)
class Export:
    month: Month
    at: datetime
    report_id: str
    fingerprint: str
    fmt: str
    lang: str
    with_names: bool
    complete: bool  # the month was over when it was exported
    figures: dict[str, Money]

    def as_dict(self) -> dict[str, Any]:
        return {
            "month": str(self.month), "at": self.at.isoformat(), "report_id": self.report_id,
            "fingerprint": self.fingerprint, "format": self.fmt, "lang": self.lang, "with_names": self.with_names,
            "complete": self.complete, "figures": {k: v.to_decimal_str() for k, v in self.figures.items()},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Export":
        return cls(
            month=Month.parse(str(data["month"])),
            at=datetime.fromisoformat(str(data["at"])),
            report_id=str(data.get("report_id", "")),
            fingerprint=str(data.get("fingerprint", "")),
            fmt=str(data.get("format", "")),
            lang=str(data.get("lang", "")),
            with_names=bool(data.get("with_names", False)),
            complete=bool(data.get("complete", False)),
            figures={k: Money.from_decimal_str(str(v)) for k, v in dict(data.get("figures") or {}).items()},
        )


class ExportLog:
    """The exports, read once and written through on each new one."""

    def __init__(self, keeper: StateKeeper | None = None) -> None:
        self._keeper = keeper or MemoryKeeper()
        self._lock = threading.Lock()
        self._entries: list[Export] = []
        try:
            data = self._keeper.load() or {}
            for item in list(data.get("exports") or []):
                try:
                    self._entries.append(Export.from_dict(item))
                except (KeyError, TypeError, ValueError) as exc:  # one bad entry: skip it, keep the rest
                    log.warning("report export log: entry skipped: %r", exc)
        except Exception as exc:  # a damaged file must never stop a report
            log.warning("report export log unreadable, starting empty: %r", exc)

    def entries(self) -> list[Export]:
        with self._lock:
            return list(self._entries)

    def of_month(self, month: Month) -> list[Export]:
        return [e for e in self.entries() if e.month == month]

    def sequence(self, month: Month) -> int:
        """The number the next export of `month` gets (1 for the first)."""
        return len(self.of_month(month)) + 1

    def last_complete(self, month: Month) -> Export | None:
        """The latest export of `month` made after the month was over."""
        done = [e for e in self.of_month(month) if e.complete]
        return max(done, key=lambda e: e.at) if done else None

    def record(self, export: Export) -> None:
        """Add an export; a log that cannot be written is logged and left as it was."""
        with self._lock:
            entries = (self._entries + [export])[-MAX_ENTRIES:]
            try:
                self._keeper.save({"exports": [e.as_dict() for e in entries]})
            except Exception as exc:  # a read-only disk: the report is still given
                log.warning("report export log not written: %r", exc)
                return
            self._entries = entries


@dataclass(frozen=True, slots=True)
class RecordChanges:
    added: int
    changed: int
    deleted: int

    @property
    def any(self) -> bool:
        return bool(self.added or self.changed or self.deleted)


def _day_of(record: Any) -> date | None:
    for name in ("date", "order_date", "start_date"):
        value = getattr(record, name, None)
        if isinstance(value, date):
            return value
    return None


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)


def count_changes(records: Iterable[Any], deleted: Iterable[Any], month: Month, since: datetime) -> RecordChanges:
    """Records dated in `month` created (added) or saved again (changed) after `since`,
    and bin entries of records dated in `month` deleted after it."""
    added = changed = removed = 0
    since = _aware(since)
    for record in records:
        day = _day_of(record)
        if day is None or not month.contains(day):
            continue
        audit = record.audit
        if audit.created_at is not None and _aware(audit.created_at) > since:
            added += 1
        elif audit.updated_at is not None and _aware(audit.updated_at) > since:
            changed += 1
    for entry in deleted:
        day = _day_of(entry.record)
        if day is not None and month.contains(day) and _aware(entry.deleted_at) > since:
            removed += 1
    return RecordChanges(added, changed, removed)


__all__ = ["Export", "ExportLog", "FIGURES", "RecordChanges", "count_changes"]
