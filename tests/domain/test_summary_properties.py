"""Property tests: the month summary's fast inline balances agree with the ledger's rules."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from smallshop.domain.ledger import customer_ledger, receivables
from smallshop.domain.models import Customer, Income, IncomeCategory, LineItem, Order, OrderStatus
from smallshop.domain.money import Money
from smallshop.domain.period import Month
from smallshop.domain.summary import compute_month_summary

START = date(2026, 8, 1)
CUSTOMERS = [Customer(f"c{i}", f"Кардар {i}") for i in range(4)]
days = st.integers(min_value=0, max_value=150).map(lambda n: START + timedelta(days=n))


@st.composite
def histories(draw):
    orders = []
    for n in range(draw(st.integers(min_value=0, max_value=12))):
        took = draw(days)
        status = draw(st.sampled_from(list(OrderStatus)))
        later = took + timedelta(days=draw(st.integers(min_value=0, max_value=40)))
        orders.append(Order(
            f"o{n}", draw(st.sampled_from(CUSTOMERS)).id, took,
            (LineItem("x", Decimal(draw(st.sampled_from(["1", "2", "1.5"]))), Money.som(draw(st.integers(1, 5000)))),),
            status=status,
            delivered_on=later if status is OrderStatus.DELIVERED else None,
            cancelled_on=later if status is OrderStatus.CANCELLED else None,
        ))
    incomes = []
    for n in range(draw(st.integers(min_value=0, max_value=15))):
        order = draw(st.sampled_from(orders)) if orders and draw(st.booleans()) else None
        incomes.append(Income(
            f"i{n}", draw(days), Money.som(draw(st.integers(1, 4000))),
            draw(st.sampled_from(list(IncomeCategory))),
            order_id=order.id if order else None,
            customer_id=draw(st.sampled_from([None] + [c.id for c in CUSTOMERS])),
        ))
    return orders, incomes


@settings(max_examples=150, deadline=None)
@given(histories(), st.sampled_from([Month(2026, 9), Month(2026, 10), Month(2026, 11)]))
def test_summary_receivables_follow_the_ledger(history, month):
    orders, incomes = history
    summary = compute_month_summary(month, customers=CUSTOMERS, orders=orders, incomes=incomes, expenses=[],
                                    draws=[], debts=[], repayments=[])
    for figures in (summary.current, summary.previous):
        end = figures.month.last_day
        assert figures.receivable_lines == receivables(orders, incomes, CUSTOMERS, end)
        owing = {c.id: customer_ledger(c.id, orders, incomes, as_of=end).owes for c in CUSTOMERS}
        assert {line.customer_id: line.amount for line in figures.receivable_lines} == {
            k: v for k, v in owing.items() if v.is_positive}
        assert figures.income == Money.total(i.amount for i in incomes if figures.month.contains(i.date))
        assert sum(figures.income_by_category.values(), Money(0)) == figures.income
        assert sum(figures.income_by_method.values(), Money(0)) == figures.income
