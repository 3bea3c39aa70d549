"""The trend chart's value axis: always includes 0, covers every value, round steps."""

from __future__ import annotations

from decimal import Decimal

import pytest
from reportlab.graphics.shapes import String

from smallshop.reports.chart import _axis, trend_chart
from smallshop.reports.fonts import register_fonts


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([Decimal(0)], (Decimal(0), Decimal(1000), Decimal(200))),  # an empty month still has an axis
        ([Decimal(9000), Decimal("21700.50")], (Decimal(0), Decimal(25000), Decimal(5000))),
        ([Decimal(-6500), Decimal(14500)], (Decimal(-10000), Decimal(15000), Decimal(5000))),
        ([Decimal(-300), Decimal(-50)], (Decimal(-300), Decimal(0), Decimal(100))),
        ([Decimal(731815)], (Decimal(0), Decimal(800000), Decimal(200000))),
    ],
)
def test_axis_includes_zero_and_every_value(values, expected):
    bottom, top, step = _axis(values)
    assert (bottom, top, step) == expected
    assert bottom <= 0 <= top and bottom <= min(values) and top >= max(values)


def test_every_chart_string_uses_the_given_font(model_for):
    model = model_for("ky")
    drawing = trend_chart(model.trend, width=500, height=150, font=register_fonts(),
                          money_text=lambda m: m.to_decimal_str(), legend=("a", "b", "c"))
    strings = [node for node in drawing.contents if isinstance(node, String)]
    assert strings and {s.fontName for s in strings} == {"PTSans"}
    assert "-10000.00" in {s.text for s in strings}  # the loss month pulls the axis below zero
