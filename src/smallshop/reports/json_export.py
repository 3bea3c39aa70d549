"""The report as JSON for a caseworker's tools: English keys whatever the language,
amounts as exact decimal strings ("1250.00"), dates as ISO strings, ratios as decimal
fractions ("0.2500" = 25 %). docs/report-json.md documents every key; bump
SCHEMA_VERSION when a key changes meaning or disappears.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

from ..domain.money import CURRENCY, Money
from .model import DebtRow, Line, ReportModel, Value

SCHEMA_VERSION = 1


def plain(value: Value | Any) -> Any:
    """The exact, language-free form of a figure."""
    raw = value.raw if isinstance(value, Value) else value
    if isinstance(raw, Money):
        return raw.to_decimal_str()
    if isinstance(raw, Decimal):
        return str(raw)
    if isinstance(raw, date):
        return raw.isoformat()
    return raw


def _lines(lines: tuple[Line, ...]) -> dict[str, Any]:
    return {line.key: plain(line.value) for line in lines}


DEBT_FIELDS = ("opening_balance", "paid", "new_borrowing", "closing_balance", "overdue")


def _debt(row: DebtRow) -> dict[str, Any]:
    return {
        "debt_id": row.debt_id,
        "lender": row.lender,
        "purpose": plain(row.purpose),
        **{name: plain(getattr(row, name)) for name in DEBT_FIELDS},
        "next_due_date": plain(row.next_due_date),
        "next_due_amount": plain(row.next_due_amount) if row.next_due_date.raw is not None else None,
    }


def report_dict(model: ReportModel) -> dict[str, Any]:
    """The JSON document as Python data (what render_json serialises)."""
    header = {line.key: plain(line.value) for line in model.header}
    return {
        "schema_version": SCHEMA_VERSION,
        "currency": CURRENCY,
        "language": model.lang,
        "month": str(model.month),
        "period_start": model.month.first_day.isoformat(),
        "period_end": model.month.last_day.isoformat(),
        "generated_on": model.generated_on.isoformat(),
        "prepared_by": model.prepared_by,
        "business": {
            key: header[key]
            for key in ("business_name", "owner_name", "location", "case_id", "caseworker_name")
        },
        "has_activity": model.has_activity,
        "key_figures": {
            row.key: {
                "current": plain(row.current),
                "previous": plain(row.previous),
                "change": plain(row.change),
                "change_ratio": plain(row.change_ratio),
            }
            for row in model.key_figures
        },
        "income_by_category": _lines(model.income_by_category),
        "income_by_method": _lines(model.income_by_method),
        "sales": _lines(model.sales),
        "expenses_by_category": _lines(model.expenses_by_category),
        "receivables": {
            "total": plain(model.receivables_total.value),
            "count": len(model.receivables),
            "lines": [
                {
                    "customer_id": r.customer_id,
                    "customer_name": r.customer_name,
                    "amount": plain(r.amount),
                    "since": plain(r.since),
                }
                for r in model.receivables
            ],
        },
        "debts": {
            "lines": [_debt(row) for row in model.debts],
            "totals": {name: plain(getattr(model.debt_totals, name)) for name in DEBT_FIELDS},
            "debt_service_ratio": plain(model.debt_service_ratio.value),
        },
        "trend": [
            {
                "month": r.month.raw,
                "income": plain(r.income),
                "expenses": plain(r.expenses),
                "profit": plain(r.profit),
            }
            for r in model.trend
        ],
        "notes": model.notes,
    }


def render_json(model: ReportModel) -> bytes:
    """UTF-8 JSON, indented, names kept readable (no \\u escapes)."""
    text = json.dumps(report_dict(model), ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")
