"""What every sub-service shares: the store, the clock, ids and audit stamps,
and the one way to write (`Context.write`): permission checked, one transaction,
a history entry per change, conflicts naming who saved, listeners told after commit.

Kept apart from the facade so each sub-service can be built and tested on its own,
and so the rules "ids are uuid4 hex", "every write stamps who and when" and "every
change leaves a history entry in the same transaction" live in exactly one place.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, Callable, Generic, Protocol, Sequence, TypeVar

from ..domain.access import Action
from ..domain.history import HistoryAction, HistoryEntry, bin_entry, changes_between, label_of
from ..domain.records import KIND_BY_CLASS, kind_of
from ..domain.models import Audit, Member
from ..domain.problems import DomainError, Problem
from ..storage.interfaces import ConflictError, NotFoundError, Repository, Store, Transaction
from .access import allow, named_conflict

log = logging.getLogger(__name__)
Listener = Callable[[str, str, "str | None"], None]

T = TypeVar("T")


class _Record(Protocol):
    """What every stored record has (frozen dataclasses: read-only)."""

    @property
    def id(self) -> str: ...


R = TypeVar("R", bound=_Record)  # a record kind


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a list: `items` from `offset`, and how many match in all."""

    items: Sequence[T]
    total: int
    offset: int = 0
    limit: int = 50

    @property
    def has_more(self) -> bool:
        return self.offset + len(self.items) < self.total


def page_of(items: Sequence[T], offset: int, limit: int) -> Page[T]:
    offset = max(0, int(offset))
    limit = max(0, int(limit))
    return Page(items=list(items[offset : offset + limit]), total=len(items), offset=offset, limit=limit)


class Context:
    """The store and the clock, plus the helpers every write needs."""

    def __init__(self, store: Store, clock: Callable[[], datetime]) -> None:
        self.store = store
        self.clock = clock
        self._listeners: list[Listener] = []
        self._history_lock = threading.Lock()
        self._history_seq: int | None = None

    def reading(self) -> AbstractContextManager[Any]:
        """Several reads that must agree (a screen's read model): no save lands between them."""
        return self.store.reading()

    # --- ids and time ----------------------------------------------------
    @staticmethod
    def new_id() -> str:
        return uuid.uuid4().hex

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        """Today on this computer's calendar (a form's default date): an aware UTC
        clock is turned into local time first, so 02:00 in Bishkek is not yesterday."""
        moment = self.clock()
        return (moment.astimezone() if moment.tzinfo is not None else moment).date()

    # --- audit -------------------------------------------------------------
    def created(self, actor: str | None) -> Audit:
        """The audit of a record being made now by `actor` (version 0: the store bumps it)."""
        now = self.now()
        return Audit(created_at=now, created_by=actor, updated_at=now, updated_by=actor, version=0)

    def changed(self, previous: Audit, actor: str | None) -> Audit:
        """The audit of an edit: keeps who created it, stamps who changed it now."""
        return replace(previous, updated_at=self.now(), updated_by=actor)

    def check_version(self, current: Any, expected_version: int | None) -> None:
        """ConflictError (naming who saved) early when the record changed since the
        user opened it; the store checks again under its lock when writing."""
        if expected_version is not None and current.audit.version != expected_version:
            raise named_conflict(
                self.store,
                ConflictError(
                    f"{current.id} changed",
                    record_id=current.id,
                    updated_by=current.audit.updated_by,
                    updated_at=current.audit.updated_at,
                ),
                self.local,
            )

    @staticmethod
    def local(moment: datetime) -> datetime:
        """A stamp in this computer's local time (naive stamps are taken as they are)."""
        return moment.astimezone() if moment.tzinfo is not None else moment

    # --- roles ---------------------------------------------------------------
    def allow(self, actor: str | None, action: Action) -> Member | None:
        """Check that `actor` may do `action` (see access.allow); raises before any change."""
        return allow(self.store, actor, action)

    # --- writing -------------------------------------------------------------
    def on_change(self, listener: Listener) -> Callable[[], None]:
        """Call `listener(kind, record_id, actor)` after every committed change;
        returns a function that stops it. A failing listener never fails a save."""
        self._listeners.append(listener)

        def stop() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return stop

    @contextmanager
    def write(self, actor: str | None) -> Iterator["Writer"]:
        """One transaction: all or nothing, history in it, listeners told after it."""
        try:
            with self.store.transaction() as tx:
                writer = Writer(self, tx, actor)
                yield writer
        except ConflictError as error:
            raise named_conflict(self.store, error, self.local) from error
        for kind, record_id in writer.changed:
            for listener in list(self._listeners):
                try:
                    listener(kind, record_id, actor)
                except Exception:  # a screen that went away must not fail a save
                    log.exception("change listener failed")

    def next_history_seq(self) -> int:
        """The next history sequence number (called inside a transaction, under the
        store lock); the first call of a process starts after the stored ones."""
        with self._history_lock:
            if self._history_seq is None:
                self._history_seq = max((e.seq for e in self.store.history.all()), default=0)
            self._history_seq += 1
            return self._history_seq

    # --- lookups -----------------------------------------------------------
    @staticmethod
    def require(repository: Repository[R], record_id: str) -> R:
        """The record with this id, or NotFoundError (translated by the caller)."""
        record = repository.get(record_id) if record_id else None
        if record is None:
            raise NotFoundError(f"not found: {record_id}", record_id=record_id)
        return record


class Writer:
    """The open transaction of one change, seen by the services: each put or delete
    also appends its history entry (and a delete moves the record to the bin)."""

    def __init__(self, ctx: Context, tx: Transaction, actor: str | None) -> None:
        self._ctx = ctx
        self.tx = tx
        self.actor = actor
        self.changed: list[tuple[str, str]] = []

    def put(
        self,
        record: R,
        *,
        expected_version: int | None = None,
        before: R | None = None,
        action: HistoryAction | None = None,
    ) -> R:
        """Save `record`; `before` (the stored version being edited) makes the history
        entry an edit listing the changed fields. A stale `expected_version` raises
        EditConflictError naming who saved (checked again here, under the store lock)."""
        if expected_version is not None:
            current = getattr(self._ctx.store, KIND_BY_CLASS[type(record)].plural).get(record.id)
            if current is not None:
                self._ctx.check_version(current, expected_version)
        stored = self.tx.put(record, expected_version=expected_version)
        if action is None:
            action = HistoryAction.CREATE if before is None else HistoryAction.EDIT
        changes = changes_between(before, stored) if before is not None else ()
        if action is not HistoryAction.EDIT or changes:
            self.history(action, stored, changes)
        return stored

    def trash(self, record: Any, *, expected_version: int | None = None) -> None:
        """Delete `record` into the recycle bin, with its history entry."""
        self.tx.delete(type(record), record.id, expected_version=expected_version)
        previous = self._ctx.store.bin.get(record.id)
        entry = bin_entry(record, self._ctx.now(), self.actor, self._ctx.created(self.actor))
        self.tx.put(entry, expected_version=previous.audit.version if previous else None)
        self.history(HistoryAction.DELETE, record)

    def history(self, action: HistoryAction, record: Any, changes: tuple[Any, ...] = ()) -> None:
        at = self._ctx.now()
        kind = kind_of(record)
        self.tx.put(
            HistoryEntry(
                id=self._ctx.new_id(),
                day=self._ctx.local(at).date(),
                at=at,
                action=action,
                kind=kind,
                record_id=record.id,
                actor=self.actor,
                label=label_of(record),
                changes=tuple(changes),
                seq=self._ctx.next_history_seq(),
                audit=self._ctx.created(self.actor),
            )
        )
        self.changed.append((kind, record.id))


def refuse(field: str, key: str, **params: Any) -> DomainError:
    """A one-problem DomainError, for rules that only the service can check."""
    return DomainError([Problem(field, key, params)])
