"""The report as CSV for spreadsheets: one row per figure with its section, a stable
English key, the label in the report's language and the exact value (amounts as
"1250.00", dates as YYYY-MM-DD). UTF-8 with a BOM so Excel shows Cyrillic correctly.
Receivables and debts get one row per figure of each customer or lender.
"""

from __future__ import annotations

import csv
import io
from typing import Any, Iterator

from .json_export import DEBT_FIELDS, plain
from .model import Line, ReportModel

BOM = "\ufeff"
Row = tuple[str, str, str, Any]


def _lines(section: str, lines: tuple[Line, ...]) -> Iterator[Row]:
    for line in lines:
        yield section, line.key, line.label, plain(line.value)


def rows(model: ReportModel) -> Iterator[Row]:
    """Every (section, key, label, value) row after the header row."""
    label = model.labels
    yield from _lines("header", model.header)
    yield "header", "currency", model.labels["csv.currency"], "KGS"
    for row in model.key_figures:
        yield "key_figures", row.key, row.label, plain(row.current)
        yield "key_figures", f"{row.key}.previous", f"{row.label} — {label['col.previous_month']}", plain(
            row.previous
        )
        yield "key_figures", f"{row.key}.change", f"{row.label} — {label['col.change']}", plain(row.change)
    yield from _lines("income_by_category", model.income_by_category)
    yield from _lines("income_by_method", model.income_by_method)
    yield from _lines("sales", model.sales)
    yield from _lines("expenses_by_category", model.expenses_by_category)
    for i, r in enumerate(model.receivables, start=1):
        yield "receivables", f"receivable.{i}.customer", label["col.customer"], r.customer_name
        yield "receivables", f"receivable.{i}.amount", f"{r.customer_name}: {label['col.amount']}", plain(r.amount)
        yield "receivables", f"receivable.{i}.since", f"{r.customer_name}: {label['col.since']}", plain(r.since)
    yield "receivables", "total", model.receivables_total.label, plain(model.receivables_total.value)
    for i, d in enumerate(model.debts, start=1):
        yield "debts", f"debt.{i}.lender", label["col.lender"], d.lender
        yield "debts", f"debt.{i}.purpose", f"{d.lender}: {label['col.purpose']}", plain(d.purpose)
        for name in DEBT_FIELDS:
            yield "debts", f"debt.{i}.{name}", f"{d.lender}: {label['col.' + name]}", plain(getattr(d, name))
        yield "debts", f"debt.{i}.next_due_date", f"{d.lender}: {label['col.next_instalment']}", plain(
            d.next_due_date
        )
        if d.next_due_date.raw is not None:
            yield "debts", f"debt.{i}.next_due_amount", f"{d.lender}: {label['col.next_instalment']}, {label['col.amount']}", plain(
                d.next_due_amount
            )
    for name in DEBT_FIELDS:
        yield "debts", f"total.{name}", f"{label['total']}: {label['col.' + name]}", plain(
            getattr(model.debt_totals, name)
        )
    ratio = model.debt_service_ratio
    yield "debts", ratio.key, ratio.label, plain(ratio.value)
    for r in model.trend:
        for key in ("income", "expenses", "profit"):
            figure = next(c.label for c in model.key_figures if c.key == key)
            yield "trend", f"{r.month.raw}.{key}", f"{r.month.text}: {figure}", plain(getattr(r, key))
    yield "notes", "notes", label["section.notes"], model.notes


def render_csv(model: ReportModel) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([model.labels[k] for k in ("csv.section", "csv.key", "csv.label", "csv.value")])
    for section, key, text, value in rows(model):
        writer.writerow([section, key, text, "" if value is None else value])
    return (BOM + buffer.getvalue()).encode("utf-8")
