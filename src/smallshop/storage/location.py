"""Where the data folder is when the user does not say (--data-dir wins over all).

Order: SMALLSHOP_DATA_DIR, then FLET_APP_STORAGE_DATA (set by a packaged Flet app,
e.g. on Android), then the per-user data folder from platformdirs.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_DIR_NAME = "smallshop"
DEMO_SUFFIX = "-demo"


def default_data_dir() -> Path:
    override = os.environ.get("SMALLSHOP_DATA_DIR")
    if override:
        return Path(override).expanduser()
    flet_storage = os.environ.get("FLET_APP_STORAGE_DATA")
    if flet_storage:
        return Path(flet_storage).expanduser() / APP_DIR_NAME
    return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))


def demo_data_dir(data_dir: Path) -> Path:
    """The demo business lives beside the real data, never inside it:
    ~/.local/share/smallshop -> ~/.local/share/smallshop-demo."""
    data_dir = Path(data_dir)
    if data_dir.name.endswith(DEMO_SUFFIX):
        return data_dir
    return data_dir.with_name(data_dir.name + DEMO_SUFFIX)
