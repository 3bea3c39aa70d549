"""The caseworker's monthly report as an A4 PDF (reportlab platypus).

Everything is printed in the embedded PT Sans family (no built-in font anywhere, so
Kyrgyz letters never turn into boxes), and nothing smaller than 9 pt; table cells are
Paragraphs so long names wrap. Page 1 opens with "what needs attention" (alerts marked
by a black "!" box and a word, not by shading alone). Every page's footer carries the
report id, the fingerprint of the report's JSON and "page X of Y" — which needs the
page count, so the canvas keeps each page until the document is complete and stamps
them all at the end; the business name in the footer is cut to its line, so it never
runs into the page number.
"""

from __future__ import annotations

import re
from datetime import date
from io import BytesIO
from typing import Iterable, Sequence
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import (
    CondPageBreak,
    HRFlowable,
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from ..domain.money import Money
from ..i18n import get_translator
from .chart import LEFT as CHART_LEFT
from .chart import RIGHT as CHART_RIGHT
from .chart import trend_chart
from .fonts import BOLD, FAMILY, printable, register_fonts
from .model import TOP_RECEIVABLES, DebtRow, Line, ReportModel, Value
from .trust import grouped

PAGE_W, PAGE_H = A4
MARGIN = 15 * mm
CONTENT_W = PAGE_W - 2 * MARGIN
FRAME_PAD = 6  # platypus Frame's default padding
HEAD_FILL = colors.Color(0.88, 0.88, 0.88)
RULE = colors.Color(0.55, 0.55, 0.55)
FAINT = colors.Color(0.35, 0.35, 0.35)
MIN_SIZE = 9  # the smallest text anywhere in the report (issue 15: readable on paper)
FOOTER_SIZE = 9


class _Styles:
    def __init__(self, font: str) -> None:
        base = ParagraphStyle("base", fontName=font, fontSize=10, leading=13)
        self.body = base
        self.cell = ParagraphStyle("cell", parent=base, fontSize=9.5, leading=12)
        self.num = ParagraphStyle("num", parent=self.cell, alignment=TA_RIGHT)
        self.small = ParagraphStyle("small", parent=base, fontSize=MIN_SIZE, leading=11.5)
        self.small_num = ParagraphStyle("small_num", parent=self.small, alignment=TA_RIGHT)
        self.hint = ParagraphStyle("hint", parent=self.small, textColor=FAINT)
        self.title = ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=17, leading=21)
        self.subtitle = ParagraphStyle("subtitle", parent=base, fontSize=12, leading=15, spaceAfter=6)
        self.h2 = ParagraphStyle(
            "h2", parent=base, fontName=BOLD, fontSize=12, leading=15, spaceBefore=9, spaceAfter=3,
            alignment=TA_LEFT,
        )
        self.h3 = ParagraphStyle("h3", parent=base, fontName=BOLD, fontSize=10, leading=13, spaceAfter=2)
        self.notice = ParagraphStyle("notice", parent=base, fontName=BOLD, fontSize=10.5, leading=13.5)
        self.marker = ParagraphStyle("marker", parent=base, fontName=BOLD, fontSize=10, leading=12.5,
                                     textColor=colors.white, alignment=TA_CENTER)
        self.alert = ParagraphStyle("alert", parent=base, fontName=BOLD)


_UNIT_SPACE = re.compile("\u00a0(?=[^\\d\\s\u00a0%]+\\)?$)")


def _text(text: str) -> str:
    """Escaped for a Paragraph; a money unit ("1 000 000,00 сом") may wrap to the next
    line in a narrow column, while the digit groups stay together."""
    return escape(_UNIT_SPACE.sub(" ", printable(text)))


CELL_LIMIT = 300  # characters; a longer name is cut in the PDF (CSV/JSON keep it whole)


def _clip(text: str) -> str:
    """Cut text that could not fit on a page inside one table cell (a row cannot split)."""
    return text if len(text) <= CELL_LIMIT else text[: CELL_LIMIT - 1].rstrip() + "…"


def _p(text: str, style: ParagraphStyle, *, bold: bool = False) -> Paragraph:
    body = _text(_clip(text))
    return Paragraph(f"<b>{body}</b>" if bold else body, style)


def _style(commands: list[tuple]) -> TableStyle:
    """A table style whose plain-string cells use the report font too (never Helvetica)."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), FAMILY), *commands])


def _table(
    rows: list[list[Flowable]],
    widths: Sequence[float],
    *,
    header_rows: int = 1,
    total_row: bool = False,
    extra: Iterable[tuple] = (),
) -> Table:
    table = Table(rows, colWidths=list(widths), repeatRows=header_rows, hAlign="LEFT")
    style = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
        ("BOX", (0, 0), (-1, -1), 0.6, colors.black),
    ]
    if header_rows:
        style += [
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEAD_FILL),
            ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.8, colors.black),
        ]
    if total_row:
        style.append(("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black))
    table.setStyle(_style(style + list(extra)))
    return table


class _Report:
    """Builds the story (list of flowables) for one model."""

    def __init__(self, model: ReportModel, font: str) -> None:
        self.m = model
        self.s = _Styles(font)
        self.font = font
        self.t = get_translator(model.lang)
        self.labels = model.labels

    def label(self, key: str) -> str:
        return self.labels[key]

    def footnote(self, *keys: str) -> list[Flowable]:
        """Each figure's definition, right under the table that shows it (domain.books.DEFINITIONS)."""
        text = " ".join(self.m.definitions[k] for k in keys)
        return [Spacer(1, 2), Paragraph(_text(text), self.s.hint)]  # never clipped

    # --- blocks ----------------------------------------------------------------
    def heading(self) -> list[Flowable]:
        m, s = self.m, self.s
        business = m.header_value("business_name").text
        out: list[Flowable] = [
            _p(m.title, s.title),
            _p(f"{business} · {m.header_value('period').text}", s.subtitle),
        ]
        lines = [line for line in m.header if line.key not in ("business_name", "period")]
        cells = [[_p(line.label, s.cell, bold=True), _p(line.value.text, s.cell)] for line in lines]
        if m.extras.programme_name.strip():
            cells.append([_p(self.label("header.programme_name"), s.cell, bold=True),
                          _p(m.extras.programme_name, s.cell)])
        half = (len(cells) + 1) // 2
        rows = [left + (cells[half + i] if half + i < len(cells) else [_p("", s.cell)] * 2)
                for i, left in enumerate(cells[:half])]
        widths = [32 * mm, CONTENT_W / 2 - 32 * mm] * 2
        out.append(_table(rows, widths, header_rows=0, extra=[
            ("BACKGROUND", (0, 0), (0, -1), HEAD_FILL),
            ("BACKGROUND", (2, 0), (2, -1), HEAD_FILL),
        ]))
        out.append(Spacer(1, 2))
        out.append(_p(self.label("names.shown" if m.with_names else "names.hidden"), s.hint))
        if not m.has_activity:
            box = Table([[_p(self.label("no_activity"), s.notice)]], colWidths=[CONTENT_W])
            box.setStyle(_style([
                ("BOX", (0, 0), (-1, -1), 1.4, colors.black),
                ("BACKGROUND", (0, 0), (-1, -1), colors.Color(0.94, 0.94, 0.94)),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
            ]))
            out += [Spacer(1, 8), box]
        return out

    def attention(self) -> list[Flowable]:
        """The box a caseworker reads first: alerts carry a black "!" box with a word."""
        m, s = self.m, self.s
        marker_w = 26 * mm
        rows: list[list[Flowable]] = [[_p(self.label("section.attention"), s.h3), ""]]
        style = [("SPAN", (0, 0), (-1, 0)), ("BOX", (0, 0), (-1, -1), 1.6, colors.black),
                 ("VALIGN", (0, 0), (-1, -1), "TOP"),
                 ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                 ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                 ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black)]
        for i, line in enumerate(m.attention, start=1):
            if line.alert:
                rows.append([_p(f"! {self.label('attention.marker')}", s.marker), _p(line.text, s.alert)])
                style.append(("BACKGROUND", (0, i), (0, i), colors.black))
            else:
                rows.append([_p("", s.cell), _p(line.text, s.body)])
            style.append(("LINEBELOW", (0, i), (-1, i), 0.3, RULE))
        table = Table(rows, colWidths=[marker_w, CONTENT_W - marker_w], hAlign="LEFT")
        table.setStyle(_style(style))
        return [Spacer(1, 8), table]

    def key_figures(self) -> list[Flowable]:
        s = self.s
        head = [_p(self.label(k), s.cell, bold=True) for k in ("col.figure",)] + [
            _p(self.label(k), s.num, bold=True) for k in ("col.this_month", "col.previous_month", "col.change")
        ]
        rows = [head]
        for row in self.m.key_figures:
            strong = row.key in ("income", "expenses", "profit")
            change = row.change.text
            if row.change_ratio.raw is not None:
                change = f"{change} ({row.change_ratio.text})"
            rows.append([
                _p(row.label, s.cell, bold=strong),
                _p(row.current.text, s.num, bold=strong),
                _p(row.previous.text, s.num),
                _p(change, s.num),
            ])
        widths = [CONTENT_W - 3 * 38 * mm, 38 * mm, 38 * mm, 38 * mm]
        return ([CondPageBreak(50 * mm), _p(self.label("section.key_figures"), s.h2), _table(rows, widths)]
                + self.footnote("cash_basis", "income", "profit", "owner_draws"))

    def plan(self) -> list[Flowable]:
        """Income from sales and profit against the business plan, this month and the year so far."""
        m, s = self.m, self.s
        out: list[Flowable] = [CondPageBreak(40 * mm), _p(self.label("section.plan"), s.h2)]
        if not m.targets:
            return out + [_p(self.label("plan.none"), s.body)]
        head = [_p(self.label("col.figure"), s.cell, bold=True)] + [
            _p(self.label(k), s.num, bold=True)
            for k in ("col.this_month", "col.target", "col.share", "col.year_to_date", "col.target", "col.share")]
        rows = [head]
        for row in m.targets:
            below = row.share.raw is not None and row.share.raw < 1
            rows.append([_p(row.label, s.cell, bold=True)] + [
                _p(v.text, s.num, bold=bold) for v, bold in (
                    (row.actual, True), (row.target, False), (row.share, below), (row.ytd_actual, False),
                    (row.ytd_target, False), (row.ytd_share, False))])
        money_w, share_w = 28 * mm, 20 * mm
        widths = [CONTENT_W - 4 * money_w - 2 * share_w, money_w, money_w, share_w, money_w, money_w, share_w]
        return out + [_table(rows, widths, extra=[("LINEBEFORE", (4, 0), (4, -1), 0.8, colors.black)])]

    def assets(self) -> list[Flowable]:
        """The asset register on the cut-off day: what, from which money, in use or not."""
        m, s = self.m, self.s
        out: list[Flowable] = [CondPageBreak(40 * mm), _p(self.label("section.assets"), s.h2)]
        if not m.assets:
            return out + [_p(self.label("assets.none"), s.body)]
        keys = ("col.item", "col.source", "col.value", "col.acquired_on", "col.status")
        rows = [[_p(self.label(k), s.num if k == "col.value" else s.cell, bold=True) for k in keys]]
        for a in m.assets:
            idle = a.status.raw != "in_use"
            status = f"{a.status.text} ({a.since.text})" if idle else a.status.text
            rows.append([_p(a.item, s.cell), _p(a.source.text, s.cell), _p(a.value.text, s.num),
                         _p(a.acquired_on.text, s.cell), _p(("! " if idle else "") + status, s.cell, bold=idle)])
        widths = [0.0, 36 * mm, 30 * mm, 24 * mm, 36 * mm]
        widths[0] = CONTENT_W - sum(widths)
        out.append(_table(rows, widths))
        out.append(Spacer(1, 4))
        totals = [[_p(line.label, s.cell), _p(line.value.text, s.num, bold=line.key == "in_use")]
                  for line in m.asset_totals]
        out.append(_table(totals, [CONTENT_W - 38 * mm, 38 * mm], header_rows=0))
        return out

    def jobs(self) -> list[Flowable]:
        m, s = self.m, self.s
        out: list[Flowable] = [CondPageBreak(30 * mm), _p(self.label("section.jobs"), s.h2)]
        if not m.jobs:
            return out + [_p(self.label("jobs.not_confirmed"), s.body)]
        cells = [[_p(line.label, s.cell), _p(line.value.text, s.num, bold=line.key == "total")] for line in m.jobs]
        half = (len(cells) + 1) // 2
        rows = [left + (cells[half + i] if half + i < len(cells) else [_p("", s.cell)] * 2)
                for i, left in enumerate(cells[:half])]
        widths = [CONTENT_W / 2 - 20 * mm, 20 * mm] * 2
        return out + [_table(rows, widths, header_rows=0, extra=[("LINEBEFORE", (2, 0), (2, -1), 0.8, colors.black)])]

    def _lines_table(self, title: str, lines: Sequence[Line], width: float, *, total: bool) -> list[Flowable]:
        s = self.s
        rows = [[_p(title, s.cell, bold=True), _p(self.label("col.amount"), s.num, bold=True)]]
        for i, line in enumerate(lines):
            last = total and i == len(lines) - 1
            rows.append([_p(line.label, s.cell, bold=last), _p(line.value.text, s.num, bold=last)])
        return [_table(rows, [width - 34 * mm, 34 * mm], total_row=total)]

    def money_breakdowns(self) -> list[Flowable]:
        m, s = self.m, self.s
        half = (CONTENT_W - 6 * mm) / 2
        left = (
            self._lines_table(self.label("section.income_by_category"), m.income_by_category, half, total=True)
            + [Spacer(1, 6)]
            + self._lines_table(self.label("section.sales"), m.sales, half, total=False)
        )
        right = (
            self._lines_table(self.label("section.income_by_method"), m.income_by_method, half, total=True)
            + [Spacer(1, 6)]
            + self._lines_table(
                self.label("section.expenses_by_category"), m.expenses_by_category, half, total=True
            )
        )
        outer = Table([[left, right]], colWidths=[half + 6 * mm, half], hAlign="LEFT")
        outer.setStyle(_style([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (0, -1), 6 * mm),
            ("RIGHTPADDING", (1, 0), (1, -1), 0),
        ]))
        return ([CondPageBreak(70 * mm), _p(self.label("section.income"), s.h2), outer]
                + self.footnote("sales_income", "expenses"))

    def receivables(self) -> list[Flowable]:
        """By age for everyone; the names only in the owner's own copy."""
        m, s = self.m, self.s
        out: list[Flowable] = [CondPageBreak(45 * mm), _p(self.label("section.receivables"), s.h2)]
        if not m.receivables:
            return out + [_p(self.label("receivables.none"), s.body)]
        rows = [[_p(self.label("section.aging"), s.cell, bold=True), _p(self.label("col.customers"), s.num, bold=True),
                 _p(self.label("col.amount"), s.num, bold=True)]]
        for row in m.aging:
            old = row.key == "over_90" and row.customers.raw
            rows.append([_p(row.label, s.cell, bold=bool(old)), _p(row.customers.text, s.num, bold=bool(old)),
                         _p(row.amount.text, s.num, bold=bool(old))])
        rows.append([_p(m.receivables_total.label, s.cell, bold=True), _p(self.t.number(len(m.receivables)), s.num),
                     _p(m.receivables_total.value.text, s.num, bold=True)])
        widths = [CONTENT_W - 2 * 38 * mm, 38 * mm, 38 * mm]
        out.append(_table(rows, widths, total_row=True))
        if m.with_names:
            out.append(Spacer(1, 6))
            rows = [[
                _p(self.label("col.customer"), s.cell, bold=True),
                _p(self.label("col.since"), s.num, bold=True),
                _p(self.label("col.amount"), s.num, bold=True),
            ]]
            for r in m.receivables[:TOP_RECEIVABLES]:
                rows.append([_p(r.customer_name, s.cell), _p(r.since.text, s.num), _p(r.amount.text, s.num)])
            more = len(m.receivables) - TOP_RECEIVABLES
            if more > 0:
                rows.append([_p(self.t("report.receivables.more", count=more), s.cell), _p("", s.cell),
                             _p("", s.cell)])
            out.append(_table(rows, widths))
        return out + self.footnote("receivables", "long_owed")

    def advances(self) -> list[Flowable]:
        """Customers' money held ahead of delivery: apart from what customers owe."""
        m, s = self.m, self.s
        out: list[Flowable] = [CondPageBreak(30 * mm), _p(self.label("section.advances"), s.h2)]
        if not m.advances:
            return out + [_p(self.label("advances.none"), s.body)]
        rows = [[_p(self.label("col.customer"), s.cell, bold=True), _p(self.label("col.amount"), s.num, bold=True)]]
        if m.with_names:
            for a in m.advances[:TOP_RECEIVABLES]:
                rows.append([_p(a.customer_name, s.cell), _p(a.amount.text, s.num)])
            more = len(m.advances) - TOP_RECEIVABLES
            if more > 0:
                rows.append([_p(self.t("report.receivables.more", count=more), s.cell), _p("", s.cell)])
        total = f"{m.advances_total.label} ({self.label('col.customers')}: {self.t.number(len(m.advances))})"
        rows.append([_p(total, s.cell, bold=True), _p(m.advances_total.value.text, s.num, bold=True)])
        return out + [_table(rows, [CONTENT_W - 38 * mm, 38 * mm], total_row=True)] + self.footnote("advances")

    def _debt_card(self, d: DebtRow, *, totals: bool) -> Table:
        """One debt as a small card: who lent, for what, and where it stands."""
        s = self.s
        late = isinstance(d.overdue.raw, Money) and d.overdue.raw.is_positive
        title = d.lender if totals else " · ".join(x for x in (d.lender, d.lender_type.text if d.lender_type.raw else "",
                                                                 d.purpose.text) if x)
        if d.next_due_date.raw is not None:
            nxt = f"{d.next_due_date.text}: {d.next_due_amount.text}"
        else:
            nxt = d.next_due_date.text
        overdue = d.overdue.text
        if late and d.overdue_since.raw is not None:
            overdue = f"{overdue} ({self.label('col.overdue_since').lower()} {d.overdue_since.text})"
        pairs = [
            ("col.opening_balance", d.opening_balance.text, "col.paid", d.paid.text),
            ("col.new_borrowing", d.new_borrowing.text, "col.closing_balance", d.closing_balance.text),
            ("col.overdue", overdue, "col.due_next_month", d.due_next_month.text),
            ("col.interest", d.interest.text, "col.instalments_left" if not totals else "col.next_instalment",
             d.instalments_left.text if not totals else ""),
        ]
        if not totals:
            pairs.append(("col.next_instalment", nxt, "", ""))
        rows: list[list[Flowable]] = [[_p(title, s.cell, bold=True), "", "", ""]]
        for left_key, left, right_key, right in pairs:
            if totals and right_key == "col.next_instalment":
                right_key, right = "", ""
            rows.append([_p(self.label(left_key), s.small), _p(left, s.small_num, bold=left_key == "col.overdue" and late),
                         _p(self.label(right_key) if right_key else "", s.small), _p(right, s.small_num)])
        style = [("SPAN", (0, 0), (-1, 0)), ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL)]
        if late:  # shading and the word together (the text itself says OVERDUE)
            style.append(("BOX", (1, 3), (1, 3), 1.2, colors.black))
        widths = [42 * mm, CONTENT_W / 2 - 42 * mm, 42 * mm, CONTENT_W / 2 - 42 * mm]
        return _table(rows, widths, extra=style)

    def debts(self) -> list[Flowable]:
        m, s = self.m, self.s
        out: list[Flowable] = [CondPageBreak(55 * mm), _p(self.label("section.debts"), s.h2)]
        if not m.debts:
            out.append(_p(self.label("debts.none"), s.body))
        else:
            for d in m.debts:
                out += [KeepTogether([self._debt_card(d, totals=False)]), Spacer(1, 4)]
            if len(m.debts) > 1:
                out += [KeepTogether([self._debt_card(m.debt_totals, totals=True)]), Spacer(1, 4)]
        ratio = m.debt_service_ratio
        out.append(Spacer(1, 2))
        out.append(Paragraph(f"<b>{_text(ratio.label)}: {_text(ratio.value.text)}</b>", s.body))
        out.append(_p(m.debt_service_words, s.body))
        return out + self.footnote("debt_overdue", "debt_service_ratio", "due_next_month")

    def trend(self) -> list[Flowable]:
        """12 months: the chart, and the same figures as a table (a row per month),
        so the numbers are there even on a poor printout."""
        m, s = self.m, self.s
        figure = {c.key: c.label for c in m.key_figures}
        drawing = trend_chart(
            m.trend,
            width=CONTENT_W,
            height=62 * mm,
            font=self.font,
            money_text=lambda amount: printable(self.t.money(amount)),
            legend=(printable(self.label("col.income")), printable(self.label("col.expenses")),
                    printable(self.label("col.profit"))),
        )
        keys = ("sales_income", "income", "expenses", "profit")
        rows = [[_p(self.label("col.month"), s.cell, bold=True)]
                + [_p(self.label(f"col.{k}"), s.num, bold=True) for k in keys]]
        for r in m.trend:
            rows.append([_p(r.month.text, s.cell)] + [_p(getattr(r, k).text, s.num, bold=k == "profit") for k in keys])
        money_w = 33 * mm
        table = _table(rows, [CONTENT_W - 4 * money_w] + [money_w] * 4)
        del figure
        return [
            CondPageBreak(90 * mm),
            KeepTogether([_p(self.label("section.trend"), s.h2), _p(self.label("cash_basis"), s.body),
                          Spacer(1, 3), _p(self.label("chart.title"), s.h3), drawing]),
            Spacer(1, 4),
            KeepTogether([table, *self.footnote("profit")]),
        ]

    def changes(self) -> list[Flowable]:
        """Records of months already reported that changed after their export."""
        m, s = self.m, self.s
        out: list[Flowable] = [CondPageBreak(35 * mm), _p(self.label("section.changes"), s.h2)]
        if not m.extras.changes:
            return out + [_p(self.label("changes.none"), s.body)]
        out.append(_p(self.label("changes.intro"), s.body))
        keys = ("col.month", "col.exported_on", "col.added", "col.changed", "col.deleted", "col.income_change",
                "col.expenses_change", "col.debt_paid_change")
        rows = [[_p(self.label(k), s.small if i < 2 else s.small_num, bold=True) for i, k in enumerate(keys)]]
        for c in m.extras.changes:
            def money(amount) -> str:
                text = self.t.money(amount, always_decimals=True)
                return f"+{text}" if amount.is_positive else text

            rows.append([
                _p(self.t.month(c.month), s.small), _p(self.t.date(c.exported_on, "short"), s.small),
                _p(self.t.number(c.added), s.small_num), _p(self.t.number(c.changed), s.small_num),
                _p(self.t.number(c.deleted), s.small_num), _p(money(c.income), s.small_num),
                _p(money(c.expenses), s.small_num), _p(money(c.debt_paid), s.small_num),
            ])
        widths = [26 * mm, 22 * mm, 17 * mm, 17 * mm, 17 * mm]
        rest = (CONTENT_W - sum(widths)) / 3
        out.append(Spacer(1, 3))
        out.append(_table(rows, widths + [rest] * 3))
        return out

    def notes_and_confirmation(self) -> list[Flowable]:
        m, s = self.m, self.s
        if m.notes.strip():
            # flowing paragraphs, not a table cell: long notes continue on the next page
            notes: list[Flowable] = [HRFlowable(width="100%", thickness=0.6, color=colors.black, spaceAfter=3)]
            notes += [Paragraph(_text(line) or "&nbsp;", s.body) for line in m.notes.strip().splitlines()]
            notes.append(HRFlowable(width="100%", thickness=0.6, color=colors.black, spaceBefore=3))
        else:
            box = Table([[_p(self.label("notes.empty"), s.hint)], [""], [""]], colWidths=[CONTENT_W],
                        rowHeights=[None, 8 * mm, 8 * mm])
            box.setStyle(_style([
                ("BOX", (0, 0), (-1, -1), 0.6, colors.black),
                ("LINEBELOW", (0, 1), (-1, -2), 0.3, RULE),
            ]))
            notes = [box]

        def party(role_key: str, text_key: str, name: str) -> list[Flowable]:
            return [
                _p(self.label(role_key), s.h3),
                _p(self.label(text_key), s.body),
                Spacer(1, 6),
                _p(f"{self.label('confirm.name')}: {name or '_' * 30}", s.body),
                Spacer(1, 10),
                _p(f"{self.label('confirm.signature')}: {'_' * 30}", s.body),
                Spacer(1, 10),
                _p(f"{self.label('confirm.date')}: {'_' * 20}", s.body),
            ]

        owner = m.header_value("owner_name").raw or ""
        caseworker = m.header_value("caseworker_name").raw or ""
        sign = Table(
            [[party("confirm.entrepreneur", "confirm.owner_text", str(owner)),
              party("confirm.caseworker", "confirm.caseworker_text", str(caseworker))]],
            colWidths=[CONTENT_W / 2, CONTENT_W / 2],
        )
        sign.setStyle(_style([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                              ("RIGHTPADDING", (0, 0), (0, -1), 8)]))
        return [
            KeepTogether([_p(self.label("section.notes"), s.h2), *notes[:2]]),
            *notes[2:],
            KeepTogether([
                _p(self.label("section.confirmation"), s.h2),
                _p(self.label("confirm.text"), s.body),
                Spacer(1, 8),
                sign,
            ]),
        ]

    def story(self) -> list[Flowable]:
        return (
            self.heading()
            + self.attention()
            + self.key_figures()
            + self.plan()
            + self.money_breakdowns()
            + self.receivables()
            + self.advances()
            + self.debts()
            + self.assets()
            + self.jobs()
            + self.trend()
            + self.changes()
            + self.notes_and_confirmation()
        )


def _fit(text: str, font: str, size: float, width: float) -> str:
    """`text` cut with "…" so that it fits `width` points."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _numbered_canvas(font: str, footer_left: str, trust_line: str, page_text, created: date):
    """A canvas class that stamps the footer — the report id and fingerprint, then the
    business and "page X of Y" once Y is known — and dates the file `created` (the
    same report made twice gives the same bytes)."""

    class NumberedCanvas(pdfcanvas.Canvas):
        def __init__(self, *args, **kwargs) -> None:
            kwargs["initialFontName"] = font  # else every page starts in Helvetica
            super().__init__(*args, **kwargs)
            self._doc.setDateFormatter(lambda *_: f"D:{created:%Y%m%d}000000+00'00'")
            self._pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 (reportlab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self.setFont(font, FOOTER_SIZE)
                self.setFillColor(FAINT)
                self.setStrokeColor(RULE)
                self.setLineWidth(0.4)
                self.line(MARGIN, 15 * mm, PAGE_W - MARGIN, 15 * mm)
                self.drawString(MARGIN, 11 * mm, trust_line)
                right = page_text(number, total)
                room = CONTENT_W - stringWidth(right, font, FOOTER_SIZE) - 12
                self.drawString(MARGIN, 6.5 * mm, _fit(footer_left, font, FOOTER_SIZE, room))
                self.drawRightString(PAGE_W - MARGIN, 6.5 * mm, right)
                super().showPage()
            super().save()

    return NumberedCanvas


def render_pdf(model: ReportModel) -> bytes:
    """The report as PDF bytes (A4, PT Sans embedded)."""
    font = register_fonts()
    report = _Report(model, font)
    business = model.header_value("business_name").text
    period = model.header_value("period").text
    buffer = BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN - FRAME_PAD,  # the frame pads 6 pt: text starts exactly at MARGIN
        rightMargin=MARGIN - FRAME_PAD,
        topMargin=MARGIN - FRAME_PAD,
        bottomMargin=MARGIN + 4 * mm - FRAME_PAD,
        title=printable(f"{model.title} — {business} — {period}"),
        author=printable(model.prepared_by),
        subject=printable(f"{model.title} {model.report_id} {model.fingerprint}"),
        creator="smallshop",
        lang=model.lang,
        invariant=1,
    )
    labels = model.labels
    # never cut (the test reads it back on every page): no translated label, which may be long
    trust_line = printable(f"ID: {model.report_id} · SHA-256: {grouped(model.fingerprint)}")
    footer_left = printable(f"{business} · {period}")
    canvas_class = _numbered_canvas(
        font, footer_left, trust_line,
        lambda page, pages: printable(report.t("report.footer.page", page=page, pages=pages)),
        model.generated_on,
    )
    doc.build(report.story(), canvasmaker=canvas_class)
    return buffer.getvalue()
