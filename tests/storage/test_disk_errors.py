"""A failing disk (ENOSPC, EIO): a clear DiskWriteError, the old files intact,
memory and disk consistent, and the next save works once the disk does.

Both write paths are covered: a save appended to the log (the usual path) and
files rewritten directly (checkpoints, and every save when the log is off)."""

import errno
import os
from datetime import date

import orjson
import pytest

from smallshop.storage import files, tinydb_store
from smallshop.storage.interfaces import DiskWriteError
from smallshop.storage.tinydb_store import open_store
from smallshop.storage.wal import read_log

from storage_factories import customer, income, order


class FailingDisk:
    """Makes os.write (or fsync/fdatasync) fail with `code` while `on`, after `after` calls."""

    def __init__(self, monkeypatch, code: int, after: int = 0, call: str = "write") -> None:
        self.code, self.after, self.calls, self.on = code, after, 0, True
        names = ["fsync", "fdatasync"] if call == "fsync" else [call]
        for name in names:
            real = getattr(os, name, None)
            if real is not None:
                monkeypatch.setattr(files.os, name, self._failing(real))

    def _failing(self, real):
        def failing(*args):
            self.calls += 1
            if self.on and self.calls > self.after:
                raise OSError(self.code, os.strerror(self.code))
            return real(*args)
        return failing


def _disk_state(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*.json")}


def _log_entries(folder):
    return read_log(folder / "wal.log")[1]


@pytest.fixture(params=["log", "files"])
def path(request, monkeypatch):
    if request.param == "files":
        monkeypatch.setattr(tinydb_store, "WAL_ENABLED", False)
    return request.param


@pytest.mark.parametrize("code,call", [(errno.ENOSPC, "write"), (errno.EIO, "fsync")])
def test_failed_save(tmp_path, monkeypatch, code, call, path):
    store = open_store(tmp_path, backups=False)
    store.put(income(1, date(2026, 11, 3)))
    before = _disk_state(tmp_path)
    entries = _log_entries(tmp_path) if path == "log" else None
    disk = FailingDisk(monkeypatch, code, call=call)
    with pytest.raises(DiskWriteError) as err:
        store.put(income(2, date(2026, 11, 4)))
    assert err.value.key == "storage.write_failed"
    # without the log, the first write of a save is the checksum manifest's note of the new file
    assert err.value.params["file"].endswith(("wal.log",) if path == "log" else ("2026-11.json", "checksums.json"))
    assert err.value.params["reason"] == os.strerror(code)
    assert _disk_state(tmp_path) == before  # old files intact, no temp file left
    assert not list(tmp_path.rglob("*.tmp-smallshop"))
    if path == "log":
        disk.on = False
        assert _log_entries(tmp_path) == entries  # the failed entry does not count
        disk.on = True
    assert [i.id for i in store.incomes.all()] == ["i000001"]  # memory = disk
    disk.on = False  # space is back
    store.put(income(3, date(2026, 11, 5)))
    store.checkpoint()
    on_disk = orjson.loads((tmp_path / "incomes" / "2026-11.json").read_bytes())["incomes"]
    assert sorted(on_disk) == ["i000001", "i000003"]  # the failed one did not sneak in
    store.close()
    assert sorted(i.id for i in open_store(tmp_path, backups=False).incomes.all()) == ["i000001", "i000003"]


def test_failed_edit_keeps_old_version_everywhere(tmp_path, monkeypatch, path):
    from dataclasses import replace

    store = open_store(tmp_path, backups=False)
    saved = store.put(order(1))
    disk = FailingDisk(monkeypatch, errno.ENOSPC)
    with pytest.raises(DiskWriteError):
        store.put(replace(saved, notes="new"), expected_version=1)
    assert store.orders.get("o000001") == saved
    disk.on = False
    again = store.put(replace(saved, notes="new"), expected_version=1)  # same version still expected
    assert again.audit.version == 2


def test_failed_two_file_save_changes_nothing(tmp_path, monkeypatch, path):
    store = open_store(tmp_path, backups=False)
    store.put(customer(1))
    store.checkpoint()
    before = _disk_state(tmp_path)
    disk = FailingDisk(monkeypatch, errno.ENOSPC)
    with pytest.raises(DiskWriteError):
        with store.transaction() as tx:
            tx.put(order(1))
            tx.put(income(1, order_id="o000001"))
    assert _disk_state(tmp_path) == before and not (tmp_path / "journal.json").exists()
    assert len(store.orders) == 0 and len(store.incomes) == 0
    disk.on = False
    with store.transaction() as tx:
        tx.put(order(1))
        tx.put(income(1, order_id="o000001"))
    assert len(store.orders) == 1 and len(store.incomes) == 1
    store.close()
    assert len(open_store(tmp_path, backups=False).incomes) == 1


def test_failed_checkpoint_keeps_the_log_and_is_retried(tmp_path, monkeypatch):
    store = open_store(tmp_path, backups=False)
    with store.transaction() as tx:
        tx.put(order(1, date(2026, 11, 3)))
        tx.put(income(1, date(2026, 12, 3), order_id="o000001"))
    disk = FailingDisk(monkeypatch, errno.ENOSPC, after=1)  # the first file is written, not the second
    with pytest.raises(DiskWriteError):
        store.checkpoint()
    assert store.orders.get("o000001") and store.incomes.get("i000001")  # committed: in the log
    disk.on = False
    assert len(_log_entries(tmp_path)) == 1
    disk.on = True
    store.close()  # the program ends while the disk is still full: the log stays
    disk.on = False
    assert len(_log_entries(tmp_path)) == 1
    again = open_store(tmp_path, backups=False)
    assert again.orders.get("o000001") and again.incomes.get("i000001")
    assert again._wal.entries == 0
    assert "i000001" in orjson.loads((tmp_path / "incomes" / "2026-12.json").read_bytes())["incomes"]


def test_disk_full_after_the_journal_commits_via_the_journal(tmp_path, monkeypatch):
    """Files path: once the journal is on disk the transaction is committed; a
    later failure leaves the journal, which the next save (or the next open) finishes."""
    monkeypatch.setattr(tinydb_store, "WAL_ENABLED", False)
    store = open_store(tmp_path, backups=False)
    disk = FailingDisk(monkeypatch, errno.ENOSPC, after=1)  # the journal's write succeeds
    with store.transaction() as tx:
        tx.put(order(1, date(2026, 11, 3)))
        tx.put(income(1, date(2026, 12, 3), order_id="o000001"))
    assert (tmp_path / "journal.json").exists()
    assert store.orders.get("o000001") and store.incomes.get("i000001")
    with pytest.raises(DiskWriteError):  # still full: refused before writing anything new
        store.put(customer(1))
    assert store.customers.get("c000001") is None
    disk.on = False
    store.put(customer(1))
    assert not (tmp_path / "journal.json").exists()
    store.close()
    again = open_store(tmp_path, backups=False)
    assert again.orders.get("o000001") and again.incomes.get("i000001") and again.customers.get("c000001")


def test_disk_full_after_journal_then_exit_replays_on_open(tmp_path, monkeypatch):
    monkeypatch.setattr(tinydb_store, "WAL_ENABLED", False)
    store = open_store(tmp_path, backups=False)
    disk = FailingDisk(monkeypatch, errno.ENOSPC, after=1)
    with store.transaction() as tx:
        tx.put(order(1, date(2026, 11, 3)))
        tx.put(income(1, date(2026, 12, 3), order_id="o000001"))
    store.close()  # the program ends before space came back: the journal stays
    assert (tmp_path / "journal.json").exists()
    disk.on = False
    again = open_store(tmp_path, backups=False)
    assert again.orders.get("o000001") and again.incomes.get("i000001")
    assert not (tmp_path / "journal.json").exists()


def test_disk_full_at_open_still_opens_and_reads(tmp_path, monkeypatch):
    store = open_store(tmp_path, backups=False)
    store.put(customer(1))
    store.close()
    (tmp_path / "wal.log").unlink()  # the log must be created again: 4 MB
    disk = FailingDisk(monkeypatch, errno.ENOSPC)
    again = open_store(tmp_path, backups=False)
    assert again.customers.get("c000001") is not None and again._wal is None
    with pytest.raises(DiskWriteError):
        again.put(customer(2))
    disk.on = False
    again.put(customer(2))  # written straight to its file
    assert len(orjson.loads((tmp_path / "customers.json").read_bytes())["customers"]) == 2
