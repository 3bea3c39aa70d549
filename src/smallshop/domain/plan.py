"""The business plan drawn up with the caseworker: when the assistance started, the
monthly sales and profit targets, and the purchases planned month by month (issue 15).

Pure rules: what a valid plan is, how many months have passed since the assistance
started, which purchases were planned for a month. No clock: callers pass `today`.
"""

from __future__ import annotations

from datetime import date

from .models import BusinessPlan, PlannedPurchase
from .period import Month
from .problems import Problem

MAX_PURCHASES = 50


def validate_plan(plan: BusinessPlan, today: date) -> list[Problem]:
    """Problems of a whole plan: the assistance cannot start after today, and a purchase
    cannot be planned before the month the assistance started (the plan is made then)."""
    problems: list[Problem] = []
    started = plan.assistance_started
    if started is not None and started > today:
        problems.append(Problem("assistance_started", "error.plan.started_in_future", {"today": today}))
    if len(plan.purchases) > MAX_PURCHASES:
        problems.append(Problem("purchases", "error.plan.too_many_purchases", {"max": MAX_PURCHASES}))
    if started is not None:
        first = Month.of(started)
        for number, purchase in enumerate(plan.purchases):
            if purchase.month < first:
                problems.append(Problem(f"purchases.{number}.month", "error.plan.purchase_before_start",
                                        {"month": str(first)}))
    return problems


def months_since_assistance(plan: BusinessPlan, month: Month) -> int | None:
    """Whole months from the month the assistance started to `month` (0 in the month it
    started); None when the start is not recorded or is after `month`."""
    started = plan.assistance_started
    if started is None:
        return None
    count = (month.year - started.year) * 12 + (month.month - started.month)
    return count if count >= 0 else None


def purchases_in(plan: BusinessPlan, month: Month) -> tuple[PlannedPurchase, ...]:
    """The purchases planned for `month`, in the plan's order."""
    return tuple(p for p in plan.purchases if p.month == month)
