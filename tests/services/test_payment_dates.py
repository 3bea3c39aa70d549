"""Money on an order is never dated before the order was taken (issue 11 review),
as deliveries and cancellations already are not."""

from __future__ import annotations

from datetime import date

import pytest

from smallshop.domain.problems import DomainError

from .conftest import count_all

ITEMS = [{"description": "Чапан", "quantity": "1", "unit_price": "1000"}]


def _order(services, customer, actor, day):
    return services.orders.create({"customer_id": customer.id, "order_date": day}, ITEMS, actor)


def _refused(call) -> tuple[str, dict]:
    with pytest.raises(DomainError) as refused:
        call()
    return refused.value.problems[0].key, refused.value.problems[0].params


def test_a_payment_dated_before_its_order_is_refused(services, customer, owner):
    """Like a delivery or a cancellation, money on an order cannot come before the
    order was taken (it would show as an advance in a month the order did not exist)."""
    order = _order(services, customer, owner.id, "2026-11-10")
    before = count_all(services)
    key, params = _refused(lambda: services.orders.record_payment(order.id, {"amount": "100", "date": "2026-11-09"},
                                                                  owner.id))
    assert (key, params) == ("services.payment.before_order", {"order_date": date(2026, 11, 10)})
    form = {"amount": "100", "date": "2026-10-30", "method": "cash", "category": "order_payment", "order_id": order.id}
    key, _ = _refused(lambda: services.orders.create({"customer_id": customer.id, "order_date": "2026-11-10"}, ITEMS,
                                                     owner.id, deposit={"amount": "100", "date": "2026-11-01"}))
    assert key == "services.payment.before_order"
    assert count_all(services) == before
    paid = services.orders.record_payment(order.id, {"amount": "100", "date": "2026-11-10"}, owner.id)  # same day: fine
    key, _ = _refused(lambda: services.finance.update_income(paid.id, {**form, "date": "2026-11-09"},
                                                             paid.audit.version, owner.id))
    assert key == "services.payment.before_order"
    # and the order's date cannot move past its first payment afterwards
    key, params = _refused(lambda: services.orders.update(order.id, {"customer_id": customer.id,
                                                                     "order_date": "2026-11-11"},
                                                          ITEMS, order.audit.version, owner.id))
    assert (key, params) == ("services.order.date_after_payment", {"date": date(2026, 11, 10)})
    assert services.orders.get(order.id).order_date == date(2026, 11, 10)
