"""The shape of a month summary: what the CLI, the dashboard and the caseworker
report all read. Computed by domain.summary.compute_month_summary (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Mapping

from .models import DebtPurpose, ExpenseCategory, IncomeCategory, LenderType, PaymentMethod
from .money import ZERO, Money
from .period import Month


@dataclass(frozen=True, slots=True)
class DebtMonth:
    """One debt's movement in one month."""

    debt_id: str
    lender: str
    purpose: DebtPurpose
    opening_balance: Money  # owed at the start of the month (principal + interest - repaid)
    paid: Money  # repaid during the month
    new_borrowing: Money  # total due of the debt if it started this month
    closing_balance: Money  # owed at the end of the month
    overdue: Money  # scheduled by month end and not yet repaid
    next_due_date: date | None  # earliest instalment not fully paid after month end (month in progress: due today or later)
    next_due_amount: Money
    interest: Money = ZERO  # the flat interest of the whole loan (its cost over the principal)
    overdue_since: date | None = None  # due date of the oldest instalment counted in `overdue`
    instalments_left: int = 0  # instalments not fully paid at the cut-off
    due_next_month: Money = ZERO  # still to pay on instalments due in the month after this one
    lender_type: LenderType = LenderType.OTHER  # who lent it (relatives, microfinance, ...)


@dataclass(frozen=True, slots=True)
class ReceivableLine:
    """What one customer owes the business at month end."""

    customer_id: str
    customer_name: str
    amount: Money
    since: date  # delivery day of the customer's oldest order still unpaid (its own payments, not FIFO)
    dues: tuple[tuple[date, Money], ...] = ()  # (delivery day, still owed) per unpaid order, oldest first


@dataclass(frozen=True, slots=True)
class AdvanceLine:
    """Money a customer paid ahead: deposits on orders not delivered yet, and
    credit left after paying their delivered orders (domain.books)."""

    customer_id: str
    customer_name: str
    amount: Money


@dataclass(frozen=True, slots=True)
class TrendPoint:
    month: Month
    income: Money
    expenses: Money
    profit: Money
    sales_income: Money = ZERO  # income from sales (order payments + walk-in sales - refunds)


@dataclass(frozen=True, slots=True)
class MonthFigures:
    """A month's figures, counted up to `as_of`: the month's last day, or `today`
    for the month in progress (and the same day of the month before it, for the
    comparison). Definitions: domain/README.md ("Month summary")."""

    month: Month
    as_of: date  # the figures count records dated up to this day
    in_progress: bool  # the month is not over yet (as_of = today)
    income: Money  # all income: income_received - refunds
    income_received: Money  # every income dated in the month (sales and other)
    refunds: Money  # money given back to customers in the month
    income_by_category: Mapping[IncomeCategory, Money]  # received, every category present, zero if none
    income_by_method: Mapping[PaymentMethod, Money]  # received, every method present
    sales_income: Money  # income from sales: order payments + walk-in sales - refunds (not "other")
    credit_sales: Money  # value delivered in the month and not paid by as_of
    expenses: Money
    expenses_by_category: Mapping[ExpenseCategory, Money]  # every category present
    profit: Money  # income - expenses (owner's draws are not expenses)
    owner_draws: Money
    orders_taken: int  # order_date in month (cancelled included)
    orders_delivered: int  # delivered_on in month
    orders_open: int  # at as_of: taken by then, not delivered/cancelled by then
    new_customers: int
    active_customers: int  # with an order, a delivery, a payment or a refund in the month
    receivables: Money  # customers owe at as_of (delivered orders not paid)
    receivable_lines: tuple[ReceivableLine, ...]  # largest first
    advances: Money  # customers' money held at as_of ahead of delivery (deposits, credit)
    advance_lines: tuple[AdvanceLine, ...]  # largest first
    debts: tuple[DebtMonth, ...]
    debt_paid: Money
    debt_new_borrowing: Money
    debt_outstanding: Money  # sum of closing balances
    debt_overdue: Money
    debt_service_ratio: Decimal | None  # debt_paid / income; None when income is zero or less

    @property
    def has_activity(self) -> bool:
        amounts = (self.income_received, self.refunds, self.expenses, self.owner_draws, self.debt_paid,
                   self.debt_new_borrowing)
        return any(not a.is_zero for a in amounts) or bool(self.orders_taken or self.orders_delivered)


@dataclass(frozen=True, slots=True)
class MonthSummary:
    current: MonthFigures
    previous: MonthFigures  # the same figures for the month before
    trend: tuple[TrendPoint, ...]  # 6 (or trend_months) months ending with `current.month`, oldest first

    @property
    def month(self) -> Month:
        return self.current.month
