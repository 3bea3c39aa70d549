"""Where the time of one benchmarked operation goes: cProfile over N repetitions.

    python benchmarks/hotspots.py summary --years 10 [--reps 20] [--top 25]
    python benchmarks/hotspots.py save --data-dir DIR      # reuse a prepared folder (copied first)
    python benchmarks/hotspots.py save --time-in os:fsync,smallshop.storage.tinydb_store:stage_changes
    python benchmarks/hotspots.py load --cpu --time-in smallshop.storage.opening:StoreOpening._load_records

Operations: load, list, search, summary, pdf, edit, save (the same calls as
smallshop_worker.py). Prints the wall time per call and the functions with the
most own time and most cumulative time, so a missed target names its culprit.
With --time-in MODULE:NAME,... it runs without the profiler instead and prints the
wall time spent inside each named function per operation call (MODULE:Class.method works too; the name is
wrapped where it is looked up, in this process only; nested names overlap).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import dataset  # noqa: E402
import smallshop_worker as worker  # noqa: E402

OPERATIONS = ("load", "list", "search", "summary", "pdf", "edit", "save")


def _calls(op: str, data_dir: Path, spec: dict) -> tuple:
    """(setup objects, call(i)) for one operation."""
    from smallshop.domain.period import Month
    from smallshop.services import Services
    from smallshop.storage.tinydb_store import open_store

    today = date.fromisoformat(spec["today"])
    if op == "load":
        def load(i: int) -> None:
            open_store(data_dir).close()
        return None, load
    store = open_store(data_dir)
    services = Services(store, worker._clock(today))
    month = Month.parse(spec["month"])
    services.orders.search("", limit=50)  # the index is built once per process, as in the app
    if op == "list":
        return store, lambda i: services.orders.search("", limit=50)
    if op == "search":
        return store, lambda i: services.orders.search(spec["queries"][i % 2], limit=50)
    if op == "summary":
        return store, lambda i: services.reporting.month_summary(month)
    if op == "pdf":
        worker._export_pdf(services, month, today)
        return store, lambda i: worker._export_pdf(services, month, today)
    if op == "edit":
        state = {"order": services.orders.get(spec["edit_order_id"])}

        def edit(i: int) -> None:
            order = state["order"]
            form, items = worker._order_form(order, f"hotspot edit {i}")
            state["order"] = services.orders.update(order.id, form, items, expected_version=order.audit.version,
                                                    actor=None)
        return store, edit

    def save(i: int) -> None:
        services.finance.record_income({"amount": "100", "date": today, "category": "walk_in_sale",
                                        "method": "cash", "description": f"hotspot {i}"}, None)
    return store, save


CLOCK = time.perf_counter  # --cpu switches every measurement to this process's CPU time


class _Timer:
    """Wraps MODULE:NAME in place and adds up the time spent inside it."""

    def __init__(self, target: str) -> None:
        import importlib

        module_name, path = target.split(":")
        owner: object = importlib.import_module(module_name)
        *parents, name = path.split(".")  # "Class.method" wraps the method on the class
        for part in parents:
            owner = getattr(owner, part)
        self.target, self.module, self.name = target, owner, name
        self.original = getattr(self.module, name)
        self.total = 0.0
        self.calls = 0
        timer = self

        def wrapped(*args, **kwargs):
            t0 = CLOCK()
            try:
                return timer.original(*args, **kwargs)
            finally:
                timer.total += CLOCK() - t0
                timer.calls += 1

        setattr(self.module, name, wrapped)

    def reset(self) -> None:
        self.total, self.calls = 0.0, 0

    def restore(self) -> None:
        setattr(self.module, self.name, self.original)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("operation", choices=OPERATIONS)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--data-dir", type=Path, help="a folder prepared by dataset.py (a copy is used)")
    parser.add_argument("--spec", type=Path, help="dataset.py's JSON output for --data-dir")
    parser.add_argument("--reps", type=int, default=20)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sort", default="tottime,cumulative")
    parser.add_argument("--time-in", default="", help="MODULE:NAME,... to time by wall clock (no profiler)")
    parser.add_argument("--cpu", action="store_true",
                        help="measure this process's CPU time instead of the wall clock (steadier on a busy machine)")
    args = parser.parse_args(argv)
    global CLOCK
    if args.cpu:
        CLOCK = time.process_time

    with tempfile.TemporaryDirectory(prefix="smallshop-hotspots-") as tmp:
        data_dir = Path(tmp) / "data"
        if args.data_dir:
            shutil.copytree(args.data_dir, data_dir)
            spec = json.loads(args.spec.read_text(encoding="utf-8"))["spec"]
        else:
            data_dir.mkdir()
            spec = dataset.prepare(data_dir, Path(tmp) / "b.sqlite", args.years, 2026, date(2026, 11, 28))["spec"]
        timers = [_Timer(t) for t in args.time_in.split(",") if t]
        store, call = _calls(args.operation, data_dir, spec)
        call(-1)  # warm-up
        for timer in timers:
            timer.reset()
        profiler = cProfile.Profile()
        durations = []
        for i in range(args.reps):
            t0 = CLOCK()
            if not timers:
                profiler.enable()
            call(i)
            if not timers:
                profiler.disable()
            durations.append((CLOCK() - t0) * 1000)
        if store is not None:
            store.close()
        for timer in timers:
            timer.restore()
    if timers:
        print(f"{args.operation}: {args.reps} calls, median {statistics.median(durations):.3f} ms, "
              f"mean {statistics.fmean(durations):.3f} ms, min {min(durations):.3f} ms, "
              f"max {max(durations):.3f} ms ({'CPU time' if args.cpu else 'wall clock'})")
        for timer in timers:
            print(f"  {timer.target:<60} {timer.total * 1000 / args.reps:8.3f} ms per operation"
                  f"  ({timer.calls / args.reps:g} calls)")
        return 0
    print(f"{args.operation}: {args.reps} calls, median {statistics.median(durations):.2f} ms "
          f"(under cProfile; min {min(durations):.2f} ms)")
    for key in args.sort.split(","):
        text = io.StringIO()
        stats = pstats.Stats(profiler, stream=text)
        stats.sort_stats(key).print_stats(args.top)
        print(f"--- by {key} (times are totals over {args.reps} calls) ---")
        print("\n".join(line for line in text.getvalue().splitlines()[6:] if line.strip()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
