"""The concrete store: many small TinyDB files, a write-ahead log, one lock.

Why this shape: plain TinyDB re-reads and rewrites one big file per save (~190 ms
at 60,000 records). Here every kind/month is its own small TinyDB file, records
are kept decoded in memory, a save is one CRC'd entry appended to DATA/wal.log and
fdatasync'd (~0.1 ms; all-or-nothing across files), and checkpoints bring the
TinyDB files up to date, each replaced atomically (temp + fsync + rename). A
transaction too big for the log writes the files directly, after a journal.
See docs/storage.md.

Open it with `open_store(data_dir)`; the rest of the code sees storage.interfaces.
"""

from __future__ import annotations

import dataclasses
import errno
import logging
import os
import threading
from collections import defaultdict
from contextlib import contextmanager
from datetime import datetime, timezone
from functools import partial
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping

from filelock import FileLock, Timeout

from . import backups as backup_mod
from . import checksums
from .codec import encode
from .decoded_snapshot import DecodedSnapshot, file_key, write_snapshot
from .files import DamagedFileError, PartitionDB, atomic_write, dumps, open_partition, stage_changes, sync_dir_quietly
from .interfaces import (
    DataFolderError,
    DiskWriteError,
    ReadOnlyFolderError,
    StorageError,
    StoreClosedError,
    StoreDamagedError,
    StoreLockedError,
    StoreTooNewError,
)
from .layout import APP_NAME, JOURNAL_FILE, KIND_BY_NAME, KINDS, LOCK_FILE, META_FILE, WAL_FILE, kind_of_partition
from .memory import MemoryRepository
from .opening import StoreOpening, write_meta
from .transaction import TinyTransaction, kind_of_class
from .wal import CAPACITY, WriteAheadLog

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]

_REGISTRY: dict[Path, "TinyStore"] = {}
WAL_ENABLED = True  # False: every save rewrites its files directly (tests of that path)
WAL_CAPACITY = CAPACITY  # bytes preallocated for the log; a full log is checkpointed
_REGISTRY_LOCK = threading.Lock()


READ_ONLY_ERRNOS = {errno.EROFS, errno.EACCES, errno.EPERM}


def folder_is_read_only(folder: Path) -> bool:
    """True when nothing can be created in `folder` (tried, then removed)."""
    probe = Path(folder) / f".smallshop-write-probe-{os.getpid()}"
    try:
        probe.touch()
    except OSError as exc:
        return exc.errno in READ_ONLY_ERRNOS
    probe.unlink(missing_ok=True)
    return False


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


def open_store(data_dir: Path, *, clock: Clock | None = None, backups: bool = True,
               read_only: bool = False) -> "TinyStore":
    """Open (or create) the data folder. Within one process the same folder gives
    the same store instance (close it as many times as it was opened); another
    process holding the folder makes this raise StoreLockedError. A folder that
    cannot be written raises ReadOnlyFolderError; `read_only=True` then reads it
    without writing a byte (the log's saves applied in memory only; every save
    refused with ReadOnlyFolderError; `backup(ELSEWHERE)` works)."""
    path = Path(data_dir).expanduser().resolve()
    with _REGISTRY_LOCK:
        store = _REGISTRY.get(path)
        if store is not None and not store.closed:
            store._opens += 1
            return store
        store = TinyStore(path, clock=clock, backups=backups and not read_only, read_only=read_only)
        _REGISTRY[path] = store
        return store


@contextmanager
def folder_lock(data_dir: Path) -> Iterator[None]:
    """Hold a closed folder's lock (for a restore's swap): StoreLockedError while
    this program or another one has the folder open."""
    path = Path(data_dir).expanduser().resolve()
    if path in _REGISTRY:
        raise StoreLockedError(f"{path} is open in this program", folder=str(path))
    lock = FileLock(str(path / LOCK_FILE), timeout=0, thread_local=False)
    try:
        lock.acquire()
    except Timeout:
        raise StoreLockedError(f"{path} is open in another program", folder=str(path)) from None
    try:
        yield
    finally:
        lock.release()


class TinyStore(StoreOpening):
    """See the module docstring. Attributes `customers`, `orders`, ... are repositories."""

    def __init__(self, data_dir: Path, *, clock: Clock | None = None, backups: bool = True,
                 read_only: bool = False) -> None:
        self.data_dir = data_dir
        self.read_only = read_only
        self.clock: Clock = clock or _utcnow
        self.closed = False
        self._opens = 1
        self._lock = threading.RLock()
        self._partitions: dict[str, PartitionDB] = {}
        self._pending: dict[str, bytes] | None = None  # journal applied only partly
        self._tx: TinyTransaction | None = None  # the open transaction (lock holder's)
        self._wal: WriteAheadLog | None = None
        self._wal_generation: int | None = None  # of the log found at open
        self._wal_entries = 0  # entries replayed from it
        self._sums: checksums.Sums | None = None  # each data file's (size, crc): checksums.py
        self.rotation: backup_mod.Rotation | None = None
        # changes in the log not yet in the TinyDB files: relpath -> id -> doc (None = removed)
        self._dirty: dict[str, dict[str, dict[str, Any] | None]] = {}
        self.migrated_from = None  # schema version upgraded at this open, if any
        self.migration_backup: Path | None = None
        self._repos: dict[str, MemoryRepository[Any]] = {}
        for kind in KINDS:
            repo: MemoryRepository[Any] = MemoryRepository(kind, self._lock)
            self._repos[kind.name] = repo
            setattr(self, kind.name, repo)
        self._file_lock = FileLock(str(data_dir / LOCK_FILE), timeout=0, thread_local=False)
        self._locked = False
        try:
            if not read_only:
                data_dir.mkdir(parents=True, exist_ok=True)
            elif not data_dir.is_dir():
                raise FileNotFoundError(errno.ENOENT, "no such folder", str(data_dir))
            self._file_lock.acquire()
            self._locked = True
        except Timeout:
            raise StoreLockedError(
                f"{data_dir} is already open in another smallshop program", folder=str(data_dir)
            ) from None
        except OSError as exc:  # not a folder, no permission, read-only disk...
            if not (read_only and exc.errno in READ_ONLY_ERRNOS):  # nobody can write there: no lock needed
                error = ReadOnlyFolderError if exc.errno in READ_ONLY_ERRNOS else DataFolderError
                raise error(str(exc), folder=str(data_dir), reason=exc.strerror or str(exc)) from exc
        try:
            self._open()
            self.rotation = backup_mod.Rotation(data_dir, self.clock) if backups else None
            if self.rotation is not None:
                self.maybe_backup()
        except BaseException:
            if self._wal is not None:
                self._wal.close()
            if self._locked:
                self._file_lock.release()
            raise

    # --- opening: see opening.StoreOpening ----------------------------------
    def _start_wal(self) -> None:
        """Open the log for appending: the existing file (its replayed entries were
        just written to the files, so a new generation starts) or a new one."""
        if not WAL_ENABLED or self.read_only:
            return
        path = self.data_dir / WAL_FILE
        generation = self._wal_generation
        if generation is not None and path.stat().st_size == WAL_CAPACITY:
            self._wal = WriteAheadLog(path, generation, WAL_CAPACITY)
            if self._wal_entries:
                self._wal.reset()
        else:
            try:
                self._wal = WriteAheadLog.create(path, (generation or 0) + 1, WAL_CAPACITY)
            except DiskWriteError as exc:  # e.g. a full disk: still open, saves write files directly
                log.warning("no write-ahead log this session: %s", exc)
                self._wal = None

    # --- reading -----------------------------------------------------------
    @contextmanager
    def reading(self) -> Iterator["TinyStore"]:
        """Hold the lock across several reads so no transaction lands in between."""
        with self._lock:
            yield self

    def repository(self, kind: type) -> MemoryRepository[Any]:
        return self._repos[kind_of_class(kind).name]

    def counts(self) -> dict[str, int]:
        with self._lock:
            return {name: len(repo) for name, repo in self._repos.items()}

    # --- writing -----------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[TinyTransaction]:
        """All-or-nothing and durable when the block ends. A transaction opened
        inside another one (same thread) joins it: the outermost block commits."""
        with self._lock:
            self._check_writable()
            if self._tx is not None:  # the lock is ours, so this is our own outer block
                yield self._tx
                return
            tx = self._tx = TinyTransaction(self._repos)
            try:
                yield tx
                self._commit(tx.changes)
            finally:
                self._tx = None
            self.maybe_backup()

    def put(self, record: Any, *, expected_version: int | None = None) -> Any:
        """One-record transaction."""
        with self.transaction() as tx:
            return tx.put(record, expected_version=expected_version)

    def delete(self, kind: type, record_id: str, *, expected_version: int | None = None) -> None:
        with self.transaction() as tx:
            tx.delete(kind, record_id, expected_version=expected_version)

    def _partition(self, rel: str) -> PartitionDB:
        db = self._partitions.get(rel)
        if db is None:
            db = self._partitions[rel] = open_partition(self.data_dir / rel, {})
        return db

    def _commit(self, changes: dict[tuple[str, str], Any]) -> None:
        if not changes:
            return
        self._flush_pending()
        puts: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
        removes: dict[str, set[str]] = defaultdict(set)
        for (kname, rid), new in changes.items():
            kind = KIND_BY_NAME[kname]
            old = self._repos[kname]._records.get(rid)
            old_rel = kind.partition_of(old) if old is not None else None
            if new is None:
                if old_rel is not None:
                    removes[old_rel].add(rid)
                continue
            new_rel = kind.partition_of(new)
            if old_rel is not None and old_rel != new_rel:
                removes[old_rel].add(rid)  # date edited into another month
            puts[new_rel][rid] = encode(new)
        rels = set(puts) | set(removes)
        delta = {rel: {"put": puts.get(rel, {}), "remove": sorted(removes.get(rel, set()) - set(puts.get(rel, {})))}
                 for rel in rels}
        entry = dumps(delta)
        if self._wal is not None and self._wal.fits_at_all(entry):
            if not self._wal.room_for(entry):
                self.checkpoint()
            self._wal.append(entry)  # durable here; DiskWriteError: nothing changed
            self._note_dirty(delta)
            self._install({}, changes)
            return
        # Too big for the log (or no log): write the files themselves, after the
        # log's older changes (a file must never be newer than a later log entry).
        self.checkpoint()
        new_data: dict[str, dict[str, dict[str, Any]]] = {}
        for rel in rels:
            file_kind = kind_of_partition(rel)
            assert file_kind is not None
            new_data[rel] = stage_changes(self._partition(rel), file_kind.name, puts.get(rel, {}),
                                          removes.get(rel, set()))
        payloads = {rel: dumps(data) for rel, data in new_data.items()}
        if len(payloads) == 1:
            self._write_files(payloads)
        else:
            self._write_with_journal(new_data, payloads)
        self._install(new_data, changes)

    def _note_dirty(self, delta: dict[str, Any]) -> None:
        for rel, ops in delta.items():
            dirty = self._dirty.setdefault(rel, {})
            for rid in ops["remove"]:
                dirty[rid] = None
            dirty.update(ops["put"])

    def checkpoint(self) -> None:
        """Bring the TinyDB files up to date with the log (each file atomically),
        then start a new log generation. Called when the log fills, before a
        backup, by bulk_load and at close; safe to call any time."""
        with self._lock:
            if self.read_only:
                return
            self._flush_pending()
            if not self._dirty:
                return
            new_data: dict[str, dict[str, dict[str, Any]]] = {}
            for rel, ops in self._dirty.items():
                kind = kind_of_partition(rel)
                assert kind is not None
                put = {rid: doc for rid, doc in ops.items() if doc is not None}
                gone = {rid for rid, doc in ops.items() if doc is None}
                new_data[rel] = stage_changes(self._partition(rel), kind.name, put, gone)
            # DiskWriteError: the log still has it all
            self._write_files({rel: dumps(data) for rel, data in new_data.items()})
            for rel, data in new_data.items():
                self._partitions[rel].storage.install(data)
            self._dirty.clear()
            if self._wal is not None:
                try:
                    self._wal.reset()
                except DiskWriteError as exc:  # its entries replay harmlessly (idempotent)
                    log.warning("could not reset the log: %s", exc)

    def _write_with_journal(self, new_data: dict[str, Any], payloads: dict[str, bytes]) -> None:
        journal = dumps({"app": APP_NAME, "complete": True, "files": new_data})
        atomic_write(self.data_dir / JOURNAL_FILE, journal)  # DiskWriteError: nothing changed
        # From here the transaction is committed: the journal replays it on open.
        try:
            self._apply(payloads)
        except (DiskWriteError, OSError) as exc:
            log.warning("journal kept for later: %s", exc)
            self._pending = payloads

    def _write_files(self, payloads: dict[str, bytes]) -> None:
        """Replace data files, keeping their checksums true (checksums.write_files)."""
        assert self._sums is not None, "a writable store has its checksums from opening"
        checksums.write_files(self.data_dir, self._sums, payloads)

    def _apply(self, payloads: dict[str, bytes]) -> None:
        self._write_files(payloads)
        (self.data_dir / JOURNAL_FILE).unlink(missing_ok=True)
        sync_dir_quietly(self.data_dir)

    def _flush_pending(self) -> None:
        """Finish a journal whose files could not all be written (disk was full)."""
        if self._pending is not None:
            self._apply(self._pending)  # raises DiskWriteError while the disk still refuses
            self._pending = None

    def _install(self, new_data: dict[str, Any], changes: dict[tuple[str, str], Any]) -> None:
        for rel, data in new_data.items():
            self._partitions[rel].storage.install(data)
        for (kname, rid), new in changes.items():
            repo = self._repos[kname]
            if new is None:
                repo._remove(rid)
            else:
                repo._set(new)

    def bulk_load(self, records: Iterable[Any]) -> int:
        """Import many records, writing each partition file once. Records keep their
        audit (version 0 becomes 1). Not all-or-nothing across files: meant for a
        new folder (demo data); an interrupted load is simply run again."""
        with self._lock:
            self._check_writable()
            self.checkpoint()
            grouped: dict[str, dict[str, Any]] = defaultdict(dict)
            count = 0
            for record in records:
                kind = kind_of_class(type(record))
                if record.audit.version < 1:
                    record = dataclasses.replace(record, audit=dataclasses.replace(record.audit, version=1))
                old = self._repos[kind.name]._records.get(record.id)
                if old is not None and kind.partition_of(old) != kind.partition_of(record):
                    raise ValueError(f"bulk_load cannot move existing record {record.id}")
                grouped[kind.partition_of(record)][record.id] = record
                count += 1
            staged: dict[str, dict[str, Any]] = {}
            for rel, recs in sorted(grouped.items()):
                file_kind = kind_of_partition(rel)
                assert file_kind is not None
                docs = {rid: encode(r) for rid, r in recs.items()}
                staged[rel] = stage_changes(self._partition(rel), file_kind.name, docs, set())
            self._write_files({rel: dumps(data) for rel, data in staged.items()})
            for rel, data in staged.items():
                file_kind = kind_of_partition(rel)
                assert file_kind is not None
                self._partitions[rel].storage.install(data)
                repo = self._repos[file_kind.name]
                for r in grouped[rel].values():
                    repo._set(r)
        self.maybe_backup()
        return count

    # --- backups -------------------------------------------------------------
    def snapshot_files(self) -> Mapping[str, bytes]:
        """The bytes of every data file as committed; consistent while the caller holds
        the lock (files are read when asked for: _backup_files)."""
        with self._lock:
            self._check_open()
            if self.read_only:  # the files may lag the log: the data as opened, from memory
                files = {META_FILE: (self.data_dir / META_FILE).read_bytes()}
                for rel in sorted(self._partitions):
                    files[rel] = dumps(self._partitions[rel].storage.committed)
                return files
            self.checkpoint()
            # read one at a time while the zip is written (the caller holds the lock), each
            # checked against its checksum: a file changed on disk since it was written (bit
            # rot) never goes into a backup (DamagedFileError, see _backup_files)
            names = [META_FILE] + [rel for rel in sorted(self._partitions) if (self.data_dir / rel).exists()]
            return checksums.VerifiedFiles(self.data_dir, names, self._sums)

    @contextmanager
    def _backup_files(self) -> Iterator[Mapping[str, bytes]]:
        """snapshot_files() with the lock held until the backup is written; a data
        file that fails its checksum raises StoreDamagedError naming it."""
        with self._lock:
            try:
                yield self.snapshot_files()
            except DamagedFileError as exc:
                rel = Path(exc.path).relative_to(self.data_dir).as_posix()
                raise StoreDamagedError(f"damaged data file {exc.path}", file=rel, folder=str(self.data_dir),
                                        backup=None) from exc

    def backup(self, destination: Path | None = None, *, reason: str = "manual") -> Path:
        with self._backup_files() as files:
            counts = self.counts()
            if destination is None:
                self._check_writable()  # the rotating backups live in the folder
                return backup_mod.Rotation(self.data_dir, self.clock).add(files, counts, reason)
            return backup_mod.write_backup(Path(destination), files, counts, created_at=self.clock(),
                                           reason=reason, sequence=0)

    def maybe_backup(self, now: datetime | None = None) -> Path | None:
        """The automatic daily backup: at open and after commits, at most once a day
        (`now` defaults to the store's clock). Returns the new backup, if one was made.
        An empty store has nothing to keep yet: backing it up would only make the
        day's backup a copy of nothing (e.g. just before the demo is loaded)."""
        if self.rotation is None or not self.rotation.due(now) or not any(self.counts().values()):
            return None
        try:
            with self._backup_files() as files:
                path = self.rotation.add(files, self.counts(), "daily", now=now)
        except Exception as exc:  # noqa: BLE001 - a failed backup must not fail a save
            log.warning("automatic backup failed: %s", exc)
            reason = getattr(exc, "params", {}).get("reason") or getattr(exc, "strerror", None) or str(exc)
            self.rotation.failed(reason, now)
            return None
        self.rotation.copy_out(path, now)  # to the second folder, if one is chosen
        # A phone app is often killed rather than closed: the day's backup (files
        # just checkpointed) also brings the decoded snapshot up to date.
        with self._lock:
            self._write_decoded_snapshot()
        return path

    def backup_status(self) -> dict[str, Any]:
        """For the owner: the last daily backup, why the last one failed (retried
        every few minutes), the second backup folder and when it last got a copy."""
        rotation = self.rotation or backup_mod.Rotation(self.data_dir, self.clock)
        config = rotation.copy_config()
        rotation.due()  # notices a deleted backups folder
        return {"last_backup": rotation.last_daily, "problem": rotation.problem,
                "missing": rotation.last_daily is None and any(self.counts().values()),
                "copy_folder": config.get("folder"), "last_copied": config.get("last_copied"),
                "copy_problem": rotation.copy_problem}

    def set_backup_copy_folder(self, folder: Path | None) -> None:
        """Choose (None: forget) the second backup folder; the newest backup is copied
        there at once, then every daily backup. A folder that is not there or cannot
        be written raises DataFolderError."""
        self._check_writable()
        rotation = self.rotation or backup_mod.Rotation(self.data_dir, self.clock)
        if folder is not None:
            folder = Path(folder).expanduser()
            if not folder.is_dir():
                raise DataFolderError(f"{folder}: not a folder", folder=str(folder), reason="not a folder")
            if folder_is_read_only(folder):
                raise DataFolderError(f"{folder}: read-only", folder=str(folder), reason="read-only")
        rotation.set_copy_folder(folder)
        newest = rotation.entries()
        if folder is not None and newest:
            rotation.copy_out(newest[-1].path)
            if rotation.copy_problem:
                raise DataFolderError(rotation.copy_problem, folder=str(folder), reason=rotation.copy_problem)

    # --- closing -------------------------------------------------------------
    def _check_open(self) -> None:
        if self.closed:
            raise StoreClosedError(f"{self.data_dir} is closed", folder=str(self.data_dir))

    def _check_writable(self) -> None:
        self._check_open()
        if self.read_only:
            raise ReadOnlyFolderError(f"{self.data_dir} is read-only", folder=str(self.data_dir),
                                      reason="read-only")

    def close(self) -> None:
        with _REGISTRY_LOCK, self._lock:
            if self.closed:
                return
            self._opens -= 1
            if self._opens > 0:
                return
            try:
                self.checkpoint()  # best effort; otherwise the log/journal replays at open
            except StorageError as exc:
                log.warning("log left for the next open: %s", exc)
            else:
                self._write_decoded_snapshot()
            if self._wal is not None:
                self._wal.close()
            self.closed = True
            if _REGISTRY.get(self.data_dir) is self:
                del _REGISTRY[self.data_dir]
            if self._locked:
                self._file_lock.release()

    def _write_decoded_snapshot(self) -> None:
        """After a checkpoint (at close, after the daily backup) every file holds
        exactly the records in memory: keep them decoded for the next open
        (decoded_snapshot.py). Only files changed since the last snapshot are
        pickled again. A cache: any failure is logged and the next open decodes
        the files. Call with the lock held."""
        if self.read_only or self._dirty or self._pending is not None:
            return  # read-only writes nothing (and memory may hold replayed saves the files lack)
        try:
            previous = DecodedSnapshot.read(self.data_dir)
            files = []
            for rel in sorted(self._partitions):
                try:  # only the (size, crc) is kept: holding every file's bytes cost ~40 MB of peak memory
                    key = file_key((self.data_dir / rel).read_bytes())
                except FileNotFoundError:
                    continue
                files.append((rel, key, partial(self._records_in_file_order, rel)))
            if previous is not None and previous.covers([(rel, key) for rel, key, _ in files]):
                return
            write_snapshot(self.data_dir, files, previous)
        except Exception as exc:  # noqa: BLE001 - never fail a close over a cache
            log.warning("decoded snapshot not written: %s", exc)

    def _records_in_file_order(self, rel: str) -> list[Any]:
        """The records of one file, in the order of its documents (as a reader of
        the file would decode them)."""
        kind = kind_of_partition(rel)
        assert kind is not None
        records = self._partition_records(rel)
        cached = self._partitions[rel].storage.cached
        if cached is None:
            return list(records.values())
        order = cached.get(kind.name, {})
        if len(order) != len(records):
            raise RuntimeError(f"{rel}: memory and file disagree")
        return [records[rid] for rid in order]  # KeyError: they disagree

    def __enter__(self) -> "TinyStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


__all__ = ["open_store", "TinyStore", "DataFolderError", "TinyTransaction", "StoreClosedError", "StoreTooNewError",
           "write_meta"]
