"""The order workflow (every pair of statuses), order validation, accounts and due flags."""

from dataclasses import replace
from datetime import date
from decimal import Decimal
from itertools import product

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smallshop.domain.models import Expense, ExpenseCategory, Income, IncomeCategory, LineItem, Order, OrderStatus
from smallshop.domain.money import Money
from smallshop.domain.orders import (
    ALLOWED_TRANSITIONS,
    change_status,
    is_due_soon,
    is_overdue,
    next_statuses,
    order_account,
    order_total_tyiyn,
    validate_order,
)
from smallshop.domain.problems import DomainError

S = OrderStatus
LEGAL = {
    (S.NEW, S.IN_PROGRESS), (S.NEW, S.CANCELLED),
    (S.IN_PROGRESS, S.READY), (S.IN_PROGRESS, S.CANCELLED),
    (S.READY, S.DELIVERED), (S.READY, S.IN_PROGRESS), (S.READY, S.CANCELLED),
}
ALL_PAIRS = list(product(OrderStatus, OrderStatus))
TOOK = date(2026, 11, 2)


def _order(status=S.NEW, items=None, **kw):
    items = (LineItem("Постельный комплект", Decimal(2), Money.som(1500)),) if items is None else items
    return Order(id="o1", customer_id="c1", order_date=TOOK, items=items, status=status, **kw)


def _income(amount, order_id="o1", on=date(2026, 11, 3)):
    return Income(id=f"i{amount}{order_id}", date=on, amount=Money.som(amount), category=IncomeCategory.ORDER_PAYMENT,
                  order_id=order_id)


def test_the_table_is_the_one_in_the_brief():
    assert {(a, b) for a, targets in ALLOWED_TRANSITIONS.items() for b in targets} == LEGAL


@pytest.mark.parametrize("current, new", sorted(LEGAL))
def test_legal_transitions(current, new):
    moved = change_status(_order(current), new, date(2026, 11, 20))
    assert moved.status is new
    assert moved.delivered_on == (date(2026, 11, 20) if new is S.DELIVERED else None)
    assert moved.cancelled_on == (date(2026, 11, 20) if new is S.CANCELLED else None)


@pytest.mark.parametrize("current, new", [pair for pair in ALL_PAIRS if pair not in LEGAL])
def test_illegal_transitions_are_refused(current, new):
    order = _order(current)
    with pytest.raises(DomainError) as info:
        change_status(order, new, date(2026, 11, 20))
    (problem,) = info.value.problems
    assert problem.key == "error.order.illegal_transition"
    assert problem.params == {"from_status": current, "to_status": new}
    assert order.status is current  # the original is untouched


def test_status_date_cannot_precede_the_order():
    with pytest.raises(DomainError) as info:
        change_status(_order(S.READY), S.DELIVERED, date(2026, 11, 1))
    assert info.value.problems[0].key == "error.order.status_before_order_date"


def test_whole_path_and_offered_next_steps():
    order = _order()
    assert next_statuses(order) == (S.IN_PROGRESS, S.CANCELLED)
    for status in (S.IN_PROGRESS, S.READY, S.IN_PROGRESS, S.READY, S.DELIVERED):
        order = change_status(order, status, date(2026, 11, 25))
    assert (order.status, order.delivered_on) == (S.DELIVERED, date(2026, 11, 25))
    assert next_statuses(order) == ()


@pytest.mark.parametrize(
    "changes, expected",
    [
        ({}, []),
        ({"customer_id": ""}, [("customer_id", "error.order.customer_required")]),
        ({"items": ()}, [("items", "error.order.no_items")]),
        ({"due_date": date(2026, 11, 1)}, [("due_date", "error.order.due_before_order")]),
        ({"due_date": TOOK}, []),
        ({"items": (LineItem(" ", Decimal(0), Money.som(-1)),)},
         [("items.0.description", "error.item.description_required"), ("items.0.quantity", "error.quantity.zero"),
          ("items.0.unit_price", "error.amount.negative")]),
        ({"customer_id": "", "items": (), "due_date": date(2026, 10, 1)},
         [("customer_id", "error.order.customer_required"), ("items", "error.order.no_items"),
          ("due_date", "error.order.due_before_order")]),
    ],
)
def test_validate_order(changes, expected):
    assert [(p.field, p.key) for p in validate_order(replace(_order(), **changes))] == expected


@pytest.mark.parametrize(
    "status, payments, spent, balance, overpaid, profit",
    [
        (S.NEW, [], 0, 3000, 0, 3000),
        (S.NEW, [1000], 800, 2000, 0, 2200),  # deposit
        (S.DELIVERED, [1000, 2000], 800, 0, 0, 2200),
        (S.DELIVERED, [1000, 2500], 0, 0, 500, 3000),
        (S.CANCELLED, [1000], 300, 0, 1000, 700),  # kept deposit minus fabric already bought
    ],
)
def test_order_account(status, payments, spent, balance, overpaid, profit):
    incomes = [_income(p) for p in payments] + [_income(99, order_id="other")]
    expenses = [Expense(id="e", date=TOOK, amount=Money.som(spent), category=ExpenseCategory.MATERIALS, order_id="o1"),
                Expense(id="x", date=TOOK, amount=Money.som(77), category=ExpenseCategory.RENT)]
    account = order_account(_order(status), incomes, expenses)
    assert account.total == Money.som(3000)
    assert account.paid == Money.som(sum(payments))
    assert account.expenses == Money.som(spent)
    assert (account.balance, account.overpaid, account.profit) == (Money.som(balance), Money.som(overpaid), Money.som(profit))
    assert account.is_paid == (balance == 0)


@pytest.mark.parametrize(
    "status, due, today, overdue, soon",
    [
        (S.NEW, None, date(2026, 11, 30), False, False),
        (S.IN_PROGRESS, date(2026, 11, 10), date(2026, 11, 11), True, False),
        (S.READY, date(2026, 11, 10), date(2026, 11, 10), False, True),  # due today: soon, not overdue
        (S.NEW, date(2026, 11, 17), date(2026, 11, 10), False, True),  # exactly 7 days ahead
        (S.NEW, date(2026, 11, 18), date(2026, 11, 10), False, False),
        (S.DELIVERED, date(2026, 11, 10), date(2026, 11, 20), False, False),
        (S.CANCELLED, date(2026, 11, 10), date(2026, 11, 9), False, False),
    ],
)
def test_overdue_and_due_soon(status, due, today, overdue, soon):
    order = _order(status, due_date=due)
    assert is_overdue(order, today) is overdue
    assert is_due_soon(order, today) is soon


@given(st.lists(st.tuples(st.decimals(min_value=Decimal("0.001"), max_value=Decimal(1000), places=3),
                          st.integers(min_value=0, max_value=10_000_000)), min_size=0, max_size=5))
def test_fast_order_total_matches_line_items(lines):
    order = _order(items=tuple(LineItem("x", q, Money(p)) for q, p in lines))
    assert order_total_tyiyn(order) == order.total.tyiyn
