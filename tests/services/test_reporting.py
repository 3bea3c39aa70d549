"""The month summary and dashboard through the service, against figures worked
out by hand for a small month built through the services themselves."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from smallshop.domain.models import ExpenseCategory, IncomeCategory, PaymentMethod
from smallshop.domain.money import Money
from smallshop.domain.period import Month
from smallshop.domain.problems import DomainError

from .conftest import TODAY

som = Money.som


def deliver(services, order, actor, on):
    step = order
    for status in ("in_progress", "ready", "delivered"):
        step = services.orders.change_status(order.id, status, step.audit.version, actor, on)
    return step


@pytest.fixture
def november(services, owner):
    """October–November 2026 of a tiny workshop (figures in the test below)."""
    s, me = services, owner.id
    a = s.customers.create({"name": "Айгүл", "created_on": "2026-10-01"}, me)
    b = s.customers.create({"name": "Бурул", "created_on": "2026-11-02"}, me)
    one = s.orders.create({"customer_id": a.id, "order_date": "2026-10-20"},
                          [{"description": "Чапан", "unit_price": "3000"}], me, deposit={"amount": "1000"})
    deliver(s, one, me, date(2026, 11, 5))
    s.orders.record_payment(one.id, {"amount": "2000", "date": "2026-11-05"}, me)
    two = s.orders.create({"customer_id": b.id, "order_date": "2026-11-03"},
                          [{"description": "Көйнөк", "quantity": "2", "unit_price": "1000"}], me,
                          deposit={"amount": "500", "date": "2026-11-03"})
    deliver(s, two, me, date(2026, 11, 15))
    s.orders.create({"customer_id": a.id, "order_date": "2026-11-10", "due_date": "2026-11-18"},
                    [{"description": "Парда", "unit_price": "800"}], me)
    four = s.orders.create({"customer_id": b.id, "order_date": "2026-11-12"},
                           [{"description": "Шейшеп", "unit_price": "700"}], me)
    s.orders.change_status(four.id, "cancelled", four.audit.version, me, date(2026, 11, 13))
    s.finance.record_income({"amount": "400", "method": "mobile", "date": "2026-11-20"}, me)
    s.finance.record_expense({"amount": "700", "category": "materials", "order_id": two.id, "date": "2026-11-04"}, me)
    s.finance.record_expense({"amount": "2500", "category": "rent", "date": "2026-11-05"}, me)
    s.finance.record_expense({"amount": "150", "category": "transport", "date": "2026-10-28"}, me)
    s.finance.record_draw({"amount": "1000", "date": "2026-11-25"}, me)
    debt = s.debts.create({"lender": "Бакыт", "principal": "6000", "start_date": "2026-09-01",
                           "first_due_date": "2026-10-01", "instalment_count": "3", "purpose": "household"}, me)
    s.debts.record_repayment(debt.id, {"amount": "2000", "date": "2026-10-01"}, me)
    s.debts.record_repayment(debt.id, {"amount": "2000", "date": "2026-11-02"}, me)
    return s


def test_month_summary_equals_the_hand_computed_figures(november):
    summary = november.reporting.month_summary("2026-11", date(2026, 12, 3))  # November is over
    now = summary.current
    assert (now.as_of, now.in_progress, summary.previous.as_of) == (date(2026, 11, 30), False, date(2026, 10, 31))
    assert now.month == Month(2026, 11)
    assert now.income == som(2900)
    assert now.income_by_category == {IncomeCategory.ORDER_PAYMENT: som(2500), IncomeCategory.WALK_IN_SALE: som(400),
                                      IncomeCategory.OTHER: som(0)}
    assert now.income_by_method == {PaymentMethod.CASH: som(2500), PaymentMethod.MOBILE: som(400),
                                    PaymentMethod.BANK: som(0)}
    assert now.expenses == som(3200)
    assert now.expenses_by_category[ExpenseCategory.MATERIALS] == som(700)
    assert now.expenses_by_category[ExpenseCategory.RENT] == som(2500)
    assert now.profit == som(-300)
    assert now.owner_draws == som(1000)
    assert (now.orders_taken, now.orders_delivered, now.orders_open) == (3, 2, 1)
    assert (now.new_customers, now.active_customers) == (1, 2)
    assert now.receivables == som(1500) and now.credit_sales == som(1500)
    assert [(line.customer_name, line.amount) for line in now.receivable_lines] == [("Бурул", som(1500))]
    assert (now.debt_paid, now.debt_outstanding, now.debt_overdue) == (som(2000), som(2000), som(0))
    assert now.debt_service_ratio == Decimal("0.6897")
    before = summary.previous
    assert (before.income, before.expenses, before.orders_taken, before.orders_open) == (som(1000), som(150), 1, 1)
    assert (before.debt_paid, before.debt_outstanding) == (som(2000), som(4000))
    assert [(str(p.month), p.income, p.expenses) for p in summary.trend[-2:]] == [
        ("2026-10", som(1000), som(150)), ("2026-11", som(2900), som(3200))]
    assert all(p.income.is_zero for p in summary.trend[:-2])


def test_month_summary_accepts_a_month_or_its_text(november):
    assert november.reporting.month_summary(Month(2026, 11)) == november.reporting.month_summary("2026-11")


def test_the_month_in_progress_counts_up_to_today_against_the_same_days_before(november):
    summary = november.reporting.month_summary("2026-11")  # TODAY is 20 November
    now, before = summary.current, summary.previous
    assert (now.as_of, now.in_progress, before.as_of, before.in_progress) == (
        date(2026, 11, 20), True, date(2026, 10, 20), False)
    assert now.owner_draws == som(0)  # the draw dated 25 November is not counted yet
    assert before.income == som(1000)  # the deposit of 20 October: within October's first 20 days
    assert before.expenses == som(0)  # transport on 28 October falls after the same days


def test_a_month_after_this_one_is_refused(november):
    with pytest.raises(DomainError) as refused:
        november.reporting.month_summary("2026-12")
    assert refused.value.problems[0].key == "error.month.future"
    assert refused.value.problems[0].params == {"today": TODAY}


def test_dashboard_shows_this_month_due_orders_and_next_instalment(november):
    board = november.reporting.dashboard(TODAY)
    assert board.month.income == som(2900) and board.previous.month == Month(2026, 10)
    assert [o.items[0].description for o in board.overdue] == ["Парда"]
    assert board.due_today == () and board.due_this_week == ()
    [instalment] = board.instalments
    assert (instalment.lender, instalment.due_date, instalment.amount) == ("Бакыт", date(2026, 12, 1), som(2000))
    assert board.debt_overdue.is_zero and board.receivables == som(1500)
    assert len(board.trend) == 6


def test_dashboard_lists_an_overdue_debt_and_its_next_instalment(services, owner):
    debt = services.debts.create({"lender": "МФК", "principal": "3000", "start_date": "2026-09-01",
                                  "first_due_date": "2026-10-05", "instalment_count": "3", "purpose": "business"},
                                 owner.id)
    services.debts.record_repayment(debt.id, {"amount": "1000", "date": "2026-10-05"}, owner.id)
    board = services.reporting.dashboard(TODAY)  # 2026-11-20: the 5 November one is late
    assert [(i.due_date, i.amount, i.overdue) for i in board.instalments] == [
        (date(2026, 11, 5), som(1000), som(1000)), (date(2026, 12, 5), som(1000), som(0))]
    assert board.debt_overdue == som(1000)


def test_the_dashboard_does_not_call_an_instalment_due_later_this_month_overdue(services, owner):
    """TODAY is 20 November: the instalment of 25 November is not late yet."""
    services.debts.create({"lender": "Эже", "principal": "2000", "start_date": "2026-10-01",
                           "first_due_date": "2026-11-25", "instalment_count": "2", "purpose": "business"}, owner.id)
    assert services.reporting.dashboard(TODAY).month.debt_overdue == Money.som(0)
    assert services.reporting.month_summary(Month.of(TODAY), TODAY).current.debt_overdue == Money.som(0)
    assert services.reporting.month_summary(Month.of(TODAY), date(2026, 11, 26)).current.debt_overdue == Money.som(1000)


def test_home_shows_the_next_instalment_however_far_and_the_month_lists_the_earliest_unpaid_one(services, owner):
    """Issue 11: on 20 November the next instalment is due 25 December (35 days away):
    Home must not say nothing is due. In November's figures (the month in progress),
    the next instalment is the earliest unpaid one on or after today."""
    debt = services.debts.create({"lender": "Эже", "principal": "10000", "start_date": "2026-10-01",
                                  "first_due_date": "2026-11-18", "instalment_count": "2", "purpose": "business"},
                                 owner.id)
    services.debts.record_repayment(debt.id, {"amount": "5000", "date": "2026-11-18"}, owner.id)
    board = services.reporting.dashboard(TODAY)
    assert [(i.due_date, i.amount) for i in board.instalments] == [(date(2026, 12, 18), som(5000))]
    [move] = services.reporting.month_summary(Month.of(TODAY), TODAY).current.debts
    assert (move.next_due_date, move.next_due_amount) == (date(2026, 12, 18), som(5000))
    later = services.debts.create({"lender": "Байке", "principal": "3000", "start_date": "2026-11-01",
                                   "first_due_date": "2026-11-25", "instalment_count": "1", "purpose": "business"},
                                  owner.id)
    moves = {m.debt_id: m for m in services.reporting.month_summary(Month.of(TODAY), TODAY).current.debts}
    # due later this month and unpaid: it is the next one (it used to be skipped for "after month end")
    assert (moves[later.id].next_due_date, moves[later.id].overdue) == (date(2026, 11, 25), Money(0))
