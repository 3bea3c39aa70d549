"""The month summary: every figure the dashboard, the CLI and the caseworker's report show.

One function, compute_month_summary, reads all records once (single passes,
records indexed by id where one record needs another) and fills
summary_types.MonthSummary for the month, the month before and a 6-month trend.
It must stay fast on ten years of a busy workshop (~60,000 records), because the
dashboard recomputes it after every save. The definitions are in domain/README.md;
customers' receivables and advances come from domain.books.

Every figure of a month is counted from records by their own dates up to the
month's cut-off day, so a closed month never changes because of something dated
later. The month in progress is counted up to `today` and compared with the same
days of the month before; a month after today's is refused.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable

from .books import Books, Position
from .debts import debt_month
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
    Refund,
    Repayment,
)
from .money import Money
from .period import Month
from .problems import DomainError, Problem
from .summary_types import MonthFigures, MonthSummary, TrendPoint

TREND_MONTHS = 6
RATIO_PLACES = Decimal("0.0001")
SALES_CATEGORIES = frozenset({IncomeCategory.ORDER_PAYMENT, IncomeCategory.WALK_IN_SALE})


def _month_key(month: Month) -> int:
    return month.year * 12 + month.month


def month_cutoffs(month: Month, today: date | None) -> tuple[date, date]:
    """The last day counted for `month` and for the month before it.

    A closed month: both months' last days. The month in progress: today, and
    the same day of the month before (its last day when it is shorter), so the
    comparison is between the same days. DomainError for a month after today's.
    """
    previous = month.previous()
    if today is None or today > month.last_day:
        return month.last_day, previous.last_day
    if today < month.first_day:
        raise DomainError(Problem("month", "error.month.future", {"today": today}))
    same_day = previous.first_day + timedelta(days=today.day - 1)
    return today, min(same_day, previous.last_day)


class _MonthTally:
    """Running totals of the month (or the month before) up to its cut-off day."""

    __slots__ = ("month", "start", "end", "received", "refunds", "by_category", "by_method", "expenses",
                 "by_expense", "draws", "taken", "delivered", "delivered_ids", "active", "new_customers")

    def __init__(self, month: Month, end: date) -> None:
        self.month, self.start, self.end = month, month.first_day, end
        self.received = self.refunds = self.expenses = self.draws = 0
        self.by_category: dict[IncomeCategory, int] = dict.fromkeys(IncomeCategory, 0)
        self.by_method: dict[PaymentMethod, int] = dict.fromkeys(PaymentMethod, 0)
        self.by_expense: dict[ExpenseCategory, int] = dict.fromkeys(ExpenseCategory, 0)
        self.taken = self.delivered = self.new_customers = 0
        self.delivered_ids: list[str] = []  # orders delivered in the month by the cut-off
        self.active: set[str] = set()

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


class _TallyOf:
    """Which of the two detailed months a day falls in (None: neither), without a loop."""

    __slots__ = ("cur", "prev", "cur_start", "cur_end", "prev_start", "prev_end")

    def __init__(self, cur: _MonthTally, prev: _MonthTally) -> None:
        self.cur, self.prev = cur, prev
        self.cur_start, self.cur_end, self.prev_start, self.prev_end = cur.start, cur.end, prev.start, prev.end

    def __call__(self, day: date) -> _MonthTally | None:
        if self.cur_start <= day <= self.cur_end:
            return self.cur
        if self.prev_start <= day <= self.prev_end:
            return self.prev
        return None


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
    refunds: Iterable[Refund] = (),
    today: date | None = None,
    trend_months: int = TREND_MONTHS,
) -> MonthSummary:
    """The month's figures, the previous month's, and the trend of the
    `trend_months` months ending with the month (6 on screens, 12 in the report).

    Any iterables will do (each is read once). `today` (optional) marks the
    month in progress (see month_cutoffs); a month after today's month raises
    DomainError(error.month.future).
    """
    cur_end, prev_end = month_cutoffs(month, today)
    previous = month.previous()
    cur, prev = _MonthTally(month, cur_end), _MonthTally(previous, prev_end)
    in_progress = today is not None and month.contains(today)
    trend_months_list = month.back(max(trend_months, 1))
    trend_income = {_month_key(m): 0 for m in trend_months_list}
    trend_expenses = dict(trend_income)
    trend_sales = dict(trend_income)
    window_start = min(trend_months_list[0].first_day, previous.first_day)
    customers = list(customers)
    need_first_order = {c.id for c in customers if c.created_on is None}
    books = Books([prev_end, cur_end])

    tally_of = _TallyOf(cur, prev)
    # --- orders: taken / delivered / open at each cut-off
    orders = list(orders)
    books.add_orders(orders)
    open_counts = {cur_end: 0, prev_end: 0}
    first_order: dict[str, date] = {}
    order_customer: dict[str, str] = {}
    for order in orders:
        order_id, customer, taken_on, status = order.id, order.customer_id, order.order_date, order.status
        order_customer[order_id] = customer
        if customer in need_first_order:
            known = first_order.get(customer)
            if known is None or taken_on < known:
                first_order[customer] = taken_on
        closed_on = None
        if status is OrderStatus.DELIVERED:
            closed_on = order.delivered_on or taken_on
            tally = tally_of(closed_on)
            if tally is not None:
                tally.delivered += 1
                tally.delivered_ids.append(order_id)
                tally.active.add(customer)
        elif status is OrderStatus.CANCELLED:
            closed_on = order.cancelled_on or taken_on
        if taken_on <= cur_end and (closed_on is None or closed_on > cur_end):
            open_counts[cur_end] += 1
        if taken_on <= prev_end and (closed_on is None or closed_on > prev_end):
            open_counts[prev_end] += 1
        tally = tally_of(taken_on)
        if tally is not None:
            tally.taken += 1
            tally.active.add(customer)

    # --- money in and given back: the trend, categories and methods, customers' money
    incomes = list(incomes)
    refunds = list(refunds)
    books.add_incomes(incomes)
    books.add_refunds(refunds)
    for income in incomes:
        on = income.date
        if on > cur_end or on < window_start:
            continue
        amount = income.amount.tyiyn
        key = on.year * 12 + on.month
        if key in trend_income:
            trend_income[key] += amount
            if income.category in SALES_CATEGORIES:
                trend_sales[key] += amount
        tally = tally_of(on)
        if tally is not None:
            tally.received += amount
            tally.by_category[income.category] += amount
            tally.by_method[income.method] += amount
            active = order_customer.get(income.order_id or "") or income.customer_id
            if active:
                tally.active.add(active)
    for refund in refunds:
        on = refund.date
        if on > cur_end or on < window_start:
            continue
        key = on.year * 12 + on.month
        if key in trend_income:
            trend_income[key] -= refund.amount.tyiyn
            trend_sales[key] -= refund.amount.tyiyn
        for tally in (cur, prev):
            if tally.covers(on):
                tally.refunds += refund.amount.tyiyn
                active = order_customer.get(refund.order_id or "") or refund.customer_id
                if active:
                    tally.active.add(active)

    # --- money out
    for expense in expenses:
        on = expense.date
        if window_start <= on <= cur_end:
            key = on.year * 12 + on.month
            if key in trend_expenses:
                trend_expenses[key] += expense.amount.tyiyn
            tally = tally_of(on)
            if tally is not None:
                tally.expenses += expense.amount.tyiyn
                tally.by_expense[expense.category] += expense.amount.tyiyn
    for draw in draws:
        for tally in (cur, prev):
            if tally.covers(draw.date):
                tally.draws += draw.amount.tyiyn

    # --- customers new in the month: created_on, or the first order when it is unknown
    for person in customers:  # not `customer`: that name holds a customer id above
        since = person.created_on or first_order.get(person.id)
        if since is not None:
            for tally in (cur, prev):
                if tally.covers(since):
                    tally.new_customers += 1

    # --- debts
    by_debt: dict[str, list[Repayment]] = {}
    for repayment in repayments:
        by_debt.setdefault(repayment.debt_id, []).append(repayment)
    debts = sorted(debts, key=lambda d: (d.start_date, d.lender, d.id))

    names = {c.id: c.name for c in customers}
    prev_position, cur_position = books.positions(names)  # cut-offs oldest first: prev_end < cur_end
    # debts are read as of the cut-off day when a month is not over (or, for the
    # comparison, not counted to its end): see debts.debt_month
    debt_days = (today if in_progress else None, prev_end if prev_end < previous.last_day else None)
    figures = [
        _figures(tally, open_counts[tally.end], where, debts, by_debt, debt_day, in_progress and tally is cur)
        for tally, where, debt_day in zip((cur, prev), (cur_position, prev_position), debt_days)
    ]
    trend = tuple(
        TrendPoint(m, Money(trend_income[k]), Money(trend_expenses[k]), Money(trend_income[k] - trend_expenses[k]),
                   Money(trend_sales[k]))
        for m in trend_months_list
        for k in (_month_key(m),)
    )
    return MonthSummary(current=figures[0], previous=figures[1], trend=trend)


def _figures(tally: _MonthTally, orders_open: int, position: Position, debts: list[Debt],
             by_debt: dict[str, list[Repayment]], cutoff: date | None, in_progress: bool) -> MonthFigures:
    month = tally.month
    credit = sum(position.order_due.get(order_id, 0) for order_id in tally.delivered_ids)
    moves = [m for m in (debt_month(d, by_debt.get(d.id, ()), month, cutoff) for d in debts) if m is not None]
    debt_paid = Money.total(m.paid for m in moves)
    income = tally.received - tally.refunds
    sales = sum(v for k, v in tally.by_category.items() if k in SALES_CATEGORIES) - tally.refunds
    ratio = None
    if income > 0:
        ratio = (Decimal(debt_paid.tyiyn) / Decimal(income)).quantize(RATIO_PLACES, rounding=ROUND_HALF_UP)
    return MonthFigures(
        month=month,
        as_of=tally.end,
        in_progress=in_progress,
        income=Money(income),
        income_received=Money(tally.received),
        refunds=Money(tally.refunds),
        income_by_category={k: Money(v) for k, v in tally.by_category.items()},
        income_by_method={k: Money(v) for k, v in tally.by_method.items()},
        sales_income=Money(sales),
        credit_sales=Money(credit),
        expenses=Money(tally.expenses),
        expenses_by_category={k: Money(v) for k, v in tally.by_expense.items()},
        profit=Money(income - tally.expenses),
        owner_draws=Money(tally.draws),
        orders_taken=tally.taken,
        orders_delivered=tally.delivered,
        orders_open=orders_open,
        new_customers=tally.new_customers,
        active_customers=len(tally.active),
        receivables=position.receivables,
        receivable_lines=position.receivable_lines,
        advances=position.advances,
        advance_lines=position.advance_lines,
        debts=tuple(moves),
        debt_paid=debt_paid,
        debt_new_borrowing=Money.total(m.new_borrowing for m in moves),
        debt_outstanding=Money.total(m.closing_balance for m in moves),
        debt_overdue=Money.total(m.overdue for m in moves),
        debt_service_ratio=ratio,
    )
