"""No traceback from any CLI input (issue 10): months from 0001-01 to 9999-12 and
odd ones, odd paths and names that are not UTF-8, through report, summary, backup,
restore, check and recover. Each gives a translated message and an exit code."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from smallshop.commands import ExitCode

from .conftest import DEMO_TODAY

MONTHS = (["0001-01", "0999-12", "1899-12", "1900-01", "1900-06", "1900-07", "1969-12", "2000-02",
           DEMO_TODAY[:7], "2099-12", "9999-12", "0000-00", "2026-00", "2026-13", "2026-1", "26-11",
           "2026/11", "２０２６-１１", "2026-11-01", " 2026-11 ", "", "-1", "९९९९-१२", "\u0000", "2026-11\n"]
          + [f"{year:04d}-{month:02d}" for year, month in ((1, 1), (1234, 5), (5000, 6), (9998, 12))])


@pytest.mark.parametrize("command", ["report", "summary"])
def test_every_month_gets_a_message_and_an_exit_code(cli, demo_dir, tmp_path, command):
    for month in MONTHS:
        argv = [command, "--data-dir", str(demo_dir), "--month", month, "--lang", "ru"]
        if command == "report":
            argv += ["-o", str(tmp_path / "r.pdf")]
        result = cli(*argv)
        assert "Traceback" not in result.err, (month, result.err)
        # USAGE: not a month; REFUSED: a month after this one; never UNEXPECTED ("something went wrong")
        assert result.code in (ExitCode.OK, ExitCode.USAGE, ExitCode.REFUSED), (month, result)
        if result.code:
            assert result.err.strip() and "Something went wrong" not in result.err, (month, result.err)


# Relative ones land in the test's own folder (the test runs there): a command that
# wrongly creates a data folder must never litter the real disk.
ODD_PATHS = ["/dev/null", "/proc/self", "/etc/passwd", "-", "relative/not/here", "x" * 5000, "with\nnewline",
             "~nobody-here/data", "C:\\Users\\a", "\u202eevil", "a-file"]


@pytest.mark.parametrize("command", [["summary", "--month", DEMO_TODAY[:7]], ["check"], ["backup"],
                                     ["recover"], ["restore", "/etc/hostname"]])
def test_odd_data_folders_get_a_message_and_an_exit_code(cli, command, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a-file").write_text("not a folder")
    for path in ODD_PATHS:
        result = cli(*command, "--data-dir", path, "--lang", "en")
        assert "Traceback" not in result.err, (path, result.err)
        assert result.code != 0 and result.err.strip(), (command, path, result)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]  # no data folder was made


@pytest.mark.parametrize("argv", [
    [b"summary", b"--data-dir", b"no-\xff\xfe", b"--month", b"2026-11"],
    [b"check", b"--data-dir", b"\xc3\x28bad"],
    [b"restore", b"\xff.zip", b"--data-dir", b"none"],
    [b"report", b"--month", b"2026-\xff", b"--data-dir", b"none"],
    [b"backup", b"-o", b"\xfe/out.zip", b"--data-dir", b"none"],
    [b"recover", b"-o", b"\xfe", b"--data-dir", b"none\xff"],
])
def test_names_that_are_not_utf8(argv, tmp_path):
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2] / "src"), LC_ALL="C.UTF-8")
    proc = subprocess.run([sys.executable.encode(), b"-m", b"smallshop", *argv, b"--lang", b"ky"],
                          capture_output=True, timeout=120, env=env, cwd=tmp_path)
    assert list(tmp_path.iterdir()) == []  # nothing made on the way to the refusal
    err = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err
    # USAGE (a month that is not one), REFUSED (no data, not a backup), DISK (a name the system refuses)
    assert proc.returncode in (ExitCode.USAGE, ExitCode.REFUSED, ExitCode.DISK) and err.strip(), (proc.returncode, err)


def test_a_restore_source_that_is_odd(cli, demo_dir, tmp_path):
    weird = tmp_path / "a dir.zip"
    weird.mkdir()
    for source in ["/dev/null", "/proc/self/status", str(weird), str(tmp_path / "missing.zip"), "/"]:
        result = cli("restore", source, "--data-dir", str(demo_dir), "--lang", "en")
        assert "Traceback" not in result.err, (source, result.err)
        assert result.code == ExitCode.REFUSED and "nothing was changed" in result.err.lower(), (source, result)
