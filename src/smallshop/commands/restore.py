"""`smallshop restore FILE|FOLDER`: bring the data back from a backup.

The backup (a zip, or a replaced-<stamp>/ or recovered folder) is opened beside
the data before anything is touched (storage.restoring); the data it replaces is
kept in DATA/replaced-<stamp>/ and as a "before-restore" backup, never deleted.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ._common import (
    EXIT_OK,
    EXIT_USER,
    command_parser,
    complain,
    data_dir_of,
    guarded,
    help_text,
    opened_store,
    profile_language,
    say,
    translator,
    utc_now,
)

NAME = "restore"
ORDER = 50


def register(subparsers: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser = command_parser(subparsers, parent, NAME)
    parser.add_argument("file", metavar="FILE", help=help_text("cli.restore.opt_file"))
    parser.add_argument("--other-business", action="store_true", help=help_text("cli.restore.opt_other_business"))
    return parser


def run(args: argparse.Namespace) -> int:
    return guarded(args, lambda: _refused_other_business(args))


def _refused_other_business(args: argparse.Namespace) -> int:
    """A backup of another business: its message, then how to go ahead anyway."""
    from ..storage.interfaces import InvalidBackupError

    try:
        return _run(args)
    except InvalidBackupError as exc:
        if exc.why != "other_business":
            raise
        t = translator(args)
        complain(t.error(exc))
        complain(t("cli.restore.other_business_hint"))
        return EXIT_USER


def _run(args: argparse.Namespace) -> int:
    from ..storage.restoring import restore_backup

    source = Path(args.file).expanduser().absolute()
    folder = data_dir_of(args)
    # InvalidBackupError (nothing touched) names what would not open
    outcome = restore_backup(folder, source, clock=utc_now, other_business=args.other_business)
    t = translator(args, None if args.lang else _restored_language(folder))
    say(t("cli.restore.done", file=str(source), folder=str(folder.resolve()), records=outcome.records))
    say(t("cli.restore.kept", folder=str(outcome.replaced)))
    if outcome.before_restore is not None:
        say(t("cli.restore.before_backup", file=str(outcome.before_restore)))
    return EXIT_OK


def _restored_language(folder: Path) -> str | None:
    """The restored business's language, for the messages (English if unreadable)."""
    try:
        with opened_store(folder, backups=False) as store:
            return profile_language(store)
    except Exception:  # the restore itself succeeded; only the language is unknown
        return None
