"""The `smallshop` command line: a thin dispatcher over smallshop.commands.

Each module in smallshop/commands/ is one subcommand and provides
    NAME: str                                   # the subcommand word
    register(subparsers, parent) -> argparse.ArgumentParser
    run(args: argparse.Namespace) -> int        # the exit code
so adding a command never edits this file. `parent` carries the options every
command shares (--data-dir, --lang). With no subcommand, `smallshop` runs the app.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from types import ModuleType

from . import __version__, commands

DEFAULT_COMMAND = "run"


def _command_modules() -> list[ModuleType]:
    found = [
        importlib.import_module(f"{commands.__name__}.{info.name}")
        for info in pkgutil.iter_modules(commands.__path__)
        if not info.name.startswith("_")
    ]
    return sorted(found, key=lambda module: getattr(module, "ORDER", 100))


def common_options() -> argparse.ArgumentParser:
    """Options every subcommand accepts."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--data-dir",
        metavar="DIR",
        help="data folder (default: $SMALLSHOP_DATA_DIR or your user data folder)",
    )
    parent.add_argument(
        "--lang", choices=["ky", "ru", "en"], help="language of messages and output"
    )
    return parent


def build_parser() -> tuple[argparse.ArgumentParser, dict[str, ModuleType]]:
    parser = argparse.ArgumentParser(
        prog="smallshop",
        description="Orders, customers, money and debts for a family workshop.",
    )
    parser.add_argument("--version", action="version", version=f"smallshop {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    parent = common_options()
    by_name: dict[str, ModuleType] = {}
    for module in _command_modules():
        module.register(subparsers, parent)
        by_name[module.NAME] = module
    return parser, by_name


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


def main(argv: list[str] | None = None) -> int:
    _printable_streams()
    argv = list(sys.argv[1:] if argv is None else argv)
    parser, by_name = build_parser()
    words = [a for a in argv if not a.startswith("-")]
    wants_top_level = any(a in ("-h", "--help", "--version") for a in argv) and not words
    if DEFAULT_COMMAND in by_name and not wants_top_level and (not words or words[0] not in by_name):
        argv = [DEFAULT_COMMAND, *argv]  # `smallshop --port 9000` means `smallshop run --port 9000`
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    return int(by_name[args.command].run(args) or 0)
