"""Every message key the code can show exists in the catalogs (and so, by the
completeness test, in all three languages): what makes "every message the domain
and storage can show has its key in ky, ru and en" true."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import pytest

from smallshop.domain import models
from smallshop.i18n import enum_key, load_catalog

from i18n_key_scanner import key_patterns_in_source, key_patterns_in_tree, keys_in_source, keys_in_tree

SRC = Path(__file__).resolve().parents[2] / "src" / "smallshop"
ENGLISH = load_catalog("en").messages


def test_every_key_used_in_the_source_is_in_the_english_catalog():
    uses = keys_in_tree(SRC)
    assert len(uses) > 0  # the scanner found the code's keys at all
    missing = {key: places for key, places in sorted(uses.items()) if key not in ENGLISH}
    assert missing == {}


def test_every_f_string_key_matches_some_catalog_key():
    unmatched = [
        f"{place}: {shown}"
        for place, shown, regex in key_patterns_in_tree(SRC)
        if not any(regex.match(key) for key in ENGLISH)
    ]
    assert unmatched == []


def test_the_f_string_scanner_on_a_sample():
    sample = 'def f(t, k, n):\n    t(f"report.figure.{k}")\n    app.t(f"{n}")\n    print(f"x.{k}")\n'
    found = key_patterns_in_source(sample)
    assert [shown for _, shown, _ in found] == ["report.figure.{…}"]
    regex = found[0][2]
    assert regex.match("report.figure.income") and not regex.match("report.figures.income")


ENUMS = [value for cls in vars(models).values()
         if isinstance(cls, type) and issubclass(cls, StrEnum) and cls is not StrEnum for value in cls]


@pytest.mark.parametrize("value", ENUMS, ids=lambda v: enum_key(v))
def test_every_domain_enum_value_has_a_label(value):
    assert enum_key(value) in ENGLISH


def test_the_storage_and_domain_error_keys_are_found():
    uses = keys_in_tree(SRC)
    for key in ("storage.error", "storage.locked", "storage.damaged", "error.month.invalid"):
        assert key in uses


SAMPLE = '''
from x import Problem, t

class Boom(Exception):
    key = "storage.boom"
    other = "not.a.key.attr"

class Typed:
    key: str = "storage.typed"

TITLE_KEY = "report.title"
name = "report.pdf"

def view(state, amount, lang):
    t("ui.nav.orders")
    state.t("ui.nav.money", count=2)
    tr("ui.plain")
    t(f"ui.dynamic.{lang}")
    t(some_variable)
    t("Not a key")
    Problem("amount", "error.amount.invalid", {"text": amount})
    Problem(field="due", key="error.due.before")
    Button(label_key="ui.button.save")
    sorted([], key=len)
    print("ui.not.translated")
'''


def test_the_scanner_finds_exactly_the_keys_in_a_sample():
    found = sorted(key for _, key in keys_in_source(SAMPLE))
    assert found == sorted([
        "storage.boom", "storage.typed", "report.title", "ui.nav.orders", "ui.nav.money", "ui.plain",
        "error.amount.invalid", "error.due.before", "ui.button.save",
    ])
