"""The recycle bin: delete moves there (gone from lists, searches and summaries),
the owner restores or empties it, and nothing is orphaned either way."""

from __future__ import annotations

import pytest

from smallshop.domain.history import HistoryAction
from smallshop.domain.money import Money
from smallshop.domain.period import Month
from smallshop.domain.problems import DomainError
from smallshop.i18n import get_translator
from smallshop.services.access import NotAllowedError
from smallshop.storage.interfaces import NotFoundError

from .conftest import TODAY

ITEMS = [{"description": "Төшөк", "quantity": "1", "unit_price": "2000"}]


@pytest.fixture
def helper(services, owner):
    return services.settings.add_member({"name": "Айпери", "role": "helper"}, owner.id)


def test_deleted_records_vanish_from_lists_searches_and_summaries(services, owner, customer):
    order = services.orders.create({"customer_id": customer.id, "order_date": "2026-11-10"}, ITEMS, owner.id)
    sale = services.finance.record_income({"amount": "700", "date": "2026-11-11"}, owner.id)
    cost = services.finance.record_expense({"amount": "300", "category": "rent", "date": "2026-11-11"}, owner.id)
    month = Month.of(TODAY)
    assert services.reporting.month_summary(month).current.income == Money.som(700)
    services.finance.delete("income", sale.id, owner.id, expected_version=sale.audit.version)
    services.finance.delete("expense", cost.id, owner.id)
    services.orders.delete(order.id, owner.id)
    figures = services.reporting.month_summary(month).current
    assert (figures.income, figures.expenses, figures.orders_taken) == (Money.som(0), Money.som(0), 0)
    assert services.orders.search("Төшөк").total == 0 and services.finance.month_entries(month).incomes == ()
    with pytest.raises(NotFoundError):
        services.orders.get(order.id)
    assert {e.id for e in services.bin.items(owner.id)} == {order.id, sale.id, cost.id}
    services.customers.delete(customer.id, owner.id)
    assert services.customers.search("Айгүл").total == 0
    assert [e.action for e in services.history.history_of("customer", customer.id)] == [
        HistoryAction.DELETE, HistoryAction.CREATE]


def test_restore_puts_the_record_back_with_its_history(services, owner, customer, clock):
    sale = services.finance.record_income({"amount": "700", "description": "жоолук"}, owner.id)
    services.finance.delete("income", sale.id, owner.id)
    entry = services.bin.items(owner.id)[0]
    assert (entry.kind, entry.deleted_by, entry.label, entry.record.amount) == (
        "income", owner.id, "жоолук", Money.som(700))
    restored = services.bin.restore(sale.id, owner.id)
    assert restored.amount == Money.som(700) and services.finance.get("income", sale.id) == restored
    assert services.bin.items(owner.id) == []
    assert [e.action for e in services.history.history_of("income", sale.id)] == [
        HistoryAction.RESTORE, HistoryAction.DELETE, HistoryAction.CREATE]
    # deleted again later: the bin holds it once more
    services.finance.delete("income", sale.id, owner.id)
    assert [e.id for e in services.bin.items(owner.id)] == [sale.id]


def test_a_customer_with_orders_is_refused_and_nothing_moves(services, owner, customer):
    services.orders.create({"customer_id": customer.id}, ITEMS, owner.id)
    with pytest.raises(DomainError) as caught:
        services.customers.delete(customer.id, owner.id)
    assert caught.value.problems[0].key == "sharing.delete.customer_has_orders"
    assert caught.value.problems[0].params == {"count": 1}
    assert "1" in get_translator("ky").problem(caught.value.problems[0])
    assert services.customers.get(customer.id) and services.bin.items(owner.id) == []


def test_an_order_with_payments_and_a_debt_with_repayments_are_refused(services, owner, customer):
    order = services.orders.create({"customer_id": customer.id}, ITEMS, owner.id, deposit={"amount": "500"})
    with pytest.raises(DomainError) as caught:
        services.orders.delete(order.id, owner.id)
    assert caught.value.problems[0].key == "sharing.delete.order_has_payments"
    debt = services.debts.create({"lender": "Эже", "principal": "1000", "first_due_date": "2026-12-01",
                                  "instalment_count": "2", "purpose": "household"}, owner.id)
    repayment = services.debts.record_repayment(debt.id, {"amount": "100"}, owner.id)
    with pytest.raises(DomainError):
        services.debts.delete(debt.id, owner.id)
    services.debts.delete_repayment(repayment.id, owner.id)
    services.debts.delete(debt.id, owner.id)
    assert services.debts.all() == []
    # a repayment cannot come back before its debt
    with pytest.raises(DomainError) as caught:
        services.bin.restore(repayment.id, owner.id)
    assert caught.value.problems[0].key == "sharing.bin.restore_debt_first"
    services.bin.restore(debt.id, owner.id)
    services.bin.restore(repayment.id, owner.id)
    assert [r.id for r in services.debts.repayments_of(debt.id)] == [repayment.id]


def test_an_order_comes_back_only_after_its_customer(services, owner, customer):
    order = services.orders.create({"customer_id": customer.id}, ITEMS, owner.id)
    services.orders.delete(order.id, owner.id)
    services.customers.delete(customer.id, owner.id)
    with pytest.raises(DomainError) as caught:
        services.bin.restore(order.id, owner.id)
    assert caught.value.problems[0].key == "sharing.bin.restore_customer_first"
    services.bin.restore(customer.id, owner.id)
    assert services.bin.restore(order.id, owner.id).customer_id == customer.id


def test_a_restored_payment_never_overpays_the_order(services, owner, customer):
    order = services.orders.create({"customer_id": customer.id}, ITEMS, owner.id)
    first = services.orders.record_payment(order.id, {"amount": "1500"}, owner.id)
    services.finance.delete("income", first.id, owner.id)
    services.orders.record_payment(order.id, {"amount": "2000"}, owner.id)  # paid in full meanwhile
    with pytest.raises(DomainError) as caught:
        services.bin.restore(first.id, owner.id)
    assert caught.value.problems[0].key == "services.payment.exceeds_balance"
    assert services.orders.account(order.id).balance == Money.som(0)


def test_only_the_owner_restores_or_empties(services, owner, helper, customer):
    sale = services.finance.record_income({"amount": "50"}, helper.id)
    with pytest.raises(NotAllowedError):
        services.finance.delete("income", sale.id, helper.id)
    services.finance.delete("income", sale.id, owner.id)
    with pytest.raises(NotAllowedError):
        services.bin.restore(sale.id, helper.id)
    with pytest.raises(NotAllowedError):
        services.bin.empty(helper.id)
    assert len(services.bin.items(owner.id)) == 1
    assert services.bin.empty(owner.id) == 1
    assert services.bin.items(owner.id) == [] and len(services.store.bin) == 0
    with pytest.raises(NotFoundError):
        services.bin.restore(sale.id, owner.id)
    # the history of the deleted record stays after emptying the bin
    assert [e.action for e in services.history.history_of("income", sale.id)] == [
        HistoryAction.DELETE, HistoryAction.CREATE]


def test_the_bin_and_the_history_survive_a_restart(data_dir, clock):
    """Read back from the files (not the memory of the process that wrote them)."""
    from smallshop.services import Services
    from smallshop.storage.tinydb_store import open_store

    first = Services(open_store(data_dir, clock=clock, backups=False), clock=clock)
    owner = first.members.setup_business("Цех", "Гүлзат", "1234")
    customer = first.customers.create({"name": "Айгүл"}, owner.id)
    order = first.orders.create({"customer_id": customer.id, "notes": "көк"},
                                [{"description": "Көйнөк", "quantity": "1,5", "unit_price": "1 250,50"}], owner.id)
    first.orders.delete(order.id, owner.id, order.audit.version)
    first.close()
    again = Services(open_store(data_dir, clock=clock, backups=False), clock=clock)
    try:
        entry = again.bin.items(owner.id)[0]
        assert entry.record == order and entry.deleted_by == owner.id
        assert again.bin.restore(order.id, owner.id).items == order.items
        assert [e.action for e in again.history.history_of("order", order.id)] == [
            HistoryAction.RESTORE, HistoryAction.DELETE, HistoryAction.CREATE]
        assert again.signin.sign_in(owner.id, "1234", clock()).member_id == owner.id
    finally:
        again.close()


def test_a_restored_payment_follows_its_order_to_the_new_customer(services, owner, customer):
    """Deleted, then its order moved to another customer, then restored: the payment
    names the order's customer now, so balances and 'active customers' stay right."""
    items = [{"description": "Чапан", "quantity": "1", "unit_price": "1000"}]
    other = services.customers.create({"name": "Бурул"}, owner.id)
    order = services.orders.create({"customer_id": customer.id, "order_date": "2026-11-02"}, items, owner.id,
                                   deposit={"amount": "300", "date": "2026-11-02"})
    [payment] = services.orders.payments_of(order.id)
    services.finance.delete("income", payment.id, owner.id)
    order = services.orders.get(order.id)
    services.orders.update(order.id, {"customer_id": other.id, "order_date": "2026-11-02"}, items,
                           order.audit.version, owner.id)
    services.bin.restore(payment.id, owner.id)
    [restored] = services.orders.payments_of(order.id)
    assert restored.customer_id == other.id
    assert (services.customers.balance(customer.id), services.customers.balance(other.id)) == (Money(0), -Money.som(300))
    services.customers.delete(customer.id, owner.id)  # nothing of theirs is left behind
