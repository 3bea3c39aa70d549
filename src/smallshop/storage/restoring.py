"""Restoring: a backup replaces the data only after it has been opened.

A restore is an open. The backup (a zip, or a data folder such as a
replaced-<stamp>/ or a recovered folder) is unpacked into DATA/.restoring-<id>/,
streamed with limits on each file's and the total size and on the compression
ratio, then opened with the very code the app opens with (open_store: every file
parsed, every record decoded and checked, migrations, the log replayed) and its
record counts compared with the manifest. Anything that would not open is
refused with InvalidBackupError naming what is wrong; the current data is not
touched. Only then: the current data is written into backups/ as an ordinary
backup ("before-restore"), the folder's entries are swapped (storage.swap: a
marker makes a crash leave the old data or the new, complete), the folder is
reopened, and if that fails the swap is undone.

    staged = stage_restore(data_dir, source)       # slow: off the UI loop
    outcome = restore_backup(data_dir, source)     # the whole thing, folder closed
"""

from __future__ import annotations

import logging
import shutil
import uuid
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

from ..domain.models import BusinessProfile
from . import backups
from .backups import MANIFEST, BackupInfo, _invalid, check_member_size
from .jsonbytes import JSONDecodeError
from .jsonbytes import loads as json_loads
from .files import TEMP_SUFFIX, fsync_dir
from .interfaces import InvalidBackupError, StorageError, StoreDamagedError, StoreTooNewError
from .layout import BACKUP_DIR, JOURNAL_FILE, LOCK_FILE, META_FILE, RECORD_KINDS, V1_FILE, WAL_FILE, data_files
from .swap import STAGING_PREFIX, swap_back, swap_in

__all__ = ["InvalidBackupError", "StagedRestore", "RestoreOutcome", "stage_restore", "install",
           "restore_backup", "check_business", "swap_back", "recover_in_place"]

log = logging.getLogger(__name__)

Progress = Callable[[float], None]  # 0.0 .. 1.0
CHUNK = 1024 * 1024


@dataclass
class StagedRestore:
    """A backup unpacked and opened beside the data, ready to be swapped in."""

    source: Path
    staging: Path
    counts: dict[str, int]  # records per kind, as opened
    business_name: str | None
    info: BackupInfo | None = None  # None for a folder
    swapping: bool = False  # the swap began: the marker names this staging folder, keep it

    @property
    def records(self) -> int:
        """Business records (not the history or the bin)."""
        return sum(self.counts.get(kind.name, 0) for kind in RECORD_KINDS)

    def discard(self) -> None:
        """Remove the staging folder, unless a swap began (the next open finishes it)."""
        if not self.swapping:
            shutil.rmtree(self.staging, ignore_errors=True)


@dataclass
class RestoreOutcome:
    replaced: Path  # the data that was replaced, kept as a folder
    before_restore: Path | None  # the same data as an ordinary backup (None: it would not open)
    counts: dict[str, int] = field(default_factory=dict)
    records: int = 0
    business_name: str | None = None


def _ignore(_fraction: float) -> None:
    pass


def stage_restore(data_dir: Path, source: Path, *, progress: Progress = _ignore) -> StagedRestore:
    """Unpack `source` into a staging folder inside `data_dir` and open it there.
    Raises InvalidBackupError (staging removed) when it would not open."""
    data_dir = Path(data_dir).expanduser().resolve()
    source = Path(source).expanduser()
    data_dir.mkdir(parents=True, exist_ok=True)
    staging = data_dir / f"{STAGING_PREFIX}{uuid.uuid4().hex[:12]}"
    try:
        staging.mkdir()
        if source.is_dir():
            info = None
            _copy_folder(source, staging, data_dir, progress)
        else:
            info = _unpack(source, staging, progress)
        progress(0.6)
        counts, business = _open_staged(source, staging)
        progress(0.9)
        if info is not None:
            for kind, expected in info.counts.items():
                if counts.get(kind, 0) != expected:
                    raise _invalid(source, f"{kind}: manifest says {expected}, holds {counts.get(kind, 0)}",
                                   "count_mismatch", kind=kind, expected=expected, found=counts.get(kind, 0))
        staged = StagedRestore(source, staging, counts, business, info)
        if staged.records == 0:
            raise _invalid(source, "no records", "empty")
        return staged
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _unpack(source: Path, staging: Path, progress: Progress) -> BackupInfo:
    """Stream the listed members into `staging`, never beyond the limits (a lying
    header is caught while reading: zipfile stops at the declared size and its
    CRC check then fails)."""
    if not source.is_file():
        raise _invalid(source, "no such file", "not_found")
    try:
        with zipfile.ZipFile(source) as zf:
            members = {m.filename: m for m in zf.infolist()}
            if MANIFEST not in members:
                raise _invalid(source, "no manifest.json", "no_manifest")
            check_member_size(source, MANIFEST, members[MANIFEST].file_size, members[MANIFEST].compress_size)
            try:
                manifest = json_loads(zf.read(MANIFEST))
                info = backups._info(source, manifest)
            except (ValueError, KeyError, TypeError, JSONDecodeError) as exc:
                raise _invalid(source, f"not a smallshop backup ({exc})", "bad_manifest") from exc
            listed = backups.listed_members(source, manifest, info, members)
            total_declared = sum(members[name].file_size for name in listed) or 1
            done = 0
            for name in listed:
                done += _stream_member(zf, members[name], staging / name, source)
                progress(0.5 * done / total_declared)
    except InvalidBackupError:
        raise
    except Exception as exc:  # BadZipFile, a cut central directory, OSError...
        raise _invalid(source, f"not a zip file ({exc})", "not_zip") from exc
    for folder in {staging, *(p.parent for p in staging.rglob("*.json"))}:
        fsync_dir(folder)
    return info


def _stream_member(zf: zipfile.ZipFile, member: zipfile.ZipInfo, target: Path, source: Path) -> int:
    target.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    try:
        with zf.open(member) as reader, open(target, "wb") as out:
            while chunk := reader.read(CHUNK):
                written += len(chunk)
                check_member_size(source, member.filename, written, member.compress_size)
                out.write(chunk)
            out.flush()
    except InvalidBackupError:
        raise
    except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError, RuntimeError) as exc:
        raise _invalid(source, f"damaged member {member.filename} ({exc})", "damaged_member",
                       member=member.filename) from exc
    return written


def _copy_folder(source: Path, staging: Path, data_dir: Path, progress: Progress) -> None:
    """A data folder (replaced-<stamp>/, a recovered folder) offered for restore:
    its data files, log and journal are copied, within the same limits."""
    source = source.resolve()
    if source == data_dir:
        raise _invalid(source, "this is the data folder itself", "same_folder")
    names = [n for n in (META_FILE, V1_FILE, WAL_FILE, JOURNAL_FILE) if (source / n).is_file()]
    names += data_files(source)
    if not names:
        raise _invalid(source, "no smallshop data in this folder", "no_data")
    sizes = [(name, (source / name).stat().st_size) for name in names]
    total = sum(size for _name, size in sizes)
    backups.check_member_sizes(source, [_FakeInfo(name, size) for name, size in sizes])
    done = 0
    for name, size in sizes:
        (staging / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / name, staging / name)
        done += size
        progress(0.5 * done / (total or 1))
    for folder in {staging, *(staging / n for n in names if (staging / n).is_dir())}:
        fsync_dir(folder)


@dataclass
class _FakeInfo:
    """What check_member_sizes needs of a plain file (stored, not compressed)."""

    filename: str
    file_size: int

    @property
    def compress_size(self) -> int:
        return self.file_size


def _open_staged(source: Path, staging: Path) -> tuple[dict[str, int], str | None]:
    """Open the staged data exactly as the app would, read every record, close it.
    Leaves only data in staging (no lock, log or backups of its own)."""
    from .tinydb_store import open_store  # the store imports storage modules

    try:
        store = open_store(staging, backups=False)
    except StoreTooNewError as exc:
        raise _invalid(source, str(exc), "too_new", version=exc.params.get("version", "")) from exc
    except StoreDamagedError as exc:
        member = exc.params.get("file", "")
        raise _invalid(source, f"{member} would not open", "damaged_data", member=member) from exc
    except (StorageError, OSError, ValueError, KeyError, TypeError) as exc:
        raise _invalid(source, f"would not open ({exc})", "damaged_data", member="") from exc
    try:
        counts = {}
        for name, repo in store._repos.items():  # all(): every record, whatever is loaded lazily
            counts[name] = len(repo.all())
        profile = store.repository(BusinessProfile).get("profile")
        business = getattr(profile, "business_name", None) or None
    finally:
        store.close()
    for leftover in (LOCK_FILE, WAL_FILE):
        (staging / leftover).unlink(missing_ok=True)
    shutil.rmtree(staging / BACKUP_DIR, ignore_errors=True)  # a migration's own backup
    for tmp in staging.rglob(f"*{TEMP_SUFFIX}"):
        tmp.unlink()
    return counts, business


def same_business(ours: str | None, theirs: str | None) -> bool:
    """False only when both folders name a business and the names differ."""
    if not ours or not theirs:
        return True
    return " ".join(ours.casefold().split()) == " ".join(theirs.casefold().split())


def check_business(staged: StagedRestore, current: str | None) -> None:
    """Refuse a backup of another business (the demo, a neighbour's) unless asked."""
    if not same_business(current, staged.business_name):
        raise _invalid(staged.source, f"a backup of {staged.business_name!r}, not {current!r}", "other_business",
                       theirs=staged.business_name or "", ours=current or "")


def _stamp(clock: Callable[[], datetime] | None) -> str:
    now = (clock or (lambda: datetime.now(timezone.utc)))()
    return backups._stamp(now)


def install(data_dir: Path, staged: StagedRestore, *, clock: Callable[[], datetime] | None = None) -> Path:
    """Swap the staged data in (the folder must be closed); returns the replaced folder."""
    from .tinydb_store import folder_lock

    data_dir = Path(data_dir).expanduser().resolve()
    with folder_lock(data_dir):
        staged.swapping = True
        return swap_in(data_dir, staged.staging, _stamp(clock))


def restore_backup(data_dir: Path, source: Path, *, clock: Callable[[], datetime] | None = None,
                   other_business: bool = False, progress: Progress = _ignore) -> RestoreOutcome:
    """The whole restore of a closed folder (the CLI): stage and open the backup,
    keep the current data as a backup, swap, reopen (undo the swap if that fails)."""
    from .tinydb_store import open_store

    from .layout import data_entries

    data_dir = Path(data_dir).expanduser().resolve()
    created = not data_dir.exists()  # a new computer: the backup simply becomes the data
    first_new = data_dir
    while not first_new.parent.exists():
        first_new = first_new.parent
    current = None
    if not created and data_entries(data_dir):
        try:
            current = open_store(data_dir, clock=clock, backups=False)  # also: refused while open elsewhere
        except (StoreDamagedError, StoreTooNewError) as exc:
            log.warning("the data being replaced does not open (%s): it is kept as a folder only", exc.key)
    try:
        try:
            staged = stage_restore(data_dir, source, progress=progress)
        except BaseException:
            if created:  # refused: leave no empty data folder (or its new parents) behind
                shutil.rmtree(first_new, ignore_errors=True)
            raise
        try:
            if not other_business and current is not None:
                profile = current.repository(BusinessProfile).get("profile")
                check_business(staged, getattr(profile, "business_name", None))
            before = current.backup(reason="before-restore") if current is not None and _has_records(current) else None
            if current is not None:
                current.close()
                current = None
            replaced = install(data_dir, staged, clock=clock)
        finally:
            staged.discard()
    finally:
        if current is not None:
            current.close()
    reopen_or_undo(data_dir, replaced, staged)
    progress(1.0)
    return RestoreOutcome(replaced, before, dict(staged.counts), staged.records, staged.business_name)


def recover_in_place(data_dir: Path, *, clock: Callable[[], datetime] | None = None) -> Any:
    """The app's Recover on its damaged-data page: build a new folder from everything
    intact (storage.recovery), open it beside the data and swap it in, all while
    holding the folder's lock, so no other program (a CLI command, a second app)
    saves, restores or recovers in between: what was read is what gets replaced.
    StoreLockedError while anyone else has the folder. Returns the RecoveryReport."""
    from . import recovery
    from .tinydb_store import folder_lock

    data_dir = Path(data_dir).expanduser().resolve()
    with folder_lock(data_dir):
        report = recovery.recover(data_dir, clock=clock)
        staged = stage_restore(data_dir, report.folder)
        try:
            staged.swapping = True
            replaced = swap_in(data_dir, staged.staging, _stamp(clock))
        finally:
            staged.discard()
    reopen_or_undo(data_dir, replaced, staged)
    return report


def reopen_or_undo(data_dir: Path, replaced: Path, staged: StagedRestore) -> None:
    """Open the folder after the swap and find the staged records; if that fails,
    put the replaced data back and raise InvalidBackupError (why: reopen_failed)."""
    from .tinydb_store import open_store

    try:
        store = open_store(data_dir, backups=False)
        try:
            counts = {name: len(repo.all()) for name, repo in store._repos.items()}
        finally:
            store.close()
        if counts != staged.counts:
            raise ValueError(f"reopened with {counts}, staged {staged.counts}")
    except Exception as exc:  # noqa: BLE001 - whatever it is, the old data goes back
        log.error("restored data did not reopen, undoing: %r", exc)
        failed = swap_back(data_dir, replaced)
        raise _invalid(staged.source, f"did not reopen ({exc})", "reopen_failed", folder=str(failed)) from exc


def _has_records(store: Any) -> bool:
    return any(store.counts().values())
