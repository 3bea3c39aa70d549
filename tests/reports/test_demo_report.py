"""The demo business end to end: demo records -> TinyDB store -> services -> `smallshop report`.

The JSON the CLI writes is compared with the month summary the domain computes
straight from the generated records, so the store round trip, the service and the
report all have to agree.
"""

from __future__ import annotations

import collections
import json
from datetime import date

import pytest

from smallshop.cli import main
from smallshop.demo import generate
from smallshop.domain.models import BusinessProfile, Customer, Debt, Expense, Income, Order, OwnerDraw, Repayment
from smallshop.domain.period import Month
from smallshop.domain.summary import compute_month_summary
from smallshop.i18n import get_translator
from smallshop.reports.model import KEY_FIGURES
from smallshop.storage.tinydb_store import open_store

from .conftest import normalize, pdf_fonts, poppler_text

MONTH = Month(2026, 10)  # a whole month of the default demo (its "today" is 2026-11-28)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """(data folder, records) of the default 12-month demo business, loaded into a real store."""
    folder = tmp_path_factory.mktemp("demo-data")
    records = generate()
    store = open_store(folder)
    try:
        store.bulk_load(records)
    finally:
        store.close()
    return folder, records


def _domain_summary(records, month: Month):
    by_type = collections.defaultdict(list)
    for record in records:
        by_type[type(record)].append(record)
    return compute_month_summary(
        month, customers=by_type[Customer], orders=by_type[Order], incomes=by_type[Income],
        expenses=by_type[Expense], draws=by_type[OwnerDraw], debts=by_type[Debt], repayments=by_type[Repayment],
        trend_months=12,  # the report shows 12 months (issue 15)
    )


def _profile(records) -> BusinessProfile:
    return next(r for r in records if isinstance(r, BusinessProfile))


def test_json_of_the_demo_month_equals_the_domain_summary(demo, tmp_path):
    folder, records = demo
    out = tmp_path / "r.json"
    assert main(["report", "--data-dir", str(folder), "--month", str(MONTH), "--format", "json", "-o", str(out)]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    summary = _domain_summary(records, MONTH)
    now, before = summary.current, summary.previous
    assert now.has_activity and doc["has_activity"]
    for key in KEY_FIGURES:
        cur, prev = getattr(now, key), getattr(before, key)
        exact = (lambda v: v.to_decimal_str()) if hasattr(cur, "tyiyn") else (lambda v: v)
        assert doc["key_figures"][key]["current"] == exact(cur), key
        assert doc["key_figures"][key]["previous"] == exact(prev), key
    assert {k: v for k, v in doc["expenses_by_category"].items() if k != "total"} == {
        c.value: a.to_decimal_str() for c, a in now.expenses_by_category.items()
    }
    assert {k: v for k, v in doc["income_by_method"].items() if k != "total"} == {
        m.value: a.to_decimal_str() for m, a in now.income_by_method.items()
    }
    assert doc["credit_sales"] == now.credit_sales.to_decimal_str()
    assert [(d["lender"], d["closing_balance"], d["overdue"]) for d in doc["debts"]] == [
        (d.lender, d.closing_balance.to_decimal_str(), d.overdue.to_decimal_str()) for d in now.debts
    ]
    assert len(doc["debts"]) == 2  # relatives and the microfinance lender
    assert doc["receivables_count"] == len(now.receivable_lines)
    assert doc["receivables"] == now.receivables.to_decimal_str()
    assert doc["advances"] == now.advances.to_decimal_str()
    assert [p["profit"] for p in doc["trend"]] == [p.profit.to_decimal_str() for p in summary.trend]
    assert doc["business"]["business_name"] == _profile(records).business_name


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_demo_pdf_in_every_language(lang, demo, tmp_path, capsys):
    folder, records = demo
    out = tmp_path / f"r-{lang}.pdf"
    assert main(["report", "--data-dir", str(folder), "--month", str(MONTH), "--lang", lang, "-o", str(out)]) == 0
    t = get_translator(lang)
    assert str(out) in capsys.readouterr().out
    data = out.read_bytes()
    text = normalize(poppler_text(data, tmp_path))
    profit = _domain_summary(records, MONTH).current.profit
    for piece in (_profile(records).business_name, t.month(MONTH), t.money(profit, always_decimals=True)):
        assert normalize(piece) in text, piece
    assert {f["name"].split("+")[-1] for f in pdf_fonts(data, tmp_path)} == {"PTSans-Regular", "PTSans-Bold"}


def test_default_language_and_file_name_come_from_the_profile(demo, tmp_path, monkeypatch):
    folder, records = demo
    monkeypatch.chdir(tmp_path)
    assert main(["report", "--data-dir", str(folder), "--month", str(MONTH), "--format", "csv"]) == 0
    lang = _profile(records).language
    written = tmp_path / f"smallshop-report-{MONTH}-{lang}.csv"
    assert written.read_bytes().startswith(b"\xef\xbb\xbf")
    lines = written.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "section;key;label;value"  # the machine header never changes with the language
    assert f"key_figures;income;{get_translator(lang)('report.figure.income')};" in "\n".join(lines)


def test_a_month_before_the_business_existed_is_an_empty_report(demo, tmp_path):
    folder, _ = demo
    out = tmp_path / "old.pdf"
    assert main(["report", "--data-dir", str(folder), "--month", "2001-01", "--lang", "en", "-o", str(out)]) == 0
    t = get_translator("en")
    text = normalize(poppler_text(out.read_bytes(), tmp_path))
    assert normalize(t("report.no_activity", period=t.month(Month(2001, 1)))) in text


def test_dash_writes_the_report_to_standard_output(demo, tmp_path, capsysbinary, monkeypatch):
    folder, records = demo
    monkeypatch.chdir(tmp_path)
    assert main(["report", "--data-dir", str(folder), "--month", str(MONTH), "--format", "json", "-o", "-"]) == 0
    doc = json.loads(capsysbinary.readouterr().out.decode("utf-8"))
    assert doc["month"] == str(MONTH) and doc["currency"] == "KGS"
    assert list(tmp_path.iterdir()) == []
