"""Reading the translation catalogs: locales/<lang>/<area>.json, merged per language.

One flat JSON object per area file (core, domain, storage, ui, report, ...), so each
engineer owns their own file. A key may live in only one file of a language; the
loader reports duplicates (within a file or across files) instead of silently
picking one, and tests/i18n turns any report into a failure.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .. import paths


class CatalogError(ValueError):
    """A catalog file is not a flat JSON object of string -> string."""


@dataclass(frozen=True)
class Catalog:
    """All messages of one language, with where each key came from."""

    lang: str
    messages: dict[str, str]
    sources: dict[str, str]  # key -> area file name ("core.json")
    duplicates: list[str] = field(default_factory=list)  # human-readable reports


def catalog_files(lang: str, root: Path | None = None) -> list[Path]:
    """The area files of one language, sorted by name (a stable merge order)."""
    folder = (root or paths.locales_dir()) / lang
    if not folder.is_dir():
        return []
    return sorted(folder.glob("*.json"))


def _pairs_keeping_duplicates(pairs: list[tuple[str, object]]) -> list[tuple[str, object]]:
    return pairs


def read_area_file(path: Path) -> list[tuple[str, str]]:
    """(key, message) pairs of one area file in file order, duplicates kept."""
    try:
        pairs = json.loads(path.read_text(encoding="utf-8"), object_pairs_hook=_pairs_keeping_duplicates)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CatalogError(f"{path}: {exc}") from exc
    if not isinstance(pairs, list):
        raise CatalogError(f"{path}: must be a JSON object")
    for key, value in pairs:
        if not isinstance(value, str):
            raise CatalogError(f"{path}: {key!r} must map to a string (catalogs are flat)")
    return pairs  # type: ignore[return-value]


def load_catalog(lang: str, root: Path | None = None) -> Catalog:
    """Merge every area file of `lang`. The first definition of a key wins;
    any later one is listed in `duplicates` (the completeness test fails on it)."""
    messages: dict[str, str] = {}
    sources: dict[str, str] = {}
    duplicates: list[str] = []
    for path in catalog_files(lang, root):
        for key, value in read_area_file(path):
            if key in messages:
                duplicates.append(f"{lang}: {key!r} in {sources[key]} and {path.name}")
                continue
            messages[key] = value
            sources[key] = path.name
    return Catalog(lang=lang, messages=messages, sources=sources, duplicates=duplicates)
