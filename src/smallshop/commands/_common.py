"""What the demo/summary/backup/restore/check commands share: the data folder,
the language, opening the store, and turning errors into translated messages.

Every line these commands print goes through the translator; an error a user can
meet (bad month, damaged or locked data, a file that is not a backup) prints one
clear message to stderr and exits non-zero, never a traceback.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterator

from ..domain.period import InvalidMonth
from ..domain.problems import DomainError
from ..i18n import Translator, get_translator
from ..storage.interfaces import StorageError

EXIT_OK = 0
EXIT_ERROR = 1  # something unexpected
EXIT_USER = 2  # bad input, damaged or locked data: the message says what to do

HELP_LANG_ENV = "SMALLSHOP_LANG"


def help_text(key: str, **params: object) -> str:
    """Help strings are translated too (language from $SMALLSHOP_LANG, else English):
    argparse builds them before --lang is read."""
    return get_translator(os.environ.get(HELP_LANG_ENV) or "en")(key, **params)


_REQUIRED = re.compile(r"the following arguments are required: (?P<names>.+)")
_CHOICE = re.compile(r"argument (?P<option>\S+): invalid choice: '(?P<value>[^']*)' \(choose from (?P<choices>.+)\)")
_NUMBER = re.compile(r"argument (?P<option>\S+): invalid int value: '(?P<value>[^']*)'")
_EXCLUSIVE = re.compile(r"argument (?P<option>\S+): not allowed with argument (?P<other>\S+)")


def _argv_language(argv: list[str]) -> str | None:
    for index, word in enumerate(argv):
        if word == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if word.startswith("--lang="):
            return word.split("=", 1)[1]
    return None


def translated_errors(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Make argparse's own complaints (a missing --month, a wrong --format...) speak
    through the translator: the language is --lang if it was typed, else
    $SMALLSHOP_LANG, else English."""

    def error(message: str) -> None:
        lang = _argv_language(sys.argv[1:]) or os.environ.get(HELP_LANG_ENV) or "en"
        t = get_translator(lang if lang in ("ky", "ru", "en") else "en")
        if match := _REQUIRED.match(message):
            text = t("cli.args.required", names=match["names"])
        elif match := _CHOICE.match(message):
            text = t("cli.args.invalid_choice", option=match["option"], value=match["value"],
                     choices=match["choices"].replace("'", ""))
        elif match := _NUMBER.match(message):
            text = t("cli.args.invalid_number", option=match["option"], value=match["value"])
        elif match := _EXCLUSIVE.match(message):
            text = t("cli.args.exclusive", option=match["option"], other=match["other"])
        else:
            text = t("cli.args.other", message=message)
        parser.print_usage(sys.stderr)
        complain(text)
        parser.exit(EXIT_USER)

    parser.error = error  # type: ignore[method-assign]
    return parser


def command_parser(
    subparsers: argparse._SubParsersAction, parent: argparse.ArgumentParser, name: str
) -> argparse.ArgumentParser:
    """The subcommand's parser: help and description from cli.<name>.help /
    cli.<name>.description, the shared options of `parent`, and argparse's own
    complaints translated (translated_errors)."""
    parser = subparsers.add_parser(
        name, parents=[parent], help=help_text(f"cli.{name}.help"), description=help_text(f"cli.{name}.description")
    )
    parser.add_argument("--demo", action="store_true", help=help_text("cli.opt_demo"))
    return translated_errors(parser)


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def data_dir_of(args: argparse.Namespace, *, demo_by_default: bool = False) -> Path:
    """--data-dir, else $SMALLSHOP_DATA_DIR / the packaged app folder / the user data
    folder; with --demo (or `demo_by_default` and no --data-dir) the demo business's
    folder beside it (<folder>-demo, the one `smallshop run --demo` opens), so demo
    data never lands among real data."""
    from ..storage.location import default_data_dir, demo_data_dir

    explicit = getattr(args, "data_dir", None)
    folder = Path(explicit).expanduser() if explicit else default_data_dir()
    if getattr(args, "demo", False) or (demo_by_default and not explicit):
        return demo_data_dir(folder)
    return folder


def translator(args: argparse.Namespace, profile_language: str | None = None) -> Translator:
    """--lang, else the business profile's language, else English."""
    return get_translator(getattr(args, "lang", None) or profile_language or "en")


def say(text: str) -> None:
    print(text, flush=True)


def complain(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def has_data(folder: Path) -> bool:
    """True when the folder exists and holds anything at all."""
    return folder.is_dir() and any(folder.iterdir())


class NoDataError(Exception):
    """The data folder does not exist or holds no smallshop data (nothing is created)."""

    key = "cli.no_data"

    def __init__(self, folder: Path) -> None:
        super().__init__(str(folder))
        self.params = {"folder": str(folder)}


def require_data(folder: Path) -> Path:
    """The folder, if it holds smallshop data; NoDataError otherwise, so a mistyped
    --data-dir never leaves a new empty data folder behind."""
    from ..storage.layout import data_entries

    if not folder.is_dir() or not data_entries(folder):
        raise NoDataError(folder)
    return folder


def profile_language(store: object) -> str | None:
    """The business profile's language, None before the profile is saved."""
    profile = store.profiles.get("profile")  # type: ignore[attr-defined]
    return profile.language if profile else None


@contextmanager
def opened_store(folder: Path, *, backups: bool = True, args: argparse.Namespace | None = None,
                 read_only_ok: bool = False) -> Iterator[object]:
    """The store of `folder`. With `read_only_ok` (commands that only read: summary,
    report, backup -o) a folder that cannot be written is opened read-only, after a
    note saying so and how to rescue a copy."""
    from ..storage.tinydb_store import ReadOnlyFolderError, open_store

    try:
        store = open_store(folder, clock=utc_now, backups=backups)
    except ReadOnlyFolderError:
        if not read_only_ok:
            raise
        note_read_only(folder, args)
        store = open_store(folder, clock=utc_now, backups=False, read_only=True)
    try:
        yield store
    finally:
        store.close()


def note_read_only(folder: Path, args: argparse.Namespace | None) -> None:
    t = translator(args) if args is not None else get_translator(os.environ.get(HELP_LANG_ENV) or "en")
    complain(t("cli.read_only_note", folder=str(folder)))


def guarded(args: argparse.Namespace, body: Callable[[], int]) -> int:
    """Run a command; user-facing errors become one translated line on stderr."""
    try:
        return int(body() or EXIT_OK)
    except (StorageError, DomainError, InvalidMonth, NoDataError) as exc:
        complain(translator(args).error(exc))
        return EXIT_USER
    except BrokenPipeError:  # `smallshop summary --format json | head`: the reader left
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        complain(translator(args)("cli.interrupted"))
        return 130
    except Exception as exc:  # never a traceback in the user's face
        logging.getLogger("smallshop.cli").debug("unexpected error", exc_info=True)
        complain(translator(args).error(exc))
        return EXIT_ERROR
