"""Every command speaks the business's own language when no --lang is given (issue 13:
`check` spoke English to a Kyrgyz business while `summary` spoke Kyrgyz, and `report`
defaulted to Kyrgyz where the others defaulted to English); --lang wins; without a
business, $SMALLSHOP_LANG, then the system's language, then English."""

from __future__ import annotations

import io
import shutil
import socket
from datetime import datetime, timezone

import pytest

from smallshop.commands import ExitCode
from smallshop.i18n import get_translator
from smallshop.services import Services
from smallshop.storage.tinydb_store import open_store

from .conftest import DEMO_TODAY

MONTH = DEMO_TODAY[:7]


def fixed(lang: str, key: str) -> str:
    """The longest part of a message without placeholders: enough to tell its language."""
    text = get_translator(lang).message(key)
    return max((piece.split("}")[-1] for piece in text.split("{")), key=len).strip(" .:,«»“”—")


@pytest.fixture(params=["ky", "ru", "en"])
def business(request, demo_master, tmp_path):
    """(folder, lang): the demo business with its profile's language set to `lang`."""
    folder = tmp_path / "data"
    shutil.copytree(demo_master, folder)
    store = open_store(folder, backups=False)
    try:
        Services(store, clock=lambda: datetime.now(timezone.utc)).settings.set_language(request.param)
    finally:
        store.close()
    return folder, request.param


def _port_taken():
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    return sock


# command -> (argv after the command word, the key of what it prints, where it prints it)
COMMANDS = {
    "check": ([], "cli.check.healthy", "out"),
    "summary": (["--month", MONTH], "report.figure.sales_income", "out"),
    "report": (["--month", MONTH, "--format", "json", "-o", "{tmp}/r.json"], "report.cli.written", "out"),
    "backup": (["-o", "{tmp}/b.zip"], "cli.backup.written", "out"),
    "recover": (["-o", "{tmp}/saved"], "cli.recover.done", "out"),
    "restore": (["{tmp}/b.zip"], "cli.restore.done", "out"),
    "demo": (["--months", "1"], "cli.demo.refused", "err"),  # the folder holds a business
    "owner-pin": (["--pin-stdin"], "guard.owner_pin.done", "out"),
    "run": (["--no-browser", "--port", "{port}"], "ui.run.port_busy", "err"),
    "bad month": (["--month", "2026-13"], "cli.args.bad_month", "err"),  # summary, refused while parsing
    "missing month": ([], "cli.args.required", "err"),  # report
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_each_command_speaks_the_business_language(cli, business, tmp_path, monkeypatch, command):
    folder, lang = business
    argv, key, stream = COMMANDS[command]
    word = {"bad month": "summary", "missing month": "report"}.get(command, command)
    if command == "restore":
        assert cli("backup", "--data-dir", str(folder), "-o", str(tmp_path / "b.zip")).code == 0
    if command == "owner-pin":
        monkeypatch.setattr("sys.stdin", io.StringIO("975310\n"))
    port = _port_taken() if command == "run" else None
    try:
        argv = [a.replace("{tmp}", str(tmp_path)).replace("{port}", str(port.getsockname()[1]) if port else "")
                for a in argv]
        result = cli(word, *argv, "--data-dir", str(folder))
    finally:
        if port is not None:
            port.close()
    printed = result.out if stream == "out" else result.err
    assert fixed(lang, key) in printed, (lang, command, result)
    for other in {"ky", "ru", "en"} - {lang}:
        assert fixed(other, key) not in printed, (lang, other, command, result)


@pytest.mark.parametrize("command", ["check", "summary", "report"])
def test_lang_wins_over_the_business(cli, business, tmp_path, command):
    folder, lang = business
    other = "en" if lang != "en" else "ru"
    argv = {"check": [], "summary": ["--month", MONTH],
            "report": ["--month", MONTH, "--format", "csv", "-o", str(tmp_path / "r.csv")]}[command]
    result = cli(command, *argv, "--data-dir", str(folder), "--lang", other)
    assert result.code == ExitCode.OK, result
    key = {"check": "cli.check.healthy", "summary": "report.figure.sales_income", "report": "report.cli.written"}
    assert fixed(other, key[command]) in result.out


def test_help_and_argument_mistakes_speak_the_business_language(cli, business):
    folder, lang = business
    result = cli("summary", "--data-dir", str(folder), "--help")
    assert result.code == ExitCode.OK
    assert fixed(lang, "cli.summary.opt_format") in " ".join(result.out.split())
    assert get_translator(lang)("cli.help.usage") in result.out
    result = cli("summary", "--data-dir", str(folder), "--month", MONTH, "--colour")
    assert result.code == ExitCode.USAGE
    assert result.err.strip().endswith(get_translator(lang)("cli.args.unknown", arguments="--colour"))


@pytest.mark.parametrize(("environment", "expected"), [
    ({}, "en"),
    ({"LANG": "ru_RU.UTF-8"}, "ru"),
    ({"LANG": "ky_KG.UTF-8"}, "ky"),
    ({"LANG": "de_DE.UTF-8"}, "en"),
    ({"LC_ALL": "ru_RU.UTF-8", "LANG": "ky_KG.UTF-8"}, "ru"),
    ({"SMALLSHOP_LANG": "ky", "LANG": "ru_RU.UTF-8"}, "ky"),
])
def test_without_a_business_the_system_language(cli, tmp_path, monkeypatch, environment, expected):
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    missing = tmp_path / "no-data"
    result = cli("summary", "--data-dir", str(missing), "--month", MONTH)
    assert result.code == ExitCode.REFUSED
    assert result.err.strip() == get_translator(expected)("cli.no_data", folder=str(missing))


def test_the_business_wins_over_the_system(cli, business, monkeypatch):
    folder, lang = business
    monkeypatch.setenv("SMALLSHOP_LANG", "ru" if lang != "ru" else "ky")
    monkeypatch.setenv("LANG", "ru_RU.UTF-8" if lang != "ru" else "ky_KG.UTF-8")
    result = cli("check", "--data-dir", str(folder))
    assert fixed(lang, "cli.check.healthy") in result.out


def test_a_language_chosen_a_moment_ago_is_found_in_the_log(cli, demo_dir):
    """Settings -> language saves to the write-ahead log; the data files still say ky."""
    from smallshop.storage import tinydb_store

    store = open_store(demo_dir, backups=False)
    Services(store, clock=lambda: datetime.now(timezone.utc)).settings.set_language("ru")
    store._wal.close()  # as after a crash: the change is only in the log
    store._file_lock.release()
    del tinydb_store._REGISTRY[demo_dir.resolve()]
    assert '"language":"ky"' in (demo_dir / "profiles.json").read_text(encoding="utf-8")
    result = cli("summary", "--data-dir", str(demo_dir), "--month", "2026-13")
    assert result.err.strip() == get_translator("ru")("cli.args.bad_month", option="--month", value="2026-13")
