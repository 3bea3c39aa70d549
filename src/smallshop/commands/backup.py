"""`smallshop backup [-o FILE]`: write a consistent backup of the data folder."""

from __future__ import annotations

import argparse

from ..storage.layout import RECORD_KINDS
from ._common import data_dir_of, opened_store, profile_language, require_data, say, translator, utc_now
from ._params import PathParam
from ._parser import CommandLineParser

NAME = "backup"
ORDER = 45
HELP = "cli.backup.help"
DESCRIPTION = "cli.backup.description"


def register(parser: CommandLineParser) -> None:
    parser.option("-o", "--output", param=PathParam("FILE"), help="cli.backup.opt_output")


def run(args: argparse.Namespace) -> int:
    folder = require_data(data_dir_of(args))
    # a read-only folder still gives a rescue backup to another place (-o)
    with opened_store(folder, backups=False, args=args, read_only_ok=args.output is not None) as store:
        language = profile_language(store)
        destination = args.output
        if destination is not None and destination.is_dir():
            destination = destination / f"smallshop-backup-{_stamp()}.zip"
        path = store.backup(destination)
        records = sum(len(getattr(store, kind.name)) for kind in RECORD_KINDS)  # not history/bin
    say(translator(args, language)("cli.backup.written", file=str(path.resolve()), records=records))
    return 0


def _stamp() -> str:
    return utc_now().strftime("%Y-%m-%d-%H%M%S")
