"""The customer credit ledger and receivables, on a small hand-made history."""

from datetime import date
from decimal import Decimal

import pytest

from smallshop.domain.ledger import LedgerKind, customer_ledger, receivables
from smallshop.domain.models import Customer, Income, IncomeCategory, LineItem, Order, OrderStatus
from smallshop.domain.money import Money

S = OrderStatus
D = date


def _order(oid, customer, price, status=S.DELIVERED, delivered=None, took=D(2026, 10, 1)):
    return Order(id=oid, customer_id=customer, order_date=took, status=status, delivered_on=delivered,
                 items=(LineItem("Көйнөк", Decimal(1), Money.som(price)),))


def _pay(iid, on, amount, order_id=None, customer=None, category=IncomeCategory.ORDER_PAYMENT):
    return Income(id=iid, date=on, amount=Money.som(amount), category=category, order_id=order_id, customer_id=customer)


ORDERS = [
    _order("a1", "aigul", 3000, delivered=D(2026, 10, 10)),
    _order("a2", "aigul", 2000, delivered=D(2026, 11, 5)),
    _order("a3", "aigul", 1500, status=S.READY),  # not delivered: its deposit is a prepayment
    _order("a4", "aigul", 900, status=S.CANCELLED),  # never charged
    _order("b1", "bakyt", 1200, delivered=D(2026, 11, 20)),
    _order("c1", "cholpon", 800, delivered=D(2026, 9, 1)),
]
INCOMES = [
    _pay("p1", D(2026, 10, 1), 1000, "a1"),  # deposit before delivery
    _pay("p2", D(2026, 10, 10), 2000, "a1"),  # rest on delivery day
    _pay("p3", D(2026, 11, 1), 500, "a3"),  # deposit on the open order
    _pay("p4", D(2026, 11, 2), 300, "a4"),  # deposit on the cancelled order: leaves the ledger
    _pay("p5", D(2026, 11, 25), 400, customer="aigul"),  # on account, no order
    _pay("p6", D(2026, 11, 25), 700, customer="aigul", category=IncomeCategory.WALK_IN_SALE),  # paid on the spot
    _pay("p7", D(2026, 9, 1), 800, "c1"),
]
CUSTOMERS = [Customer("aigul", "Айгүл"), Customer("bakyt", "Бакыт"), Customer("cholpon", "Чолпон")]


def test_ledger_entries_and_running_balance():
    ledger = customer_ledger("aigul", ORDERS, INCOMES)
    assert [(e.date, e.kind, e.order_id, e.amount, e.balance) for e in ledger.entries] == [
        (D(2026, 10, 1), LedgerKind.PAYMENT, "a1", Money.som(1000), Money.som(-1000)),  # prepaid
        (D(2026, 10, 10), LedgerKind.CHARGE, "a1", Money.som(3000), Money.som(2000)),  # charge first on a day
        (D(2026, 10, 10), LedgerKind.PAYMENT, "a1", Money.som(2000), Money.som(0)),
        (D(2026, 11, 1), LedgerKind.PAYMENT, "a3", Money.som(500), Money.som(-500)),
        (D(2026, 11, 5), LedgerKind.CHARGE, "a2", Money.som(2000), Money.som(1500)),
        (D(2026, 11, 25), LedgerKind.PAYMENT, None, Money.som(400), Money.som(1100)),
    ]
    assert (ledger.charged, ledger.paid, ledger.balance) == (Money.som(5000), Money.som(3900), Money.som(1100))
    # a2 is owed (2000 less the 400 paid on account); a3's deposit is an advance, not netted
    assert ledger.owes == Money.som(1600) and ledger.prepaid == Money.som(500)


@pytest.mark.parametrize(
    "as_of, balance",
    [(D(2026, 9, 30), 0), (D(2026, 10, 1), -1000), (D(2026, 10, 31), 0), (D(2026, 11, 1), -500),
     (D(2026, 11, 24), 1500), (D(2026, 12, 31), 1100)],
)
def test_balance_as_of_a_day(as_of, balance):
    assert customer_ledger("aigul", ORDERS, INCOMES, as_of=as_of).balance == Money.som(balance)


def test_a_customer_in_credit():
    ledger = customer_ledger("aigul", ORDERS, INCOMES, as_of=D(2026, 11, 1))
    assert ledger.prepaid == Money.som(500) and ledger.owes == Money(0)


def test_unknown_customer_has_an_empty_ledger():
    ledger = customer_ledger("nobody", ORDERS, INCOMES)
    assert ledger.entries == () and ledger.balance == Money(0)


@pytest.mark.parametrize(
    "as_of, expected",
    [
        (D(2026, 10, 31), []),
        (D(2026, 11, 5), [("aigul", 2000, D(2026, 11, 5))]),  # a3's 500 deposit is an advance
        (D(2026, 11, 30), [("aigul", 1600, D(2026, 11, 5)), ("bakyt", 1200, D(2026, 11, 20))]),
    ],
)
def test_receivables_largest_first_with_since(as_of, expected):
    lines = receivables(ORDERS, INCOMES, CUSTOMERS, as_of)
    got = sorted([(l.customer_id, l.amount.tyiyn // 100, l.since) for l in lines], key=lambda x: -x[1])
    assert [(l.customer_id, l.amount.tyiyn // 100, l.since) for l in lines] == got == sorted(expected, key=lambda x: -x[1])
    assert {l.customer_name for l in lines} <= {"Айгүл", "Бакыт"}


def test_since_is_the_oldest_order_its_own_payments_left_unpaid():
    orders = [_order("x1", "k", 1000, delivered=D(2026, 1, 10)), _order("x2", "k", 1000, delivered=D(2026, 2, 10)),
              _order("x3", "k", 1000, delivered=D(2026, 3, 10))]
    pays = [_pay("q1", D(2026, 3, 20), 1000, "x1"), _pay("q2", D(2026, 3, 20), 1000, "x3")]
    (line,) = receivables(orders, pays, [Customer("k", "Касымбек")], D(2026, 3, 31))
    # x1 and x3 are paid by their own payments (not first-in-first-out): x2 is the unpaid one
    assert (line.amount, line.since) == (Money.som(1000), D(2026, 2, 10))


def test_money_paid_on_account_covers_the_oldest_unpaid_order():
    orders = [_order("x1", "k", 1000, delivered=D(2026, 1, 10)), _order("x2", "k", 1000, delivered=D(2026, 2, 10))]
    pays = [_pay("q1", D(2026, 3, 20), 1500, customer="k")]  # no order named: oldest first
    (line,) = receivables(orders, pays, [Customer("k", "Касымбек")], D(2026, 3, 31))
    assert (line.amount, line.since) == (Money.som(500), D(2026, 2, 10))


def test_receivables_tells_the_collections_apart_and_ledger_takes_a_customer():
    assert receivables(CUSTOMERS, ORDERS, INCOMES, D(2026, 11, 30)) == receivables(ORDERS, INCOMES, CUSTOMERS, D(2026, 11, 30))
    assert customer_ledger(CUSTOMERS[0], ORDERS, INCOMES) == customer_ledger("aigul", ORDERS, INCOMES)
