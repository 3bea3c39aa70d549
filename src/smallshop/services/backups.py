"""Backups a user asks for: now, as a file to download, and restoring one.

The store writes consistent backup files itself (it holds the lock). Restoring
opens the backup beside the data first (storage.restoring), then swaps it in:
the store is closed, the data swapped (the replaced data is kept in
DATA/replaced-<stamp>/ and as a backup) and the store reopened through `reopen`,
which the code that built Services passes (app.py / cli.py own the concrete store).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Callable

from ..domain.access import Action
from ..storage import backups as backup_files
from ..storage import restoring
from ..storage.interfaces import Store
from .context import Context


@dataclass(frozen=True, slots=True)
class RestoreResult:
    """Where the data that was replaced now lives, and what the backup held."""

    replaced: Path
    counts: dict[str, int]
    before_restore: Path | None = None  # the data as it was, as an ordinary backup
    records: int = 0  # business records restored (not history/bin)


@dataclass(frozen=True, slots=True)
class BackupStatus:
    """What the owner is shown about backups (Home's banner, Settings)."""

    last_backup: datetime | None
    problem: str | None  # why the last daily backup failed; it is retried every few minutes
    missing: bool  # data, but no daily backup at all (e.g. the backups folder was deleted)
    copy_folder: str | None  # the second backup folder (USB stick, SD card)
    last_copied: datetime | None
    copy_problem: str | None

    @property
    def needs_attention(self) -> bool:
        return bool(self.problem or self.missing or self.copy_problem)


class BackupService:
    def __init__(self, ctx: Context, reopen: Callable[[], Store] | None = None) -> None:
        self._ctx = ctx
        self._reopen = reopen

    @property
    def data_dir(self) -> Path:
        return Path(self._ctx.store.data_dir)

    def backup_now(self, actor: str | None = None) -> Path:
        """A backup in the rotating backups folder; returns its path."""
        self._ctx.allow(actor, Action.BACKUP_CREATE)
        return self._ctx.store.backup()

    def backup_bytes(self, actor: str | None = None) -> tuple[str, bytes]:
        """A fresh backup as (file name, content), for a download or a save dialog.
        Owner only: it holds all the data, PIN hashes included."""
        self._ctx.allow(actor, Action.BACKUP_DOWNLOAD)
        stamp = self._ctx.now().strftime("%Y-%m-%d-%H%M")
        with tempfile.TemporaryDirectory(prefix="smallshop-backup-") as folder:
            path = self._ctx.store.backup(Path(folder) / f"smallshop-backup-{stamp}.zip")
            return path.name, path.read_bytes()

    def status(self) -> BackupStatus:
        raw: dict[str, Any] = getattr(self._ctx.store, "backup_status", lambda: {})()
        copied = raw.get("last_copied")
        return BackupStatus(
            last_backup=raw.get("last_backup"), problem=raw.get("problem"), missing=bool(raw.get("missing")),
            copy_folder=raw.get("copy_folder"),
            last_copied=datetime.fromisoformat(copied) if isinstance(copied, str) else None,
            copy_problem=raw.get("copy_problem"),
        )

    def set_copy_folder(self, folder: str | Path | None, actor: str | None = None) -> BackupStatus:
        """Choose the second backup folder (None or "": none). Every daily backup is
        also copied there, and the newest one at once; a folder that is not there or
        cannot be written raises a StorageError saying so. Owner only."""
        self._ctx.allow(actor, Action.BACKUP_DOWNLOAD)
        text = str(folder).strip() if folder is not None else ""
        self._ctx.store.set_backup_copy_folder(Path(text) if text else None)
        return self.status()

    def validate(self, path: Path) -> backup_files.BackupInfo:
        """Check a backup file completely; InvalidBackupError says what is wrong."""
        return backup_files.validate_backup(Path(path))

    def restore(self, source: Path | str | bytes, actor: str | None = None, *, other_business: bool = False,
                progress: Callable[[float], None] | None = None) -> RestoreResult:
        """Replace the data by a backup (a path, a data folder, or the bytes of an
        uploaded file). Slow (it unpacks and opens the whole backup): call it off
        the UI's event loop. Owner only; needs `reopen`.

        The backup is opened beside the data while the current store stays open
        and in use; a backup that would not open, or of another business (unless
        `other_business`), raises InvalidBackupError and nothing changes. Then the
        current data is saved as a "before-restore" backup, the store is closed,
        the data swapped and the store reopened; if the new data does not reopen,
        the swap is undone and the old data reopened. The store is always open
        again when this returns or raises.
        """
        self._ctx.allow(actor, Action.BACKUP_RESTORE)
        if self._reopen is None:
            raise RuntimeError("restore needs Services(..., reopen=...)")
        report = progress or (lambda _fraction: None)
        with tempfile.TemporaryDirectory(prefix="smallshop-restore-") as folder:
            if isinstance(source, (bytes, bytearray)):
                path = Path(folder) / "upload.zip"
                path.write_bytes(bytes(source))
            else:
                path = Path(source)
            store = self._ctx.store
            data_dir = Path(store.data_dir)
            staged = restoring.stage_restore(data_dir, path, progress=lambda f: report(0.9 * f))
            try:
                if not other_business:
                    profile = store.profiles.get("profile")
                    restoring.check_business(staged, getattr(profile, "business_name", None))
                before = store.backup(reason="before-restore") if any(store.counts().values()) else None
                store.close()
                restoring.release_memory()
                try:
                    replaced = restoring.install(data_dir, staged, clock=self._ctx.clock)
                except BaseException:
                    self._ctx.store = self._reopen()
                    raise
            finally:
                staged.discard()
            try:
                self._ctx.store = self._reopen()
                counts = self._ctx.store.counts()
                if counts != staged.counts:
                    raise ValueError(f"reopened with {counts}, staged {staged.counts}")
                restoring.mark_restored(self._ctx.store)
            except Exception as exc:  # noqa: BLE001 - the old data goes back, whatever it was
                try:
                    self._ctx.store.close()
                except Exception:  # noqa: BLE001 - it may never have opened
                    pass
                failed = restoring.swap_back(data_dir, replaced)
                self._ctx.store = self._reopen()
                raise restoring.InvalidBackupError(
                    f"{path}: did not reopen ({exc})", why="reopen_failed", file=str(path),
                    reason=str(exc), folder=str(failed)) from exc
        report(1.0)
        return RestoreResult(replaced=replaced, counts=dict(staged.counts), before_restore=before,
                             records=staged.records)
