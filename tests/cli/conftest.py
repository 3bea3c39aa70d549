"""Fixtures for the CLI tests: a demo data folder made once by `smallshop demo`,
and a helper that runs the CLI in-process and captures what it printed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from smallshop.cli import main

DEMO_TODAY = "2026-11-28"
DEMO_ARGS = ["--months", "3", "--today", DEMO_TODAY, "--seed", "2026"]


@dataclass
class Result:
    code: int
    out: str
    err: str


# The language of a message depends on the machine: $SMALLSHOP_LANG, the locale, the
# business in the default data folder. Tests run as on a fresh English machine with no
# data of its own, whatever the machine running them has.
_NO_DATA = Path(tempfile.gettempdir()) / "smallshop-tests-no-default-data"


def hermetic_env(**extra: str) -> dict[str, str]:
    """os.environ without the machine's language and default data folder."""
    env = {k: v for k, v in os.environ.items() if k not in ("SMALLSHOP_LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    env.update(LANG="C.UTF-8", SMALLSHOP_DATA_DIR=str(_NO_DATA))
    env.update(extra)
    return env


@pytest.fixture
def cli(capsys, monkeypatch, tmp_path):
    """cli("summary", "--month", ...) -> Result(code, out, err), run in this process
    (with hermetic_env: English unless --lang or the data folder's business says otherwise)."""
    for name in ("SMALLSHOP_LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("SMALLSHOP_DATA_DIR", str(tmp_path / "default-data"))  # never created

    def run(*argv: str) -> Result:
        try:
            code = main(list(argv))
        except SystemExit as exit_:  # argparse --help / usage errors
            code = exit_.code if isinstance(exit_.code, int) else 1
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


def run_process(*argv: str, env: dict | None = None) -> Result:
    """The real `python -m smallshop ...` in a child process (hermetic_env by default)."""
    proc = subprocess.run([sys.executable, "-m", "smallshop", *argv], capture_output=True, text=True,
                          timeout=120, env=hermetic_env() if env is None else env)
    return Result(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture(scope="session")
def demo_master(tmp_path_factory):
    """Three months of the demo workshop, made once by `smallshop demo`."""
    folder = tmp_path_factory.mktemp("demo") / "data"
    assert main(["demo", "--data-dir", str(folder), *DEMO_ARGS]) == 0
    return folder


@pytest.fixture
def demo_dir(demo_master, tmp_path):
    """A private copy of the demo data folder, free to change."""
    folder = tmp_path / "data"
    shutil.copytree(demo_master, folder)
    return folder
