"""Figures read alike wherever they are written (language review, docs/language.md):
the summary text gives every amount two decimals as the PDF does, changes in the PDF
keep one decimal ("−3,0%" beside "+4,1%"), and a loss carries the minus sign U+2212."""

from __future__ import annotations

import re
from datetime import date

import pytest

from smallshop.commands.summary import render_text
from smallshop.i18n import get_translator
from smallshop.reports import render_report

from .conftest import normalize, pypdf_text
from .sample import PROFILE, known_month

LANGS = ["ky", "ru", "en"]
MINUS = "\u2212"
# an amount and its unit, as the translator writes it: "1 250,50 сом", "−6 500,00 сом", "1,250.50 som"
AMOUNT = re.compile(r"([−\-]?\d[\d\u00a0 ,.]*)\u00a0(?:сом|som)\b")


@pytest.mark.parametrize("lang", LANGS)
def test_summary_text_gives_every_amount_two_decimals(lang):
    text = render_text(known_month(), get_translator(lang), PROFILE.business_name)
    amounts = AMOUNT.findall(text)
    assert len(amounts) > 40  # the figures, categories, methods, debts and the 12-month trend
    decimal_mark = "." if lang == "en" else ","
    whole = [a for a in amounts if not re.search(re.escape(decimal_mark) + r"\d\d$", a)]
    assert whole == []  # the known month has both "5 000" and "21 700,50": they must read alike


@pytest.mark.parametrize("lang", LANGS)
def test_summary_text_writes_a_loss_with_the_minus_sign(lang):
    """August of the known trend is a loss of 6 500 som."""
    t = get_translator(lang)
    text = render_text(known_month(), t, PROFILE.business_name)
    loss = known_month().trend[8].profit  # August
    assert loss.is_negative and t.money(loss, always_decimals=True) in text
    assert any(a.startswith(MINUS) for a in AMOUNT.findall(text))
    assert not any(a.startswith("-") for a in AMOUNT.findall(text))


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_changes_keep_one_decimal_and_the_minus_sign(lang):
    data = render_report(known_month(), PROFILE, fmt="pdf", lang=lang, generated_on=date(2026, 12, 1),
                         prepared_by=PROFILE.owner_name)
    text = normalize(pypdf_text(data))
    percents = re.findall(r"\(([+−\-]?[\d.,]+) ?%\)", text)  # the change column: "(+4,1%)", "(−3,0 %)"
    assert len(percents) >= 5
    assert all(re.fullmatch(r"[+−]?\d+[.,]\d", p) for p in percents), percents
    assert any(p.startswith(MINUS) for p in percents)  # expenses fell from October to November
