"""Payments belong to their order, refunds give money back in their own month, and
advances stay apart from what customers owe (issue 11) — through the services, on a
real store."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from smallshop.domain.money import Money
from smallshop.domain.problems import DomainError
from smallshop.services.access import NotAllowedError

from .conftest import TODAY, count_all

som = Money.som
ITEMS = [{"description": "Чапан", "quantity": "1", "unit_price": "1000"}]


def _order(services, customer, actor, deposit="", day="2026-11-02"):
    return services.orders.create({"customer_id": customer.id, "order_date": day}, ITEMS, actor,
                                  deposit={"amount": deposit, "date": day} if deposit else None)


def _deliver(services, order, actor, on):
    for status in ("in_progress", "ready", "delivered"):
        order = services.orders.change_status(order.id, status, order.audit.version, actor, on)
    return order


def _balances_add_up(services, today=TODAY):
    board = services.reporting.dashboard(today)
    total = sum((services.customers.balance(c.id) for c in services.store.customers.all()), Money(0))
    assert total == board.receivables - board.advances
    return board


def test_moving_an_order_moves_its_money(services, customer, owner):
    other = services.customers.create({"name": "Бурул"}, owner.id)
    order = _order(services, customer, owner.id, deposit="600")
    services.orders.record_payment(order.id, {"amount": "100", "date": "2026-11-03"}, owner.id)
    order = services.orders.get(order.id)
    services.orders.update(order.id, {"customer_id": other.id, "order_date": "2026-11-02"}, ITEMS,
                           order.audit.version, owner.id)
    assert {i.customer_id for i in services.orders.payments_of(order.id)} == {other.id}
    # the money is counted once, for the new customer only (the issue: both showed -600)
    assert services.customers.balance(customer.id) == Money(0)
    assert services.customers.balance(other.id) == som(-700)
    board = _balances_add_up(services)
    assert board.advances == som(700) and board.receivables == Money(0)
    november = services.reporting.month_summary("2026-11")
    assert november.current.active_customers == 1  # the old customer has nothing in November any more
    # each moved payment's history says what changed and who did it
    for payment in services.orders.payments_of(order.id):
        [edit] = [h for h in services.history.history_of("income", payment.id) if h.action == "edit"]
        assert [(c.field, c.old, c.new) for c in edit.changes] == [("customer_id", customer.id, other.id)]
        assert edit.actor == owner.id


def test_advances_stay_apart_from_what_the_same_customer_owes(services, customer, owner):
    owed = _deliver(services, _order(services, customer, owner.id), owner.id, date(2026, 11, 5))
    _order(services, customer, owner.id, deposit="400", day="2026-11-06")
    board = _balances_add_up(services)
    assert (board.receivables, board.advances) == (som(1000), som(400))  # not netted to 600
    [line] = services.reporting.month_summary("2026-11").current.receivable_lines
    assert (line.amount, line.since) == (som(1000), owed.delivered_on)
    assert services.customers.ledger(customer.id).advance == som(400)


def test_cancelling_with_a_refund_gives_the_deposit_back_in_that_month(services, customer, owner, clock):
    order = _order(services, customer, owner.id, deposit="600", day="2026-10-20")
    cancelled = services.orders.change_status(order.id, "cancelled", order.audit.version, owner.id, TODAY,
                                              refund={"method": "mobile"})
    [refund] = services.orders.refunds_of(order.id)
    assert (refund.amount, refund.date, refund.method.value) == (som(600), TODAY, "mobile")
    assert cancelled.status.value == "cancelled"
    account = services.orders.account(order.id)
    assert (account.paid, account.refunded, account.refundable) == (Money(0), som(600), Money(0))
    november = services.reporting.month_summary("2026-11").current
    october = services.reporting.month_summary("2026-10").current
    assert (november.refunds, november.income) == (som(600), som(-600))  # November gave it back
    assert (october.income, october.advances) == (som(600), som(600))  # October is as it was
    _balances_add_up(services)


def test_cancelling_without_a_refund_keeps_the_money(services, customer, owner, clock):
    order = _order(services, customer, owner.id, deposit="600")
    services.orders.change_status(order.id, "cancelled", order.audit.version, owner.id, TODAY)
    assert services.orders.refunds_of(order.id) == []
    assert services.orders.account(order.id).refundable == som(600)  # may still be given back later
    assert services.customers.balance(customer.id) == Money(0)
    clock.moment += timedelta(days=1)  # given back the next day
    services.orders.refund(order.id, {"amount": "250", "date": "2026-11-21"}, owner.id)
    assert services.orders.account(order.id).refundable == som(350)


def test_a_refund_is_never_more_than_the_money_on_the_order(services, customer, owner):
    order = _order(services, customer, owner.id, deposit="600")
    before = count_all(services)
    with pytest.raises(DomainError) as refused:
        services.orders.refund(order.id, {"amount": "601"}, owner.id)
    assert refused.value.problems[0].key == "services.refund.exceeds_money"
    assert refused.value.problems[0].params == {"available": som(600)}
    paid = _deliver(services, _order(services, customer, owner.id), owner.id, TODAY)
    services.orders.record_payment(paid.id, {"amount": "1000"}, owner.id)
    with pytest.raises(DomainError) as refused:
        services.orders.refund(paid.id, {"amount": "10"}, owner.id)  # delivered and paid: nothing extra
    assert refused.value.problems[0].key == "services.refund.nothing_to_refund"
    assert count_all(services) == before + 2  # only the second order and its payment


def test_cutting_the_price_below_what_was_paid_is_refused(services, customer, owner):
    order = _order(services, customer, owner.id, deposit="800")
    cheaper = [{"description": "Чапан", "quantity": "1", "unit_price": "700"}]
    with pytest.raises(DomainError) as refused:
        services.orders.update(order.id, {"customer_id": customer.id, "order_date": "2026-11-02"}, cheaper,
                               order.audit.version, owner.id)
    assert refused.value.problems[0].key == "services.order.total_below_paid"
    assert services.orders.get(order.id).total == som(1000)  # nothing saved
    # give the difference back first, then the cut is accepted
    services.orders.refund(order.id, {"amount": "100"}, owner.id)
    services.orders.update(order.id, {"customer_id": customer.id, "order_date": "2026-11-02"}, cheaper,
                           order.audit.version, owner.id)
    account = services.orders.account(order.id)
    assert (account.total, account.paid, account.balance, account.overpaid) == (som(700), som(700), Money(0), Money(0))


def test_money_paid_on_account_can_be_given_back_up_to_what_no_order_needs(services, customer, owner):
    from smallshop.domain.models import Income, IncomeCategory

    with services.context.write(owner.id) as w:  # paid on account: an order payment naming no order
        w.put(Income(id="acct", date=date(2026, 11, 10), amount=som(500), category=IncomeCategory.ORDER_PAYMENT,
                     customer_id=customer.id, audit=services.context.created(owner.id)))
    _deliver(services, _order(services, customer, owner.id), owner.id, date(2026, 11, 12))
    assert services.customers.refundable(customer.id) == Money(0)  # the 500 pays the delivered order
    services.orders.record_payment(services.customers.orders_of(customer.id)[0].id, {"amount": "1000"}, owner.id)
    assert services.customers.refundable(customer.id) == som(500)
    services.customers.refund(customer.id, {"amount": "300"}, owner.id)
    with pytest.raises(DomainError) as refused:
        services.customers.refund(customer.id, {"amount": "201"}, owner.id)
    assert refused.value.problems[0].params == {"available": som(200)}
    assert services.reporting.month_summary("2026-11").current.refunds == som(300)
    _balances_add_up(services)


def test_a_payment_with_a_refund_on_its_order_cannot_be_deleted_first(services, customer, owner):
    order = _order(services, customer, owner.id, deposit="600")
    services.orders.refund(order.id, {"amount": "600"}, owner.id)
    [deposit] = services.orders.payments_of(order.id)
    with pytest.raises(DomainError) as refused:
        services.finance.delete("income", deposit.id, owner.id)
    assert refused.value.problems[0].key == "services.refund.delete_refund_first"
    [refund] = services.orders.refunds_of(order.id)
    services.finance.delete("refund", refund.id, owner.id)
    services.finance.delete("income", deposit.id, owner.id)
    assert {e.kind for e in services.bin.items(owner.id)} >= {"refund", "income"}


def test_a_helper_cannot_give_money_back(services, customer, owner):
    helper = services.settings.add_member({"name": "Айпери", "role": "helper"}, owner.id)
    order = _order(services, customer, owner.id, deposit="600")
    with pytest.raises(NotAllowedError):
        services.orders.refund(order.id, {"amount": "100"}, helper.id)
    with pytest.raises(NotAllowedError):
        services.orders.change_status(order.id, "cancelled", order.audit.version, helper.id, TODAY,
                                      refund={"amount": "600"})
    assert services.orders.get(order.id).status.value == "new"  # nothing saved half-way


def test_a_price_cut_below_what_was_paid_becomes_a_refund_when_the_owner_confirms(services, customer, owner):
    order = _order(services, customer, owner.id, deposit="800")
    cheaper = [{"description": "Чапан", "quantity": "1", "unit_price": "650"}]
    with pytest.raises(DomainError) as refused:
        services.orders.update(order.id, {"customer_id": customer.id, "order_date": "2026-11-02"}, cheaper,
                               order.audit.version, owner.id)
    assert refused.value.problems[0].params == {"paid": som(800), "total": som(650), "excess": som(150)}
    services.orders.update(order.id, {"customer_id": customer.id, "order_date": "2026-11-02"}, cheaper,
                           order.audit.version, owner.id, refund_excess={"method": "mobile"})
    [refund] = services.orders.refunds_of(order.id)
    assert (refund.amount, refund.method.value, refund.date) == (som(150), "mobile", TODAY)
    account = services.orders.account(order.id)
    assert (account.total, account.paid, account.overpaid) == (som(650), som(650), Money(0))
    assert services.reporting.month_summary("2026-11").current.refunds == som(150)


def test_a_helper_cannot_turn_a_price_cut_into_a_refund(services, customer, owner):
    helper = services.settings.add_member({"name": "Айпери", "role": "helper"}, owner.id)
    order = _order(services, customer, owner.id, deposit="800")
    cheaper = [{"description": "Чапан", "quantity": "1", "unit_price": "650"}]
    with pytest.raises(NotAllowedError):
        services.orders.update(order.id, {"customer_id": customer.id, "order_date": "2026-11-02"}, cheaper,
                               order.audit.version, helper.id, refund_excess={"method": "cash"})
    assert services.orders.get(order.id).total == som(1000) and services.orders.refunds_of(order.id) == []


def test_a_payment_cannot_be_edited_below_or_away_from_the_refunds_on_its_order(services, customer, owner):
    order = _order(services, customer, owner.id, deposit="600")
    other = _order(services, customer, owner.id)
    services.orders.refund(order.id, {"amount": "400"}, owner.id)
    [deposit] = services.orders.payments_of(order.id)
    form = {"amount": "300", "date": "2026-11-02", "order_id": order.id}
    with pytest.raises(DomainError) as refused:  # 300 paid, 400 given back: less than nothing
        services.finance.update_income(deposit.id, form, deposit.audit.version, owner.id)
    assert refused.value.problems[0].key == "services.refund.delete_refund_first"
    with pytest.raises(DomainError):  # moved to another order, it would leave -400 behind
        services.finance.update_income(deposit.id, {**form, "amount": "600", "order_id": other.id},
                                       deposit.audit.version, owner.id)
    services.finance.update_income(deposit.id, {**form, "amount": "450"}, deposit.audit.version, owner.id)
    assert services.orders.account(order.id).paid == som(50)


def test_a_customer_who_never_paid_has_nothing_to_give_back(services, customer, owner):
    """refundable() with no payments at all raised TypeError (max() of a single date)."""
    assert services.customers.refundable(customer.id) == Money(0)
    with pytest.raises(DomainError) as refused:
        services.customers.refund(customer.id, {"amount": "10"}, owner.id)
    assert refused.value.problems[0].key == "services.refund.nothing_to_refund"


def test_money_on_account_is_not_given_back_before_it_came_in_nor_after_today(services, customer, owner):
    from smallshop.domain.models import Income, IncomeCategory

    with services.context.write(owner.id) as w:  # 500 paid on account on 10.11, no order
        w.put(Income(id="acct", date=date(2026, 11, 10), amount=som(500), category=IncomeCategory.ORDER_PAYMENT,
                     customer_id=customer.id, audit=services.context.created(owner.id)))
    assert services.customers.refundable(customer.id) == som(500)
    with pytest.raises(DomainError) as refused:
        services.customers.refund(customer.id, {"amount": "500", "date": "2026-11-05"}, owner.id)
    assert refused.value.problems[0].key == "services.refund.nothing_to_refund"
    with pytest.raises(DomainError) as refused:
        services.customers.refund(customer.id, {"amount": "500", "date": "2026-11-21"}, owner.id)
    assert refused.value.problems[0].key == "services.refund.future_date"
    services.customers.refund(customer.id, {"amount": "500", "date": "2026-11-10"}, owner.id)
    assert services.reporting.month_summary("2026-11").current.advances == Money(0)
