"""Problems are data: validation returns them, the caller decides how to show them.

A Problem names the form field it belongs to and a translation key with its
placeholders, so the UI can put a translated message next to the field and the
CLI can print it. Nothing is saved when any problem is found.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Mapping


@dataclass(frozen=True, slots=True)
class Problem:
    field: str  # form field name, e.g. "amount"; "" for the whole record
    key: str  # translation key, e.g. "error.amount.invalid"
    params: Mapping[str, Any] = dataclasses.field(default_factory=dict)  # not `field`: the attribute above shadows it


class DomainError(Exception):
    """A user-caused error: one or more problems, nothing was changed."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...] | Problem) -> None:
        if isinstance(problems, Problem):
            problems = [problems]
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("; ".join(p.key for p in self.problems))

    def for_field(self, name: str) -> list[Problem]:
        return [p for p in self.problems if p.field == name]
