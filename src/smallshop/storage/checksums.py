"""Each data file's size and CRC-32, so damage that still parses is found.

A flipped bit that turns a digit of an amount into another digit leaves valid JSON
and a valid record: parsing cannot see it. So every time the store writes a data
file it records the file's (size, CRC-32) in DATA/checksums.json, and opening,
`check`, every backup and every restore compare the file's bytes with it. A
mismatch is damage, named like any other (StoreDamagedError, `check` exits 2,
`recover` takes such a file's records from the other sources).

Why CRC-32 and not SHA-256: it is guaranteed to catch any change of up to 32
consecutive bits (every changed digit, every flipped bit) and any odd number of
flipped bits, and random damage with probability 1 - 2^-32; it is what the log's
entries, the decoded snapshot and zip members already use; opening computes it
for every file anyway (the decoded snapshot's key), and it costs a third of
SHA-256 (23 vs 66 ms for 33 MB here). It is a check against accidents (bit rot,
a cut copy), not a seal against someone who edits the file and the manifest.

Writing is crash-safe with two manifest writes around the files (write_files):
first the new sums are added as "pending" (a file may then have either its old or
its new bytes), then the files are replaced, then the pending sums become the
files' sums. A crash at any moment leaves every file matching one of the two.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .files import DamagedFileError, atomic_write, dumps, read_bytes, read_json_file, sync_dir_quietly

from .layout import CHECKSUMS_FILE as MANIFEST_FILE

Key = tuple[int, int]  # (size, crc32)


def key(raw: bytes) -> Key:
    return len(raw), zlib.crc32(raw)


@dataclass
class Sums:
    """The manifest: each file's recorded (size, crc), and during a write the new ones."""

    files: dict[str, Key] = field(default_factory=dict)
    pending: dict[str, Key] = field(default_factory=dict)

    def accepts(self, rel: str, found: Key) -> bool:
        return self.files.get(rel) == found or self.pending.get(rel) == found

    def missing(self, present: set[str]) -> list[str]:
        """Files the manifest says exist (written and finished) that are not there."""
        return sorted(rel for rel in self.files if rel not in present and rel not in self.pending)


def read(data_dir: Path) -> Sums | None:
    """The folder's manifest; None when there is none. DamagedFileError when it
    cannot be read (it is then damaged like a data file)."""
    path = Path(data_dir) / MANIFEST_FILE
    if not path.exists():
        return None
    raw = read_json_file(path)
    try:
        return Sums(_keys(raw["files"]), _keys(raw.get("pending", {})))
    except (KeyError, TypeError, ValueError) as exc:
        raise DamagedFileError(path, "not a checksum manifest") from exc


def _keys(table: object) -> dict[str, Key]:
    if not isinstance(table, dict):
        raise TypeError("not a table")
    out = {}
    for rel, value in table.items():
        if not (isinstance(value, list) and len(value) == 2 and all(type(n) is int for n in value)):
            raise ValueError(rel)
        out[rel] = (value[0], value[1])
    return out


def write(data_dir: Path, files: dict[str, Key], pending: dict[str, Key] | None = None) -> None:
    body = {"app": "smallshop", "files": {rel: list(k) for rel, k in sorted(files.items())}}
    if pending:
        body["pending"] = {rel: list(k) for rel, k in sorted(pending.items())}
    atomic_write(Path(data_dir) / MANIFEST_FILE, dumps(body))


def write_files(data_dir: Path, sums: Sums, payloads: dict[str, bytes]) -> None:
    """Replace data files (each atomically) and keep `sums` and the manifest true
    at every moment (pending first, then the files, then the sums). DiskWriteError
    from any step leaves each file matching the manifest."""
    if not payloads:
        return
    data_dir = Path(data_dir)
    new = {rel: key(payload) for rel, payload in payloads.items()}
    write(data_dir, sums.files, {**sums.pending, **new})
    sums.pending.update(new)
    folders = set()
    for rel, payload in payloads.items():
        path = data_dir / rel
        atomic_write(path, payload, sync_dir=False)
        folders.add(path.parent)
    for folder in folders:
        sync_dir_quietly(folder)
    sums.files.update(new)
    for rel in new:
        sums.pending.pop(rel, None)
    write(data_dir, sums.files, sums.pending)


def check_against(folder: Path, expected: dict[str, Key]) -> None:
    """Every file `expected` names must be there with those bytes (DamagedFileError)."""
    for rel, want in sorted(expected.items()):
        path = Path(folder) / rel
        if key(read_bytes(path)) != tuple(want):
            raise DamagedFileError(path, "checksum mismatch")


class VerifiedFiles(Mapping[str, bytes]):
    """A folder's files for a backup, read one at a time as the zip is written (never
    all of them in memory at once) and each checked against its recorded sum: a file
    changed behind smallshop's back raises DamagedFileError instead of going into a
    backup with a fresh, clean-looking CRC. `recorded` is what the manifest records."""

    def __init__(self, folder: Path, names: list[str], sums: Sums | None) -> None:
        self.folder = Path(folder)
        self.names = list(names)
        self.sums = sums

    def __getitem__(self, name: str) -> bytes:
        if name not in self.names:
            raise KeyError(name)
        raw = read_bytes(self.folder / name)
        if self.sums is not None and name in self.sums.files and not self.sums.accepts(name, key(raw)):
            raise DamagedFileError(self.folder / name, "checksum mismatch")
        return raw

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.names)

    def recorded(self) -> dict[str, Key]:
        """The recorded sums of these files (those it has)."""
        if self.sums is None:
            return {}
        return {n: self.sums.files[n] for n in self.names if n in self.sums.files}
