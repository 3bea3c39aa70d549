"""The services read an order's or a customer's records from the store's link
indexes, not by scanning; on a year of the demo business, after orders moved to
other customers, payments moved to other orders and money paid on account, every
customer's ledger, balance and refundable money, and every order's account, are
what the domain computes from every record."""

from __future__ import annotations

from datetime import date, datetime, timezone

from smallshop.demo import generate
from smallshop.domain import books
from smallshop.domain import ledger as ledger_rules
from smallshop.domain import orders as order_rules
from smallshop.domain.models import Income, IncomeCategory
from smallshop.domain.money import Money
from smallshop.services import Services
from smallshop.storage.tinydb_store import open_store

TODAY = date(2026, 11, 28)


def _clock():
    return datetime(2026, 11, 28, 8, 0, tzinfo=timezone.utc)


def _check_against_a_scan(services, store):
    orders, incomes, refunds = store.orders.all(), store.incomes.all(), store.refunds.all()
    expenses = store.expenses.all()
    for customer in store.customers.all():
        want = ledger_rules.customer_ledger(customer.id, orders, incomes, refunds)
        assert services.customers.ledger(customer.id) == want, customer.id
        day = max([TODAY, *(i.date for i in incomes if i.customer_id == customer.id),
                   *(r.date for r in refunds if r.customer_id == customer.id)])
        credit = books.position(orders, incomes, refunds, day).credit.get(customer.id, 0)
        assert services.customers.refundable(customer.id) == Money(credit), customer.id
        assert {o.id for o in services.customers.orders_of(customer.id)} == {
            o.id for o in orders if o.customer_id == customer.id}
    for order in orders:
        mine = [i for i in incomes if i.order_id == order.id]
        want = order_rules.order_account(order, mine, [e for e in expenses if e.order_id == order.id],
                                         [r for r in refunds if r.order_id == order.id])
        assert services.orders.account(order.id) == want, order.id
        assert [p.id for p in services.orders.payments_of(order.id)] == [
            p.id for p in sorted(mine, key=lambda p: (p.date, p.audit.created_at.isoformat()
                                                       if p.audit.created_at else "", p.id))]


def test_indexed_reads_equal_the_domain_over_every_record(tmp_path):
    store = open_store(tmp_path / "data", clock=_clock, backups=False)
    services = Services(store, clock=_clock)
    try:
        store.bulk_load(generate(months=12, today=TODAY))
        _check_against_a_scan(services, store)  # the indexes are built now: what follows must keep them
        customers = sorted(store.customers.all(), key=lambda c: c.id)
        open_orders = [o for o in store.orders.all() if o.status.value in ("new", "in_progress")]
        paid = {i.order_id for i in store.incomes.all() if i.order_id}
        moved = next(o for o in open_orders if o.id in paid)  # its payments move with it
        other = next(c for c in customers if c.id != moved.customer_id)
        form = {"customer_id": other.id, "order_date": moved.order_date, "due_date": moved.due_date or "",
                "notes": moved.notes}
        items = [{"description": i.description, "quantity": str(i.quantity), "unit_price": i.unit_price}
                 for i in moved.items]
        services.orders.update(moved.id, form, items, moved.audit.version, actor=None)
        # money paid on account (an order payment naming the customer, no order; older data has it)
        store.put(Income(id="on-account", date=TODAY, amount=Money.som("700"), category=IncomeCategory.ORDER_PAYMENT,
                         customer_id=other.id))
        payment = next(i for i in store.incomes.all() if i.order_id in paid and i.order_id != moved.id
                       and store.orders.get(i.order_id) in open_orders and not store.refunds.where("order_id", i.order_id))
        target = next(o for o in open_orders if o.id != payment.order_id and o.order_date <= payment.date
                      and services.orders.account(o.id).balance >= payment.amount)
        services.finance.update_income(payment.id, {
            "amount": payment.amount, "date": payment.date, "category": "order_payment",
            "method": payment.method.value, "order_id": target.id}, payment.audit.version, actor=None)
        assert store.incomes.get(payment.id).order_id == target.id
        _check_against_a_scan(services, store)
    finally:
        services.close()
