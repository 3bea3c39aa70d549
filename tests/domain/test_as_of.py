"""A closed month never changes because of something dated later (issue 11).

February 2026 of a small workshop is read, then each later event (dated in March or
April) is added, and February (and January before it) is read again: every figure
must be what it was. Only a record dated inside February (a back-dated entry) may
change February, and the last test checks that it does.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from smallshop.domain.books import position
from smallshop.domain.models import (
    Customer, Debt, DebtPurpose, Expense, ExpenseCategory, Frequency, Income, IncomeCategory, LineItem, Order,
    OrderStatus, OwnerDraw, Refund, Repayment,
)
from smallshop.domain.debts import with_schedule
from smallshop.domain.money import Money
from smallshop.domain.period import Month
from smallshop.domain.summary import compute_month_summary

D, S, som = date, OrderStatus, Money.som
FEBRUARY = Month(2026, 2)
LATER = D(2026, 5, 10)  # "today" when the months are read: February is long over


def _order(oid, customer, took, price, status=S.NEW, delivered=None, cancelled=None):
    return Order(oid, customer, took, (LineItem("Көйнөк", Decimal(1), som(price)),), status=status,
                 delivered_on=delivered, cancelled_on=cancelled)


def _pay(iid, on, amount, order_id=None, customer=None, category=IncomeCategory.ORDER_PAYMENT):
    return Income(iid, on, som(amount), category, order_id=order_id, customer_id=customer)


BASE = dict(
    customers=[Customer("c1", "Айгүл", created_on=D(2026, 1, 5)), Customer("c2", "Бакыт", created_on=D(2026, 2, 3)),
               Customer("c3", "Чолпон", created_on=D(2026, 1, 20))],
    orders=[
        _order("delivered_unpaid", "c1", D(2026, 1, 10), 3000, S.DELIVERED, delivered=D(2026, 2, 20)),
        _order("deposit_open", "c2", D(2026, 2, 5), 2000),  # 600 deposit in February
        _order("open_no_money", "c3", D(2026, 2, 10), 1500, S.IN_PROGRESS),
        _order("paid_up", "c3", D(2026, 1, 25), 800, S.DELIVERED, delivered=D(2026, 2, 2)),
    ],
    incomes=[
        _pay("i1", D(2026, 1, 10), 1000, "delivered_unpaid"),
        _pay("i2", D(2026, 2, 5), 600, "deposit_open"),
        _pay("i3", D(2026, 2, 2), 800, "paid_up"),
        _pay("i4", D(2026, 2, 14), 300, category=IncomeCategory.WALK_IN_SALE),
        _pay("i5", D(2026, 2, 27), 200, category=IncomeCategory.OTHER),
    ],
    refunds=[],
    expenses=[Expense("e1", D(2026, 2, 8), som(700), ExpenseCategory.MATERIALS, order_id="deposit_open")],
    draws=[OwnerDraw("w1", D(2026, 2, 28), som(400))],
    debts=[with_schedule(Debt("d1", "Эже", som(4000), D(2026, 1, 1), D(2026, 1, 31), Frequency.MONTHLY, 4,
                              DebtPurpose.HOUSEHOLD))],
    repayments=[Repayment("r1", "d1", D(2026, 1, 31), som(1000))],
)


def _with(books, kind, *records):
    return {**books, kind: [*books[kind], *records]}


def _replace_order(books, order_id, **changes):
    return {**books, "orders": [replace(o, **changes) if o.id == order_id else o for o in books["orders"]]}


# each later event, as a change to the records; all dated after February
LATER_EVENTS = {
    "Feb order with a deposit cancelled 10 March (deposit kept)":
        lambda b: _replace_order(b, "deposit_open", status=S.CANCELLED, cancelled_on=D(2026, 3, 10)),
    "Feb order with a deposit cancelled 10 March and refunded that day": lambda b: _with(
        _replace_order(b, "deposit_open", status=S.CANCELLED, cancelled_on=D(2026, 3, 10)),
        "refunds", Refund("f1", D(2026, 3, 10), som(600), order_id="deposit_open", customer_id="c2")),
    "part of a Feb deposit refunded in March (order goes on)":
        lambda b: _with(b, "refunds", Refund("f2", D(2026, 3, 3), som(200), order_id="deposit_open")),
    "open Feb order delivered 5 March":
        lambda b: _replace_order(b, "open_no_money", status=S.DELIVERED, delivered_on=D(2026, 3, 5)),
    "Feb receivable paid 3 March": lambda b: _with(b, "incomes", _pay("p1", D(2026, 3, 3), 2000, "delivered_unpaid")),
    "money paid on account in March": lambda b: _with(b, "incomes", _pay("p2", D(2026, 3, 9), 500, customer="c1")),
    "a March order with a deposit":
        lambda b: _with(_with(b, "orders", _order("march", "c1", D(2026, 3, 1), 900)),
                        "incomes", _pay("p3", D(2026, 3, 1), 300, "march")),
    "a new customer in March": lambda b: _with(b, "customers", Customer("c4", "Динара", created_on=D(2026, 3, 2))),
    "an expense, a draw and a repayment in April": lambda b: _with(_with(_with(
        b, "expenses", Expense("e2", D(2026, 4, 1), som(90), ExpenseCategory.TRANSPORT)),
        "draws", OwnerDraw("w2", D(2026, 4, 1), som(50))),
        "repayments", Repayment("r2", "d1", D(2026, 4, 2), som(2000))),
    "a walk-in sale refunded in March to the customer on account": lambda b: _with(
        _with(b, "incomes", _pay("p4", D(2026, 3, 4), 250, customer="c3")),
        "refunds", Refund("f3", D(2026, 3, 6), som(250), customer_id="c3")),
}


def _read(books):
    summary = compute_month_summary(FEBRUARY, today=LATER, **books)
    return summary.current, summary.previous, summary.trend


def test_february_as_first_read():
    feb, jan, _ = _read(BASE)
    assert (feb.income, feb.sales_income, feb.expenses, feb.profit) == (som(1900), som(1700), som(700), som(1200))
    assert [(l.customer_id, l.amount, l.since) for l in feb.receivable_lines] == [("c1", som(2000), D(2026, 2, 20))]
    assert [(l.customer_id, l.amount) for l in feb.advance_lines] == [("c2", som(600))]
    assert (feb.orders_taken, feb.orders_delivered, feb.orders_open) == (2, 2, 2)
    assert [(l.customer_id, l.amount) for l in jan.advance_lines] == [("c1", som(1000))]  # a deposit in January


@pytest.mark.parametrize("event", list(LATER_EVENTS), ids=list(LATER_EVENTS))
def test_a_later_event_leaves_february_as_it_was(event):
    before = _read(BASE)
    after = _read(LATER_EVENTS[event](BASE))
    assert after[0] == before[0]  # February, every figure and every line
    assert after[1] == before[1]  # January
    assert after[2] == before[2]  # the trend ending with February


def test_all_later_events_one_after_the_other_leave_february_as_it_was():
    first, books = _read(BASE), BASE
    for name, event in LATER_EVENTS.items():
        if "refunded that day" in name:
            continue  # the same cancellation as the event before it
        books = event(books)
        assert _read(books) == first, name


def test_a_cancellation_is_read_by_its_own_date():
    books = LATER_EVENTS["Feb order with a deposit cancelled 10 March (deposit kept)"](BASE)
    march = compute_month_summary(Month(2026, 3), today=LATER, **books).current
    assert march.advances == som(0)  # from 10 March the business kept the deposit
    assert march.income == som(0) and march.refunds == som(0)  # no money moved in March
    refunded = LATER_EVENTS["Feb order with a deposit cancelled 10 March and refunded that day"](BASE)
    march = compute_month_summary(Month(2026, 3), today=LATER, **refunded).current
    assert (march.refunds, march.income, march.advances) == (som(600), som(-600), som(0))


def test_only_a_back_dated_record_changes_february():
    back_dated = _with(BASE, "incomes", _pay("late", D(2026, 2, 25), 2000, "delivered_unpaid"))
    feb = _read(back_dated)[0]
    assert feb.receivables == som(0) and feb.income == som(3900)


@pytest.mark.parametrize("day", [D(2026, 1, 31), D(2026, 2, 4), D(2026, 2, 28), D(2026, 3, 31)])
def test_balances_always_sum_to_receivables_minus_advances(day):
    books = BASE
    for name, event in LATER_EVENTS.items():
        books = books if "refunded that day" in name else event(books)
    pos = position(books["orders"], books["incomes"], books["refunds"], day)
    assert sum(pos.balances.values()) == pos.receivables.tyiyn - pos.advances.tyiyn
