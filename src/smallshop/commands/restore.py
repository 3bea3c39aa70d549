"""`smallshop restore FILE`: bring the data back from a backup.

The backup is checked completely before anything is touched; the data it replaces
is kept in DATA/replaced-<stamp>/, never deleted.
"""

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
    profile_language,
    say,
    translator,
)

NAME = "restore"
ORDER = 50


def register(subparsers: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser = command_parser(subparsers, parent, NAME)
    parser.add_argument("file", metavar="FILE", help=help_text("cli.restore.opt_file"))
    return parser


def run(args: argparse.Namespace) -> int:
    return guarded(args, lambda: _run(args))


def _run(args: argparse.Namespace) -> int:
    from ..storage.backups import restore_backup, validate_backup

    source = Path(args.file).expanduser().resolve()
    info = validate_backup(source)  # InvalidBackupError: nothing touched
    folder = data_dir_of(args)
    replaced = restore_backup(folder, source)
    records = sum(info.counts.values())
    t = translator(args, None if args.lang else _restored_language(folder))
    say(t("cli.restore.done", file=str(source), folder=str(folder.resolve()), records=records))
    say(t("cli.restore.kept", folder=str(replaced)))
    return EXIT_OK


def _restored_language(folder: Path) -> str | None:
    """The restored business's language, for the messages (English if unreadable)."""
    try:
        with opened_store(folder, backups=False) as store:
            return profile_language(store)
    except Exception:  # the restore itself succeeded; only the language is unknown
        return None
