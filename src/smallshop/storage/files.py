"""Crash-safe file writes and the TinyDB Storage that uses them.

A file is never rewritten in place: the new bytes go to a temp file in the same
folder, are flushed and fsync'd, replace the old file with os.replace, and the
folder is fsync'd so the rename itself survives a power cut. A failed write
leaves the old file as it was. `PartitionStorage` keeps the parsed contents in
memory (write-through) so TinyDB never re-reads or re-parses a file.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any, Callable

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document, Table

from .interfaces import DiskWriteError
from .jsonbytes import JSONDecodeError
from .jsonbytes import dumps as _json_dumps
from .jsonbytes import loads as _json_loads

TEMP_SUFFIX = ".tmp-smallshop"
log = logging.getLogger(__name__)


class DamagedFileError(Exception):
    """A data file cannot be parsed; the caller turns it into StoreDamagedError."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def fsync_dir(folder: Path) -> None:
    """Make a rename/unlink in `folder` durable (no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # e.g. Windows
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def replace_atomically(path: Path, data: bytes, *, sync_dir: bool = True, mode: int = 0o644) -> None:
    """The one atomic write of smallshop (data files, state files, reports): a temp
    file beside `path`, written and fsync'd, renamed over it, then the folder
    fsync'd. Raises OSError leaving `path` as it was and no temp file behind."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}{TEMP_SUFFIX}")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), mode)
        try:
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    if sync_dir:
        sync_dir_quietly(path.parent)


def atomic_write(path: Path, data: bytes, *, sync_dir: bool = True) -> None:
    """Replace the data file `path` with `data` durably (its folder made if needed),
    or raise DiskWriteError leaving it untouched."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        replace_atomically(path, data, sync_dir=sync_dir)
    except OSError as exc:
        raise DiskWriteError(str(exc), file=str(path), reason=exc.strerror or str(exc)) from exc


def sync_dir_quietly(folder: Path) -> None:
    """fsync a folder after a rename. The new content is already in place, so a
    failure here is logged, not raised: raising would make memory disagree with
    what the next reader of the file sees."""
    try:
        fsync_dir(folder)
    except OSError as exc:  # pragma: no cover - depends on the OS
        log.warning("could not fsync folder %s: %s", folder, exc)


def read_json_file(path: Path) -> Any:
    """Parse a JSON file; raise DamagedFileError for an empty, cut or garbage file."""
    return parse_json(path, read_bytes(path))


def read_bytes(path: Path) -> bytes:
    """A data file's bytes; DamagedFileError when it cannot be read."""
    try:
        with open(path, "rb", buffering=0) as file:  # unbuffered: one read, no pathlib layers
            return file.read()
    except OSError as exc:
        raise DamagedFileError(path, exc.strerror or str(exc)) from exc


def parse_json(path: Path, raw: bytes) -> Any:
    """The value of `path`'s bytes `raw`; DamagedFileError for empty or invalid JSON."""
    if not raw:
        raise DamagedFileError(path, "empty file")
    try:
        return _json_loads(raw)
    except JSONDecodeError as exc:
        raise DamagedFileError(path, f"not valid JSON ({exc})") from exc


def dumps(data: Any) -> bytes:
    """Compact UTF-8 JSON, the same bytes whichever JSON backend runs (jsonbytes)."""
    return _json_dumps(data)


def copy_tables(tables: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """What `read` hands TinyDB: new outer and table dicts, shared documents.

    TinyDB's Table._update_table assigns `tables[name] = <rebuilt table>` into the
    dict it read, and `truncate` clears a table: both hit these copies, never the
    committed cache. Documents are shared because the only TinyDB calls the store
    makes (`remove`, `insert_multiple`) replace documents and never edit them in
    place; RecordTable gives `update`/`upsert` private copies first. Copying every
    document on every read instead cost ~1.5 ms per save of a 3,000-customer file.
    """
    return {name: dict(table) for name, table in tables.items()}


class PartitionStorage(Storage):
    """TinyDB storage for one partition file: parsed once, written atomically.

    `committed` is the file's content as it is on disk. While `capturing`, writes
    from TinyDB are only collected (`staged`) so the store can write several files
    as one transaction; `install` makes staged data the committed state after the
    disk write succeeded. `read` always hands TinyDB a copy (copy_tables), because
    TinyDB mutates what it reads: a failed write must not corrupt the committed cache.
    """

    def __init__(self, path: Path, committed: dict[str, dict[str, Any]] | None = None,
                 loader: Callable[[], dict[str, dict[str, Any]]] | None = None) -> None:
        super().__init__()
        self.path = path
        self._committed = committed
        self._loader = loader
        self.staged: dict[str, dict[str, Any]] | None = None
        self.capturing = False

    @property
    def committed(self) -> dict[str, dict[str, Any]]:
        """The file's documents as on disk; rebuilt once from the decoded records
        (the loader) when they were not kept after opening."""
        if self._committed is None:
            self._committed = self._loader() if self._loader is not None else {}
        return self._committed

    def read(self) -> dict[str, dict[str, Any]] | None:
        source = self.staged if self.staged is not None else self.committed
        return copy_tables(source)

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        if self.capturing:
            self.staged = data
            return
        atomic_write(self.path, dumps(data))
        self._committed = data

    def begin(self) -> None:
        self.capturing = True
        self.staged = None

    def end(self) -> dict[str, dict[str, Any]]:
        """Stop capturing; return the new contents (committed ones if nothing changed)."""
        self.capturing = False
        staged, self.staged = self.staged, None
        return staged if staged is not None else self.committed

    def install(self, data: dict[str, dict[str, Any]]) -> None:
        self._committed = data

    @property
    def cached(self) -> dict[str, dict[str, Any]] | None:
        """The file's documents if held in memory (file order), without rebuilding them."""
        return self._committed

    def forget(self) -> None:
        """Drop the cached documents (memory); the loader rebuilds them on the next write."""
        if self._loader is not None:
            self._committed = None


class RecordTable(Table):
    """Documents keyed by the record's own string id (uuid hex), not a counter.

    `update`/`update_multiple` (and `upsert`, which uses update) edit documents in
    place; here they first get private copies of the documents, so documents shared
    with the committed cache (see copy_tables) are never changed by a write that
    may still fail.
    """

    document_id_class = str  # type: ignore[assignment]  # tinydb annotates ids as int; ours are the records' str ids
    _copy_documents = False

    def update(self, *args: Any, **kwargs: Any) -> Any:
        return self._with_copies(super().update, *args, **kwargs)

    def update_multiple(self, *args: Any, **kwargs: Any) -> Any:
        return self._with_copies(super().update_multiple, *args, **kwargs)

    def _with_copies(self, operation: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        self._copy_documents = True
        try:
            return operation(*args, **kwargs)
        finally:
            self._copy_documents = False

    def _update_table(self, updater: Callable[[dict[Any, Any]], None]) -> None:
        if self._copy_documents:
            edit = updater

            def updater(table: dict[Any, Any]) -> None:
                for doc_id in list(table):
                    table[doc_id] = dict(table[doc_id])
                edit(table)

        super()._update_table(updater)


class PartitionDB(TinyDB):
    table_class = RecordTable

    @property
    def storage(self) -> PartitionStorage:
        """The partition's storage, as the type it always is here (open_partition)."""
        storage = super().storage
        assert isinstance(storage, PartitionStorage)
        return storage


def open_partition(path: Path, committed: dict[str, dict[str, Any]] | None,
                   loader: Callable[[], dict[str, dict[str, Any]]] | None = None) -> PartitionDB:
    return PartitionDB(path, storage=lambda p: PartitionStorage(Path(p), committed, loader))


def stage_changes(db: PartitionDB, table_name: str, puts: dict[str, dict[str, Any]],
                  removes: set[str]) -> dict[str, dict[str, Any]]:
    """Apply puts/removes through TinyDB's Table API in capture mode; return the
    partition's complete new contents (nothing is written)."""
    storage = db.storage
    table = db.table(table_name)
    storage.begin()
    try:
        gone = set(removes) | set(puts)
        # tinydb annotates document ids as int; RecordTable's are the records' str ids
        if gone:
            table.remove(doc_ids=list(gone))  # type: ignore[arg-type]  # str ids (see above)
        if puts:
            table.insert_multiple(Document(doc, doc_id=rid) for rid, doc in puts.items())  # type: ignore[arg-type]  # str ids
        return storage.end()
    except BaseException:
        storage.end()
        raise
