"""The core is statically typed (issue 13): `mypy --strict` over the packages listed in
pyproject.toml [tool.mypy] finds nothing. Run here, inside pytest, rather than as a step of
the README's test command, so that every run of the suite - the one each helper makes
before landing on main, not only CI - catches a call to a method that does not exist."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORE = {"src/smallshop/domain", "src/smallshop/services", "src/smallshop/storage"}


def _config() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]


def test_mypy_strict_finds_nothing():
    proc = subprocess.run([sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml")],
                          cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-2000:]


def test_the_check_is_strict_and_covers_the_core():
    config = _config()
    assert config["strict"] is True
    assert "ignore-without-code" in config["enable_error_code"]
    assert CORE <= set(config["files"])
    assert not {"ignore_errors", "disable_error_code", "ignore_missing_imports"} & set(config)


def test_every_ignore_says_why():
    """A `# type: ignore[code]` in the checked packages carries a reason on its line."""
    bare = []
    for folder in _config()["files"]:
        root = ROOT / folder
        for path in [root] if root.is_file() else sorted(root.rglob("*.py")):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if (found := re.search(r"# type: ignore\[[\w,-]+\](.*)$", line)) and not found[1].strip(" #-:"):
                    bare.append(f"{path.relative_to(ROOT)}:{number}")
    assert bare == []
