"""docs/report-json.md documents exactly the keys render_json produces."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from smallshop.reports import render_report
from smallshop.reports.model import KEY_FIGURES

from .sample import PROFILE, known_month

DOC = Path(__file__).resolve().parents[2] / "docs" / "report-json.md"


def _paths(value, prefix: str = "") -> set[str]:
    """Every leaf path: dict keys joined by '.', list items as '[]', key_figures' keys as <figure>."""
    if isinstance(value, dict):
        found: set[str] = set()
        for key, child in value.items():
            name = "<figure>" if prefix == "key_figures" else key
            if prefix == "targets" and isinstance(child, dict):
                name = "<target>"
            found |= _paths(child, f"{prefix}.{name}" if prefix else name)
        return found
    if isinstance(value, list):
        found = set()
        for child in value:
            found |= _paths(child, f"{prefix}[]")
        return found
    return {prefix}


def _documented() -> set[str]:
    rows = re.findall(r"^\| `([^`]+)` \|", DOC.read_text(encoding="utf-8"), flags=re.MULTILINE)
    return set(rows)


def _full_month():
    """The known month with a receivable older than 90 days, so every list has an item."""
    from dataclasses import replace

    from smallshop.domain.money import Money
    from smallshop.domain.summary_types import ReceivableLine

    summary = known_month()
    old = ReceivableLine("c-old", "Old", Money.som(700), date(2026, 7, 1), ((date(2026, 7, 1), Money.som(700)),))
    lines = summary.current.receivable_lines + (old,)
    current = replace(summary.current, receivable_lines=lines, receivables=Money.total(r.amount for r in lines))
    return replace(summary, current=current)


def test_documented_keys_match_the_json():
    from smallshop.domain.money import Money
    from smallshop.domain.period import Month
    from smallshop.reports import EarlierMonthChange, ReportExtras

    from .sample import PLAN, ASSETS, JOBS

    change = EarlierMonthChange(Month(2026, 10), date(2026, 11, 2), 1, 2, 0, Money.som(500), Money.som(0),
                                Money.som(0))
    doc = json.loads(render_report(_full_month(), PROFILE, fmt="json", lang="ky",
                                   generated_on=date(2026, 12, 1), prepared_by="x",
                                   extras=ReportExtras(changes=(change,), plan=PLAN, assets=ASSETS, jobs=JOBS)))
    previous = doc.pop("previous")
    assert _documented() == _paths(doc) | {"previous.<key>"}
    # `previous` holds the month's own figures under the same keys
    figure_keys = {key for key in doc if key in previous}
    assert set(previous) == figure_keys and len(figure_keys) > 25


def test_documented_figure_names_match():
    text = DOC.read_text(encoding="utf-8")
    listed = re.search(r"`<figure>` is one of: (.*?)\.\n\n", text, flags=re.DOTALL).group(1)
    assert re.findall(r"`([a-z_]+)`", listed) == list(KEY_FIGURES)
