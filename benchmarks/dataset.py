"""The benchmark's data: the demo business in a store, the same records in SQLite,
and what to measure on them (busiest month, search words, the order to edit).

Run by run.py in its own process, so the generated records never sit in the
parent: on Linux a child started from a big parent inherits the parent's peak
RSS in ru_maxrss, which would inflate the smallshop worker's memory figure.

    python dataset.py --data-dir DIR --db FILE --years 10 --seed 2026 --today 2026-11-28

Prints one JSON object: {"spec": {...}, "info": {...}}.
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import sqlite_baseline  # noqa: E402
from timing import peak_rss_mb  # noqa: E402

_SURNAME_END = re.compile(r"(ова|ева|ов|ев|ин|ина|уулу|кызы)$")


def _record_date(record: Any) -> date | None:
    for name in ("order_date", "date"):
        value = getattr(record, name, None)
        if isinstance(value, date):
            return value
    return None


def choose_spec(records: list[Any], today: date) -> dict[str, Any]:
    """The busiest month, the search words and the order to edit, from the data itself."""
    per_month = collections.Counter(
        (d.year, d.month) for d in map(_record_date, records) if d is not None and d <= today)
    (year, month), busiest_count = per_month.most_common(1)[0]
    customers = [r for r in records if type(r).__name__ == "Customer"]
    orders = [r for r in records if type(r).__name__ == "Order"]
    name_words = collections.Counter(w for c in customers for w in c.name.split() if len(w) >= 4)
    surnames = [w for w, _ in name_words.most_common() if _SURNAME_END.search(w.lower())]
    surname = surnames[0] if surnames else name_words.most_common(1)[0][0]
    item_words = collections.Counter(
        w.strip(",.()").lower() for o in orders for item in o.items for w in item.description.split()
        if len(w.strip(",.()")) >= 5 and w.strip(",.()").isalpha())
    item_word = item_words.most_common(1)[0][0]
    open_orders = [o for o in orders if str(o.status) in ("new", "in_progress", "ready")] or orders
    edit_order = max(open_orders, key=lambda o: (o.order_date, o.id))
    first = date(year, month, 1)
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return {"month": f"{year:04d}-{month:02d}", "month_records": busiest_count,
            "month_first": first.isoformat(), "month_last": last.isoformat(),
            "queries": [surname, item_word], "edit_order_id": edit_order.id, "today": today.isoformat()}


def prepare(data_dir: Path, db_path: Path, years: int, seed: int, today: date) -> dict[str, Any]:
    """Generate, bulk-load into the store, build the baseline; returns spec and info."""
    from smallshop.demo import generate
    from smallshop.storage.tinydb_store import open_store

    info: dict[str, Any] = {}
    t0 = time.perf_counter()
    records = list(generate(years=years, seed=seed, today=today))
    info["generate_s"] = round(time.perf_counter() - t0, 2)
    info["records_by_kind"] = dict(sorted(collections.Counter(type(r).__name__ for r in records).items()))
    t0 = time.perf_counter()
    store = open_store(data_dir)
    store.bulk_load(records)
    store.close()
    info["bulk_load_s"] = round(time.perf_counter() - t0, 2)
    files = [p for p in data_dir.rglob("*") if p.is_file() and "backups" not in p.parts]
    info["store_mb"] = round(sum(p.stat().st_size for p in files) / 1e6, 1)
    info["store_files"] = sum(1 for p in files if p.suffix == ".json")
    t0 = time.perf_counter()
    sqlite_baseline.build_database(records, db_path)
    info["sqlite_build_s"] = round(time.perf_counter() - t0, 2)
    spec = choose_spec(records, today)
    spec["records"] = len(records)
    info["prepare_peak_rss_mb"] = peak_rss_mb()
    return {"spec": spec, "info": info}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--years", type=int, required=True)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--today", required=True)
    args = parser.parse_args(argv)
    result = prepare(args.data_dir, args.db, args.years, args.seed, date.fromisoformat(args.today))
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
