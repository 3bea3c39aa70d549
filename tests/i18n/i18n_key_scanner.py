"""Finds the translation keys the source code uses, by reading its syntax tree.

Recognised (string literals only; f-strings and variables are not guessed):
- the first argument of a call to t / _ / tr / translate / message (plain or as an
  attribute: `t("x")`, `self.t("x")`, `state.tr("x")`), when it looks like a key;
- the key of a Problem: `Problem(field, "key", ...)` or `Problem(..., key="key")`;
- `key = "..."` (or `key: str = "..."`) in a class body, e.g. StorageError subclasses;
- keyword arguments and assignments named `*_key` / `*_KEY` with a key-like literal.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

KEY_LIKE = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)+$")
TRANSLATE_CALLS = {"t", "_", "tr", "translate", "message"}


def _name_of(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _literal(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _is_key_name(name: str) -> bool:
    return name == "key" or name.endswith("_key") or name.endswith("_KEY") or name == "KEY"


def keys_in_source(source: str) -> list[tuple[int, str]]:
    """(line, key) for every key used in one module's source text."""
    found: list[tuple[int, str]] = []
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = _name_of(node.func)
            if name in TRANSLATE_CALLS and node.args:
                text = _literal(node.args[0])
                if text is not None and KEY_LIKE.match(text):
                    found.append((node.lineno, text))
            if name == "Problem":
                text = _literal(node.args[1]) if len(node.args) > 1 else None
                if text is not None:
                    found.append((node.lineno, text))
            for keyword in node.keywords:
                if keyword.arg and _is_key_name(keyword.arg):
                    text = _literal(keyword.value)
                    if text is not None and (name == "Problem" or KEY_LIKE.match(text)):
                        found.append((node.lineno, text))
        elif isinstance(node, ast.ClassDef):
            for statement in node.body:
                targets: list[ast.expr] = []
                value = None
                if isinstance(statement, ast.Assign):
                    targets, value = statement.targets, statement.value
                elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
                    targets, value = [statement.target], statement.value
                text = _literal(value)
                if text is None:
                    continue
                for target in targets:
                    if isinstance(target, ast.Name) and target.id == "key":
                        found.append((statement.lineno, text))
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            text = _literal(node.value)
            if text is None or not KEY_LIKE.match(text):
                continue
            for target in targets:
                name = target.id if isinstance(target, ast.Name) else (
                    target.attr if isinstance(target, ast.Attribute) else None)
                if name and name != "key" and _is_key_name(name):
                    found.append((node.lineno, text))
    return found


def keys_in_tree(root: Path) -> dict[str, list[str]]:
    """key -> ["path:line", ...] for every *.py below root."""
    uses: dict[str, list[str]] = {}
    for path in sorted(root.rglob("*.py")):
        for line, key in keys_in_source(path.read_text(encoding="utf-8")):
            uses.setdefault(key, []).append(f"{path.relative_to(root)}:{line}")
    return uses


def key_patterns_in_source(source: str) -> list[tuple[int, str, re.Pattern[str]]]:
    """(line, shown form, regex) for f-string keys: `t(f"report.figure.{key}")`
    -> "report.figure.{…}". Each must match at least one real key (catches a
    misspelt prefix; the values themselves cannot be known statically)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and _name_of(node.func) in TRANSLATE_CALLS and node.args):
            continue
        first = node.args[0]
        if not isinstance(first, ast.JoinedStr):
            continue
        shown, regex = "", ""
        for part in first.values:
            if isinstance(part, ast.Constant) and isinstance(part.value, str):
                shown += part.value
                regex += re.escape(part.value)
            else:
                shown += "{…}"
                regex += r"[a-z0-9_.]+"
        if "." in shown.replace("{…}", ""):
            found.append((node.lineno, shown, re.compile(f"^{regex}$")))
    return found


def key_patterns_in_tree(root: Path) -> list[tuple[str, str, re.Pattern[str]]]:
    return [
        (f"{path.relative_to(root)}:{line}", shown, regex)
        for path in sorted(root.rglob("*.py"))
        for line, shown, regex in key_patterns_in_source(path.read_text(encoding="utf-8"))
    ]
