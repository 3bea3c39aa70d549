"""A small JSON state file beside the data, written atomically (sign-in lock-outs,
the report export log).

Not a record store: one dict, read at start and rewritten whole on change, with
the same crash-safe write as the data files (temp + fsync + rename). A missing
file is an empty state; a damaged one raises DamagedFileError for the caller to
decide (services.signin_state starts empty and logs it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .files import atomic_write, dumps, read_json_file

SIGNIN_STATE_FILE = "signin-state.json"
REPORT_EXPORTS_FILE = "report-exports.json"  # what report was exported when (services.report_exports)


class JsonStateFile:
    """load() / save(dict) over one JSON file."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def load(self) -> dict[str, Any]:
        if not self.path.exists():
            return {}
        data = read_json_file(self.path)
        return data if isinstance(data, dict) else {}

    def save(self, data: dict[str, Any]) -> None:
        atomic_write(self.path, dumps(data))
