"""What every sub-service shares: the store, the clock, ids and audit stamps.

Kept apart from the facade so each sub-service can be built and tested on its own,
and so the rules "ids are uuid4 hex" and "every write stamps who and when" live in
exactly one place.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, Callable, Generic, Sequence, TypeVar

from ..domain.models import Audit
from ..domain.problems import DomainError, Problem
from ..storage.interfaces import ConflictError, NotFoundError, Store

T = TypeVar("T")


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

    @staticmethod
    def check_version(current: Any, expected_version: int | None) -> None:
        """ConflictError early when the record changed since the user opened it (the
        store checks again under its lock when writing)."""
        if expected_version is not None and current.audit.version != expected_version:
            raise ConflictError(
                f"{current.id} changed",
                record_id=current.id,
                updated_by=current.audit.updated_by,
                updated_at=current.audit.updated_at,
            )

    # --- lookups -----------------------------------------------------------
    @staticmethod
    def require(repository: Any, record_id: str) -> Any:
        """The record with this id, or NotFoundError (translated by the caller)."""
        record = repository.get(record_id) if record_id else None
        if record is None:
            raise NotFoundError(f"not found: {record_id}", record_id=record_id)
        return record


def refuse(field: str, key: str, **params: Any) -> DomainError:
    """A one-problem DomainError, for rules that only the service can check."""
    return DomainError([Problem(field, key, params)])
