"""`smallshop report`: write the caseworker's monthly report as a PDF, XLSX, CSV or JSON file.

    smallshop report --month 2026-11 [--lang ky|ru|en] [--format pdf|xlsx|csv|json] [-o FILE] [--with-names]

The caseworker's copy names no customers; `--with-names` makes the owner's own copy.

Wiring only: the store and services give the month summary and the profile, the
reports layer renders bytes, and this module writes them. Bad input (a month, a
format, an output folder that is not there) is refused before anything is opened,
with a translated message and its exit code; no file is touched: the report is
rendered in memory first, then written to a temporary file in the target folder and
moved into place. The report's language is the messages' language: --lang, else the
business's, else the system's.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

from ..domain.period import Month
from ..reports import FORMATS, default_filename
from ..storage.files import replace_atomically
from ._common import data_dir_of, opened_store, require_data, say, translator, utc_now
from ._errors import CommandError, ExitCode
from ._params import ChoiceParam, MonthParam, PathParam
from ._parser import CommandLineParser

NAME = "report"
ORDER = 40
HELP = "report.cli.help"
DESCRIPTION = "report.cli.description"
STDOUT = Path("-")  # -o - : the report's bytes on standard output


def register(parser: CommandLineParser) -> None:
    parser.option("--month", param=MonthParam(), required=True, help="report.cli.opt_month")
    parser.option("--format", dest="fmt", param=ChoiceParam(*FORMATS), default="pdf", help="report.cli.opt_format")
    parser.option("-o", "--output", param=PathParam("FILE"), help="report.cli.opt_output")
    parser.option("--prepared-by", metavar="NAME", help="report.cli.opt_prepared_by")
    parser.option("--notes", metavar="TEXT", default="", help="report.cli.opt_notes")
    parser.flag("--with-names", help="report.cli.opt_with_names")


def write_atomically(target: Path, data: bytes) -> None:
    """All of `data` at `target`, or (on any error, an OSError) no change at all:
    storage's one atomic write, with an ordinary file's permissions."""
    replace_atomically(target, data, mode=0o666)


def _target(output: Path | None, month: Month, lang: str, fmt: str, with_names: bool) -> Path:
    return output if output is not None else Path.cwd() / default_filename(month, lang, fmt, with_names=with_names)


def _unwritable(target: Path) -> tuple[str, dict[str, object]] | None:
    """Why `target` cannot be written (a catalog key and its params), before any work
    is done; None when it looks fine."""
    folder = target.parent
    if not folder.is_dir():
        return "report.cli.no_folder", {"folder": folder}
    if target.is_dir():
        return "report.cli.is_folder", {}
    if not os.access(folder, os.W_OK):
        return "report.cli.not_writable", {"folder": folder}
    return None


def run(args: argparse.Namespace) -> int:
    """Bad input is refused before anything is opened or written; the report is
    rendered in memory, then written atomically (or to standard output with -o -)."""
    from ..services import Services  # wiring: the CLI is where concrete classes meet

    month: Month = args.month
    folder = data_dir_of(args)
    t = translator(args)  # --lang, else the business's language, else the system's
    with_names = bool(args.with_names)
    target = None if args.output == STDOUT else _target(args.output, month, t.lang, args.fmt, with_names)
    if target is not None and (why := _unwritable(target)) is not None:
        key, params = why
        raise CommandError("report.cli.write_failed", file=target, reason=t(key, **params))
    require_data(folder)  # a report never creates a data folder
    with opened_store(folder, backups=False, args=args, read_only_ok=True) as store:  # reading only
        from ..storage.state_file import REPORT_EXPORTS_FILE, JsonStateFile

        # the export log: the report's version, and changes to months already reported
        # (not on a read-only disk, where nothing may be written)
        keeper = None if getattr(store, "read_only", False) else JsonStateFile(folder / REPORT_EXPORTS_FILE)
        services = Services(store, clock=utc_now, export_keeper=keeper)
        profile = services.settings.profile()
        # a later month: its translated refusal
        _, data = services.report.export(month, fmt=args.fmt, lang=t.lang,
                                         prepared_by=args.prepared_by or profile.owner_name,
                                         with_names=with_names, notes=args.notes or None, today=date.today())
    if target is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return 0
    try:
        write_atomically(target, data)
    except OSError as exc:  # a full disk: nothing was written
        raise CommandError("report.cli.write_failed", code=ExitCode.DISK, file=target,
                           reason=exc.strerror or str(exc)) from exc
    say(t("report.cli.written", file=target))
    return 0
