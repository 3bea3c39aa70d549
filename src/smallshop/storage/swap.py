"""Swapping a data folder's contents for staged ones, safe against a crash.

A folder's data is many entries (meta.json, customers.json, orders/, wal.log...),
and no file system renames a set of them at once. So the swap writes a marker
(DATA/restore.json: what to move where) first, then moves the current entries
into DATA/replaced-<stamp>/ and the staged ones in. Opening a folder rolls a
marker forward before anything else: a crash at any moment leaves either the old
data (no marker yet: the staging folder is simply dropped) or, once the marker
exists, the new data, complete. The staged data was opened before the swap, so
rolling forward can only install data that opens.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path
from typing import Any

from .jsonbytes import JSONDecodeError
from .jsonbytes import loads as json_loads
from .files import atomic_write, dumps, fsync_dir, sync_dir_quietly
from .layout import RESTORE_MARKER, data_entries

log = logging.getLogger(__name__)

STAGING_PREFIX = ".restoring-"
REPLACED_PREFIX = "replaced-"


def swap_in(data_dir: Path, staging: Path, stamp: str) -> Path:
    """Move the current data into DATA/replaced-<stamp>/ (returned) and the staged
    entries in. The caller holds the folder's lock."""
    replaced = data_dir / f"{REPLACED_PREFIX}{stamp}"
    n = 1
    while replaced.exists():
        n += 1
        replaced = data_dir / f"{REPLACED_PREFIX}{stamp}-{n}"
    marker = {"staging": staging.name, "replaced": replaced.name, "entries": data_entries(data_dir)}
    atomic_write(data_dir / RESTORE_MARKER, dumps(marker))
    _roll_forward(data_dir, marker)
    return replaced


def swap_back(data_dir: Path, replaced: Path) -> Path:
    """Undo swap_in (the new data would not reopen): the new entries go to
    DATA/failed-restore-<stamp>/ (returned), the replaced ones come back."""
    failed = data_dir / ("failed-restore-" + replaced.name[len(REPLACED_PREFIX):])
    failed.mkdir(exist_ok=True)
    for name in data_entries(data_dir):
        os.replace(data_dir / name, failed / name)
    for entry in sorted(replaced.iterdir()):
        if not (data_dir / entry.name).exists():
            os.replace(entry, data_dir / entry.name)
    fsync_dir(failed)
    fsync_dir(data_dir)
    try:
        replaced.rmdir()
    except OSError:  # something unexpected stayed there: keep it
        pass
    sync_dir_quietly(data_dir)
    return failed


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
    """Called at open: complete a swap cut short, drop unfinished staging."""
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
    for leftover in data_dir.glob(f"{STAGING_PREFIX}*"):
        shutil.rmtree(leftover, ignore_errors=True)
