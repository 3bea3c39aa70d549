"""The month summary as plain JSON-able data: English keys, amounts as "1250.00".

Kept apart from the summary command so tests and scripts can compare it with
services.reporting.month_summary directly.
"""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from typing import Any

from ..domain.money import CURRENCY
from ..domain.summary_types import DebtMonth, MonthFigures, MonthSummary, ReceivableLine


def _amounts(mapping: Any) -> dict[str, str]:
    return {(k.value if isinstance(k, Enum) else str(k)): v.to_decimal_str() for k, v in mapping.items()}


def _ratio(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.4f}"


def _receivable(line: ReceivableLine) -> dict[str, Any]:
    return {
        "customer_id": line.customer_id,
        "customer_name": line.customer_name,
        "amount": line.amount.to_decimal_str(),
        "since": line.since.isoformat(),
    }


def _debt(move: DebtMonth) -> dict[str, Any]:
    return {
        "debt_id": move.debt_id,
        "lender": move.lender,
        "purpose": move.purpose.value,
        "opening_balance": move.opening_balance.to_decimal_str(),
        "paid": move.paid.to_decimal_str(),
        "new_borrowing": move.new_borrowing.to_decimal_str(),
        "closing_balance": move.closing_balance.to_decimal_str(),
        "overdue": move.overdue.to_decimal_str(),
        "next_due_date": move.next_due_date.isoformat() if move.next_due_date else None,
        "next_due_amount": move.next_due_amount.to_decimal_str(),
    }


def figures_to_dict(figures: MonthFigures) -> dict[str, Any]:
    money = lambda m: m.to_decimal_str()  # noqa: E731
    return {
        "month": str(figures.month),
        "currency": CURRENCY,
        "income": money(figures.income),
        "expenses": money(figures.expenses),
        "profit": money(figures.profit),
        "owner_draws": money(figures.owner_draws),
        "orders_taken": figures.orders_taken,
        "orders_delivered": figures.orders_delivered,
        "orders_open": figures.orders_open,
        "receivables": money(figures.receivables),
        "debt_paid": money(figures.debt_paid),
        "debt_outstanding": money(figures.debt_outstanding),
        "debt_new_borrowing": money(figures.debt_new_borrowing),
        "debt_overdue": money(figures.debt_overdue),
        "debt_service_ratio": _ratio(figures.debt_service_ratio),
        "cash_sales": money(figures.cash_sales),
        "credit_sales": money(figures.credit_sales),
        "income_by_category": _amounts(figures.income_by_category),
        "income_by_method": _amounts(figures.income_by_method),
        "expenses_by_category": _amounts(figures.expenses_by_category),
        "new_customers": figures.new_customers,
        "active_customers": figures.active_customers,
        "receivable_lines": [_receivable(line) for line in figures.receivable_lines],
        "debts": [_debt(move) for move in figures.debts],
    }


def summary_to_dict(summary: MonthSummary, business: dict[str, str] | None = None) -> dict[str, Any]:
    """The month's figures at the top level, plus `previous` and `trend`."""
    data = figures_to_dict(summary.current)
    if business is not None:
        data["business"] = business
    data["previous"] = figures_to_dict(summary.previous)
    data["trend"] = [
        {
            "month": str(point.month),
            "income": point.income.to_decimal_str(),
            "expenses": point.expenses.to_decimal_str(),
            "profit": point.profit.to_decimal_str(),
        }
        for point in summary.trend
    ]
    return data


__all__ = ["figures_to_dict", "summary_to_dict"]
