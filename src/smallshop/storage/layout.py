"""Which file each record lives in: the data folder's layout.

Undated kinds have one file each (DATA/customers.json). Dated kinds have one file
per calendar month of the record's own date (DATA/orders/2026-11.json), so a save
rewrites one small file and `between()` touches only the months it asks for.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..domain.history import BinEntry, HistoryEntry
from ..domain.records import RECORD_KINDS as DOMAIN_KINDS

SCHEMA_VERSION = 5  # 3: refunds exist; 4: plan, assets, jobs, notes, debts described; 5: checksums.json (migrations.py)
META_FILE = "meta.json"
JOURNAL_FILE = "journal.json"
WAL_FILE = "wal.log"
CHECKSUMS_FILE = "checksums.json"  # each data file's size and CRC-32 (checksums.py)
SNAPSHOT_FILE = "decoded.snapshot"  # a cache of the decoded records (decoded_snapshot.py)
LOCK_FILE = ".lock"
BACKUP_DIR = "backups"
RESTORE_MARKER = "restore.json"
APP_NAME = "smallshop"
V1_FILE = "smallshop.json"  # schema 1: everything in one TinyDB file


@dataclass(frozen=True)
class Kind:
    name: str  # repository attribute, folder/file name and TinyDB table name
    cls: type
    date_field: str | None  # None = undated (one file)
    links: tuple[str, ...] = ()  # fields indexed in memory (MemoryRepository.where)

    def partition_of(self, record: Any) -> str:
        """The data file (relative path) holding `record`."""
        if self.date_field is None:
            return f"{self.name}.json"
        day: date = getattr(record, self.date_field)
        return month_partition(self.name, day.year, day.month)

    def partition_of_doc(self, doc: dict[str, Any]) -> str:
        if self.date_field is None:
            return f"{self.name}.json"
        text = doc[self.date_field]
        return month_partition(self.name, int(text[0:4]), int(text[5:7]))


def month_partition(kind: str, year: int, month: int) -> str:
    return f"{kind}/{year:04d}-{month:02d}.json"


# The record kinds are the domain's (domain.records.RECORD_KINDS, declared once);
# storage adds its two bookkeeping kinds. The history is read by record (an order's
# page shows its changes), so it is indexed by record_id.
RECORD_KINDS: tuple[Kind, ...] = tuple(Kind(k.plural, k.cls, k.date_field, k.links) for k in DOMAIN_KINDS)
KINDS: tuple[Kind, ...] = RECORD_KINDS + (
    Kind("history", HistoryEntry, "day", ("record_id",)),  # who did what, per month (issue 5)
    Kind("bin", BinEntry, None),  # deleted records the owner can restore (issue 5)
)
KIND_BY_NAME = {k.name: k for k in KINDS}
KIND_BY_CLASS = {k.cls: k for k in KINDS}


def kind_of_partition(relpath: str) -> Kind | None:
    """The kind stored in a data file given by its relative path, or None."""
    first = relpath.split("/", 1)[0]
    if first.endswith(".json"):
        first = first[:-5]
    return KIND_BY_NAME.get(first)


def data_files(data_dir: Path) -> list[str]:
    """Relative paths ("orders/2026-11.json") of every data file present."""
    found: list[str] = []
    for kind in KINDS:
        if kind.date_field is None:
            if (data_dir / f"{kind.name}.json").is_file():
                found.append(f"{kind.name}.json")
        else:
            try:  # os.scandir + plain strings: pathlib's glob and sort cost ~10 ms per open here
                names = sorted(entry.name for entry in os.scandir(data_dir / kind.name)
                               if entry.name.endswith(".json"))
            except OSError:  # as glob did: a missing or unreadable folder lists nothing
                continue
            found.extend(f"{kind.name}/{name}" for name in names if _is_month_name(name[:-5]))
    return found


def _is_month_name(stem: str) -> bool:
    return len(stem) == 7 and stem[4] == "-" and stem[:4].isdigit() and stem[5:].isdigit()


def data_entries(data_dir: Path) -> list[str]:
    """Top-level names that make up the data (what a restore replaces; the decoded
    snapshot goes with the files it was made from)."""
    names = [META_FILE, CHECKSUMS_FILE, JOURNAL_FILE, WAL_FILE, SNAPSHOT_FILE]
    for kind in KINDS:
        names.append(f"{kind.name}.json" if kind.date_field is None else kind.name)
    names.append(V1_FILE)
    return [n for n in names if (data_dir / n).exists()]
