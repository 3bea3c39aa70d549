"""How long the caseworker's PDF takes for the busiest month of a 10-year workshop.

    .venv/bin/python benchmarks/report_pdf.py [--years 10] [--runs 20] [--lang ky] [--month YYYY-MM]

Generates the demo business (smallshop.demo.generate), picks the month with the most
dated records (orders, payments, expenses, draws, repayments), computes its month
summary once with the domain (12 months of trend, as the report has), then builds the
PDF `--runs` times through smallshop.reports.render_report and prints median / p95 in ms
(target: median < 1 s). XLSX, CSV and JSON of the same month are timed too. A
measurement, not a test: exit 0.
"""

from __future__ import annotations

import argparse
import collections
import io
import statistics
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from smallshop.demo import DEFAULT_TODAY, generate  # noqa: E402
from smallshop.domain.models import (  # noqa: E402
    BusinessProfile, Customer, Debt, Expense, Income, Order, OwnerDraw, Refund, Repayment,
)
from smallshop.domain.period import Month  # noqa: E402
from smallshop.domain.summary import compute_month_summary  # noqa: E402
from smallshop.reports import render_report  # noqa: E402


def _day(record: Any) -> date | None:
    for name in ("order_date", "date"):
        value = getattr(record, name, None)
        if isinstance(value, date):
            return value
    return None


def busiest_month(records: list[Any], today: date) -> tuple[Month, int]:
    counts = collections.Counter(Month.of(d) for d in map(_day, records) if d is not None and d <= today)
    return counts.most_common(1)[0]


def _ms(durations: list[float]) -> str:
    ordered = sorted(durations)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"median {statistics.median(ordered):7.1f} ms   p95 {p95:7.1f} ms   min {ordered[0]:7.1f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--lang", default="ky", choices=["ky", "ru", "en"])
    parser.add_argument("--month", help="YYYY-MM instead of the busiest month")
    args = parser.parse_args(argv)

    t0 = time.perf_counter()
    records = generate(years=args.years, today=DEFAULT_TODAY)
    generated_s = time.perf_counter() - t0
    by_type: dict[type, list[Any]] = collections.defaultdict(list)
    for record in records:
        by_type[type(record)].append(record)
    month, count = busiest_month(records, DEFAULT_TODAY)
    if args.month:
        month, count = Month.parse(args.month), -1
    profile = next(iter(by_type[BusinessProfile]), BusinessProfile())

    t0 = time.perf_counter()
    summary = compute_month_summary(
        month,
        customers=by_type[Customer],
        orders=by_type[Order],
        incomes=by_type[Income],
        expenses=by_type[Expense],
        draws=by_type[OwnerDraw],
        debts=by_type[Debt],
        repayments=by_type[Repayment],
        refunds=by_type[Refund],
        trend_months=12,
    )
    summary_ms = (time.perf_counter() - t0) * 1000

    def build(fmt: str) -> bytes:
        return render_report(summary, profile, fmt=fmt, lang=args.lang, generated_on=DEFAULT_TODAY,
                             prepared_by=profile.owner_name)

    pdf = build("pdf")  # warm-up: fonts registered, modules imported
    timings: dict[str, list[float]] = {}
    for fmt, runs in (("pdf", args.runs), ("xlsx", args.runs), ("csv", args.runs), ("json", args.runs)):
        durations = []
        for _ in range(runs):
            t0 = time.perf_counter()
            build(fmt)
            durations.append((time.perf_counter() - t0) * 1000)
        timings[fmt] = durations

    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    now = summary.current
    print(f"demo: {args.years} years, {len(records)} records (generated in {generated_s:.1f} s)")
    print(f"month: {month} ({count} dated records; {now.orders_taken} orders taken, "
          f"{len(now.receivable_lines)} customers owing, {len(now.debts)} debts)")
    print(f"month summary (domain, once): {summary_ms:.1f} ms")
    print(f"PDF  [{args.lang}] x{args.runs}: {_ms(timings['pdf'])}   ({len(pdf) // 1024} KB, {pages} pages)")
    print(f"XLSX [{args.lang}] x{args.runs}: {_ms(timings['xlsx'])}")
    print(f"CSV  [{args.lang}] x{args.runs}: {_ms(timings['csv'])}")
    print(f"JSON [{args.lang}] x{args.runs}: {_ms(timings['json'])}")
    verdict = "meets" if statistics.median(timings["pdf"]) < 1000 else "MISSES"
    print(f"target PDF median < 1000 ms: {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
