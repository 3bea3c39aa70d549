"""The month summary on a small hand-built business whose figures were worked out by hand.

The story (November 2026, previous month October):
  Айгүл (c1): o1 3000 taken 5 Oct, delivered 25 Oct, paid 1000 + 2000; o2 2x1500 taken 2 Nov,
             delivered 18 Nov, paid 1000 + 1500 (500 still owed); o7 800 taken in September,
             delivered 2 Dec (so open at the end of November).
  Бакыт (c2, new 3 Nov): o3 2500 in progress with a 500 deposit; o6 2000 delivered 28 Nov unpaid
             (paid 900 on 1 Dec).
  Чолпон (c3, no created_on; first order 20 Oct): o4 1000 cancelled 5 Nov after a 300 deposit;
             o5 1.5x1000 ready.
  Динара (c4, new 20 Nov): no orders.
  Walk-in sale 700 cash, other income 200 bank; rent 3000, fabric 1200 for o2, transport 150;
  in October fabric 800. Owner's draws: 1000 in November, 500 in October.
  Debts: relatives 12000 in 6 monthly instalments of 2000 from 31 Aug, paid Aug, Sep and 10 Nov
  (October missed); a microfinance loan 20000 + 2000 interest taken 5 Nov, 10 x 2200 from 5 Dec;
  an old loan settled in February.
"""

from datetime import date
from decimal import Decimal

import pytest

from smallshop.domain.debts import with_schedule
from smallshop.domain.models import (
    Customer, Debt, DebtPurpose, Expense, ExpenseCategory, Frequency, Income, IncomeCategory, LineItem, Order,
    OrderStatus, OwnerDraw, PaymentMethod, Repayment,
)
from smallshop.domain.money import Money
from smallshop.domain.period import Month
from smallshop.domain.summary import compute_month_summary

D, S, IC, EC, PM = date, OrderStatus, IncomeCategory, ExpenseCategory, PaymentMethod


def som(x):
    return Money.som(x)


def _order(oid, customer, took, qty, price, status=S.NEW, delivered=None, cancelled=None):
    return Order(oid, customer, took, (LineItem("Шейшеп", Decimal(qty), som(price)),), status=status,
                 delivered_on=delivered, cancelled_on=cancelled)


def _debt(did, lender, principal, interest, start, first, count, purpose=DebtPurpose.HOUSEHOLD):
    return with_schedule(Debt(did, lender, som(principal), start, first, Frequency.MONTHLY, count, purpose,
                              interest=som(interest)))


BOOKS = dict(
    customers=[
        Customer("c1", "Айгүл", created_on=D(2026, 9, 15)),
        Customer("c2", "Бакыт", created_on=D(2026, 11, 3)),
        Customer("c3", "Чолпон"),
        Customer("c4", "Динара", created_on=D(2026, 11, 20)),
    ],
    orders=[
        _order("o1", "c1", D(2026, 10, 5), "1", 3000, S.DELIVERED, delivered=D(2026, 10, 25)),
        _order("o2", "c1", D(2026, 11, 2), "2", 1500, S.DELIVERED, delivered=D(2026, 11, 18)),
        _order("o3", "c2", D(2026, 11, 3), "1", 2500, S.IN_PROGRESS),
        _order("o4", "c3", D(2026, 10, 20), "1", 1000, S.CANCELLED, cancelled=D(2026, 11, 5)),
        _order("o5", "c3", D(2026, 10, 28), "1.5", 1000, S.READY),
        _order("o6", "c2", D(2026, 11, 10), "1", 2000, S.DELIVERED, delivered=D(2026, 11, 28)),
        _order("o7", "c1", D(2026, 9, 10), "1", 800, S.DELIVERED, delivered=D(2026, 12, 2)),
    ],
    incomes=[
        Income("i1", D(2026, 10, 5), som(1000), IC.ORDER_PAYMENT, PM.CASH, order_id="o1"),
        Income("i2", D(2026, 10, 25), som(2000), IC.ORDER_PAYMENT, PM.MOBILE, order_id="o1"),
        Income("i3", D(2026, 11, 2), som(1000), IC.ORDER_PAYMENT, PM.CASH, order_id="o2"),
        Income("i4", D(2026, 11, 25), som(1500), IC.ORDER_PAYMENT, PM.BANK, order_id="o2"),
        Income("i5", D(2026, 11, 3), som(500), IC.ORDER_PAYMENT, PM.MOBILE, order_id="o3"),
        Income("i6", D(2026, 10, 20), som(300), IC.ORDER_PAYMENT, PM.CASH, order_id="o4"),
        Income("i7", D(2026, 11, 12), som(700), IC.WALK_IN_SALE, PM.CASH),
        Income("i8", D(2026, 11, 30), som(200), IC.OTHER, PM.BANK),
        Income("i9", D(2026, 12, 1), som(900), IC.ORDER_PAYMENT, PM.CASH, order_id="o6"),
    ],
    expenses=[
        Expense("e1", D(2026, 11, 4), som(1200), EC.MATERIALS, order_id="o2"),
        Expense("e2", D(2026, 11, 15), som(3000), EC.RENT),
        Expense("e3", D(2026, 10, 10), som(800), EC.MATERIALS),
        Expense("e4", D(2026, 11, 30), som(150), EC.TRANSPORT, PM.MOBILE),
    ],
    draws=[OwnerDraw("w1", D(2026, 11, 20), som(1000)), OwnerDraw("w2", D(2026, 10, 31), som(500)),
           OwnerDraw("w3", D(2026, 12, 1), som(999))],
    debts=[
        _debt("d2", "Микрокредит", 20000, 2000, D(2026, 11, 5), D(2026, 12, 5), 10, DebtPurpose.BUSINESS),
        _debt("d1", "Эжем", 12000, 0, D(2026, 8, 1), D(2026, 8, 31), 6),
        _debt("d3", "Кошуна", 1000, 0, D(2026, 1, 1), D(2026, 2, 1), 1),
    ],
    repayments=[
        Repayment("r1", "d1", D(2026, 8, 31), som(2000)),
        Repayment("r2", "d1", D(2026, 9, 30), som(2000)),
        Repayment("r3", "d1", D(2026, 11, 10), som(2000)),
        Repayment("r4", "d3", D(2026, 2, 1), som(1000)),
    ],
)


@pytest.fixture(scope="module")
def november():
    """The summary of November 2026 over BOOKS."""
    return compute_month_summary(Month(2026, 11), **BOOKS)


def test_money_in_and_out(november):
    f = november.current
    assert f.month == Month(2026, 11)
    assert f.income == som(3900)
    assert f.income_by_category == {IC.ORDER_PAYMENT: som(3000), IC.WALK_IN_SALE: som(700), IC.OTHER: som(200)}
    assert f.income_by_method == {PM.CASH: som(1700), PM.MOBILE: som(500), PM.BANK: som(1700)}
    # income from sales leaves out the 200 of other income; o2 500 + o6 2000 unpaid at month end
    assert (f.sales_income, f.credit_sales) == (som(3700), som(2500))
    assert (f.income_received, f.refunds) == (som(3900), som(0))
    assert f.expenses == som(4350)
    assert f.expenses_by_category == {EC.MATERIALS: som(1200), EC.EQUIPMENT: som(0), EC.RENT: som(3000),
                                      EC.UTILITIES: som(0), EC.TRANSPORT: som(150), EC.WAGES: som(0),
                                      EC.OTHER: som(0)}
    assert f.profit == som(-450)
    assert f.owner_draws == som(1000)


def test_orders_and_customers(november):
    f = november.current
    assert (f.orders_taken, f.orders_delivered, f.orders_open) == (3, 2, 3)
    assert (f.new_customers, f.active_customers) == (2, 2)


def test_receivables_at_month_end(november):
    f = november.current
    # Бакыт's 500 deposit on o3 (not delivered) is an advance, not netted against o6
    assert f.receivables == som(2500)
    assert [(l.customer_name, l.amount, l.since) for l in f.receivable_lines] == [
        ("Бакыт", som(2000), D(2026, 11, 28)),
        ("Айгүл", som(500), D(2026, 11, 18)),
    ]
    assert f.advances == som(500)
    assert [(l.customer_name, l.amount) for l in f.advance_lines] == [("Бакыт", som(500))]


def test_a_deposit_is_an_advance_until_its_order_is_cancelled(november):
    # o4's 300 deposit (20 Oct) was held at the end of October; cancelled 5 Nov, it was kept
    assert [(l.customer_name, l.amount) for l in november.previous.advance_lines] == [("Чолпон", som(300))]
    assert november.previous.receivables == som(0)


def test_debts_of_the_month(november):
    f = november.current
    rows = [(d.lender, d.opening_balance, d.paid, d.new_borrowing, d.closing_balance, d.overdue, d.next_due_date,
             d.next_due_amount) for d in f.debts]
    assert rows == [
        ("Эжем", som(8000), som(2000), som(0), som(6000), som(2000), D(2026, 12, 31), som(2000)),
        ("Микрокредит", som(0), som(0), som(22000), som(22000), som(0), D(2026, 12, 5), som(2200)),
    ]
    assert (f.debt_paid, f.debt_new_borrowing, f.debt_outstanding, f.debt_overdue) == (
        som(2000), som(22000), som(28000), som(2000))
    assert f.debt_service_ratio == Decimal("0.5128")  # 2000 / 3900


def test_previous_month(november):
    p = november.previous
    assert p.month == Month(2026, 10)
    assert (p.income, p.expenses, p.profit, p.owner_draws) == (som(3300), som(800), som(2500), som(500))
    assert p.income_by_method == {PM.CASH: som(1300), PM.MOBILE: som(2000), PM.BANK: som(0)}
    assert p.credit_sales == som(0)
    assert (p.orders_taken, p.orders_delivered, p.orders_open) == (3, 1, 3)
    assert (p.new_customers, p.active_customers) == (1, 2)
    assert (p.receivables, p.receivable_lines) == (som(0), ())
    assert [(d.lender, d.opening_balance, d.closing_balance, d.overdue, d.next_due_date) for d in p.debts] == [
        ("Эжем", som(8000), som(8000), som(2000), D(2026, 11, 30))]
    assert p.debt_service_ratio == Decimal("0.0000")


def test_six_month_trend(november):
    assert [(t.month, t.income, t.expenses, t.profit) for t in november.trend] == [
        (Month(2026, 6), som(0), som(0), som(0)),
        (Month(2026, 7), som(0), som(0), som(0)),
        (Month(2026, 8), som(0), som(0), som(0)),
        (Month(2026, 9), som(0), som(0), som(0)),
        (Month(2026, 10), som(3300), som(800), som(2500)),
        (Month(2026, 11), som(3900), som(4350), som(-450)),
    ]


def test_a_quiet_month_long_after():
    f = compute_month_summary(Month(2030, 1), **BOOKS).current
    assert not f.has_activity
    assert (f.income, f.expenses, f.profit, f.debt_service_ratio) == (som(0), som(0), som(0), None)
    assert f.orders_open == 2  # o3 and o5 were never finished
    assert [(l.customer_id, l.amount) for l in f.receivable_lines] == [("c1", som(1300)), ("c2", som(1100))]
    assert [(l.customer_id, l.amount) for l in f.advance_lines] == [("c2", som(500))]  # o3's deposit
    assert [(d.lender, d.closing_balance, d.overdue, d.next_due_date) for d in f.debts] == [
        ("Эжем", som(6000), som(6000), None), ("Микрокредит", som(22000), som(22000), None)]


def test_nothing_at_all():
    summary = compute_month_summary(Month(2026, 1), customers=[], orders=[], incomes=[], expenses=[], draws=[],
                                    debts=[], repayments=[])
    f = summary.current
    assert f.income_by_category == dict.fromkeys(IC, som(0))
    assert f.income_by_method == dict.fromkeys(PM, som(0))
    assert f.expenses_by_category == dict.fromkeys(EC, som(0))
    assert (f.orders_taken, f.orders_open, f.receivable_lines, f.debts, f.debt_service_ratio) == (0, 0, (), (), None)
    assert summary.previous.month == Month(2025, 12)
    assert [t.month for t in summary.trend] == Month(2026, 1).back(6)


def test_generators_are_read_once_each():
    """Services may hand over generators straight from the store."""
    summary = compute_month_summary(Month(2026, 11), **{k: iter(v) for k, v in BOOKS.items()})
    assert summary == compute_month_summary(Month(2026, 11), **BOOKS)
