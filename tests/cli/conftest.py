"""Fixtures for the CLI tests: a demo data folder made once by `smallshop demo`,
and a helper that runs the CLI in-process and captures what it printed."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass

import pytest

from smallshop.cli import main

DEMO_TODAY = "2026-11-28"
DEMO_ARGS = ["--months", "3", "--today", DEMO_TODAY, "--seed", "2026"]


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys, monkeypatch):
    """cli("summary", "--month", ...) -> Result(code, out, err), run in this process."""
    monkeypatch.delenv("SMALLSHOP_LANG", raising=False)

    def run(*argv: str) -> Result:
        try:
            code = main(list(argv))
        except SystemExit as exit_:  # argparse --help / usage errors
            code = exit_.code if isinstance(exit_.code, int) else 1
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


def run_process(*argv: str, env: dict | None = None) -> Result:
    """The real `python -m smallshop ...` in a child process."""
    proc = subprocess.run([sys.executable, "-m", "smallshop", *argv], capture_output=True, text=True,
                          timeout=120, env=env)
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
