"""Issue 15's pure rules: the plan's dates, an asset's dated status and the register,
who worked in a month (pre-filled, counted, checked)."""

from __future__ import annotations

from datetime import date

import pytest

from smallshop.domain import assets, jobs, plan
from smallshop.domain.models import (
    Asset,
    AssetSource,
    AssetStatus,
    AssetStatusChange,
    BusinessPlan,
    Expense,
    ExpenseCategory,
    Member,
    MonthJobs,
    PlannedPurchase,
    Role,
    Worker,
    WorkerKind,
)
from smallshop.domain.money import Money
from smallshop.domain.period import Month

NOV = Month(2026, 11)


def machine(n: int, source=AssetSource.GRANT, on=date(2026, 3, 10), changes=(), value="18000") -> Asset:
    return Asset(id=f"a{n}", item=f"Тигүү машинасы {n}", value=Money.som(value), acquired_on=on, source=source,
                 changes=tuple(changes))


# --- the plan ---------------------------------------------------------------------
@pytest.mark.parametrize("month, expected", [
    (Month(2026, 2), None), (Month(2026, 3), 0), (Month(2026, 11), 8), (Month(2027, 3), 12),
])
def test_months_since_the_assistance_started(month, expected):
    assert plan.months_since_assistance(BusinessPlan(assistance_started=date(2026, 3, 31)), month) == expected


def test_no_start_date_means_no_count():
    assert plan.months_since_assistance(BusinessPlan(), NOV) is None


def test_a_plan_cannot_start_after_today_nor_plan_purchases_before_it_started():
    bought = (PlannedPurchase("Оверлок", Money.som("25000"), Month(2026, 2)),
              PlannedPurchase("Кездеме", Money.som("5000"), Month(2026, 3)))
    problems = plan.validate_plan(BusinessPlan(assistance_started=date(2026, 3, 1), purchases=bought),
                                  today=date(2026, 11, 20))
    assert [(p.field, p.key) for p in problems] == [("purchases.0.month", "error.plan.purchase_before_start")]
    late = plan.validate_plan(BusinessPlan(assistance_started=date(2026, 11, 21)), today=date(2026, 11, 20))
    assert [p.key for p in late] == ["error.plan.started_in_future"]
    assert plan.purchases_in(BusinessPlan(purchases=bought), Month(2026, 3)) == bought[1:]


# --- assets -----------------------------------------------------------------------
def test_status_is_in_use_from_the_day_it_came_and_each_change_holds_from_its_date():
    a = machine(1, changes=[AssetStatusChange(date(2026, 8, 1), AssetStatus.BROKEN),
                            AssetStatusChange(date(2026, 9, 15), AssetStatus.IN_USE, "оңдолду")])
    assert assets.status_on(a, date(2026, 3, 9)) is None
    assert assets.status_on(a, date(2026, 3, 10)) is AssetStatus.IN_USE
    assert assets.status_on(a, date(2026, 8, 1)) is AssetStatus.BROKEN
    assert assets.status_since(a, date(2026, 9, 1)) == date(2026, 8, 1)
    assert assets.status_on(a, date(2026, 9, 15)) is AssetStatus.IN_USE
    assert assets.status_since(a, date(2026, 12, 1)) == date(2026, 9, 15)


@pytest.mark.parametrize("change, key", [
    (AssetStatusChange(date(2026, 3, 9), AssetStatus.BROKEN), "error.asset.change_before_acquired"),
    (AssetStatusChange(date(2026, 7, 31), AssetStatus.SOLD), "error.asset.change_before_last"),
    (AssetStatusChange(date(2026, 9, 1), AssetStatus.BROKEN), "error.asset.same_status"),
    (AssetStatusChange(date(2026, 4, 1), AssetStatus.IN_USE), "error.asset.change_before_last"),
])
def test_a_status_change_that_does_not_fit_is_refused(change, key):
    a = machine(1, changes=[AssetStatusChange(date(2026, 8, 1), AssetStatus.BROKEN)])
    assert [p.key for p in assets.validate_status_change(a, change)] == [key]


def test_a_new_status_on_the_day_of_the_last_change_is_allowed():
    a = machine(1, changes=[AssetStatusChange(date(2026, 8, 1), AssetStatus.BROKEN)])
    assert assets.validate_status_change(a, AssetStatusChange(date(2026, 8, 1), AssetStatus.SOLD)) == []
    assert [p.key for p in assets.validate_asset(machine(2, on=date(2026, 8, 2), changes=a.changes))] == [
        "error.asset.acquired_after_change"]


def test_the_register_lists_what_had_come_by_the_day_with_its_status_and_values():
    items = [
        machine(1), machine(2), machine(3, changes=[AssetStatusChange(date(2026, 10, 5), AssetStatus.BROKEN)]),
        Asset("iron", "Үтүк", Money.som("3500"), date(2026, 3, 10), AssetSource.GRANT),
        Asset("table", "Бычуучу стол", Money.som("6000"), date(2026, 5, 2), AssetSource.OWN),
        Asset("overlock", "Оверлок", Money.som("25000"), date(2026, 9, 20), AssetSource.LOAN,
              (AssetStatusChange(date(2026, 11, 25), AssetStatus.SOLD),)),
        Asset("later", "Кийин", Money.som("100"), date(2026, 12, 1), AssetSource.OWN),
    ]
    reg = assets.register(items, date(2026, 11, 30))
    assert [line.asset_id for line in reg.lines] == ["a1", "a2", "a3", "iron", "table", "overlock"]
    assert reg.grant_value == Money.som("57500") and reg.own_contribution == Money.som("31000")
    assert reg.total_value == Money.som("88500")
    assert reg.in_use_count == 4 and reg.in_use_value == Money.som("45500")
    assert reg.count_by_status == {AssetStatus.IN_USE: 4, AssetStatus.BROKEN: 1, AssetStatus.SOLD: 1,
                                   AssetStatus.LOST: 0}
    broken = next(line for line in reg.lines if line.asset_id == "a3")
    assert (broken.status, broken.since) == (AssetStatus.BROKEN, date(2026, 10, 5))
    earlier = assets.register(items, date(2026, 10, 31))  # a month that is over stays as it was
    assert [line.status for line in earlier.lines if line.asset_id == "overlock"] == [AssetStatus.IN_USE]
    assert len(earlier.grant_lines()) == 4


def test_an_empty_register_has_zero_values():
    reg = assets.register([], date(2026, 11, 30))
    assert reg.lines == () and reg.total_value == Money(0) and reg.own_contribution == Money(0)


# --- jobs -------------------------------------------------------------------------
MOTHER = Member("m1", "Гүлзат Ташиева", Role.OWNER)
AIPERI = Member("m2", "Айпери")
NURIZA = Member("m3", "Нуриза")
GONE = Member("m4", "Бурул", active=False)


def wage(day: int, text: str, amount="3000") -> Expense:
    return Expense(f"e{day}", date(2026, 11, day), Money.som(amount), ExpenseCategory.WAGES, description=text)


def test_the_first_month_is_pre_filled_from_the_active_members_and_the_wages():
    suggestion = jobs.suggest(NOV, [MOTHER, AIPERI, NURIZA, GONE], [
        wage(5, "Айпериге эмгек акы"), wage(6, "Жалданган тигүүчү Салтанат"), wage(7, "", "1500"),
        Expense("x", date(2026, 11, 8), Money.som("900"), ExpenseCategory.MATERIALS, description="Нуриза кездеме"),
        wage(9, "Жалданган тигүүчү Салтанат"),
    ], confirmed=[])
    assert suggestion.source == "members" and suggestion.wages_unnamed == Money.som("1500")
    assert [(w.name, w.kind, w.member_id, w.paid) for w in suggestion.workers] == [
        ("Гүлзат Ташиева", WorkerKind.FAMILY, "m1", False),
        ("Айпери", WorkerKind.FAMILY, "m2", True),
        ("Нуриза", WorkerKind.FAMILY, "m3", False),  # a material bought by her is not a wage
        ("Жалданган тигүүчү Салтанат", WorkerKind.HIRED, None, True),
    ]


def test_a_later_month_starts_from_the_last_confirmed_one_and_its_answers():
    october = MonthJobs("2026-10", Month(2026, 10), (
        Worker("Гүлзат Ташиева", WorkerKind.FAMILY, "m1", woman=True),
        Worker("Айпери", WorkerKind.FAMILY, "m2", woman=True, young=True),
    ))
    suggestion = jobs.suggest(Month(2026, 12), [MOTHER, AIPERI, NURIZA], [], confirmed=[october])
    assert suggestion.source == "previous" and suggestion.workers == october.workers
    hired = MonthJobs("2026-10", Month(2026, 10), (Worker("Бычуучу Азамат", WorkerKind.HIRED, paid=False),))
    december = jobs.suggest(Month(2026, 12), [], [Expense("e", date(2026, 12, 3), Money.som("5000"),
                                                         ExpenseCategory.WAGES, description="Бычуучуга акы")],
                            confirmed=[hired])
    assert [(w.name, w.paid) for w in december.workers] == [("Бычуучу Азамат", True)]  # not a second person
    own = jobs.suggest(Month(2026, 10), [MOTHER], [], confirmed=[october])
    assert own.source == "confirmed" and own.workers == october.workers


def test_the_tally_counts_each_person_once():
    t = jobs.tally([
        Worker("Гүлзат", WorkerKind.FAMILY, woman=True),
        Worker("Айпери", WorkerKind.FAMILY, paid=True, woman=True, young=True),
        Worker("Азамат", WorkerKind.HIRED, paid=True, young=True),
    ])
    assert (t.total, t.family, t.hired, t.paid, t.unpaid, t.women, t.young, t.young_women) == (3, 2, 1, 2, 1, 2, 2, 1)


def test_a_person_listed_twice_is_refused():
    problems = jobs.validate_workers([Worker("Айпери"), Worker("Нуриза"), Worker("айпери")])
    assert [(p.field, p.key) for p in problems] == [("workers.2.name", "error.jobs.duplicate_name")]
