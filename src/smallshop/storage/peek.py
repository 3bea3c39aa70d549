"""The business's language read straight from a data folder, without opening it.

The command line speaks the business's language from its first word: its help and
the refusal of a mistyped option come before any store is opened, and `check`,
`recover` or a refused `summary` may meet a folder that is damaged, locked by the app
or not there at all. So this reads only the profile's file and the write-ahead log's
changes to it (a language chosen in Settings a moment ago is still in the log),
takes no lock, writes nothing, and answers None rather than raising on anything it
cannot read: it is a preference for messages, never data.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..domain.models import BusinessProfile
from .files import read_json_file
from .layout import KIND_BY_CLASS, WAL_FILE
from .wal import read_log


def business_language(data_dir: Path) -> str | None:
    """The language saved in the business profile of `data_dir`, or None (no folder,
    no profile yet, a profile without a language, or files that cannot be read)."""
    try:
        kind = KIND_BY_CLASS[BusinessProfile]
        file_name = f"{kind.name}.json"  # an undated kind: one file
        profile_file = data_dir / file_name
        if not profile_file.is_file():
            return None
        tables = read_json_file(profile_file)
        docs: dict[str, Any] = dict(tables.get(kind.name, {})) if isinstance(tables, dict) else {}
        wal = data_dir / WAL_FILE
        if wal.is_file():
            _generation, entries = read_log(wal)
            for entry in entries:
                change = entry.get(file_name)
                if isinstance(change, dict):
                    for rid in change.get("remove", ()):
                        docs.pop(rid, None)
                    docs.update(change.get("put", {}))
    except Exception:  # noqa: BLE001 - any unreadable file means "not known", never an error
        return None
    for doc in docs.values():
        language = doc.get("language") if isinstance(doc, dict) else None
        if isinstance(language, str) and language:
            return language
    return None
