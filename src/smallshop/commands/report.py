"""`smallshop report`: write the caseworker's monthly report as a PDF, CSV or JSON file.

    smallshop report --month 2026-11 [--lang ky|ru|en] [--format pdf|csv|json] [-o FILE]

Wiring only: the store and services give the month summary and the profile, the
reports layer renders bytes, and this module writes them. Bad input gets a translated
message and a non-zero exit, and no file is touched: the report is rendered in memory
first, then written to a temporary file in the target folder and moved into place.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from datetime import date, datetime, timezone
from pathlib import Path

from ..domain.period import InvalidMonth, Month
from ..domain.problems import DomainError
from ..i18n import DEFAULT_LANGUAGE, get_translator
from ..reports import FORMATS, LANGUAGES, default_filename, render_report
from ._common import HELP_LANG_ENV, help_text  # help in $SMALLSHOP_LANG, like the other commands

NAME = "report"
ORDER = 40
EXIT_OK = 0
EXIT_USER = 2  # bad input or unusable data/output: the message says what to do (as the other commands)


def register(subparsers: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        NAME,
        parents=[parent],
        help=help_text("report.cli.help"),
        description=help_text("report.cli.description"),
    )
    parser.add_argument("--demo", action="store_true", help=help_text("cli.opt_demo"))
    parser.add_argument("--month", metavar="YYYY-MM", help=help_text("report.cli.opt_month"))
    parser.add_argument("--format", dest="fmt", metavar="FORMAT", default="pdf", help=help_text("report.cli.opt_format"))
    parser.add_argument("-o", "--output", metavar="FILE", help=help_text("report.cli.opt_output"))
    parser.add_argument("--prepared-by", metavar="NAME", help=help_text("report.cli.opt_prepared_by"))
    parser.add_argument("--notes", metavar="TEXT", default="", help=help_text("report.cli.opt_notes"))
    parser.error = _error_in_every_language(parser)  # type: ignore[method-assign]
    return parser


def _error_in_every_language(parser: argparse.ArgumentParser):
    """argparse errors come before we know the user's language: say them in
    $SMALLSHOP_LANG when it is set, else in all three."""

    def error(message: str) -> None:
        parser.print_usage(sys.stderr)
        bad_lang = re.search(r"argument --lang: invalid choice: '([^']*)'", message)
        chosen = os.environ.get(HELP_LANG_ENV)
        for lang in [chosen] if chosen in LANGUAGES else LANGUAGES:
            t = get_translator(lang)
            if bad_lang:
                text = t("report.cli.lang_invalid", lang=bad_lang.group(1))
            else:
                text = t("report.cli.bad_argument", message=message)
            print(text, file=sys.stderr)
        parser.exit(2)

    return error


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_atomically(target: Path, data: bytes) -> None:
    """All of `data` at `target`, or (on any error) no change at all."""
    folder = target.parent
    fd, temp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    try:
        os.chmod(temp, 0o666 & ~_umask())  # mkstemp makes 0600; a report is an ordinary file
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        try:
            os.unlink(temp)
        except FileNotFoundError:
            pass
        raise


def _fail(t, key: str, **params) -> int:
    print(t(key, **params), file=sys.stderr)
    return EXIT_USER


def _target(output: str | None, month: Month, lang: str, fmt: str) -> Path:
    return Path(output).expanduser() if output else Path.cwd() / default_filename(month, lang, fmt)


def _check_folder(t, target: Path) -> str | None:
    """Why `target` cannot be written, before any work is done (None when it looks fine)."""
    folder = target.parent
    if not folder.is_dir():
        return t("report.cli.no_folder", folder=folder)
    if target.is_dir():
        return t("report.cli.is_folder")
    if not os.access(folder, os.W_OK):
        return t("report.cli.not_writable", folder=folder)
    return None


def run(args: argparse.Namespace) -> int:
    """Never a traceback: what _run does not turn into its own message becomes the
    translated "something went wrong" line (the same guard as the other commands)."""
    from ._common import guarded

    return guarded(args, lambda: _run(args))


def _run(args: argparse.Namespace) -> int:
    from ..services import Services  # wiring: the CLI is where concrete classes meet
    from ..storage.interfaces import StorageError
    from ..storage.tinydb_store import ReadOnlyFolderError, open_store
    from ._common import data_dir_of, note_read_only

    data_dir = data_dir_of(args)
    store = None
    try:
        if data_dir.is_dir():  # a report never creates a data folder
            # read-only: no automatic backup on the way in
            try:
                store = open_store(data_dir, clock=lambda: datetime.now(timezone.utc), backups=False)
            except ReadOnlyFolderError:  # a failing disk: the report still comes out, elsewhere
                note_read_only(data_dir, args)
                store = open_store(data_dir, clock=lambda: datetime.now(timezone.utc), backups=False,
                                   read_only=True)
        services = Services(store, clock=lambda: datetime.now(timezone.utc)) if store else None
        profile = services.settings.profile() if services else None
        lang = args.lang or (profile.language if profile and profile.language in LANGUAGES else DEFAULT_LANGUAGE)
        t = get_translator(lang)

        if not args.month:
            return _fail(t, "report.cli.month_required")
        try:
            month = Month.parse(args.month)
        except InvalidMonth:
            return _fail(t, "report.cli.month_invalid", month=args.month)
        fmt = (args.fmt or "pdf").lower()
        if fmt not in FORMATS:
            return _fail(t, "report.cli.format_invalid", format=args.fmt)
        to_stdout = args.output == "-"
        target = None if to_stdout else _target(args.output, month, lang, fmt)
        if target is not None:
            reason = _check_folder(t, target)
            if reason:
                return _fail(t, "report.cli.write_failed", file=target, reason=reason)
        if services is None or profile is None:
            return _fail(t, "report.cli.no_data", folder=data_dir)

        try:  # a month after this one is refused with its translated message
            summary = services.reporting.month_summary(month)
        except DomainError as exc:
            print(t.error(exc), file=sys.stderr)
            return EXIT_USER
        data = render_report(
            summary,
            profile,
            fmt=fmt,  # type: ignore[arg-type]
            lang=lang,
            generated_on=date.today(),
            prepared_by=args.prepared_by or profile.owner_name,
            notes=args.notes or "",
        )
    except StorageError as exc:
        print(get_translator(args.lang or DEFAULT_LANGUAGE).error(exc), file=sys.stderr)
        return EXIT_USER
    finally:
        if store is not None:
            store.close()

    if target is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return EXIT_OK
    try:
        write_atomically(target, data)
    except OSError as exc:
        return _fail(t, "report.cli.write_failed", file=target, reason=exc.strerror or str(exc))
    print(t("report.cli.written", file=target))
    return EXIT_OK
