"""Put/get/all/between/delete on real files, and what lands in which file."""

from dataclasses import replace
from datetime import date, timedelta

import orjson
import pytest

from smallshop.domain.models import Customer, Income, Order
from smallshop.storage.interfaces import ConflictError, NotFoundError
from smallshop.storage.tinydb_store import open_store

from storage_factories import customer, expense, income, order


def test_put_get_survives_reopen(tmp_path):
    store = open_store(tmp_path)
    saved = store.put(customer(1))
    assert saved.audit.version == 1
    assert store.customers.get("c000001") == saved
    store.close()
    again = open_store(tmp_path)
    assert again.customers.get("c000001") == saved
    assert len(again.customers) == 1


def test_dated_records_go_to_month_files(tmp_path):
    store = open_store(tmp_path)
    store.put(order(1, date(2026, 11, 3)))
    store.put(order(2, date(2026, 12, 1)))
    store.checkpoint()  # saves are durable in the log; the checkpoint writes the TinyDB files
    nov = orjson.loads((tmp_path / "orders" / "2026-11.json").read_bytes())
    dec = orjson.loads((tmp_path / "orders" / "2026-12.json").read_bytes())
    assert list(nov["orders"]) == ["o000001"]
    assert list(dec["orders"]) == ["o000002"]


def test_between_is_inclusive_and_sorted(tmp_path):
    store = open_store(tmp_path)
    for n, day in enumerate([date(2026, 10, 31), date(2026, 11, 30), date(2026, 11, 1),
                             date(2026, 12, 1)], start=1):
        store.put(income(n, day))
    got = store.incomes.between(date(2026, 11, 1), date(2026, 11, 30))
    assert [i.date for i in got] == [date(2026, 11, 1), date(2026, 11, 30)]
    assert [i.id for i in store.incomes.between(date(2026, 10, 31), date(2026, 12, 1))] == [
        "i000001", "i000003", "i000002", "i000004"]
    assert store.customers.between(date(2000, 1, 1), date(2000, 1, 2)) == []


def test_moving_date_removes_from_old_month(tmp_path):
    store = open_store(tmp_path)
    first = store.put(income(1, date(2026, 11, 3)))
    store.put(replace(first, date=date(2027, 1, 2)), expected_version=1)
    store.checkpoint()
    old = orjson.loads((tmp_path / "incomes" / "2026-11.json").read_bytes())
    new = orjson.loads((tmp_path / "incomes" / "2027-01.json").read_bytes())
    assert old["incomes"] == {}
    assert new["incomes"]["i000001"]["audit"]["version"] == 2
    assert store.incomes.between(date(2026, 11, 1), date(2026, 11, 30)) == []
    store.close()
    assert [i.date for i in open_store(tmp_path).incomes.all()] == [date(2027, 1, 2)]


def test_version_conflict_names_who_saved(tmp_path):
    store = open_store(tmp_path)
    from datetime import datetime
    from smallshop.domain.models import Audit
    saved = store.put(replace(customer(1), audit=Audit(updated_by="m2", updated_at=datetime(2026, 11, 3, 10, 5))))
    store.put(replace(saved, name="Айгүл"), expected_version=1)
    with pytest.raises(ConflictError) as err:
        store.put(replace(saved, name="stale"), expected_version=1)
    assert err.value.key == "storage.conflict"
    assert err.value.params == {"record_id": "c000001", "updated_by": "m2", "updated_at": "2026-11-03 10:05"}
    assert store.customers.get("c000001").name == "Айгүл"
    assert store.customers.get("c000001").audit.version == 2


def test_delete_and_not_found(tmp_path):
    store = open_store(tmp_path)
    store.put(expense(1))
    store.delete(type(expense(1)), "e000001", expected_version=1)
    assert store.expenses.get("e000001") is None
    with pytest.raises(NotFoundError):
        store.delete(type(expense(1)), "e000001")
    store.close()
    assert len(open_store(tmp_path).expenses) == 0


def test_transaction_exception_changes_nothing(tmp_path):
    store = open_store(tmp_path)
    store.put(customer(1))
    with pytest.raises(RuntimeError):
        with store.transaction() as tx:
            tx.put(order(1))
            tx.put(income(1, order_id="o000001"))
            raise RuntimeError("user cancelled")
    assert len(store.orders) == 0 and len(store.incomes) == 0
    assert not (tmp_path / "orders").exists()
    store.close()
    assert len(open_store(tmp_path).orders) == 0


def test_bulk_load_writes_each_partition_once(tmp_path):
    store = open_store(tmp_path)
    records = [customer(n) for n in range(1, 51)] + [order(n, date(2026, 1 + n % 12, 1)) for n in range(1, 201)]
    assert store.bulk_load(records) == 250
    assert len(store.orders) == 200 and len(store.customers) == 50
    assert len(list((tmp_path / "orders").glob("*.json"))) == 12
    store.close()
    again = open_store(tmp_path)
    assert len(again.orders) == 200
    assert all(o.audit.version == 1 for o in again.orders.all())


def test_same_folder_twice_gives_same_store(tmp_path):
    first = open_store(tmp_path)
    second = open_store(tmp_path / "." )
    assert first is second
    second.close()
    assert not first.closed
    first.close()
    assert first.closed


def test_first_write_after_reopen_keeps_every_document_of_the_file(tmp_path):
    store = open_store(tmp_path, backups=False)
    store.bulk_load([order(n, date(2026, 11, n)) for n in range(1, 6)] + [customer(n) for n in range(1, 4)])
    before = orjson.loads((tmp_path / "orders" / "2026-11.json").read_bytes())["orders"]
    store.close()
    store = open_store(tmp_path, backups=False)
    store.put(order(6, date(2026, 11, 6)))
    store.put(customer(4))
    store.checkpoint()
    after = orjson.loads((tmp_path / "orders" / "2026-11.json").read_bytes())["orders"]
    assert {k: v for k, v in after.items() if k != "o000006"} == before
    assert len(orjson.loads((tmp_path / "customers.json").read_bytes())["customers"]) == 4


def test_between_reads_only_the_months_asked_for(tmp_path, monkeypatch):
    store = open_store(tmp_path, backups=False)
    store.bulk_load([income(n, date(2017, 1, 1) + timedelta(days=3 * n)) for n in range(1, 1201)])  # 10 years
    touched = []
    real = type(store.incomes)._month_sorted

    def spy(repo, key):
        touched.append(key)
        return real(repo, key)

    monkeypatch.setattr(type(store.incomes), "_month_sorted", spy)
    got = store.incomes.between(date(2020, 3, 15), date(2020, 5, 10))
    assert sorted(set(touched)) == [(2020, 3), (2020, 4), (2020, 5)]
    assert got and all(date(2020, 3, 15) <= i.date <= date(2020, 5, 10) for i in got)
    assert [i.date for i in got] == sorted(i.date for i in got)


def test_unusable_folder_is_a_clear_storage_error(tmp_path):
    from smallshop.storage.interfaces import DiskWriteError

    not_a_folder = tmp_path / "file.txt"
    not_a_folder.write_text("x")
    with pytest.raises(DiskWriteError) as err:
        open_store(not_a_folder / "data")
    assert err.value.key == "storage.folder_unusable"
    assert err.value.params["folder"] == str((not_a_folder / "data").resolve())
