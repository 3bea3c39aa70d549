"""The store's own durable-save micro-benchmark (storage engineer).

    python benchmarks/storage_save.py [--records 60000] [--saves 300]

Bulk-loads ~60,000 synthetic records (ten years of a busy workshop: orders,
payments, expenses, draws, repayments, customers) into a fresh store in a temp
folder, then times single-record durable puts (a new payment, and an edit of an
existing order), each returned only once on disk (its log entry fdatasync'd).
Also an order with its deposit (two files, one log entry).
Prints median and p95 in ms, plus bulk-load and open times. Target: < 5 ms median.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from smallshop.domain.models import (
    Customer,
    Expense,
    ExpenseCategory,
    Income,
    IncomeCategory,
    LineItem,
    Order,
    OrderStatus,
    OwnerDraw,
    Repayment,
)
from smallshop.domain.money import Money
from smallshop.storage.tinydb_store import open_store


def synthetic(records: int, seed: int = 7) -> list[object]:
    rng = random.Random(seed)
    start = date(2016, 12, 1)
    days = 3650
    out: list[object] = []
    customers = [Customer(id=f"c{i:05d}", name=f"Клиент {i}", phone=f"+996 555 {i:06d}",
                          created_on=start + timedelta(days=rng.randrange(days)))
                 for i in range(max(1, records // 20))]
    out.extend(customers)
    n = 0
    while len(out) < records:
        day = start + timedelta(days=rng.randrange(days))
        n += 1
        pick = n % 10
        if pick < 3:
            out.append(Order(id=f"o{n:06d}", customer_id=rng.choice(customers).id, order_date=day,
                             items=(LineItem("көйнөк", Decimal(1), Money(rng.randrange(50000, 500000))),),
                             status=rng.choice(list(OrderStatus)), due_date=day + timedelta(days=10),
                             notes="узундугу 120, бели 70"))
        elif pick < 7:
            out.append(Income(id=f"i{n:06d}", date=day, amount=Money(rng.randrange(10000, 300000)),
                              category=IncomeCategory.ORDER_PAYMENT, order_id=f"o{n - 1:06d}"))
        elif pick < 9:
            out.append(Expense(id=f"e{n:06d}", date=day, amount=Money(rng.randrange(5000, 200000)),
                               category=rng.choice(list(ExpenseCategory)), description="кездеме"))
        elif n % 20 == 9:
            out.append(OwnerDraw(id=f"d{n:06d}", date=day, amount=Money(rng.randrange(100000, 500000))))
        else:
            out.append(Repayment(id=f"r{n:06d}", debt_id="debt1", date=day, amount=Money(500000)))
    return out


def plain_tinydb_inserts(records: list[object], count: int) -> list[float]:
    """The baseline: TinyDB's default storage re-serialises the whole file per insert."""
    from tinydb import TinyDB

    from smallshop.storage.codec import encode

    with tempfile.TemporaryDirectory() as tmp:
        db = TinyDB(Path(tmp) / "plain.json", encoding="utf-8")
        db.insert_multiple(encode(r) for r in records)
        timings = []
        for i in range(count):
            doc = encode(Income(id=f"plain{i}", date=date(2026, 11, 28), amount=Money(100),
                                category=IncomeCategory.WALK_IN_SALE))
            t0 = time.perf_counter()
            db.insert(doc)
            timings.append((time.perf_counter() - t0) * 1000)
        db.close()
    return timings


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(round(pct / 100 * len(ordered))) - 1)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=60_000)
    parser.add_argument("--saves", type=int, default=300)
    parser.add_argument("--plain-tinydb", type=int, default=10, metavar="N",
                        help="also time N inserts into one plain TinyDB JSON file of the same records "
                             "(the baseline; 0 to skip)")
    args = parser.parse_args(argv)
    records = synthetic(args.records)
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        t0 = time.perf_counter()
        store = open_store(data_dir, backups=False)
        loaded = store.bulk_load(records)
        bulk_s = time.perf_counter() - t0
        store.close()
        t0 = time.perf_counter()
        store = open_store(data_dir, backups=False)
        open_ms = (time.perf_counter() - t0) * 1000
        today = date(2026, 11, 28)
        new_ms, edit_ms, pair_ms = [], [], []
        orders = store.orders.between(date(2026, 11, 1), date(2026, 11, 30)) or store.orders.all()[-50:]
        for i in range(args.saves):
            income = Income(id=f"bench{i:06d}", date=today, amount=Money(150000),
                            category=IncomeCategory.WALK_IN_SALE)
            t0 = time.perf_counter()
            store.put(income)
            new_ms.append((time.perf_counter() - t0) * 1000)
            order = store.orders.get(orders[i % len(orders)].id)
            t0 = time.perf_counter()
            store.put(replace(order, notes=f"edit {i}"), expected_version=order.audit.version)
            edit_ms.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            with store.transaction() as tx:  # an order and its deposit: two files, one log entry
                tx.put(Order(id=f"benchorder{i:06d}", customer_id="c00001", order_date=today,
                             items=(LineItem("чапан", Decimal(1), Money(400000)),)))
                tx.put(Income(id=f"benchdep{i:06d}", date=today, amount=Money(100000),
                              category=IncomeCategory.ORDER_PAYMENT, order_id=f"benchorder{i:06d}"))
            pair_ms.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        store.checkpoint()  # the log's saves written into the TinyDB files
        checkpoint_ms = (time.perf_counter() - t0) * 1000
        store.close()
    print(f"records loaded: {loaded} (bulk_load {bulk_s:.1f} s), open: {open_ms:.0f} ms")
    for label, values in (("new payment", new_ms), ("edit order", edit_ms),
                          ("order + deposit, 2 files", pair_ms)):
        print(f"durable put, {label}: median {statistics.median(values):.2f} ms, "
              f"p95 {percentile(values, 95):.2f} ms over {len(values)} saves")
    print(f"checkpoint of those {3 * args.saves} transactions into the TinyDB files: {checkpoint_ms:.0f} ms "
          f"(amortised {checkpoint_ms / (3 * args.saves):.3f} ms per transaction)")
    if args.plain_tinydb:
        plain = plain_tinydb_inserts(records, args.plain_tinydb)
        print(f"plain TinyDB (one JSON file, JSONStorage), insert: median {statistics.median(plain):.1f} ms "
              f"over {len(plain)} inserts")
    median = statistics.median(new_ms)
    print(f"target < 5 ms median: {'met' if median < 5 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
