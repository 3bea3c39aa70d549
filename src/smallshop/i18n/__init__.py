"""i18n layer: translations (locales/<lang>/*.json) and formatting (Babel). See README.md.

    from smallshop.i18n import get_translator
    t = get_translator("ky")
    t("ui.nav.orders"); t.money(Money.som(1250)); t.date(day); t.month(Month(2026, 11))
"""

from .catalog import Catalog, CatalogError, catalog_files, load_catalog
from .formatting import NBSP, NO_VALUE
from .languages import (
    DEFAULT_LANGUAGE,
    FALLBACK_LANGUAGE,
    LANGUAGE_NAMES,
    SUPPORTED,
    flet_locale,
    language_name,
    normalize_language,
)
from .translator import Translator, enum_key, get_translator, reload_translations

__all__ = [
    "Catalog",
    "CatalogError",
    "DEFAULT_LANGUAGE",
    "FALLBACK_LANGUAGE",
    "LANGUAGE_NAMES",
    "NBSP",
    "NO_VALUE",
    "SUPPORTED",
    "Translator",
    "catalog_files",
    "enum_key",
    "flet_locale",
    "get_translator",
    "language_name",
    "load_catalog",
    "normalize_language",
    "reload_translations",
]
