"""The exit codes of every smallshop command, and the errors that end a command.

One table for every command (README, "Exit codes"), so a script can tell what to do
next without reading the message:

    0  OK           done (`check`: the data is healthy)
    1  UNEXPECTED   something went wrong that smallshop did not expect (a bug)
    2  USAGE        the command line is wrong: an unknown option, a bad month, format,
                    language, number, date or path, a missing --month
    3  REFUSED      understood, but refused: no smallshop data in the folder, a month
                    after this one, a file that is not a backup, a folder that already
                    holds data, an output folder that does not exist, a PIN that is too short
    4  DAMAGED      the data is damaged: `check` found damage, the store would not open,
                    or `recover` could not save everything (run `smallshop recover`)
    5  BUSY         the data folder is open in the app or another command, or the
                    port is taken: close it and try again
    6  DISK         the disk refused: full, read-only, no permission
    130 INTERRUPTED Ctrl+C

A command raises; the one handler (_common.run_command) prints the translated message
and returns the code of the error (exit_code_of). Nothing here reads an error's text.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from ..domain.period import InvalidMonth
from ..domain.problems import DomainError


class ExitCode(IntEnum):
    OK = 0
    UNEXPECTED = 1
    USAGE = 2
    REFUSED = 3
    DAMAGED = 4
    BUSY = 5
    DISK = 6
    INTERRUPTED = 130


class CommandError(Exception):
    """A command's own refusal: a catalog key and its params, the exit code, and
    optionally more lines (hints) under the message. With `cause`, the message is the
    cause's own translated message (Translator.error) and the code the cause's."""

    code: ExitCode = ExitCode.REFUSED

    def __init__(self, key: str = "", *, code: ExitCode | None = None, hints: tuple[str, ...] = (),
                 cause: BaseException | None = None, **params: Any) -> None:
        super().__init__(key or type(cause).__name__)
        self.key = key
        self.params = params
        self.hints = hints
        self.cause = cause
        if code is not None:
            self.code = code
        elif cause is not None:
            self.code = exit_code_of(cause)


class UsageError(CommandError):
    """The command line is wrong: a value refused by its parameter type."""

    code = ExitCode.USAGE


class WrongCommandLine(UsageError):
    """The words of the command line are wrong (an unknown option, a missing one, an
    option without its value): the command's usage line is shown above the message."""


class NoDataError(CommandError):
    """The data folder does not exist or holds no smallshop data (nothing is created)."""

    def __init__(self, folder: object) -> None:
        super().__init__("cli.no_data", folder=str(folder))


def exit_code_of(exc: BaseException) -> ExitCode:
    """The row of the table an error belongs to."""
    from ..services.access import SharingError
    from ..storage.interfaces import DiskWriteError, StorageError, StoreDamagedError, StoreLockedError

    if isinstance(exc, CommandError):
        return exc.code
    if isinstance(exc, StoreLockedError):
        return ExitCode.BUSY
    if isinstance(exc, StoreDamagedError):
        return ExitCode.DAMAGED
    if isinstance(exc, DiskWriteError):  # also a read-only or unusable data folder
        return ExitCode.DISK
    if isinstance(exc, (StorageError, SharingError, DomainError, InvalidMonth)):
        return ExitCode.REFUSED
    if isinstance(exc, OSError):
        return ExitCode.DISK
    return ExitCode.UNEXPECTED
