"""A refund never gives back money before it was paid (reviewer finding on issue 11):
at every refund's date the order's refunds up to that day stay within its payments
up to that day, refunds are not dated after today, and editing a payment cannot
break that afterwards. Otherwise the books show a negative advance in between."""

from __future__ import annotations

from datetime import date

import pytest

from smallshop.domain.money import Money
from smallshop.domain.problems import DomainError

from .conftest import TODAY, count_all

som = Money.som
ITEMS = [{"description": "Чапан", "quantity": "1", "unit_price": "1000"}]


def _order(services, customer, actor, deposit="", day="2026-11-10"):
    return services.orders.create({"customer_id": customer.id, "order_date": day}, ITEMS, actor,
                                  deposit={"amount": deposit, "date": day} if deposit else None)


def _refused(call) -> tuple[str, dict]:
    with pytest.raises(DomainError) as refused:
        call()
    return refused.value.problems[0].key, refused.value.problems[0].params


def _no_negative_advance(services):
    for day in (date(2026, 10, 31), date(2026, 11, 3), date(2026, 11, 5), date(2026, 11, 12), TODAY):
        for month in {f"{day:%Y-%m}", "2026-10"}:
            figures = services.reporting.month_summary(month, today=day).current
            assert figures.advances >= Money(0)
            assert all(line.amount.is_positive for line in figures.advance_lines)


def test_a_refund_dated_before_the_deposit_it_returns_is_refused(services, customer, owner):
    order = _order(services, customer, owner.id, deposit="600")  # deposit on 10.11
    before = count_all(services)
    key, params = _refused(lambda: services.orders.refund(order.id, {"amount": "600", "date": "2026-10-15"}, owner.id))
    assert (key, params) == ("services.refund.before_the_money", {"date": date(2026, 10, 15), "available": Money(0)})
    assert count_all(services) == before
    assert services.reporting.month_summary("2026-10", today=TODAY).current.income == Money(0)
    services.orders.refund(order.id, {"amount": "600", "date": "2026-11-10"}, owner.id)  # the same day is fine
    _no_negative_advance(services)


def test_a_refund_larger_than_what_was_paid_by_its_date_is_refused(services, customer, owner):
    order = _order(services, customer, owner.id, deposit="200", day="2026-11-01")
    services.orders.record_payment(order.id, {"amount": "800", "date": "2026-11-15"}, owner.id)
    key, params = _refused(lambda: services.orders.refund(order.id, {"amount": "1000", "date": "2026-11-05"}, owner.id))
    assert (key, params["available"]) == ("services.refund.before_the_money", som(200))
    # a later refund already gives back part of the money: an earlier one cannot take it again
    services.orders.refund(order.id, {"amount": "700", "date": "2026-11-16"}, owner.id)  # 300 left on the order
    key, params = _refused(lambda: services.orders.refund(order.id, {"amount": "250", "date": "2026-11-05"}, owner.id))
    assert (key, params["available"]) == ("services.refund.before_the_money", som(200))
    services.orders.refund(order.id, {"amount": "200", "date": "2026-11-05"}, owner.id)
    _no_negative_advance(services)


def test_a_refund_dated_after_today_is_refused(services, customer, owner):
    order = _order(services, customer, owner.id, deposit="600")
    key, _ = _refused(lambda: services.orders.refund(order.id, {"amount": "100", "date": "2026-11-21"}, owner.id))
    assert key == "services.refund.future_date"
    key, _ = _refused(lambda: services.orders.change_status(order.id, "cancelled", order.audit.version, owner.id,
                                                            TODAY, refund={"date": "2026-12-01"}))
    assert key == "services.refund.future_date"
    assert services.orders.get(order.id).status.value == "new"  # nothing saved half-way
    assert services.orders.refunds_of(order.id) == []


def test_cancelling_with_a_refund_before_the_deposit_is_refused(services, customer, owner):
    order = _order(services, customer, owner.id, deposit="600")
    key, _ = _refused(lambda: services.orders.change_status(order.id, "cancelled", order.audit.version, owner.id,
                                                            TODAY, refund={"date": "2026-11-09"}))
    assert key == "services.refund.before_the_money"
    assert services.orders.get(order.id).status.value == "new"


def test_a_price_cut_refund_dated_before_the_money_is_refused(services, customer, owner):
    order = _order(services, customer, owner.id, deposit="800")
    cheaper = [{"description": "Чапан", "quantity": "1", "unit_price": "650"}]
    key, _ = _refused(lambda: services.orders.update(
        order.id, {"customer_id": customer.id, "order_date": "2026-11-10"}, cheaper, order.audit.version, owner.id,
        refund_excess={"method": "cash", "date": "2026-11-01"}))
    assert key == "services.refund.before_the_money"
    assert services.orders.get(order.id).total == som(1000)


def test_a_payment_cannot_be_dated_after_the_refund_that_returned_it(services, customer, owner):
    order = _order(services, customer, owner.id, deposit="600", day="2026-11-02")
    services.orders.refund(order.id, {"amount": "600", "date": "2026-11-05"}, owner.id)
    [deposit] = services.orders.payments_of(order.id)
    form = {"amount": "600", "date": "2026-11-20", "method": "cash", "category": "order_payment", "order_id": order.id}
    key, _ = _refused(lambda: services.finance.update_income(deposit.id, form, deposit.audit.version, owner.id))
    assert key == "services.refund.delete_refund_first"
    assert services.orders.payments_of(order.id)[0].date == date(2026, 11, 2)
    # a date still before the refund is fine
    services.finance.update_income(deposit.id, {**form, "date": "2026-11-04"}, deposit.audit.version, owner.id)
    _no_negative_advance(services)


def test_a_refund_restored_from_the_bin_must_still_be_covered_on_its_date(services, customer, owner):
    order = _order(services, customer, owner.id, deposit="600", day="2026-11-02")
    services.orders.refund(order.id, {"amount": "600", "date": "2026-11-05"}, owner.id)
    [refund] = services.orders.refunds_of(order.id)
    [deposit] = services.orders.payments_of(order.id)
    services.finance.delete("refund", refund.id, owner.id)
    form = {"amount": "600", "date": "2026-11-12", "method": "cash", "category": "order_payment", "order_id": order.id}
    services.finance.update_income(deposit.id, form, deposit.audit.version, owner.id)
    key, _ = _refused(lambda: services.bin.restore(refund.id, owner.id))
    assert key == "services.refund.before_the_money"
    assert services.orders.refunds_of(order.id) == []


def _deliver(services, order, actor, on):
    for status in ("in_progress", "ready", "delivered"):
        order = services.orders.change_status(order.id, status, order.audit.version, actor, on)
    return order


def test_a_delivered_or_cancelled_order_cannot_be_repriced(services, customer, owner):
    """The books read an order's total at every cut-off: re-pricing a delivered order
    would rewrite its delivery month's receivables and credit sales."""
    delivered = _deliver(services, _order(services, customer, owner.id, day="2026-10-02"), owner.id, date(2026, 10, 10))
    october = services.reporting.month_summary("2026-10", today=TODAY).current
    dearer = [{"description": "Чапан", "quantity": "1", "unit_price": "1300"}]
    form = {"customer_id": customer.id, "order_date": "2026-10-02"}
    key, _ = _refused(lambda: services.orders.update(delivered.id, form, dearer, delivered.audit.version, owner.id))
    assert key == "services.order.items_locked_delivered"
    cheaper = [{"description": "Чапан", "quantity": "1", "unit_price": "500"}]
    key, _ = _refused(lambda: services.orders.update(delivered.id, form, cheaper, delivered.audit.version, owner.id,
                                                     refund_excess={"method": "cash", "date": "2026-11-20"}))
    assert key == "services.order.items_locked_delivered"
    after = services.reporting.month_summary("2026-10", today=TODAY).current
    assert (after.receivables, after.credit_sales) == (october.receivables, october.credit_sales) == (som(1000),) * 2
    # the same items (a note, say) may still be saved
    services.orders.update(delivered.id, {**form, "notes": "чоң"}, ITEMS, delivered.audit.version, owner.id)

    cancelled = _order(services, customer, owner.id)
    cancelled = services.orders.change_status(cancelled.id, "cancelled", cancelled.audit.version, owner.id, TODAY)
    key, _ = _refused(lambda: services.orders.update(cancelled.id, {"customer_id": customer.id,
                                                                    "order_date": "2026-11-10"},
                                                     dearer, cancelled.audit.version, owner.id))
    assert key == "services.order.items_locked_cancelled"
    assert services.orders.get(cancelled.id).total == som(1000)
