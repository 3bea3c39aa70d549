"""Customers through the service: create, find, edit, their orders and balance."""

from __future__ import annotations

import pytest

from smallshop.domain.money import Money
from smallshop.domain.problems import DomainError
from smallshop.storage.interfaces import ConflictError, NotFoundError

from .conftest import TODAY, count_all


def test_create_stamps_audit_id_and_cleans_the_form(services, owner, clock):
    made = services.customers.create({"name": "  Айгүл   Осмонова ", "phone": "+996 555 12 34 56"}, actor=owner.id)
    assert len(made.id) == 32 and int(made.id, 16) >= 0
    assert made.name == "Айгүл Осмонова"
    assert made.created_on == TODAY
    assert made.audit.created_by == owner.id and made.audit.updated_by == owner.id
    assert made.audit.created_at == clock() and made.audit.version == 1
    assert services.customers.get(made.id) == made


@pytest.mark.parametrize(
    "form, fields",
    [
        ({"name": ""}, {"name"}),
        ({"name": "x" * 10_000}, {"name"}),
        ({"name": "Ok", "phone": "abc"}, {"phone"}),
        ({"name": "", "phone": "12"}, {"name", "phone"}),
        ({"name": "Ok", "created_on": "31.02.2026"}, {"created_on"}),
    ],
)
def test_a_bad_form_names_every_problem_and_saves_nothing(services, owner, form, fields):
    before = count_all(services)
    with pytest.raises(DomainError) as caught:
        services.customers.create(form, actor=owner.id)
    assert {p.field for p in caught.value.problems} == fields
    assert count_all(services) == before


def test_update_keeps_the_creator_and_refuses_a_stale_version(services, customer, owner, clock):
    from datetime import timedelta

    clock.moment += timedelta(hours=2)
    edited = services.customers.update(
        customer.id, {"name": "Айгүл Осмонова", "phone": "0700 111 222"}, customer.audit.version, "daughter"
    )
    assert edited.phone == "0700 111 222"
    assert edited.audit.created_by == owner.id and edited.audit.updated_by == "daughter"
    assert edited.audit.updated_at == clock() and edited.audit.version == customer.audit.version + 1
    with pytest.raises(ConflictError):
        services.customers.update(customer.id, {"name": "Другое"}, customer.audit.version, owner.id)
    assert services.customers.get(customer.id).name == "Айгүл Осмонова"


def test_search_matches_every_word_in_name_phone_village_notes(services, owner, customer):
    services.customers.create({"name": "Ольга Иванова", "address": "Благовещенка"}, actor=owner.id)
    services.customers.create({"name": "Бурул Асанова", "address": "Кара-Дарыя"}, actor=owner.id)
    assert [c.name for c in services.customers.search("кара-дарыя").items] == ["Айгүл Осмонова", "Бурул Асанова"]
    assert [c.name for c in services.customers.search("ОЛЬГА").items] == ["Ольга Иванова"]
    assert [c.name for c in services.customers.search("123 айгүл").items] == ["Айгүл Осмонова"]
    page = services.customers.search("", offset=1, limit=1)
    assert page.total == 3 and [c.name for c in page.items] == ["Бурул Асанова"] and page.has_more


def test_unknown_customer_is_not_found(services):
    with pytest.raises(NotFoundError):
        services.customers.get("nope")


def test_orders_of_and_balance_follow_the_ledger(services, customer, owner):
    order = services.orders.create(
        {"customer_id": customer.id, "order_date": "2026-11-01", "due_date": "2026-11-10"},
        [{"description": "Төшөк жабдык", "quantity": "2", "unit_price": "1 500"}],
        owner.id,
        deposit={"amount": "1000"},
    )
    assert services.customers.orders_of(customer.id) == [order]
    assert services.customers.balance(customer.id) == Money.som(-1000)  # a deposit before delivery
    moved = order
    for status in ("in_progress", "ready", "delivered"):
        moved = services.orders.change_status(order.id, status, moved.audit.version, owner.id, TODAY)
    assert services.customers.balance(customer.id) == Money.som(2000)
    ledger = services.customers.ledger(customer.id)
    assert ledger.charged == Money.som(3000) and ledger.paid == Money.som(1000)


def test_a_row_names_its_customer_one_way(services, customer):
    """customers.names_of: the one helper for rows naming a customer; a customer who is
    gone is '—', a blank id is skipped."""
    from smallshop.services.customers import MISSING_NAME

    assert services.customers.names_of([customer.id, None, "", "gone", customer.id]) == {
        customer.id: customer.name, "gone": MISSING_NAME}
