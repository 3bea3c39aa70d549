"""The reminder a customer gets: its text in the app's language and the sms:/wa.me
links made from it (no network, no page needed)."""

from __future__ import annotations

from types import SimpleNamespace
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from smallshop.domain.models import BusinessProfile, Customer
from smallshop.domain.money import Money
from smallshop.i18n import get_translator
from smallshop.ui.views.customer_page import reminder_text
from smallshop.ui.views.screen_bits import phone_digits, sms_link, whatsapp_link

TEXT = "Саламатсызбы, Айгүл! 3 000 сом & рахмат?"


def test_sms_link_keeps_the_plus_and_encodes_the_whole_text():
    link = sms_link("+996 (700) 12-34-56", TEXT)
    assert link.startswith("sms:+996700123456?body=")
    body = link.split("?body=", 1)[1]
    assert " " not in body and "&" not in body and "?" not in body
    assert unquote(body) == TEXT


def test_whatsapp_link_uses_digits_only():
    link = whatsapp_link("+996 555 11-22-33", TEXT)
    parts = urlsplit(link)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "wa.me", "/996555112233")
    assert parse_qs(parts.query)["text"] == [TEXT]


@pytest.mark.parametrize("phone, digits", [("0700 123 456", "0700123456"), ("", ""), ("+996-555", "996555")])
def test_phone_digits(phone, digits):
    assert phone_digits(phone) == digits


def _app(lang: str, business: str) -> SimpleNamespace:
    profile = BusinessProfile(business_name=business)
    services = SimpleNamespace(settings=SimpleNamespace(profile=lambda: profile))
    return SimpleNamespace(t=get_translator(lang), services=services)


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_reminder_text_is_in_the_app_language_with_name_amount_and_business(lang):
    customer = Customer(id="c1", name="Айгүл Токтосунова")
    amount = Money.som(3000)
    t = get_translator(lang)
    text = reminder_text(_app(lang, "Нургүл тигүү цехи"), customer, amount)
    assert customer.name in text and t.money(amount) in text and "Нургүл тигүү цехи" in text
    assert "{" not in text
    unsigned = reminder_text(_app(lang, ""), customer, amount)
    assert unsigned == t("ui_screens.reminder.text", name=customer.name, amount=t.money(amount))


def test_reminders_differ_between_languages():
    customer = Customer(id="c1", name="Айгүл")
    texts = {reminder_text(_app(lang, ""), customer, Money.som(500)) for lang in ("ky", "ru", "en")}
    assert len(texts) == 3


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
@pytest.mark.parametrize("tyiyn", [0, 300000, 786666, 5, 123456789])
def test_prefilled_amounts_read_back_exactly_in_every_language(lang, tyiyn):
    from smallshop.domain.parsing import parse_amount
    from smallshop.services.forms import decimal_mark_of
    from smallshop.ui.views.screen_bits import amount_text

    amount = Money(tyiyn)
    text = amount_text(SimpleNamespace(lang=lang), amount)
    assert parse_amount(text, allow_zero=True, decimal_mark=decimal_mark_of(lang)) == amount
    assert ("." in text) == (lang == "en" and tyiyn % 100 != 0)
