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
from . import backups, verify
from .backups import MANIFEST, BackupInfo, _invalid, check_member_size
from .files import TEMP_SUFFIX, DamagedFileError, fsync_dir
from .interfaces import InvalidBackupError, StorageError, StoreDamagedError, StoreTooNewError
from .jsonbytes import JSONDecodeError
from .jsonbytes import loads as json_loads
from .layout import BACKUP_DIR, CHECKSUMS_FILE, JOURNAL_FILE, LOCK_FILE, META_FILE, RECORD_KINDS, V1_FILE, WAL_FILE, data_files
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
            info, expected = None, None
            _copy_folder(source, staging, data_dir, progress)
        else:
            info, expected = _unpack(source, staging, progress)
        progress(0.6)
        facts = _verify_staged(source, staging, expected)
        counts, business = facts.counts, facts.business_name
        progress(0.9)
        if info is not None:
            for kind, listed in info.counts.items():
                if counts.get(kind, 0) != listed:
                    raise _invalid(source, f"{kind}: manifest says {listed}, holds {counts.get(kind, 0)}",
                                   "count_mismatch", kind=kind, expected=listed, found=counts.get(kind, 0))
        staged = StagedRestore(source, staging, counts, business, info)
        if staged.records == 0:
            raise _invalid(source, "no records", "empty")
        if facts.dangling:  # e.g. orders whose customers are not in the backup
            first = facts.dangling[0]
            raise _invalid(source, f"{first.file}: {first.record_id} refers to {first.target_id}, not in it",
                           "dangling", member=first.file, record_id=first.record_id,
                           target_id=first.target_id, target=first.target_file, count=len(facts.dangling))
        return staged
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _unpack(source: Path, staging: Path, progress: Progress) -> tuple[BackupInfo, dict[str, tuple[int, int]]]:
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
            expected = backups.listed_checksums(source, manifest, listed)
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
    return info, expected


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
    names = [n for n in (META_FILE, CHECKSUMS_FILE, V1_FILE, WAL_FILE, JOURNAL_FILE) if (source / n).is_file()]
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


def _verify_staged(source: Path, staging: Path,
                   expected: dict[str, tuple[int, int]] | None) -> verify.FolderFacts:
    """Check the staged data file by file with opening's checks (verify.py: one
    file's records in memory at a time, never the whole backup next to the live
    data); the folder is opened with open_store itself after the swap."""
    try:
        facts = verify.verify_folder(staging, expected, max_records=backups.MAX_RECORDS)
    except verify.TooManyRecords as exc:
        raise _invalid(source, str(exc), "too_many_records", count=exc.count, limit=exc.limit) from exc
    except StoreTooNewError as exc:
        raise _invalid(source, str(exc), "too_new", version=exc.params.get("version", "")) from exc
    except DamagedFileError as exc:
        member = Path(exc.path).relative_to(staging).as_posix() if Path(exc.path).is_relative_to(staging) else ""
        raise _invalid(source, f"{member} would not open ({exc.reason})", "damaged_data", member=member) from exc
    except (StorageError, OSError, ValueError, KeyError, TypeError) as exc:
        raise _invalid(source, f"would not open ({exc})", "damaged_data", member="") from exc
    for leftover in (LOCK_FILE, WAL_FILE, JOURNAL_FILE):
        (staging / leftover).unlink(missing_ok=True)
    shutil.rmtree(staging / BACKUP_DIR, ignore_errors=True)
    for tmp in staging.rglob(f"*{TEMP_SUFFIX}"):
        tmp.unlink()
    return facts


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
                release_memory()
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
            if counts != staged.counts:
                raise ValueError(f"reopened with {counts}, staged {staged.counts}")
            mark_restored(store)
        finally:
            store.close()
    except Exception as exc:  # noqa: BLE001 - whatever it is, the old data goes back
        log.error("restored data did not reopen, undoing: %r", exc)
        failed = swap_back(data_dir, replaced)
        raise _invalid(staged.source, f"did not reopen ({exc})", "reopen_failed", folder=str(failed)) from exc


def mark_restored(store: Any) -> None:
    """After a restore reopened: a "restored" backup of the data now in place. It is
    where recovery's backups start (backups.newest_good_backup(of_current_data=True)):
    nothing from before it - above all the before-restore backup of the data this
    restore replaced - is brought back into the restored data. Best effort: the
    restore is done; without it recovery simply uses no older backup."""
    try:
        store.backup(reason="restored")
    except Exception as exc:  # noqa: BLE001 - never undo a good restore over its marker
        log.warning("could not write the restored backup: %s", exc)


def release_memory() -> None:
    """Free a store just closed before the restored data is opened. Opening moves
    every record into the garbage collector's permanent generation (gc.freeze, for
    speed) and a store refers to itself (its files' loaders), so a closed store
    stayed in memory until the process ended: the old and the restored data were
    held at once (+60 MB at ten years). The next open freezes its own records again."""
    import gc

    gc.unfreeze()
    gc.collect()


def _has_records(store: Any) -> bool:
    return any(store.counts().values())
