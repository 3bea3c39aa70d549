"""Benchmark: the month summary on ten years of a busy workshop (~60,000 records).

Run: .venv/bin/python tests/domain/bench_summary.py   (prints figures; asserts nothing about time)
"""

from __future__ import annotations

import gc
import random
import statistics
import time
from datetime import date, timedelta
from decimal import Decimal

from smallshop.domain.debts import with_schedule
from smallshop.domain.ledger import receivables
from smallshop.domain.models import (
    Customer, Debt, DebtPurpose, Expense, ExpenseCategory, Frequency, Income, IncomeCategory, LineItem, Order,
    OrderStatus, OwnerDraw, PaymentMethod, Repayment,
)
from smallshop.domain.money import Money
from smallshop.domain.orders import _TOTALS
from smallshop.domain.period import Month
from smallshop.domain.summary import compute_month_summary

START, DAYS = date(2016, 12, 1), 3650


def records(seed: int = 7) -> dict[str, list]:
    rng = random.Random(seed)
    day = lambda: START + timedelta(days=rng.randrange(DAYS))  # noqa: E731
    customers = [Customer(f"c{i}", f"Кардар {i}", created_on=day()) for i in range(3000)]
    orders, incomes = [], []
    for i in range(15000):
        took = day()
        status = rng.choice([OrderStatus.DELIVERED] * 8 + [OrderStatus.CANCELLED, OrderStatus.READY])
        items = tuple(LineItem("Көйнөк", Decimal(rng.choice(["1", "2", "1.5"])), Money.som(rng.randrange(300, 3000)))
                      for _ in range(rng.randrange(1, 4)))
        order = Order(f"o{i}", f"c{rng.randrange(3000)}", took, items, status=status,
                      delivered_on=took + timedelta(days=rng.randrange(3, 20)) if status is OrderStatus.DELIVERED else None,
                      cancelled_on=took + timedelta(days=2) if status is OrderStatus.CANCELLED else None)
        orders.append(order)
    # about 1.7 payments an order: a deposit when taken, the rest on delivery; 1 in 20 left owing
    for order in orders:
        total = order.total
        deposit = Money.som(rng.randrange(100, 500)).min(total)
        incomes.append(Income(f"i{len(incomes)}", order.order_date, deposit, IncomeCategory.ORDER_PAYMENT,
                              rng.choice(list(PaymentMethod)), order_id=order.id))
        if order.delivered_on and total > deposit:
            left = total - deposit if rng.random() > 0.05 else Money.som(100).min(total - deposit)
            incomes.append(Income(f"i{len(incomes)}", order.delivered_on, left, IncomeCategory.ORDER_PAYMENT,
                                  rng.choice(list(PaymentMethod)), order_id=order.id))
    while len(incomes) < 25000:  # walk-in sales
        incomes.append(Income(f"i{len(incomes)}", day(), Money.som(rng.randrange(100, 2000)),
                              IncomeCategory.WALK_IN_SALE, rng.choice(list(PaymentMethod))))
    expenses = [Expense(f"e{i}", day(), Money.som(rng.randrange(50, 5000)), rng.choice(list(ExpenseCategory)))
                for i in range(15000)]
    draws = [OwnerDraw(f"w{i}", day(), Money.som(rng.randrange(500, 5000))) for i in range(1200)]
    debts = [with_schedule(Debt(f"d{i}", f"Lender {i}", Money.som(50000), start, start + timedelta(days=30),
                                Frequency.MONTHLY, 24, DebtPurpose.BUSINESS, Money.som(5000)))
             for i, start in enumerate(START + timedelta(days=365 * k) for k in range(10))]
    repayments = [Repayment(f"r{i}", d.id, d.first_due_date + timedelta(days=30 * m), Money.som(2290))
                  for i, (d, m) in enumerate((d, m) for d in debts for m in range(24))]
    return dict(customers=customers, orders=orders, incomes=incomes, expenses=expenses, draws=draws, debts=debts,
                repayments=repayments)


def _timed(call) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    call()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def main() -> None:
    data = records()
    total = sum(len(v) for v in data.values())
    month = Month(2026, 6)
    summarise = lambda: compute_month_summary(month, **data)  # noqa: E731
    gc.collect()  # the records were just made; the app loaded its records long before
    _TOTALS.clear()
    cold_wall, cold_cpu = _timed(summarise)
    runs = [_timed(summarise) for _ in range(20)]
    walls, cpus = [w for w, _ in runs], [c for _, c in runs]
    _TOTALS.clear()
    gc.collect()
    alone_wall, alone = _timed(lambda: receivables(data["orders"], data["incomes"], data["customers"], month.last_day))
    summary = summarise()
    print(f"records: {total} ({', '.join(f'{k} {len(v)}' for k, v in data.items())})")
    print(f"compute_month_summary cold (no remembered order totals): {cold_wall:.1f} ms wall, {cold_cpu:.1f} ms cpu")
    print(f"compute_month_summary warm x20: median {statistics.median(walls):.1f} ms wall "
          f"(min {min(walls):.1f}), median {statistics.median(cpus):.1f} ms cpu")
    print(f"ledger.receivables alone, cold: {alone_wall:.1f} ms wall, {alone:.1f} ms cpu")
    print(f"check: income {summary.current.income} open {summary.current.orders_open} "
          f"receivables {summary.current.receivables} lines {len(summary.current.receivable_lines)}")


if __name__ == "__main__":
    main()
