"""The CSV export: BOM, parseable, one row per figure in the chosen language."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from smallshop.i18n import get_translator
from smallshop.reports import render_report
from smallshop.reports.model import KEY_FIGURES

from .sample import KNOWN, PROFILE, empty_month, known_month


def _rows(lang: str, summary=None) -> tuple[bytes, list[list[str]]]:
    data = render_report(summary or known_month(), PROFILE, fmt="csv", lang=lang,
                         generated_on=date(2026, 12, 1), prepared_by="Гүлзат")
    text = data.decode("utf-8")
    return data, list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_bom_header_and_four_columns(lang):
    data, rows = _rows(lang)
    assert data.startswith(b"\xef\xbb\xbf")
    t = get_translator(lang)
    assert rows[0] == [t("report.csv.section"), t("report.csv.key"), t("report.csv.label"), t("report.csv.value")]
    assert all(len(row) == 4 for row in rows)
    by_key = {(r[0], r[1]): r for r in rows[1:]}
    assert len(by_key) == len(rows) - 1  # (section, key) is unique
    for key in KEY_FIGURES:
        assert ("key_figures", key) in by_key
        assert by_key[("key_figures", key)][2] == t(f"report.figure.{key}")


def test_values_are_exact_and_language_free():
    _, ky = _rows("ky")
    _, en = _rows("en")
    assert [(r[0], r[1], r[3]) for r in ky[1:]] == [(r[0], r[1], r[3]) for r in en[1:]]
    values = {(r[0], r[1]): r[3] for r in en[1:]}
    for key, amount in KNOWN.items():
        assert values[("key_figures", key)] == amount.to_decimal_str()
    assert values[("header", "period")] == "2026-11"
    assert values[("header", "currency")] == "KGS"


def test_debts_and_receivables_have_their_own_rows():
    _, rows = _rows("ky")
    summary = known_month()
    values = {(r[0], r[1]): r for r in rows[1:]}
    for i, debt in enumerate(summary.current.debts, start=1):
        assert values[("debts", f"debt.{i}.lender")][3] == debt.lender
        assert values[("debts", f"debt.{i}.closing_balance")][3] == debt.closing_balance.to_decimal_str()
        assert debt.lender in values[("debts", f"debt.{i}.closing_balance")][2]
        assert values[("debts", f"debt.{i}.next_due_date")][3] == debt.next_due_date.isoformat()
    for i, line in enumerate(summary.current.receivable_lines, start=1):
        assert values[("receivables", f"receivable.{i}.customer")][3] == line.customer_name
        assert values[("receivables", f"receivable.{i}.amount")][3] == line.amount.to_decimal_str()
        assert values[("receivables", f"receivable.{i}.since")][3] == line.since.isoformat()
    assert values[("receivables", "total")][3] == "4850.50"
    assert values[("debts", "total.closing_balance")][3] == "90800.00"


def test_empty_month_csv_parses_with_no_debt_rows():
    _, rows = _rows("ru", empty_month())
    sections = {r[0] for r in rows[1:]}
    assert "key_figures" in sections
    assert not [r for r in rows if r[1].startswith("debt.") or r[1].startswith("receivable.")]
    assert {r[1]: r[3] for r in rows[1:] if r[0] == "debts"}["debt_service_ratio"] == ""
