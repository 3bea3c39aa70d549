"""Turning what a person typed into domain values, or into Problems.

Forms arrive as strings (from a phone keyboard, a PC, the CLI). This module is
the one place that decides what "1 250,50 сом" or "31.01.2026" means, so every
screen and command accepts the same inputs and refuses the same ones with the
same translated message. Single-value parsers raise DomainError with one
Problem; FormReader collects the problems of a whole form and raises them all
at once, so nothing is saved half-way.

Amount rule (documented in domain/README.md too):
  * spaces of any kind (normal, no-break, thin) group thousands: "1 250";
  * "1 250,50", "1250,5", "1250.50": a single comma or dot is the decimal mark;
  * "1,250.50" / "1.250,50": with both marks, the last one is the decimal mark
    and the other groups thousands (groups of exactly three digits);
  * "1,250,000": the same mark repeated groups thousands;
  * "1,250" / "1.250" (one mark followed by exactly three digits, no other
    grouping) is ambiguous - 1250 or 1.25? - and refused with its own message
    asking to type it without the separator, unless the caller passes the
    language's decimal mark: then the other mark groups thousands (in English
    "1,250" is 1250, as the English screens show it);
  * a currency word ("сом", "som", "с", "KGS") may follow or precede the number;
  * refused: letters, exponents ("1e9"), "NaN", "inf", a sign, more than two
    decimals, more than 100 000 000 som, and zero unless the field allows it.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any, Callable, Iterable, Mapping, TypeVar

from .money import Money
from .period import InvalidMonth, Month
from .problems import DomainError, Problem

MAX_AMOUNT = Money.som(100_000_000)
MAX_QUANTITY = Decimal(100_000)
MIN_YEAR, MAX_YEAR = 1900, 2200
NAME_MAX_LENGTH = 120
TEXT_MAX_LENGTH = 2000
PHONE_MIN_DIGITS, PHONE_MAX_DIGITS = 7, 15

_SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u202f\u200b_']+")
# a currency word before the number must be a whole word ("KGS 300"); the short "с"
# only follows it ("1250с"), so a stray letter in front ("c5", "с5") is refused
_CURRENCY = re.compile(r"^(?:kgs|сом|som)\.?\s*|\s*(?:kgs|сом|som|с)\.?$", re.IGNORECASE)
_DIGITS = re.compile(r"^[0-9]+$")
_GROUPED = re.compile(r"^[0-9]{1,3}(?:,[0-9]{3})+$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DOTTED_DATE = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")
_PHONE_CHARS = re.compile(r"^\+?[0-9 ()\-]+$")

E = TypeVar("E", bound=Enum)
T = TypeVar("T")


# --- numbers -------------------------------------------------------------------
def _number(text: str, kind: str, field: str, *, guard_ambiguous: bool, decimal_mark: str | None = None) -> Decimal:
    """The non-negative decimal a person meant, or DomainError(error.<kind>.*).

    Does not check the sign's meaning beyond refusing it, nor size or decimals:
    callers do that with their own limits.
    """
    raw = "" if text is None else str(text)
    raw = unicodedata.normalize("NFKC", raw).strip()
    if not raw:
        raise DomainError(Problem(field, f"error.{kind}.required"))
    raw = _CURRENCY.sub("", raw).strip()
    if raw[:1] == "+":  # a sign is refused, not read past: "+5" is not what a price looks like
        raise DomainError(Problem(field, f"error.{kind}.invalid"))
    negative = raw[:1] in ("-", "\u2212", "\u2013")
    if negative:
        raw = raw[1:].strip()
    spaced = bool(_SPACES.search(raw))
    parts = _SPACES.split(raw)
    if not raw or not all(parts):
        raise DomainError(Problem(field, f"error.{kind}.invalid"))
    # spaces group thousands: first group 1-3 digits, the others exactly 3
    if spaced:
        *groups, last = parts
        last_int = re.split(r"[.,]", last, maxsplit=1)[0]
        if not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 and _DIGITS.match(g) for g in groups[1:])
                and _DIGITS.match(groups[0]) and len(last_int) == 3):
            raise DomainError(Problem(field, f"error.{kind}.invalid"))
    compact = "".join(parts)
    value = _decimal_from_marks(compact, kind, field, spaced=spaced, guard_ambiguous=guard_ambiguous,
                                decimal_mark=decimal_mark)
    if negative:
        raise DomainError(Problem(field, f"error.{kind}.negative"))
    return value


def _decimal_from_marks(s: str, kind: str, field: str, *, spaced: bool, guard_ambiguous: bool,
                        decimal_mark: str | None) -> Decimal:
    invalid = DomainError(Problem(field, f"error.{kind}.invalid"))
    commas, dots = s.count(","), s.count(".")
    if commas and dots:
        decimal_mark = "," if s.rfind(",") > s.rfind(".") else "."
        group_mark = "." if decimal_mark == "," else ","
        if s.count(decimal_mark) != 1:
            raise invalid
        whole, frac = s.split(decimal_mark)
        if spaced or not _GROUPED.match(whole.replace(group_mark, ",")):
            raise invalid
        whole = whole.replace(group_mark, "")
    elif commas > 1 or dots > 1:
        mark = "," if commas else "."
        if spaced or not _GROUPED.match(s.replace(mark, ",")):
            raise invalid
        whole, frac = s.replace(mark, ""), ""
    elif commas == 1 or dots == 1:
        mark = "," if commas else "."
        whole, frac = s.split(mark)
        looks_grouped = not spaced and len(frac) == 3 and 1 <= len(whole) <= 3 and whole[:1] not in ("", "0")
        if guard_ambiguous and looks_grouped:
            if decimal_mark is None:
                raise DomainError(Problem(field, f"error.{kind}.ambiguous", {"text": s}))
            if mark != decimal_mark:  # the language groups thousands with this mark: "1,250" in English
                whole, frac = whole + frac, ""
        if not whole:
            whole = "0"  # ",5" -> 0.5
    else:
        whole, frac = s, ""
    if not _DIGITS.match(whole) or (frac and not _DIGITS.match(frac)):
        raise invalid
    try:
        return Decimal(f"{whole}.{frac}" if frac else whole)
    except InvalidOperation:  # pragma: no cover - the regexes above make this unreachable
        raise invalid from None


def _decimals(value: Decimal) -> int:
    """How many decimals were typed ("1.500" -> 3): a person's precision, kept."""
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def parse_amount(text: str, field: str = "amount", *, allow_zero: bool = False,
                 decimal_mark: str | None = None) -> Money:
    """Money from what a person typed ("1 250,50 сом"); raises DomainError.

    `decimal_mark` ("," for ru/ky, "." for en) settles "1,250" / "1.250": the
    other mark groups thousands (1250), the language's own mark there would
    give three decimals and is refused. Without it those are refused as ambiguous.
    """
    if decimal_mark not in (None, ",", "."):
        raise ValueError(f"decimal_mark must be ',' or '.', not {decimal_mark!r}")
    value = _number(text, "amount", field, guard_ambiguous=True, decimal_mark=decimal_mark)
    if _decimals(value) > 2:
        raise DomainError(Problem(field, "error.amount.too_many_decimals"))
    if value > MAX_AMOUNT.to_decimal():  # before Money: 40 typed digits overflow Decimal's precision
        raise DomainError(Problem(field, "error.amount.too_large", {"max": MAX_AMOUNT}))
    money = Money.som(value)
    if money.is_zero and not allow_zero:
        raise DomainError(Problem(field, "error.amount.zero"))
    return money


def check_amount(money: Money, field: str = "amount", *, allow_zero: bool = False) -> Money:
    """A Money value handed in as it is, held to the limits a typed amount meets."""
    if money.is_negative:
        raise DomainError(Problem(field, "error.amount.negative"))
    if money > MAX_AMOUNT:
        raise DomainError(Problem(field, "error.amount.too_large", {"max": MAX_AMOUNT}))
    if money.is_zero and not allow_zero:
        raise DomainError(Problem(field, "error.amount.zero"))
    return money


def parse_quantity(text: str, field: str = "quantity") -> Decimal:
    """A positive quantity with up to three decimals ("2", "1,5", "0.75")."""
    value = _number(text, "quantity", field, guard_ambiguous=False)
    if _decimals(value) > 3:
        raise DomainError(Problem(field, "error.quantity.too_many_decimals"))
    if value > MAX_QUANTITY:
        raise DomainError(Problem(field, "error.quantity.too_large", {"max": MAX_QUANTITY}))
    if value == 0:
        raise DomainError(Problem(field, "error.quantity.zero"))
    return value


def parse_integer(text: str, field: str, *, minimum: int, maximum: int) -> int:
    """A whole number within [minimum, maximum], e.g. a count of instalments."""
    raw = unicodedata.normalize("NFKC", "" if text is None else str(text)).strip()
    if not raw:
        raise DomainError(Problem(field, "error.integer.required"))
    if not _DIGITS.match(raw.lstrip("-")) or raw.count("-") > (1 if raw.startswith("-") else 0):
        raise DomainError(Problem(field, "error.integer.invalid"))
    value = int(raw)
    if not minimum <= value <= maximum:
        raise DomainError(Problem(field, "error.integer.out_of_range", {"min": minimum, "max": maximum}))
    return value


# --- dates ---------------------------------------------------------------------
def parse_date(text: str, field: str = "date") -> date:
    """A date from "2026-11-28" (ISO) or "28.11.2026" / "28/11/2026" (day first)."""
    raw = unicodedata.normalize("NFKC", "" if text is None else str(text)).strip()
    if not raw:
        raise DomainError(Problem(field, "error.date.required"))
    if m := _ISO_DATE.match(raw):
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    elif m := _DOTTED_DATE.match(raw):
        d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        raise DomainError(Problem(field, "error.date.invalid", {"text": raw[:40]}))
    if not MIN_YEAR <= y <= MAX_YEAR:
        raise DomainError(Problem(field, "error.date.out_of_range", {"min": MIN_YEAR, "max": MAX_YEAR}))
    try:
        return date(y, mo, d)
    except ValueError:
        raise DomainError(Problem(field, "error.date.invalid", {"text": raw[:40]})) from None


def parse_month(text: str, field: str = "month") -> Month:
    """A calendar month from "YYYY-MM"; error.month.invalid otherwise."""
    try:
        return Month.parse("" if text is None else str(text))
    except InvalidMonth:
        raise DomainError(Problem(field, InvalidMonth.key, {"text": str(text)[:40]})) from None


# --- text ----------------------------------------------------------------------
def _has_control(text: str, allowed: str = "") -> bool:
    return any(unicodedata.category(ch) in ("Cc", "Cs", "Co") and ch not in allowed for ch in text)


def _drop_invisible(text: str) -> str:
    """Zero-width and direction marks that pasted text carries are dropped silently."""
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def clean_name(text: str, field: str = "name", *, max_length: int = NAME_MAX_LENGTH) -> str:
    """A required one-line name: trimmed, inner runs of spaces collapsed to one."""
    raw = _drop_invisible(unicodedata.normalize("NFC", "" if text is None else str(text)))
    if _has_control(raw.replace("\t", " ").replace("\n", " ").replace("\r", " ")):
        raise DomainError(Problem(field, "error.name.invalid_characters"))
    name = " ".join(raw.split())
    if not name:
        raise DomainError(Problem(field, "error.name.required"))
    if len(name) > max_length:
        raise DomainError(Problem(field, "error.name.too_long", {"max": max_length, "length": len(name)}))
    return name


def clean_text(text: str | None, field: str = "notes", *, max_length: int = TEXT_MAX_LENGTH) -> str:
    """Optional free text (notes, measurements): lines kept, ends trimmed."""
    raw = _drop_invisible(unicodedata.normalize("NFC", "" if text is None else str(text)))
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    if _has_control(raw, allowed="\n\t"):
        raise DomainError(Problem(field, "error.text.invalid_characters"))
    cleaned = "\n".join(line.rstrip() for line in raw.strip().split("\n"))
    if len(cleaned) > max_length:
        raise DomainError(Problem(field, "error.text.too_long", {"max": max_length, "length": len(cleaned)}))
    return cleaned


def clean_phone(text: str | None, field: str = "phone") -> str:
    """Optional phone: digits, spaces, "+", "-", parentheses; 7 to 15 digits."""
    raw = " ".join(unicodedata.normalize("NFKC", "" if text is None else str(text)).split())
    if not raw:
        return ""
    digits = sum(ch.isascii() and ch.isdigit() for ch in raw)
    if not _PHONE_CHARS.match(raw) or not PHONE_MIN_DIGITS <= digits <= PHONE_MAX_DIGITS:
        raise DomainError(Problem(field, "error.phone.invalid", {"min": PHONE_MIN_DIGITS, "max": PHONE_MAX_DIGITS}))
    return raw


def parse_choice(text: Any, enum: type[E], field: str) -> E:
    """One of an enum's values (its stable code, e.g. "cash")."""
    if isinstance(text, enum):
        return text
    raw = "" if text is None else str(text).strip()
    if not raw:
        raise DomainError(Problem(field, "error.choice.required"))
    try:
        return enum(raw)
    except ValueError:
        raise DomainError(Problem(field, "error.choice.invalid", {"text": raw[:40]})) from None


# --- whole forms ---------------------------------------------------------------
class FormReader:
    """Reads a whole form, collecting every problem instead of stopping at the first.

        form = FormReader({"amount": "1 250", "date": "28.11.2026", "method": "cash"})
        amount = form.amount("amount")
        on = form.date("date")
        method = form.choice("method", PaymentMethod)
        form.raise_if_problems()   # one DomainError listing all problems

    Every reader returns the value, or None when the field is optional and empty
    or when it had a problem (which is recorded).
    """

    def __init__(self, data: Mapping[str, Any] | None = None, *, decimal_mark: str | None = None) -> None:
        self.data: Mapping[str, Any] = data or {}
        self.decimal_mark = decimal_mark  # of the user's language; see parse_amount
        self.problems: list[Problem] = []

    # bookkeeping
    def raw(self, field: str) -> str:
        """The field as text; values already typed (enum, Decimal, date) as their plain form."""
        value = self.data.get(field)
        if value is None:
            return ""
        if isinstance(value, Enum):
            return str(value.value)
        if isinstance(value, Decimal):
            return format(value, "f")  # never "1E+1"
        return str(value)

    def _blank(self, field: str) -> bool:
        return not unicodedata.normalize("NFKC", self.raw(field)).strip()

    def _read(self, field: str, required: bool, parser: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
        if not required and self._blank(field):
            return None
        try:
            return parser(self.raw(field), *args, **kwargs)
        except DomainError as error:
            self.problems.extend(error.problems)
            return None

    def add(self, *problems: Problem) -> None:
        """Record problems found by other checks (e.g. validate_order)."""
        self.problems.extend(problems)

    def extend(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    @property
    def ok(self) -> bool:
        return not self.problems

    def has_problem(self, field: str) -> bool:
        return any(p.field == field for p in self.problems)

    def raise_if_problems(self) -> None:
        if self.problems:
            raise DomainError(tuple(self.problems))

    # readers
    def amount(self, field: str, *, required: bool = True, allow_zero: bool = False) -> Money | None:
        value = self.data.get(field)
        if isinstance(value, Money):  # handed in by a service, not typed: no text round trip
            try:
                return check_amount(value, field, allow_zero=allow_zero)
            except DomainError as error:
                self.problems.extend(error.problems)
                return None
        return self._read(field, required, parse_amount, field, allow_zero=allow_zero,
                          decimal_mark=self.decimal_mark)

    money = amount

    def quantity(self, field: str, *, required: bool = True) -> Decimal | None:
        return self._read(field, required, parse_quantity, field)

    def integer(self, field: str, *, minimum: int, maximum: int, required: bool = True) -> int | None:
        return self._read(field, required, parse_integer, field, minimum=minimum, maximum=maximum)

    def date(self, field: str, *, required: bool = True) -> date | None:
        return self._read(field, required, parse_date, field)

    def month(self, field: str = "month", *, required: bool = True) -> Month | None:
        return self._read(field, required, parse_month, field)

    def name(self, field: str = "name", *, required: bool = True, max_length: int = NAME_MAX_LENGTH) -> str | None:
        value = self._read(field, required, clean_name, field, max_length=max_length)
        return value

    def text(self, field: str, *, max_length: int = TEXT_MAX_LENGTH) -> str:
        value = self._read(field, True, clean_text, field, max_length=max_length)
        return "" if value is None else value

    def phone(self, field: str = "phone") -> str:
        value = self._read(field, True, clean_phone, field)
        return "" if value is None else value

    def choice(self, field: str, enum: type[E], *, required: bool = True, default: E | None = None) -> E | None:
        if self._blank(field) and default is not None:
            return default
        return self._read(field, required, parse_choice, enum, field)

    def optional_id(self, field: str) -> str | None:
        """An id chosen from a list (customer, order, member): blank means none."""
        raw = self.raw(field).strip()
        return raw or None
