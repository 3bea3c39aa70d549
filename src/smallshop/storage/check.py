"""The integrity check behind `smallshop check`: reads everything, changes nothing.

Every data file must have the bytes its checksum says (checksums.py), parse, every
document must decode into its record type and sit in the file its date says, and
every reference between records must name a record that is there (verify.py); saves still only in the write-ahead log, a leftover
journal or a pending schema upgrade are reported (the next open finishes them);
the newest backup must be valid.
Each problem is a translation key with parameters (storage.check.*).
"""

from __future__ import annotations

import errno
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from . import backups, checksums
from .codec import CodecError, decode_strict
from .files import DamagedFileError, parse_json, read_bytes, read_json_file
from .interfaces import InvalidBackupError, StoreLockedError
from .layout import (
    CHECKSUMS_FILE,
    JOURNAL_FILE,
    LOCK_FILE,
    META_FILE,
    SCHEMA_VERSION,
    V1_FILE,
    WAL_FILE,
    data_files,
    kind_of_partition,
)
from .migrations import READABLE_AS_IS
from .verify import References
from .wal import WalDamagedError, dropped_last_entry, read_log


@dataclass(frozen=True)
class CheckProblem:
    key: str
    params: dict[str, Any] = field(default_factory=dict)
    fatal: bool = True  # False: a note that needs no action (e.g. upgrade pending)


@dataclass
class CheckResult:
    data_dir: Path
    files: int = 0
    records: int = 0
    problems: list[CheckProblem] = field(default_factory=list)
    newest_backup: Path | None = None

    @property
    def ok(self) -> bool:
        return not any(p.fatal for p in self.problems)


def check_store(data_dir: Path) -> CheckResult:
    """Check `data_dir` without writing to it. Raises StoreLockedError when another
    program has it open (its files may be mid-save)."""
    data_dir = Path(data_dir).expanduser().resolve()
    from .tinydb_store import _REGISTRY

    result = CheckResult(data_dir)
    if data_dir in _REGISTRY:
        store = _REGISTRY[data_dir]
        with store.reading():
            store.checkpoint()  # the files then hold every save
            _check_files(data_dir, result)
    else:
        lock = FileLock(str(data_dir / LOCK_FILE), timeout=0, thread_local=False) if data_dir.is_dir() else None
        try:
            if lock is not None:
                lock.acquire()
        except Timeout:
            raise StoreLockedError(f"{data_dir} is open", folder=str(data_dir)) from None
        except OSError as exc:  # a read-only disk: nobody can be writing there, check without the lock
            if exc.errno not in (errno.EROFS, errno.EACCES, errno.EPERM):
                raise
            lock = None
            result.problems.append(CheckProblem("storage.check.read_only", {"folder": str(data_dir)}, fatal=False))
        try:
            _check_files(data_dir, result)
        finally:
            if lock is not None:
                lock.release()
    _check_backups(data_dir, result)
    return result


def _damaged(result: CheckResult, rel: str, reason: str) -> None:
    result.problems.append(CheckProblem("storage.check.damaged_file", {"file": rel, "reason": reason}))


def _check_files(data_dir: Path, result: CheckResult) -> None:
    meta_path = data_dir / META_FILE
    version = SCHEMA_VERSION
    if meta_path.exists():
        try:
            meta = read_json_file(meta_path)
            found = meta.get("schema_version") if isinstance(meta, dict) else None
            if not isinstance(found, int):
                raise DamagedFileError(meta_path, "no schema_version")
            version = found
        except DamagedFileError as exc:
            _damaged(result, META_FILE, exc.reason)
            return
    elif (data_dir / V1_FILE).exists():
        version = 1
    dropped = dropped_last_entry(data_dir / WAL_FILE) if (data_dir / WAL_FILE).exists() else None
    if dropped is not None:  # said whatever else is found: opening drops it
        result.problems.append(CheckProblem("storage.check.log_tail_dropped", {"offset": dropped}, fatal=False))
    if version < SCHEMA_VERSION:
        result.problems.append(CheckProblem("storage.check.migration_needed", {"version": version}, fatal=False))
        if version < READABLE_AS_IS:
            return  # (schema 4: the same files, checked below, only without checksums)
    if (data_dir / JOURNAL_FILE).exists() or _log_has_entries(data_dir, result):
        result.problems.append(CheckProblem("storage.check.journal", {}, fatal=False))
    try:
        sums = checksums.read(data_dir)
    except DamagedFileError as exc:
        _damaged(result, CHECKSUMS_FILE, exc.reason)
        sums = None
    present = data_files(data_dir)
    if sums is None and present and version == SCHEMA_VERSION and not (data_dir / CHECKSUMS_FILE).exists():
        _damaged(result, CHECKSUMS_FILE, "missing")
    if sums is not None:
        for rel in sums.missing(set(present)):
            _damaged(result, rel, "missing")
    refs = References()
    seen: set[tuple[str, str]] = set()
    for rel in present:
        result.files += 1
        kind = kind_of_partition(rel)
        assert kind is not None
        try:
            raw = read_bytes(data_dir / rel)
            tables = parse_json(data_dir / rel, raw)
        except DamagedFileError as exc:
            _damaged(result, rel, exc.reason)
            continue
        table = tables.get(kind.name, {}) if isinstance(tables, dict) else None
        if not isinstance(table, dict) or set(tables) - {kind.name}:
            _damaged(result, rel, "unexpected content")
            continue
        if sums is not None and not sums.accepts(rel, checksums.key(raw)):
            # it still reads as data (a changed digit?): damage all the same
            result.problems.append(CheckProblem("storage.check.checksum", {"file": rel}))
        for doc_id, doc in table.items():
            try:
                record = decode_strict(kind.cls, doc)
            except CodecError:
                result.problems.append(CheckProblem("storage.check.bad_record", {"file": rel, "record_id": doc_id}))
                continue
            if record.id != doc_id or kind.partition_of(record) != rel or (kind.name, doc_id) in seen:
                result.problems.append(CheckProblem("storage.check.misplaced", {"file": rel, "record_id": doc_id}))
                continue
            seen.add((kind.name, doc_id))
            refs.add(kind.name, rel, record)
            result.records += 1
    for dangling in refs.dangling():
        result.problems.append(CheckProblem("storage.check.dangling", {
            "file": dangling.file, "record_id": dangling.record_id, "target_id": dangling.target_id,
            "target": dangling.target_file}))


def _log_has_entries(data_dir: Path, result: CheckResult) -> bool:
    """True when the write-ahead log holds saves not yet in the files (normal after
    a crash; the next open writes them). An unreadable log is a damaged file."""
    path = data_dir / WAL_FILE
    if not path.exists():
        return False
    try:
        return bool(read_log(path)[1])
    except (WalDamagedError, OSError) as exc:
        _damaged(result, WAL_FILE, str(exc))
        return False


def _check_backups(data_dir: Path, result: CheckResult) -> None:
    result.newest_backup = backups.newest_good_backup(data_dir)
    infos = backups.Rotation(data_dir, lambda: datetime.now(timezone.utc)).entries()  # listing only: no clock read
    if infos and infos[-1].path != result.newest_backup:  # the newest is bad: say why
        try:
            backups.validate_backup(infos[-1].path)
        except InvalidBackupError as exc:
            result.problems.append(CheckProblem(
                "storage.check.bad_backup", {"file": infos[-1].path.name, "reason": exc.params.get("reason", "")}))
    if result.newest_backup is None:
        result.problems.append(CheckProblem("storage.check.no_backup", {}, fatal=False))
