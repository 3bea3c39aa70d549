"""The figure vocabulary: a month summary as plain JSON-able data.

One set of English keys for every machine-readable output: `smallshop summary
--format json` prints exactly summary_to_dict, and the report JSON is that same
document plus the report's own keys (json_export.report_dict), so a script
reads `income` or `receivables` the same way from both. Amounts are exact
decimal strings ("1250.00"), dates ISO, ratios 4-place fractions.
docs/report-json.md documents every key; bump SCHEMA_VERSION when a key
changes meaning or disappears.
"""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from typing import Any

from ..domain.models import BusinessProfile
from ..domain.money import CURRENCY
from ..domain.summary_types import AdvanceLine, DebtMonth, MonthFigures, MonthSummary, ReceivableLine

SCHEMA_VERSION = 3
BUSINESS_KEYS = ("business_name", "owner_name", "location", "case_id", "caseworker_name")


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


def _advance(line: AdvanceLine) -> dict[str, Any]:
    return {"customer_id": line.customer_id, "customer_name": line.customer_name,
            "amount": line.amount.to_decimal_str()}


def _debt(move: DebtMonth) -> dict[str, Any]:
    return {
        "debt_id": move.debt_id,
        "lender": move.lender,
        "lender_type": move.lender_type.value,
        "purpose": move.purpose.value,
        "opening_balance": move.opening_balance.to_decimal_str(),
        "paid": move.paid.to_decimal_str(),
        "new_borrowing": move.new_borrowing.to_decimal_str(),
        "closing_balance": move.closing_balance.to_decimal_str(),
        "overdue": move.overdue.to_decimal_str(),
        "next_due_date": move.next_due_date.isoformat() if move.next_due_date else None,
        "next_due_amount": move.next_due_amount.to_decimal_str() if move.next_due_date else None,
        "interest": move.interest.to_decimal_str(),
        "instalments_left": move.instalments_left,
        "overdue_since": move.overdue_since.isoformat() if move.overdue_since else None,
        "due_next_month": move.due_next_month.to_decimal_str(),
    }


def figures_to_dict(figures: MonthFigures) -> dict[str, Any]:
    """One month's figures under their stable keys (the MonthFigures field names)."""
    money = lambda m: m.to_decimal_str()  # noqa: E731
    return {
        "month": str(figures.month),
        "as_of": figures.as_of.isoformat(),
        "in_progress": figures.in_progress,
        "income": money(figures.income),
        "income_received": money(figures.income_received),
        "refunds": money(figures.refunds),
        "sales_income": money(figures.sales_income),
        "credit_sales": money(figures.credit_sales),
        "expenses": money(figures.expenses),
        "profit": money(figures.profit),
        "owner_draws": money(figures.owner_draws),
        "orders_taken": figures.orders_taken,
        "orders_delivered": figures.orders_delivered,
        "orders_open": figures.orders_open,
        "new_customers": figures.new_customers,
        "active_customers": figures.active_customers,
        "receivables": money(figures.receivables),
        "advances": money(figures.advances),
        "debt_paid": money(figures.debt_paid),
        "debt_outstanding": money(figures.debt_outstanding),
        "debt_new_borrowing": money(figures.debt_new_borrowing),
        "debt_overdue": money(figures.debt_overdue),
        "debt_service_ratio": _ratio(figures.debt_service_ratio),
        "income_by_category": _amounts(figures.income_by_category),
        "income_by_method": _amounts(figures.income_by_method),
        "expenses_by_category": _amounts(figures.expenses_by_category),
        "receivable_lines": [_receivable(line) for line in figures.receivable_lines],
        "advance_lines": [_advance(line) for line in figures.advance_lines],
        "debts": [_debt(move) for move in figures.debts],
    }


def business_dict(profile: BusinessProfile) -> dict[str, str]:
    return {key: getattr(profile, key) for key in BUSINESS_KEYS}


def summary_to_dict(summary: MonthSummary, profile: BusinessProfile | None = None) -> dict[str, Any]:
    """The month's figures at the top level, plus `previous` (the same figures of
    the month before, over the same days while the month is in progress) and `trend`."""
    data: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "currency": CURRENCY}
    data.update(figures_to_dict(summary.current))
    if profile is not None:
        data["business"] = business_dict(profile)
    data["previous"] = figures_to_dict(summary.previous)
    data["trend"] = [
        {
            "month": str(point.month),
            "income": point.income.to_decimal_str(),
            "expenses": point.expenses.to_decimal_str(),
            "profit": point.profit.to_decimal_str(),
            "sales_income": point.sales_income.to_decimal_str(),
        }
        for point in summary.trend
    ]
    return data


__all__ = ["SCHEMA_VERSION", "business_dict", "figures_to_dict", "summary_to_dict"]
