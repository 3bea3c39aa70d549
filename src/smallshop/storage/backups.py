"""Backups: one zip per backup, automatic rotation, validation and restore.

A backup is a single zip file (written to a temp file, fsync'd, renamed) holding
manifest.json (app, schema_version, created_at, sequence, reason, record counts,
file list) and every data file as it was committed. "Newest" means the highest
sequence number in the manifest, never the file time, so a clock that went back
cannot make an old backup look new. A restore validates the whole file first,
moves the current data into DATA/replaced-<stamp>/ (kept) and installs the backup;
a marker file lets an interrupted restore finish at the next open, so the folder
is never left half-restored.
"""

from __future__ import annotations

import logging
import os
import shutil
import zipfile
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable

from filelock import FileLock, Timeout

from .files import TEMP_SUFFIX, atomic_write, dumps, fsync_dir, sync_dir_quietly
from .interfaces import InvalidBackupError, StoreLockedError
from .jsonbytes import JSONDecodeError
from .jsonbytes import dumps as json_dumps
from .jsonbytes import loads as json_loads
from .layout import (
    APP_NAME,
    BACKUP_DIR,
    LOCK_FILE,
    META_FILE,
    RESTORE_MARKER,
    SCHEMA_VERSION,
    V1_FILE,
    data_entries,
    kind_of_partition,
)

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
KEEP = {"daily": 14, "before-migration": 3, "manual": 5}
DAILY = timedelta(days=1)


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    sequence: int
    created_at: datetime
    reason: str
    schema_version: int
    counts: dict[str, int]


def _naive_utc(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc).replace(tzinfo=None) if moment.tzinfo else moment


def _stamp(moment: datetime) -> str:
    return _naive_utc(moment).strftime("%Y%m%dT%H%M%S")


# --- writing ----------------------------------------------------------------
def write_backup(destination: Path, files: dict[str, bytes], counts: dict[str, int], *,
                 created_at: datetime, reason: str, sequence: int,
                 schema_version: int = SCHEMA_VERSION) -> Path:
    """Write a backup zip atomically to `destination` and return it."""
    manifest = {
        "app": APP_NAME,
        "schema_version": schema_version,
        "created_at": created_at.isoformat(),
        "sequence": sequence,
        "reason": reason,
        "counts": counts,
        "files": sorted(files),
    }
    destination.parent.mkdir(parents=True, exist_ok=True)
    tmp = destination.with_name(destination.name + TEMP_SUFFIX)
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
            zf.writestr(MANIFEST, json_dumps(manifest, indent=True))
            for name in sorted(files):
                zf.writestr(name, files[name])
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, destination)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise
    sync_dir_quietly(destination.parent)
    return destination


class Rotation:
    """The rotating backups in DATA/backups/: bounded per reason, newest by sequence."""

    def __init__(self, data_dir: Path, clock: Callable[[], datetime]) -> None:
        self.folder = data_dir / BACKUP_DIR
        self.clock = clock
        self._last_daily: datetime | None = None
        self._scanned = False

    def entries(self) -> list[BackupInfo]:
        """Readable backups in the folder, oldest first (by sequence)."""
        found = []
        if self.folder.is_dir():
            for path in self.folder.glob("*.zip"):
                info = read_info(path)
                if info is not None:
                    found.append(info)
        return sorted(found, key=lambda i: i.sequence)

    def due(self, now: datetime | None = None) -> bool:
        """True when no daily backup exists or the last one is a day away from now
        (either way: a clock moved back by more than a day also gets a fresh one)."""
        if not self._scanned:
            daily = [i for i in self.entries() if i.reason == "daily"]
            self._last_daily = daily[-1].created_at if daily else None
            self._scanned = True
        if self._last_daily is None:
            return True
        moment = now if now is not None else self.clock()
        return abs(_naive_utc(moment) - _naive_utc(self._last_daily)) >= DAILY

    def add(self, files: dict[str, bytes], counts: dict[str, int], reason: str,
            schema_version: int = SCHEMA_VERSION, now: datetime | None = None) -> Path:
        entries = self.entries()
        sequence = (entries[-1].sequence if entries else 0) + 1
        now = now if now is not None else self.clock()
        path = self.folder / f"backup-{_stamp(now)}-{sequence:06d}-{reason}.zip"
        write_backup(path, files, counts, created_at=now, reason=reason, sequence=sequence,
                     schema_version=schema_version)
        if reason == "daily":
            self._last_daily, self._scanned = now, True
        self.prune()
        return path

    def prune(self) -> None:
        by_reason: dict[str, list[BackupInfo]] = {}
        for info in self.entries():
            by_reason.setdefault(info.reason, []).append(info)
        for reason, infos in by_reason.items():
            keep = KEEP.get(reason, 3)
            for info in infos[:-keep]:
                log.info("removing old backup %s", info.path)
                info.path.unlink(missing_ok=True)


def read_info(path: Path) -> BackupInfo | None:
    """The manifest of a backup zip, or None when it has none (no full check)."""
    try:
        with zipfile.ZipFile(path) as zf:
            manifest = json_loads(zf.read(MANIFEST))
        return _info(path, manifest)
    except Exception:  # unreadable in any way: not a usable backup
        return None


def _info(path: Path, manifest: Any) -> BackupInfo:
    if not isinstance(manifest, dict) or manifest.get("app") != APP_NAME:
        raise ValueError("not a smallshop backup")
    return BackupInfo(
        path=path,
        sequence=int(manifest.get("sequence", 0)),
        created_at=datetime.fromisoformat(manifest["created_at"]),
        reason=str(manifest.get("reason", "manual")),
        schema_version=int(manifest["schema_version"]),
        counts=dict(manifest.get("counts", {})),
    )


# --- validating ---------------------------------------------------------------
def _invalid(path: Path, reason: str) -> InvalidBackupError:
    return InvalidBackupError(f"{path}: {reason}", file=str(path), reason=reason)


def validate_backup(path: Path) -> BackupInfo:
    """Check every byte of a backup; raise InvalidBackupError saying what is wrong."""
    path = Path(path)
    if not path.is_file():
        raise _invalid(path, "no such file")
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if MANIFEST not in names:
                raise _invalid(path, "no manifest.json")
            try:
                manifest = json_loads(zf.read(MANIFEST))
                info = _info(path, manifest)
            except (ValueError, KeyError, TypeError, JSONDecodeError) as exc:
                raise _invalid(path, f"not a smallshop backup ({exc})") from exc
            if info.schema_version > SCHEMA_VERSION:
                raise _invalid(path, f"made by a newer smallshop (schema {info.schema_version})")
            listed = manifest.get("files")
            if not isinstance(listed, list) or not set(listed) <= names:
                raise _invalid(path, "files listed in the manifest are missing")
            for name in listed:
                if not _allowed_name(name):
                    raise _invalid(path, f"unexpected file {name}")
                try:
                    doc = json_loads(zf.read(name))  # reading checks the CRC
                except Exception as exc:  # CRC, zlib, truncation, JSON: all mean damaged
                    raise _invalid(path, f"damaged member {name}") from exc
                if not isinstance(doc, dict):
                    raise _invalid(path, f"damaged member {name}")
    except InvalidBackupError:
        raise
    except Exception as exc:  # BadZipFile, OSError, a cut central directory...
        raise _invalid(path, f"not a zip file ({exc})") from exc
    return info


def _allowed_name(name: str) -> bool:
    if name in (META_FILE, V1_FILE):
        return True
    if ".." in name or name.startswith("/"):
        return False
    return kind_of_partition(name) is not None and name.endswith(".json")


def newest_good_backup(data_dir: Path) -> Path | None:
    """The newest (highest sequence) backup that passes validate_backup, or None."""
    for info in reversed(Rotation(data_dir, lambda: datetime.now(timezone.utc)).entries()):
        try:
            validate_backup(info.path)
            return info.path
        except InvalidBackupError:
            continue
    return None


# --- restoring ----------------------------------------------------------------
def restore_backup(data_dir: Path, path: Path, *, clock: Callable[[], datetime] | None = None) -> Path:
    """Replace the data in `data_dir` by the backup at `path`. The backup is fully
    validated first; the current data is moved into DATA/replaced-<stamp>/, which is
    returned. The folder must not be open (StoreLockedError otherwise)."""
    validate_backup(path)
    data_dir = Path(data_dir).expanduser().resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    from .tinydb_store import _REGISTRY  # the store imports this module

    if data_dir in _REGISTRY:
        raise StoreLockedError(f"{data_dir} is open in this program", folder=str(data_dir))
    lock = FileLock(str(data_dir / LOCK_FILE), timeout=0, thread_local=False)
    try:
        lock.acquire()
    except Timeout:
        raise StoreLockedError(f"{data_dir} is open in another program", folder=str(data_dir)) from None
    try:
        finish_interrupted_restore(data_dir)
        now = (clock or (lambda: datetime.now(timezone.utc)))()
        stamp = _stamp(now)
        replaced = data_dir / f"replaced-{stamp}"
        n = 1
        while replaced.exists() or (data_dir / f".restoring-{replaced.name[9:]}").exists():
            n += 1
            replaced = data_dir / f"replaced-{stamp}-{n}"
        staging = data_dir / f".restoring-{replaced.name[9:]}"
        _extract(path, staging)
        marker = {"staging": staging.name, "replaced": replaced.name, "entries": data_entries(data_dir)}
        atomic_write(data_dir / RESTORE_MARKER, dumps(marker))
        _roll_forward(data_dir, marker)
        return replaced
    finally:
        lock.release()


def _extract(path: Path, staging: Path) -> None:
    staging.mkdir()
    with zipfile.ZipFile(path) as zf:
        manifest = json_loads(zf.read(MANIFEST))
        for name in manifest["files"]:
            atomic_write(staging / name, zf.read(name), sync_dir=False)
    for folder in {staging, *(p.parent for p in staging.rglob("*.json"))}:
        fsync_dir(folder)
    fsync_dir(staging.parent)


def _roll_forward(data_dir: Path, marker: dict[str, Any]) -> None:
    """Idempotent: move old entries aside, move staged ones in, drop the marker."""
    staging = data_dir / marker["staging"]
    replaced = data_dir / marker["replaced"]
    replaced.mkdir(exist_ok=True)
    for name in marker["entries"]:
        source = data_dir / name
        if source.exists() and not (replaced / name).exists():
            os.replace(source, replaced / name)
    if staging.is_dir():
        for entry in sorted(staging.iterdir()):
            target = data_dir / entry.name
            if target.exists():  # a schema-1 file can't clash; guard anyway
                shutil.move(str(target), str(replaced / f"{entry.name}.extra"))
            os.replace(entry, target)
        staging.rmdir()
    fsync_dir(replaced)
    fsync_dir(data_dir)
    (data_dir / RESTORE_MARKER).unlink(missing_ok=True)
    sync_dir_quietly(data_dir)


def finish_interrupted_restore(data_dir: Path) -> None:
    """Called at open: complete a restore cut short, drop unfinished staging."""
    marker_path = data_dir / RESTORE_MARKER
    if marker_path.exists():
        try:
            marker = json_loads(marker_path.read_bytes())
            ok = isinstance(marker, dict) and {"staging", "replaced", "entries"} <= set(marker)
        except (OSError, JSONDecodeError):
            ok = False
        if ok:
            log.warning("finishing an interrupted restore in %s", data_dir)
            _roll_forward(data_dir, marker)
        else:
            marker_path.unlink()
    for leftover in data_dir.glob(".restoring-*"):
        shutil.rmtree(leftover, ignore_errors=True)
