"""The architecture's import arrows, checked on the source text of every module."""

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "smallshop"

# layer -> top-level names it must never import (third-party and smallshop layers)
FORBIDDEN = {
    "domain": {"tinydb", "flet", "reportlab", "babel", "orjson", "smallshop.storage",
               "smallshop.services", "smallshop.reports", "smallshop.i18n", "smallshop.ui"},
    "storage": {"flet", "reportlab", "babel", "smallshop.services", "smallshop.reports",
                "smallshop.i18n", "smallshop.ui"},
    "i18n": {"tinydb", "flet", "reportlab", "smallshop.storage", "smallshop.services",
             "smallshop.reports", "smallshop.ui"},
    "reports": {"tinydb", "flet", "smallshop.storage", "smallshop.services", "smallshop.ui"},
    "services": {"tinydb", "flet", "smallshop.ui"},
    "ui": {"tinydb", "reportlab", "smallshop.storage.tinydb_store"},
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    layer_pkg = "smallshop." + path.relative_to(SRC).parts[0]
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                names.add(node.module or "")
            elif node.level == 1:
                names.add(f"{layer_pkg}.{node.module or ''}")
            else:
                names.add(f"smallshop.{node.module or ''}")
    return names


def _violations(layer: str) -> list[str]:
    found = []
    for path in sorted((SRC / layer).rglob("*.py")):
        for name in _imports(path):
            for banned in FORBIDDEN[layer]:
                if name == banned or name.startswith(banned + "."):
                    found.append(f"{path.relative_to(SRC)} imports {name}")
    return found


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_only_what_it_may(layer):
    assert _violations(layer) == []


def test_nothing_outside_storage_imports_tinydb():
    offenders = [
        str(p.relative_to(SRC))
        for p in SRC.rglob("*.py")
        if p.relative_to(SRC).parts[0] != "storage" and "tinydb" in {n.split(".")[0] for n in _imports(p)}
    ]
    assert offenders == []


def test_storage_modules_import_each_other_without_a_cycle():
    """Inside storage/ the imports (lazy ones too) form no cycle: the store is built
    from its parts, and no part reaches back into the store."""
    graph = {}
    for path in (SRC / "storage").glob("*.py"):
        graph[path.stem] = {name.split(".")[2] for name in _imports(path)
                            if name.startswith("smallshop.storage.") and name.count(".") >= 2}
    def reaches(start, goal, seen=()):
        return any(nxt == goal or (nxt not in seen and reaches(nxt, goal, (*seen, nxt)))
                   for nxt in graph.get(start, ()))
    assert [m for m in sorted(graph) if reaches(m, m)] == []
