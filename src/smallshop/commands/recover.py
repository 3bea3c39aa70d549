"""`smallshop recover [-o FOLDER]`: save everything that is intact in a data
folder that will not open, into a NEW folder (storage.recovery). The damaged
folder is only read; the report names exactly what could not be saved, and the
command to put the new folder in place (`smallshop restore FOLDER`). It exits 2
when anything could not be saved (the new folder is still written and usable)."""

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
    require_data,
    say,
    translator,
    utc_now,
)

NAME = "recover"
ORDER = 55


def register(subparsers: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser = command_parser(subparsers, parent, NAME)
    parser.add_argument("-o", "--output", metavar="FOLDER", help=help_text("cli.recover.opt_output"))
    return parser


def run(args: argparse.Namespace) -> int:
    return guarded(args, lambda: _run(args))


def _run(args: argparse.Namespace) -> int:
    t = translator(args)
    folder = require_data(data_dir_of(args))
    target = Path(args.output).expanduser() if args.output else None
    if target is not None and target.exists() and any(target.iterdir()):
        complain(t("cli.recover.not_empty", folder=str(target)))
        return EXIT_USER
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
    if lost:
        complain(t("cli.recover.could_not_save", count=len(lost)))
        for line in lost:
            complain("  " + line)
    else:
        say(t("cli.recover.nothing_lost"))
    say(t("cli.recover.untouched", folder=str(folder.resolve())))
    command = f"smallshop restore {report.folder.resolve()}"
    if getattr(args, "data_dir", None):
        command += f" --data-dir {folder.resolve()}"
    say(t("cli.recover.next", command=command))
    return EXIT_USER if lost else EXIT_OK  # something could not be saved: scripts must notice


def _recover_unless_open(folder: Path, target: Path | None):
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

