"""Shared helpers for the i18n tests: placeholders of a message and what counts as a key."""

from __future__ import annotations

import re
import string

KEY_RE = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)+$")
CYRILLIC_RE = re.compile(r"[А-Яа-яЁёҢңӨөҮү]")
LATIN_WORD_RE = re.compile(r"[A-Za-z]{2,}")


def placeholders(text: str) -> set[str]:
    """Names of the `{fields}` of a message; raises ValueError on unbalanced braces."""
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def bad_fields(text: str) -> list[str]:
    """Fields that are not plain names ({0}, {}, {a.b}, {a[0]}, {a:.2f}, {a!r})."""
    bad = []
    for _, field, spec, conversion in string.Formatter().parse(text):
        if field is None:
            continue
        if not field.isidentifier() or spec or conversion:
            bad.append("{" + field + (("!" + conversion) if conversion else "") + ((":" + spec) if spec else "") + "}")
    return bad


def without_placeholders(text: str) -> str:
    return "".join(literal for literal, _, _, _ in string.Formatter().parse(text))
