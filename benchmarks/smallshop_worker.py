"""The smallshop side of the benchmark, run in a fresh process by run.py.

A fresh process is what the family PC sees when the app starts, so the store's
start-up load and the peak memory measured here are the app's own, not inflated
by the demo generator or the SQLite baseline that run.py also holds.

Modes:
- `load`: import smallshop, then time `open_store(data_dir)` (the start-up load;
  imports are timed separately) by the wall clock and by this process's CPU time
  (the CPU time barely moves when other processes share the cores), and report
  this process's peak memory. `--cold` removes the decoded snapshot first (the
  first open after an upgrade, or with every file changed); the close rewrites it.
- `full`: open the store, wire `Services(store, clock)`, and time the list, the
  search, the month summary, the busiest month's PDF, an order edit and a durable
  save, all through the service layer; report peak memory at the end. With
  `sqlite_db` in the spec, the edit and the save take turns with the same SQLite
  write (see _Duel), which gives the sqlite_edit_* and sqlite_save_* figures.

Prints one JSON object on stdout.
"""

from __future__ import annotations

import argparse
import inspect
import json
import sys
import time
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import sqlite_baseline  # noqa: E402
from timing import high_water_mb, measure, once_ms, peak_rss_mb, summarise  # noqa: E402

ACTOR = None  # writes are not attributed to a family member (actor=None)


def _import_store():
    t0 = time.perf_counter()
    from smallshop.storage.tinydb_store import open_store

    return open_store, (time.perf_counter() - t0) * 1000.0


def _conditions() -> dict[str, Any]:
    """What this process ran with: the JSON backend and the garbage collector."""
    import gc

    from smallshop.storage import jsonbytes

    return {"_json_backend": jsonbytes.BACKEND_NAME,
            "_gc": {"enabled": gc.isenabled(), "threshold": list(gc.get_threshold()),
                    "frozen_after_open": gc.get_freeze_count()}}


def run_load(data_dir: Path, cold: bool = False) -> dict[str, Any]:
    open_store, import_ms = _import_store()
    if cold:
        from smallshop.storage.layout import SNAPSHOT_FILE

        (data_dir / SNAPSHOT_FILE).unlink(missing_ok=True)
    cpu0 = time.process_time()
    load_ms, store = once_ms(lambda: open_store(data_dir))
    load_cpu_ms = (time.process_time() - cpu0) * 1000.0
    records = sum(len(getattr(store, name)) for name in REPOSITORIES)
    conditions = _conditions()
    rss = peak_rss_mb()
    cpu0 = time.process_time()
    store.close()
    close_cpu_ms = (time.process_time() - cpu0) * 1000.0
    return {"load_ms": round(load_ms, 1), "load_cpu_ms": round(load_cpu_ms, 1),
            "close_cpu_ms": round(close_cpu_ms, 1), "import_store_ms": round(import_ms, 1),
            "loaded_records": records, "load_peak_rss_mb": rss, **conditions}


def _cache_probe(services: Any, store: Any) -> dict[str, Any]:
    """The orders list's main loop (the search index's refresh) per order, over the
    newest 1,500 orders (fits in a core's L2 cache) and over all of them (needs the
    shared L3): how much the list/search/summary figures depend on cache pressure."""
    import statistics

    from smallshop.services.order_index import OrderIndex

    orders = store.orders.all()
    customers = {c.id: c for c in store.customers.all()}
    out: dict[str, Any] = {}
    for label, subset in (("small", orders[-1500:]), ("all", orders)):
        index = OrderIndex()
        index._refresh(subset, customers)
        samples = []
        for _ in range(30):
            t0 = time.perf_counter()
            index._refresh(subset, customers)
            samples.append((time.perf_counter() - t0) / max(1, len(subset)) * 1e9)
        out[f"refresh_ns_per_order_{label}"] = round(statistics.median(samples), 1)
    return out


REPOSITORIES = ("customers", "members", "orders", "incomes", "expenses", "draws", "debts",
                "repayments", "profiles")


def _clock(today: date):
    """`today` at the wall clock's time of day (UTC, as the app's clock): audit stamps
    move on, the date stays the demo's today."""
    return lambda: datetime.combine(today, datetime.now(timezone.utc).time(), tzinfo=timezone.utc)


def _order_form(order: Any, note: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    form = {"customer_id": order.customer_id, "order_date": order.order_date,
            "due_date": order.due_date or "", "assignee_id": order.assignee_id or "", "notes": note}
    items = [{"description": i.description, "quantity": i.quantity, "unit_price": i.unit_price}
             for i in order.items]
    return form, items


def _export_pdf(services: Any, month: Any, today: date) -> bytes:
    """What the user waits for after "export PDF": the month summary, then the file
    (as `smallshop report` and the UI do)."""
    from smallshop.reports import render_report

    summary = services.reporting.month_summary(month)
    profile = services.settings.profile()
    return render_report(summary, profile, fmt="pdf", lang="ky", generated_on=today,
                         prepared_by=profile.owner_name)


class _Duel:
    """Durable writes timed in turns: one smallshop write, then one SQLite write, and
    so on. Both then meet the same disk at the same moment, so the ratio does not
    drift with what other processes do to the disk between two separate runs."""

    def __init__(self, db: str | None) -> None:
        self.conn = sqlite_baseline.connect(Path(db)) if db else None

    def run(self, ours: Any, theirs: Any, reps: int, warmup: int = 2) -> tuple[list[float], list[float]]:
        if self.conn is None:
            return measure(ours, reps), []
        for i in range(warmup):
            ours(-1 - i)
            theirs(-1 - i)
        a: list[float] = []
        b: list[float] = []
        for i in range(reps):
            t0 = time.perf_counter()
            ours(i)
            t1 = time.perf_counter()
            theirs(i)
            t2 = time.perf_counter()
            a.append((t1 - t0) * 1000.0)
            b.append((t2 - t1) * 1000.0)
        return a, b

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()


def run_full(data_dir: Path, spec: dict[str, Any]) -> dict[str, Any]:
    from smallshop.domain.period import Month
    from smallshop.services import Services

    open_store, _ = _import_store()
    reps = spec["reps"]
    today = date.fromisoformat(spec["today"])
    month = Month.parse(spec["month"])
    queries = spec["queries"]
    out: dict[str, Any] = {}
    counts: dict[str, Any] = {}

    load_ms, store = once_ms(lambda: open_store(data_dir))
    out["load_in_worker_ms"] = round(load_ms, 1)
    out.update(_conditions())
    services = Services(store, _clock(today))

    # --- reads ---------------------------------------------------------------
    first_ms, page = once_ms(lambda: services.orders.search("", limit=50))
    out["list_first_call_ms"] = round(first_ms, 1)
    counts["list_total"] = page.total
    out.update(summarise("list", measure(lambda i: services.orders.search("", limit=50), reps["list"])))

    def search(i: int) -> None:
        text = queries[i % len(queries)]
        counts[f"search_hits_{text}"] = services.orders.search(text, limit=50).total

    out.update(summarise("search", measure(search, reps["search"])))

    first_ms, summary = once_ms(lambda: services.reporting.month_summary(month))
    out["summary_first_call_ms"] = round(first_ms, 1)
    out.update(summarise("summary", measure(lambda i: services.reporting.month_summary(month),
                                            reps["summary"])))

    try:
        from smallshop.reports import render_report
    except ImportError:
        out["_pdf_missing"] = "smallshop.reports.render_report does not exist yet"
    else:
        pdf = _export_pdf(services, month, today)  # warm-up: fonts registered
        out["pdf_kb"] = round(len(pdf) / 1024)
        out.update(summarise("pdf", measure(lambda i: _export_pdf(services, month, today), reps["pdf"])))
        profile = services.settings.profile()
        out.update(summarise("pdf_render_only", measure(
            lambda i: render_report(summary, profile, fmt="pdf", lang="ky", generated_on=today,
                                    prepared_by=profile.owner_name), reps["pdf"])))

    out.update(_cache_probe(services, store))

    # --- writes --------------------------------------------------------------
    order = services.orders.get(spec["edit_order_id"])

    def edit(i: int) -> None:
        nonlocal order
        form, items = _order_form(order, f"benchmark edit {i}")
        order = services.orders.update(order.id, form, items, expected_version=order.audit.version,
                                       actor=ACTOR)

    out["peak_rss_before_writes_mb"] = peak_rss_mb()
    duel = _Duel(spec.get("sqlite_db"))
    ours, theirs = duel.run(edit, lambda i: sqlite_baseline.edit_order(duel.conn, spec["edit_order_id"], i),
                            reps["edit"])
    out.update(summarise("edit", ours))
    if theirs:
        out.update(summarise("sqlite_edit", theirs))

    def save(i: int) -> None:
        services.finance.record_income(
            {"amount": f"{100 + i % 50}", "date": today, "category": "walk_in_sale", "method": "cash",
             "description": f"benchmark sale {i}"}, ACTOR)

    ours, theirs = duel.run(save, lambda i: sqlite_baseline.save_income(duel.conn, today, i), reps["save"])
    out.update(summarise("save", ours))
    if theirs:
        out.update(summarise("sqlite_save", theirs))
    duel.close()

    # the store folds its write-ahead log into the month files when the log is full
    # (every few thousand saves): the one save that triggers it waits this long
    checkpoint = getattr(store, "checkpoint", None)
    if callable(checkpoint):
        out["checkpoint_ms"] = round(once_ms(checkpoint)[0], 1)

    store.close()
    out["_smallshop_counts"] = counts
    out["peak_rss_mb"] = peak_rss_mb()
    out["peak_vmhwm_mb"] = high_water_mb()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=("load", "full"))
    parser.add_argument("--cold", action="store_true", help="load: without the decoded snapshot")
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--spec", default="{}", help="JSON: reps, today, month, queries, edit_order_id")
    args = parser.parse_args(argv)
    result = run_load(args.data_dir, args.cold) if args.mode == "load" else run_full(args.data_dir, json.loads(args.spec))
    print(json.dumps(result, ensure_ascii=False, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
