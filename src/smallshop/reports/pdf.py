"""The caseworker's monthly report as an A4 PDF (reportlab platypus).

Everything is printed in the embedded PT Sans family (no built-in font anywhere, so
Kyrgyz letters never turn into boxes); table cells are Paragraphs so long customer or
lender names wrap; the footer says "page X of Y", which needs the page count, so the
canvas keeps each page until the document is complete and stamps them all at the end.
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

from ..i18n import get_translator
from .chart import LEFT as CHART_LEFT
from .chart import RIGHT as CHART_RIGHT
from .chart import trend_chart
from .fonts import BOLD, FAMILY, printable, register_fonts
from .model import TOP_RECEIVABLES, DebtRow, Line, ReportModel, Value

PAGE_W, PAGE_H = A4
MARGIN = 15 * mm
CONTENT_W = PAGE_W - 2 * MARGIN
FRAME_PAD = 6  # platypus Frame's default padding
HEAD_FILL = colors.Color(0.88, 0.88, 0.88)
RULE = colors.Color(0.55, 0.55, 0.55)
FAINT = colors.Color(0.35, 0.35, 0.35)


class _Styles:
    def __init__(self, font: str) -> None:
        base = ParagraphStyle("base", fontName=font, fontSize=9, leading=11.5)
        self.body = base
        self.cell = ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10.5)
        self.num = ParagraphStyle("num", parent=self.cell, alignment=TA_RIGHT)
        self.small = ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5)
        self.small_num = ParagraphStyle("small_num", parent=self.small, alignment=TA_RIGHT)
        self.hint = ParagraphStyle("hint", parent=self.small, textColor=FAINT)
        self.title = ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=17, leading=21)
        self.subtitle = ParagraphStyle("subtitle", parent=base, fontSize=11.5, leading=14, spaceAfter=6)
        self.h2 = ParagraphStyle(
            "h2", parent=base, fontName=BOLD, fontSize=11.5, leading=14, spaceBefore=8, spaceAfter=3,
            alignment=TA_LEFT,
        )
        self.h3 = ParagraphStyle("h3", parent=base, fontName=BOLD, fontSize=9.5, leading=12, spaceAfter=2)
        self.notice = ParagraphStyle("notice", parent=base, fontName=BOLD, fontSize=10.5, leading=13.5)


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

    # --- blocks ----------------------------------------------------------------
    def heading(self) -> list[Flowable]:
        m, s = self.m, self.s
        business = m.header_value("business_name").text
        out: list[Flowable] = [
            _p(m.title, s.title),
            _p(f"{business} · {m.header_value('period').text}", s.subtitle),
        ]
        cells = [[_p(line.label, s.cell, bold=True), _p(line.value.text, s.cell)] for line in m.header]
        half = (len(cells) + 1) // 2
        rows = [left + (cells[half + i] if half + i < len(cells) else [_p("", s.cell)] * 2)
                for i, left in enumerate(cells[:half])]
        widths = [30 * mm, CONTENT_W / 2 - 30 * mm] * 2
        out.append(_table(rows, widths, header_rows=0, extra=[
            ("BACKGROUND", (0, 0), (0, -1), HEAD_FILL),
            ("BACKGROUND", (2, 0), (2, -1), HEAD_FILL),
        ]))
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
        return [_p(self.label("section.key_figures"), s.h2), _table(rows, widths)]

    def _lines_table(self, title: str, lines: Sequence[Line], width: float, *, total: bool) -> list[Flowable]:
        s = self.s
        rows = [[_p(title, s.cell, bold=True), _p(self.label("col.amount"), s.num, bold=True)]]
        for i, line in enumerate(lines):
            last = total and i == len(lines) - 1
            rows.append([_p(line.label, s.cell, bold=last), _p(line.value.text, s.num, bold=last)])
        return [_table(rows, [width - 32 * mm, 32 * mm], total_row=total)]

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
        return [CondPageBreak(60 * mm), _p(self.label("section.income"), s.h2), outer]

    def receivables(self) -> list[Flowable]:
        m, s = self.m, self.s
        out: list[Flowable] = [CondPageBreak(40 * mm), _p(self.label("section.receivables"), s.h2)]
        if not m.receivables:
            return out + [_p(self.label("receivables.none"), s.body)]
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
        rows.append([_p(m.receivables_total.label, s.cell, bold=True), _p("", s.cell),
                     _p(m.receivables_total.value.text, s.num, bold=True)])
        widths = [CONTENT_W - 2 * 38 * mm, 38 * mm, 38 * mm]
        return out + [_table(rows, widths, total_row=True)]

    def advances(self) -> list[Flowable]:
        """Customers' money held ahead of delivery: apart from what customers owe."""
        m, s = self.m, self.s
        out: list[Flowable] = [CondPageBreak(30 * mm), _p(self.label("section.advances"), s.h2)]
        if not m.advances:
            return out + [_p(self.label("advances.none"), s.body)]
        rows = [[_p(self.label("col.customer"), s.cell, bold=True), _p(self.label("col.amount"), s.num, bold=True)]]
        for a in m.advances[:TOP_RECEIVABLES]:
            rows.append([_p(a.customer_name, s.cell), _p(a.amount.text, s.num)])
        more = len(m.advances) - TOP_RECEIVABLES
        if more > 0:
            rows.append([_p(self.t("report.receivables.more", count=more), s.cell), _p("", s.cell)])
        rows.append([_p(m.advances_total.label, s.cell, bold=True), _p(m.advances_total.value.text, s.num, bold=True)])
        return out + [_table(rows, [CONTENT_W - 38 * mm, 38 * mm], total_row=True)]

    def _debt_cells(self, d: DebtRow, *, bold: bool) -> list[Flowable]:
        s = self.s
        if d.next_due_date.raw is not None:
            when = f"{_text(d.next_due_date.text)}<br/>{_text(d.next_due_amount.text)}"
            nxt_cell = Paragraph(when, s.small_num)
        else:
            nxt_cell = _p(d.next_due_date.text, s.small_num)

        def money(v: Value) -> Paragraph:
            return _p(v.text, s.small_num, bold=bold)

        return [
            _p(d.lender, s.small, bold=bold),
            _p(d.purpose.text, s.small),
            money(d.opening_balance),
            money(d.paid),
            money(d.new_borrowing),
            money(d.closing_balance),
            nxt_cell,
            money(d.overdue),
        ]

    def debts(self) -> list[Flowable]:
        m, s = self.m, self.s
        out: list[Flowable] = [CondPageBreak(45 * mm), _p(self.label("section.debts"), s.h2)]
        if not m.debts:
            out.append(_p(self.label("debts.none"), s.body))
        else:
            keys = ("col.lender", "col.purpose", "col.opening_balance", "col.paid", "col.new_borrowing",
                    "col.closing_balance", "col.next_instalment", "col.overdue")
            head = [_p(self.label(k), s.small if i < 2 else s.small_num, bold=True) for i, k in enumerate(keys)]
            rows = [head] + [self._debt_cells(d, bold=False) for d in m.debts]
            rows.append(self._debt_cells(m.debt_totals, bold=True))
            money_w = 21 * mm
            widths = [0.0, 19 * mm, money_w, money_w, money_w, money_w, 24 * mm, money_w]
            widths[0] = CONTENT_W - sum(widths)
            overdue = [("BACKGROUND", (7, i + 1), (7, i + 1), HEAD_FILL)
                       for i, d in enumerate(m.debts) if d.overdue.raw]
            out.append(_table(rows, widths, total_row=True, extra=overdue))
        ratio = m.debt_service_ratio
        out.append(Spacer(1, 4))
        out.append(Paragraph(f"<b>{_text(ratio.label)}: {_text(ratio.value.text)}</b>", s.body))
        return out

    def trend(self) -> list[Flowable]:
        """The chart, and under it the same figures as a table whose columns line up with
        the chart's months (so the numbers are there even on a poor printout)."""
        m, s = self.m, self.s
        figure = {c.key: c.label for c in m.key_figures}
        drawing = trend_chart(
            m.trend,
            width=CONTENT_W,
            height=54 * mm,
            font=self.font,
            money_text=lambda amount: printable(self.t.money(amount)),
            legend=(printable(figure["income"]), printable(figure["expenses"]), printable(figure["profit"])),
        )
        centre = ParagraphStyle("centre", parent=s.small, alignment=TA_CENTER)
        rows = [[_p(self.label("col.month"), s.small, bold=True)]
                + [_p(r.month.text, centre, bold=True) for r in m.trend]]
        for key in ("income", "expenses", "profit"):
            rows.append([_p(figure[key], s.small, bold=key == "profit")]
                        + [_p(getattr(r, key).text, centre, bold=key == "profit") for r in m.trend])
        count = max(len(m.trend), 1)
        group = (CONTENT_W - CHART_LEFT - CHART_RIGHT) / count
        widths = [CHART_LEFT] + [group] * count
        widths[-1] += CHART_RIGHT
        table = _table(rows, widths, extra=[("LEFTPADDING", (1, 0), (-1, -1), 1),
                                            ("RIGHTPADDING", (1, 0), (-1, -1), 1)])
        return [KeepTogether([_p(self.label("chart.title"), s.h2), drawing, Spacer(1, 3), table])]

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

        def party(role_key: str, name: str) -> list[Flowable]:
            return [
                _p(self.label(role_key), s.h3),
                _p(f"{self.label('confirm.name')}: {name or '_' * 30}", s.body),
                Spacer(1, 10),
                _p(f"{self.label('confirm.signature')}: {'_' * 30}", s.body),
                Spacer(1, 10),
                _p(f"{self.label('confirm.date')}: {'_' * 20}", s.body),
            ]

        owner = m.header_value("owner_name").raw or ""
        caseworker = m.header_value("caseworker_name").raw or ""
        sign = Table(
            [[party("confirm.entrepreneur", str(owner)), party("confirm.caseworker", str(caseworker))]],
            colWidths=[CONTENT_W / 2, CONTENT_W / 2],
        )
        sign.setStyle(_style([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
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
            + self.key_figures()
            + self.money_breakdowns()
            + self.receivables()
            + self.advances()
            + self.debts()
            + self.trend()
            + self.notes_and_confirmation()
        )


def _numbered_canvas(font: str, footer_left: str, page_text, created: date):
    """A canvas class that stamps "page X of Y" once Y is known, and dates the file
    `created` (the same report made twice gives the same bytes)."""

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
                self.setFont(font, 8)
                self.setFillColor(FAINT)
                self.setStrokeColor(RULE)
                self.setLineWidth(0.4)
                self.line(MARGIN, 12 * mm, PAGE_W - MARGIN, 12 * mm)
                self.drawString(MARGIN, 8 * mm, footer_left)
                self.drawRightString(PAGE_W - MARGIN, 8 * mm, page_text(number, total))
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
        subject=printable(model.title),
        creator="smallshop",
        lang=model.lang,
        invariant=1,
    )
    footer_left = printable(f"{business} · {model.title} · {period}")
    canvas_class = _numbered_canvas(
        font, footer_left, lambda page, pages: printable(report.t("report.footer.page", page=page, pages=pages)),
        model.generated_on,
    )
    doc.build(report.story(), canvasmaker=canvas_class)
    return buffer.getvalue()
