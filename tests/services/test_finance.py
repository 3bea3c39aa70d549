"""Income, expenses and owner's draws through the service."""

from __future__ import annotations

import pytest

from smallshop.domain.models import ExpenseCategory, IncomeCategory, PaymentMethod
from smallshop.domain.money import Money
from smallshop.domain.period import Month
from smallshop.domain.problems import DomainError
from smallshop.services import EntryKind
from smallshop.storage.interfaces import ConflictError, NotFoundError

from .conftest import TODAY, count_all


@pytest.fixture
def order(services, customer, owner):
    """An order of 3000 som taken on 2026-11-05."""
    return services.orders.create(
        {"customer_id": customer.id, "order_date": "2026-11-05"},
        [{"description": "Кечки көйнөк", "quantity": "1", "unit_price": "3000"}],
        owner.id,
    )


def test_walk_in_sale_with_method_and_default_date(services, owner):
    sale = services.finance.record_income({"amount": "450", "method": "mobile", "description": "Алжапкыч"}, owner.id)
    assert sale.category is IncomeCategory.WALK_IN_SALE and sale.method is PaymentMethod.MOBILE
    assert sale.date == TODAY and sale.amount == Money.som(450) and sale.audit.created_by == owner.id


def test_income_for_an_order_is_an_order_payment_of_its_customer(services, order, owner):
    paid = services.orders.record_payment(order.id, {"amount": "1000", "category": "walk_in_sale"}, owner.id)
    assert paid.category is IncomeCategory.ORDER_PAYMENT and paid.customer_id == order.customer_id
    with pytest.raises(DomainError) as caught:
        services.orders.record_payment(order.id, {"amount": "2001"}, owner.id)
    assert caught.value.problems[0].key == "services.payment.exceeds_balance"
    # editing the payment itself may use its own share of the balance
    edited = services.finance.update_income(paid.id, {"amount": "3000", "order_id": order.id}, paid.audit.version, owner.id)
    assert services.orders.account(order.id).balance.is_zero and edited.amount == Money.som(3000)


def test_order_payment_without_an_order_is_refused(services, owner):
    with pytest.raises(DomainError) as caught:
        services.finance.record_income({"amount": "100", "category": "order_payment"}, owner.id)
    assert caught.value.problems[0].field == "order_id"


def test_expense_needs_a_category_and_may_name_an_order(services, order, owner):
    before = count_all(services)
    with pytest.raises(DomainError) as caught:
        services.finance.record_expense({"amount": "abc", "category": ""}, owner.id)
    assert {p.field for p in caught.value.problems} == {"amount", "category"}
    with pytest.raises(DomainError):
        services.finance.record_expense({"amount": "100", "category": "materials", "order_id": "ghost"}, owner.id)
    assert count_all(services) == before
    fabric = services.finance.record_expense(
        {"amount": "1 200", "category": "materials", "order_id": order.id, "description": "Атлас", "date": "06.11.2026"},
        owner.id,
    )
    assert fabric.category is ExpenseCategory.MATERIALS
    assert services.orders.account(order.id).expenses == Money.som(1200)
    assert services.orders.account(order.id).profit == Money.som(1800)


def test_draws_are_kept_apart_and_month_entries_total_each_kind(services, owner):
    services.finance.record_income({"amount": "500", "date": "2026-11-02"}, owner.id)
    services.finance.record_income({"amount": "700", "date": "2026-10-31"}, owner.id)
    services.finance.record_expense({"amount": "300", "category": "transport", "date": "2026-11-03"}, owner.id)
    services.finance.record_draw({"amount": "2 000", "description": "Үй чыгымына", "date": "2026-11-04"}, owner.id)
    entries = services.finance.month_entries(Month(2026, 11))
    assert (entries.income_total, entries.expense_total, entries.draw_total) == (
        Money.som(500), Money.som(300), Money.som(2000))
    assert entries.profit == Money.som(200)  # the draw is not an expense
    assert [i.amount for i in entries.incomes] == [Money.som(500)]


def test_edit_checks_the_version_and_delete_removes(services, owner):
    draw = services.finance.record_draw({"amount": "1000"}, owner.id)
    changed = services.finance.update_draw(draw.id, {"amount": "1500"}, draw.audit.version, "daughter")
    assert changed.amount == Money.som(1500) and changed.audit.updated_by == "daughter"
    with pytest.raises(ConflictError):
        services.finance.update_draw(draw.id, {"amount": "1"}, draw.audit.version, owner.id)
    expense = services.finance.record_expense({"amount": "100", "category": "other"}, owner.id)
    edited = services.finance.update_expense(expense.id, {"amount": "150", "category": "utilities"}, 1, owner.id)
    assert edited.category is ExpenseCategory.UTILITIES
    services.finance.delete("draw", draw.id, owner.id)
    services.finance.delete(EntryKind.EXPENSE, expense.id, owner.id, expected_version=edited.audit.version)
    with pytest.raises(NotFoundError):
        services.finance.get("draw", draw.id)
    assert services.finance.month_entries(Month(2026, 11)).expense_total.is_zero


def test_a_payment_on_an_order_has_one_entry_point(services, order, owner):
    """orders.record_payment; finance.record_income is for sales and other income."""
    with pytest.raises(ValueError):
        services.finance.record_income({"amount": "100", "order_id": order.id}, owner.id)
    assert services.orders.payments_of(order.id) == []


def test_money_crosses_the_service_boundary_as_money(services, order, owner):
    paid = services.orders.record_payment(order.id, {"amount": Money.som("1250.50")}, owner.id)
    assert paid.amount == Money.som("1250.50")
    for amount, key in ((Money(0), "error.amount.zero"), (Money(-100), "error.amount.negative")):
        with pytest.raises(DomainError) as caught:
            services.orders.record_payment(order.id, {"amount": amount}, owner.id)
        assert caught.value.problems[0].key == key


def test_money_has_no_truth_value_so_zero_is_never_taken_for_none():
    with pytest.raises(TypeError):
        bool(Money(0))
    with pytest.raises(TypeError):
        bool(Money.som(5))
