"""Money, numbers, dates and months as each language writes them (exact, table-driven).

NBSP (U+00A0) is the space inside figures; see src/smallshop/i18n/README.md."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from smallshop.domain.money import Money
from smallshop.domain.period import Month
from smallshop.i18n import get_translator

S = "\u00a0"  # the no-break space used inside figures
MINUS = "\u2212"  # the minus sign of negative figures (not the hyphen "-")


@pytest.mark.parametrize(
    "lang, amount, expected",
    [
        ("ky", Money.som(1250), f"1{S}250{S}сом"),
        ("ky", Money.som("1250.50"), f"1{S}250,50{S}сом"),
        ("ky", Money(0), f"0{S}сом"),
        ("ky", Money.som(-1250), f"{MINUS}1{S}250{S}сом"),
        ("ky", Money.som(1_000_000), f"1{S}000{S}000{S}сом"),
        ("ky", Money(5), f"0,05{S}сом"),
        ("ru", Money.som(1250), f"1{S}250{S}сом"),
        ("ru", Money.som("1250.50"), f"1{S}250,50{S}сом"),
        ("ru", Money(0), f"0{S}сом"),
        ("ru", Money.som("-1250.05"), f"{MINUS}1{S}250,05{S}сом"),
        ("ru", Money.som(1_000_000), f"1{S}000{S}000{S}сом"),
        ("en", Money.som(1250), f"1,250{S}som"),
        ("en", Money.som("1250.50"), f"1,250.50{S}som"),
        ("en", Money(0), f"0{S}som"),
        ("en", Money.som(-1250), f"{MINUS}1,250{S}som"),
        ("en", Money.som(1_000_000), f"1,000,000{S}som"),
        # exactness far beyond float precision
        ("en", Money(123456789012345678), f"1,234,567,890,123,456.78{S}som"),
    ],
)
def test_money(lang, amount, expected):
    assert get_translator(lang).money(amount) == expected


@pytest.mark.parametrize(
    "lang, expected",
    [("ky", f"1{S}250,00{S}сом"), ("ru", f"1{S}250,00{S}сом"), ("en", f"1,250.00{S}som")],
)
def test_money_always_decimals_for_columns(lang, expected):
    assert get_translator(lang).money(Money.som(1250), always_decimals=True) == expected


def test_money_refuses_non_money():
    with pytest.raises(TypeError):
        get_translator("ru").money(Decimal("1250"))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "lang, value, kwargs, expected",
    [
        ("ky", 1234567, {}, f"1{S}234{S}567"),
        ("ru", Decimal("1234.5"), {}, f"1{S}234,5"),
        ("en", Decimal("1234.5"), {}, "1,234.5"),
        ("ru", Decimal("2.345"), {"decimals": 2}, "2,35"),  # half-up, not banker's
        ("en", Decimal("2.5"), {"decimals": 0}, "3"),
        ("en", 0, {}, "0"),
    ],
)
def test_number(lang, value, kwargs, expected):
    assert get_translator(lang).number(value, **kwargs) == expected


@pytest.mark.parametrize(
    "lang, share, expected",
    [
        ("ky", Decimal("0.125"), "12,5%"),
        ("ru", Decimal("0.125"), f"12,5{S}%"),
        ("en", Decimal("0.125"), "12.5%"),
        ("en", Decimal("0.25"), "25.0%"),  # the decimal stays: a column of changes reads alike
        ("en", Decimal("0.00049"), "0.0%"),
        ("en", Decimal("0.00051"), "0.1%"),
        ("ru", Decimal("1.5"), f"150,0{S}%"),
        ("ky", Decimal("-0.03"), f"{MINUS}3,0%"),  # the review's "(-3%)" beside "(+4,1%)"
        ("ru", Decimal("-0.0449"), f"{MINUS}4,5{S}%"),  # half-up after *100: -4.49 -> -4.5
        ("en", Decimal("-1"), f"{MINUS}100.0%"),
        ("ky", None, "—"),
    ],
)
def test_percent(lang, share, expected):
    assert get_translator(lang).percent(share) == expected


DAY = date(2026, 11, 5)  # a Thursday


@pytest.mark.parametrize(
    "lang, style, expected",
    [
        ("ky", "short", "05.11.2026"),
        ("ky", "medium", "05.11.2026"),  # CLDR's "2026-ж., 5-ноя." reads as Russian
        ("ky", "long", "2026-жылдын 5-ноябры"),
        ("ky", "full", "2026-жылдын 5-ноябры, бейшемби"),
        ("ru", "short", "05.11.2026"),
        ("ru", "medium", f"5 нояб. 2026{S}г."),
        ("ru", "long", f"5 ноября 2026{S}г."),
        ("ru", "full", f"четверг, 5 ноября 2026{S}г."),
        ("en", "short", "2026-11-05"),
        ("en", "medium", "Nov 5, 2026"),
        ("en", "long", "November 5, 2026"),
        ("en", "full", "Thursday, November 5, 2026"),
    ],
)
def test_date_styles(lang, style, expected):
    assert get_translator(lang).date(DAY, style) == expected


def test_date_default_style_is_medium():
    assert get_translator("ru").date(DAY) == get_translator("ru").date(DAY, "medium")


def test_unknown_date_style_is_refused():
    with pytest.raises(ValueError):
        get_translator("en").date(DAY, "tiny")


KY_MONTHS = ["январь", "февраль", "март", "апрель", "май", "июнь",
             "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь"]
KY_POSSESSIVE = ["январы", "февралы", "марты", "апрели", "майы", "июну",
                 "июлу", "августу", "сентябры", "октябры", "ноябры", "декабры"]
RU_MONTHS = ["январь", "февраль", "март", "апрель", "май", "июнь",
             "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь"]
RU_GENITIVE = ["января", "февраля", "марта", "апреля", "мая", "июня",
               "июля", "августа", "сентября", "октября", "ноября", "декабря"]
EN_MONTHS = ["January", "February", "March", "April", "May", "June",
             "July", "August", "September", "October", "November", "December"]


@pytest.mark.parametrize("number", range(1, 13))
def test_month_names_in_each_language(number):
    period = Month(2026, number)
    assert get_translator("ky").month(period) == f"2026-жылдын {KY_MONTHS[number - 1]} айы"
    assert get_translator("ky").month(period, "name") == KY_MONTHS[number - 1]
    assert get_translator("ru").month(period) == f"{RU_MONTHS[number - 1]} 2026"
    assert get_translator("en").month(period) == f"{EN_MONTHS[number - 1]} 2026"


@pytest.mark.parametrize("number", range(1, 13))
def test_long_dates_use_kyrgyz_possessive_and_russian_genitive(number):
    day = date(2027, number, 8)
    assert get_translator("ky").date(day, "long") == f"2027-жылдын 8-{KY_POSSESSIVE[number - 1]}"
    assert get_translator("ru").date(day, "long") == f"8 {RU_GENITIVE[number - 1]} 2027{S}г."


def test_kyrgyz_month_and_day_names_are_lowercase_kyrgyz():
    ky = get_translator("ky")
    names = [ky.month(Month(2026, m), "name") for m in range(1, 13)]
    assert all(name == name.lower() for name in names)
    weekdays = [ky.weekday(i) for i in range(1, 8)]
    assert weekdays == ["дүйшөмбү", "шейшемби", "шаршемби", "бейшемби", "жума", "ишемби", "жекшемби"]


@pytest.mark.parametrize(
    "lang, expected",
    [("ky", "ноябрь 2026"), ("ru", "нояб. 2026"), ("en", "Nov 2026")],
)
def test_short_month_for_charts(lang, expected):
    assert get_translator(lang).month(Month(2026, 11), "short") == expected


@pytest.mark.parametrize("lang, expected", [("ky", "бейшемби"), ("ru", "четверг"), ("en", "Thursday")])
def test_weekday_of_a_date(lang, expected):
    assert get_translator(lang).weekday(DAY) == expected


@pytest.mark.parametrize(
    "lang, moment, expected",
    [("ky", datetime(2026, 11, 5, 14, 5), "14:05"), ("ru", datetime(2026, 11, 5, 9, 0), "09:00"),
     ("en", datetime(2026, 11, 5, 14, 5), f"2:05{S}PM"), ("en", datetime(2026, 11, 5, 0, 30), f"12:30{S}AM")],
)
def test_time(lang, moment, expected):
    assert get_translator(lang).time(moment) == expected


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_no_narrow_no_break_space_leaks_from_cldr(lang):
    t = get_translator(lang)
    texts = [t.date(DAY, s) for s in ("short", "medium", "long", "full")]
    texts += [t.month(Month(2026, 11), s) for s in ("long", "short", "name")]
    texts += [t.money(Money.som("-1234567.89")), t.percent(Decimal("0.5")), t.number(Decimal("1e6"))]
    assert not any("\u202f" in text or "\u2009" in text for text in texts)


@pytest.mark.parametrize(
    "lang, value, expected",
    [("ky", Money.som("1250.5"), f"1{S}250,50"), ("ru", Money.som(-1250), f"{MINUS}1{S}250"),
     ("en", Money.som(1_000_000), "1,000,000"), ("en", Money(0), "0")],
)
def test_amount_without_unit(lang, value, expected):
    assert get_translator(lang).amount(value) == expected


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
@pytest.mark.parametrize("value", [Money.som("1250.5"), Money.som(1_000_000), Money(5), Money.som("999999.99")])
def test_amount_reads_back_through_domain_parsing(lang, value):
    """What a form field is prefilled with is what the form accepts."""
    from smallshop.domain.parsing import parse_amount

    assert parse_amount(get_translator(lang).amount(value)) == value


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
@pytest.mark.parametrize("day", [date(2026, 12, 5), date(2024, 2, 29), date(2031, 1, 31)])
def test_short_date_reads_back_through_domain_parsing(lang, day):
    """A date field prefilled with the short style is accepted as typed."""
    from smallshop.domain.parsing import parse_date

    assert parse_date(get_translator(lang).date(day, "short")) == day


# --- what the language review (docs/language.md) asked of dates and numbers ------------
@pytest.mark.parametrize("number", range(1, 13))
def test_kyrgyz_medium_date_is_numeric_never_a_cldr_abbreviation(number):
    """Kyrgyz running text (CLI, summary, screens) gets 27.06.2026, not "2026-ж., 27-июн."."""
    day = date(2026, number, 27)
    text = get_translator("ky").date(day)  # the default style, used for dates inside messages
    assert text == f"27.{number:02d}.2026"
    assert "ж." not in text


@pytest.mark.parametrize("number", range(1, 13))
def test_kyrgyz_short_month_spells_the_month_out(number):
    """Charts and the 6-month table: "июнь 2026", not CLDR's "июн. 2026"."""
    text = get_translator("ky").month(Month(2026, number), "short")
    assert text == f"{KY_MONTHS[number - 1]} 2026"
    assert "." not in text


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_negative_figures_use_the_minus_sign_never_a_hyphen(lang):
    t = get_translator(lang)
    texts = [t.money(Money.som("-7030")), t.money(Money(-1), always_decimals=True), t.amount(Money.som(-5)),
             t.number(Decimal("-1234.5")), t.number(-3, decimals=2), t.percent(Decimal("-0.5"))]
    for text in texts:
        assert text.startswith(MINUS) and "-" not in text, text


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_zero_and_positive_figures_have_no_sign(lang):
    t = get_translator(lang)
    # -0.00004 rounds to zero: no "−0,0%" that reads as a fall
    texts = [t.money(Money(0)), t.percent(Decimal("0")), t.percent(Decimal("-0.00004")),
             t.number(Decimal("-0.0001"), decimals=2), t.number(Decimal("-0.0001")), t.percent(Decimal("0.5"))]
    for text in texts:
        assert MINUS not in text and "-" not in text and "+" not in text, text


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_a_negative_amount_written_by_the_app_is_read_as_negative(lang):
    """The parser must see the minus sign the app writes as a sign, not as garbage."""
    from smallshop.domain.parsing import parse_amount
    from smallshop.domain.problems import DomainError

    with pytest.raises(DomainError) as caught:
        parse_amount(get_translator(lang).amount(Money.som(-5)))
    assert [p.key for p in caught.value.problems] == ["error.amount.negative"]
