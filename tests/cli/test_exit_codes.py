"""One table of exit codes for every command (commands/_errors.py, README "Exit codes"):
each row reached by a real command line, and the README's table is the code's."""

from __future__ import annotations

import re
import socket
from pathlib import Path

import pytest

from smallshop.commands import ExitCode
from smallshop.storage.tinydb_store import open_store

from .conftest import DEMO_TODAY, run_process

ROOT = Path(__file__).resolve().parents[2]
MONTH = DEMO_TODAY[:7]


def _damage(folder: Path) -> None:
    orders = sorted((folder / "orders").glob("*.json"))[-1]
    orders.write_bytes(orders.read_bytes()[: orders.stat().st_size // 2])


# (why, argv after the command word with {data} for the demo folder, what to do first, the code)
TABLE = [
    ("healthy", ["check"], None, ExitCode.OK),
    ("not a month", ["summary", "--month", "2026-13"], None, ExitCode.USAGE),
    ("month missing", ["summary"], None, ExitCode.USAGE),
    ("option without its value", ["summary", "--month"], None, ExitCode.USAGE),
    ("flag given a value", ["check", "--demo=yes"], None, ExitCode.USAGE),
    ("unknown option", ["check", "--colour"], None, ExitCode.USAGE),
    ("abbreviated option", ["summary", "--mon", MONTH], None, ExitCode.USAGE),
    ("unknown language", ["check", "--lang", "de"], None, ExitCode.USAGE),
    ("unknown format", ["report", "--month", MONTH, "--format", "docx"], None, ExitCode.USAGE),
    ("number out of range", ["demo", "--months", "0"], None, ExitCode.USAGE),
    ("not a date", ["demo", "--today", "yesterday"], None, ExitCode.USAGE),
    ("options that exclude each other", ["demo", "--months", "2", "--years", "1"], None, ExitCode.USAGE),
    ("no data in the folder", ["summary", "--month", MONTH, "--data-dir", "{tmp}/none"], None, ExitCode.REFUSED),
    ("a month after this one", ["summary", "--month", "9999-12"], None, ExitCode.REFUSED),
    ("not a backup", ["restore", "{tmp}/photo.zip"], "photo", ExitCode.REFUSED),
    ("demo over data", ["demo", "--months", "1"], None, ExitCode.REFUSED),
    ("report into a missing folder", ["report", "--month", MONTH, "-o", "{tmp}/none/r.pdf"], None, ExitCode.REFUSED),
    ("check finds damage", ["check"], "damage", ExitCode.DAMAGED),
    ("the store will not open", ["summary", "--month", MONTH], "damage", ExitCode.DAMAGED),
    ("open in another program", ["summary", "--month", MONTH], "lock", ExitCode.BUSY),
    ("the disk refuses", ["report", "--month", MONTH, "-o", "{tmp}/r.pdf"], "full_disk", ExitCode.DISK),
    ("a bug", ["summary", "--month", MONTH], "bug", ExitCode.UNEXPECTED),
    ("Ctrl+C", ["summary", "--month", MONTH], "interrupt", ExitCode.INTERRUPTED),
]


@pytest.mark.parametrize(("why", "argv", "setup", "code"), TABLE, ids=[row[0] for row in TABLE])
def test_each_row_of_the_exit_code_table(cli, demo_dir, tmp_path, monkeypatch, why, argv, setup, code):
    argv = [word.replace("{tmp}", str(tmp_path)) for word in argv]
    if "--data-dir" not in argv:
        argv += ["--data-dir", str(demo_dir)]
    held = None
    if setup == "photo":
        (tmp_path / "photo.zip").write_bytes(b"\x89PNG")
    elif setup == "damage":
        _damage(demo_dir)
    elif setup == "lock":
        held = open_store(demo_dir, backups=False)
    elif setup == "full_disk":
        def no_space(target, data):
            raise OSError(28, "No space left on device", str(target))
        monkeypatch.setattr("smallshop.commands.report.write_atomically", no_space)
    elif setup in ("bug", "interrupt"):
        error = RuntimeError("a bug") if setup == "bug" else KeyboardInterrupt()

        def broken(self, month):
            raise error
        monkeypatch.setattr("smallshop.services.reporting.ReportingService.month_summary", broken)
    if "--lang" not in argv:
        argv += ["--lang", "en"]
    try:  # a folder held by this process is shared, not locked: the second program is a real one
        result = run_process(*argv) if setup == "lock" else cli(*argv)
    finally:
        if held is not None:
            held.close()
    assert result.code == code, (why, result)
    assert "Traceback" not in result.err
    if code != ExitCode.OK:
        assert result.err.strip(), (why, result)  # always a message saying why
    assert ("Something went wrong" in result.err) == (code == ExitCode.UNEXPECTED), result.err


def test_every_code_has_a_row_in_this_test():
    assert {row[3] for row in TABLE} == set(ExitCode)


def test_a_busy_port_is_busy(cli, tmp_path):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = cli("run", "--port", str(port), "--no-browser", "--data-dir", str(tmp_path / "d"), "--lang", "en")
    assert result.code == ExitCode.BUSY and str(port) in result.err
    assert not (tmp_path / "d").exists()


def test_the_readme_table_is_the_code():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Exit codes", 1)[1].split("\n#", 1)[0]
    rows = {int(code): name for code, name in re.findall(r"^\| `(\d+)` \| `(\w+)` \|", section, re.M)}
    assert rows == {member.value: member.name for member in ExitCode}
