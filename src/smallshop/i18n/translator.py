"""The translator every screen, report and command speaks through.

`get_translator("ky")` returns one shared, read-only Translator per language:
`t("ui.nav.orders")`, `t.money(Money)`, `t.date(d)`, `t.month(Month)`,
`t.problem(Problem)`, `t.error(exc)`, `t.enum(OrderStatus.READY)`.
A key missing in the language falls back to English; missing everywhere, the key
itself is shown (a screen never crashes on a missing message; the completeness
test in tests/i18n is what catches it).
"""

from __future__ import annotations

import datetime as _dt
import logging
import string
import threading
from decimal import Decimal
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

from ..domain.money import Money
from ..domain.period import Month
from ..domain.problems import DomainError, Problem
from . import formatting
from .catalog import load_catalog
from .languages import (
    BABEL_LOCALES,
    FALLBACK_LANGUAGE,
    LANGUAGE_NAMES,
    flet_locale,
    normalize_language,
)

log = logging.getLogger(__name__)

CURRENCY_UNIT_KEY = "currency.som"
UNEXPECTED_ERROR_KEY = "error.unexpected"
DAMAGED_NO_BACKUP_KEY = "storage.damaged_no_backup"

_FORMATTER = string.Formatter()


class _KeepMissing(dict):
    """format_map params: an absent placeholder stays visible as "{name}"."""

    def __missing__(self, name: str) -> str:
        return "{" + name + "}"


def enum_key(value: Enum) -> str:
    """OrderStatus.IN_PROGRESS -> "enum.order_status.in_progress"."""
    cls_name = type(value).__name__
    snake = "".join("_" + c.lower() if c.isupper() else c for c in cls_name).lstrip("_")
    return f"enum.{snake}.{value.value}"


class Translator:
    """Messages and formatting for one language (immutable; safe to share)."""

    def __init__(self, lang: str, messages: Mapping[str, str], fallback: Mapping[str, str] | None = None):
        self.lang = normalize_language(lang)
        self._messages = dict(messages)
        self._fallback = dict(fallback or {})
        self._warned: set[str] = set()
        self._lock = threading.Lock()

    # --- identity -----------------------------------------------------------
    @property
    def language_name(self) -> str:
        return LANGUAGE_NAMES[self.lang]

    @property
    def babel_locale(self) -> str:
        return BABEL_LOCALES[self.lang]

    @property
    def flet_locale(self) -> tuple[str, str]:
        return flet_locale(self.lang)

    def __repr__(self) -> str:
        return f"Translator({self.lang!r}, {len(self._messages)} messages)"

    # --- messages -----------------------------------------------------------
    def has(self, key: str) -> bool:
        """True when the key exists in this language or the English fallback."""
        return key in self._messages or key in self._fallback

    def message(self, key: str) -> str:
        """The raw message (placeholders unfilled), with fallback; the key if unknown."""
        text = self._messages.get(key)
        if text is None:
            text = self._fallback.get(key)
            self._warn_once(key, found=text is not None)
        return key if text is None else text

    def __call__(self, key: str, /, **params: Any) -> str:
        """The message for `key` in this language, its `{placeholders}` filled.

        Money, dates, months, Decimals and enums in params are formatted for the
        language. A placeholder without a param stays as "{name}"; never raises."""
        text = self.message(key)
        if not params:
            return text
        values = _KeepMissing({name: self.format_value(value) for name, value in params.items()})
        try:
            return text.format_map(values)
        except (ValueError, KeyError, IndexError, AttributeError, TypeError):
            log.warning("message %r does not format with %s", key, sorted(params))
            return text

    def _warn_once(self, key: str, *, found: bool) -> None:
        with self._lock:
            if key in self._warned:
                return
            self._warned.add(key)
        if found:
            log.info("%r has no %s text; using English", key, self.lang)
        else:
            log.warning("unknown translation key %r", key)

    # --- values -------------------------------------------------------------
    def format_value(self, value: Any) -> str | Any:
        """How a param is shown: Money as money, date as date, Month as month,
        Decimal as a number, an enum by its label; anything else unchanged."""
        if isinstance(value, Money):
            return self.money(value)
        if isinstance(value, Month):
            return self.month(value)
        if isinstance(value, _dt.datetime):
            return f"{self.date(value.date())} {formatting.time(value, self.lang)}"
        if isinstance(value, _dt.date):
            return self.date(value)
        if isinstance(value, Enum):
            return self.enum(value)
        if isinstance(value, Decimal):
            return self.number(value)
        return value

    def money(self, amount: Money, *, always_decimals: bool = False) -> str:
        """"1 250 сом" (ky, ru), "1,250 som" (en); "1 250,50 сом" with tyiyn."""
        return formatting.money(amount, self.lang, self(CURRENCY_UNIT_KEY), always_decimals=always_decimals)

    def amount(self, value: Money, *, always_decimals: bool = False) -> str:
        """The money figure without the unit: "1 250", "1 250,50" (tables, form fields)."""
        return formatting.amount(value, self.lang, always_decimals=always_decimals)

    def number(self, value: int | Decimal, *, decimals: int | None = None) -> str:
        return formatting.number(value, self.lang, decimals=decimals)

    def percent(self, share: Decimal | None, *, decimals: int = 1) -> str:
        """A fraction as a percentage (Decimal("0.125") -> "12,5%"); None -> "—"."""
        return formatting.percent(share, self.lang, decimals=decimals)

    def date(self, day: _dt.date, style: str = "medium") -> str:
        return formatting.date(day, self.lang, style)

    def month(self, period: Month, style: str = "long") -> str:
        return formatting.month(period, self.lang, style)

    def weekday(self, day: _dt.date | int, style: str = "wide") -> str:
        return formatting.weekday(day, self.lang, style=style)

    def time(self, moment: _dt.datetime | _dt.time) -> str:
        return formatting.time(moment, self.lang)

    def enum(self, value: Enum) -> str:
        """The label of any domain enum: OrderStatus.READY -> "Даяр"."""
        return self(enum_key(value))

    # --- problems and errors ------------------------------------------------
    def problem(self, problem: Problem) -> str:
        return self(problem.key, **dict(problem.params))

    def error(self, exc: BaseException, *, sep: str = "\n") -> str:
        """A user-facing message for an error:
        DomainError -> every problem's message joined by `sep`;
        anything with a translation `key` (StorageError family, InvalidMonth) ->
        that message with exc.params (and its other public attributes);
        a damaged store without a backup uses "storage.damaged_no_backup";
        anything else -> the generic "error.unexpected"."""
        if isinstance(exc, DomainError):
            return sep.join(self.problem(p) for p in exc.problems)
        key = getattr(exc, "key", None)
        if isinstance(key, str) and key:
            params = {k: v for k, v in vars(exc).items() if not k.startswith("_") and k != "params"}
            params.update(getattr(exc, "params", None) or {})
            if key == "storage.damaged" and params.get("backup") is None and self.has(DAMAGED_NO_BACKUP_KEY):
                key = DAMAGED_NO_BACKUP_KEY
            return self(key, **{k: ("" if v is None else v) for k, v in params.items()})
        return self(UNEXPECTED_ERROR_KEY, error=str(exc) or type(exc).__name__)


@lru_cache(maxsize=None)
def _translator_for(lang: str, root: str | None) -> Translator:
    locales = Path(root) if root else None
    messages = load_catalog(lang, locales).messages
    fallback = messages if lang == FALLBACK_LANGUAGE else load_catalog(FALLBACK_LANGUAGE, locales).messages
    return Translator(lang, messages, fallback)


def get_translator(lang: str | None = None, *, locales: Path | None = None) -> Translator:
    """The shared Translator of `lang` (ky | ru | en; anything else -> English).
    `locales` points at another catalog folder (tests)."""
    return _translator_for(normalize_language(lang), str(locales) if locales else None)


def reload_translations() -> None:
    """Forget cached catalogs (after editing locales/ in a running dev session)."""
    _translator_for.cache_clear()
