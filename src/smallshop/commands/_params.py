"""Typed parameters of the command line: each turns the text typed after an option
into the value the command works with (a Month, a date, a Path, a whole number, one
of a few words) or raises UsageError with a catalog key.

argparse calls a parameter as its `type=`; it catches only ArgumentTypeError,
TypeError and ValueError, so UsageError (none of those) reaches the one error handler
untouched, with its key and params: no message is ever made from argparse's English.
`CommandLineParser.option` binds a parameter to its option's name for the message.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path
from typing import Generic, TypeVar

from ..domain.parsing import parse_date
from ..domain.period import InvalidMonth, Month
from ..domain.problems import DomainError
from ..i18n import SUPPORTED
from ._errors import UsageError

T = TypeVar("T")


def shown(text: str, limit: int = 40) -> str:
    """The typed text as a message may quote it: control characters escaped, cut short."""
    visible = "".join(
        ch if unicodedata.category(ch) not in ("Cc", "Cs") else ch.encode("unicode_escape", "backslashreplace").decode()
        for ch in text[:limit]
    )
    return visible + ("…" if len(text) > limit else "")


class Param(Generic[T]):
    """What an option's value must be. `metavar` names it in the usage line."""

    metavar: str = "VALUE"

    def convert(self, text: str, option: str) -> T:
        raise NotImplementedError


class MonthParam(Param[Month]):
    metavar = "YYYY-MM"

    def convert(self, text: str, option: str) -> Month:
        try:
            return Month.parse(text)
        except InvalidMonth:
            raise UsageError("cli.args.bad_month", option=option, value=shown(text)) from None


class DateParam(Param[date]):
    metavar = "YYYY-MM-DD"

    def convert(self, text: str, option: str) -> date:
        try:
            return parse_date(text, option)
        except DomainError:
            raise UsageError("cli.args.bad_date", option=option, value=shown(text)) from None


class ChoiceParam(Param[str]):
    """One of a few words, in any letter case ("PDF" is "pdf")."""

    def __init__(self, *choices: str) -> None:
        self.choices = choices
        self.metavar = "|".join(choices)

    def convert(self, text: str, option: str) -> str:
        word = text.strip().lower()
        if word not in self.choices:
            raise UsageError("cli.args.invalid_choice", option=option, value=shown(text),
                             choices=", ".join(self.choices))
        return word


class LanguageParam(ChoiceParam):
    def __init__(self) -> None:
        super().__init__(*SUPPORTED)


class NumberParam(Param[int]):
    """A whole number, between `low` and `high` when they are given."""

    metavar = "N"

    def __init__(self, low: int | None = None, high: int | None = None, metavar: str = "N") -> None:
        self.low, self.high, self.metavar = low, high, metavar

    def convert(self, text: str, option: str) -> int:
        try:
            number = int(text.strip())
        except ValueError:
            raise UsageError("cli.args.invalid_number", option=option, value=shown(text)) from None
        if (self.low is not None and number < self.low) or (self.high is not None and number > self.high):
            raise UsageError("cli.args.number_range", option=option, value=number, low=self.low, high=self.high)
        return number


class PathParam(Param[Path]):
    """A file or folder name; `~` is the home folder. Empty names and names with a
    NUL character (which no system accepts) are refused here, not by a crash later."""

    def __init__(self, metavar: str = "FILE") -> None:
        self.metavar = metavar

    def convert(self, text: str, option: str) -> Path:
        if not text or "\0" in text:
            raise UsageError("cli.args.bad_path", option=option, value=shown(text))
        try:
            return Path(text).expanduser()
        except RuntimeError:  # "~someone" who has no home folder here
            raise UsageError("cli.args.bad_path", option=option, value=shown(text)) from None
