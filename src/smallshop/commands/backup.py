"""`smallshop backup [-o FILE]`: write a consistent backup of the data folder."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..storage.layout import RECORD_KINDS
from ._common import (
    EXIT_OK,
    command_parser,
    data_dir_of,
    guarded,
    help_text,
    opened_store,
    profile_language,
    require_data,
    say,
    translator,
    utc_now,
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
    # a read-only folder still gives a rescue backup to another place (-o)
    with opened_store(folder, backups=False, args=args, read_only_ok=bool(args.output)) as store:
        language = profile_language(store)
        destination = Path(args.output).expanduser() if args.output else None
        if destination is not None and destination.is_dir():
            destination = destination / f"smallshop-backup-{_stamp()}.zip"
        path = store.backup(destination)
        records = sum(len(getattr(store, kind.name)) for kind in RECORD_KINDS)  # not history/bin
    say(translator(args, language)("cli.backup.written", file=str(path.resolve()), records=records))
    return EXIT_OK


def _stamp() -> str:
    return utc_now().strftime("%Y-%m-%d-%H%M%S")
