"""A transaction: changes collected under the store lock, checked for versions.

Nothing touches disk or memory until the store commits the collected changes
when the `with store.transaction()` block ends; an exception discards them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from .interfaces import ConflictError, NotFoundError
from .layout import KIND_BY_CLASS, Kind
from .memory import MemoryRepository


class TinyTransaction:
    """Changes collected under the store lock; written when the `with` block ends."""

    def __init__(self, repos: Mapping[str, MemoryRepository[Any]]) -> None:
        self._repos = repos  # the store's, by kind name: what is stored now
        self.changes: dict[tuple[str, str], Any] = {}  # (kind, id) -> record or None

    def get(self, kind: type, record_id: str) -> Any:
        """The record as this transaction would leave it (staged or stored)."""
        k = kind_of_class(kind)
        key = (k.name, record_id)
        if key in self.changes:
            return self.changes[key]
        return self._repos[k.name].get(record_id)

    def put(self, record: Any, *, expected_version: int | None = None) -> Any:
        kind = kind_of_class(type(record))
        current = self.get(kind.cls, record.id)
        _check_version(record.id, current, expected_version)
        version = (current.audit.version if current is not None else 0) + 1
        stored = dataclasses.replace(record, audit=dataclasses.replace(record.audit, version=version))
        self.changes[(kind.name, record.id)] = stored
        return stored

    def delete(self, kind: type, record_id: str, *, expected_version: int | None = None) -> None:
        k = kind_of_class(kind)
        current = self.get(k.cls, record_id)
        if current is None:
            raise NotFoundError(record_id=record_id)
        _check_version(record_id, current, expected_version)
        self.changes[(k.name, record_id)] = None


def kind_of_class(cls: type) -> Kind:
    try:
        return KIND_BY_CLASS[cls]
    except KeyError:
        raise TypeError(f"not a stored record type: {cls!r}") from None


def _check_version(record_id: str, current: Any, expected: int | None) -> None:
    if expected is None:
        return
    if current is None:
        if expected != 0:
            raise NotFoundError(record_id=record_id)
        return
    if current.audit.version != expected:
        updated_at = current.audit.updated_at
        raise ConflictError(
            f"{record_id}: stored version {current.audit.version}, expected {expected}",
            record_id=record_id,
            updated_by=current.audit.updated_by or "",
            updated_at=updated_at.strftime("%Y-%m-%d %H:%M") if updated_at else "",
        )
