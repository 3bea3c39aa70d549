"""Every problem key the domain can raise has a message in en, ru and ky, with the same placeholders."""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = ROOT / "src" / "smallshop" / "domain"
LANGS = ("en", "ru", "ky")
_KEY = re.compile(r"""["'](error\.[a-z_]+\.[a-z_]+)["']""")
_PLACEHOLDER = re.compile(r"{(\w+)}")


def _catalog(lang):
    return json.loads((ROOT / "locales" / lang / "domain.json").read_text(encoding="utf-8"))


def _keys_in_source():
    keys = set()
    for path in DOMAIN.glob("*.py"):
        keys.update(_KEY.findall(path.read_text(encoding="utf-8")))
    # keys built from a kind: error.{kind}.<reason> in parsing._number
    for kind in ("amount", "quantity"):
        keys.update({f"error.{kind}.{r}" for r in ("required", "invalid", "negative")})
    keys.add("error.amount.ambiguous")
    return keys


def test_source_scan_finds_the_keys():
    assert {"error.amount.invalid", "error.order.illegal_transition", "error.month.invalid"} <= _keys_in_source()


@pytest.mark.parametrize("lang", LANGS)
def test_every_domain_key_is_translated(lang):
    assert sorted(_keys_in_source() - set(_catalog(lang))) == []


@pytest.mark.parametrize("lang", ("ru", "ky"))
def test_same_keys_and_placeholders_as_english(lang):
    english, other = _catalog("en"), _catalog(lang)
    assert set(other) == set(english)
    for key, text in english.items():
        assert set(_PLACEHOLDER.findall(other[key])) == set(_PLACEHOLDER.findall(text)), key
        assert other[key] != text, f"{key} is not translated"
