"""The PDF read back: its text (pypdf and poppler), its fonts (pdffonts), its pages."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import pytest
from pypdf import PdfReader

from smallshop.domain.money import Money
from smallshop.domain.summary_types import MonthSummary, ReceivableLine
from smallshop.i18n import get_translator
from smallshop.reports import render_pdf, render_report

from .conftest import normalize, pdf_fonts, poppler_text, pypdf_text
from .sample import KNOWN, LONG_NAME, NOVEMBER, PROFILE, empty_month, known_month

LANGS = ["ky", "ru", "en"]


def _pdf(summary: MonthSummary, lang: str, with_names: bool = False, **kwargs) -> bytes:
    from smallshop.reports import ReportExtras

    return render_report(summary, PROFILE, fmt="pdf", lang=lang, generated_on=date(2026, 12, 1),
                         prepared_by="Гүлзат Өмүрбекова", extras=ReportExtras(with_names=with_names), **kwargs)


@pytest.mark.parametrize("lang", LANGS)
def test_text_has_business_period_and_profit_in_the_language(lang, tmp_path):
    data = _pdf(known_month(), lang)
    assert data.startswith(b"%PDF-")
    t = get_translator(lang)
    expected = [
        PROFILE.business_name,
        t.month(NOVEMBER),
        t.money(KNOWN["profit"], always_decimals=True),
        t.money(KNOWN["income"], always_decimals=True),
        t("report.title"),
        t("report.section.debts"),
    ]
    for text in (normalize(pypdf_text(data)), normalize(poppler_text(data, tmp_path))):
        for piece in expected:
            assert normalize(piece) in text, (lang, piece)


def test_kyrgyz_letters_come_back_intact(tmp_path):
    text = normalize(poppler_text(_pdf(known_month(), "ky", with_names=True), tmp_path))
    for word in ("Айлык отчет", "Киреше", "Чыгымдар", "Пайда", "Үй-бүлөгө алынган акча",
                 "Ишкердин карыздары", "Ңурланова", "Өмүрбекова", "Үсөнов", "Көк-Жаңгак"):
        assert word in text, word
    for letter in "ңөүҢӨҮ":
        assert letter in text, letter


@pytest.mark.parametrize("lang", LANGS)
def test_only_embedded_pt_sans_no_builtin_font(lang, tmp_path):
    fonts = pdf_fonts(_pdf(known_month(), lang), tmp_path)
    names = {f["name"].split("+")[-1] for f in fonts}
    assert names == {"PTSans-Regular", "PTSans-Bold"}  # Bold proves <b> uses the family
    assert all(f["emb"] == "yes" for f in fonts)


def test_page_x_of_y_on_every_page():
    data = _pdf(known_month(), "ru")
    pages = PdfReader(io.BytesIO(data)).pages
    assert len(pages) >= 2
    t = get_translator("ru")
    for number, page in enumerate(pages, start=1):
        assert normalize(t("report.footer.page", page=number, pages=len(pages))) in normalize(page.extract_text())


def test_empty_month_is_a_valid_report_that_says_no_activity(tmp_path):
    t = get_translator("en")
    data = _pdf(empty_month(), "en")
    text = normalize(poppler_text(data, tmp_path))
    assert normalize(t("report.no_activity", period=t.month(empty_month().month))) in text
    assert t("report.receivables.none") in text and t("report.debts.none") in text
    assert normalize(t("report.debt_service.no_income")) in text


def test_a_month_with_activity_does_not_say_no_activity(tmp_path):
    text = normalize(poppler_text(_pdf(known_month(), "en"), tmp_path))
    assert "No activity" not in text


def test_long_names_are_kept_whole_and_many_receivables_are_summarised(tmp_path):
    base = known_month()
    lines = tuple(
        ReceivableLine(f"c{i}", f"Кардар {i:02d} {LONG_NAME}" if i == 0 else f"Кардар {i:02d}",
                       Money.som(5000 if i == 0 else 100 + i),
                       date(2026, 11, 1))
        for i in range(14)
    )
    current = replace(base.current, receivable_lines=lines, receivables=Money.total(r.amount for r in lines))
    data = _pdf(replace(base, current=current), "ky", with_names=True)  # the owner's own copy
    text = normalize(poppler_text(data, tmp_path))
    t = get_translator("ky")
    assert normalize(t("report.receivables.more", count=4)) in text
    assert normalize(LONG_NAME) in text  # wrapped over lines inside its cell, not cut
    assert t.money(Money.total(r.amount for r in lines), always_decimals=True).replace("\u00a0", " ") in text


def test_notes_are_printed(model_for, tmp_path):
    data = render_pdf(model_for("ru", notes="Проверено на месте.\nШвейная машина отремонтирована."))
    text = normalize(poppler_text(data, tmp_path))
    assert "Проверено на месте." in text and "Швейная машина отремонтирована." in text


def test_names_with_markup_characters_are_printed_as_written(tmp_path):
    profile = replace(PROFILE, business_name="Ак & Көк <тигүү>")
    data = render_report(known_month(), profile, fmt="pdf", lang="ky", generated_on=date(2026, 12, 1),
                         prepared_by="x")
    assert "Ак & Көк <тигүү>" in normalize(poppler_text(data, tmp_path))


def test_empty_month_uses_only_the_embedded_font_too(tmp_path):
    fonts = pdf_fonts(_pdf(empty_month(), "ky"), tmp_path)
    assert {f["name"].split("+")[-1] for f in fonts} <= {"PTSans-Regular", "PTSans-Bold"}
    assert fonts and all(f["emb"] == "yes" for f in fonts)


def test_very_long_notes_and_names_never_break_the_layout(tmp_path):
    """Text longer than a page (old data, a pasted letter) flows or is cut; never a LayoutError."""
    base = known_month()
    huge = "Ңөү " * 1500
    current = replace(base.current, receivable_lines=(ReceivableLine("c", huge, Money.som(5), date(2026, 1, 1)),))
    profile = replace(PROFILE, business_name="Ак Өргөө " * 400)
    notes = "\n".join(f"{i}. Эскертүү: тигүү машинасы оңдолду, кездеме сатылып алынды." for i in range(120))
    data = render_report(replace(base, current=current), profile, fmt="pdf", lang="ky",
                         generated_on=date(2026, 12, 1), prepared_by="x", notes=notes)
    text = normalize(poppler_text(data, tmp_path))
    assert "119. Эскертүү" in text and "0. Эскертүү" in text  # all notes, over several pages
    assert len(PdfReader(io.BytesIO(data)).pages) >= 3
    from smallshop.reports import ReportExtras

    csv_text = render_report(replace(base, current=current), profile, fmt="csv", lang="ky",
                             generated_on=date(2026, 12, 1), prepared_by="x",
                             extras=ReportExtras(with_names=True)).decode("utf-8")
    assert huge in csv_text  # the data exports keep the whole name


def test_bold_markup_switches_to_the_bold_file_of_the_family(tmp_path):
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from smallshop.reports.fonts import register_fonts

    family = register_fonts()
    out = io.BytesIO()
    SimpleDocTemplate(out).build([Paragraph("<b>Ңөү</b>", ParagraphStyle("x", fontName=family))])
    names = {f["name"].split("+")[-1] for f in pdf_fonts(out.getvalue(), tmp_path)}
    assert "PTSans-Bold" in names


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_the_month_in_progress_says_so_and_compares_the_same_days(lang, tmp_path):
    """Issue 11: on 20 November the report of November says "up to 20.11.2026" and its
    comparison column is the same days of October, not the whole month."""
    from dataclasses import replace as _replace

    from smallshop.i18n import get_translator
    from smallshop.reports import render_report

    from .sample import PROFILE, known_month

    summary = known_month()
    summary = _replace(summary, current=_replace(summary.current, as_of=date(2026, 11, 20), in_progress=True),
                       previous=_replace(summary.previous, as_of=date(2026, 10, 20)))
    data = render_report(summary, PROFILE, fmt="pdf", lang=lang, generated_on=date(2026, 11, 20), prepared_by="x")
    text = normalize(poppler_text(data, tmp_path))
    t = get_translator(lang)
    assert normalize(t("report.period_in_progress", period=t.month(summary.month), date=t.date(date(2026, 11, 20), "short"))) in text
    assert normalize(t("report.col.previous_same_days", date=t.date(date(2026, 10, 20), "short"))) in text
    if lang == "en":  # (in ky/ru the whole-month label is a prefix of the same-days one)
        assert normalize(t("report.col.previous_month")) not in text
