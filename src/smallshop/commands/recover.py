"""`smallshop recover [-o FOLDER]`: save everything that is intact in a data
folder that will not open, into a NEW folder (storage.recovery). The damaged
folder is only read; the report names exactly what could not be saved, and the
command to put the new folder in place (`smallshop restore FOLDER`). It exits 4
(ExitCode.DAMAGED) when anything could not be saved (the new folder is still written and usable)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from ._common import complain, data_dir_of, require_data, say, translator, utc_now
from ._errors import CommandError, ExitCode
from ._params import PathParam
from ._parser import CommandLineParser

if TYPE_CHECKING:
    from ..storage.recovery import RecoveryReport

NAME = "recover"
ORDER = 55
HELP = "cli.recover.help"
DESCRIPTION = "cli.recover.description"


def register(parser: CommandLineParser) -> None:
    parser.option("-o", "--output", param=PathParam("FOLDER"), help="cli.recover.opt_output")


def run(args: argparse.Namespace) -> int:
    t = translator(args)
    folder = require_data(data_dir_of(args))
    target = args.output
    if target is not None and target.exists() and any(target.iterdir()):
        raise CommandError("cli.recover.not_empty", folder=str(target))
    report = _recover_unless_open(folder, target)
    say(t("cli.recover.done", folder=str(report.folder.resolve()), records=report.records))
    if report.backup is not None and report.from_backup:
        say(t("cli.recover.from_backup", backup=str(report.backup), files=", ".join(report.from_backup)))
    if report.log_entries:
        say(t("cli.recover.log_entries", count=report.log_entries))
    lost = [t("cli.recover.lost_file", file=name) for name in report.lost_files]
    lost += [t("cli.recover.lost_record", file=name, record_id=rid) for name, rid in report.lost_records]
    lost += [t("cli.recover.lost_log_entry", offset=offset) for offset in report.damaged_log_entries]
    if report.dropped_last_entry is not None:
        lost.append(t("cli.recover.dropped_last_entry", offset=report.dropped_last_entry))
    if report.log_unreadable:
        lost.append(t("cli.recover.log_unreadable"))
    if report.checksums_unreadable:
        lost.append(t("cli.recover.checksums_unreadable"))
    unverified = [t("cli.recover.unverified", file=name, record_id=rid) for name, rid in report.unverified]
    if lost:
        complain(t("cli.recover.could_not_save", count=len(lost)))
        for line in lost:
            complain("  " + line)
    if unverified:  # saved, but perhaps holding the damage a checksum found
        complain(t("cli.recover.check_these", count=len(unverified)))
        for line in unverified:
            complain("  " + line)
    if not lost and not unverified:
        say(t("cli.recover.nothing_lost"))
    say(t("cli.recover.untouched", folder=str(folder.resolve())))
    command = f"smallshop restore {report.folder.resolve()}"
    if args.data_dir is not None:
        command += f" --data-dir {folder.resolve()}"
    say(t("cli.recover.next", command=command))
    return ExitCode.DAMAGED if lost or unverified else ExitCode.OK  # lost or to check: scripts must notice


def _recover_unless_open(folder: Path, target: Path | None) -> "RecoveryReport":
    """Recover while holding the folder's lock, like every other command: a folder
    open in the app keeps changing, and its Recover would be restored over newer
    saves (storage.locked). A folder nobody can write to has no writer to wait for."""
    import os

    from ..storage.recovery import recover
    from ..storage.tinydb_store import folder_lock

    if not os.access(folder, os.W_OK):
        return recover(folder, target, clock=utc_now)
    with folder_lock(folder):
        return recover(folder, target, clock=utc_now)

