"""References between records (issue 10): a backup whose orders, payments, expenses or
repayments refer to a customer, order or debt it does not hold is refused naming what
dangles (tests/hostile_backups.py "dangling", through every restore path), and `check`
reports the same in a data folder. The ten-year demo has none (benchmarks/restore_memory.py
restores it)."""

from __future__ import annotations

from datetime import date

from smallshop.cli import main
from smallshop.storage.check import check_store
from smallshop.storage.tinydb_store import open_store

from storage_factories import customer, income, order


def test_check_names_each_record_that_refers_to_a_missing_one(tmp_path, capsys):
    data = tmp_path / "data"
    store = open_store(data, backups=False)
    # bulk_load checks no links (it is for the demo): an order of customer 7, who is not there
    store.bulk_load([customer(1), order(1, date(2026, 11, 3)), order(2, date(2026, 11, 4), customer_id="c000007"),
                     income(1, date(2026, 11, 5), order_id="o000009")])
    store.close()
    result = check_store(data)
    dangling = [p.params for p in result.problems if p.key == "storage.check.dangling"]
    assert not result.ok and dangling == [
        {"file": "incomes/2026-11.json", "record_id": "i000001", "target_id": "o000009", "target": "orders/"},
        {"file": "orders/2026-11.json", "record_id": "o000002", "target_id": "c000007", "target": "customers.json"},
    ]
    assert main(["check", "--data-dir", str(data), "--lang", "ru"]) == 4  # ExitCode.DAMAGED
    err = capsys.readouterr().err
    assert "o000002" in err and "c000007" in err and "ссылается" in err


def test_a_folder_whose_links_all_hold_is_healthy(tmp_path):
    data = tmp_path / "data"
    store = open_store(data, backups=False)
    store.bulk_load([customer(1), order(1, date(2026, 11, 3)), income(1, date(2026, 11, 5), order_id="o000001")])
    store.close()
    assert check_store(data).ok


def test_every_link_names_a_kind_the_store_keeps():
    """verify.REFERENCES comes from domain/records.py's links ("customer_id" -> customers)."""
    from smallshop.storage.layout import KIND_BY_NAME
    from smallshop.storage.verify import REFERENCES

    assert ("orders", "customer_id", "customers") in REFERENCES
    assert all(kind in KIND_BY_NAME and target in KIND_BY_NAME for kind, _field, target in REFERENCES)
