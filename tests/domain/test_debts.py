"""Instalment schedules (no drift from the 31st, exact sums), debt status, month movement, validation."""

import calendar
from datetime import timedelta
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smallshop.domain.debts import (
    InstalmentState,
    build_schedule,
    debt_month,
    debt_status,
    validate_debt,
    validate_repayment,
    validate_reschedule,
    with_schedule,
)
from smallshop.domain.models import Debt, DebtPurpose, Frequency, Instalment, Repayment
from smallshop.domain.money import Money
from smallshop.domain.period import Month
from smallshop.domain.problems import DomainError

F = Frequency


def _debt(principal="10000", interest="0", first=date(2026, 2, 15), count=5, frequency=F.MONTHLY, **kw):
    terms = dict(id="d1", lender="Апам", principal=Money.som(principal), interest=Money.som(interest),
                 start_date=date(2026, 1, 15), first_due_date=first, frequency=frequency,
                 instalment_count=count, purpose=DebtPurpose.HOUSEHOLD)
    terms.update(kw)
    return with_schedule(Debt(**terms))


def _rep(amount, on, debt_id="d1"):
    return Repayment(id=f"r{amount}{on}", debt_id=debt_id, date=on, amount=Money.som(amount))


def test_monthly_from_the_31st_clamps_without_drift():
    dates = [i.due_date for i in build_schedule(Money.som(600), Money(0), date(2026, 1, 31), F.MONTHLY, 6)]
    assert dates == [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30),
                     date(2026, 5, 31), date(2026, 6, 30)]
    leap = build_schedule(Money.som(300), Money(0), date(2028, 1, 31), F.MONTHLY, 3)
    assert [i.due_date for i in leap] == [date(2028, 1, 31), date(2028, 2, 29), date(2028, 3, 31)]


@pytest.mark.parametrize(
    "frequency, expected",
    [
        (F.WEEKLY, [date(2026, 1, 31), date(2026, 2, 7), date(2026, 2, 14)]),
        (F.BIWEEKLY, [date(2026, 1, 31), date(2026, 2, 14), date(2026, 2, 28)]),
        (F.QUARTERLY, [date(2026, 1, 31), date(2026, 4, 30), date(2026, 7, 31)]),
    ],
)
def test_other_frequencies(frequency, expected):
    assert [i.due_date for i in build_schedule(Money.som(3), Money(0), date(2026, 1, 31), frequency, 3)] == expected


def test_ten_thousand_in_three():
    amounts = [i.amount for i in build_schedule(Money.som(10000), Money(0), date(2026, 1, 1), F.MONTHLY, 3)]
    assert amounts == [Money.som("3333.33"), Money.som("3333.33"), Money.som("3333.34")]


def test_interest_is_spread_over_the_instalments():
    amounts = [i.amount for i in build_schedule(Money.som(10000), Money.som(1000), date(2026, 1, 1), F.MONTHLY, 4)]
    assert amounts == [Money.som(2750)] * 4


@pytest.mark.parametrize("count", [0, -1, 361])
def test_schedule_count_must_be_sane(count):
    with pytest.raises(DomainError) as info:
        build_schedule(Money.som(100), Money(0), date(2026, 1, 1), F.MONTHLY, count)
    assert info.value.problems[0].key == "error.debt.count_out_of_range"


@given(
    principal=st.integers(min_value=1, max_value=10_000_000_000),
    interest=st.integers(min_value=0, max_value=1_000_000_000),
    first=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)),
    count=st.integers(min_value=1, max_value=360),
    frequency=st.sampled_from(list(Frequency)),
)
def test_schedule_properties(principal, interest, first, count, frequency):
    schedule = build_schedule(Money(principal), Money(interest), first, frequency, count)
    assert len(schedule) == count
    assert Money.total(i.amount for i in schedule) == Money(principal + interest)
    assert all(i.amount.tyiyn >= 0 for i in schedule)
    assert schedule[0].due_date == first
    assert all(a.due_date < b.due_date for a, b in zip(schedule, schedule[1:]))
    if frequency in (F.MONTHLY, F.QUARTERLY):
        step = 1 if frequency is F.MONTHLY else 3
        for i, inst in enumerate(schedule):
            year, month0 = divmod(first.year * 12 + first.month - 1 + i * step, 12)
            assert (inst.due_date.year, inst.due_date.month) == (year, month0 + 1)
            # the first due day, clamped only where the month is too short: never drifts
            last_day = calendar.monthrange(year, month0 + 1)[1]
            assert inst.due_date.day == min(first.day, last_day)
    else:
        days = 7 if frequency is F.WEEKLY else 14
        assert all((b.due_date - a.due_date).days == days for a, b in zip(schedule, schedule[1:]))


@pytest.mark.parametrize(
    "payments, today, states, paid, overdue, next_due",
    [
        ([], date(2026, 2, 1), ["due"] * 5, 0, 0, (date(2026, 2, 15), 2000)),
        ([], date(2026, 3, 16), ["overdue", "overdue", "due", "due", "due"], 0, 4000, (date(2026, 4, 15), 2000)),
        ([3000], date(2026, 3, 16), ["paid", "overdue", "due", "due", "due"], 3000, 1000, (date(2026, 4, 15), 2000)),
        ([2500], date(2026, 2, 10), ["paid", "partly_paid", "due", "due", "due"], 2500, 0, (date(2026, 3, 15), 1500)),
        ([2000, 2000], date(2026, 3, 15), ["paid", "paid", "due", "due", "due"], 4000, 0, (date(2026, 4, 15), 2000)),
        ([10000], date(2026, 7, 1), ["paid"] * 5, 10000, 0, None),
    ],
)
def test_debt_status(payments, today, states, paid, overdue, next_due):
    reps = [_rep(a, date(2026, 2, 1 + n)) for n, a in enumerate(payments)] + [_rep(999, date(2026, 2, 1), "other")]
    status = debt_status(_debt(), reps, today)
    assert [r.state.value for r in status.rows] == states
    assert status.paid_total == Money.som(paid)
    assert status.remaining == Money.som(10000 - paid)
    assert status.overdue_amount == Money.som(overdue)
    assert status.next_instalment == (Instalment(next_due[0], Money.som(next_due[1])) if next_due else None)
    assert status.is_paid_off == (paid == 10000)
    assert sum(r.paid.tyiyn for r in status.rows) == status.paid_total.tyiyn


def test_repayments_after_today_are_not_counted_yet():
    status = debt_status(_debt(), [_rep(2000, date(2026, 3, 1))], date(2026, 2, 20))
    assert status.paid_total == Money(0) and status.rows[0].state is InstalmentState.OVERDUE


@pytest.mark.parametrize(
    "month, before, during, opening, paid, new, closing, overdue, next_due",
    [
        (Month(2025, 12), [], [], None, None, None, None, None, None),  # not borrowed yet
        (Month(2026, 1), [], [], 0, 0, 10000, 10000, 0, (date(2026, 2, 15), 2000)),
        (Month(2026, 3), [(2000, 15)], [(1000, 20)], 8000, 1000, 0, 7000, 1000, (date(2026, 4, 15), 2000)),
        (Month(2026, 4), [(2000, 15)], [], 8000, 0, 0, 8000, 4000, (date(2026, 5, 15), 2000)),
        (Month(2026, 9), [(10000, 15)], [], None, None, None, None, None, None),  # settled before
    ],
)
def test_debt_month(month, before, during, opening, paid, new, closing, overdue, next_due):
    reps = [_rep(a, date(2026, 2, d)) for a, d in before] + [_rep(a, date(month.year, month.month, d)) for a, d in during]
    moved = debt_month(_debt(), reps, month)
    if opening is None:
        assert moved is None
        return
    assert (moved.opening_balance, moved.paid, moved.new_borrowing, moved.closing_balance, moved.overdue) == tuple(
        Money.som(x) for x in (opening, paid, new, closing, overdue))
    assert (moved.next_due_date, moved.next_due_amount) == (next_due[0], Money.som(next_due[1]))
    assert moved.opening_balance + moved.new_borrowing - moved.paid == moved.closing_balance


def test_instalment_due_on_the_last_day_is_overdue_at_month_end():
    debt = _debt(first=date(2026, 2, 28), count=1, principal="500")
    assert debt_month(debt, [], Month(2026, 2)).overdue == Money.som(500)


@pytest.mark.parametrize(
    "already, amount, key, params",
    [
        ([], "10000", None, None),
        ([], "10000.01", "error.repayment.exceeds_balance", {"remaining": Money.som(10000)}),
        ([4000, 3000], "3500", "error.repayment.exceeds_balance", {"remaining": Money.som(3000)}),
        ([10000], "1", "error.repayment.already_paid", {}),
        ([], "0", "error.amount.zero", {}),
    ],
)
def test_validate_repayment(already, amount, key, params):
    problems = validate_repayment(_debt(), [_rep(a, date(2026, 2, 1 + n)) for n, a in enumerate(already)],
                                  Money.som(amount))
    assert [(p.key, dict(p.params)) for p in problems] == ([] if key is None else [(key, params)])


def test_repayment_before_the_loan_is_refused():
    problems = validate_repayment(_debt(), [], Money.som(10), on=date(2026, 1, 1))
    assert [p.key for p in problems] == ["error.repayment.before_start"]


@pytest.mark.parametrize(
    "changes, keys",
    [
        ({}, []),
        ({"lender": "  "}, ["error.debt.lender_required"]),
        ({"principal": Money(0)}, ["error.debt.principal_not_positive"]),
        ({"interest": Money(-1)}, ["error.debt.interest_negative"]),
        ({"instalment_count": 0}, ["error.debt.count_out_of_range"]),
        ({"instalment_count": 361}, ["error.debt.count_out_of_range"]),
        ({"first_due_date": date(2026, 1, 14)}, ["error.debt.first_due_before_start"]),
        ({"principal": Money.som(200_000_000)}, ["error.amount.too_large"]),
    ],
)
def test_validate_debt(changes, keys):
    debt = replace(_debt(), **changes)
    if "principal" not in changes and "interest" not in changes:
        assert [p.key for p in validate_debt(debt)] == keys
    else:  # changing the amount without remaking the schedule is itself a problem
        assert [p.key for p in validate_debt(debt)] == keys + ["error.debt.schedule_mismatch"]


def test_schedule_is_locked_once_repaid():
    assert validate_reschedule(_debt(), []) == []
    assert [p.key for p in validate_reschedule(_debt(), [_rep(1, date(2026, 2, 1))])] == ["error.debt.schedule_locked"]


@given(
    principal=st.integers(min_value=1, max_value=100_000_000),
    count=st.integers(min_value=1, max_value=36),
    frequency=st.sampled_from(list(Frequency)),
    payments=st.lists(st.tuples(st.integers(min_value=0, max_value=400), st.integers(min_value=1, max_value=5_000_000)),
                      max_size=8),
    today_offset=st.integers(min_value=0, max_value=1200),
)
def test_status_and_month_movement_invariants(principal, count, frequency, payments, today_offset):
    debt = _debt(principal=Money(principal).to_decimal_str(), count=count, frequency=frequency)
    assert len(debt.schedule) == debt.instalment_count
    reps, paid = [], 0
    for n, (offset, amount) in enumerate(sorted(payments)):
        amount = min(amount, principal - paid)  # validate_repayment never lets the balance go negative
        if amount <= 0:
            break
        reps.append(Repayment(f"r{n}", "d1", debt.start_date + timedelta(days=offset), Money(amount)))
        paid += amount
    today = debt.start_date + timedelta(days=today_offset)
    status = debt_status(debt, reps, today)
    paid_by_today = sum(r.amount.tyiyn for r in reps if r.date <= today)
    assert status.paid_total.tyiyn == paid_by_today == sum(r.paid.tyiyn for r in status.rows)
    assert status.remaining.tyiyn == principal - paid_by_today == sum(r.remaining.tyiyn for r in status.rows)
    assert status.overdue_amount.tyiyn == max(
        0, sum(i.amount.tyiyn for i in debt.schedule if i.due_date < today) - paid_by_today)
    moved = debt_month(debt, reps, Month.of(today))
    if moved is not None:
        assert moved.opening_balance + moved.new_borrowing - moved.paid == moved.closing_balance
        assert moved.closing_balance == Money(principal - sum(r.amount.tyiyn for r in reps
                                                            if r.date <= Month.of(today).last_day))
