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


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_every_help_text_is_in_the_catalogs(lang):
    """A help key missing from the catalogs would show as the key itself."""
    import re

    from smallshop.cli import Commands
    from smallshop.i18n import get_translator

    built = Commands(get_translator(lang))
    texts = [built.parser.description]
    for parser in [built.parser, *built.parsers.values()]:
        texts += [parser.description, parser.format_usage()]
        texts += [group.title for group in parser._action_groups]
        texts += [action.help for action in parser._actions if action.help]
        texts += [choice.help for action in parser._actions for choice in getattr(action, "_choices_actions", [])]
    looks_like_a_key = re.compile(r"^[a-z_]+(\.[a-z_]+)+$")
    assert [text for text in texts if looks_like_a_key.match(str(text).strip())] == []
