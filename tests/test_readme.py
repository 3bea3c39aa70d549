"""README starts with exactly the two commands, and CI runs the second one."""

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _sh_blocks() -> list[str]:
    return re.findall(r"^```sh\n(.*?)\n```$", (ROOT / "README.md").read_text(encoding="utf-8"), re.M | re.S)


def test_readme_opens_with_run_and_test_commands():
    run, test = _sh_blocks()[:2]
    assert run.endswith(".venv/bin/smallshop") and "pip install -e ." in run
    assert "pytest" in test and 'pip install -e ".[test]"' in test and "chromium" in test


def test_ci_runs_the_readme_test_command():
    extract = subprocess.run(
        ["bash", "-c", "awk '/^```sh$/{n++; next} /^```$/{next} n==2{print; exit}' README.md"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.strip()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert extract == _sh_blocks()[1]
    assert "awk '/^```sh$/{n++; next} /^```$/{next} n==2{print; exit}' README.md" in ci
