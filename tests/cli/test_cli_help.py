"""Every command's help names its options; help is translated with SMALLSHOP_LANG."""

from __future__ import annotations

import pytest

OPTIONS = {
    "demo": ["--months", "--years", "--seed", "--force", "--today", "--data-dir", "--lang"],
    "summary": ["--month", "--format", "--data-dir", "--lang"],
    "backup": ["-o", "--output", "--data-dir"],
    "restore": ["FILE", "--data-dir"],
    "check": ["--data-dir", "--lang"],
    "owner-pin": ["--name", "--pin-stdin", "--data-dir"],
}


@pytest.mark.parametrize("command", sorted(OPTIONS))
def test_help_mentions_every_option(cli, command):
    result = cli(command, "--help")
    assert result.code == 0
    for option in OPTIONS[command]:
        assert option in result.out, f"{command} --help does not mention {option}"


def test_top_level_help_lists_the_commands(cli):
    result = cli("--help")
    assert result.code == 0
    for command in OPTIONS:
        assert command in result.out


def test_help_follows_smallshop_lang(cli, monkeypatch):
    from smallshop.cli import build_parser

    monkeypatch.setenv("SMALLSHOP_LANG", "ru")
    assert "показать итоги месяца" in build_parser()[0].format_help()
    monkeypatch.setenv("SMALLSHOP_LANG", "ky")
    assert "айдын жыйынтыгын көрсөтүү" in build_parser()[0].format_help()
