"""A data file's tables as parsed JSON: checking their shape and applying the log's
changes to them. Shared by opening a store and by a migration's replay, so neither
imports the other (tests/test_layering.py keeps storage free of import cycles)."""

from __future__ import annotations

from typing import Any

from .layout import Kind, kind_of_partition


def _apply_ops(rel: str, tables: dict[str, dict[str, Any]],
               ops: list[dict[str, Any]] | None) -> dict[str, dict[str, Any]]:
    """A file's documents with the log's changes for it applied, in order."""
    if not ops:
        return tables
    kind = kind_of_partition(rel)
    assert kind is not None
    table = dict(tables.get(kind.name, {}))
    for change in ops:
        for rid in change.get("remove", ()):
            table.pop(rid, None)
        table.update(change.get("put", {}))
    return {kind.name: table}


def _valid_tables(tables: Any, kind: Kind | None) -> bool:
    if kind is None or not isinstance(tables, dict):
        return False
    for name, table in tables.items():
        if name != kind.name or not isinstance(table, dict):
            return False
        if not all(isinstance(doc, dict) for doc in table.values()):
            return False
    return True
