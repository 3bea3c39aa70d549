"""Customers: find them, add and edit them, see their orders and what they owe.

The ledger and balance come from domain.ledger over the customer's orders and
payments; this module only gathers the records and saves validated forms.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from ..domain import books
from ..domain import ledger as ledger_rules
from ..domain.access import Action
from ..domain.models import Customer, Income, Order, Refund
from ..domain.money import Money
from ..domain.records import record_sort_key
from .context import Context, Page, page_of, refuse
from .forms import decimal_mark_of, read_customer_form, read_payment_form
from .order_index import newest_first_key


MISSING_NAME = "—"  # a row whose customer record is gone


class CustomerService:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    # --- reading -------------------------------------------------------------
    def search(self, text: str = "", offset: int = 0, limit: int = 50) -> Page[Customer]:
        """Customers whose name, phone, village or notes hold every word, by name."""
        words = (text or "").casefold().split()
        found = []
        for customer in self._ctx.store.customers.all():
            if words:
                haystack = " ".join(
                    (customer.name, customer.phone, customer.address, customer.notes)
                ).casefold()
                if not all(word in haystack for word in words):
                    continue
            found.append(customer)
        found.sort(key=lambda c: (c.name.casefold(), c.id))
        return page_of(found, offset, limit)

    def get(self, customer_id: str) -> Customer:
        return self._ctx.require(self._ctx.store.customers, customer_id)

    def names_of(self, customer_ids: Iterable[str | None]) -> dict[str, str]:
        """Customer id -> name for rows that name a customer (blank ids skipped; a
        customer who is gone shows as MISSING_NAME): the one way a row names its customer."""
        names: dict[str, str] = {}
        for customer_id in customer_ids:
            if customer_id and customer_id not in names:
                customer = self._ctx.store.customers.get(customer_id)
                names[customer_id] = customer.name if customer is not None else MISSING_NAME
        return names

    def orders_of(self, customer_id: str) -> list[Order]:
        """The customer's orders, newest first."""
        return sorted(self._ctx.store.orders.where("customer_id", customer_id), key=newest_first_key, reverse=True)

    def records_of(self, customer_id: str) -> tuple[list[Order], list[Income], list[Refund]]:
        """What can count for one customer, from the store's indexes (no scan): their
        orders, the payments and refunds naming them or on one of their orders
        (payments follow their order), and the orders those name. The domain's
        ledger and books give the same answer for this customer from these as from
        every record."""
        store = self._ctx.store
        orders = {o.id: o for o in store.orders.where("customer_id", customer_id)}
        incomes = {i.id: i for i in store.incomes.where("customer_id", customer_id)}
        refunds = {r.id: r for r in store.refunds.where("customer_id", customer_id)}
        for order_id in list(orders):
            incomes.update((i.id, i) for i in store.incomes.where("order_id", order_id))
            refunds.update((r.id, r) for r in store.refunds.where("order_id", order_id))
        linked: list[Income | Refund] = [*incomes.values(), *refunds.values()]
        for record in linked:
            if record.order_id is not None and record.order_id not in orders:
                other = store.orders.get(record.order_id)
                if other is not None:
                    orders[other.id] = other
        return (list(orders.values()), sorted(incomes.values(), key=record_sort_key),
                sorted(refunds.values(), key=record_sort_key))

    def ledger(self, customer_id: str) -> ledger_rules.CustomerLedger:
        """The customer's credit ledger (domain.ledger.CustomerLedger)."""
        self.get(customer_id)  # NotFoundError for an unknown customer
        return ledger_rules.customer_ledger(customer_id, *self.records_of(customer_id))

    def balance(self, customer_id: str) -> Money:
        """What the customer owes now less what the business holds for them
        (negative: they paid ahead, e.g. a deposit)."""
        return self.ledger(customer_id).balance

    def refundable(self, customer_id: str) -> Money:
        """Money paid on account (or overpaid) that no order of theirs needs: what a
        refund to the customer, without an order, may give back."""
        return self._refundable_on(customer_id, None)

    def _refundable_on(self, customer_id: str, day: date | None) -> Money:
        """The customer's free credit at the end of `day` (None: today or their last
        payment or refund, whichever is later)."""
        store = self._ctx.store
        if day is None:
            day = max([self._ctx.today(), *(i.date for i in store.incomes.where("customer_id", customer_id)),
                       *(r.date for r in store.refunds.where("customer_id", customer_id))])  # max(one date) fails
        position = books.position(*self.records_of(customer_id), day)
        return Money(position.credit.get(customer_id, 0))

    def refund(self, customer_id: str, form: Mapping[str, Any], actor: str | None, *,
               lang: str | None = None) -> Refund:
        """Give back money the customer paid on account (not on an order); a refund
        of an order's money goes through services.orders.refund."""
        self._ctx.allow(actor, Action.REFUND_CREATE)
        self.get(customer_id)
        fields = read_payment_form(form, default_date=self._ctx.today(), decimal_mark=decimal_mark_of(lang))
        with self._ctx.write(actor) as w:  # checked under the store lock
            if fields["date"] > self._ctx.today():
                raise refuse("date", "services.refund.future_date")
            available = self.refundable(customer_id)
            # and not before the money came in: the credit on its own date
            available = min(available, self._refundable_on(customer_id, fields["date"]))
            if not available.is_positive:
                raise refuse("amount", "services.refund.nothing_to_refund")
            if fields["amount"] > available:
                raise refuse("amount", "services.refund.exceeds_money", available=available)
            return w.put(Refund(id=self._ctx.new_id(), date=fields["date"], amount=fields["amount"],
                                method=fields["method"], customer_id=customer_id,
                                description=fields.get("description") or "", audit=self._ctx.created(actor)))

    # --- writing -------------------------------------------------------------
    def create(self, form: Mapping[str, Any], actor: str | None) -> Customer:
        self._ctx.allow(actor, Action.CUSTOMER_CREATE)
        fields = read_customer_form(form, default_created_on=self._ctx.today())
        customer = Customer(id=self._ctx.new_id(), audit=self._ctx.created(actor), **fields)
        with self._ctx.write(actor) as w:
            return w.put(customer)

    def update(
        self, customer_id: str, form: Mapping[str, Any], expected_version: int, actor: str | None
    ) -> Customer:
        self._ctx.allow(actor, Action.CUSTOMER_EDIT)
        current = self.get(customer_id)
        self._ctx.check_version(current, expected_version)
        fields = read_customer_form(form, default_created_on=current.created_on)
        changed = Customer(id=current.id, audit=self._ctx.changed(current.audit, actor), **fields)
        with self._ctx.write(actor) as w:
            return w.put(changed, expected_version=expected_version, before=current)

    def delete(self, customer_id: str, actor: str | None, expected_version: int | None = None) -> None:
        """Move a customer to the recycle bin (owner only). A customer with orders or
        payments is refused: delete those first (nothing is cascaded silently)."""
        self._ctx.allow(actor, Action.CUSTOMER_DELETE)
        current = self.get(customer_id)
        self._ctx.check_version(current, expected_version)
        store = self._ctx.store
        with self._ctx.write(actor) as w:  # checked under the store lock: no order sneaks in
            orders = len(store.orders.where("customer_id", customer_id))
            if orders:
                raise refuse("", "sharing.delete.customer_has_orders", count=orders)
            payments = len(store.incomes.where("customer_id", customer_id))
            payments += len(store.refunds.where("customer_id", customer_id))
            if payments:
                raise refuse("", "sharing.delete.customer_has_payments", count=payments)
            w.trash(current, expected_version=expected_version)
