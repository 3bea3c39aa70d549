"""Backups a user asks for: now, as a file to download, and restoring one.

The store writes consistent backup files itself (it holds the lock); restoring
replaces the data folder, so it needs the store closed and reopened — the caller
that built Services passes `reopen` for that (app.py / cli.py own the concrete store).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Callable

from ..storage.interfaces import Store
from .context import Context


class BackupService:
    def __init__(self, ctx: Context, reopen: Callable[[], Store] | None = None) -> None:
        self._ctx = ctx
        self._reopen = reopen

    @property
    def data_dir(self) -> Path:
        return Path(self._ctx.store.data_dir)

    def backup_now(self) -> Path:
        """A backup in the rotating backups folder; returns its path."""
        return self._ctx.store.backup()

    def backup_bytes(self) -> tuple[str, bytes]:
        """A fresh backup as (file name, content), for a download or a save dialog."""
        with tempfile.TemporaryDirectory(prefix="smallshop-backup-") as folder:
            stamp = self._ctx.now().strftime("%Y-%m-%d-%H%M")
            path = self._ctx.store.backup(Path(folder) / f"smallshop-backup-{stamp}.zip")
            return path.name, path.read_bytes()
