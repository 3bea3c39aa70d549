"""Calendar months: the period every summary and report is about."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


class InvalidMonth(ValueError):
    """Raised by Month.parse; `key` is the translation key for the user."""

    key = "error.month.invalid"

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


@dataclass(frozen=True, order=True, slots=True)
class Month:
    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12 or not 1900 <= self.year <= 9999:
            raise InvalidMonth(f"{self.year:04d}-{self.month:02d}")

    @classmethod
    def parse(cls, text: str) -> "Month":
        """Month from "YYYY-MM"; anything else raises InvalidMonth."""
        match = _MONTH_RE.match(text.strip()) if isinstance(text, str) else None
        if not match:
            raise InvalidMonth(str(text))
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day: date) -> "Month":
        return cls(day.year, day.month)

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def contains(self, day: date) -> bool:
        return day.year == self.year and day.month == self.month

    def previous(self) -> "Month":
        return Month(self.year - 1, 12) if self.month == 1 else Month(self.year, self.month - 1)

    def next(self) -> "Month":
        return Month(self.year + 1, 1) if self.month == 12 else Month(self.year, self.month + 1)

    def back(self, count: int) -> list["Month"]:
        """The `count` months ending with this one, oldest first."""
        months = [self]
        for _ in range(count - 1):
            months.append(months[-1].previous())
        return list(reversed(months))

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"
