"""The 12-month trend chart of the report: income and expenses as bars, profit as a line.

Drawn with reportlab.graphics shapes so every string uses the report's embedded font,
and made to survive a black-and-white printer: income is a dark solid bar, expenses a
light hatched bar, profit a black line with round markers, all named in the legend.
The value axis always includes 0, so bars start at zero and a loss goes below it.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Callable, Sequence

from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from ..domain.money import Money
from .model import TrendRow

INCOME_FILL = colors.Color(0.30, 0.30, 0.30)
EXPENSE_FILL = colors.Color(0.86, 0.86, 0.86)
GRID = colors.Color(0.80, 0.80, 0.80)
FONT_SIZE = 9.0  # no text in the report is smaller than 9 pt (issue 15)
LEFT = 80.0  # room for the value axis labels; the trend table's first column matches it
RIGHT = 6.0


def _nice_step(span: Decimal, ticks: int = 5) -> Decimal:
    """A round step (1, 2, 2.5 or 5 times a power of ten) giving about `ticks` intervals."""
    raw = span / ticks
    power = Decimal(1)
    while power * 10 <= raw:
        power *= 10
    while power > raw and power > Decimal("0.01"):
        power /= 10
    for factor in (1, 2, Decimal("2.5"), 5, 10):
        if power * factor >= raw:
            return power * factor
    return power * 10


def _axis(values: Sequence[Decimal]) -> tuple[Decimal, Decimal, Decimal]:
    low, high = min([Decimal(0), *values]), max([Decimal(0), *values])
    if low == high:
        high = Decimal(1000)
    step = _nice_step(high - low)
    bottom = (low / step).to_integral_value(rounding=ROUND_FLOOR) * step
    top = (high / step).to_integral_value(rounding=ROUND_CEILING) * step
    return bottom, top, step


def _hatch(x: float, y: float, w: float, h: float, gap: float = 3.5) -> list[Line]:
    """Diagonal lines (/) filling the rectangle, computed so none leaves it."""
    lines = []
    c = -h
    while c < w:
        # the line x' = c + t, y' = t for t in [0, h], clipped to 0 <= x' <= w
        t0, t1 = max(0.0, -c), min(h, w - c)
        if t1 > t0:
            lines.append(Line(x + c + t0, y + t0, x + c + t1, y + t1, strokeWidth=0.5, strokeColor=colors.black))
        c += gap
    return lines


def trend_chart(
    rows: Sequence[TrendRow],
    *,
    width: float,
    height: float,
    font: str,
    money_text: Callable[[Money], str],
    legend: tuple[str, str, str],
) -> Drawing:
    """A Drawing of `rows` (oldest first); `legend` = (income, expenses, profit) labels."""
    drawing = Drawing(width, height, initialFontName=font, initialFontSize=FONT_SIZE)
    amounts = [r.income.raw.to_decimal() for r in rows] + [r.expenses.raw.to_decimal() for r in rows]
    profits = [r.profit.raw.to_decimal() for r in rows]
    bottom, top, step = _axis(amounts + profits)

    left, right, base, legend_h = LEFT, RIGHT, 26.0, 20.0
    plot_w, plot_h = width - left - right, height - base - legend_h

    def y_of(value: Decimal) -> float:
        return base + float((value - bottom) / (top - bottom)) * plot_h

    # grid and value axis labels
    tick = bottom
    while tick <= top:
        y = y_of(tick)
        is_zero = tick == 0
        drawing.add(
            Line(left, y, left + plot_w, y, strokeColor=colors.black if is_zero else GRID,
                 strokeWidth=1.0 if is_zero else 0.4)
        )
        label = money_text(Money.som(tick))
        drawing.add(String(left - 4, y - 2.5, label, fontName=font, fontSize=FONT_SIZE, textAnchor="end"))
        tick += step

    group = plot_w / max(len(rows), 1)
    bar = group * 0.28
    centres: list[tuple[float, float]] = []
    for i, row in enumerate(rows):
        centre = left + group * (i + 0.5)
        zero = y_of(Decimal(0))
        income_y, expense_y = y_of(row.income.raw.to_decimal()), y_of(row.expenses.raw.to_decimal())
        ix, ex = centre - bar - 1, centre + 1
        drawing.add(Rect(ix, min(zero, income_y), bar, abs(income_y - zero), fillColor=INCOME_FILL,
                         strokeColor=colors.black, strokeWidth=0.5))
        drawing.add(Rect(ex, min(zero, expense_y), bar, abs(expense_y - zero), fillColor=EXPENSE_FILL,
                         strokeColor=colors.black, strokeWidth=0.5))
        for hatch in _hatch(ex, min(zero, expense_y), bar, abs(expense_y - zero)):
            drawing.add(hatch)
        drawing.add(String(centre, base - 12, month_label(str(row.month.raw)), fontName=font, fontSize=FONT_SIZE,
                           textAnchor="middle"))
        centres.append((centre, y_of(row.profit.raw.to_decimal())))

    if len(centres) > 1:
        points = [coord for point in centres for coord in point]
        drawing.add(PolyLine(points, strokeColor=colors.black, strokeWidth=1.6))
    for x, y in centres:
        drawing.add(Circle(x, y, 2.8, fillColor=colors.white, strokeColor=colors.black, strokeWidth=1.2))

    # legend, same font, on top
    ly = height - 12
    x = left
    income_label, expense_label, profit_label = legend
    drawing.add(Rect(x, ly, 14, 8, fillColor=INCOME_FILL, strokeColor=colors.black, strokeWidth=0.5))
    drawing.add(String(x + 18, ly + 1, income_label, fontName=font, fontSize=FONT_SIZE))
    x += 30 + _width(income_label, font)
    drawing.add(Rect(x, ly, 14, 8, fillColor=EXPENSE_FILL, strokeColor=colors.black, strokeWidth=0.5))
    for hatch in _hatch(x, ly, 14, 8):
        drawing.add(hatch)
    drawing.add(String(x + 18, ly + 1, expense_label, fontName=font, fontSize=FONT_SIZE))
    x += 30 + _width(expense_label, font)
    drawing.add(Line(x, ly + 4, x + 18, ly + 4, strokeColor=colors.black, strokeWidth=1.6))
    drawing.add(Circle(x + 9, ly + 4, 2.8, fillColor=colors.white, strokeColor=colors.black, strokeWidth=1.2))
    drawing.add(String(x + 22, ly + 1, profit_label, fontName=font, fontSize=FONT_SIZE))
    return drawing


def month_label(month: str) -> str:
    """"2026-11" -> "11.2026": twelve spelled-out months do not fit under the bars at
    9 pt; the table below the chart names them in full."""
    year, _, number = month.partition("-")
    return f"{number}.{year}" if number else month


def _width(text: str, font: str) -> float:
    return stringWidth(text, font, FONT_SIZE)
