"""Random sequences of saves, edits that move records between months, deletes,
checkpoints, clean closes and crashes (the instance dropped without close) are
compared against a plain dict: after every reopen the store holds exactly what
the model says, on both write paths (log and direct files)."""

import random
from dataclasses import replace
from datetime import date, timedelta

import pytest

from smallshop.domain.models import Income
from smallshop.storage import tinydb_store
from smallshop.storage.tinydb_store import open_store

from storage_factories import customer, income


def _crash(store, monkeypatch, folder):
    """What kill -9 leaves: no checkpoint, no close; the OS drops the lock."""
    if store._wal is not None:
        store._wal.close()
    store._file_lock.release()
    monkeypatch.delitem(tinydb_store._REGISTRY, folder.resolve())


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("use_log", [True, False], ids=["log", "files"])
def test_store_matches_a_dict_model(tmp_path, monkeypatch, seed, use_log):
    monkeypatch.setattr(tinydb_store, "WAL_ENABLED", use_log)
    monkeypatch.setattr(tinydb_store, "WAL_CAPACITY", 4096 + 16 * 1024)  # small: frequent checkpoints
    rng = random.Random(seed)
    model: dict[str, Income] = {}
    customers: dict[str, object] = {}
    store = open_store(tmp_path, backups=False)
    for step in range(400):
        action = rng.random()
        if action < 0.45 or not model:
            n = rng.randrange(1, 10_000)
            saved = store.put(income(n, date(2025, 1, 1) + timedelta(days=rng.randrange(730))))
            model[saved.id] = saved
        elif action < 0.65:  # edit, often into another month
            rid = rng.choice(sorted(model))
            current = model[rid]
            moved = replace(current, date=current.date + timedelta(days=rng.randrange(-60, 60)))
            model[rid] = store.put(moved, expected_version=current.audit.version)
        elif action < 0.75:
            rid = rng.choice(sorted(model))
            store.delete(Income, rid, expected_version=model.pop(rid).audit.version)
        elif action < 0.85:  # two kinds, two files, one transaction
            n = rng.randrange(1, 500)
            with store.transaction() as tx:
                c = tx.put(customer(n))
                i = tx.put(income(50_000 + n, date(2026, 1 + n % 12, 1)))
            customers[c.id] = c
            model[i.id] = i
        elif action < 0.9:
            store.checkpoint()
        elif action < 0.95:
            store.close()
            store = open_store(tmp_path, backups=False)
        else:
            _crash(store, monkeypatch, tmp_path)
            store = open_store(tmp_path, backups=False)
        if step % 50 == 0 or action >= 0.9:
            assert {i.id: i for i in store.incomes.all()} == model
    _crash(store, monkeypatch, tmp_path)
    store = open_store(tmp_path, backups=False)
    assert {i.id: i for i in store.incomes.all()} == model
    assert {c.id: c for c in store.customers.all()} == customers
    months = {(i.date.year, i.date.month) for i in model.values()}
    for year, month in months:
        first = date(year, month, 1)
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        assert sorted(i.id for i in store.incomes.between(first, last)) == sorted(
            i.id for i in model.values() if first <= i.date <= last)
