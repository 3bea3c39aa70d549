"""`smallshop backup [-o FILE]`: write a consistent backup of the data folder."""

from __future__ import annotations

import argparse
from pathlib import Path

from ._common import (
    EXIT_OK,
    command_parser,
    data_dir_of,
    guarded,
    help_text,
    opened_store,
    require_data,
    say,
    translator,
)

NAME = "backup"
ORDER = 45


def register(subparsers: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser = command_parser(subparsers, parent, NAME)
    parser.add_argument("-o", "--output", metavar="FILE", help=help_text("cli.backup.opt_output"))
    return parser


def run(args: argparse.Namespace) -> int:
    return guarded(args, lambda: _run(args))


def _run(args: argparse.Namespace) -> int:
    folder = require_data(data_dir_of(args))
    with opened_store(folder, backups=False) as store:
        language = _language(store)
        destination = Path(args.output).expanduser() if args.output else None
        if destination is not None and destination.is_dir():
            destination = destination / f"smallshop-backup-{_stamp(store)}.zip"
        path = store.backup(destination)
        records = sum(len(getattr(store, name)) for name in _KINDS)
    say(translator(args, language)("cli.backup.written", file=str(path.resolve()), records=records))
    return EXIT_OK


_KINDS = ("customers", "members", "orders", "incomes", "expenses", "draws", "debts", "repayments", "profiles")


def _language(store: object) -> str | None:
    profile = store.profiles.get("profile")  # type: ignore[attr-defined]
    return profile.language if profile else None


def _stamp(store: object) -> str:
    from ._common import utc_now

    return utc_now().strftime("%Y-%m-%d-%H%M%S")
