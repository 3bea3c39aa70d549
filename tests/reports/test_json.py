"""The JSON export carries exactly the figures of the month summary, language-free."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from smallshop.domain.models import ExpenseCategory, IncomeCategory, PaymentMethod
from smallshop.reports import render_json, render_report
from smallshop.reports.model import KEY_FIGURES

from .sample import KNOWN, PROFILE, RATIO, empty_month, known_month


def _doc(lang: str = "en", summary=None, with_names: bool = False) -> dict:
    from smallshop.reports import ReportExtras

    data = render_report(summary or known_month(), PROFILE, fmt="json", lang=lang,
                         generated_on=date(2026, 12, 1), prepared_by="Гүлзат",
                         extras=ReportExtras(with_names=with_names))
    return json.loads(data.decode("utf-8"))


def test_known_totals_come_out_as_decimal_strings():
    doc = _doc()
    figures = doc["key_figures"]
    for key, amount in KNOWN.items():
        assert figures[key]["current"] == amount.to_decimal_str(), key
    assert figures["profit"]["current"] == "11199.75"
    assert figures["orders_taken"] == {"current": 9, "previous": 6, "change": 3, "change_ratio": "0.5000"}
    assert doc["debt_service_ratio"] == str(RATIO.quantize(Decimal("0.0001")))
    assert doc["currency"] == "KGS" and doc["schema_version"] == 3 and doc["month"] == "2026-11"
    assert (doc["as_of"], doc["in_progress"]) == ("2026-11-30", False)


def test_every_summary_figure_is_in_the_json(summary):
    """Compared field by field with the MonthSummary the report was made from."""
    doc = _doc(summary=summary, with_names=True)  # the owner's own copy
    now, before = summary.current, summary.previous
    for key in KEY_FIGURES:
        cur, prev = getattr(now, key), getattr(before, key)
        exact = (lambda v: v.to_decimal_str()) if hasattr(cur, "tyiyn") else (lambda v: v)
        assert doc["key_figures"][key]["current"] == exact(cur)
        assert doc["key_figures"][key]["previous"] == exact(prev)
        assert doc["key_figures"][key]["change"] == exact(cur - prev)
    for cat in IncomeCategory:
        assert doc["income_by_category"][cat.value] == now.income_by_category[cat].to_decimal_str()
    for method in PaymentMethod:
        assert doc["income_by_method"][method.value] == now.income_by_method[method].to_decimal_str()
    for cat in ExpenseCategory:
        assert doc["expenses_by_category"][cat.value] == now.expenses_by_category[cat].to_decimal_str()
    assert (doc["income"], doc["income_received"], doc["refunds"]) == (
        now.income.to_decimal_str(), now.income_received.to_decimal_str(), now.refunds.to_decimal_str())
    assert (doc["sales_income"], doc["credit_sales"]) == (now.sales_income.to_decimal_str(),
                                                          now.credit_sales.to_decimal_str())
    assert doc["receivables"] == now.receivables.to_decimal_str()
    assert doc["receivables_count"] == len(now.receivable_lines)
    assert [(r["customer_name"], r["amount"], r["since"]) for r in doc["receivable_lines"]] == [
        (r.customer_name, r.amount.to_decimal_str(), r.since.isoformat()) for r in now.receivable_lines
    ]
    assert doc["advances"] == now.advances.to_decimal_str() != "0.00"
    assert [(a["customer_name"], a["amount"]) for a in doc["advance_lines"]] == [
        (a.customer_name, a.amount.to_decimal_str()) for a in now.advance_lines]
    assert [d["debt_id"] for d in doc["debts"]] == [d.debt_id for d in now.debts]
    for line, debt in zip(doc["debts"], now.debts):
        assert line["purpose"] == debt.purpose.value
        for name in ("opening_balance", "paid", "new_borrowing", "closing_balance", "overdue"):
            assert line[name] == getattr(debt, name).to_decimal_str()
        assert line["next_due_date"] == debt.next_due_date.isoformat()
        assert line["next_due_amount"] == debt.next_due_amount.to_decimal_str()
    totals = doc["debt_totals"]
    assert totals["paid"] == now.debt_paid.to_decimal_str()
    assert totals["new_borrowing"] == now.debt_new_borrowing.to_decimal_str()
    assert totals["closing_balance"] == now.debt_outstanding.to_decimal_str()
    assert totals["overdue"] == now.debt_overdue.to_decimal_str()
    assert [(p["month"], p["income"], p["expenses"], p["profit"]) for p in doc["trend"]] == [
        (str(p.month), p.income.to_decimal_str(), p.expenses.to_decimal_str(), p.profit.to_decimal_str())
        for p in summary.trend
    ]
    assert doc["trend"][8]["profit"] == "-6500.00"  # a loss month (August) stays negative


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_keys_and_figures_do_not_depend_on_the_language(lang):
    doc, english = _doc(lang), _doc("en")
    assert doc["language"] == lang
    doc.pop("language"), english.pop("language")
    doc.pop("fingerprint"), english.pop("fingerprint")  # the hash covers `language`
    assert doc == english


def test_money_is_never_a_float_in_the_json():
    def walk(value):
        if isinstance(value, dict):
            for v in value.values():
                yield from walk(v)
        elif isinstance(value, list):
            for v in value:
                yield from walk(v)
        else:
            yield value

    assert not [v for v in walk(_doc()) if isinstance(v, float)]


def test_empty_month_has_zeros_and_no_ratio():
    doc = _doc(summary=empty_month())
    assert doc["has_activity"] is False
    assert doc["key_figures"]["income"]["current"] == "0.00"
    assert doc["key_figures"]["income"]["change_ratio"] is None
    assert doc["debts"] == [] and doc["debt_service_ratio"] is None
    assert doc["debt_totals"] == {k: "0.00" for k in doc["debt_totals"]}
    assert (doc["receivables"], doc["receivables_count"], doc["receivable_lines"]) == ("0.00", 0, [])
    assert (doc["advances"], doc["advance_lines"]) == ("0.00", [])


def _leaves(value, prefix=()):
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _leaves(child, prefix + (key,))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from _leaves(child, prefix + (i,))
    else:
        yield prefix, value


@pytest.mark.parametrize("month", ["known", "empty"])
def test_the_report_json_is_the_summary_json_and_more(month):
    """One vocabulary: every key of `smallshop summary --format json` is in the report
    JSON, at the same place, with the same value."""
    from smallshop.reports.figures import summary_to_dict

    summary = known_month() if month == "known" else empty_month()
    report = dict(_leaves(_doc(summary=summary, with_names=True)))
    summary_doc = dict(_leaves(summary_to_dict(summary, PROFILE)))
    assert len(summary_doc) > 50
    missing = {path: value for path, value in summary_doc.items() if report.get(path, "<missing>") != value}
    assert missing == {}


def test_render_json_is_utf8_with_readable_names(model_for):
    data = render_json(model_for("ky"))
    assert "Гүлзат Өмүрбекова".encode("utf-8") in data
