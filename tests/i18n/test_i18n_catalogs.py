"""The catalog completeness test: the three languages always have the same keys and
placeholders, in the same area files, with real (non-empty, translated) texts."""

from __future__ import annotations

import json

import pytest

from smallshop import paths
from smallshop.i18n import SUPPORTED, catalog_files, load_catalog

from i18n_catalog_rules import (
    CYRILLIC_RE,
    KEY_RE,
    LATIN_WORD_RE,
    bad_fields,
    placeholders,
    without_placeholders,
)

CATALOGS = {lang: load_catalog(lang) for lang in SUPPORTED}
ALL_KEYS = sorted(set().union(*(c.messages for c in CATALOGS.values())))


def test_every_language_has_catalog_files():
    for lang in SUPPORTED:
        assert catalog_files(lang), f"no locales/{lang}/*.json"


def test_same_area_files_in_every_language():
    names = {lang: sorted(p.name for p in catalog_files(lang)) for lang in SUPPORTED}
    assert names["ru"] == names["en"], names
    assert names["ky"] == names["en"], names


@pytest.mark.parametrize("lang", SUPPORTED)
def test_files_are_flat_json_objects_of_strings(lang):
    for path in catalog_files(lang):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert isinstance(data, dict), path
        wrong = [k for k, v in data.items() if not isinstance(v, str)]
        assert wrong == [], f"{path}: values must be strings: {wrong}"


@pytest.mark.parametrize("lang", SUPPORTED)
def test_no_key_is_defined_twice(lang):
    # within one file (json would silently keep the last) or across area files
    assert CATALOGS[lang].duplicates == []


def test_each_area_file_has_the_same_keys_in_every_language():
    problems = []
    for en_path in catalog_files("en"):
        en_keys = set(json.loads(en_path.read_text(encoding="utf-8")))
        for lang in ("ru", "ky"):
            other = paths.locales_dir() / lang / en_path.name
            if not other.exists():
                continue  # reported by test_same_area_files_in_every_language
            keys = set(json.loads(other.read_text(encoding="utf-8")))
            for key in sorted(en_keys - keys):
                problems.append(f"{lang}/{en_path.name} lacks {key}")
            for key in sorted(keys - en_keys):
                problems.append(f"en/{en_path.name} lacks {key} (present in {lang})")
    assert problems == []


@pytest.mark.parametrize("lang", SUPPORTED)
def test_every_key_is_in_every_language(lang):
    missing = [key for key in ALL_KEYS if key not in CATALOGS[lang].messages]
    assert missing == [], f"{lang} lacks {len(missing)} keys"


def test_keys_are_dotted_lowercase_names():
    assert [key for key in ALL_KEYS if not KEY_RE.match(key)] == []


def test_same_placeholders_in_every_language():
    mismatched = []
    for key in ALL_KEYS:
        found = {lang: placeholders(CATALOGS[lang].messages[key]) for lang in SUPPORTED if key in CATALOGS[lang].messages}
        if len({frozenset(v) for v in found.values()}) > 1:
            mismatched.append(f"{key}: {found}")
    assert mismatched == []


@pytest.mark.parametrize("lang", SUPPORTED)
def test_no_empty_texts(lang):
    assert [k for k, v in CATALOGS[lang].messages.items() if not v.strip()] == []


@pytest.mark.parametrize("lang", SUPPORTED)
def test_placeholders_are_plain_names_and_every_text_formats(lang):
    problems = []
    for key, text in CATALOGS[lang].messages.items():
        try:
            bad = bad_fields(text)
            if bad:
                problems.append(f"{key}: use plain {{name}} placeholders, not {bad}")
                continue
            dummy = {name: f"<{name}>" for name in placeholders(text)}
            out = text.format(**dummy)
            assert all(f"<{name}>" in out for name in dummy)
        except (ValueError, KeyError, IndexError) as exc:
            problems.append(f"{key}: {exc}")
    assert problems == []


@pytest.mark.parametrize("lang", ("ru", "ky"))
def test_texts_are_translated_not_english_copies(lang):
    """A ru or ky text made of Latin words, with no Cyrillic, is an English copy.
    Acronyms (PDF, KGS) and names written the same in all three languages
    (WhatsApp, MBank) are fine."""
    copies = []
    for key, text in CATALOGS[lang].messages.items():
        texts = [without_placeholders(CATALOGS[code].messages.get(key, "")) for code in SUPPORTED]
        words = [
            w for w in LATIN_WORD_RE.findall(without_placeholders(text))
            if not w.isupper() and not (w[0].isupper() and all(w in other for other in texts))
        ]
        if words and not CYRILLIC_RE.search(without_placeholders(text)):
            copies.append(f"{key}: {text!r}")
    assert copies == []


def test_kyrgyz_sentences_are_not_russian_copies():
    """A message of two or more words that is identical in ky and ru was not translated."""
    copies = []
    for key, ky_text in CATALOGS["ky"].messages.items():
        ru_text = CATALOGS["ru"].messages.get(key)
        words = [w for w in without_placeholders(ky_text).split() if any(c.isalpha() for c in w)]
        if ru_text == ky_text and len(words) >= 2:
            copies.append(f"{key}: {ky_text!r}")
    assert copies == []


@pytest.mark.parametrize(
    "text, names, bad",
    [
        ("Paid {amount} of {total}", {"amount", "total"}, []),
        ("No placeholders", set(), []),
        ("{{literal}} braces", set(), []),
        ("{amount:.2f}", {"amount"}, ["{amount:.2f}"]),
        ("{0} and {}", {"0", ""}, ["{0}", "{}"]),
        ("{a.b} {c!r}", {"a.b", "c"}, ["{a.b}", "{c!r}"]),
    ],
)
def test_the_placeholder_rules_themselves(text, names, bad):
    assert placeholders(text) == names
    assert bad_fields(text) == bad


def test_unbalanced_braces_are_caught():
    with pytest.raises(ValueError):
        placeholders("Paid {amount")
