"""The business plan agreed with the caseworker (issue 15): one per data folder,
stored with the fixed id "plan"; until the owner saves one, a blank plan is returned.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from ..domain import plan as plan_rules
from ..domain.access import Action
from ..domain.models import BusinessPlan
from ..domain.period import Month
from ..domain.problems import DomainError
from .context import Context
from .forms import decimal_mark_of, read_plan_form

PLAN_ID = "plan"


class PlanService:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    def current(self) -> BusinessPlan:
        """The plan (a blank one, version 0, until it is saved)."""
        return self._ctx.store.plans.get(PLAN_ID) or BusinessPlan(id=PLAN_ID)

    def months_since_assistance(self, month: Month) -> int | None:
        """Whole months from the start of the assistance to `month` (0 in its first month)."""
        return plan_rules.months_since_assistance(self.current(), month)

    def update(
        self,
        form: Mapping[str, Any],
        purchases: Sequence[Mapping[str, Any]],
        actor: str | None,
        expected_version: int | None = None,
        *,
        lang: str | None = None,
    ) -> BusinessPlan:
        """Save the whole plan (owner only): form fields assistance_started, sales_target,
        profit_target; `purchases` rows {item, amount, month "YYYY-MM"} replace the old ones."""
        self._ctx.allow(actor, Action.PLAN_EDIT)
        current = self.current()
        self._ctx.check_version(current, expected_version)
        fields = read_plan_form(form, purchases, decimal_mark=decimal_mark_of(lang))
        saved_before = current.audit.version > 0
        audit = self._ctx.changed(current.audit, actor) if saved_before else self._ctx.created(actor)
        changed = replace(current, audit=audit, **fields)
        problems = plan_rules.validate_plan(changed, self._ctx.today())
        if problems:
            raise DomainError(problems)
        with self._ctx.write(actor) as w:
            return w.put(changed, expected_version=expected_version, before=current if saved_before else None)
