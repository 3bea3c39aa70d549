"""The languages smallshop speaks, their own names, and how other layers name them.

Kept as plain data so the UI (Flet's Material locale), the CLI (--lang) and the
report all agree on one list without importing each other.
"""

from __future__ import annotations

SUPPORTED: tuple[str, ...] = ("ky", "ru", "en")
DEFAULT_LANGUAGE = "ky"  # the entrepreneur's language; the *fallback* for missing keys is English
FALLBACK_LANGUAGE = "en"

# Each language named in itself, for a language picker.
LANGUAGE_NAMES: dict[str, str] = {
    "ky": "Кыргызча",
    "ru": "Русский",
    "en": "English",
}

# Babel/CLDR locale used for numbers and dates of each language.
BABEL_LOCALES: dict[str, str] = {"ky": "ky_KG", "ru": "ru_RU", "en": "en_US"}

_FLET_LOCALES: dict[str, tuple[str, str]] = {
    "ky": ("ky", "KG"),
    "ru": ("ru", "RU"),
    "en": ("en", "US"),
}


def normalize_language(lang: str | None) -> str:
    """"ru", "RU", "ru_RU", "ru-KG" -> "ru"; anything unknown or empty -> "en"."""
    if not lang:
        return FALLBACK_LANGUAGE
    code = str(lang).strip().replace("-", "_").split("_", 1)[0].lower()
    return code if code in SUPPORTED else FALLBACK_LANGUAGE


def language_name(lang: str) -> str:
    """The language's own name ("Кыргызча"), for pickers."""
    return LANGUAGE_NAMES[normalize_language(lang)]


def flet_locale(lang: str) -> tuple[str, str]:
    """(language_code, country_code) for Flet's ft.Locale: ky -> ("ky", "KG").

    Pure data: i18n never imports flet; the UI builds ft.Locale(*flet_locale(lang)).
    """
    return _FLET_LOCALES[normalize_language(lang)]
