"""The Translator: fallback, unknown keys, params, problems, errors, enums, caching."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from smallshop.domain.models import OrderStatus, PaymentMethod, Role
from smallshop.domain.money import Money
from smallshop.domain.period import InvalidMonth, Month
from smallshop.domain.problems import DomainError, Problem
from smallshop.i18n import (
    LANGUAGE_NAMES,
    SUPPORTED,
    Translator,
    enum_key,
    flet_locale,
    get_translator,
    load_catalog,
    normalize_language,
)

S = "\u00a0"


def _write(root, lang, area, data):
    folder = root / lang
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{area}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


@pytest.fixture
def locales(tmp_path):
    """A small catalog folder: ky lacks one key that en has; one key is only in en."""
    _write(tmp_path, "en", "core", {"currency.som": "som", "a.hello": "Hello {name}", "a.only_en": "Only English"})
    _write(tmp_path, "en", "domain", {
        "error.amount.too_big": "At most {limit}",
        "error.due.before": "Due {due} is before {ordered}",
        "storage.damaged": "File {file} is damaged; restore {backup}",
        "storage.damaged_no_backup": "File {file} is damaged and there is no backup",
        "storage.locked": "Folder {folder} is in use",
        "error.month.invalid": "Not a month: {text}",
        "error.unexpected": "Something went wrong: {error}",
        "enum.order_status.ready": "Ready",
    })
    _write(tmp_path, "ky", "core", {"currency.som": "сом", "a.hello": "Салам {name}"})
    _write(tmp_path, "ky", "domain", {"error.amount.too_big": "Эң көп {limit}", "enum.order_status.ready": "Даяр"})
    return tmp_path


def test_text_in_the_language_and_params(locales):
    assert get_translator("ky", locales=locales)("a.hello", name="Айгүл") == "Салам Айгүл"


def test_missing_key_falls_back_to_english(locales):
    assert get_translator("ky", locales=locales)("a.only_en") == "Only English"


def test_key_missing_everywhere_returns_the_key(locales):
    assert get_translator("ky", locales=locales)("no.such.key", x=1) == "no.such.key"


def test_missing_param_stays_visible_and_never_raises(locales):
    t = get_translator("en", locales=locales)
    assert t("a.hello") == "Hello {name}"
    assert t("a.hello", other=1) == "Hello {name}"


def test_a_param_named_key_is_allowed(locales):
    assert get_translator("en", locales=locales)("a.hello", key="k", name="x") == "Hello x"


def test_unknown_language_is_english(locales):
    t = get_translator("de", locales=locales)
    assert t.lang == "en" and t("a.hello", name="x") == "Hello x"
    assert get_translator(None, locales=locales).lang == "en"


@pytest.mark.parametrize("given, expected", [("ky", "ky"), ("RU", "ru"), ("ru_RU", "ru"), ("ky-KG", "ky"),
                                             ("en_US", "en"), ("fr", "en"), ("", "en"), (None, "en")])
def test_normalize_language(given, expected):
    assert normalize_language(given) == expected


def test_translators_are_cached_per_language():
    assert get_translator("ky") is get_translator("ky")
    assert get_translator("ky") is get_translator("ky_KG")
    assert get_translator("ky") is not get_translator("ru")


def test_money_and_dates_in_params_are_formatted(locales):
    ky = get_translator("ky", locales=locales)
    assert ky("error.amount.too_big", limit=Money.som(1_000_000)) == f"Эң көп 1{S}000{S}000{S}сом"
    en = get_translator("en", locales=locales)
    text = en("error.due.before", due=date(2026, 11, 5), ordered=date(2026, 11, 9))
    assert text == "Due Nov 5, 2026 is before Nov 9, 2026"
    assert en("a.hello", name=Month(2026, 11)) == "Hello November 2026"
    assert en("a.hello", name=Decimal("1234.5")) == "Hello 1,234.5"
    assert en("a.hello", name=OrderStatus.READY) == "Hello Ready"


def test_problem_is_translated_with_formatted_params(locales):
    ky = get_translator("ky", locales=locales)
    problem = Problem("amount", "error.amount.too_big", {"limit": Money.som("10000.50")})
    assert ky.problem(problem) == f"Эң көп 10{S}000,50{S}сом"


def test_domain_error_joins_all_problems(locales):
    en = get_translator("en", locales=locales)
    exc = DomainError([
        Problem("amount", "error.amount.too_big", {"limit": Money.som(5)}),
        Problem("due_date", "error.due.before", {"due": date(2026, 1, 2), "ordered": date(2026, 1, 3)}),
    ])
    assert en.error(exc) == f"At most 5{S}som\nDue Jan 2, 2026 is before Jan 3, 2026"
    assert en.error(exc, sep="; ").count("; ") == 1


class _FakeStorageError(Exception):
    """Shaped like storage.interfaces.StorageError (i18n must not import storage)."""

    key = "storage.error"

    def __init__(self, **params):
        super().__init__(self.key)
        self.params = params


class _Damaged(_FakeStorageError):
    key = "storage.damaged"


class _Locked(_FakeStorageError):
    key = "storage.locked"


def test_storage_error_uses_key_and_params(locales):
    en = get_translator("en", locales=locales)
    assert en.error(_Locked(folder="/data")) == "Folder /data is in use"
    assert en.error(_Damaged(file="orders.json", backup="b1.zip")) == "File orders.json is damaged; restore b1.zip"


def test_damaged_store_without_backup_has_its_own_message(locales):
    en = get_translator("en", locales=locales)
    assert en.error(_Damaged(file="orders.json", backup=None)) == "File orders.json is damaged and there is no backup"


def test_real_storage_errors_translate():
    from smallshop.storage.interfaces import StoreDamagedError, StoreLockedError

    t = Translator("en", {"storage.locked": "In use: {folder}", "storage.damaged": "Bad {file}, use {backup}",
                          "storage.damaged_no_backup": "Bad {file}, no backup"})
    assert t.error(StoreLockedError(folder="/d")) == "In use: /d"
    assert t.error(StoreDamagedError(file="x.json", backup="y.zip")) == "Bad x.json, use y.zip"
    assert t.error(StoreDamagedError(file="x.json", backup=None)) == "Bad x.json, no backup"


def test_invalid_month_is_translated_with_its_text(locales):
    en = get_translator("en", locales=locales)
    with pytest.raises(InvalidMonth) as caught:
        Month.parse("2026-13x")
    assert en.error(caught.value) == "Not a month: 2026-13x"


def test_any_other_exception_gets_the_generic_message(locales):
    assert get_translator("en", locales=locales).error(RuntimeError("disk on fire")) == "Something went wrong: disk on fire"


@pytest.mark.parametrize(
    "value, key",
    [(OrderStatus.IN_PROGRESS, "enum.order_status.in_progress"), (PaymentMethod.MOBILE, "enum.payment_method.mobile"),
     (Role.HELPER, "enum.role.helper")],
)
def test_enum_key(value, key):
    assert enum_key(value) == key


@pytest.mark.parametrize(
    "lang, expected",
    [("ky", ["Жаңы", "Иштелүүдө", "Даяр", "Тапшырылды", "Жокко чыгарылды"]),
     ("ru", ["Новый", "В работе", "Готов", "Выдан", "Отменён"]),
     ("en", ["New", "In progress", "Ready", "Delivered", "Cancelled"])],
)
def test_order_status_labels(lang, expected):
    assert [get_translator(lang).enum(s) for s in OrderStatus] == expected


def test_language_names_and_flet_locales():
    assert SUPPORTED == ("ky", "ru", "en")
    assert [LANGUAGE_NAMES[lang] for lang in SUPPORTED] == ["Кыргызча", "Русский", "English"]
    assert [flet_locale(lang) for lang in SUPPORTED] == [("ky", "KG"), ("ru", "RU"), ("en", "US")]
    assert flet_locale("xx") == ("en", "US")
    assert get_translator("ky").flet_locale == ("ky", "KG")


def test_loader_reports_duplicates_across_area_files(tmp_path):
    _write(tmp_path, "ru", "a", {"x.one": "первый"})
    _write(tmp_path, "ru", "b", {"x.one": "второй", "x.two": "два"})
    catalog = load_catalog("ru", tmp_path)
    assert catalog.messages == {"x.one": "первый", "x.two": "два"}
    assert catalog.duplicates == ["ru: 'x.one' in a.json and b.json"]


def test_loader_reports_duplicates_within_one_file(tmp_path):
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "core.json").write_text('{"x.one": "a", "x.one": "b"}', encoding="utf-8")
    assert load_catalog("en", tmp_path).duplicates == ["en: 'x.one' in core.json and core.json"]


def test_real_catalogs_load_for_every_language():
    for lang in SUPPORTED:
        t = get_translator(lang)
        assert t.lang == lang
        assert t("common.save") != "common.save"
        assert t("currency.som") in ("сом", "som")
