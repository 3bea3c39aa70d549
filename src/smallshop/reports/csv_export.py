"""The report as CSV for spreadsheets: one row per figure.

Columns, always in this order and always with this English header row, whatever
the report's language: `section;key;label;value` — `section` and `key` are stable
machine names (the figure vocabulary of reports.figures), `label` is the figure's
name in the report's language, `value` its exact value (amounts "1250.00", dates
YYYY-MM-DD, ratios "0.2500").

Written for Excel as the caseworker has it in Kyrgyzstan (Russian regional
settings): UTF-8 with a BOM so Cyrillic shows, and `;` between columns, the list
separator of those settings, so the file opens in four columns (a `sep=` line
would make Excel ignore the BOM). docs/report-json.md says how to read it.

Nothing typed into the app becomes a formula: a cell that starts with = + - @, a tab
or a carriage return is written with a leading apostrophe (the usual neutraliser),
except an exact number such as "-6500.00" (a loss), which is data, not a formula.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any, Iterator

from .json_export import DEBT_FIELDS, attention_dict, plain, plan_dict
from .model import Line, ReportModel

BOM = "\ufeff"
DELIMITER = ";"
HEADER = ("section", "key", "label", "value")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")  # whole cell only (fullmatch): "-1\n" is not a number
Row = tuple[str, str, str, Any]
FACT_KEYS = ("money_in", "money_out", "cash_balance", "next_month", "due_next_month", "assistance_started",
             "months_since_assistance")  # attention.<key> of the JSON
TREND_KEYS = ("sales_income", "income", "expenses", "profit")  # trend[] keys of the JSON


def neutralise(cell: Any) -> str:
    """The cell as text a spreadsheet will never run as a formula."""
    text = "" if cell is None else str(cell)
    if text.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


# A breakdown's closing line carries the JSON's top-level key of the same figure, so
# every CSV key names what the JSON names (docs/report-json.md): no "total" key.
_CLOSING_KEYS = {"income_by_category": "income", "income_by_method": "income_received",
                 "expenses_by_category": "expenses"}


def _lines(section: str, lines: tuple[Line, ...]) -> Iterator[Row]:
    for line in lines:
        key = _CLOSING_KEYS.get(section, line.key) if line.key == "total" else line.key
        value = plain(line.value)
        if section == "income_by_category" and key == "refunds":
            value = plain(-line.value.raw)  # the JSON's `refunds`: money given back, not a deduction
        yield section, key, line.label, value


def rows(model: ReportModel) -> Iterator[Row]:
    """Every (section, key, label, value) row after the header row."""
    label = model.labels
    yield from _lines("header", model.header)
    yield "header", "currency", model.labels["csv.currency"], "KGS"
    yield "header", "in_progress", label["header.in_progress"], "true" if model.summary.current.in_progress else "false"
    yield "header", "report_id", label["header.report_id"], model.report_id
    yield "header", "business_id", label["header.business_id"], model.extras.business_id
    yield "header", "fingerprint", label["header.fingerprint"], model.fingerprint
    yield "header", "programme_name", label["header.programme_name"], model.extras.programme_name
    yield "header", "with_names", label["names.shown"] if model.with_names else label["names.hidden"], (
        "true" if model.with_names else "false")
    facts = attention_dict(model)
    for line in model.attention:  # the box as printed, one row per line; then its facts by their JSON keys
        yield "attention", f"line.{line.key}", line.text, "alert" if line.alert else "ok"
    yield "attention", "month_complete", label["fact.month_complete"], "true" if facts["month_complete"] else "false"
    for key in FACT_KEYS:
        yield "attention", key, label[f"fact.{key}"], facts[key]
    yield "attention", "long_owed.customers", label["fact.long_owed.customers"], facts["long_owed"]["customers"]
    yield "attention", "long_owed.amount", label["fact.long_owed.amount"], facts["long_owed"]["amount"]
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
    plan = plan_dict(model)
    for key in ("assistance_started", "sales_target", "profit_target"):
        yield "plan", key, label[f"plan.{key}"], plan["plan"][key]
    yield "targets", "year_to_date_months", label["col.year_to_date"], model.ytd_months
    for row in model.targets:
        for name in ("actual", "target", "share", "ytd_actual", "ytd_target", "ytd_share"):
            yield "targets", f"{row.key}.{name}", f"{row.label}: {label['targets.' + name]}", plain(getattr(row, name))
    for key in ("count", "in_use_count", "in_use_value", "grant_value", "own_contribution", "total_value"):
        yield "assets", key, label[f"assets.{key}"], plan["assets"][key]
    for i, a in enumerate(model.assets, start=1):
        yield "assets", f"asset.{i}.item", label["col.item"], a.item
        for name in ("source", "value", "acquired_on", "status", "since"):
            yield "assets", f"asset.{i}.{name}", f"{a.item}: {label['col.' + name] if name != 'since' else label['col.since_status']}", (
                getattr(a, name).raw if name in ("source", "status") else plain(getattr(a, name)))
    if model.jobs:
        for line in model.jobs:
            yield "jobs", line.key, line.label, plain(line.value)
    else:
        yield "jobs", "confirmed", label["jobs.not_confirmed"], "false"
    for row in model.aging:
        yield "receivable_aging", f"{row.key}.customers", f"{row.label}: {label['col.customers']}", plain(row.customers)
        yield "receivable_aging", f"{row.key}.amount", f"{row.label}: {label['col.amount']}", plain(row.amount)
    for i, r in enumerate(model.receivables, start=1):
        if model.with_names:  # the caseworker's copy names no customer
            yield "receivables", f"receivable.{i}.customer", label["col.customer"], r.customer_name
        yield "receivables", f"receivable.{i}.amount", f"{r.customer_name}: {label['col.amount']}", plain(r.amount)
        yield "receivables", f"receivable.{i}.since", f"{r.customer_name}: {label['col.since']}", plain(r.since)
    yield "receivables", "receivables", model.receivables_total.label, plain(model.receivables_total.value)
    for i, a in enumerate(model.advances, start=1):
        if model.with_names:
            yield "advances", f"advance.{i}.customer", label["col.customer"], a.customer_name
        yield "advances", f"advance.{i}.amount", f"{a.customer_name}: {label['col.amount']}", plain(a.amount)
    yield "advances", "advances", model.advances_total.label, plain(model.advances_total.value)
    for i, d in enumerate(model.debts, start=1):
        yield "debts", f"debt.{i}.lender", label["col.lender"], d.lender
        yield "debts", f"debt.{i}.lender_type", f"{d.lender}: {label['col.lender_type']}", plain(d.lender_type) or None
        yield "debts", f"debt.{i}.purpose", f"{d.lender}: {label['col.purpose']}", plain(d.purpose)
        yield "debts", f"debt.{i}.interest", f"{d.lender}: {label['col.interest']}", plain(d.interest)
        yield "debts", f"debt.{i}.instalments_left", f"{d.lender}: {label['col.instalments_left']}", plain(
            d.instalments_left)
        yield "debts", f"debt.{i}.overdue_since", f"{d.lender}: {label['col.overdue_since']}", plain(d.overdue_since)
        yield "debts", f"debt.{i}.due_next_month", f"{d.lender}: {label['col.due_next_month']}", plain(
            d.due_next_month)
        for name in DEBT_FIELDS:
            yield "debts", f"debt.{i}.{name}", f"{d.lender}: {label['col.' + name]}", plain(getattr(d, name))
        yield "debts", f"debt.{i}.next_due_date", f"{d.lender}: {label['col.next_instalment']}", plain(
            d.next_due_date
        )
        if d.next_due_date.raw is not None:
            yield "debts", f"debt.{i}.next_due_amount", f"{d.lender}: {label['col.next_instalment']}, {label['col.amount']}", plain(
                d.next_due_amount
            )
    for name in (*DEBT_FIELDS, "interest", "due_next_month"):
        yield "debts", f"total.{name}", f"{label['total']}: {label['col.' + name]}", plain(
            getattr(model.debt_totals, name)
        )
    ratio = model.debt_service_ratio
    yield "debts", ratio.key, ratio.label, plain(ratio.value)
    for r in model.trend:
        for key in TREND_KEYS:
            yield "trend", f"{r.month.raw}.{key}", f"{r.month.text}: {label['col.' + key]}", plain(getattr(r, key))
    for c in model.extras.changes:
        month = str(c.month)
        for key, value in (("exported_on", c.exported_on.isoformat()), ("added", c.added), ("changed", c.changed),
                           ("deleted", c.deleted), ("income_change", c.income.to_decimal_str()),
                           ("expenses_change", c.expenses.to_decimal_str()),
                           ("debt_paid_change", c.debt_paid.to_decimal_str())):
            yield "changes_to_earlier_months", f"{month}.{key}", f"{month}: {label['col.' + key]}", value
    yield "notes", "notes", label["section.notes"], model.notes


def render_csv(model: ReportModel) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerow(HEADER)
    for row in rows(model):
        writer.writerow([neutralise(cell) for cell in row])
    return (BOM + buffer.getvalue()).encode("utf-8")


def read_csv(data: bytes) -> list[list[str]]:
    """The rows of a CSV this module wrote (header included): for tests and scripts."""
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=DELIMITER))
