"""The decoded records of each data file, kept beside them so opening skips the decoding.

Opening 10 years of data used to parse 33 MB of JSON and build ~64,000 frozen
dataclasses from it (0.4-0.85 s of CPU). At close the store writes
DATA/decoded.snapshot: for every data file its size and CRC-32 and its records,
pickled as calls of one builder per record class with the field values. At the next open a file's records come from the
snapshot only when the file's bytes still have that size and CRC; any other file -
changed, damaged, replayed from the log or journal, new - is parsed, decoded and
checked as before. The snapshot is a cache: a missing, damaged, foreign or
outdated one (other record classes after an upgrade) is ignored and rewritten;
it is never backed up or restored.

Layout: MAGIC, u32 index length, u32 CRC-32 of the index, the index (JSON:
fingerprint of the record classes, and per file [size, crc, offset from the
first blob, length, blob crc]), then the pickled blobs. Reading uses an unpickler that only knows
the record classes and their builders, their enums, dates, Decimal and Money: no
other callable can be named by the file.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import io
import logging
import pickle
import struct
import sys
import types
import typing
import zlib
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable

from ..domain.money import Money
from .files import atomic_write
from .jsonbytes import JSONDecodeError, dumps, loads
from .layout import KINDS, SNAPSHOT_FILE

log = logging.getLogger(__name__)

MAGIC = b"SSHOPSN1"
HEAD = struct.Struct("<8sII")  # magic, index length, crc32(index)
PROTOCOL = 5
FORMAT = 1  # how blobs are made (builders per class); part of the fingerprint


def _classes() -> tuple[list[type], list[type[enum.Enum]]]:
    """Every dataclass and enum a record can hold (walked from the kinds' type hints)."""
    seen: dict[type, None] = {}
    enums: dict[type[enum.Enum], None] = {}

    def visit(hint: Any) -> None:
        for arg in typing.get_args(hint):
            visit(arg)
        if isinstance(hint, type):
            if issubclass(hint, enum.Enum):
                enums[hint] = None
            elif dataclasses.is_dataclass(hint) and hint not in seen:
                seen[hint] = None
                for field_hint in typing.get_type_hints(hint).values():
                    visit(field_hint)

    for kind in KINDS:
        visit(kind.cls)
    return list(seen), list(enums)


DATACLASSES, ENUMS = _classes()


def _maker(cls: type) -> Any:
    """A function building a `cls` from its field values by setting its slots
    directly: ~40% cheaper than the frozen dataclass's __init__ (one
    object.__setattr__ per field), which is most of reading a snapshot. The values
    are those of a record that was checked when it was first decoded or saved."""
    names = [f.name for f in dataclasses.fields(cls)]
    if not all(isinstance(cls.__dict__.get(name), types.MemberDescriptorType) for name in names):
        return cls  # not a slots class: its own constructor
    env: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    params = ", ".join(f"v{i}" for i in range(len(names)))
    body = "".join(f"    _s{i}(o, v{i})\n" for i in range(len(names)))
    for i, name in enumerate(names):
        env[f"_s{i}"] = cls.__dict__[name].__set__
    exec(f"def make({params}):\n    o = _new(_cls)\n{body}    return o\n", env)  # noqa: S102 - fields only
    make = env["make"]
    make.__module__ = __name__
    make.__qualname__ = make.__name__ = f"_make_{cls.__qualname__}"
    globals()[make.__name__] = make  # pickled by this name
    return make


_MAKERS = {cls: _maker(cls) for cls in DATACLASSES}
assert len({m.__qualname__ for m in _MAKERS.values()}) == len(_MAKERS), "two record classes share a name"
_ALLOWED: dict[tuple[str, str], Any] = {
    (obj.__module__, obj.__qualname__): obj
    for obj in [*_MAKERS.values(), *DATACLASSES, *ENUMS, date, datetime, timezone, timedelta, Decimal]
}


def _fingerprint() -> str:
    """Changes whenever a record class's fields or an enum's members change (an
    upgrade): a snapshot of other classes would call them with the wrong fields."""
    shape: list[Any] = [FORMAT, sys.version_info[:2], PROTOCOL]
    for cls in DATACLASSES:
        hints = typing.get_type_hints(cls)
        shape.append((cls.__module__, cls.__qualname__,
                      [(f.name, repr(hints[f.name])) for f in dataclasses.fields(cls)]))
    for cls in ENUMS:
        shape.append((cls.__module__, cls.__qualname__, [(m.name, repr(m.value)) for m in cls]))
    return hashlib.sha256(repr(shape).encode("utf-8")).hexdigest()


FINGERPRINT = _fingerprint()


class _RecordUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        found = _ALLOWED.get((module, name))
        if found is None:
            raise pickle.UnpicklingError(f"{module}.{name} is not a record type")
        return found


def file_key(raw: bytes) -> tuple[int, int]:
    """What a data file's bytes must still be for its snapshot records to count."""
    return len(raw), zlib.crc32(raw)


class DecodedSnapshot:
    """A snapshot read from disk: `records(rel, raw)` gives a file's records when
    its bytes are the ones the snapshot was made from."""

    def __init__(self, data: bytes, base: int, entries: dict[str, list[int]]) -> None:
        self._data = data
        self._base = base  # where the blobs start (entries hold offsets from there)
        self._entries = entries

    @classmethod
    def read(cls, data_dir: Path) -> "DecodedSnapshot | None":
        """The folder's snapshot, or None when it is missing or unusable (logged)."""
        path = data_dir / SNAPSHOT_FILE
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            log.info("decoded snapshot unreadable, decoding the files: %s", exc)
            return None
        try:
            magic, length, crc = HEAD.unpack_from(data, 0)
            index_raw = data[HEAD.size:HEAD.size + length]
            if magic != MAGIC or len(index_raw) != length or zlib.crc32(index_raw) != crc:
                raise ValueError("bad header")
            index = loads(index_raw)
            if index.get("fingerprint") != FINGERPRINT:
                log.info("decoded snapshot made for other record classes: decoding the files")
                return None
            entries = {rel: entry for rel, entry in index["files"].items()
                       if isinstance(entry, list) and len(entry) == 5 and all(type(x) is int for x in entry)}
        except (ValueError, JSONDecodeError, struct.error, KeyError, TypeError, AttributeError) as exc:
            log.info("decoded snapshot damaged, decoding the files: %s", exc)
            return None
        return cls(data, HEAD.size + length, entries)

    def covers(self, files: list[tuple[str, tuple[int, int]]]) -> bool:
        """True when the snapshot is for exactly these files with these (size, crc)."""
        return len(files) == len(self._entries) and all(
            (entry := self._entries.get(rel)) is not None and (entry[0], entry[1]) == key for rel, key in files)

    def blob(self, rel: str, key: tuple[int, int]) -> bytes | None:
        """The pickled records of `rel` if made from a file with this (size, crc)."""
        entry = self._entries.get(rel)
        if entry is None or (entry[0], entry[1]) != key:
            return None
        offset, length, crc = self._base + entry[2], entry[3], entry[4]
        blob = self._data[offset:offset + length]
        if len(blob) != length or zlib.crc32(blob) != crc:
            return None
        return blob

    def records(self, rel: str, raw: bytes, key: tuple[int, int] | None = None) -> list[Any] | None:
        """The records of data file `rel` (bytes `raw`, whose file_key the caller may
        have computed already) in file order, or None when the snapshot has none for
        exactly these bytes (or they cannot be read)."""
        blob = self.blob(rel, key if key is not None else file_key(raw))
        if blob is None:
            return None
        try:
            records = _RecordUnpickler(io.BytesIO(blob)).load()
        except Exception as exc:  # noqa: BLE001 - any failure: decode the file instead
            log.info("decoded snapshot of %s unusable (%s): decoding the file", rel, exc)
            return None
        return records if isinstance(records, list) else None


# --- writing -------------------------------------------------------------------------
def _blob(records: list[Any]) -> bytes:
    """Records pickled as calls of their classes with their fields. Equal immutable
    values (texts, dates, amounts, line items) are written once and shared when
    read back: half the objects to build, less memory. Equal means same repr, so
    Decimal("1.50") is never merged with Decimal("1.5")."""
    canon: dict[Any, Any] = {}

    def same(value: Any) -> Any:
        kind = type(value)
        if kind is str or kind is date or kind is Money:
            return canon.setdefault((kind, value), value)
        if kind is tuple:
            return tuple(same(item) for item in value)
        if kind is Decimal or kind is datetime or kind in _SHARED_CLASSES:
            return canon.setdefault((kind, repr(value)), value)
        return value

    def reduce(record: Any) -> tuple[Any, tuple[Any, ...]]:
        cls = type(record)
        return _MAKERS[cls], tuple(same(getattr(record, name)) for name in _FIELDS[cls])

    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=PROTOCOL)
    pickler.dispatch_table = {cls: reduce for cls in DATACLASSES}
    pickler.dump(records)
    return buffer.getvalue()


_FIELDS = {cls: tuple(f.name for f in dataclasses.fields(cls)) for cls in DATACLASSES}
_RECORD_CLASSES = {kind.cls for kind in KINDS}
# nested values shared when equal (line items, instalments...); records and audits are unique
_SHARED_CLASSES = {cls for cls in DATACLASSES if cls not in _RECORD_CLASSES and cls.__name__ != "Audit"}


def write_snapshot(data_dir: Path, files: Iterable[tuple[str, tuple[int, int], Any]],
                   previous: DecodedSnapshot | None) -> int:
    """Write DATA/decoded.snapshot for `files`: (rel, file_key of the file's bytes
    on disk, a callable giving its records in file order). A file unchanged since
    `previous` keeps its blob. Returns how many files were pickled anew."""
    blobs: list[bytes] = []
    entries: dict[str, list[int]] = {}
    offset = 0
    fresh = 0
    for rel, key, records in files:
        blob = previous.blob(rel, key) if previous is not None else None
        if blob is None:
            blob = _blob(records())
            fresh += 1
        entries[rel] = [key[0], key[1], offset, len(blob), zlib.crc32(blob)]
        blobs.append(blob)
        offset += len(blob)
    index = dumps({"fingerprint": FINGERPRINT, "files": entries})
    atomic_write(data_dir / SNAPSHOT_FILE, HEAD.pack(MAGIC, len(index), zlib.crc32(index)) + index + b"".join(blobs))
    return fresh
