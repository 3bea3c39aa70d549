"""The `smallshop` command line: a thin dispatcher over smallshop.commands.

Each module in smallshop/commands/ is one subcommand and provides
    NAME: str                   # the subcommand word
    ORDER: int                  # its place in the help
    HELP, DESCRIPTION: str      # catalog keys of its one-line help and its description
    register(parser: CommandLineParser) -> None   # its own options, with typed parameters
    run(args: argparse.Namespace) -> int          # the exit code (commands/_errors.ExitCode)
and may set DEMO_BY_DEFAULT = True (the command works in the demo folder unless
--data-dir is given) or DEMO_HELP (its own help for --demo). Adding a command never
edits this file. Every command gets --data-dir, --lang and --demo here; errors, from
the parameter types or from the command, go through one handler (commands._common).
With no subcommand, `smallshop` runs the app (`smallshop run`).
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from types import ModuleType
from typing import Sequence

from . import __version__, commands
from .commands._common import language_before_parsing, report_error, run_command
from .commands._errors import ExitCode, UsageError, WrongCommandLine
from .commands._params import LanguageParam, PathParam
from .commands._parser import CommandLineParser
from .i18n import Translator, get_translator

DEFAULT_COMMAND = "run"


def _command_modules() -> list[ModuleType]:
    found = [
        importlib.import_module(f"{commands.__name__}.{info.name}")
        for info in pkgutil.iter_modules(commands.__path__)
        if not info.name.startswith("_")
    ]
    return sorted(found, key=lambda module: getattr(module, "ORDER", 100))


def _add_common_options(parser: CommandLineParser, module: ModuleType) -> None:
    """Options every subcommand accepts."""
    parser.option("--data-dir", param=PathParam("DIR"), help="cli.opt_data_dir")
    parser.option("--lang", param=LanguageParam(), help="cli.opt_lang")
    parser.flag("--demo", help=getattr(module, "DEMO_HELP", "cli.opt_demo"))
    parser.set_defaults(demo_by_default=getattr(module, "DEMO_BY_DEFAULT", False))


class Commands:
    """The top-level parser and each command's parser and module, in one language."""

    def __init__(self, t: Translator) -> None:
        self.parser = CommandLineParser(t=t, prog="smallshop", description=t("cli.description"))
        self.parser.add_argument("--version", action="version", version=f"smallshop {__version__}",
                                 help=t("cli.help.version"))
        subparsers = self.parser.add_subparsers(dest="command", metavar="COMMAND", title=t("cli.help.commands"),
                                                parser_class=CommandLineParser)
        self.modules: dict[str, ModuleType] = {}
        self.parsers: dict[str, CommandLineParser] = {}
        for module in _command_modules():
            parser = subparsers.add_parser(module.NAME, t=t, help=t(module.HELP).replace("%", "%%"),
                                           description=t(module.DESCRIPTION))
            _add_common_options(parser, module)
            module.register(parser)
            self.modules[module.NAME] = module
            self.parsers[module.NAME] = parser


def build_parser(language: str | None = None) -> tuple[argparse.ArgumentParser, dict[str, ModuleType]]:
    """The parser (help in `language`, else the language the CLI would choose now) and
    the command modules by name."""
    built = Commands(get_translator(language or language_before_parsing([])))
    return built.parser, built.modules


def _printable_streams() -> None:
    """A file name that is not valid UTF-8 reaches Python as lone surrogates; echoing
    it in a message must not raise (UnicodeEncodeError) in place of the message."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="backslashreplace")
            except (ValueError, OSError):  # a stream that cannot change (tests' capture)
                pass


def _with_default_command(argv: list[str], names: Sequence[str]) -> list[str]:
    """`smallshop --port 9000` means `smallshop run --port 9000`; `smallshop --help`
    and `smallshop --version` stay the top level's."""
    words = [a for a in argv if not a.startswith("-")]
    wants_top_level = any(a in ("-h", "--help", "--version") for a in argv) and not words
    if DEFAULT_COMMAND in names and not wants_top_level and (not words or words[0] not in names):
        return [DEFAULT_COMMAND, *argv]
    return argv


def main(argv: list[str] | None = None) -> int:
    _printable_streams()
    argv = list(sys.argv[1:] if argv is None else argv)
    names = [module.NAME for module in _command_modules()]
    argv = _with_default_command(argv, names)
    command = argv[0] if argv and argv[0] in names else None
    demo_by_default = bool(command and getattr(_module_named(command), "DEMO_BY_DEFAULT", False))
    t = get_translator(language_before_parsing(argv, demo_by_default=demo_by_default))
    built = Commands(t)
    try:
        args = built.parser.parse_args(argv)
    except UsageError as exc:
        if isinstance(exc, WrongCommandLine):
            (built.parsers.get(command or "") or built.parser).print_usage(sys.stderr)
        return report_error(exc, t)
    if args.command is None:
        built.parser.print_help()
        return ExitCode.OK
    return run_command(built.modules[args.command].run, args)


def _module_named(name: str) -> ModuleType | None:
    return next((m for m in _command_modules() if m.NAME == name), None)
