"""Debts through the service: the schedule from the terms, repayments never
above what is owed, statuses, locked terms, and what customers owe."""

from __future__ import annotations

from datetime import date

import pytest

from smallshop.domain.models import DebtPurpose, Frequency
from smallshop.domain.money import Money
from smallshop.domain.problems import DomainError

from .conftest import TODAY, count_all

MICROFINANCE = {
    "lender": "МФК «Береке Кредит»",
    "principal": "10 000",
    "interest": "1 000",
    "start_date": "2026-08-10",
    "first_due_date": "2026-08-31",
    "frequency": "monthly",
    "instalment_count": "3",
    "purpose": "business",
}


def test_create_builds_the_schedule_with_clamped_month_ends(services, owner):
    debt = services.debts.create(MICROFINANCE, owner.id)
    assert debt.frequency is Frequency.MONTHLY and debt.purpose is DebtPurpose.BUSINESS
    assert [i.due_date for i in debt.schedule] == [date(2026, 8, 31), date(2026, 9, 30), date(2026, 10, 31)]
    assert [i.amount for i in debt.schedule] == [Money.som("3666.66"), Money.som("3666.66"), Money.som("3666.68")]
    assert debt.audit.created_by == owner.id


def test_bad_terms_name_every_field_and_save_nothing(services, owner):
    before = count_all(services)
    with pytest.raises(DomainError) as caught:
        services.debts.create({**MICROFINANCE, "lender": "", "principal": "-5", "first_due_date": "2026-08-01",
                               "instalment_count": "0", "purpose": "fun"}, owner.id)
    assert {p.field for p in caught.value.problems} == {"lender", "principal", "instalment_count", "purpose"}
    with pytest.raises(DomainError) as caught:
        services.debts.create({**MICROFINANCE, "first_due_date": "2026-08-01"}, owner.id)
    assert [p.key for p in caught.value.problems] == ["error.debt.first_due_before_start"]
    assert count_all(services) == before


def test_repayment_above_the_remaining_balance_is_refused(services, owner):
    debt = services.debts.create({**MICROFINANCE, "interest": ""}, owner.id)
    services.debts.record_repayment(debt.id, {"amount": "9 000", "date": "2026-09-01"}, owner.id)
    before = count_all(services)
    with pytest.raises(DomainError) as caught:
        services.debts.record_repayment(debt.id, {"amount": "1 000,01"}, owner.id)
    assert caught.value.problems[0].key == "error.repayment.exceeds_balance"
    assert caught.value.problems[0].params["remaining"] == Money.som(1000)
    assert count_all(services) == before
    services.debts.record_repayment(debt.id, {"amount": "1000"}, owner.id)
    assert services.debts.status(debt.id, TODAY).remaining.is_zero


def test_statuses_show_paid_overdue_and_next(services, owner):
    debt = services.debts.create(MICROFINANCE, owner.id)
    services.debts.create({**MICROFINANCE, "lender": "Бакыт (агасы)", "interest": "0", "purpose": "household",
                           "start_date": "2026-11-01", "first_due_date": "2026-12-15"}, owner.id)
    services.debts.record_repayment(debt.id, {"amount": "3666.66", "date": "2026-08-30", "method": "bank"}, owner.id)
    statuses = {s.debt_id: s for s in services.debts.statuses(TODAY)}
    assert len(statuses) == 2
    mine = statuses[debt.id]
    assert mine.paid_total == Money.som("3666.66")
    assert mine.overdue_count == 2 and mine.overdue_amount == Money.som("7333.34")
    assert [r.debt_id for r in services.debts.repayments_of(debt.id)] == [debt.id]


def test_terms_are_locked_once_repaid_but_the_name_can_change(services, owner):
    debt = services.debts.create(MICROFINANCE, owner.id)
    renamed = services.debts.update(debt.id, {**MICROFINANCE, "principal": "12000"}, debt.audit.version, owner.id)
    assert renamed.total_due == Money.som(13000)
    services.debts.record_repayment(debt.id, {"amount": "100", "date": "2026-09-01"}, owner.id)
    with pytest.raises(DomainError) as caught:
        services.debts.update(debt.id, {**MICROFINANCE, "principal": "5000"}, renamed.audit.version, owner.id)
    assert caught.value.problems[0].key == "error.debt.schedule_locked"
    kept = services.debts.update(debt.id, {**MICROFINANCE, "principal": "12000", "lender": "Береке"},
                                 renamed.audit.version, owner.id)
    assert kept.lender == "Береке" and kept.schedule == renamed.schedule


def test_receivables_list_what_customers_owe(services, customer, owner):
    order = services.orders.create({"customer_id": customer.id, "order_date": "2026-11-01"},
                                   [{"description": "Парда", "quantity": "10", "unit_price": "200"}], owner.id,
                                   deposit={"amount": "500"})
    step = order
    for status in ("in_progress", "ready", "delivered"):
        step = services.orders.change_status(order.id, status, step.audit.version, owner.id, date(2026, 11, 10))
    [line] = services.debts.receivables(TODAY)
    assert (line.customer_name, line.amount, line.since) == ("Айгүл Осмонова", Money.som(1500), date(2026, 11, 10))
    assert services.debts.receivables(date(2026, 11, 9)) == ()
