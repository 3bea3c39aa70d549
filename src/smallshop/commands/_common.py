"""What every command shares: the data folder, the language of its messages, opening
the store, printing, and the one error handler (run_command).

Language, the same for every command and for its help and argument mistakes:
--lang, else the business's own language (the profile in the data folder, read
without opening it: storage.peek), else $SMALLSHOP_LANG, else the system's language
(LC_ALL / LC_MESSAGES / LANG) when it is ky, ru or en, else English.

Every line a command prints goes through the translator; an error a user can meet
(a bad month, damaged or locked data, a file that is not a backup) prints one clear
message on stderr and ends with the code of its row in _errors.ExitCode, never a
traceback.
"""

from __future__ import annotations

import argparse
import locale
import logging
import os
import sys
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

from ..i18n import SUPPORTED, Translator, get_translator
from ._errors import CommandError, ExitCode, NoDataError, exit_code_of

__all__ = [
    "CommandError", "ExitCode", "NoDataError", "complain", "data_dir_of", "has_data", "language_before_parsing",
    "message_language", "note_read_only", "opened_store", "profile_language", "report_error", "require_data",
    "run_command", "say", "system_language", "translator", "utc_now",
]

HELP_LANG_ENV = "SMALLSHOP_LANG"
_LOCALE_NAMES = {"kyrgyz": "ky", "russian": "ru", "english": "en"}  # Windows' locale names

log = logging.getLogger("smallshop.cli")


# --- language -----------------------------------------------------------------------
def _supported(lang: object) -> str | None:
    code = str(lang).strip().lower() if isinstance(lang, str) else ""
    return code if code in SUPPORTED else None


def system_language() -> str:
    """$SMALLSHOP_LANG, else the system's language when smallshop speaks it, else English."""
    if chosen := _supported(os.environ.get(HELP_LANG_ENV)):
        return chosen
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):  # POSIX: the first one set decides
        value = os.environ.get(variable)
        if value:
            return _supported(value.split(".")[0].split("_")[0]) or "en"
    try:
        name = (locale.getlocale()[0] or "").split("_")[0].lower()  # Windows: "Russian_Russia"
    except ValueError:
        name = ""
    return _supported(name) or _LOCALE_NAMES.get(name, "en")


def message_language(explicit: str | None, folder: Path | None) -> str:
    """--lang, else the business's language in `folder`, else the system's."""
    if chosen := _supported(explicit):
        return chosen
    if folder is not None:
        from ..storage.peek import business_language

        if business := _supported(business_language(folder)):
            return business
    return system_language()


def _option_value(argv: Sequence[str], option: str) -> str | None:
    value = None
    for index, word in enumerate(argv):
        if word == option and index + 1 < len(argv):
            value = argv[index + 1]
        elif word.startswith(option + "="):
            value = word.split("=", 1)[1]
    return value


def language_before_parsing(argv: Sequence[str], *, demo_by_default: bool = False) -> str:
    """The language of the help and of argument mistakes, found in the words typed
    (--lang, --data-dir, --demo) before argparse has read them."""
    typed = _option_value(argv, "--data-dir")
    try:
        folder = _folder(Path(typed).expanduser() if typed else None, "--demo" in argv, demo_by_default)
    except (RuntimeError, ValueError, OSError):  # "~nobody/x": the parameter type will say so
        folder = None
    return message_language(_option_value(argv, "--lang"), folder)


def translator(args: argparse.Namespace, business: str | None = None) -> Translator:
    """The translator of this command's messages: --lang, else `business` (the
    profile's language when the command has the store open), else the language of
    the data folder's business, else the system's."""
    language = _supported(getattr(args, "lang", None)) or _supported(business)
    if language is None:
        language = getattr(args, "_language", None)  # the folder is read once per command
        if language is None:
            language = args._language = message_language(None, data_dir_of(args))
    return get_translator(language)


# --- the data folder ----------------------------------------------------------------
def _folder(explicit: Path | None, demo: bool, demo_by_default: bool) -> Path:
    from ..storage.location import default_data_dir, demo_data_dir

    folder = explicit if explicit is not None else default_data_dir()
    if demo or (demo_by_default and explicit is None):
        return demo_data_dir(folder)
    return folder


def data_dir_of(args: argparse.Namespace) -> Path:
    """--data-dir, else $SMALLSHOP_DATA_DIR / the packaged app folder / the user data
    folder; with --demo (or, for `smallshop demo`, without --data-dir) the demo
    business's folder beside it (<folder>-demo, the one `smallshop run --demo`
    opens), so demo data never lands among real data."""
    return _folder(getattr(args, "data_dir", None), bool(getattr(args, "demo", False)),
                   bool(getattr(args, "demo_by_default", False)))


def has_data(folder: Path) -> bool:
    """True when the folder exists and holds anything at all."""
    return folder.is_dir() and any(folder.iterdir())


def require_data(folder: Path) -> Path:
    """The folder, if it holds smallshop data; NoDataError otherwise, so a mistyped
    --data-dir never leaves a new empty data folder behind."""
    from ..storage.layout import data_entries

    if not folder.is_dir() or not data_entries(folder):
        raise NoDataError(folder)
    return folder


def profile_language(store: Any) -> str | None:
    """The business profile's language, None before the profile is saved."""
    profile = store.profiles.get("profile")
    return profile.language if profile else None


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


@contextmanager
def opened_store(folder: Path, *, backups: bool = True, args: argparse.Namespace | None = None,
                 read_only_ok: bool = False) -> Iterator[Any]:
    """The store of `folder`. With `read_only_ok` (commands that only read: summary,
    report, backup -o) a folder that cannot be written is opened read-only, after a
    note saying so and how to rescue a copy."""
    from ..storage.interfaces import ReadOnlyFolderError
    from ..storage.tinydb_store import open_store

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
    t = translator(args) if args is not None else get_translator(system_language())
    complain(t("cli.read_only_note", folder=str(folder)))


# --- printing and the one error handler ---------------------------------------------
def say(text: str) -> None:
    print(text, flush=True)


def complain(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def message_lines(exc: BaseException, t: Translator) -> list[str]:
    """What the user reads about an error, in t's language."""
    from ..storage.interfaces import StorageError

    if isinstance(exc, CommandError):
        first = t.error(exc.cause) if exc.cause is not None else t(exc.key, **exc.params)
        return [first, *(t(hint) for hint in exc.hints)]
    if isinstance(exc, OSError) and not isinstance(exc, StorageError):
        reason = exc.strerror or type(exc).__name__
        if exc.filename is not None:
            return [t("cli.os_error_file", file=os.fsdecode(exc.filename), reason=reason)]
        return [t("cli.os_error", reason=reason)]
    return [t.error(exc)]


def report_error(exc: BaseException, t: Translator) -> ExitCode:
    """Print the error's message on stderr; its exit code."""
    code = exit_code_of(exc)
    if code == ExitCode.UNEXPECTED:
        log.debug("unexpected error", exc_info=exc)
    for line in message_lines(exc, t):
        complain(line)
    return code


def run_command(run: Callable[[argparse.Namespace], int | None], args: argparse.Namespace) -> int:
    """Run a command: its exit code, or the code of the error it raised after one
    translated message on stderr (never a traceback)."""

    def t() -> Translator:
        try:
            return translator(args)
        except Exception:  # noqa: BLE001 - the message must come out even so
            return get_translator(system_language())

    try:
        return int(run(args) or ExitCode.OK)
    except BrokenPipeError:  # `smallshop summary --format json | head`: the reader left
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return ExitCode.OK
    except KeyboardInterrupt:
        complain(t()("cli.interrupted"))
        return ExitCode.INTERRUPTED
    except Exception as exc:  # never a traceback in the user's face
        return report_error(exc, t())
