"""`smallshop report`: bad arguments give a translated message, a non-zero exit and no file."""

from __future__ import annotations

import pytest

from smallshop.cli import main
from smallshop.commands import ExitCode
from smallshop.i18n import get_translator


@pytest.fixture(autouse=True)
def no_machine_language(monkeypatch, tmp_path):
    """English unless --lang or a business says otherwise, whatever this machine's locale
    and default data folder (the CLI's language falls back to both)."""
    for name in ("SMALLSHOP_LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("SMALLSHOP_DATA_DIR", str(tmp_path / "default-data"))


def _run(argv: list[str]) -> int:
    try:
        return main(argv)
    except SystemExit as stop:  # argparse errors
        return int(stop.code or 0)


def _files(folder):
    return sorted(p.name for p in folder.rglob("*"))


@pytest.mark.parametrize(
    ("argv", "key", "params"),
    [
        (["--month", "2026-13"], "cli.args.bad_month", {"option": "--month", "value": "2026-13"}),
        (["--month", "ноябрь"], "cli.args.bad_month", {"option": "--month", "value": "ноябрь"}),
        ([], "cli.args.required", {"names": "--month"}),
        (["--month", "2026-11", "--format", "docx"], "cli.args.invalid_choice",
         {"option": "--format", "value": "docx", "choices": "pdf, xlsx, csv, json"}),
    ],
)
@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_bad_arguments_exit_non_zero_with_a_translated_message(argv, key, params, lang, tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    code = _run(["report", "--data-dir", str(tmp_path / "data"), "--lang", lang, "-o", str(out / "r.pdf"), *argv])
    assert code == ExitCode.USAGE
    assert get_translator(lang)(key, **params) in capsys.readouterr().err
    assert _files(out) == []
    assert not (tmp_path / "data").exists()  # refused before the store was even opened


def _refused_language(lang: str) -> str:
    return get_translator(lang)("cli.args.invalid_choice", option="--lang", value="de", choices="ky, ru, en")


def test_an_unknown_language_is_refused_in_the_business_language(tmp_path, capsys):
    """The business's language (its profile, read before the arguments are), else English."""
    out = tmp_path / "r.pdf"
    assert _run(["report", "--month", "2026-11", "--lang", "de", "-o", str(out)]) == ExitCode.USAGE
    assert capsys.readouterr().err.strip().endswith(_refused_language("en"))
    folder = tmp_path / "data"
    assert main(["demo", "--data-dir", str(folder), "--months", "1", "--today", "2026-11-28"]) == 0  # a ky business
    capsys.readouterr()
    assert _run(["report", "--data-dir", str(folder), "--month", "2026-11", "--lang", "de", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert _refused_language("ky") in err and _refused_language("en") not in err
    assert not out.exists()


@pytest.mark.parametrize("where", ["missing-folder/r.pdf", "a-folder"])
def test_unwritable_output_path_writes_nothing(where, tmp_path, capsys):
    (tmp_path / "a-folder").mkdir()
    target = tmp_path / where
    before = _files(tmp_path)
    code = _run(["report", "--data-dir", str(tmp_path / "data"), "--month", "2026-11", "--lang", "ru",
                 "-o", str(target)])
    assert code == ExitCode.REFUSED
    err = capsys.readouterr().err
    assert get_translator("ru")("report.cli.write_failed", file=target, reason="X").split(":")[0] in err
    assert _files(tmp_path) == before


def test_write_atomically_leaves_no_partial_file_when_the_move_fails(tmp_path, monkeypatch):
    from smallshop.commands import report

    target = tmp_path / "r.pdf"
    target.write_bytes(b"old report")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("smallshop.storage.files.os.replace", broken_replace)
    with pytest.raises(OSError):
        report.write_atomically(target, b"%PDF-new")
    assert target.read_bytes() == b"old report"
    assert _files(tmp_path) == ["r.pdf"]


def test_help_lists_the_options(capsys):
    with pytest.raises(SystemExit):
        main(["report", "--help"])
    out = capsys.readouterr().out
    for option in ("--month", "--format", "--output", "--lang", "--data-dir"):
        assert option in out


def test_a_missing_data_folder_is_reported_not_created(tmp_path, capsys):
    missing = tmp_path / "no-such-data"
    code = _run(["report", "--data-dir", str(missing), "--month", "2026-11", "--lang", "ky",
                 "-o", str(tmp_path / "r.pdf")])
    assert code == ExitCode.REFUSED
    assert get_translator("ky")("cli.no_data", folder=missing) in capsys.readouterr().err
    assert not missing.exists() and not (tmp_path / "r.pdf").exists()


def test_write_atomically_gives_an_ordinary_file(tmp_path):
    import os

    from smallshop.commands import report

    target = tmp_path / "r.csv"
    report.write_atomically(target, b"\xef\xbb\xbfa,b\r\n")
    umask = os.umask(0)
    os.umask(umask)
    assert target.read_bytes() == b"\xef\xbb\xbfa,b\r\n"
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask
    assert _files(tmp_path) == ["r.csv"]


def test_help_and_argument_errors_follow_smallshop_lang(monkeypatch, capsys):
    monkeypatch.setenv("SMALLSHOP_LANG", "ru")
    with pytest.raises(SystemExit):
        main(["report", "--help"])
    assert get_translator("ru")("report.cli.opt_format") in " ".join(capsys.readouterr().out.split())
    assert _run(["report", "--month", "2026-11", "--lang", "xx"]) == ExitCode.USAGE
    err = capsys.readouterr().err
    refused = {lang: get_translator(lang)("cli.args.invalid_choice", option="--lang", value="xx", choices="ky, ru, en")
               for lang in ("ru", "en")}
    assert refused["ru"] in err and refused["en"] not in err
