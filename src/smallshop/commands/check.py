"""`smallshop check`: is the data folder healthy? Exit 0 when it is; otherwise a
clear message naming each damaged file and the command that saves everything
still intact (`smallshop recover`, never a plain restore that would lose saves).
Reads everything and changes nothing (storage.check.check_store)."""

from __future__ import annotations

import argparse

from ._common import complain, data_dir_of, require_data, say, translator
from ._errors import CommandError, ExitCode
from ._parser import CommandLineParser

NAME = "check"
ORDER = 60
HELP = "cli.check.help"
DESCRIPTION = "cli.check.description"


def register(parser: CommandLineParser) -> None:
    pass  # only the options every command has


def run(args: argparse.Namespace) -> int:
    from ..storage.check import check_store

    t = translator(args)
    folder = data_dir_of(args)
    if not folder.is_dir():
        raise CommandError("cli.check.no_folder", folder=str(folder))
    require_data(folder)  # a folder without smallshop data is not "healthy" (and gets no lock file)
    result = check_store(folder)
    fatal = [p for p in result.problems if p.fatal]
    notes = [p for p in result.problems if not p.fatal]
    for problem in notes:
        say(t(problem.key, **problem.params))
    if not fatal:
        say(t("cli.check.healthy", folder=str(result.data_dir), records=result.records, files=result.files))
        return ExitCode.OK
    complain(t("cli.check.unhealthy", folder=str(result.data_dir), count=len(fatal)))
    for problem in fatal:
        complain("  " + t(problem.key, **problem.params))
    # Never "restore the last backup": that loses every save made since, even those
    # still intact in a data file or the log. recover keeps everything intact anywhere.
    command = "smallshop recover"
    if args.data_dir is not None:
        command += f" --data-dir {result.data_dir}"
    complain(t("cli.check.recover_hint", command=command))
    return ExitCode.DAMAGED
