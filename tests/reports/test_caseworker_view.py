"""Issue 15: the report read as a caseworker reads it — "what needs attention" on page 1,
no customer named in her copy, nothing under 9 pt, overdue marked by a word, the report id
and the fingerprint of the JSON on every page and in every file, the XLSX's cells."""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import replace
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from decimal import Decimal

from smallshop.domain.models import AssetStatus, LenderType
from smallshop.domain.money import Money
from smallshop.domain.period import Month
from smallshop.domain.summary_types import ReceivableLine
from smallshop.i18n import get_translator
from smallshop.reports import EarlierMonthChange, ReportExtras, build_report, render_model
from smallshop.reports.pdf import MIN_SIZE

from .conftest import normalize, poppler_text
from .sample import KNOWN, MICROFINANCE, PROFILE, known_month

LANGS = ["ky", "ru", "en"]
M = Money.som


def _model(lang: str = "en", summary=None, profile=PROFILE, **extras):
    return build_report(summary or known_month(), profile, lang=lang, generated_on=date(2026, 12, 1),
                        prepared_by="Гүлзат", extras=ReportExtras(business_id="3f2a9c1e0b7d", **extras))


def _old_debt_month():
    """The known month with a customer owing since July (over 90 days) and an overdue debt."""
    summary = known_month()
    old = ReceivableLine("c-old", "Жаркын Мамытова", M(700), date(2026, 7, 1), ((date(2026, 7, 1), M(700)),))
    lines = summary.current.receivable_lines + (old,)
    debts = tuple(replace(d, overdue_since=date(2026, 11, 5)) if d.debt_id == MICROFINANCE.debt_id else d
                  for d in summary.current.debts)
    current = replace(summary.current, receivable_lines=lines, receivables=Money.total(r.amount for r in lines),
                      debts=debts)
    return replace(summary, current=current)


def _font_sizes(data: bytes) -> list[tuple[int, float, str]]:
    """(page, size in points, text) of every piece of text, from the PDF's own drawing
    operations (font size times the text matrix's scale)."""
    found: list[tuple[int, float, str]] = []
    for number, page in enumerate(PdfReader(io.BytesIO(data)).pages, start=1):
        def visit(text, cm, tm, font, size, number=number):
            if text.strip():
                scale = (tm[3] ** 2 + tm[2] ** 2) ** 0.5 * (cm[3] ** 2 + cm[2] ** 2) ** 0.5
                found.append((number, round(size * scale, 2), text))

        page.extract_text(visitor_text=visit)
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_page_one_opens_with_what_needs_attention(lang, tmp_path):
    model = _model(lang, _old_debt_month())
    data = render_model(model, "pdf")
    first = normalize(PdfReader(io.BytesIO(data)).pages[0].extract_text())
    t = get_translator(lang)
    heading = normalize(t("report.section.attention"))
    assert heading in first
    assert first.index(heading) < first.index(normalize(t("report.section.key_figures")))
    text = normalize(poppler_text(data, tmp_path)).split(normalize(t("report.section.key_figures")))[0]
    # the overdue debt: its lender, amount, since when; the 90-day money: count, amount, ages
    assert normalize(t("attention.debt_overdue", lender=MICROFINANCE.lender, lender_type=LenderType.MICROFINANCE,
                       amount=t.money(M(6200), always_decimals=True),
                       since=t.date(date(2026, 11, 5), "short"))) in text
    assert normalize(t("attention.long_owed", days=90, customers=1, amount=t.money(M(700), always_decimals=True),
                       ages="152")) in text
    assert normalize(t("attention.month_complete", date=t.date(date(2026, 11, 30), "short"))) in text
    assert normalize(t.money(KNOWN["income"], always_decimals=True)) in text  # money in vs out
    assert normalize(t("attention.assistance_unknown")) in text
    # an alert is marked by a word, not only by a colour
    assert text.count(normalize(t("report.attention.marker"))) == sum(line.alert for line in model.attention) >= 3


@pytest.mark.parametrize("lang", LANGS)
def test_the_caseworkers_copy_names_no_customer_the_owners_copy_does(lang, tmp_path):
    names = [r.customer_name for r in _old_debt_month().current.receivable_lines] + ["Бакыт Асанов"]
    for fmt in ("pdf", "csv", "json", "xlsx"):
        data = render_model(_model(lang, _old_debt_month()), fmt)
        text = normalize(poppler_text(data, tmp_path)) if fmt == "pdf" else _plain(data, fmt)
        assert not [n for n in names if n in text], fmt
    owner = render_model(_model(lang, _old_debt_month(), with_names=True), "pdf")
    text = normalize(poppler_text(owner, tmp_path))
    assert "Айгүл Токтосунова" in text and "Бакыт Асанов" in text


def _plain(data: bytes, fmt: str) -> str:
    if fmt != "xlsx":
        return data.decode("utf-8")
    book = load_workbook(io.BytesIO(data))
    return "\n".join(str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value)


@pytest.mark.parametrize("lang", LANGS)
def test_no_text_is_smaller_than_9_points(lang):
    sizes = _font_sizes(render_model(_model(lang, _old_debt_month(), with_names=True), "pdf"))
    assert len(sizes) > 200
    small = [(page, size, text) for page, size, text in sizes if size < MIN_SIZE - 0.01]
    assert small == []


def test_overdue_is_marked_by_a_word_in_the_debts(tmp_path):
    t = get_translator("ru")
    text = normalize(poppler_text(render_model(_model("ru"), "pdf"), tmp_path))
    assert normalize(t("report.overdue.marked", amount=t.money(M(6200), always_decimals=True))) in text


@pytest.mark.parametrize("fmt", ["pdf", "csv", "xlsx", "json"])
def test_every_file_carries_the_report_id_and_the_fingerprint_of_the_json(fmt, tmp_path):
    model = _model("ky")
    doc = json.loads(render_model(model, "json"))
    claimed = doc.pop("fingerprint")
    body = json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    assert hashlib.sha256(body).hexdigest() == claimed == model.fingerprint  # as docs/report-json.md says
    assert doc["report_id"] == "3f2a9c1e0b7d-2026-11-v1" == model.report_id
    data = render_model(model, fmt)
    if fmt == "pdf":
        pages = PdfReader(io.BytesIO(data)).pages
        assert len(pages) >= 3
        for page in pages:
            text = normalize(page.extract_text()).replace(" ", "")
            assert model.report_id in text and model.fingerprint in text
    elif fmt in ("csv", "xlsx"):
        text = _plain(data, fmt).replace(" ", "")
        assert model.report_id in text and model.fingerprint in text


def test_an_edited_json_no_longer_matches_its_fingerprint():
    doc = json.loads(render_model(_model("en"), "json"))
    claimed = doc.pop("fingerprint")
    doc["income"] = "99999.00"
    body = json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    assert hashlib.sha256(body).hexdigest() != claimed


def test_a_long_business_name_wraps_and_never_reaches_the_footer(tmp_path):
    """The name is printed whole at the top; the footer keeps it to its own line, ending
    well before "page X of Y", and nothing of the page body runs into the footer band."""
    profile = replace(PROFILE, business_name="Гүлзаттын тигүү жана саймалоо цехи «Ак Өргөө» — Сузак районунун "
                                             "Көк-Жаңгак айылындагы үй-бүлөлүк ишкана, 2025-жылы ачылган")
    data = render_model(_model("ky", profile=profile), "pdf")
    path = tmp_path / "r.pdf"
    path.write_bytes(data)
    import subprocess

    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    words = _words(html)
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm

    height = A4[1]
    rule = height - 15 * mm  # the footer's rule, from the top
    for page in {w[0] for w in words}:
        body = [w for w in words if w[0] == page and w[4] <= rule]
        footer = [w for w in words if w[0] == page and w[2] > rule]
        assert body and footer
        assert max(w[4] for w in body) < rule - 2  # the body ends above the footer
        lines: dict[float, list] = {}
        for w in footer:
            lines.setdefault(round(w[2]), []).append(w)
        for line in lines.values():  # words on one footer line never overlap
            line.sort(key=lambda w: w[1])
            assert all(a[3] <= b[1] + 0.5 for a, b in zip(line, line[1:]))
            assert max(w[3] for w in line) <= A4[0] - 15 * mm + 1
    text = normalize(poppler_text(data, tmp_path))
    assert "2025-жылы ачылган" in text  # the whole name, wrapped at the top of page 1


def _words(html: str):
    import re

    out, page = [], 0
    for match in re.finditer(r'(<page )|<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                             r'([^<]*)</word>', html):
        if match.group(1):
            page += 1
            continue
        x0, y0, x1, y1 = (float(match.group(i)) for i in range(2, 6))
        out.append((page, x0, y0, x1, y1, match.group(6)))
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_the_xlsx_has_a_sheet_per_section_numbers_as_numbers_and_labels_in_the_language(lang):
    model = _model(lang, _old_debt_month(), changes=(
        EarlierMonthChange(Month(2026, 10), date(2026, 11, 2), 2, 1, 0, M(500), M(-120), M(0)),))
    book = load_workbook(io.BytesIO(render_model(model, "xlsx")))
    t = get_translator(lang)
    names = book.sheetnames
    assert len(names) == 9 and names[-1] == "data"
    assert names[0] == t("report.section.attention")[:31]
    first = book.worksheets[0]
    cells = {c.value: c for row in first.iter_rows() for c in row if c.value is not None}
    assert t("report.figure.income") in cells
    income_row = cells[t("report.figure.income")].row
    value = first.cell(income_row, 3)
    assert value.value == pytest.approx(21700.50) and value.data_type == "n" and value.number_format == "#,##0.00"
    data = book["data"]
    rows = {(r[0].value, r[1].value): r[3] for r in data.iter_rows(min_row=2)}
    assert rows[("key_figures", "income")].value == pytest.approx(21700.50)
    assert rows[("key_figures", "orders_taken")].value == 9 and rows[("key_figures", "orders_taken")].data_type == "n"
    assert rows[("header", "fingerprint")].value == model.fingerprint
    assert rows[("changes_to_earlier_months", "2026-10.income_change")].value == pytest.approx(500)
    assert rows[("receivable_aging", "over_90.amount")].value == pytest.approx(700)
    debts = book.worksheets[4]
    assert debts.title == t("report.section.debts")[:31]
    assert debts.cell(1, 1).value == t("report.col.lender")
    trend = book.worksheets[5]
    assert trend.cell(2, 3).data_type == "n"


def test_xlsx_keys_are_the_csvs_and_the_jsons():
    """Every (section, key) of the CSV is a row of the XLSX's data sheet, same order."""
    from smallshop.reports.csv_export import read_csv

    model = _model("ru", _old_debt_month())
    csv_rows = [tuple(r[:2]) for r in read_csv(render_model(model, "csv"))[1:]]
    book = load_workbook(io.BytesIO(render_model(model, "xlsx")))
    xlsx_rows = [(r[0].value, r[1].value) for r in book["data"].iter_rows(min_row=2)]
    assert xlsx_rows == csv_rows
    doc = json.loads(render_model(model, "json"))
    values = {k: v for k, v in zip(xlsx_rows, (r[3].value for r in book["data"].iter_rows(min_row=2)))}
    for key in ("money_in", "money_out", "cash_balance", "due_next_month"):
        assert values[("attention", key)] == pytest.approx(float(doc["attention"][key]))
    assert values[("attention", "long_owed.amount")] == pytest.approx(float(doc["attention"]["long_owed"]["amount"]))


def test_definitions_have_one_source():
    """The English footnotes are domain.books.DEFINITIONS word for word; ky and ru have them all."""
    from smallshop.domain.books import DEFINITIONS

    en = get_translator("en")
    for key, text in DEFINITIONS.items():
        assert en(f"report.definition.{key}") == text
        for lang in ("ky", "ru"):
            assert get_translator(lang)(f"report.definition.{key}") != text


@pytest.mark.parametrize("lang", LANGS)
def test_the_signature_says_what_each_side_confirms(lang, tmp_path):
    t = get_translator(lang)
    text = normalize(poppler_text(render_model(_model(lang), "pdf"), tmp_path))
    for key in ("report.confirm.owner_text", "report.confirm.caseworker_text"):
        assert normalize(t(key)) in text
    assert "complete and correct" not in text


def test_debt_service_in_plain_words():
    model = _model("en")
    assert "52 som of every 100 som" in normalize(model.debt_service_words)
    assert "half or more" in model.debt_service_words


@pytest.mark.parametrize("lang", LANGS)
def test_plan_assets_and_jobs_in_the_pdf_json_and_xlsx(lang, tmp_path):
    """Targets vs actual (month and the year so far), the equipment's status, who worked."""
    from .sample import ASSETS, JOBS, PLAN

    t = get_translator(lang)
    model = _model(lang, plan=PLAN, assets=ASSETS, jobs=JOBS)
    text = normalize(poppler_text(render_model(model, "pdf"), tmp_path))
    first_page = normalize(PdfReader(io.BytesIO(render_model(model, "pdf"))).pages[0].extract_text())
    # sales 21 700.50 against 20 000: reached; profit 11 199.75 against 12 000: not
    assert normalize(t("attention.sales_target_met", sales=t.money(M("21700.50"), always_decimals=True),
                       target=t.money(M(20000), always_decimals=True), share=t.percent(Decimal("1.0850")))) in text
    assert normalize(t("attention.assets_not_in_use", items="Оверлок", count=1, of=3)) in text
    assert normalize(t("attention.assistance", months=7, since=t.date(date(2026, 4, 20), "short"))) in first_page
    assert normalize(t("report.col.year_to_date", months=8)) in text
    assert normalize(t("report.section.plan")) in text and normalize(t("report.section.assets")) in text
    assert "Оверлок" in text and normalize(t.enum(AssetStatus.BROKEN)) in text
    assert normalize(t("report.assets.in_use", count=3, total=4)) in text
    assert normalize(t("report.jobs.young_women")) in text
    doc = json.loads(render_model(model, "json"))
    assert doc["targets"]["year_to_date_months"] == 8
    assert doc["targets"]["sales_income"]["target"] == "20000.00"
    assert doc["targets"]["profit"]["share"] == "0.9333"
    assert doc["targets"]["sales_income"]["ytd_target"] == "160000.00"
    assert doc["assets"]["grant_value"] == "35500.00" and doc["assets"]["own_contribution"] == "4000.00"
    assert [line["status"] for line in doc["assets"]["lines"]] == ["broken", "in_use", "in_use", "in_use"]
    assert doc["jobs"] == {"total": 4, "family": 3, "hired": 1, "paid": 2, "unpaid": 2, "women": 3, "young": 3,
                           "young_women": 2}
    assert "sales_target" not in doc["attention"]["alerts"] and "assets" in doc["attention"]["alerts"]
    book = load_workbook(io.BytesIO(render_model(model, "xlsx")))
    plan_sheet = book.worksheets[1]
    assert plan_sheet.title == t("report.section.plan")[:31].replace(":", " ")
    assert plan_sheet.cell(2, 3).value == pytest.approx(20000) and plan_sheet.cell(2, 3).data_type == "n"
    rows = {(r[0].value, r[1].value): r[3].value for r in book["data"].iter_rows(min_row=2)}
    assert rows[("jobs", "women")] == 3 and rows[("assets", "asset.1.status")] == "broken"


def test_no_plan_and_unconfirmed_jobs_say_so(tmp_path):
    t = get_translator("ru")
    text = normalize(poppler_text(render_model(_model("ru"), "pdf"), tmp_path))
    for key in ("report.plan.none", "report.assets.none", "report.jobs.not_confirmed", "attention.assistance_unknown"):
        assert normalize(t(key)) in text
    assert json.loads(render_model(_model("ru"), "json"))["jobs"] is None
