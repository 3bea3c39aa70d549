"""An order payment and the order page's reads, against a walk-in sale, at ten years.

Issue 13's target: a payment on an order plus everything the order page then reads
(the order's read model: order, customer, account, payments, refunds, linked
expenses, history) within 2x a walk-in sale, both saved durably through `Services`
as the app does. Before the store kept link indexes, both scanned every payment
(8.3 ms + 12 ms against 0.34 ms for a sale).

    .venv/bin/python benchmarks/order_payment.py              # 10-year demo, ~1 minute
    .venv/bin/python benchmarks/order_payment.py --years 1 --reps 50

Prints medians (and min-max) in ms and the conditions; `--json FILE` writes them.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))
from conditions import describe  # noqa: E402


def _ms(call: Callable[[], Any], cpu: list[float]) -> float:
    """Wall time in ms; the CPU time (ms) goes to `cpu`: on a shared machine the wall
    time of a durable save waits for the disk and the other jobs, the CPU time not."""
    started, started_cpu = time.perf_counter(), time.process_time()
    call()
    cpu.append((time.process_time() - started_cpu) * 1000.0)
    return (time.perf_counter() - started) * 1000.0


def _figures(durations: list[float]) -> dict[str, float]:
    return {"median": round(statistics.median(durations), 3), "min": round(min(durations), 3),
            "max": round(max(durations), 3)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--reps", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--today", default="2026-11-28")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)

    from smallshop.demo import generate
    from smallshop.domain.models import OrderStatus
    from smallshop.services import Services
    from smallshop.storage.tinydb_store import open_store

    today = date.fromisoformat(args.today)
    moment = datetime(today.year, today.month, today.day, 9, tzinfo=timezone.utc)

    def clock() -> datetime:
        return moment

    with tempfile.TemporaryDirectory(prefix="smallshop-bench-") as tmp:
        folder = Path(tmp) / "data"
        started = time.perf_counter()
        store = open_store(folder, backups=False)
        count = store.bulk_load(generate(years=args.years, seed=args.seed, today=today))
        store.close()
        store = open_store(folder, backups=False)  # as the app opens it (decoded snapshot)
        prepared_s = time.perf_counter() - started
        services = Services(store, clock)
        # the newest open orders with a balance, paid in turn (1 som each), as a family would
        owing = [o for o in store.orders.all()
                 if o.status in (OrderStatus.NEW, OrderStatus.IN_PROGRESS, OrderStatus.READY)
                 and services.orders.account(o.id).balance.tyiyn >= 100 * (args.reps // 10 + 2)]
        owing = sorted(owing, key=lambda o: (o.order_date, o.id))[-10:]
        if not owing:
            raise SystemExit("no open order with a balance to pay against")
        order = owing[-1]
        def order_page(i: int = 0) -> Any:
            order = owing[i % len(owing)]
            if hasattr(services.orders, "order_page"):
                return services.orders.order_page(order.id)
            # before the read model (to measure an older commit): the page's separate reads
            return (services.orders.get(order.id), services.orders.account(order.id),
                    services.orders.payments_of(order.id), services.orders.refunds_of(order.id),
                    services.orders.expenses_of(order.id), services.customers.get(order.customer_id),
                    services.history.history_of("order", order.id), services.history.member_names())

        for i in range(len(owing)):
            order_page(i)  # first use: the store builds its link indexes

        def sale(i: int) -> None:
            services.finance.record_income({"amount": "150", "date": today, "category": "walk_in_sale",
                                            "method": "cash", "description": f"benchmark sale {i}"}, None)

        def payment(i: int) -> None:
            services.orders.record_payment(owing[i % len(owing)].id, {"amount": "1", "date": today, "method": "cash"},
                                           None)

        def page(i: int) -> None:
            order_page(i)

        timings: dict[str, list[float]] = {"walk_in_sale": [], "order_payment": [], "order_page": []}
        cpu: dict[str, list[float]] = {name: [] for name in timings}
        for i in range(args.reps):  # interleaved, so load on the machine hits all three alike
            timings["walk_in_sale"].append(_ms(lambda: sale(i), cpu["walk_in_sale"]))
            timings["order_payment"].append(_ms(lambda: payment(i), cpu["order_payment"]))
            timings["order_page"].append(_ms(lambda: page(i), cpu["order_page"]))
        payments_on_order = len(services.orders.payments_of(order.id))
        store.close()

    result: dict[str, Any] = {name: _figures(values) for name, values in timings.items()}
    both = [p + r for p, r in zip(timings["order_payment"], timings["order_page"])]
    result["payment_plus_page"] = _figures(both)
    result["ratio_to_sale"] = round(result["payment_plus_page"]["median"] / result["walk_in_sale"]["median"], 2)
    result["cpu"] = {name: _figures(values) for name, values in cpu.items()}
    result["cpu"]["payment_plus_page"] = _figures([p + r for p, r in zip(cpu["order_payment"], cpu["order_page"])])
    result["cpu_ratio_to_sale"] = round(result["cpu"]["payment_plus_page"]["median"]
                                        / result["cpu"]["walk_in_sale"]["median"], 2)
    result["info"] = {"years": args.years, "records": count, "reps": args.reps, "prepared_s": round(prepared_s, 1),
                      "payments_on_the_order_at_end": payments_on_order,
                      "load_average": os.getloadavg()}
    result["info"]["conditions"] = describe(Path(tempfile.gettempdir()))
    import smallshop
    result["info"]["smallshop"] = str(Path(smallshop.__file__).parent)
    print(f"{'':18} {'wall ms median (min-max)':>28}   {'CPU ms median (min-max)':>26}")
    for name in ("walk_in_sale", "order_payment", "order_page", "payment_plus_page"):
        f, c = result[name], result["cpu"][name]
        print(f"{name:18} {f['median']:8.3f} ({f['min']:.3f}-{f['max']:.3f})   "
              f"{c['median']:8.3f} ({c['min']:.3f}-{c['max']:.3f})")
    print(f"payment + page / sale: wall {result['ratio_to_sale']}x, CPU {result['cpu_ratio_to_sale']}x  "
          f"({count:,} records, {args.reps} reps, load average {os.getloadavg()[0]:.1f})")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
