"""The month in progress: an instalment due later this month is not overdue yet.

compute_month_summary / debt_month take an optional `today`; without it (a past
month, a report) everything due by the month's end and unpaid is overdue."""

from __future__ import annotations

from datetime import date

import pytest

from smallshop.domain.debts import debt_month, with_schedule
from smallshop.domain.models import Debt, DebtPurpose, Frequency, Repayment
from smallshop.domain.money import Money
from smallshop.domain.period import Month
from smallshop.domain.summary import compute_month_summary

NOVEMBER = Month(2026, 11)
# 3 x 1000: due 25 Oct, 25 Nov, 25 Dec
DEBT = with_schedule(Debt(id="d1", lender="Эже", principal=Money.som(3000), start_date=date(2026, 10, 1),
                          first_due_date=date(2026, 10, 25), frequency=Frequency.MONTHLY, instalment_count=3,
                          purpose=DebtPurpose.BUSINESS))


def _overdue(today, repayments=()):
    summary = compute_month_summary(NOVEMBER, customers=[], orders=[], incomes=[], expenses=[], draws=[],
                                    debts=[DEBT], repayments=list(repayments), today=today)
    return summary.current.debt_overdue, summary.previous.debt_overdue


@pytest.mark.parametrize("today, som, october", [
    (date(2026, 11, 20), 1000, 0),  # 25 Oct is late, 25 Nov not yet; October to the 20th: nothing late yet
    (date(2026, 11, 25), 1000, 0),  # due today is not late (nor was 25 Oct on 25 Oct)
    (date(2026, 11, 26), 2000, 1000),  # the day after, it is
    (date(2026, 12, 3), 2000, 1000),  # November is over: its end counts, and October's
    (None, 2000, 1000),  # no today: the month's end counts (reports of past months)
])
def test_only_instalments_due_before_today_are_overdue_in_the_month_in_progress(today, som, october):
    current, previous = _overdue(today)
    assert current == Money.som(som)
    assert previous == Money.som(october)  # October compared over the same days


def test_a_repayment_counts_against_what_is_overdue():
    paid = [Repayment(id="r1", debt_id="d1", date=date(2026, 11, 3), amount=Money.som(600))]
    assert _overdue(date(2026, 11, 20), paid)[0] == Money.som(400)
    assert debt_month(DEBT, paid, NOVEMBER, date(2026, 11, 20)).overdue == Money.som(400)
    assert debt_month(DEBT, paid, NOVEMBER).overdue == Money.som(1400)
