"""Family members saving at the same moment through one shared Services object:
no save is lost and versions stop a silent overwrite."""

from __future__ import annotations

import time

import pytest

from smallshop.domain.money import Money
from smallshop.domain.period import Month
from smallshop.domain.problems import DomainError
from smallshop.services import orders as order_service
from smallshop.storage.interfaces import ConflictError

THREADS, SAVES = 8, 40


def test_parallel_payments_are_all_kept(services, owner, together):
    def member(n: int) -> None:
        for i in range(SAVES):
            services.finance.record_income({"amount": f"{n + 1}", "date": "2026-11-10",
                                            "description": f"{n}-{i}"}, owner.id)
            services.orders.search("")  # readers interleave with writers

    _, errors = together(THREADS, member)
    assert errors == []
    entries = services.finance.month_entries(Month(2026, 11))
    assert len(entries.incomes) == THREADS * SAVES
    assert len({i.description for i in entries.incomes}) == THREADS * SAVES
    assert entries.income_total == Money.som(SAVES * sum(range(1, THREADS + 1)))


def test_two_members_editing_one_customer_second_gets_a_conflict(services, customer, owner):
    opened_by_a = services.customers.get(customer.id)
    opened_by_b = services.customers.get(customer.id)
    daughter = services.settings.add_member({"name": "Айпери", "role": "helper"}, owner.id)
    services.customers.update(customer.id, {"name": "Айгүл (A)"}, opened_by_a.audit.version, owner.id)
    with pytest.raises(ConflictError) as caught:
        services.customers.update(customer.id, {"name": "Айгүл (B)"}, opened_by_b.audit.version, daughter.id)
    assert caught.value.params["updated_by"] == owner.id
    assert caught.value.params["updated_by_name"] == "Гүлзат Ташиева"
    assert services.customers.get(customer.id).name == "Айгүл (A)"


def _slowed(monkeypatch, obj, name: str) -> None:
    """Make a read slow (5 ms), so a check made outside the store lock would race."""
    original = getattr(obj, name)

    def slow(*args, **kwargs):
        result = original(*args, **kwargs)
        time.sleep(0.005)
        return result

    monkeypatch.setattr(obj, name, slow)


def test_four_members_saving_25_payments_each_at_once_store_exactly_100(services, owner, customer, together):
    members = [owner] + [services.settings.add_member({"name": f"Кыз {n}", "role": "helper"}, owner.id)
                         for n in range(3)]
    order = services.orders.create({"customer_id": customer.id},
                                   [{"description": "Той кийими", "quantity": "1", "unit_price": "100000"}],
                                   owner.id)

    def pay(n: int) -> int:
        for i in range(25):
            services.orders.record_payment(order.id, {"amount": "10", "description": f"{n}-{i}"}, members[n].id)
        return n

    done, errors = together(4, pay)
    assert errors == [] and sorted(done) == [0, 1, 2, 3]
    payments = services.orders.payments_of(order.id)
    assert len(payments) == 100 and len({p.description for p in payments}) == 100
    assert services.orders.account(order.id).paid == Money.som(1000)
    entries = [e for e in services.store.history.all() if e.kind == "income"]
    assert len(entries) == 100
    assert {m.id: sum(1 for e in entries if e.actor == m.id) for m in members} == {m.id: 25 for m in members}


def test_two_members_paying_the_whole_balance_at_once_pay_it_once(services, owner, customer, monkeypatch, together):
    order = services.orders.create({"customer_id": customer.id},
                                   [{"description": "Көйнөк", "quantity": "1", "unit_price": "2000"}], owner.id)
    _slowed(monkeypatch, order_service, "check_payment")  # the balance check
    saved, errors = together(4, lambda n: services.orders.record_payment(order.id, {"amount": "2000"}, owner.id))
    assert len(saved) == 1 and len(errors) == 3
    assert all(isinstance(e, DomainError) and e.problems[0].key == "services.payment.exceeds_balance" for e in errors)
    assert services.orders.account(order.id).balance == Money.som(0)
    assert len(services.orders.payments_of(order.id)) == 1


def test_two_members_repaying_a_debt_at_once_never_overpay(services, owner, monkeypatch, together):
    debt = services.debts.create({"lender": "Эже", "principal": "3000", "first_due_date": "2026-12-01",
                                  "instalment_count": "3", "purpose": "business"}, owner.id)
    _slowed(monkeypatch, services.debts, "repayments_of")
    saved, errors = together(4, lambda n: services.debts.record_repayment(debt.id, {"amount": "2000"}, owner.id))
    assert len(saved) == 1 and len(errors) == 3 and all(isinstance(e, DomainError) for e in errors)
    assert sum(r.amount.tyiyn for r in services.debts.repayments_of(debt.id)) == Money.som(2000).tyiyn


def test_a_walk_in_payment_on_an_order_is_also_checked_under_the_lock(services, owner, customer, together):
    order = services.orders.create({"customer_id": customer.id},
                                   [{"description": "Шым", "quantity": "1", "unit_price": "900"}], owner.id)
    saved, errors = together(
        4, lambda n: services.orders.record_payment(order.id, {"amount": "900"}, owner.id))
    assert len(saved) == 1 and len(errors) == 3
    assert services.orders.account(order.id).balance == Money.som(0)
