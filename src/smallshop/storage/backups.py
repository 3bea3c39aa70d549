"""Backups: one zip per backup, automatic rotation, validation and restore.

A backup is a single zip file (written to a temp file, fsync'd, renamed) holding
manifest.json (app, schema_version, created_at, sequence, reason, record counts,
file list) and every data file as it was committed. "Newest" means the highest
sequence number in the manifest, never the file time, so a clock that went back
cannot make an old backup look new. Restoring one is storage.restoring (it
opens the backup's data before replacing anything).
"""

from __future__ import annotations

import logging
import os
import zipfile
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable, Mapping, Protocol, Sequence

from .checksums import key as checksum_key
from .files import TEMP_SUFFIX, atomic_write, sync_dir_quietly
from .interfaces import InvalidBackupError
from .jsonbytes import JSONDecodeError
from .jsonbytes import dumps as json_dumps
from .jsonbytes import loads as json_loads
from .layout import (
    APP_NAME,
    BACKUP_DIR,
    KIND_BY_NAME,
    META_FILE,
    SCHEMA_VERSION,
    V1_FILE,
    kind_of_partition,
)

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
COPY_CONFIG = "backup-copy.json"  # {"folder": ..., "last_copied": iso}: the second backup folder
RETRY = timedelta(minutes=10)  # a failed daily backup is tried again this often (not on every save)
KEEP = {"daily": 14, "before-migration": 3, "manual": 5, "before-restore": 5, "restored": 5}
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
def write_backup(destination: Path, files: Mapping[str, bytes], counts: dict[str, int], *,
                 created_at: datetime, reason: str, sequence: int,
                 schema_version: int = SCHEMA_VERSION) -> Path:
    """Write a backup zip atomically to `destination` and return it. `files` may read
    each file only when asked (checksums.VerifiedFiles: one in memory at a time)."""
    recorded = files.recorded() if hasattr(files, "recorded") else {}
    sums = {name: recorded[name] if name in recorded else checksum_key(files[name])
            for name in sorted(files) if name != META_FILE and name != V1_FILE}
    manifest = {
        "app": APP_NAME,
        "schema_version": schema_version,
        "created_at": created_at.isoformat(),
        "sequence": sequence,
        "reason": reason,
        "counts": counts,
        "files": sorted(files),
        "checksums": {name: list(k) for name, k in sums.items()},  # checked again on restore
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
    except BaseException:  # a full disk, or a file found damaged while it was being read
        tmp.unlink(missing_ok=True)
        raise
    sync_dir_quietly(destination.parent)
    return destination


class Rotation:
    """The rotating backups in DATA/backups/: bounded per reason, newest by sequence."""

    def __init__(self, data_dir: Path, clock: Callable[[], datetime]) -> None:
        self.data_dir = data_dir
        self.folder = data_dir / BACKUP_DIR
        self.clock = clock
        self._last_daily: datetime | None = None
        self._last_path: Path | None = None
        self._scanned = False
        self.problem: str | None = None  # why the last daily backup failed (None: it worked)
        self.copy_problem: str | None = None  # why copying it to the second folder failed
        self._retry_at: datetime | None = None

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
        moment = now if now is not None else self.clock()
        if self._retry_at is not None and _naive_utc(moment) < _naive_utc(self._retry_at):
            return False  # failed a moment ago: not again on every save
        if not self._scanned or (self._last_path is not None and not self._last_path.exists()):
            daily = [i for i in self.entries() if i.reason == "daily"]  # (again when backups/ was deleted)
            self._last_daily = daily[-1].created_at if daily else None
            self._last_path = daily[-1].path if daily else None
            self._scanned = True
        if self._last_daily is None:
            return True
        return abs(_naive_utc(moment) - _naive_utc(self._last_daily)) >= DAILY

    def failed(self, reason: str, now: datetime | None = None) -> None:
        """The daily backup could not be written: shown to the owner, retried later."""
        self.problem = reason
        self._retry_at = (now if now is not None else self.clock()) + RETRY

    @property
    def last_daily(self) -> datetime | None:
        return self._last_daily

    # --- the second backup folder (a USB stick, an SD card) ---------------------------
    def copy_config(self) -> dict[str, Any]:
        try:
            config = json_loads((self.data_dir / COPY_CONFIG).read_bytes())
        except (OSError, ValueError):
            return {}
        return config if isinstance(config, dict) else {}

    def set_copy_folder(self, folder: Path | None) -> None:
        config = {"folder": str(folder)} if folder is not None else {}
        atomic_write(self.data_dir / COPY_CONFIG, json_dumps(config))
        self.copy_problem = None

    def copy_out(self, backup: Path, now: datetime | None = None) -> Path | None:
        """Copy a daily backup into the second folder (atomically), keep its newest
        KEEP["daily"] there; a failure is kept in `copy_problem`, never raised."""
        config = self.copy_config()
        if not config.get("folder"):
            return None
        target_dir = Path(config["folder"])
        target = target_dir / backup.name
        tmp = target_dir / (backup.name + TEMP_SUFFIX)
        try:
            if not target_dir.is_dir():
                raise FileNotFoundError(2, "the folder is not there (is the USB stick plugged in?)", str(target_dir))
            with open(backup, "rb") as source, open(tmp, "wb") as out:
                while chunk := source.read(1024 * 1024):
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, target)
            sync_dir_quietly(target_dir)
            copies = sorted(target_dir.glob("backup-*-daily.zip"))
            for old in copies[: -KEEP["daily"]]:
                old.unlink(missing_ok=True)
        except OSError as exc:
            try:
                tmp.unlink(missing_ok=True)
            except OSError:
                pass
            self.copy_problem = exc.strerror or str(exc)
            log.warning("copying the backup to %s failed: %s", target_dir, exc)
            return None
        moment = now if now is not None else self.clock()
        config["last_copied"] = moment.isoformat()
        try:
            atomic_write(self.data_dir / COPY_CONFIG, json_dumps(config))
        except OSError:
            pass
        self.copy_problem = None
        return target

    def add(self, files: Mapping[str, bytes], counts: dict[str, int], reason: str,
            schema_version: int = SCHEMA_VERSION, now: datetime | None = None) -> Path:
        entries = self.entries()
        sequence = (entries[-1].sequence if entries else 0) + 1
        now = now if now is not None else self.clock()
        path = self.folder / f"backup-{_stamp(now)}-{sequence:06d}-{reason}.zip"
        write_backup(path, files, counts, created_at=now, reason=reason, sequence=sequence,
                     schema_version=schema_version)
        if reason == "daily":
            self._last_daily, self._last_path, self._scanned = now, path, True
            self.problem, self._retry_at = None, None
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
            if zf.getinfo(MANIFEST).file_size > MAX_MANIFEST_BYTES:
                return None
            manifest = json_loads(zf.read(MANIFEST))
        return _info(path, manifest)
    except Exception:  # unreadable in any way: not a usable backup
        return None


def _info(path: Path, manifest: Any) -> BackupInfo:
    """The manifest's fields, each of the right type (ValueError otherwise: a
    manifest whose record counts are text must not restore and then fail)."""
    if not isinstance(manifest, dict) or manifest.get("app") != APP_NAME:
        raise ValueError("not a smallshop backup")
    counts = manifest.get("counts", {})
    if not isinstance(counts, dict) or not all(
        name in KIND_BY_NAME and type(n) is int and n >= 0 for name, n in counts.items()
    ):
        raise ValueError("record counts are not whole numbers of known kinds")
    sequence, version = manifest.get("sequence", 0), manifest.get("schema_version")
    if type(sequence) is not int or type(version) is not int or not isinstance(manifest.get("created_at"), str):
        raise ValueError("sequence, schema_version or created_at missing or of the wrong type")
    return BackupInfo(
        path=path,
        sequence=sequence,
        created_at=datetime.fromisoformat(manifest["created_at"]),
        reason=str(manifest.get("reason", "manual")),
        schema_version=version,
        counts=dict(counts),
    )


# --- validating ---------------------------------------------------------------
# Limits on what a backup may unpack to. Ten years of a busy workshop (~60,000
# records) is ~25 MB of JSON in ~600 files, the largest (customers.json) ~1 MB;
# real data compresses 5-15 times. A backup beyond these is refused before
# anything is unpacked: a 1 MB zip can hold 1 GB of zeros.
# A restore must stay under 200 MB of memory whatever the file (issue 10;
# benchmarks/restore_memory.py measures it): it checks one file at a time (so the
# per-file limit bounds that step) and then opens the restored data, which holds every
# record (so the record limit and the total bound that one). Ten busy years are
# 33 MB, ~64,000 records, the largest file 0.8 MB.
# At 64 MB and 150,000 records the worst valid backup peaked at 177 MB: too close to
# 200 MB for a phone's JSON backends and the store's indexes still to come.
MAX_MEMBER_BYTES = 4 * 1024 * 1024  # one data file (5x the largest of ten busy years)
MAX_TOTAL_BYTES = 48 * 1024 * 1024  # all data files together (1.5x ten busy years)
MAX_RECORDS = 120_000  # records in all (1.9x ten busy years)
MAX_RATIO = 100  # uncompressed / compressed size, for members above RATIO_FROM bytes
RATIO_FROM = 1024 * 1024
MAX_MEMBERS = 20_000
MAX_MANIFEST_BYTES = 4 * 1024 * 1024


def _invalid(path: Path, reason: str, why: str | None = None, **params: Any) -> InvalidBackupError:
    return InvalidBackupError(f"{path}: {reason}", why=why, file=str(path), reason=reason, **params)


class Member(Protocol):
    """What the size limits read of a zip member (zipfile.ZipInfo) or a plain file."""

    @property
    def filename(self) -> str: ...

    @property
    def file_size(self) -> int: ...

    @property
    def compress_size(self) -> int: ...


def check_member_sizes(path: Path, members: Sequence[Member]) -> None:
    """Refuse a zip whose declared sizes break the limits (before reading any)."""
    if len(members) > MAX_MEMBERS:
        raise _invalid(path, f"{len(members)} files", "too_many_files", count=len(members))
    total = 0
    for member in members:
        check_member_size(path, member.filename, member.file_size, member.compress_size)
        total += member.file_size
        if total > MAX_TOTAL_BYTES:
            raise _invalid(path, f"more than {MAX_TOTAL_BYTES} bytes in all", "too_big",
                           member=member.filename, limit=MAX_TOTAL_BYTES // 2**20)


def check_member_size(path: Path, name: str, size: int, compressed: int) -> None:
    if size > MAX_MEMBER_BYTES:
        raise _invalid(path, f"{name}: {size} bytes", "too_big", member=name, limit=MAX_MEMBER_BYTES // 2**20)
    if size > RATIO_FROM and size > MAX_RATIO * max(compressed, 1):
        raise _invalid(path, f"{name}: compressed {size // max(compressed, 1)} times", "bomb", member=name,
                       ratio=size // max(compressed, 1))


def validate_backup(path: Path) -> BackupInfo:
    """Check every byte of a backup; raise InvalidBackupError saying what is wrong.
    (A restore goes further: it opens the backup's data, see storage.restoring.)"""
    path = Path(path)
    if not path.is_file():
        raise _invalid(path, "no such file", "not_found")
    try:
        with zipfile.ZipFile(path) as zf:
            members = {m.filename: m for m in zf.infolist()}
            if MANIFEST not in members:
                raise _invalid(path, "no manifest.json", "no_manifest")
            if members[MANIFEST].file_size > MAX_MANIFEST_BYTES:
                raise _invalid(path, "manifest too big", "too_big", member=MANIFEST,
                               limit=MAX_MANIFEST_BYTES // 2**20)
            try:
                manifest = json_loads(zf.read(MANIFEST))
                info = _info(path, manifest)
            except (ValueError, KeyError, TypeError, JSONDecodeError) as exc:
                raise _invalid(path, f"not a smallshop backup ({exc})", "bad_manifest") from exc
            listed = listed_members(path, manifest, info, members)
            sums = listed_checksums(path, manifest, listed)
            for name in listed:
                try:
                    raw = zf.read(name)  # reading checks the zip's CRC
                    if name in sums and checksum_key(raw) != sums[name]:
                        raise ValueError("checksum mismatch")  # damaged before it was backed up
                    doc = json_loads(raw)
                except Exception as exc:  # CRC, zlib, truncation, JSON: all mean damaged
                    raise _invalid(path, f"damaged member {name}", "damaged_member", member=name) from exc
                if not isinstance(doc, dict):
                    raise _invalid(path, f"damaged member {name}", "damaged_member", member=name)
    except InvalidBackupError:
        raise
    except Exception as exc:  # BadZipFile, OSError, a cut central directory...
        raise _invalid(path, f"not a zip file ({exc})", "not_zip") from exc
    return info


def listed_members(path: Path, manifest: dict[str, Any], info: BackupInfo,
                   members: dict[str, zipfile.ZipInfo]) -> list[str]:
    """The data files a backup's manifest lists, once each is known to be there, allowed
    and within the size limits (validate_backup and a restore's unpacking both ask)."""
    if info.schema_version > SCHEMA_VERSION:
        raise _invalid(path, f"made by a newer smallshop (schema {info.schema_version})", "too_new",
                       version=info.schema_version)
    listed = manifest.get("files")
    if not isinstance(listed, list) or not all(isinstance(n, str) for n in listed):
        raise _invalid(path, "no file list in the manifest", "bad_manifest")
    missing = sorted(set(listed) - set(members))
    if missing:
        raise _invalid(path, "files listed in the manifest are missing", "missing_member", member=missing[0])
    for name in listed:
        if not allowed_name(name):
            raise _invalid(path, f"unexpected file {name}", "unexpected_member", member=name)
    check_member_sizes(path, [members[name] for name in listed])
    return listed


def listed_checksums(path: Path, manifest: dict[str, Any], listed: list[str]) -> dict[str, tuple[int, int]]:
    """The (size, crc) the manifest records for its data files ({} for a backup made
    before checksums); anything malformed is a bad manifest."""
    table = manifest.get("checksums", {})
    ok = isinstance(table, dict) and all(
        name in listed and isinstance(v, list) and len(v) == 2 and all(type(n) is int for n in v)
        for name, v in table.items())
    if not ok:
        raise _invalid(path, "checksums in the manifest are malformed", "bad_manifest")
    return {name: (v[0], v[1]) for name, v in table.items()}


def allowed_name(name: str) -> bool:
    """A name a backup may hold: meta.json, the schema-1 file, or a data file."""
    if name in (META_FILE, V1_FILE):
        return True
    if ".." in name or name.startswith("/") or "\\" in name:
        return False
    parts = name.split("/")
    kind = kind_of_partition(name)
    if kind is None or not name.endswith(".json"):
        return False
    return len(parts) == (1 if kind.date_field is None else 2)


def newest_good_backup(data_dir: Path, *, of_current_data: bool = False) -> Path | None:
    """The newest (highest sequence) backup that passes validate_backup, or None.

    `of_current_data` (what recovery may take records from): only backups of the data
    now in the folder. A restore replaces the data deliberately; the backups made
    before it (its "before-restore" one first of all, which has the highest sequence
    until the next daily) hold the data it replaced, and records taken from them would
    come back from the dead. A successful restore writes a "restored" backup of the
    data it put in place: from the newest restore on, only that one and later ones
    count (none, after a restore cut short before it: nothing is better than the past)."""
    entries = Rotation(data_dir, lambda: datetime.now(timezone.utc)).entries()
    if of_current_data:
        marks = [i.sequence for i in entries if i.reason in ("restored", "before-restore")]
        if marks:
            entries = [i for i in entries if i.sequence >= max(marks) and i.reason != "before-restore"]
    for info in reversed(entries):
        try:
            validate_backup(info.path)
            return info.path
        except InvalidBackupError:
            continue
    return None


