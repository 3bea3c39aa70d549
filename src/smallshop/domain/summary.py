"""The month summary: every figure the dashboard, the CLI and the caseworker's report show.

One function, compute_month_summary, reads all records once (single passes,
records indexed by id where one record needs another) and fills
summary_types.MonthSummary for the month, the month before and a 6-month trend.
It must stay fast on ten years of a busy workshop (~60,000 records), because the
dashboard recomputes it after every save. The definitions are in domain/README.md.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable

from .debts import debt_month
from .ledger import receivable_lines
from .models import (
    Customer,
    Debt,
    Expense,
    ExpenseCategory,
    Income,
    IncomeCategory,
    Order,
    OrderStatus,
    OwnerDraw,
    PaymentMethod,
    Repayment,
)
from .money import Money
from .orders import order_total_tyiyn
from .period import Month
from .summary_types import MonthFigures, MonthSummary, ReceivableLine, TrendPoint

TREND_MONTHS = 6
RATIO_PLACES = Decimal("0.0001")


def _month_key(month: Month) -> int:
    return month.year * 12 + month.month


class _MonthTally:
    """Running totals of one month of the window, filled while records stream past."""

    __slots__ = ("month", "end", "income", "by_category", "by_method", "expenses", "by_expense",
                 "draws", "taken", "delivered", "delivered_ids", "paid_on_delivered", "active", "new_customers",
                 "detailed")

    def __init__(self, month: Month, detailed: bool) -> None:
        self.month, self.end, self.detailed = month, month.last_day, detailed
        self.income = self.expenses = self.draws = 0
        self.by_category: dict[IncomeCategory, int] = dict.fromkeys(IncomeCategory, 0)
        self.by_method: dict[PaymentMethod, int] = dict.fromkeys(PaymentMethod, 0)
        self.by_expense: dict[ExpenseCategory, int] = dict.fromkeys(ExpenseCategory, 0)
        self.taken = self.delivered = self.new_customers = 0
        self.delivered_ids: dict[str, int] = {}  # order id -> total, delivered this month
        self.paid_on_delivered: dict[str, int] = defaultdict(int)  # paid by month end on those
        self.active: set[str] = set()


def compute_month_summary(
    month: Month,
    *,
    customers: Iterable[Customer],
    orders: Iterable[Order],
    incomes: Iterable[Income],
    expenses: Iterable[Expense],
    draws: Iterable[OwnerDraw],
    debts: Iterable[Debt],
    repayments: Iterable[Repayment],
    today: date | None = None,
) -> MonthSummary:
    """The month's figures, the previous month's, and the 6-month trend.

    Any iterables will do (each is read once). The customers' balances follow
    the ledger's rules (ledger.charge_day / ledger.payer), written inline here
    because this loop runs over every order and income of ten years; a test
    checks they agree with ledger.receivables.

    `today` (optional) marks the month in progress: an instalment due later in
    that month is not overdue yet (see debts.debt_month).
    """
    trend_months = month.back(TREND_MONTHS)
    previous = month.previous()
    tallies = {_month_key(m): _MonthTally(m, m in (month, previous)) for m in trend_months}
    cur, prev = tallies[_month_key(month)], tallies[_month_key(previous)]
    cur_start, cur_end = month.first_day, cur.end
    prev_start, prev_end = previous.first_day, prev.end
    window_start = trend_months[0].first_day
    customers = list(customers)
    need_first_order = {c.id for c in customers if c.created_on is None}

    # --- orders: taken / delivered / open at each month end; charges to customers
    open_cur = open_prev = 0
    first_order: dict[str, date] = {}
    order_customer: dict[str, str] = {}
    cancelled: set[str] = set()
    charges: dict[str, list[tuple[date, int]]] = defaultdict(list)
    net_prev: dict[str, int] = {}  # per customer: charges - payments up to the previous month's end
    net_cur: dict[str, int] = {}  # the same, after that and up to this month's end
    delivered_status, cancelled_status = OrderStatus.DELIVERED, OrderStatus.CANCELLED
    for order in orders:
        order_id, customer, taken_on, status = order.id, order.customer_id, order.order_date, order.status
        order_customer[order_id] = customer
        if customer in need_first_order:
            known = first_order.get(customer)
            if known is None or taken_on < known:
                first_order[customer] = taken_on
        if status is delivered_status:
            closed_on = order.delivered_on or taken_on
            if closed_on <= cur_end:
                total = order_total_tyiyn(order)
                charges[customer].append((closed_on, total))
                if closed_on <= prev_end:
                    net_prev[customer] = net_prev.get(customer, 0) + total
                    if closed_on >= prev_start:
                        prev.delivered += 1
                        prev.active.add(customer)
                        prev.delivered_ids[order_id] = total
                else:
                    net_cur[customer] = net_cur.get(customer, 0) + total
                    if closed_on >= cur_start:
                        cur.delivered += 1
                        cur.active.add(customer)
                        cur.delivered_ids[order_id] = total
        elif status is cancelled_status:
            cancelled.add(order_id)
            closed_on = order.cancelled_on or taken_on
        else:
            closed_on = None
        if taken_on <= cur_end:
            if closed_on is None or closed_on > cur_end:
                open_cur += 1
            if taken_on <= prev_end:
                if closed_on is None or closed_on > prev_end:
                    open_prev += 1
                if taken_on >= prev_start:
                    prev.taken += 1
                    prev.active.add(customer)
            elif taken_on >= cur_start:
                cur.taken += 1
                cur.active.add(customer)

    # --- money in: the trend, categories and methods, payments in customers' balances
    on_account = IncomeCategory.ORDER_PAYMENT
    cur_delivered, prev_delivered = cur.delivered_ids, prev.delivered_ids
    for income in incomes:
        on = income.date
        if on > cur_end:
            continue
        amount = income.amount.tyiyn
        order_id = income.order_id
        payer = None
        if order_id is not None:
            if order_id not in cancelled:
                payer = order_customer.get(order_id, income.customer_id)
            if order_id in cur_delivered:
                cur.paid_on_delivered[order_id] += amount
            if order_id in prev_delivered and on <= prev_end:
                prev.paid_on_delivered[order_id] += amount
        elif income.category is on_account:
            payer = income.customer_id
        if payer is not None:
            if on <= prev_end:
                net_prev[payer] = net_prev.get(payer, 0) - amount
            else:
                net_cur[payer] = net_cur.get(payer, 0) - amount
        if on >= window_start:
            tally = tallies[on.year * 12 + on.month]
            tally.income += amount
            if tally.detailed:
                tally.by_category[income.category] += amount
                tally.by_method[income.method] += amount
                active = income.customer_id or order_customer.get(order_id or "")
                if active:
                    tally.active.add(active)

    # --- money out
    for expense in expenses:
        on = expense.date
        if window_start <= on <= cur_end:
            tally = tallies[on.year * 12 + on.month]
            tally.expenses += expense.amount.tyiyn
            if tally.detailed:
                tally.by_expense[expense.category] += expense.amount.tyiyn
    for draw in draws:
        on = draw.date
        if prev_start <= on <= cur_end:
            (cur if on >= cur_start else prev).draws += draw.amount.tyiyn

    # --- customers new in the month: created_on, or the first order when it is unknown
    for customer in customers:
        since = customer.created_on or first_order.get(customer.id)
        if since is not None and prev_start <= since <= cur_end:
            (cur if since >= cur_start else prev).new_customers += 1

    # --- debts
    by_debt: dict[str, list[Repayment]] = defaultdict(list)
    for repayment in repayments:
        by_debt[repayment.debt_id].append(repayment)
    debts = sorted(debts, key=lambda d: (d.start_date, d.lender, d.id))

    names = {c.id: c.name for c in customers}
    balances_cur = dict(net_prev)
    for customer_id, change in net_cur.items():
        balances_cur[customer_id] = balances_cur.get(customer_id, 0) + change
    figures = [
        _figures(tally, open_count, receivable_lines(balances, charges, names, tally.end), debts, by_debt, today)
        for tally, open_count, balances in ((cur, open_cur, balances_cur), (prev, open_prev, net_prev))
    ]
    trend = tuple(
        TrendPoint(m, Money(t.income), Money(t.expenses), Money(t.income - t.expenses))
        for m in trend_months
        for t in (tallies[_month_key(m)],)
    )
    return MonthSummary(current=figures[0], previous=figures[1], trend=trend)


def _figures(tally: _MonthTally, orders_open: int, lines: tuple[ReceivableLine, ...], debts: list[Debt],
             by_debt: dict[str, list[Repayment]], today: date | None = None) -> MonthFigures:
    month = tally.month
    credit = sum(max(total - tally.paid_on_delivered.get(order_id, 0), 0)
                 for order_id, total in tally.delivered_ids.items())
    moves = [m for m in (debt_month(d, by_debt.get(d.id, ()), month, today) for d in debts) if m is not None]
    debt_paid = Money.total(m.paid for m in moves)
    ratio = None
    if tally.income > 0:
        ratio = (Decimal(debt_paid.tyiyn) / Decimal(tally.income)).quantize(RATIO_PLACES, rounding=ROUND_HALF_UP)
    return MonthFigures(
        month=month,
        income=Money(tally.income),
        income_by_category={k: Money(v) for k, v in tally.by_category.items()},
        income_by_method={k: Money(v) for k, v in tally.by_method.items()},
        cash_sales=Money(tally.income),
        credit_sales=Money(credit),
        expenses=Money(tally.expenses),
        expenses_by_category={k: Money(v) for k, v in tally.by_expense.items()},
        profit=Money(tally.income - tally.expenses),
        owner_draws=Money(tally.draws),
        orders_taken=tally.taken,
        orders_delivered=tally.delivered,
        orders_open=orders_open,
        new_customers=tally.new_customers,
        active_customers=len(tally.active),
        receivables=Money.total(line.amount for line in lines),
        receivable_lines=lines,
        debts=tuple(moves),
        debt_paid=debt_paid,
        debt_new_borrowing=Money.total(m.new_borrowing for m in moves),
        debt_outstanding=Money.total(m.closing_balance for m in moves),
        debt_overdue=Money.total(m.overdue for m in moves),
        debt_service_ratio=ratio,
    )
