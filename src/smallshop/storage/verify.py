"""Checking a data folder file by file, holding one file at a time.

A restore must know that a backup opens before it replaces anything, but opening
it the app's way holds every record of it in memory at once - next to the data
it is about to replace (a backup near the size limits took 373 MB). Here the
staged folder is brought to the current schema and its log folded in
(migrations.migrate / fold_log, as opening does), then every file gets the checks
opening gives it - read, parsed, one table of the right kind, every document
decoded into its record type, its id the document's id, in the file its date
says, in one file only - and its records are counted and dropped before the next
file is read. What is kept across files is small: the ids seen, and for the
references between records, which ids are referred to (REFERENCES). After the
swap the folder is opened with open_store itself (restoring.reopen_or_undo).

    facts = verify_folder(staging)   # DamagedFileError / StoreTooNewError
    facts.counts, facts.business_name, facts.dangling
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable

from ..domain.records import RECORD_KINDS as DOMAIN_KINDS
from . import checksums, migrations
from .codec import CodecError, decode_strict
from .files import DamagedFileError, parse_json, read_bytes, read_json_file
from .interfaces import StoreTooNewError
from .layout import (
    JOURNAL_FILE,
    KINDS,
    META_FILE,
    SCHEMA_VERSION,
    V1_FILE,
    WAL_FILE,
    Kind,
    data_files,
    kind_of_partition,
)

# Which record refers to which (kind, field, kind referred to): the links of
# domain/records.py (one declaration, also what the store indexes), each field naming
# its kind ("customer_id" -> customers). A live record whose reference names no live
# record of that kind "dangles": a backup holding one is incomplete (an order whose
# customer is not in it), and `check` reports it. The app never deletes a record others
# still refer to (services.recycle refuses), and the bin's records are not checked
# (restoring one from the bin checks its links).
REFERENCES: tuple[tuple[str, str, str], ...] = tuple(
    (kind.plural, link, link.removesuffix("_id") + "s") for kind in DOMAIN_KINDS for link in kind.links
)
_BY_KIND: dict[str, list[tuple[str, str]]] = defaultdict(list)
for _kind, _field, _target in REFERENCES:
    _BY_KIND[_kind].append((_field, _target))
_TARGETS = {target for _k, _f, target in REFERENCES}


@dataclass(frozen=True)
class Dangling:
    """`record_id` (in the file `file`) refers through `field` to `target_id`, which
    is not among the `target` records."""

    file: str
    record_id: str
    field: str
    target: str
    target_id: str

    @property
    def target_file(self) -> str:
        return f"{self.target}.json" if self.target in ("customers", "debts", "members") else f"{self.target}/"


class References:
    """The ids of the kinds referred to, and one referrer of each id referred to."""

    def __init__(self) -> None:
        self.ids: dict[str, set[str]] = defaultdict(set)
        self.wanted: dict[tuple[str, str], tuple[str, str, str]] = {}  # (target, id) -> (file, record, field)

    def add(self, kind: str, rel: str, record: Any) -> None:
        if kind in _TARGETS:
            self.ids[kind].add(record.id)
        for name, target in _BY_KIND.get(kind, ()):
            value = getattr(record, name, None)
            if value:
                self.wanted.setdefault((target, value), (rel, record.id, name))

    def dangling(self) -> list[Dangling]:
        found = [Dangling(rel, rid, name, target, value)
                 for (target, value), (rel, rid, name) in self.wanted.items() if value not in self.ids[target]]
        return sorted(found, key=lambda d: (d.file, d.record_id, d.field))


@dataclass
class FolderFacts:
    counts: dict[str, int] = field(default_factory=dict)  # records per kind
    business_name: str | None = None
    dangling: list[Dangling] = field(default_factory=list)
    files: int = 0


class TooManyRecords(Exception):
    def __init__(self, count: int, limit: int) -> None:
        super().__init__(f"more than {limit} records")
        self.count, self.limit = count, limit


def verify_folder(folder: Path, expected: dict[str, tuple[int, int]] | None = None, *,
                  max_records: int | None = None) -> FolderFacts:
    """Normalize (migrate, fold the log) and check every file of `folder`, which is
    a staging folder nobody else uses: it is written to. `expected`: the (size, crc)
    each file must have (a backup's manifest), checked before anything is parsed.
    Raises DamagedFileError naming the file, StoreTooNewError; writes the folder's
    checksum manifest (checksums.py) for the files as checked. More than `max_records`
    raises TooManyRecords (opening them all would take more memory than a restore may)."""
    folder = Path(folder)
    if expected:
        checksums.check_against(folder, expected)
    own = checksums.read(folder)  # a data folder offered for restore carries its manifest
    if own is not None:
        present = set(data_files(folder))
        for rel in present:
            if not own.accepts(rel, checksums.key(read_bytes(folder / rel))):
                raise DamagedFileError(folder / rel, "checksum mismatch")
        for rel in own.missing(present):
            raise DamagedFileError(folder / rel, "missing")
    version = _schema_version(folder)
    if version > SCHEMA_VERSION:
        raise StoreTooNewError(f"{folder}: schema {version}", folder=str(folder), version=version)
    if version < SCHEMA_VERSION:
        migrations.migrate(folder, version, clock=lambda: datetime.now(timezone.utc), backup=False)
    else:
        migrations.fold_log(folder)
    facts = FolderFacts(counts={kind.name: 0 for kind in KINDS})
    refs = References()
    seen: dict[str, set[str]] = defaultdict(set)
    sums: dict[str, tuple[int, int]] = {}
    for rel in data_files(folder):
        kind = kind_of_partition(rel)
        assert kind is not None
        raw = read_bytes(folder / rel)
        sums[rel] = checksums.key(raw)
        records = list(_records(folder / rel, rel, kind, parse_json(folder / rel, raw), seen[kind.name]))
        del raw
        facts.files += 1
        facts.counts[kind.name] += len(records)
        if max_records is not None and sum(facts.counts.values()) > max_records:
            raise TooManyRecords(sum(facts.counts.values()), max_records)  # before it all is opened
        for record in records:
            refs.add(kind.name, rel, record)
        if kind.name == "profiles":
            for record in records:
                if record.id == "profile":
                    facts.business_name = getattr(record, "business_name", None) or None
    facts.dangling = refs.dangling()
    checksums.write(folder, sums)
    return facts


def _schema_version(folder: Path) -> int:
    if (folder / META_FILE).exists():
        meta = read_json_file(folder / META_FILE)
        version = meta.get("schema_version") if isinstance(meta, dict) else None
        if type(version) is not int:
            raise DamagedFileError(folder / META_FILE, "no schema_version")
        return version
    if (folder / V1_FILE).exists():
        return 1
    migrations.write_meta(folder)
    return SCHEMA_VERSION


def _records(path: Path, rel: str, kind: Kind, tables: Any, seen: set[str]) -> Iterable[Any]:
    """Every record of one data file, with the checks opening makes (opening.py's
    _valid_tables and _load_records)."""
    if not isinstance(tables, dict) or set(tables) - {kind.name} or not isinstance(tables.get(kind.name, {}), dict):
        raise DamagedFileError(path, "not a table of " + kind.name)
    for doc_id, doc in tables.get(kind.name, {}).items():
        if not isinstance(doc, dict):
            raise DamagedFileError(path, f"{doc_id}: not a record")
        try:
            record = decode_strict(kind.cls, doc)
        except CodecError as exc:
            raise DamagedFileError(path, f"{doc_id}: {exc}") from exc
        if record.id != doc_id or kind.partition_of(record) != rel or doc_id in seen:
            raise DamagedFileError(path, f"{doc_id}: misplaced or in two files")
        seen.add(doc_id)
        yield record


def leftovers(folder: Path) -> list[str]:
    """Names a checked staging folder must not carry into the data (none expected)."""
    return [n for n in (WAL_FILE, JOURNAL_FILE) if (folder / n).exists()]
