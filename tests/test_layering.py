"""The architecture's import arrows, checked on the source text of every module."""

import ast
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "smallshop"

# What each layer may import besides the standard library and itself, exactly as its
# README's "May import" line says (an allow-list: anything new must be written there first).
ALLOWED = {
    "domain": {"dateutil"},
    "storage": {"smallshop.domain", "tinydb", "orjson", "msgspec", "filelock", "platformdirs"},
    "i18n": {"babel", "smallshop.domain.money", "smallshop.domain.period", "smallshop.domain.problems",
             "smallshop.paths"},
    "reports": {"smallshop.domain", "smallshop.i18n", "reportlab", "xlsxwriter", "smallshop.paths"},
    "services": {"smallshop.domain", "smallshop.storage.interfaces", "smallshop.storage.backups",
                 "smallshop.storage.restoring", "smallshop.reports", "smallshop.i18n.languages"},
    "ui": {"smallshop.services", "smallshop.domain", "smallshop.i18n", "flet", "flet_charts", "segno"},
}


def _imports(path: Path) -> set[str]:
    """Every module (and `from` name) a file imports, lazy imports included, with
    relative imports resolved against the file's own package."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ["smallshop", *path.relative_to(SRC).parts[:-1]]
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                base = node.module or ""
            else:
                base = ".".join(package[: len(package) - node.level + 1] + ([node.module] if node.module else []))
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def _allowed(layer: str, name: str) -> bool:
    top = name.split(".")[0]
    if top in sys.stdlib_module_names or top == "__future__":
        return True
    return any(name == ok or name.startswith(ok + ".") for ok in ALLOWED[layer] | {f"smallshop.{layer}"})


def _violations(layer: str) -> list[str]:
    return [f"{path.relative_to(SRC)} imports {name}"
            for path in sorted((SRC / layer).rglob("*.py")) for name in sorted(_imports(path))
            if not _allowed(layer, name)]


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_layer_imports_only_what_its_readme_allows(layer):
    assert _violations(layer) == []


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_the_readme_names_what_the_layer_may_import(layer):
    """The allow-list above is the README's: every allowed name is written there."""
    text = (SRC / layer / "README.md").read_text(encoding="utf-8")
    line = text[text.index("May import"):].split("\n\n")[0]
    for name in ALLOWED[layer]:
        short = name.removeprefix("smallshop.")
        assert short.split(".")[0] in line, (layer, name)


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
