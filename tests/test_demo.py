"""The demo generator: deterministic, complete (every status, overdue, the two
debts with exactly one missed instalment) and big enough at ten years."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from smallshop.demo import DEFAULT_TODAY, generate
from smallshop.domain import debts as debt_rules
from smallshop.domain import orders as order_rules
from smallshop.domain.models import (
    Asset,
    BusinessProfile,
    Customer,
    Debt,
    DebtPurpose,
    Expense,
    ExpenseCategory,
    Income,
    IncomeCategory,
    LenderType,
    Member,
    Order,
    OrderStatus,
    OwnerDraw,
    PaymentMethod,
    Repayment,
    Role,
)


@pytest.fixture(scope="module")
def year():
    """Twelve months of the demo workshop up to the default day."""
    return generate(months=12)


def of(records, kind):
    return [r for r in records if isinstance(r, kind)]


def test_same_seed_gives_identical_records(year):
    assert generate(months=12) == year


def test_another_seed_or_day_gives_another_business(year):
    assert generate(months=12, seed=7) != year
    assert generate(months=12, today=date(2026, 10, 1)) != year


def test_ids_are_unique_hex(year):
    """Every record but the one-per-folder profile and plan, and the per-month jobs and
    notes (id = "YYYY-MM"), has a 32-digit hex id."""
    from smallshop.domain.models import BusinessPlan, MonthJobs, MonthNote

    ids = [r.id for r in year if not isinstance(r, (BusinessProfile, BusinessPlan, MonthJobs, MonthNote))]
    assert len(ids) == len(set(ids))
    assert all(len(i) == 32 and int(i, 16) >= 0 for i in ids)


def test_owner_and_three_daughters(year):
    members = of(year, Member)
    assert [m.role for m in members].count(Role.OWNER) == 1
    assert len(members) == 4
    assert len(of(year, BusinessProfile)) == 1


@pytest.mark.parametrize("status", list(OrderStatus))
def test_every_order_status_is_present(year, status):
    assert any(o.status is status for o in of(year, Order))


def test_overdue_orders_exist_and_nothing_is_dated_after_today(year):
    orders = of(year, Order)
    assert any(order_rules.is_overdue(o, DEFAULT_TODAY) for o in orders)
    dated = [getattr(r, "date", None) or getattr(r, "order_date", None) for r in year]
    assert max(d for d in dated if d) <= DEFAULT_TODAY
    assert all(o.delivered_on <= DEFAULT_TODAY for o in orders if o.delivered_on)


def test_orders_are_valid_and_never_overpaid(year):
    orders = of(year, Order)
    incomes = of(year, Income)
    by_order = Counter()
    for income in incomes:
        if income.order_id:
            by_order[income.order_id] += income.amount.tyiyn
    for order in orders:
        assert order_rules.validate_order(order) == []
        assert by_order[order.id] <= order.total.tyiyn


def test_customers_have_kyrgyz_and_russian_names_and_measurements(year):
    customers = of(year, Customer)
    names = " ".join(c.name for c in customers)
    assert "Айгүл" in names or "Гүлнара" in names
    assert any(ru in names for ru in ("Ольга", "Наталья", "Елена", "Татьяна", "Светлана"))
    assert sum(bool(c.notes) for c in customers) > len(customers) / 3
    assert all(c.phone == "" or c.phone.startswith(("0", "+996")) for c in customers)


def test_money_records_cover_every_category_and_method(year):
    incomes, expenses = of(year, Income), of(year, Expense)
    assert {i.category for i in incomes} >= {IncomeCategory.ORDER_PAYMENT, IncomeCategory.WALK_IN_SALE}
    assert {e.category for e in expenses} == set(ExpenseCategory)
    assert any(e.order_id for e in expenses)
    assert {i.method for i in incomes} == set(PaymentMethod)
    assert len(of(year, OwnerDraw)) >= 12


def test_two_debts_with_exactly_one_missed_instalment(year):
    debts = of(year, Debt)
    repayments = of(year, Repayment)
    assert sorted(d.purpose for d in debts) == sorted([DebtPurpose.BUSINESS, DebtPurpose.MIGRATION])
    household = next(d for d in debts if d.purpose is DebtPurpose.MIGRATION)  # the ticket home, from relatives
    lender = next(d for d in debts if d.purpose is DebtPurpose.BUSINESS)
    assert (household.lender_type, lender.lender_type) == (LenderType.RELATIVES, LenderType.MICROFINANCE)
    assert household.interest.is_zero and lender.interest.is_positive
    statuses = {d.id: debt_rules.debt_status(d, repayments, DEFAULT_TODAY) for d in debts}
    assert sum(s.overdue_count for s in statuses.values()) == 1
    assert statuses[household.id].overdue_count == 1
    assert all(s.paid_total.is_positive for s in statuses.values())
    assert all(s.remaining.is_positive for s in statuses.values())
    # the lender is due on the 31st: short months clamp to their last day
    assert any(i.due_date.day == 30 for i in lender.schedule)
    assert any(i.due_date.day == 31 for i in lender.schedule)


def test_months_and_years_are_exclusive():
    with pytest.raises(ValueError):
        generate(months=3, years=1)
    with pytest.raises(ValueError):
        generate(months=0)


def test_ten_years_is_about_sixty_thousand_records():
    records = generate(years=10)
    counts = Counter(type(r).__name__ for r in records)
    assert 55_000 <= len(records) <= 66_000
    assert 14_000 <= counts["Order"] <= 16_500
    first = min(o.order_date for o in records if isinstance(o, Order))
    assert first.year == DEFAULT_TODAY.year - 10 + (1 if DEFAULT_TODAY.month == 12 else 0)


def test_the_programme_gave_three_machines_and_an_iron_and_the_family_works_in_it(year):
    """Issue 15: the plan made with the caseworker before the first month, the grant's
    equipment (one machine repaired, the iron broken now), what she bought herself or
    with the loan, who worked each month but the current one, and notes."""
    from smallshop.domain import assets as asset_rules
    from smallshop.domain import jobs as job_rules
    from smallshop.domain.models import AssetSource, AssetStatus, BusinessPlan, MonthJobs, MonthNote
    from smallshop.domain.period import Month

    [plan] = of(year, BusinessPlan)
    first = min(o.order_date for o in of(year, Order))
    assert plan.assistance_started < first and plan.sales_target.is_positive and plan.profit_target.is_positive
    assert len(plan.purchases) == 3
    register = asset_rules.register(of(year, Asset), DEFAULT_TODAY)
    grant = register.grant_lines()
    assert sorted(line.item for line in grant) == ["Буу үтүк"] + [f"Тигүү машинасы Janome №{n}" for n in (1, 2, 3)]
    assert [line.status for line in grant if line.item == "Буу үтүк"] == [AssetStatus.BROKEN]
    assert register.value_by_source[AssetSource.OWN].is_positive and register.value_by_source[AssetSource.LOAN].is_positive
    repaired = next(a for a in of(year, Asset) if a.item.endswith("№2"))
    assert [c.status for c in repaired.changes] == [AssetStatus.BROKEN, AssetStatus.IN_USE]
    jobs = {j.month: j for j in of(year, MonthJobs)}
    assert Month.of(DEFAULT_TODAY) not in jobs and len(jobs) == 11  # the owner confirms November later
    t = job_rules.tally(jobs[Month(2026, 10)].workers)
    assert (t.total, t.family, t.hired, t.women, t.young, t.paid) == (6, 4, 2, 5, 4, 2)
    members = {m.id for m in of(year, Member)}
    assert {w.member_id for w in jobs[Month(2026, 10)].workers if w.member_id} == members
    assert [n.month for n in of(year, MonthNote)] == [Month(2026, 8), Month(2026, 9), Month(2026, 10)]
