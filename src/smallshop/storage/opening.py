"""Opening a data folder: check everything, replay what a crash left, load memory.

Order: finish an interrupted restore, remove temp files, read the schema version
(migrate with a backup first), then parse, check and decode every file one at a
time with a leftover journal's files and the log's changes applied. A file whose
bytes are exactly those the decoded snapshot was made from (size and CRC-32, not
touched by the journal or log) takes its records from the snapshot instead
(decoded_snapshot.py), after the same placement checks. A damaged
file raises StoreDamagedError naming it and the newest good backup; nothing is
written before every file has been found readable. Mixed into TinyStore.
"""

from __future__ import annotations

import gc
import logging
from collections import defaultdict
from datetime import date, datetime
from functools import partial
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, NoReturn

from . import backups as backup_mod
from . import checksums, migrations
from .codec import CodecError, decode, encode
from .decoded_snapshot import DecodedSnapshot
from .files import (
    TEMP_SUFFIX,
    DamagedFileError,
    atomic_write,
    dumps,
    open_partition,
    parse_json,
    read_bytes,
    read_json_file,
    sync_dir_quietly,
)
from .interfaces import ReadOnlyFolderError, StoreDamagedError, StoreTooNewError
from .layout import (
    APP_NAME,
    BACKUP_DIR,
    CHECKSUMS_FILE,
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
from .swap import finish_interrupted_restore
from .tables import _apply_ops, _valid_tables
from .wal import WalDamagedError, read_log

if TYPE_CHECKING:
    from .files import PartitionDB
    from .memory import MemoryRepository

log = logging.getLogger(__name__)


class StoreOpening:
    """The opening half of TinyStore (uses its data_dir, _repos, _partitions, _apply)."""

    # TinyStore.__init__ sets these; declared here so this half is type-checked on its own
    data_dir: Path
    read_only: bool
    clock: Callable[[], datetime]
    migrated_from: int | None  # schema version upgraded at this open, if any
    migration_backup: Path | None
    _wal_generation: int | None
    _wal_entries: int
    _partitions: dict[str, PartitionDB]
    _repos: dict[str, MemoryRepository[Any]]

    def _apply(self, payloads: dict[str, bytes]) -> None:
        raise NotImplementedError  # TinyStore's: write the files, journalled

    def _start_wal(self) -> None:
        raise NotImplementedError  # TinyStore's: a fresh write-ahead log

    def _open(self) -> None:
        if not self.read_only:  # read-only: nothing is finished, removed or written
            finish_interrupted_restore(self.data_dir)
            self._remove_temp_files()
        version = self._schema_version()
        if version > SCHEMA_VERSION:
            raise StoreTooNewError(f"{self.data_dir}: schema {version}", folder=str(self.data_dir),
                                   version=version)
        if version < migrations.READABLE_AS_IS and self.read_only:
            raise ReadOnlyFolderError(f"{self.data_dir}: upgrade needed", folder=str(self.data_dir),
                                      reason=f"data version {version} must be upgraded first")
        if version < SCHEMA_VERSION and not self.read_only:
            try:
                self.migrated_from = version
                self.migration_backup = migrations.migrate(self.data_dir, version, clock=self.clock)
            except DamagedFileError as exc:
                self._damaged(exc.path)
        # Parsing and decoding 60,000 records makes millions of small objects; the
        # cyclic GC would rescan them again and again (0.9 s instead of 0.35 s).
        # None of them form cycles, so pause it while loading, then move them to the
        # permanent generation (gc.freeze) so the first collection after opening does
        # not rescan them all (it landed in the first orders list: 0.4 s -> 0.07 s).
        # Replaced records are still freed by reference counting.
        gc_was_enabled = gc.isenabled()
        gc.disable()
        try:
            self._load_all()
            gc.freeze()
        finally:
            if gc_was_enabled:
                gc.enable()

    def _load_all(self) -> None:
        """Check and decode every file, one at a time (only one file's parsed
        documents in memory at once), with a leftover journal's files and then the
        log's changes applied. Only when every file has been found readable are the
        replayed files written and a fresh log started."""
        journal = self._read_journal()
        pending = dict(journal or {})
        wal_ops = self._read_wal()
        replayed = set(pending) | set(wal_ops)
        snapshot = DecodedSnapshot.read(self.data_dir)
        sums = self._sums = self._read_sums()
        present = data_files(self.data_dir)
        for rel in present:
            raw = self._read_bytes(rel)  # raises StoreDamagedError
            found = checksums.key(raw)
            if sums is not None and not sums.accepts(rel, found):
                self._damaged(self.data_dir / rel)  # bytes changed since written: bit rot, a bad copy
            if sums is not None and rel in sums.pending:
                sums.files[rel] = found  # a write cut short by a crash: whichever bytes made it
            if snapshot is not None and rel not in replayed and self._load_snapshot(rel, snapshot.records(rel, raw, found)):
                continue  # the same bytes the snapshot's records were made from
            tables = self._read_partition(rel, raw)  # raises StoreDamagedError
            tables = pending.pop(rel, tables)
            self._add_partition(rel, _apply_ops(rel, tables, wal_ops.pop(rel, None)), keep=rel in replayed)
        if sums is not None:
            for rel in sums.missing(set(present)):
                self._damaged(self.data_dir / rel)  # a data file written once and now gone
            if sums.pending and not self.read_only:
                sums.pending.clear()
                checksums.write(self.data_dir, sums.files)
        for rel in set(pending) | set(wal_ops):  # files the journal or the log create
            tables = pending.get(rel, {})
            self._add_partition(rel, _apply_ops(rel, tables, wal_ops.get(rel)), keep=True)
        if replayed and self.read_only:
            log.warning("read-only: %d files' saves from the journal/log kept in memory only", len(replayed))
        elif replayed:
            log.info("finishing %d files from the journal/log", len(replayed))
            self._apply({rel: dumps(self._partitions[rel].storage.committed) for rel in sorted(replayed)})
        self._start_wal()

    def _read_sums(self) -> checksums.Sums | None:
        """The checksum manifest. A folder of the current schema has one (a new folder
        gets an empty one); None only when a read-only disk holds schema-4 data."""
        try:
            sums = checksums.read(self.data_dir)
        except DamagedFileError:
            self._damaged(self.data_dir / CHECKSUMS_FILE)
        if sums is not None:
            return sums
        if self.read_only:
            return None
        if data_files(self.data_dir):
            self._damaged(self.data_dir / CHECKSUMS_FILE)  # removed: nothing left to check the files by
        sums = checksums.Sums()
        checksums.write(self.data_dir, {})
        return sums

    def _read_wal(self) -> dict[str, list[dict[str, Any]]]:
        """The log's changes per file, in order ({} when there is no log)."""
        path = self.data_dir / WAL_FILE
        if not path.exists():
            return {}
        try:
            self._wal_generation, entries = read_log(path)
        except (WalDamagedError, OSError):
            self._damaged(path)
        ops: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for entry in entries:
            for rel, change in entry.items():
                if kind_of_partition(rel) is None or not isinstance(change, dict):
                    self._damaged(path)
                ops[rel].append(change)
        self._wal_entries = len(entries)
        return dict(ops)

    def _add_partition(self, rel: str, tables: dict[str, dict[str, Any]], keep: bool = False) -> None:
        self._load_records(rel, tables)
        # The parsed documents would double the memory (54 of 93 MB at 60,000
        # records): they are dropped and rebuilt from the decoded records the
        # first time this file is written (a few ms for a big file, once).
        self._partitions[rel] = open_partition(self.data_dir / rel, tables if keep else None,
                                               loader=partial(self._encode_partition, rel))

    def _remove_temp_files(self) -> None:
        folders = [self.data_dir, self.data_dir / BACKUP_DIR]
        folders += [self.data_dir / k.name for k in KINDS if k.date_field]
        for folder in folders:
            if folder.is_dir():
                for tmp in folder.glob(f"*{TEMP_SUFFIX}"):
                    log.info("removing leftover temp file %s", tmp)
                    tmp.unlink(missing_ok=True)

    def _schema_version(self) -> int:
        meta_path = self.data_dir / META_FILE
        if meta_path.exists():
            meta = self._parse(meta_path)
            version = meta.get("schema_version") if isinstance(meta, dict) else None
            if not isinstance(version, int):
                self._damaged(meta_path)
            return version
        if (self.data_dir / V1_FILE).exists():
            return 1
        if data_files(self.data_dir):  # data without meta: the current layout, from before checksums
            return migrations.READABLE_AS_IS
        if self.read_only:
            return SCHEMA_VERSION
        write_meta(self.data_dir)  # new folder
        return SCHEMA_VERSION

    def _parse(self, path: Path) -> Any:
        try:
            return read_json_file(path)
        except DamagedFileError:
            self._damaged(path)

    def _damaged(self, path: Path) -> NoReturn:
        rel = path.relative_to(self.data_dir).as_posix()
        backup = backup_mod.newest_good_backup(self.data_dir)
        raise StoreDamagedError(
            f"damaged data file {path}", file=rel, folder=str(self.data_dir),
            backup=str(backup) if backup else None,
        )

    def _read_bytes(self, rel: str) -> bytes:
        path = self.data_dir / rel
        try:
            return read_bytes(path)
        except DamagedFileError:
            self._damaged(path)

    def _read_partition(self, rel: str, raw: bytes) -> dict[str, dict[str, Any]]:
        path = self.data_dir / rel
        try:
            tables: dict[str, dict[str, Any]] = parse_json(path, raw)  # its shape checked below
        except DamagedFileError:
            self._damaged(path)
        if not _valid_tables(tables, kind_of_partition(rel)):
            self._damaged(path)
        return tables

    def _load_snapshot(self, rel: str, records: list[Any] | None) -> bool:
        """Take a file's records from the decoded snapshot, after the checks the
        file's own documents get (right kind, right month, each id in one file
        only). False - and nothing loaded - when there are none or a check fails:
        the file is then parsed and decoded, and its own checks decide."""
        if records is None:
            return False
        kind = kind_of_partition(rel)
        assert kind is not None
        repo = self._repos[kind.name]
        month = None
        if kind.date_field is not None:
            stem = rel.rsplit("/", 1)[1]
            month = (int(stem[0:4]), int(stem[5:7]))
        # whole-list checks in C loops: ~5 ms for 64,000 records instead of ~30
        try:
            if any(cls is not kind.cls for cls in set(map(type, records))):
                return False
            if kind.date_field is not None:
                days = set(map(attrgetter(kind.date_field), records))  # a month's few distinct days
                if any(type(day) is not date or (day.year, day.month) != month for day in days):
                    return False
            by_id = dict(zip(map(attrgetter("id"), records), records))
        except (TypeError, AttributeError):  # unhashable or missing values: not our records
            return False
        if len(by_id) != len(records) or not repo._records.keys().isdisjoint(by_id):
            return False
        repo._load(by_id, month)
        self._partitions[rel] = open_partition(self.data_dir / rel, None,
                                               loader=partial(self._encode_partition, rel))
        return True

    def _read_journal(self) -> dict[str, dict[str, dict[str, Any]]] | None:
        """The files of a complete leftover journal, or None (an incomplete one is removed)."""
        path = self.data_dir / JOURNAL_FILE
        if not path.exists():
            return None
        try:
            journal = read_json_file(path)
        except DamagedFileError:
            journal = None
        files = journal.get("files") if isinstance(journal, dict) and journal.get("complete") is True else None
        if isinstance(files, dict) and all(_valid_tables(t, kind_of_partition(rel)) for rel, t in files.items()):
            return files
        log.warning("discarding incomplete journal %s", path)
        if self.read_only:
            return None
        path.unlink()
        sync_dir_quietly(self.data_dir)
        return None

    def _load_records(self, rel: str, tables: dict[str, dict[str, Any]]) -> None:
        kind = kind_of_partition(rel)
        assert kind is not None
        repo = self._repos[kind.name]
        for doc_id, doc in tables.get(kind.name, {}).items():
            try:
                record = decode(kind.cls, doc)
            except CodecError:
                self._damaged(self.data_dir / rel)
            if record.id != doc_id or kind.partition_of(record) != rel or doc_id in repo._records:
                self._damaged(self.data_dir / rel)  # misplaced, or also in another month's file
            repo._set(record)

    def _partition_records(self, rel: str) -> dict[str, Any]:
        """The records (id -> record) that belong in the file `rel`."""
        kind = kind_of_partition(rel)
        assert kind is not None
        repo = self._repos[kind.name]
        if kind.date_field is None:
            return repo._records
        stem = rel.rsplit("/", 1)[1]
        return repo._months.get((int(stem[0:4]), int(stem[5:7])), {})

    def _encode_partition(self, rel: str) -> dict[str, dict[str, Any]]:
        kind = kind_of_partition(rel)
        assert kind is not None
        return {kind.name: {rid: encode(r) for rid, r in self._partition_records(rel).items()}}


def write_meta(data_dir: Path, version: int = SCHEMA_VERSION) -> None:
    atomic_write(data_dir / META_FILE, dumps({"app": APP_NAME, "schema_version": version}))
