"""What people type into forms: accepted values and the problem key for each refusal."""

from datetime import date
from decimal import Decimal

import pytest

from smallshop.domain.models import PaymentMethod
from smallshop.domain.money import Money
from smallshop.domain.parsing import (
    MAX_AMOUNT,
    FormReader,
    clean_name,
    clean_phone,
    clean_text,
    parse_amount,
    parse_date,
    parse_integer,
    parse_month,
    parse_quantity,
)
from smallshop.domain.period import Month
from smallshop.domain.problems import DomainError


def _key(call, *args, **kwargs):
    with pytest.raises(DomainError) as info:
        call(*args, **kwargs)
    (problem,) = info.value.problems
    return problem


@pytest.mark.parametrize(
    "text, som",
    [
        ("1250", "1250"),
        ("1 250", "1250"),
        ("1 250,50", "1250.50"),
        ("1250,5", "1250.50"),
        ("1250.5", "1250.50"),
        ("1,250.50", "1250.50"),
        ("1.250,50", "1250.50"),
        ("1,250,000", "1250000"),
        ("1 250 000,00", "1250000"),
        ("1\u00a0250,50", "1250.50"),  # no-break space (what phones insert)
        ("1\u202f250", "1250"),  # narrow no-break space (Babel's ru grouping)
        ("1\u2009250", "1250"),  # thin space
        ("  500  ", "500"),
        ("1 250 сом", "1250"),
        ("1250 som", "1250"),
        ("1250 СОМ", "1250"),
        ("1250с", "1250"),
        ("KGS 300", "300"),
        ("1,25", "1.25"),
        ("0,5", "0.50"),
        (",5", "0.50"),
        ("5,", "5"),
        ("１２３", "123"),  # full-width digits from some keyboards
        ("100000000", "100000000"),
    ],
)
def test_amounts_people_type(text, som):
    assert parse_amount(text) == Money.som(som)


@pytest.mark.parametrize(
    "text, key",
    [
        ("", "error.amount.required"),
        ("   ", "error.amount.required"),
        (None, "error.amount.required"),
        ("abc", "error.amount.invalid"),
        ("12abc", "error.amount.invalid"),
        ("1e9", "error.amount.invalid"),
        ("1E3", "error.amount.invalid"),
        ("NaN", "error.amount.invalid"),
        ("inf", "error.amount.invalid"),
        ("Infinity", "error.amount.invalid"),
        ("1.2.3", "error.amount.invalid"),
        ("1,2.3", "error.amount.invalid"),
        ("12 50", "error.amount.invalid"),  # spaces only group thousands
        ("1 2500", "error.amount.invalid"),
        ("--5", "error.amount.invalid"),
        ("сом", "error.amount.invalid"),
        ("0x10", "error.amount.invalid"),
        ("+5", "error.amount.invalid"),  # the docstring's rule: signs are refused
        ("+ 1 250", "error.amount.invalid"),
        ("c5", "error.amount.invalid"),  # a stray Latin letter, not a currency
        ("с5", "error.amount.invalid"),  # the short Cyrillic "с" only follows the number
        ("5c", "error.amount.invalid"),
        ("-5", "error.amount.negative"),
        ("-1 250,50", "error.amount.negative"),
        ("\u22125", "error.amount.negative"),  # a real minus sign
        ("1250.505", "error.amount.too_many_decimals"),
        ("0,500", "error.amount.too_many_decimals"),
        ("1 250,500", "error.amount.too_many_decimals"),
        ("100000000.01", "error.amount.too_large"),
        ("999 999 999", "error.amount.too_large"),
        ("9" * 40, "error.amount.too_large"),  # more digits than Decimal's precision
        ("1" + "0" * 30 + ",5", "error.amount.too_large"),
        ("0", "error.amount.zero"),
        ("0,00", "error.amount.zero"),
        ("1,250", "error.amount.ambiguous"),
        ("1.250", "error.amount.ambiguous"),
    ],
)
def test_amounts_refused_with_their_own_reason(text, key):
    problem = _key(parse_amount, text, "price")
    assert problem.key == key
    assert problem.field == "price"


def test_too_large_names_the_limit_and_zero_may_be_allowed():
    assert _key(parse_amount, "200000000").params == {"max": MAX_AMOUNT}
    assert parse_amount("0", allow_zero=True) == Money(0)
    assert _key(parse_amount, "1,250").params == {"text": "1,250"}


@pytest.mark.parametrize("text, value", [("2", "2"), ("1,5", "1.5"), ("0.75", "0.75"), ("1,250", "1.250"), ("3 000", "3000")])
def test_quantities(text, value):
    assert parse_quantity(text) == Decimal(value)


@pytest.mark.parametrize(
    "text, key",
    [("", "error.quantity.required"), ("x", "error.quantity.invalid"), ("-1", "error.quantity.negative"),
     ("0", "error.quantity.zero"), ("1.2345", "error.quantity.too_many_decimals"),
     ("1000001", "error.quantity.too_large"), ("1e3", "error.quantity.invalid"),
     ("9" * 10_000, "error.quantity.too_large")],
)
def test_quantities_refused(text, key):
    assert _key(parse_quantity, text).key == key


@pytest.mark.parametrize(
    "text, expected",
    [("2026-11-28", date(2026, 11, 28)), ("28.11.2026", date(2026, 11, 28)), ("1.2.2026", date(2026, 2, 1)),
     ("28/11/2026", date(2026, 11, 28)), (" 2024-02-29 ", date(2024, 2, 29)), ("2026-1-5", date(2026, 1, 5))],
)
def test_dates(text, expected):
    assert parse_date(text, "due_date") == expected


@pytest.mark.parametrize(
    "text, key",
    [("", "error.date.required"), ("tomorrow", "error.date.invalid"), ("2026-02-30", "error.date.invalid"),
     ("31.04.2026", "error.date.invalid"), ("2025-02-29", "error.date.invalid"), ("11/28/2026", "error.date.invalid"),
     ("28.11.26", "error.date.invalid"), ("0001-01-01", "error.date.out_of_range"), ("2026-13-01", "error.date.invalid")],
)
def test_dates_refused(text, key):
    assert _key(parse_date, text, "due_date").key == key


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "11-2026", "2026/11", "", "ноябрь", "2026-1", "abcd-ef"])
def test_unknown_month_strings(text):
    problem = _key(parse_month, text)
    assert problem.key == "error.month.invalid"
    assert parse_month("2026-11") == Month(2026, 11)


@pytest.mark.parametrize(
    "text, name",
    [("  Айгүл   Токтогулова ", "Айгүл Токтогулова"), ("Нурлан\tуулу", "Нурлан уулу"), ("Ok\u200bname", "Okname"),
     ("x" * 120, "x" * 120)],
)
def test_names_are_tidied(text, name):
    assert clean_name(text) == name


@pytest.mark.parametrize(
    "text, key",
    [("", "error.name.required"), ("   \n ", "error.name.required"), ("x" * 121, "error.name.too_long"),
     ("x" * 10_000, "error.name.too_long"), ("bad\x00name", "error.name.invalid_characters"),
     ("bell\x07", "error.name.invalid_characters")],
)
def test_names_refused(text, key):
    problem = _key(clean_name, text, "lender")
    assert (problem.key, problem.field) == (key, "lender")


def test_too_long_name_says_the_limit():
    assert _key(clean_name, "я" * 10_000).params == {"max": 120, "length": 10_000}


def test_free_text_keeps_lines_and_refuses_controls():
    assert clean_text(" бел 92\r\nбут 100  \n") == "бел 92\nбут 100"
    assert clean_text("") == ""
    assert _key(clean_text, "a" * 2001).key == "error.text.too_long"
    assert _key(clean_text, "a\x1bb").key == "error.text.invalid_characters"


@pytest.mark.parametrize("text, cleaned", [("+996 (555) 12-34-56", "+996 (555) 12-34-56"), ("", ""), ("  0555123456 ", "0555123456")])
def test_phones(text, cleaned):
    assert clean_phone(text) == cleaned


@pytest.mark.parametrize("text", ["12345", "call me", "+996 555 123 456 789 000", "55+5123456", "0555#123456"])
def test_phones_refused(text):
    assert _key(clean_phone, text).key == "error.phone.invalid"


@pytest.mark.parametrize("text, key", [("", "error.integer.required"), ("x", "error.integer.invalid"),
                                       ("0", "error.integer.out_of_range"), ("361", "error.integer.out_of_range"),
                                       ("1.5", "error.integer.invalid")])
def test_integers(text, key):
    assert _key(parse_integer, text, "count", minimum=1, maximum=360).key == key
    assert parse_integer("12", "count", minimum=1, maximum=360) == 12


def test_form_reader_collects_every_problem_at_once():
    form = FormReader({"amount": "abc", "name": "", "due_date": "", "method": "card", "quantity": "2", "phone": "12"})
    assert form.amount("amount") is None
    assert form.name("name") is None
    assert form.date("due_date", required=False) is None
    assert form.choice("method", PaymentMethod) is None
    assert form.quantity("quantity") == Decimal(2)
    assert form.phone("phone") == ""
    with pytest.raises(DomainError) as info:
        form.raise_if_problems()
    assert [(p.field, p.key) for p in info.value.problems] == [
        ("amount", "error.amount.invalid"),
        ("name", "error.name.required"),
        ("method", "error.choice.invalid"),
        ("phone", "error.phone.invalid"),
    ]


def test_form_reader_returns_values_when_all_is_well():
    form = FormReader({"amount": "1 250,50", "date": "28.11.2026", "method": "mobile", "notes": None})
    assert form.amount("amount") == Money.som("1250.50")
    assert form.date("date") == date(2026, 11, 28)
    assert form.choice("method", PaymentMethod) is PaymentMethod.MOBILE
    assert form.choice("other", PaymentMethod, default=PaymentMethod.CASH) is PaymentMethod.CASH
    assert form.text("notes") == ""
    assert form.date("missing") is None and form.problems[-1].key == "error.date.required"
    form.problems.clear()
    form.raise_if_problems()  # nothing to raise
    assert form.ok


@pytest.mark.parametrize(
    "text, mark, expected",
    [("1,250", ".", "1250"), ("1.250", ",", "1250"), ("1,25", ".", "1.25"), ("1,5", ".", "1.50"),
     ("1 250,50", ".", "1250.50"), ("1,250,000", ",", "1250000")],
)
def test_the_languages_decimal_mark_settles_ambiguity(text, mark, expected):
    assert parse_amount(text, decimal_mark=mark) == Money.som(expected)


@pytest.mark.parametrize("text, mark", [("1,250", ","), ("1.250", ".")])
def test_the_languages_own_mark_with_three_digits_is_three_decimals(text, mark):
    assert _key(parse_amount, text, decimal_mark=mark).key == "error.amount.too_many_decimals"


def test_form_reader_passes_the_decimal_mark():
    assert FormReader({"a": "1,250"}, decimal_mark=".").amount("a") == Money.som(1250)


def test_form_reader_reads_values_that_are_already_typed():
    form = FormReader({"q": Decimal("1E+1"), "m": PaymentMethod.BANK, "d": date(2026, 1, 31), "a": Money.som(5)})
    assert (form.quantity("q"), form.choice("m", PaymentMethod), form.date("d"), form.amount("a")) == (
        Decimal(10), PaymentMethod.BANK, date(2026, 1, 31), Money.som(5))
