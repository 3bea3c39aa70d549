"""Who worked in the business each month: family members and hired people, paid or
unpaid, women and young people (issue 15; the programme's jobs indicator).

The owner confirms the list per month; `suggest` pre-fills it from what the app
already knows: the people of the last confirmed month (with their answers), or else
the active family members, and the month's wage expenses (a member or a listed person named in a wage expense's description - by
the first word of their name, so "Айпериге эмгек акы" is Айпери's - was paid; other
wage expenses are hired people, named by the description). Pure functions, no clock.

**Young** means 18 to 35 years old (inclusive) on the month worked: the programme
definition this app uses for the youth-employment count (the range many
reintegration and youth-employment programmes in Central Asia use for adult young
workers; Kyrgyzstan's youth law counts 14-28, which would leave out most of the
daughters who work in these workshops). The form says "18-35" next to the box, so
the owner knows what she confirms.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from .models import Expense, ExpenseCategory, Member, MonthJobs, Worker, WorkerKind
from .money import ZERO, Money
from .period import Month
from .problems import Problem

YOUNG_AGES = (18, 35)  # inclusive: see the module docstring
MAX_WORKERS = 50


@dataclass(frozen=True, slots=True)
class JobsTally:
    """Counts of one month's workers (each person once)."""

    total: int
    family: int
    hired: int
    paid: int
    unpaid: int
    women: int
    young: int
    young_women: int


def tally(workers: Iterable[Worker]) -> JobsTally:
    people = list(workers)
    return JobsTally(
        total=len(people),
        family=sum(1 for w in people if w.kind is WorkerKind.FAMILY),
        hired=sum(1 for w in people if w.kind is WorkerKind.HIRED),
        paid=sum(1 for w in people if w.paid),
        unpaid=sum(1 for w in people if not w.paid),
        women=sum(1 for w in people if w.woman),
        young=sum(1 for w in people if w.young),
        young_women=sum(1 for w in people if w.woman and w.young),
    )


def validate_workers(workers: Iterable[Worker]) -> list[Problem]:
    """Each person once (names compared without case), at most MAX_WORKERS."""
    problems: list[Problem] = []
    seen: set[str] = set()
    people = list(workers)
    if len(people) > MAX_WORKERS:
        problems.append(Problem("workers", "error.jobs.too_many", {"max": MAX_WORKERS}))
    for number, worker in enumerate(people):
        key = worker.name.casefold()
        if key in seen:
            problems.append(Problem(f"workers.{number}.name", "error.jobs.duplicate_name", {"name": worker.name}))
        seen.add(key)
    return problems


@dataclass(frozen=True, slots=True)
class JobsSuggestion:
    """A pre-filled list for the owner to confirm.

    `source`: "confirmed" (the month's own confirmed list), "previous" (copied from the
    last confirmed month before it) or "members" (from the members list).
    `wages_unnamed`: wage expenses of the month with no description, which could not
    be put on anyone (the form says so)."""

    month: Month
    workers: tuple[Worker, ...]
    source: str
    wages_unnamed: Money = ZERO


def _named_in(name: str, text: str) -> bool:
    """The first word of `name` (3 letters or more) appears in `text`: "Айпери Ташиева"
    in "Айпериге эмгек акы", "Бычуучу Азамат" in "Бычуучуга акы" (Kyrgyz adds endings)."""
    words = name.split()
    first = words[0].casefold() if words else ""
    return len(first) >= 3 and first in text.casefold()


def suggest(
    month: Month,
    members: Iterable[Member],
    expenses: Iterable[Expense],
    confirmed: Iterable[MonthJobs],
) -> JobsSuggestion:
    """The list to confirm for `month` (see the module docstring). `expenses` may be
    of any months (only the month's wages are read); `confirmed` are the confirmed
    months (any order)."""
    confirmed = list(confirmed)
    own = next((j for j in confirmed if j.month == month), None)
    if own is not None:
        return JobsSuggestion(month, own.workers, "confirmed")
    earlier = [j for j in confirmed if j.month < month and j.workers]
    active = [m for m in members if m.active]
    if earlier:
        previous = max(earlier, key=lambda j: j.month)
        workers = list(previous.workers)
        source = "previous"
    else:
        workers = [Worker(name=m.name, kind=WorkerKind.FAMILY, member_id=m.id) for m in active]
        source = "members"
    wages = [e for e in expenses if e.category is ExpenseCategory.WAGES and month.contains(e.date)]
    unnamed = ZERO
    for expense in wages:
        text = expense.description.strip()
        if not text:
            unnamed += expense.amount
            continue
        member = next((m for m in active if _named_in(m.name, text)), None)
        if member is not None:
            index = next((i for i, w in enumerate(workers) if w.member_id == member.id), None)
            if index is None:
                workers.append(Worker(name=member.name, kind=WorkerKind.FAMILY, member_id=member.id, paid=True))
            else:
                workers[index] = replace(workers[index], paid=True)
            continue
        index = next((i for i, w in enumerate(workers)
                      if w.name.casefold() == text.casefold() or _named_in(w.name, text)), None)
        if index is None:
            workers.append(Worker(name=text[:120], kind=WorkerKind.HIRED, paid=True))
        else:
            workers[index] = replace(workers[index], paid=True)
    return JobsSuggestion(month, tuple(workers), source, unnamed)
