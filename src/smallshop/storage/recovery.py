"""Recovery: a NEW data folder from everything that is intact anywhere.

When a folder will not open, restoring the last backup would lose every save made
since - even those still safe in an intact data file or log entry. `recover`
reads, and never writes, the damaged folder: it starts from the newest good
backup's copy of each file the folder cannot read, takes every record of every
intact data file, then replays every intact entry of the write-ahead log (also
the ones after a damaged entry), each record ending at its highest version. The
result is written to a new folder and opened with the app's own code; the report
names exactly what could not be saved. `smallshop restore NEWFOLDER` then puts it
in place (the damaged data is kept in replaced-<stamp>/).
"""

from __future__ import annotations

import logging
import struct
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

from . import backups
from .codec import CodecError, decode
from . import checksums
from .files import DamagedFileError, atomic_write, dumps, parse_json, read_bytes
from .jsonbytes import loads as json_loads
from .layout import KINDS, META_FILE, SCHEMA_VERSION, WAL_FILE, Kind, data_files, kind_of_partition
from .migrations import READABLE_AS_IS
from .wal import ENTRY, HEADER_SIZE, entry_at, header_generation, next_entry_after, unfinished_at

log = logging.getLogger(__name__)

Key = tuple[str, str]  # (kind name, record id)


@dataclass
class RecoveryReport:
    """What `recover` saved and, exactly, what it could not."""

    folder: Path  # the new folder
    counts: dict[str, int] = field(default_factory=dict)
    backup: Path | None = None  # the backup used for unreadable files
    from_backup: list[str] = field(default_factory=list)  # unreadable files taken from the backup
    lost_files: list[str] = field(default_factory=list)  # unreadable files with no copy anywhere
    lost_records: list[tuple[str, str]] = field(default_factory=list)  # (file, record id) unreadable everywhere
    # (file, record id) kept from a file whose checksum did not match and that no backup
    # holds at that version: saved, but it may hold the damage - look at it
    unverified: list[tuple[str, str]] = field(default_factory=list)
    checksums_unreadable: bool = False  # checksums.json damaged: files taken as they parse
    log_entries: int = 0  # intact log entries replayed
    damaged_log_entries: list[int] = field(default_factory=list)  # byte offsets in wal.log
    log_unreadable: bool = False  # no generation could be found at all
    dropped_last_entry: int | None = None  # offset of a last log entry not completely written, or damaged

    @property
    def records(self) -> int:
        return sum(self.counts.values())

    @property
    def complete(self) -> bool:
        """True when nothing at all was lost."""
        return not (self.lost_files or self.lost_records or self.damaged_log_entries or self.log_unreadable
                    or self.dropped_last_entry is not None or self.unverified or self.checksums_unreadable)


@dataclass
class _Found:
    doc: dict[str, Any]
    rel: str
    version: int


def recover(data_dir: Path, target: Path | None = None, *,
            clock: Callable[[], datetime] | None = None) -> RecoveryReport:
    """Build a new folder (default <data>-recovered-<stamp> beside it) from what
    is intact in `data_dir`; `data_dir` is only read."""
    data_dir = Path(data_dir).expanduser().resolve()
    now = (clock or (lambda: datetime.now(timezone.utc)))()
    target = Path(target) if target else data_dir.with_name(f"{data_dir.name}-recovered-{backups._stamp(now)}")
    if target.exists() and any(target.iterdir()):
        raise FileExistsError(str(target))
    report = RecoveryReport(folder=target)
    backup_files = _backup_files(data_dir, report)
    try:
        sums = checksums.read(data_dir)
    except DamagedFileError:
        sums, report.checksums_unreadable = None, True
    records: dict[Key, _Found] = {}
    for rel in sorted(set(data_files(data_dir)) | set(backup_files)):
        _take_file(data_dir, rel, backup_files, records, report, sums)
    _replay_log(data_dir / WAL_FILE, records, report)
    _write(target, records)
    report.counts = _open_counts(target)
    return report


def _backup_files(data_dir: Path, report: RecoveryReport) -> dict[str, bytes]:
    path = backups.newest_good_backup(data_dir, of_current_data=True)  # never what a restore replaced
    if path is None:
        return {}
    import zipfile

    info = backups.validate_backup(path)
    if not READABLE_AS_IS <= info.schema_version <= SCHEMA_VERSION:  # other layouts: not usable here
        return {}
    report.backup = path
    with zipfile.ZipFile(path) as zf:
        manifest = json_loads(zf.read(backups.MANIFEST))
        return {name: zf.read(name) for name in manifest["files"] if kind_of_partition(name) is not None}


def _docs(raw_tables: Any, kind: Kind) -> dict[str, Any] | None:
    if not isinstance(raw_tables, dict) or set(raw_tables) - {kind.name}:
        return None
    table = raw_tables.get(kind.name, {})
    return table if isinstance(table, dict) else None


def _valid(kind: Kind, rel: str, doc_id: str, doc: Any) -> int | None:
    """The record's version when `doc` decodes and belongs in `rel`, else None."""
    if not isinstance(doc, dict):
        return None
    try:
        record = decode(kind.cls, doc)
    except (CodecError, ValueError, TypeError, KeyError):
        return None
    if record.id != doc_id or kind.partition_of(record) != rel:
        return None
    return int(record.audit.version)


def _take_file(data_dir: Path, rel: str, backup_files: dict[str, bytes], records: dict[Key, _Found],
               report: RecoveryReport, sums: checksums.Sums | None) -> None:
    kind = kind_of_partition(rel)
    assert kind is not None
    current: dict[str, Any] | None = None
    suspect = False  # parses, but its bytes are not those written (bit rot)
    if (data_dir / rel).is_file():
        try:
            raw = read_bytes(data_dir / rel)
            suspect = sums is not None and not sums.accepts(rel, checksums.key(raw))
            current = _docs(parse_json(data_dir / rel, raw), kind)
        except DamagedFileError:
            current = None
    spare: dict[str, Any] = {}
    if rel in backup_files:
        try:
            spare = _docs(json_loads(backup_files[rel]), kind) or {}
        except ValueError:
            spare = {}
    if current is None:  # unreadable or missing: the backup's copy, if there is one
        if (data_dir / rel).exists() or rel in backup_files:
            (report.from_backup if rel in backup_files else report.lost_files).append(rel)
        current, spare = spare, {}
    for doc_id, doc in current.items():
        version = _valid(kind, rel, doc_id, doc)
        if suspect and version is not None:
            # Which record holds the damage is unknown: the backup's copy of the same
            # version is the same record undamaged; a newer one (saved since) is kept
            # and named, since no other copy of it exists.
            if doc_id in spare and _valid(kind, rel, doc_id, spare[doc_id]) == version:
                doc = spare[doc_id]
            else:
                report.unverified.append((rel, str(doc_id)))
        if version is None and doc_id in spare:  # this record unreadable: the backup's copy
            doc, version = spare[doc_id], _valid(kind, rel, doc_id, spare[doc_id])
        if version is None:
            report.lost_records.append((rel, str(doc_id)))
            continue
        _keep(records, (kind.name, doc_id), _Found(doc, rel, version))


def _keep(records: dict[Key, _Found], key: Key, found: _Found) -> None:
    """Each record at its highest version (a date edit may leave it in two files)."""
    old = records.get(key)
    if old is None or found.version >= old.version:
        records[key] = found


def _replay_log(path: Path, records: dict[Key, _Found], report: RecoveryReport) -> None:
    if not path.is_file():
        return
    raw = path.read_bytes()
    generation = header_generation(raw)
    if generation is None:
        first = entry_at(raw, HEADER_SIZE, None)
        generation = struct.unpack_from("<Q", raw, HEADER_SIZE + 4)[0] if first else _newest_generation(raw)
    if generation is None:
        report.log_unreadable = True
        return
    offset = HEADER_SIZE
    while True:
        found = entry_at(raw, offset, generation)
        if found is None:
            following = next_entry_after(raw, offset, generation)
            if following is None:  # the end; a last entry there was cut short or damaged: said, not saved
                if unfinished_at(raw, offset, generation):
                    report.dropped_last_entry = offset
                return
            report.damaged_log_entries.append(offset)
            offset = following
            continue
        end, payload = found
        try:
            entry = json_loads(payload)
        except ValueError:
            entry = None
        if isinstance(entry, dict):
            _apply_entry(entry, records)
            report.log_entries += 1
        else:
            report.damaged_log_entries.append(offset)
        offset = end


def _apply_entry(entry: dict[str, Any], records: dict[Key, _Found]) -> None:
    for rel, change in entry.items():
        kind = kind_of_partition(rel)
        if kind is None or not isinstance(change, dict):
            continue
        for rid in change.get("remove", ()) or ():
            key = (kind.name, rid)
            if key in records and records[key].rel == rel:
                del records[key]
        for rid, doc in (change.get("put") or {}).items():
            version = _valid(kind, rel, rid, doc)
            if version is not None:
                _keep(records, (kind.name, rid), _Found(doc, rel, version))


def _newest_generation(raw: bytes) -> int | None:
    """With both the header and the first entry damaged: the highest generation
    of any intact entry (a slow scan, only ever needed here)."""
    best = None
    for offset in range(HEADER_SIZE, len(raw) - ENTRY.size):
        if raw[offset + 8: offset + 12] != b"\0\0\0\0" or raw[offset: offset + 4] == b"\0\0\0\0":
            continue
        if entry_at(raw, offset, None) is not None:
            generation = struct.unpack_from("<Q", raw, offset + 4)[0]
            best = generation if best is None else max(best, generation)
    return best


def _write(target: Path, records: dict[Key, _Found]) -> None:
    files: dict[str, dict[str, dict[str, Any]]] = {}
    for (kind_name, rid), found in records.items():
        files.setdefault(found.rel, {kind_name: {}})[kind_name][rid] = found.doc
    target.mkdir(parents=True, exist_ok=True)
    sums = checksums.Sums()
    checksums.write_files(target, sums, {rel: dumps(tables) for rel, tables in sorted(files.items())})
    checksums.write(target, sums.files)
    atomic_write(target / META_FILE, dumps({"app": "smallshop", "schema_version": SCHEMA_VERSION}))


def _open_counts(target: Path) -> dict[str, int]:
    """Open the new folder with the app's code: it must open, as the promise says."""
    from .tinydb_store import open_store

    store = open_store(target, backups=False)
    try:
        return {kind.name: len(getattr(store, kind.name).all()) for kind in KINDS}
    finally:
        store.close()
