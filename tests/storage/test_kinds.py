"""The record kinds are listed once (domain.history.KIND_NAMES); the storage layout
and the Store protocol must name the same kinds with the same record classes."""

from __future__ import annotations

import typing

from smallshop.domain.history import KIND_NAMES, BinEntry, HistoryEntry
from smallshop.storage.interfaces import Repository, Store
from smallshop.storage.layout import KINDS, RECORD_KINDS


def test_layout_has_one_kind_per_domain_record_class_plus_history_and_bin():
    assert [k.cls for k in RECORD_KINDS] == list(KIND_NAMES)
    assert [(k.name, k.cls) for k in KINDS[len(RECORD_KINDS):]] == [("history", HistoryEntry), ("bin", BinEntry)]
    assert len({k.name for k in KINDS}) == len(KINDS)


def test_store_protocol_declares_a_repository_of_each_kind():
    hints = typing.get_type_hints(Store)
    repositories = {name: typing.get_args(hint)[0] for name, hint in hints.items()
                    if typing.get_origin(hint) is Repository}
    assert repositories == {k.name: k.cls for k in KINDS}
