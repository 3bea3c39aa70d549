"""Numbers, money, dates and months written the way each language writes them.

Built on Babel's CLDR data, with a few deliberate corrections (see README.md,
"Formatting decisions"):
- money is exact: Money -> Decimal (never float); whole som show no decimals,
  "1 250 сом", and amounts with tyiyn show two, "1 250,50 сом";
- inside figures one space character only: U+00A0 NO-BREAK SPACE (CLDR's ky/ru
  group separator, and between amount and "сом"), so a figure never wraps. Dates
  and months keep CLDR's ordinary spaces between words, but CLDR's U+202F (narrow
  no-break space, Russian "2026 г.") becomes U+00A0, so PDF fonts need one glyph;
- Kyrgyz month names are written lowercase (CLDR capitalises its stand-alone
  forms), and the long Kyrgyz date uses the possessive month ("2026-жылдын
  5-ноябры"), as Kyrgyz documents write it;
- English short dates are ISO (2026-11-05): unambiguous for an international reader;
- Kyrgyz has no natural abbreviated month ("2026-ж., 5-ноя." is CLDR's, read as
  Russian), so the Kyrgyz medium date is the numeric one (05.11.2026) and the
  Kyrgyz short month (charts, 6-month tables) spells the month out ("ноябрь 2026");
- negative figures carry the real minus sign U+2212 ("−1 250 сом"), in every
  language: CLDR's hyphen-minus is a hyphen, shorter than "+" and unlike the "−"
  of the report's own labels ("киреше − чыгымдар");
- percentages keep their decimal even when it is zero ("−3,0%" beside "+4,1%").
"""

from __future__ import annotations

import datetime as _dt
from decimal import ROUND_HALF_UP, Decimal

from babel import Locale
from babel.dates import format_date as _babel_date
from babel.dates import get_day_names, get_month_names
from babel.numbers import format_decimal

from ..domain.money import Money
from ..domain.period import Month
from .languages import BABEL_LOCALES, normalize_language

NBSP = "\u00a0"
"""The one space used inside formatted figures (groups, before units, in dates)."""

MINUS = "\u2212"
"""The minus sign of negative figures (not CLDR's hyphen-minus)."""

NO_VALUE = "—"
"""Shown for a figure that does not exist (e.g. a share of zero income)."""

DATE_STYLES = ("short", "medium", "long", "full")
MONTH_STYLES = ("long", "short", "name")

# Kyrgyz possessive month forms, used after a day number: "5-ноябры", "8-марты".
_KY_MONTH_POSSESSIVE = (
    "январы", "февралы", "марты", "апрели", "майы", "июну",
    "июлу", "августу", "сентябры", "октябры", "ноябры", "декабры",
)


def _spaces(text: str) -> str:
    return text.replace("\u202f", NBSP).replace("\u2009", NBSP)


def _signed(text: str) -> str:
    """A formatted figure with CLDR's leading hyphen-minus changed to U+2212; a
    figure that rounded to zero ("-0,0%") loses its sign, so it never reads as a fall."""
    if not text.startswith("-"):
        return text
    return MINUS + text[1:] if any(digit in text for digit in "123456789") else text[1:]


def _locale(lang: str) -> str:
    return BABEL_LOCALES[normalize_language(lang)]


def _to_decimal(value: int | Decimal | float) -> Decimal:
    if isinstance(value, bool):
        raise TypeError("a number, not a bool")
    if isinstance(value, Money):
        raise TypeError("use money() for Money")
    if isinstance(value, float):  # tolerated for counts/ratios; never for money
        return Decimal(repr(value))
    return Decimal(value)


# --- numbers and money ---------------------------------------------------------
def number(value: int | Decimal | float, lang: str, *, decimals: int | None = None) -> str:
    """1250 -> "1 250" (ky, ru) / "1,250" (en). With `decimals`, rounded half-up
    to exactly that many places; otherwise up to three significant decimals shown."""
    amount = _to_decimal(value)
    if decimals is None:
        pattern = "#,##0.###"
    else:
        amount = amount.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return _signed(_spaces(format_decimal(amount, format=pattern, locale=_locale(lang))))


def amount(value: Money, lang: str, *, always_decimals: bool = False) -> str:
    """The figure of a Money without the unit: "1 250", "1 250,50", "−5" (for a
    column headed "сом", or to prefill a form field; domain parsing reads it back)."""
    if not isinstance(value, Money):
        raise TypeError(f"amount() needs Money, got {type(value).__name__}")
    whole = value.tyiyn % 100 == 0
    pattern = "#,##0" if whole and not always_decimals else "#,##0.00"
    loc = _locale(lang)
    digits = format_decimal(abs(value).to_decimal(), format=pattern, locale=loc)
    sign = MINUS if value.is_negative else ""
    return _spaces(sign + digits)


def money(value: Money, lang: str, unit: str, *, always_decimals: bool = False) -> str:
    """Money(125000) -> "1 250 сом"; Money(125050) -> "1 250,50 сом"; en "1,250 som".

    `unit` comes from the catalog ("currency.som"). Negative amounts get the
    minus sign U+2212 in front: "−1 250 сом". `always_decimals` keeps ",00"
    (for columns of figures that must line up)."""
    if not isinstance(value, Money):
        raise TypeError(f"money() needs Money, got {type(value).__name__}")
    return f"{amount(value, lang, always_decimals=always_decimals)}{NBSP}{unit}"


def percent(share: Decimal | int | float | None, lang: str, *, decimals: int = 1) -> str:
    """A fraction as a percentage: Decimal("0.125") -> "12,5 %" (ru), "12,5%" (ky),
    "12.5%" (en). Rounded half-up to exactly `decimals` places, so a column of
    changes reads alike ("−3,0%" beside "+4,1%"); minus U+2212; None -> "—"."""
    if share is None:
        return NO_VALUE
    hundred = (_to_decimal(share) * 100).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    loc = _locale(lang)
    pattern = Locale.parse(loc).percent_formats[None].pattern
    if decimals:
        pattern = pattern.replace("0", "0." + "0" * decimals, 1)
    return _signed(_spaces(format_decimal(hundred / 100, format=pattern, locale=loc)))


# --- dates -----------------------------------------------------------------------
def _month_name(month: int, lang: str, width: str = "wide") -> str:
    lang = normalize_language(lang)
    # ky: CLDR's "format" abbreviations carry a dot ("ноя."); its stand-alone ones do not.
    context = "format" if lang == "ky" else "stand-alone"
    name = get_month_names(width, context, locale=_locale(lang))[month]
    return name if lang == "en" else name.lower()


def weekday(day: _dt.date | int, lang: str, *, style: str = "wide") -> str:
    """The day's name: "бейшемби" / "четверг" / "Thursday". `day` is a date or an
    ISO weekday number (1 = Monday). style: "wide" | "abbreviated" | "short"."""
    iso = day.isoweekday() if isinstance(day, _dt.date) else int(day)
    if not 1 <= iso <= 7:
        raise ValueError(f"ISO weekday must be 1..7, got {iso}")
    lang = normalize_language(lang)
    name = get_day_names(style, "stand-alone", locale=_locale(lang))[iso - 1]
    return name if lang == "en" else name.lower()


def date(day: _dt.date, lang: str, style: str = "medium") -> str:
    """A calendar date in the language (styles short | medium | long | full):

    ky: 05.11.2026 | 05.11.2026      | 2026-жылдын 5-ноябры | 2026-жылдын 5-ноябры, бейшемби
    ru: 05.11.2026 | 5 нояб. 2026 г. | 5 ноября 2026 г.     | четверг, 5 ноября 2026 г.
    en: 2026-11-05 | Nov 5, 2026     | November 5, 2026     | Thursday, November 5, 2026
    """
    if style not in DATE_STYLES:
        raise ValueError(f"date style must be one of {DATE_STYLES}, got {style!r}")
    if isinstance(day, _dt.datetime):
        day = day.date()
    lang = normalize_language(lang)
    if lang == "ky":
        if style in ("short", "medium"):
            return f"{day.day:02d}.{day.month:02d}.{day.year:04d}"
        if style in ("long", "full"):
            text = f"{day.year}-жылдын {day.day}-{_KY_MONTH_POSSESSIVE[day.month - 1]}"
            return text if style == "long" else f"{text}, {weekday(day, lang)}"
    if lang == "en" and style == "short":
        return day.isoformat()
    return _spaces(_babel_date(day, format=style, locale=_locale(lang)))


def month(period: Month, lang: str, style: str = "long") -> str:
    """A calendar month (styles long | short | name):

    ky: 2026-жылдын ноябрь айы | ноябрь 2026 | ноябрь
    ru: ноябрь 2026            | нояб. 2026 | ноябрь
    en: November 2026          | Nov 2026   | November
    """
    if style not in MONTH_STYLES:
        raise ValueError(f"month style must be one of {MONTH_STYLES}, got {style!r}")
    lang = normalize_language(lang)
    if style == "name":
        return _month_name(period.month, lang)
    if style == "short":
        width = "wide" if lang == "ky" else "abbreviated"
        return f"{_month_name(period.month, lang, width)} {period.year}"
    if lang == "ky":
        return f"{period.year}-жылдын {_month_name(period.month, lang)} айы"
    return f"{_month_name(period.month, lang)} {period.year}"


def time(moment: _dt.datetime | _dt.time, lang: str) -> str:
    """Hours and minutes, 24-hour in ky/ru ("14:05"), 12-hour in en ("2:05 PM")."""
    if normalize_language(lang) == "en":
        hour = moment.hour % 12 or 12
        return f"{hour}:{moment.minute:02d}{NBSP}{'AM' if moment.hour < 12 else 'PM'}"
    return f"{moment.hour:02d}:{moment.minute:02d}"
