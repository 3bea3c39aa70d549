"""Who worked in the business each month (issue 15), as the owner confirms it.

`suggestion(month)` pre-fills the list (domain.jobs.suggest: the last confirmed
month, or the members list, and the month's wage expenses); `confirm` saves the
month's list as the owner checked it. A month with no confirmed list has no jobs
figures in the report (`of_month` is None), never a guess.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from ..domain import jobs as job_rules
from ..domain.access import Action
from ..domain.models import MonthJobs
from ..domain.period import Month
from ..domain.problems import DomainError
from .context import Context, refuse
from .forms import read_workers


class JobsService:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    def of_month(self, month: Month) -> MonthJobs | None:
        """The month's confirmed list, or None when the owner has not confirmed one."""
        return self._ctx.store.job_months.get(str(month))

    def tally(self, month: Month) -> job_rules.JobsTally | None:
        """Counts of the confirmed list (total, family, hired, paid, unpaid, women, young)."""
        jobs = self.of_month(month)
        return None if jobs is None else job_rules.tally(jobs.workers)

    def confirmed_months(self) -> list[MonthJobs]:
        """Every confirmed month, oldest first."""
        return sorted(self._ctx.store.job_months.all(), key=lambda j: j.month)

    def suggestion(self, month: Month) -> job_rules.JobsSuggestion:
        """The list to show the owner for `month`: its confirmed list when there is one,
        otherwise pre-filled from the last confirmed month or the members, and the wages."""
        store = self._ctx.store
        return job_rules.suggest(
            month, store.members.all(), store.expenses.between(month.first_day, month.last_day),
            store.job_months.all(),
        )

    def confirm(
        self, month: Month | str, workers: Sequence[Mapping[str, Any]], actor: str | None,
        expected_version: int | None = None,
    ) -> MonthJobs:
        """Save who worked in `month` (owner only): rows {name, kind "family"|"hired",
        member_id, paid, woman, young}. An empty list is allowed (nobody worked)."""
        self._ctx.allow(actor, Action.JOBS_CONFIRM)
        month = _month(month)
        current = self.of_month(month)
        if current is not None:
            self._ctx.check_version(current, expected_version)
        people = read_workers(workers)
        problems = job_rules.validate_workers(people)
        if problems:
            raise DomainError(problems)
        if current is None:
            record = MonthJobs(id=str(month), month=month, workers=people, audit=self._ctx.created(actor))
        else:
            record = replace(current, workers=people, audit=self._ctx.changed(current.audit, actor))
        with self._ctx.write(actor) as w:
            return w.put(record, expected_version=expected_version if current is not None else None,
                         before=current)


def _month(month: Month | str) -> Month:
    if isinstance(month, Month):
        return month
    try:
        return Month.parse(str(month))
    except ValueError:
        raise refuse("month", "error.month.invalid") from None
