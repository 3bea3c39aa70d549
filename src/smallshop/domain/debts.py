"""Debts the owner has: instalment schedules, where repayments stand, and what is overdue.

Schedules count every due date from the first one (`first_due + relativedelta(
months=i)`), never by chaining, so a loan due on the 31st is due on Feb 28/29
and again on Mar 31 - no drift. The amount owed (principal + flat interest) is
split evenly and the last instalment takes the remainder, so the schedule sums
exactly to what is owed. Repayments pay the oldest instalment first.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from typing import Iterable

from dateutil.relativedelta import relativedelta

from .models import Debt, Frequency, Instalment, Repayment
from .money import ZERO, Money
from .parsing import MAX_AMOUNT
from .period import Month
from .problems import DomainError, Problem
from .summary_types import DebtMonth

MIN_INSTALMENTS, MAX_INSTALMENTS = 1, 360

_STEP = {
    Frequency.WEEKLY: relativedelta(weeks=1),
    Frequency.BIWEEKLY: relativedelta(weeks=2),
    Frequency.MONTHLY: relativedelta(months=1),
    Frequency.QUARTERLY: relativedelta(months=3),
}


def due_date(first_due: date, frequency: Frequency, index: int) -> date:
    """The due date of instalment `index` (0 = the first), counted from the first."""
    step = _STEP[Frequency(frequency)]
    return first_due + relativedelta(months=step.months * index, days=step.days * index)


def build_schedule(principal: Money, interest: Money, first_due_date: date, frequency: Frequency,
                   count: int) -> tuple[Instalment, ...]:
    """`count` instalments summing exactly to principal + interest."""
    if not MIN_INSTALMENTS <= count <= MAX_INSTALMENTS:
        raise DomainError(Problem("instalment_count", "error.debt.count_out_of_range",
                                  {"min": MIN_INSTALMENTS, "max": MAX_INSTALMENTS}))
    amounts = (principal + interest).split(count)
    return tuple(Instalment(due_date(first_due_date, frequency, i), amount) for i, amount in enumerate(amounts))


def schedule_of(debt: Debt) -> tuple[Instalment, ...]:
    """The stored schedule, or the one its terms give when none is stored yet."""
    if debt.schedule:
        return debt.schedule
    return build_schedule(debt.principal, debt.interest, debt.first_due_date, debt.frequency, debt.instalment_count)


def with_schedule(debt: Debt) -> Debt:
    """The debt with its schedule rows made from its terms (before any repayment)."""
    return replace(debt, schedule=build_schedule(debt.principal, debt.interest, debt.first_due_date,
                                                  debt.frequency, debt.instalment_count))


# --- where a debt stands -----------------------------------------------------------
class InstalmentState(StrEnum):
    PAID = "paid"
    PARTLY_PAID = "partly_paid"  # not yet due, part paid
    DUE = "due"  # not yet due, nothing paid
    OVERDUE = "overdue"  # due date passed, not fully paid (part may be paid)


@dataclass(frozen=True, slots=True)
class InstalmentRow:
    number: int  # 1-based
    due_date: date
    amount: Money
    paid: Money
    remaining: Money
    state: InstalmentState


@dataclass(frozen=True, slots=True)
class DebtStatus:
    debt_id: str
    total_due: Money  # principal + interest
    paid_total: Money
    remaining: Money  # never below zero
    rows: tuple[InstalmentRow, ...]
    next_instalment: Instalment | None  # first instalment due today or later not fully paid; amount = still due
    overdue_amount: Money  # due before today and not repaid
    overdue_count: int

    @property
    def is_paid_off(self) -> bool:
        return self.remaining.is_zero


def _allocate(schedule: tuple[Instalment, ...], paid: int) -> list[int]:
    """Tyiyn paid on each instalment when `paid` goes to the oldest first."""
    out = []
    for inst in schedule:
        share = min(max(paid, 0), inst.amount.tyiyn)
        out.append(share)
        paid -= share
    return out


def debt_status(debt: Debt, repayments: Iterable[Repayment], today: date) -> DebtStatus:
    """The debt as of `today`: repayments dated after today are not counted yet."""
    schedule = schedule_of(debt)
    paid = sum(r.amount.tyiyn for r in repayments if r.debt_id == debt.id and r.date <= today)
    rows = []
    for number, (inst, share) in enumerate(zip(schedule, _allocate(schedule, paid)), start=1):
        left = inst.amount.tyiyn - share
        if left == 0:
            state = InstalmentState.PAID
        elif inst.due_date < today:
            state = InstalmentState.OVERDUE
        elif share:
            state = InstalmentState.PARTLY_PAID
        else:
            state = InstalmentState.DUE
        rows.append(InstalmentRow(number, inst.due_date, inst.amount, Money(share), Money(left), state))
    upcoming = next((r for r in rows if r.remaining.is_positive and r.due_date >= today), None)
    overdue = [r for r in rows if r.state is InstalmentState.OVERDUE]
    return DebtStatus(
        debt_id=debt.id,
        total_due=debt.total_due,
        paid_total=Money(paid),
        remaining=(debt.total_due - Money(paid)).max(ZERO),
        rows=tuple(rows),
        next_instalment=Instalment(upcoming.due_date, upcoming.remaining) if upcoming else None,
        overdue_amount=Money(sum(r.remaining.tyiyn for r in overdue)),
        overdue_count=len(overdue),
    )


def debt_month(debt: Debt, repayments: Iterable[Repayment], month: Month,
               today: date | None = None) -> DebtMonth | None:
    """One debt's movement in `month` (for the month summary), or None when the
    debt did not exist yet or was already settled with nothing happening.

    `repayments` may be all repayments; only this debt's count. An instalment
    due on the month's last day and unpaid at month end counts as overdue, and
    the next instalment is the first one after month end not fully paid. When
    `today` falls inside the month (the month in progress), the month is read as
    of today: repayments dated later are not counted yet, only instalments due
    before today are overdue, and the next instalment is the earliest one due
    today or later that is not fully paid (the same rule as debt_status).
    """
    start, end = month.first_day, month.last_day
    in_progress = today is not None and start <= today <= end
    cutoff = today if today is not None and in_progress else end
    if debt.start_date > cutoff:
        return None
    before = during = 0
    for r in repayments:
        if r.debt_id != debt.id or r.date > cutoff:
            continue
        if r.date < start:
            before += r.amount.tyiyn
        else:
            during += r.amount.tyiyn
    total = debt.total_due.tyiyn
    started_now = debt.start_date >= start
    opening = 0 if started_now else max(total - before, 0)
    closing = max(total - before - during, 0)
    if not started_now and opening == 0 and during == 0:
        return None
    schedule = schedule_of(debt)
    paid_by_end = before + during
    scheduled_by_end = sum(
        i.amount.tyiyn for i in schedule if (i.due_date < cutoff if in_progress else i.due_date <= end)
    )
    next_date, next_amount = None, ZERO
    overdue_since, left_count, next_month_due = None, 0, 0
    following = month.next()
    for inst, share in zip(schedule, _allocate(schedule, paid_by_end)):
        unpaid = inst.amount.tyiyn - share
        if unpaid <= 0:
            continue
        left_count += 1
        upcoming = inst.due_date >= cutoff if in_progress else inst.due_date > end
        if not upcoming and overdue_since is None:
            overdue_since = inst.due_date
        if upcoming and next_date is None:
            next_date, next_amount = inst.due_date, Money(unpaid)
        if following.contains(inst.due_date):
            next_month_due += unpaid
    return DebtMonth(
        debt_id=debt.id,
        lender=debt.lender,
        purpose=debt.purpose,
        opening_balance=Money(opening),
        paid=Money(during),
        new_borrowing=Money(total) if started_now else ZERO,
        closing_balance=Money(closing),
        overdue=Money(max(scheduled_by_end - paid_by_end, 0)),
        next_due_date=next_date,
        next_due_amount=next_amount,
        interest=debt.interest,
        overdue_since=overdue_since,
        instalments_left=left_count,
        due_next_month=Money(next_month_due),
        lender_type=debt.lender_type,
    )


# --- validation --------------------------------------------------------------------
def validate_debt(debt: Debt) -> list[Problem]:
    """Everything wrong with a debt's terms (fields already parsed)."""
    problems: list[Problem] = []
    if not debt.lender.strip():
        problems.append(Problem("lender", "error.debt.lender_required"))
    if not debt.principal.is_positive:
        problems.append(Problem("principal", "error.debt.principal_not_positive"))
    if debt.interest.is_negative:
        problems.append(Problem("interest", "error.debt.interest_negative"))
    if debt.total_due > MAX_AMOUNT:
        problems.append(Problem("principal", "error.amount.too_large", {"max": MAX_AMOUNT}))
    if not MIN_INSTALMENTS <= debt.instalment_count <= MAX_INSTALMENTS:
        problems.append(Problem("instalment_count", "error.debt.count_out_of_range",
                                {"min": MIN_INSTALMENTS, "max": MAX_INSTALMENTS}))
    if debt.first_due_date < debt.start_date:
        problems.append(Problem("first_due_date", "error.debt.first_due_before_start",
                                {"start_date": debt.start_date}))
    if debt.schedule and Money.total(i.amount for i in debt.schedule) != debt.total_due:
        problems.append(Problem("schedule", "error.debt.schedule_mismatch", {"expected": debt.total_due}))
    return problems


def validate_reschedule(debt: Debt, repayments: Iterable[Repayment]) -> list[Problem]:
    """The schedule rows are fixed once a repayment exists."""
    if any(r.debt_id == debt.id for r in repayments):
        return [Problem("schedule", "error.debt.schedule_locked")]
    return []


def validate_repayment(debt: Debt, repayments: Iterable[Repayment], amount: Money, *,
                       on: date | None = None, field: str = "amount") -> list[Problem]:
    """Problems with repaying `amount` now. `repayments` are the ones already
    recorded (leave out the one being edited). The balance never goes negative."""
    problems: list[Problem] = []
    remaining = debt.total_due - Money(sum(r.amount.tyiyn for r in repayments if r.debt_id == debt.id))
    if not amount.is_positive:
        problems.append(Problem(field, "error.amount.zero"))
    elif not remaining.is_positive:
        problems.append(Problem(field, "error.repayment.already_paid"))
    elif amount > remaining:
        problems.append(Problem(field, "error.repayment.exceeds_balance", {"remaining": remaining}))
    if on is not None and on < debt.start_date:
        problems.append(Problem("date", "error.repayment.before_start", {"start_date": debt.start_date}))
    return problems
