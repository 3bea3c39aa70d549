"""The TinyDB Storage under the store: atomic writes, and a cache that a failed
write (or TinyDB's in-place mutation of what it read) cannot corrupt."""

import errno
import os

import orjson
import pytest
from tinydb.table import Document

from smallshop.storage import files
from smallshop.storage.files import open_partition, stage_changes
from smallshop.storage.interfaces import DiskWriteError


def _db(tmp_path):
    committed = {"orders": {"a": {"id": "a", "notes": "old"}}}
    path = tmp_path / "orders" / "2026-11.json"
    path.parent.mkdir()
    path.write_bytes(orjson.dumps(committed))
    return open_partition(path, committed), path


def _full_disk(monkeypatch):
    def refuse(fd, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(files.os, "write", refuse)


@pytest.mark.parametrize("operation", [
    lambda t: t.insert(Document({"id": "b"}, doc_id="b")),
    lambda t: t.remove(doc_ids=["a"]),
    lambda t: t.truncate(),
    lambda t: t.upsert(Document({"id": "a", "notes": "new"}, doc_id="a")),
])
def test_failed_tinydb_write_leaves_cache_and_file_alone(tmp_path, monkeypatch, operation):
    db, path = _db(tmp_path)
    before = path.read_bytes()
    _full_disk(monkeypatch)
    with pytest.raises(DiskWriteError):
        operation(db.table("orders"))
    assert db.storage.committed == {"orders": {"a": {"id": "a", "notes": "old"}}}
    assert path.read_bytes() == before
    assert not list(path.parent.glob("*.tmp-smallshop"))
    monkeypatch.undo()
    db.table("orders").insert(Document({"id": "c"}, doc_id="c"))  # space is back
    assert set(orjson.loads(path.read_bytes())["orders"]) == {"a", "c"}


def test_staged_changes_touch_nothing_until_installed(tmp_path):
    db, path = _db(tmp_path)
    before = path.read_bytes()
    new = stage_changes(db, "orders", {"a": {"id": "a", "notes": "new"}, "b": {"id": "b"}}, set())
    assert new == {"orders": {"a": {"id": "a", "notes": "new"}, "b": {"id": "b"}}}
    assert db.storage.committed == {"orders": {"a": {"id": "a", "notes": "old"}}}
    assert path.read_bytes() == before
    removed = stage_changes(db, "orders", {}, {"a"})
    assert removed == {"orders": {}}
    db.storage.install(new)
    assert db.table("orders").get(doc_id="b") == {"id": "b"}


def test_write_is_utf8_json_and_atomic(tmp_path):
    db, path = _db(tmp_path)
    db.table("orders").insert(Document({"id": "b", "notes": "Айгүл, бели 70"}, doc_id="b"))
    raw = path.read_bytes()
    assert "Айгүл".encode("utf-8") in raw
    assert orjson.loads(raw)["orders"]["b"]["notes"] == "Айгүл, бели 70"
