"""Backups a user asks for: now, as a file to download, and restoring one.

The store writes consistent backup files itself (it holds the lock). Restoring
replaces the data folder, so the store is closed, the backup installed by
storage.backups.restore_backup (validated first; the replaced data is kept in
DATA/replaced-<stamp>/) and the store reopened through `reopen`, which the code
that built Services passes (app.py / cli.py own the concrete store).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..domain.access import Action
from ..storage import backups as backup_files
from ..storage.interfaces import Store
from .context import Context


@dataclass(frozen=True, slots=True)
class RestoreResult:
    """Where the data that was replaced now lives, and what the backup held."""

    replaced: Path
    counts: dict[str, int]


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

    def validate(self, path: Path) -> backup_files.BackupInfo:
        """Check a backup file completely; InvalidBackupError says what is wrong."""
        return backup_files.validate_backup(Path(path))

    def restore(self, source: Path | str | bytes, actor: str | None = None) -> RestoreResult:
        """Replace the data by a backup (a path, or the bytes of an uploaded file).

        The backup is validated before anything is touched; an invalid one raises
        InvalidBackupError and the data stays as it was. Needs `reopen`. Owner only.
        """
        self._ctx.allow(actor, Action.BACKUP_RESTORE)
        if self._reopen is None:
            raise RuntimeError("restore needs Services(..., reopen=...)")
        with tempfile.TemporaryDirectory(prefix="smallshop-restore-") as folder:
            if isinstance(source, (bytes, bytearray)):
                path = Path(folder) / "upload.zip"
                path.write_bytes(bytes(source))
            else:
                path = Path(source)
            info = backup_files.validate_backup(path)
            store = self._ctx.store
            data_dir = Path(store.data_dir)
            store.close()
            try:
                replaced = backup_files.restore_backup(data_dir, path, clock=self._ctx.clock)
            finally:
                self._ctx.store = self._reopen()
        return RestoreResult(replaced=replaced, counts=dict(info.counts))
