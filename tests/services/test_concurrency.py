"""Family members saving at the same moment through one shared Services object:
no save is lost and versions stop a silent overwrite."""

from __future__ import annotations

import threading

import pytest

from smallshop.domain.money import Money
from smallshop.domain.period import Month
from smallshop.storage.interfaces import ConflictError

THREADS, SAVES = 8, 40


def test_parallel_payments_are_all_kept(services, owner):
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def member(n: int) -> None:
        try:
            start.wait()
            for i in range(SAVES):
                services.finance.record_income({"amount": f"{n + 1}", "date": "2026-11-10",
                                                "description": f"{n}-{i}"}, owner.id)
                services.orders.search("")  # readers interleave with writers
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=member, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
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
