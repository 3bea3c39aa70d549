"""The month summary and the home dashboard: read-only views over the records.

compute_month_summary (domain) is fed only what it needs: expenses and draws of
the seven months it looks at (the month, the one before, the 6-month trend); orders,
payments and repayments of all time (open orders, receivables and debt balances
depend on history), and the customers and debts.
The dashboard adds what needs `today`: orders due and overdue, the next instalments.
A month after today's is refused (DomainError error.month.future), and the month in
progress is counted up to today (domain.summary.month_cutoffs).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..domain import debts as debt_rules
from ..domain.models import Order
from ..domain.money import ZERO, Money
from ..domain.period import Month
from ..domain.problems import DomainError, Problem
from ..domain.summary import TREND_MONTHS, compute_month_summary
from ..domain.summary_types import MonthFigures, MonthSummary, TrendPoint
from .context import Context
from .orders import OrderService

# The first month with TREND_MONTHS months (and the month before) inside Month's range.
EARLIEST_MONTH = Month(1900, TREND_MONTHS + 1)

@dataclass(frozen=True, slots=True)
class UpcomingInstalment:
    """A debt's next instalment (or its overdue amount) for the dashboard."""

    debt_id: str
    lender: str
    due_date: date
    amount: Money  # still to pay on that instalment
    overdue: Money  # everything already late on this debt
    remaining: Money  # all still owed on this debt


@dataclass(frozen=True, slots=True)
class Dashboard:
    today: date
    month: MonthFigures  # this month so far
    previous: MonthFigures
    trend: tuple[TrendPoint, ...]  # 6 months ending with this one, oldest first
    due_today: tuple[Order, ...]
    due_this_week: tuple[Order, ...]
    overdue: tuple[Order, ...]
    instalments: tuple[UpcomingInstalment, ...]  # overdue amounts first, then the next ones by date
    debt_overdue: Money
    receivables: Money
    advances: Money  # customers' money held ahead of delivery


class ReportingService:
    def __init__(self, ctx: Context, orders: OrderService | None = None) -> None:
        self._ctx = ctx
        self._orders = orders or OrderService(ctx)

    def month_summary(self, month: Month | str, today: date | None = None, *,
                      trend_months: int = TREND_MONTHS) -> MonthSummary:
        """Figures of `month`, of the month before, and the 6-month trend (the
        caseworker's report asks for 12: `trend_months`, fewer when the calendar
        smallshop knows starts later). `today`
        (default: the local calendar day) makes the month in progress count up to
        today and compare with the same days of the month before; a later month
        is refused (DomainError error.month.future)."""
        month = month if isinstance(month, Month) else Month.parse(month)
        if month < EARLIEST_MONTH:  # its trend would reach before the calendar smallshop knows
            raise DomainError(Problem("month", "error.month.too_early", {"earliest": str(EARLIEST_MONTH)}))
        store = self._ctx.store
        trend_months = max(1, min(trend_months, (month.year - 1900) * 12 + month.month))
        window = month.back(trend_months)[0].first_day.replace(day=1)
        window = min(window, month.previous().first_day)
        end = month.last_day
        # orders, payments and repayments: all of them (the domain ignores what is
        # dated after the month; all() is cheaper than filtering history by date)
        return compute_month_summary(
            month,
            customers=store.customers.all(),
            orders=store.orders.all(),
            incomes=store.incomes.all(),
            refunds=store.refunds.all(),
            expenses=store.expenses.between(window, end),
            draws=store.draws.between(window, end),
            debts=store.debts.all(),
            repayments=store.repayments.all(),
            today=today if today is not None else self._ctx.today(),
            trend_months=trend_months,
        )

    def dashboard(self, today: date) -> Dashboard:
        """This month so far, orders due and overdue, the next instalments, the trend."""
        summary = self.month_summary(Month.of(today), today)
        instalments = []
        debt_overdue = ZERO
        store = self._ctx.store
        repayments = store.repayments.all()
        for debt in store.debts.all():
            status = debt_rules.debt_status(debt, repayments, today)
            debt_overdue += status.overdue_amount
            nxt = status.next_instalment
            if status.overdue_amount.is_positive:
                first_late = next((row.due_date for row in status.rows if row.state == "overdue"), today)
                instalments.append(UpcomingInstalment(debt.id, debt.lender, first_late, status.overdue_amount,
                                                      status.overdue_amount, status.remaining))
            if nxt is not None:  # the earliest unpaid one due today or later, however far
                instalments.append(UpcomingInstalment(debt.id, debt.lender, nxt.due_date, nxt.amount,
                                                      ZERO, status.remaining))
        instalments.sort(key=lambda i: (not i.overdue.is_positive, i.due_date, i.lender))
        return Dashboard(
            today=today,
            month=summary.current,
            previous=summary.previous,
            trend=summary.trend,
            due_today=tuple(self._orders.due_today(today)),
            due_this_week=tuple(self._orders.due_this_week(today)),
            overdue=tuple(self._orders.overdue(today)),
            instalments=tuple(instalments),
            debt_overdue=debt_overdue,
            receivables=summary.current.receivables,
            advances=summary.current.advances,
        )
