"""Recovery keeps everything that is intact anywhere (issue 10): the newest good
backup for what cannot be read, every intact data file, every intact log entry
(also after a damaged one); the damaged folder is left exactly as it was; the
report names exactly what was lost. `check` advises recover, never a restore
that would lose saves."""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime, timedelta, timezone

import pytest

from smallshop.cli import main
from smallshop.commands import ExitCode
from smallshop.storage import tinydb_store
from smallshop.storage.interfaces import StoreDamagedError
from smallshop.storage.recovery import recover
from smallshop.storage.restoring import restore_backup
from smallshop.storage.tinydb_store import open_store

from storage_factories import Clock, customer, order


def _snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != ".lock"}


def _damaged_shop(folder):
    """A daily backup of customer 1 + orders 1-3; then customer 2 and order 4 saved and
    checkpointed into the files (safe in customers.json / orders/2026-11.json); then
    orders 5-7 saved only in the log (a crash). Returns the log entries' offsets."""
    clock = Clock(datetime(2026, 11, 28, 8, 0, tzinfo=timezone.utc))
    store = open_store(folder, clock=clock)
    store.bulk_load([customer(1)] + [order(n, date(2026, 11, n)) for n in range(1, 4)])
    clock.now += timedelta(days=1)
    assert store.maybe_backup() is not None
    store.put(customer(2, name="Бурулай"))
    store.put(order(4, date(2026, 11, 4)))
    store.checkpoint()
    offsets = []
    for n in range(5, 8):
        offsets.append(store._wal.offset)
        store.put(order(n, date(2026, 12, n)))
    store._wal.close()  # kill -9: the last three saves are only in the log
    store._file_lock.release()
    del tinydb_store._REGISTRY[folder.resolve()]
    return offsets


def _ids(folder):
    store = open_store(folder, backups=False)
    try:
        return sorted(c.id for c in store.customers.all()), sorted(o.id for o in store.orders.all())
    finally:
        store.close()


ALL = (["c000001", "c000002"], [f"o{n:06d}" for n in range(1, 8)])


def test_a_damaged_log_header_loses_nothing(tmp_path, cli_run):
    data = tmp_path / "data"
    _damaged_shop(data)
    log = data / "wal.log"
    raw = bytearray(log.read_bytes())
    raw[0:8] = b"XXXXXXXX"
    log.write_bytes(bytes(raw))
    with pytest.raises(StoreDamagedError):
        open_store(data)
    before = _snapshot(data)
    code, out, err = cli_run("check", "--data-dir", str(data), "--lang", "en")
    assert code == ExitCode.DAMAGED and "smallshop recover" in err and "smallshop restore" not in err
    code, out, err = cli_run("recover", "--data-dir", str(data), "-o", str(tmp_path / "saved"), "--lang", "en")
    assert code == 0, err
    assert "Nothing was lost" in out and "Saves found in the write-ahead log: 3" in out
    assert _snapshot(data) == before  # the damaged folder, byte for byte
    assert _ids(tmp_path / "saved") == ALL
    code, out, err = cli_run("restore", str(tmp_path / "saved"), "--data-dir", str(data), "--lang", "en")
    assert code == 0, err
    assert _ids(data) == ALL  # customer 2 and order 4 (safe in the files) and 5-7 (in the log)
    assert cli_run("check", "--data-dir", str(data))[0] == 0


def test_a_damaged_entry_in_the_middle_loses_only_that_save(tmp_path):
    data = tmp_path / "data"
    offsets = _damaged_shop(data)
    log = data / "wal.log"
    raw = bytearray(log.read_bytes())
    raw[offsets[1] + 30] ^= 0x10  # order 6's entry
    log.write_bytes(bytes(raw))
    report = recover(data, tmp_path / "saved")
    assert report.damaged_log_entries == [offsets[1]] and report.log_entries == 2
    assert not report.complete
    customers, orders = _ids(tmp_path / "saved")
    assert customers == ALL[0] and orders == [o for o in ALL[1] if o != "o000006"]


@pytest.mark.parametrize("where", [0, 4, 30])  # the length, the generation's first byte, the payload
def test_a_damaged_last_entry_is_said_to_be_dropped_by_check_and_recover(tmp_path, cli_run, where):
    """Damage to the very last log entry looks exactly like a save cut short by a
    crash (docs/storage.md): it is dropped. Review of issue 10: check called it "an
    unfinished save ... will be completed" and recover said "Nothing was lost"."""
    data = tmp_path / "data"
    offsets = _damaged_shop(data)
    log = data / "wal.log"
    raw = bytearray(log.read_bytes())
    raw[offsets[2] + where] ^= 0x04  # order 7's entry, the last one
    log.write_bytes(bytes(raw))
    code, out, err = cli_run("check", "--data-dir", str(data), "--lang", "en")
    said = out + err
    assert f"The last save in the write-ahead log (at byte {offsets[2]})" in said and "will be dropped" in said
    code, out, err = cli_run("recover", "--data-dir", str(data), "-o", str(tmp_path / "saved"), "--lang", "en")
    assert code == ExitCode.DAMAGED, out + err
    assert "Nothing was lost" not in out
    assert f"the last save in the write-ahead log at byte {offsets[2]}" in err and "dropped" in err
    assert _ids(tmp_path / "saved") == (ALL[0], ALL[1][:-1])


def test_an_intact_log_says_nothing_about_a_dropped_save(tmp_path, cli_run):
    data = tmp_path / "data"
    _damaged_shop(data)
    code, out, err = cli_run("check", "--data-dir", str(data), "--lang", "en")
    assert "dropped" not in out + err
    code, out, err = cli_run("recover", "--data-dir", str(data), "-o", str(tmp_path / "saved"), "--lang", "en")
    assert code == 0 and "Nothing was lost" in out and "dropped" not in out + err


def test_recover_refuses_a_folder_that_is_open(tmp_path, cli_run):
    """Review of issue 10: recover ran while the app had the folder open."""
    from filelock import FileLock

    data = tmp_path / "data"
    _damaged_shop(data)
    store = open_store(data)  # open in this program
    try:
        code, _out, err = cli_run("recover", "--data-dir", str(data), "-o", str(tmp_path / "a"), "--lang", "en")
    finally:
        store.close()
    assert code == ExitCode.BUSY and "already open" in err and not (tmp_path / "a").exists()
    other = FileLock(str(data / ".lock"), timeout=0, thread_local=False)  # another program's lock
    other.acquire()
    try:
        code, _out, err = cli_run("recover", "--data-dir", str(data), "-o", str(tmp_path / "b"), "--lang", "en")
    finally:
        other.release()
    assert code == ExitCode.BUSY and "already open" in err and not (tmp_path / "b").exists()
    code, _out, err = cli_run("recover", "--data-dir", str(data), "-o", str(tmp_path / "c"), "--lang", "en")
    assert code == 0, err


def test_an_unreadable_month_file_comes_from_the_backup_and_the_log(tmp_path):
    data = tmp_path / "data"
    _damaged_shop(data)
    (data / "orders" / "2026-11.json").write_bytes(b"\x00garbage")
    report = recover(data, tmp_path / "saved")
    assert report.from_backup == ["orders/2026-11.json"] and report.backup is not None
    customers, orders = _ids(tmp_path / "saved")
    # order 4 was only in that file (after the backup): the one save nothing else holds
    assert customers == ALL[0] and orders == [o for o in ALL[1] if o != "o000004"]


def test_a_damaged_record_takes_the_backups_copy_or_is_named(tmp_path):
    data = tmp_path / "data"
    _damaged_shop(data)
    path = data / "customers.json"
    tables = json.loads(path.read_text(encoding="utf-8"))
    for doc in tables["customers"].values():
        doc["created_on"] = "2026-99-05"  # both undecodable; only customer 1 is in the backup
    path.write_text(json.dumps(tables, ensure_ascii=False), encoding="utf-8")
    report = recover(data, tmp_path / "saved")
    assert report.lost_records == [("customers.json", "c000002")]  # c000001 came from the backup
    assert _ids(tmp_path / "saved")[0] == ["c000001"]


def test_recover_refuses_a_folder_that_is_not_empty(tmp_path, cli_run):
    data = tmp_path / "data"
    _damaged_shop(data)
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "x").write_text("keep me")
    code, _out, err = cli_run("recover", "--data-dir", str(data), "-o", str(busy), "--lang", "ru")
    assert code == ExitCode.REFUSED and "не пуста" in err and (busy / "x").read_text() == "keep me"


def test_restore_of_the_replaced_folder_brings_back_what_a_restore_replaced(tmp_path):
    data = tmp_path / "data"
    _damaged_shop(data)
    open_store(data).close()  # replays the log: all seven orders in the files
    backup = sorted((data / "backups").glob("*.zip"))[0]  # customer 1, orders 1-3
    outcome = restore_backup(data, backup)
    assert _ids(data) == (["c000001"], ALL[1][:3])
    shutil.rmtree(data / "backups")  # even with no backups left, the replaced folder is enough
    restore_backup(data, outcome.replaced)
    assert _ids(data) == ALL


@pytest.fixture
def cli_run(capsys, monkeypatch):
    monkeypatch.delenv("SMALLSHOP_LANG", raising=False)

    def run(*argv):
        code = main(list(argv))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


def test_in_place_recovery_holds_the_folder_lock_from_reading_to_the_swap(tmp_path, monkeypatch):
    """The app's Recover read the damaged folder without its lock: a second Recover (or
    a command saving or restoring) could change the folder between the read and the
    swap, and be overwritten by what was read before. While one recovery works, a
    second one and any other program opening the folder are refused; then it works."""
    import threading

    from smallshop.storage import recovery, restoring
    from smallshop.storage.interfaces import StoreLockedError

    data = tmp_path / "data"
    _damaged_shop(data)
    (data / "orders" / "2026-11.json").write_bytes(b"\x00garbage")
    reading, go_on = threading.Event(), threading.Event()
    real = recovery.recover

    def slow_recover(*args, **kwargs):
        report = real(*args, **kwargs)  # the folder has been read
        reading.set()
        assert go_on.wait(30)
        return report

    monkeypatch.setattr(recovery, "recover", slow_recover)
    outcome: dict = {}
    first = threading.Thread(target=lambda: outcome.update(report=restoring.recover_in_place(data)))
    first.start()
    try:
        assert reading.wait(60)
        monkeypatch.setattr(recovery, "recover", real)
        with pytest.raises(StoreLockedError):
            restoring.recover_in_place(data)  # a second Recover, from another session
        with pytest.raises(StoreLockedError):
            open_store(data)  # any other program wanting to save here
    finally:
        go_on.set()
        first.join(60)
    assert outcome["report"].from_backup == ["orders/2026-11.json"]
    customers, orders = _ids(data)
    assert customers == ALL[0] and orders == [o for o in ALL[1] if o != "o000004"]


def test_recovery_never_brings_back_what_a_restore_replaced(tmp_path):
    """After a deliberate restore, the newest backup by sequence was the before-restore
    one - the data the restore replaced. With customers.json then unreadable, recover
    took it from there: customers the owner had replaced came back. Now a restore
    writes a "restored" backup of what it put in place, and recovery takes only from
    that one and later ones."""
    data, other = tmp_path / "data", tmp_path / "other"
    clock = Clock(datetime(2026, 11, 28, 8, 0, tzinfo=timezone.utc))
    store = open_store(data, clock=clock)  # the data being replaced: customers 1-3
    store.bulk_load([customer(n) for n in (1, 2, 3)] + [order(1, date(2026, 11, 1))])
    store.close()
    store = open_store(other, backups=False)  # the backup the owner restores: customer 1 only
    store.bulk_load([customer(1), order(1, date(2026, 11, 1))])
    wanted = store.backup(tmp_path / "wanted.zip")
    store.close()
    restore_backup(data, wanted, clock=clock)
    reasons = [p.name.rsplit("-", 1)[1] for p in sorted((data / "backups").glob("*.zip"))]
    assert reasons[-2:] == ["restore.zip", "restored.zip"]  # before-restore, then restored
    (data / "customers.json").write_bytes(b"\x00damaged")
    report = recover(data, tmp_path / "saved")
    assert report.from_backup == ["customers.json"] and "restored" in report.backup.name
    assert _ids(tmp_path / "saved")[0] == ["c000001"]  # not customers 2 and 3 from before the restore


def test_recovery_after_a_restore_without_its_marker_uses_no_older_backup(tmp_path):
    """A restore cut short after the swap (no "restored" backup yet): the backups before
    it are of the replaced data, so none is used; the unreadable file is named lost."""
    data, other = tmp_path / "data", tmp_path / "other"
    store = open_store(data, clock=Clock(datetime(2026, 11, 28, 8, 0, tzinfo=timezone.utc)))
    store.bulk_load([customer(n) for n in (1, 2, 3)])
    store.close()
    store = open_store(other, backups=False)
    store.bulk_load([customer(1)])
    wanted = store.backup(tmp_path / "wanted.zip")
    store.close()
    restore_backup(data, wanted)
    for path in (data / "backups").glob("*-restored.zip"):
        path.unlink()
    (data / "customers.json").write_bytes(b"\x00damaged")
    report = recover(data, tmp_path / "saved")
    assert report.backup is None and report.lost_files == ["customers.json"]
