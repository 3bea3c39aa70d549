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

from ..domain.attention import cash_flow, due_next_month, long_owed
from ..domain.plan import months_since_assistance
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


def _without_names(figures: dict[str, Any]) -> None:
    """The caseworker's copy names no customers (their ids stay, to follow a debt)."""
    for key in ("receivable_lines", "advance_lines"):
        for line in figures.get(key, ()):
            line["customer_name"] = None


def attention_dict(model: ReportModel) -> dict[str, Any]:
    """The facts of "what needs attention", language-free."""
    now = model.summary.current
    old = long_owed(now)
    cash = cash_flow(now)
    started = model.extras.assistance_started
    return {
        "alerts": [line.key for line in model.attention if line.alert],
        "overdue_debts": [
            {
                "debt_id": d.debt_id,
                "lender": d.lender,
                "lender_type": d.lender_type.value,
                "amount": d.overdue.to_decimal_str(),
                "since": d.overdue_since.isoformat() if d.overdue_since else None,
            }
            for d in now.debts if d.overdue.is_positive
        ],
        "long_owed": {"days": old.days, "customers": old.customers, "amount": old.amount.to_decimal_str(),
                      "ages": list(old.ages)},
        "month_complete": not now.in_progress,
        "money_in": cash.money_in.to_decimal_str(),
        "money_out": cash.money_out.to_decimal_str(),
        "cash_balance": cash.balance.to_decimal_str(),
        "next_month": str(model.month.next()),
        "due_next_month": due_next_month(now).to_decimal_str(),
        "assistance_started": started.isoformat() if started else None,
        "months_since_assistance": (months_since_assistance(model.extras.plan, model.month)
                                    if model.extras.plan is not None else None),
        "changed_months": [str(c.month) for c in model.extras.changes],
    }


def _money_or_none(value: Any) -> Any:
    return None if value is None else value.to_decimal_str()


def plan_dict(model: ReportModel) -> dict[str, Any]:
    """The business plan, its targets against this month and the year so far, the asset
    register on the cut-off day and who worked (None: not confirmed)."""
    plan, register, jobs = model.extras.plan, model.extras.assets, model.extras.jobs
    return {
        "plan": {
            "assistance_started": plan.assistance_started.isoformat()
            if plan is not None and plan.assistance_started else None,
            "sales_target": _money_or_none(plan.sales_target) if plan is not None else None,
            "profit_target": _money_or_none(plan.profit_target) if plan is not None else None,
        },
        "targets": {
            "year_to_date_months": model.ytd_months,
            **{row.key: {
                "actual": plain(row.actual), "target": plain(row.target), "share": plain(row.share),
                "ytd_actual": plain(row.ytd_actual), "ytd_target": plain(row.ytd_target),
                "ytd_share": plain(row.ytd_share),
            } for row in model.targets},
        },
        "assets": {
            "count": len(model.assets),
            "in_use_count": register.in_use_count if register is not None else 0,
            "in_use_value": plain(register.in_use_value) if register is not None else "0.00",
            "grant_value": plain(register.grant_value) if register is not None else "0.00",
            "own_contribution": plain(register.own_contribution) if register is not None else "0.00",
            "total_value": plain(register.total_value) if register is not None else "0.00",
            "lines": [
                {"asset_id": row.asset_id, "item": row.item, "source": row.source.raw, "value": plain(row.value),
                 "acquired_on": plain(row.acquired_on), "status": row.status.raw, "since": plain(row.since)}
                for row in model.assets
            ],
        },
        "jobs": None if jobs is None else {line.key: line.value.raw for line in model.jobs},
    }


def report_dict(model: ReportModel) -> dict[str, Any]:
    """The JSON document as Python data (what render_json serialises)."""
    doc = summary_to_dict(model.summary, model.profile)
    if not model.with_names:
        _without_names(doc)
        _without_names(doc["previous"])
    doc["business"]["business_id"] = model.extras.business_id
    doc["business"]["programme_name"] = model.extras.programme_name
    doc["business"]["caseworker_title"] = model.extras.caseworker_title or None
    doc.update(plan_dict(model))
    doc.update({
        "report_id": model.report_id,
        "fingerprint": model.fingerprint,
        "with_names": model.with_names,
        "attention": attention_dict(model),
        "receivable_aging": [
            {"band": row.key, "customers": row.customers.raw, "amount": plain(row.amount)} for row in model.aging
        ],
        "changes_to_earlier_months": [
            {
                "month": str(c.month),
                "exported_on": c.exported_on.isoformat(),
                "added": c.added,
                "changed": c.changed,
                "deleted": c.deleted,
                "income_change": c.income.to_decimal_str(),
                "expenses_change": c.expenses.to_decimal_str(),
                "debt_paid_change": c.debt_paid.to_decimal_str(),
            }
            for c in model.extras.changes
        ],
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
        "debt_totals": {name: plain(getattr(model.debt_totals, name))
                        for name in (*DEBT_FIELDS, "interest", "due_next_month")},
        "notes": model.notes,
    })
    return doc


def render_json(model: ReportModel) -> bytes:
    """UTF-8 JSON, indented, names kept readable (no \\u escapes)."""
    text = json.dumps(report_dict(model), ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")


__all__ = ["attention_dict", "DEBT_FIELDS", "SCHEMA_VERSION", "plain", "render_json", "report_dict"]
