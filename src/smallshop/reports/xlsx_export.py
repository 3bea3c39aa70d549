"""The report as an Excel workbook (XlsxWriter), one sheet per section.

Why XlsxWriter: it is pure Python with no dependencies (so it installs on a phone
like the rest of smallshop), it only writes — which is all a report needs — and it
writes real numbers, dates and number formats. Amounts are stored as numbers with
the format `#,##0.00`, percentages as fractions with `0.0%`, dates as dates with
`dd.mm.yyyy`: Excel and LibreOffice show the grouping and decimal separators of the
reader's own settings (a Russian- or Kyrgyz-locale Excel shows "21 700,50"), and a
formula over a column just works. Text is written as text (`write_string`), never as
a formula, whatever a family member typed.

Sheets (names in the report's language): the first page (what needs attention, the
business, the key figures), income and expenses, customers' money (by age; names
only in the owner's copy), debts, the 12-month trend with a chart, changes to
earlier months, definitions and notes, and "data": every row of the CSV with the
same `section` and `key`, so a script finds the JSON's names in all three files.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import xlsxwriter

from ..domain.money import Money
from .csv_export import HEADER, rows
from .model import ReportModel, Value
from .trust import grouped

MONEY_FORMAT = "#,##0.00"
PERCENT_FORMAT = "0.0%"
DATE_FORMAT = "dd.mm.yyyy"
_BAD_SHEET_CHARS = str.maketrans({c: " " for c in "[]:*?/\\"})


def _sheet_name(text: str, used: set[str]) -> str:
    name = text.translate(_BAD_SHEET_CHARS).strip()[:31] or "Sheet"
    base, n = name, 2
    while name.lower() in used:
        suffix = f" {n}"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name.lower())
    return name


class _Book:
    def __init__(self, model: ReportModel, buffer: io.BytesIO) -> None:
        self.m = model
        self.wb = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                               "strings_to_numbers": False, "strings_to_urls": False})
        created = datetime.combine(model.generated_on, datetime.min.time())
        self.wb.set_properties({"title": model.title, "created": created, "author": model.prepared_by,
                                "comments": f"report_id {model.report_id}; fingerprint {model.fingerprint}"})
        wb = self.wb
        self.bold = wb.add_format({"bold": True})
        self.title = wb.add_format({"bold": True, "font_size": 14})
        self.head = wb.add_format({"bold": True, "bg_color": "#E0E0E0", "border": 1, "text_wrap": True,
                                   "valign": "top"})
        self.text = wb.add_format({"text_wrap": True, "valign": "top"})
        self.money = wb.add_format({"num_format": MONEY_FORMAT, "valign": "top"})
        self.money_bold = wb.add_format({"num_format": MONEY_FORMAT, "bold": True, "top": 1})
        self.percent = wb.add_format({"num_format": PERCENT_FORMAT})
        self.date = wb.add_format({"num_format": DATE_FORMAT, "valign": "top"})
        self.alert = wb.add_format({"bold": True, "font_color": "#FFFFFF", "bg_color": "#000000", "align": "center",
                                    "valign": "top"})
        self.used: set[str] = set()

    def sheet(self, title: str, widths: tuple[float, ...]):
        ws = self.wb.add_worksheet(_sheet_name(title, self.used))
        for col, width in enumerate(widths):
            ws.set_column(col, col, width)
        return ws

    def put(self, ws, row: int, col: int, value: Any, *, bold: bool = False) -> None:
        """A value with its own type: Money/Decimal/int as numbers, dates as dates, text as text."""
        raw = value.raw if isinstance(value, Value) else value
        if isinstance(raw, Money):
            ws.write_number(row, col, float(raw.to_decimal()), self.money_bold if bold else self.money)
        elif isinstance(raw, Decimal):
            ws.write_number(row, col, float(raw), self.percent)
        elif isinstance(raw, bool) or raw is None:
            ws.write_string(row, col, value.text if isinstance(value, Value) else ("" if raw is None else str(raw)),
                            self.text)
        elif isinstance(raw, int):
            ws.write_number(row, col, raw, self.bold if bold else None)
        elif isinstance(raw, date):
            ws.write_datetime(row, col, datetime.combine(raw, datetime.min.time()), self.date)
        else:
            text = value.text if isinstance(value, Value) else str(raw)
            ws.write_string(row, col, text, self.bold if bold else self.text)

    def header_row(self, ws, row: int, labels: list[str]) -> None:
        for col, label in enumerate(labels):
            ws.write_string(row, col, label, self.head)

    # --- sheets ----------------------------------------------------------------
    def first_page(self) -> None:
        m, L = self.m, self.m.labels
        ws = self.sheet(L["section.attention"], (4, 44, 22, 22, 22))
        ws.write_string(0, 0, f"{m.title} — {m.header_value('period').text}", self.title)
        r = 2
        for line in m.header:
            ws.write_string(r, 1, line.label, self.bold)
            self.put(ws, r, 2, line.value.text)
            r += 1
        for label, value in ((L["header.report_id"], m.report_id), (L["header.fingerprint"], grouped(m.fingerprint))):
            ws.write_string(r, 1, label, self.bold)
            ws.write_string(r, 2, value)
            r += 1
        ws.write_string(r, 1, L["names.shown"] if m.with_names else L["names.hidden"])
        r += 2
        ws.write_string(r, 0, L["section.attention"], self.title)
        r += 1
        for line in m.attention:
            if line.alert:
                ws.write_string(r, 0, "!", self.alert)
            ws.merge_range(r, 1, r, 4, line.text, self.text)
            ws.set_row(r, 30 if len(line.text) > 90 else None)
            r += 1
        r += 1
        ws.write_string(r, 0, L["section.key_figures"], self.title)
        r += 1
        self.header_row(ws, r, ["", L["col.figure"], L["col.this_month"], L["col.previous_month"], L["col.change"]])
        r += 1
        for row in m.key_figures:
            ws.write_string(r, 1, row.label, self.text)
            self.put(ws, r, 2, row.current)
            self.put(ws, r, 3, row.previous)
            self.put(ws, r, 4, row.change)
            r += 1
        ws.write_string(r, 1, m.debt_service_ratio.label, self.text)
        self.put(ws, r, 2, m.debt_service_ratio.value)
        ws.write_string(r + 1, 1, m.debt_service_words, self.text)
        ws.write_string(r + 3, 1, L["cash_basis"], self.text)

    def money_sheet(self) -> None:
        m, L = self.m, self.m.labels
        ws = self.sheet(L["section.income"], (46, 20))
        r = 0
        for title, lines in ((L["section.income_by_category"], m.income_by_category),
                             (L["section.income_by_method"], m.income_by_method),
                             (L["section.sales"], m.sales),
                             (L["section.expenses_by_category"], m.expenses_by_category)):
            self.header_row(ws, r, [title, L["col.amount"]])
            r += 1
            for i, line in enumerate(lines):
                last = line.key == "total"
                ws.write_string(r, 0, line.label, self.bold if last else self.text)
                self.put(ws, r, 1, line.value, bold=last)
                r += 1
            r += 1

    def customers_sheet(self) -> None:
        m, L = self.m, self.m.labels
        ws = self.sheet(L["section.receivables"], (40, 16, 20))
        self.header_row(ws, 0, [L["section.aging"], L["col.customers"], L["col.amount"]])
        r = 1
        for row in m.aging:
            ws.write_string(r, 0, row.label, self.text)
            self.put(ws, r, 1, row.customers)
            self.put(ws, r, 2, row.amount)
            r += 1
        ws.write_string(r, 0, m.receivables_total.label, self.bold)
        self.put(ws, r, 2, m.receivables_total.value, bold=True)
        r += 2
        self.header_row(ws, r, [L["col.customer"], L["col.since"], L["col.amount"]])
        r += 1
        for row in m.receivables:
            ws.write_string(r, 0, row.customer_name, self.text)
            self.put(ws, r, 1, row.since)
            self.put(ws, r, 2, row.amount)
            r += 1
        r += 1
        self.header_row(ws, r, [L["section.advances"], "", L["col.amount"]])
        r += 1
        for row in m.advances:
            ws.write_string(r, 0, row.customer_name, self.text)
            self.put(ws, r, 2, row.amount)
            r += 1
        ws.write_string(r, 0, m.advances_total.label, self.bold)
        self.put(ws, r, 2, m.advances_total.value, bold=True)

    DEBT_COLUMNS = ("lender", "lender_type", "purpose", "opening_balance", "paid", "new_borrowing",
                    "closing_balance", "overdue", "overdue_since", "interest", "instalments_left",
                    "next_due_date", "next_due_amount", "due_next_month")

    def debts_sheet(self) -> None:
        m, L = self.m, self.m.labels
        ws = self.sheet(L["section.debts"], (30, 16, 16) + (16,) * 11)
        labels = {**{k: L.get(f"col.{k}", k) for k in self.DEBT_COLUMNS},
                  "next_due_date": L["col.next_instalment"],
                  "next_due_amount": f"{L['col.next_instalment']}, {L['col.amount']}"}
        self.header_row(ws, 0, [labels[k] for k in self.DEBT_COLUMNS])
        r = 1
        for d in (*m.debts, m.debt_totals):
            total = d is m.debt_totals
            for col, key in enumerate(self.DEBT_COLUMNS):
                value = getattr(d, key) if key != "lender" else d.lender
                if total and key in ("lender_type", "purpose", "overdue_since", "next_due_date", "next_due_amount",
                                     "instalments_left"):
                    continue
                self.put(ws, r, col, value, bold=total)
            r += 1
        r += 1
        ws.write_string(r, 0, m.debt_service_ratio.label, self.bold)
        self.put(ws, r, 3, m.debt_service_ratio.value)
        ws.write_string(r + 1, 0, m.debt_service_words, self.text)

    def trend_sheet(self) -> None:
        m, L = self.m, self.m.labels
        ws = self.sheet(L["section.trend"], (18, 20, 20, 20, 20))
        keys = ("sales_income", "income", "expenses", "profit")
        self.header_row(ws, 0, [L["col.month"]] + [L[f"col.{k}"] for k in keys])
        for r, row in enumerate(m.trend, start=1):
            ws.write_string(r, 0, row.month.text, self.text)
            for col, key in enumerate(keys, start=1):
                self.put(ws, r, col, getattr(row, key))
        last = len(m.trend)
        ws.write_string(last + 2, 0, L["cash_basis"], self.text)
        if last:
            chart = self.wb.add_chart({"type": "column"})
            for col, key in ((2, "income"), (3, "expenses")):
                chart.add_series({"name": [ws.name, 0, col], "categories": [ws.name, 1, 0, last, 0],
                                  "values": [ws.name, 1, col, last, col]})
            line = self.wb.add_chart({"type": "line"})
            line.add_series({"name": [ws.name, 0, 4], "categories": [ws.name, 1, 0, last, 0],
                             "values": [ws.name, 1, 4, last, 4], "marker": {"type": "circle"}})
            chart.combine(line)
            chart.set_title({"name": L["section.trend"]})
            chart.set_size({"width": 720, "height": 320})
            ws.insert_chart(last + 4, 0, chart)

    def plan_sheet(self) -> None:
        """The business plan against the month and the year, the assets, who worked."""
        m, L = self.m, self.m.labels
        ws = self.sheet(L["section.plan"], (44, 18, 18, 12, 18, 18, 12))
        self.header_row(ws, 0, [L["col.figure"], L["col.this_month"], L["col.target"], L["col.share"],
                                L["col.year_to_date"], L["col.target"], L["col.share"]])
        r = 1
        if not m.targets:
            ws.write_string(r, 0, L["plan.none"])
            r += 1
        for row in m.targets:
            ws.write_string(r, 0, row.label, self.text)
            for col, value in enumerate((row.actual, row.target, row.share, row.ytd_actual, row.ytd_target,
                                         row.ytd_share), start=1):
                self.put(ws, r, col, value)
            r += 1
        r += 1
        ws.write_string(r, 0, L["section.assets"], self.title)
        r += 1
        self.header_row(ws, r, [L["col.item"], L["col.source"], L["col.value"], "", L["col.acquired_on"],
                                L["col.status"], L["col.since_status"]])
        r += 1
        if not m.assets:
            ws.write_string(r, 0, L["assets.none"])
            r += 1
        for a in m.assets:
            ws.write_string(r, 0, a.item, self.text)
            ws.write_string(r, 1, a.source.text, self.text)
            self.put(ws, r, 2, a.value)
            self.put(ws, r, 4, a.acquired_on)
            ws.write_string(r, 5, a.status.text, self.text)
            self.put(ws, r, 6, a.since)
            r += 1
        for line in m.asset_totals:
            ws.write_string(r, 0, line.label, self.bold)
            self.put(ws, r, 2, line.value, bold=True)
            r += 1
        r += 1
        ws.write_string(r, 0, L["section.jobs"], self.title)
        r += 1
        if not m.jobs:
            ws.write_string(r, 0, L["jobs.not_confirmed"])
        for line in m.jobs:
            ws.write_string(r, 0, line.label, self.text)
            self.put(ws, r, 1, line.value)
            r += 1

    def changes_sheet(self) -> None:
        m, L = self.m, self.m.labels
        ws = self.sheet(L["section.changes"], (16, 16, 12, 12, 12, 18, 18, 18))
        keys = ("exported_on", "added", "changed", "deleted", "income_change", "expenses_change", "debt_paid_change")
        self.header_row(ws, 0, [L["col.month"]] + [L[f"col.{k}"] for k in keys])
        if not m.extras.changes:
            ws.write_string(1, 0, L["changes.none"])
        for r, c in enumerate(m.extras.changes, start=1):
            ws.write_string(r, 0, str(c.month))
            for col, value in enumerate((c.exported_on, c.added, c.changed, c.deleted, c.income, c.expenses,
                                         c.debt_paid), start=1):
                self.put(ws, r, col, value)

    def definitions_sheet(self) -> None:
        m, L = self.m, self.m.labels
        ws = self.sheet(L["section.definitions"], (110,))
        r = 0
        for text in m.definitions.values():
            ws.write_string(r, 0, text, self.text)
            r += 1
        r += 1
        ws.write_string(r, 0, L["section.notes"], self.title)
        ws.write_string(r + 1, 0, m.notes or "", self.text)

    def data_sheet(self) -> None:
        """Every CSV row with its section and key; numbers as numbers."""
        ws = self.sheet("data", (22, 34, 60, 24))
        for col, name in enumerate(HEADER):
            ws.write_string(0, col, name, self.head)
        for r, (section, key, label, value) in enumerate(rows(self.m), start=1):
            ws.write_string(r, 0, section)
            ws.write_string(r, 1, key)
            ws.write_string(r, 2, label or "")
            self._data_value(ws, r, 3, value)

    def _data_value(self, ws, row: int, col: int, value: Any) -> None:
        if isinstance(value, bool) or value is None:
            ws.write_string(row, col, "" if value is None else ("true" if value else "false"))
        elif isinstance(value, int):
            ws.write_number(row, col, value)
        elif isinstance(value, str) and _is_amount(value):
            ws.write_number(row, col, float(Decimal(value)), self.percent if _is_ratio(value) else self.money)
        else:
            ws.write_string(row, col, str(value))


def _is_amount(text: str) -> bool:
    body = text[1:] if text.startswith("-") else text
    whole, dot, frac = body.partition(".")
    return bool(whole) and whole.isdigit() and dot == "." and frac.isdigit() and len(frac) in (2, 4)


def _is_ratio(text: str) -> bool:
    return len(text.partition(".")[2]) == 4


def render_xlsx(model: ReportModel) -> bytes:
    buffer = io.BytesIO()
    book = _Book(model, buffer)
    book.first_page()
    book.plan_sheet()
    book.money_sheet()
    book.customers_sheet()
    book.debts_sheet()
    book.trend_sheet()
    book.changes_sheet()
    book.definitions_sheet()
    book.data_sheet()
    book.wb.close()
    return buffer.getvalue()


__all__ = ["DATE_FORMAT", "MONEY_FORMAT", "PERCENT_FORMAT", "render_xlsx"]
