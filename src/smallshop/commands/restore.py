"""`smallshop restore FILE|FOLDER`: bring the data back from a backup.

The backup (a zip, or a replaced-<stamp>/ or recovered folder) is opened beside
the data before anything is touched (storage.restoring); the data it replaces is
kept in DATA/replaced-<stamp>/ and as a "before-restore" backup, never deleted.
"""

from __future__ import annotations

import argparse

from ._common import data_dir_of, say, translator, utc_now
from ._errors import CommandError
from ._params import PathParam
from ._parser import CommandLineParser

NAME = "restore"
ORDER = 50
HELP = "cli.restore.help"
DESCRIPTION = "cli.restore.description"


def register(parser: CommandLineParser) -> None:
    parser.option("file", param=PathParam("FILE"), nargs="?", required=True, help="cli.restore.opt_file")
    parser.flag("--other-business", help="cli.restore.opt_other_business")


def run(args: argparse.Namespace) -> int:
    """A backup of another business: its message, then how to go ahead anyway."""
    from ..storage.interfaces import InvalidBackupError

    try:
        return _run(args)
    except InvalidBackupError as exc:
        if exc.why != "other_business":
            raise
        raise CommandError(cause=exc, hints=("cli.restore.other_business_hint",)) from exc


def _run(args: argparse.Namespace) -> int:
    from ..storage.peek import business_language
    from ..storage.restoring import restore_backup

    source = args.file.absolute()
    folder = data_dir_of(args)
    # InvalidBackupError (nothing touched) names what would not open
    outcome = restore_backup(folder, source, clock=utc_now, other_business=args.other_business)
    t = translator(args, business_language(folder))  # the restored business's language
    say(t("cli.restore.done", file=str(source), folder=str(folder.resolve()), records=outcome.records))
    say(t("cli.restore.kept", folder=str(outcome.replaced)))
    if outcome.before_restore is not None:
        say(t("cli.restore.before_backup", file=str(outcome.before_restore)))
    return 0
