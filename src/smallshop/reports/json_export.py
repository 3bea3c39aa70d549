"""The report as JSON for a caseworker's tools: English keys whatever the language,
amounts as exact decimal strings ("1250.00"), dates as ISO strings, ratios as decimal
fractions ("0.2500" = 25 %).

The document is the summary JSON (reports.figures.summary_to_dict, what
`smallshop summary --format json` prints) with the same keys and values, plus what
only the report has: the language, who prepared it, the key figures with their
change against the month before, and the notes. docs/report-json.md documents
every key; bump figures.SCHEMA_VERSION when a key changes meaning or disappears.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

from ..domain.money import Money
from .figures import SCHEMA_VERSION, summary_to_dict
from .model import ReportModel, Value

DEBT_FIELDS = ("opening_balance", "paid", "new_borrowing", "closing_balance", "overdue")


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


def report_dict(model: ReportModel) -> dict[str, Any]:
    """The JSON document as Python data (what render_json serialises)."""
    doc = summary_to_dict(model.summary, model.profile)
    doc.update({
        "language": model.lang,
        "period_start": model.month.first_day.isoformat(),
        "period_end": model.month.last_day.isoformat(),
        "generated_on": model.generated_on.isoformat(),
        "prepared_by": model.prepared_by,
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
        "receivables_count": len(model.receivables),
        "debt_totals": {name: plain(getattr(model.debt_totals, name)) for name in DEBT_FIELDS},
        "notes": model.notes,
    })
    return doc


def render_json(model: ReportModel) -> bytes:
    """UTF-8 JSON, indented, names kept readable (no \\u escapes)."""
    text = json.dumps(report_dict(model), ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")


__all__ = ["DEBT_FIELDS", "SCHEMA_VERSION", "plain", "render_json", "report_dict"]
