"""All-or-nothing across files: exceptions, a crash between files, journals."""

import subprocess
import sys
from datetime import date
from pathlib import Path

import orjson
import pytest

from smallshop.storage.tinydb_store import open_store

from storage_factories import customer, income, order

CHILD = Path(__file__).with_name("storage_child.py")


def test_two_file_transaction_lands_in_both(tmp_path):
    store = open_store(tmp_path)
    with store.transaction() as tx:
        tx.put(order(1, date(2026, 11, 5)))
        tx.put(income(1, date(2026, 12, 5), order_id="o000001"))
    assert not (tmp_path / "journal.json").exists()
    store.close()
    again = open_store(tmp_path)
    assert again.orders.get("o000001") is not None and again.incomes.get("i000001") is not None


def test_failed_put_inside_transaction_keeps_earlier_state(tmp_path):
    store = open_store(tmp_path)
    store.put(customer(1))
    store.checkpoint()
    before = (tmp_path / "customers.json").read_bytes()
    with pytest.raises(TypeError):
        with store.transaction() as tx:
            tx.put(customer(2))
            tx.put(object())  # not a record type
    store.checkpoint()
    assert (tmp_path / "customers.json").read_bytes() == before
    assert [c.id for c in store.customers.all()] == ["c000001"]


def test_crash_between_files_is_completed_from_the_journal(tmp_path):
    """Without the log (or for a transaction too big for it) the files are written
    directly, after a journal."""
    open_store(tmp_path).close()
    done = subprocess.run([sys.executable, str(CHILD), "crash-mid-apply", str(tmp_path)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 9, done.stderr
    # the crash left the journal and only the first of the two files
    assert (tmp_path / "journal.json").exists()
    written = {p.parent.name for p in tmp_path.glob("*/*.json")}
    assert len(written) == 1
    store = open_store(tmp_path)
    assert store.orders.get("o900001") is not None
    assert store.incomes.get("i900001") is not None
    assert not (tmp_path / "journal.json").exists()
    on_disk = orjson.loads((tmp_path / "incomes" / "2026-12.json").read_bytes())
    assert "i900001" in on_disk["incomes"]


@pytest.mark.parametrize("journal", [b"", b'{"app": "smallshop", "files": {', b'{"complete": false, "files": {}}'])
def test_incomplete_journal_is_discarded(tmp_path, journal):
    store = open_store(tmp_path)
    store.put(customer(1))
    store.close()
    (tmp_path / "journal.json").write_bytes(journal)
    again = open_store(tmp_path)
    assert [c.id for c in again.customers.all()] == ["c000001"]
    assert not (tmp_path / "journal.json").exists()


def test_journal_replay_is_idempotent(tmp_path):
    store = open_store(tmp_path)
    store.put(customer(1))
    store.close()
    new_customers = {"customers": {"c000002": orjson.loads(orjson.dumps(
        {"id": "c000002", "name": "Бакыт", "audit": {"version": 1}}))}}
    journal = {"app": "smallshop", "complete": True, "files": {"customers.json": new_customers}}
    (tmp_path / "journal.json").write_bytes(orjson.dumps(journal))
    first = open_store(tmp_path)
    assert [c.id for c in first.customers.all()] == ["c000002"]
    first.close()
    (tmp_path / "journal.json").write_bytes(orjson.dumps(journal))  # replayed twice
    assert [c.name for c in open_store(tmp_path).customers.all()] == ["Бакыт"]


def test_leftover_temp_files_are_removed(tmp_path):
    store = open_store(tmp_path)
    store.put(order(1))
    store.close()
    junk = [tmp_path / "orders" / "2026-11.json.4242.tmp-smallshop", tmp_path / "journal.json.1.tmp-smallshop",
            tmp_path / "backups" / "backup-x.zip.tmp-smallshop"]
    for path in junk:
        path.write_bytes(b'{"half')
    assert len(open_store(tmp_path).orders) == 1
    assert not any(p.exists() for p in junk)


def test_nested_transaction_joins_the_outer_one(tmp_path):
    store = open_store(tmp_path, backups=False)
    with pytest.raises(RuntimeError):
        with store.transaction() as outer:
            outer.put(customer(1))
            with store.transaction() as inner:
                assert inner is outer
                inner.put(order(1))
            assert store.orders.get("o000001") is None  # not committed yet
            raise RuntimeError("later step failed")
    assert len(store.customers) == 0 and len(store.orders) == 0
    with store.transaction() as outer:
        outer.put(customer(1))
        with store.transaction() as inner:
            inner.put(order(1))
    assert len(store.customers) == 1 and len(store.orders) == 1


def test_crash_during_checkpoint_is_completed_from_the_log(tmp_path):
    open_store(tmp_path).close()
    done = subprocess.run([sys.executable, str(CHILD), "crash-mid-checkpoint", str(tmp_path)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 9, done.stderr
    assert len({p.parent.name for p in tmp_path.glob("*/*.json")}) == 1  # one of two files written
    store = open_store(tmp_path)
    assert store.orders.get("o900001") is not None and store.incomes.get("i900001") is not None
    # the open finished both files from the log and started a fresh log
    assert "i900001" in orjson.loads((tmp_path / "incomes" / "2026-12.json").read_bytes())["incomes"]
    assert "o900001" in orjson.loads((tmp_path / "orders" / "2026-11.json").read_bytes())["orders"]
    assert store._wal.entries == 0


def test_saves_are_durable_in_the_log_before_any_checkpoint(tmp_path, monkeypatch):
    """What kill -9 relies on: reopening without close() replays the log."""
    store = open_store(tmp_path, backups=False)
    with store.transaction() as tx:
        tx.put(order(1, date(2026, 11, 5)))
        tx.put(income(1, date(2026, 12, 5), order_id="o000001"))
    store.put(customer(1))
    assert not (tmp_path / "orders").exists() and store._wal.entries == 2
    # simulate the process dying: drop the instance without close()
    store._wal.close()
    store._file_lock.release()
    from smallshop.storage import tinydb_store
    monkeypatch.delitem(tinydb_store._REGISTRY, tmp_path.resolve())
    again = open_store(tmp_path, backups=False)
    assert again.orders.get("o000001") and again.incomes.get("i000001") and again.customers.get("c000001")


def test_full_log_is_checkpointed_and_oversized_transactions_go_to_the_files(tmp_path, monkeypatch):
    from smallshop.storage import tinydb_store

    monkeypatch.setattr(tinydb_store, "WAL_CAPACITY", 4096 + 8 * 1024)  # room for ~10 entries
    store = open_store(tmp_path, backups=False)
    for n in range(1, 61):
        store.put(income(n, date(2026, 1 + n % 12, 1)))
    assert store._wal.entries < 20  # it filled up and was checkpointed several times
    on_disk = sum(len(orjson.loads(p.read_bytes())["incomes"]) for p in (tmp_path / "incomes").glob("*.json"))
    assert on_disk >= 60 - store._wal.entries
    with store.transaction() as tx:  # bigger than the whole log: files + journal
        for n in range(1, 41):
            tx.put(order(n, date(2026, 1 + n % 12, 2)))
    assert len(orjson.loads((tmp_path / "orders" / "2026-02.json").read_bytes())["orders"]) > 0
    assert not (tmp_path / "journal.json").exists()
    store.close()
    again = open_store(tmp_path, backups=False)
    assert len(again.incomes) == 60 and len(again.orders) == 40
