"""The customer credit ledger: what each customer has been charged, has paid, and still owes.

Rules (also in domain/README.md):
  * a charge is a delivered order's total, dated on its delivery day - an order
    is owed once the customer has it;
  * a payment is an income linked to one of the customer's orders, or an order
    payment with the customer but no order (paid "on account"); walk-in sales
    are paid on the spot and never enter the ledger;
  * a deposit on an order not yet delivered is a prepayment: the balance may be
    negative (the customer is in credit) until the order is delivered;
  * a cancelled order is never charged, and the deposits paid on it leave the
    ledger (the business kept or returned them outside the order);
  * on one day charges come before payments, so paying on delivery shows the
    balance going up and back to zero.
Receivables are the positive balances; `since` is the delivery day of the oldest
delivered order not covered by payments (payments cover the oldest first).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Iterable

from .models import Customer, Income, IncomeCategory, Order, OrderStatus
from .money import ZERO, Money
from .orders import order_total_tyiyn
from .summary_types import ReceivableLine


class LedgerKind(StrEnum):
    CHARGE = "charge"
    PAYMENT = "payment"


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    date: date
    kind: LedgerKind
    order_id: str | None
    amount: Money  # always positive; the kind says which way it moves
    balance: Money  # running balance after this entry (negative = customer in credit)
    income_id: str | None = None


@dataclass(frozen=True, slots=True)
class CustomerLedger:
    customer_id: str
    entries: tuple[LedgerEntry, ...]  # oldest first
    charged: Money
    paid: Money
    balance: Money  # charged - paid: > 0 owes us, < 0 prepaid

    @property
    def owes(self) -> Money:
        return self.balance.max(ZERO)

    @property
    def prepaid(self) -> Money:
        return (-self.balance).max(ZERO)


class LedgerBook:
    """Charges and payments of every customer, indexed once (one pass over
    orders, one over incomes) so balances at several dates are cheap."""

    def __init__(self, orders: Iterable[Order], incomes: Iterable[Income]) -> None:
        # customer -> [(date, tyiyn, order_id)], kept in input order, sorted lazily
        self.charges: dict[str, list[tuple[date, int, str]]] = defaultdict(list)
        self.payments: dict[str, list[tuple[date, int, str | None, str]]] = defaultdict(list)
        owner: dict[str, str] = {}
        cancelled: set[str] = set()
        delivered = OrderStatus.DELIVERED
        for order in orders:
            if order.status is OrderStatus.CANCELLED:
                cancelled.add(order.id)
                continue
            owner[order.id] = order.customer_id
            if order.status is delivered:
                on = order.delivered_on or order.order_date
                self.charges[order.customer_id].append((on, order_total_tyiyn(order), order.id))
        on_account = IncomeCategory.ORDER_PAYMENT
        for income in incomes:
            order_id = income.order_id
            if order_id is not None:
                if order_id in cancelled:
                    continue
                customer = owner.get(order_id, income.customer_id)
            elif income.customer_id is not None and income.category is on_account:
                customer = income.customer_id
            else:
                continue
            if customer is not None:
                self.payments[customer].append((income.date, income.amount.tyiyn, order_id, income.id))

    def customer_ids(self) -> set[str]:
        return set(self.charges) | set(self.payments)

    def ledger(self, customer_id: str, as_of: date | None = None) -> CustomerLedger:
        rows = [(on, 0, order_id or "", tyiyn, order_id, None)
                for on, tyiyn, order_id in self.charges.get(customer_id, ())]
        rows += [(on, 1, income_id, tyiyn, order_id, income_id)
                 for on, tyiyn, order_id, income_id in self.payments.get(customer_id, ())]
        rows.sort(key=lambda r: r[:3])
        entries, balance, charged, paid = [], 0, 0, 0
        for on, kind, _, tyiyn, order_id, income_id in rows:
            if as_of is not None and on > as_of:
                break
            if kind == 0:
                balance += tyiyn
                charged += tyiyn
            else:
                balance -= tyiyn
                paid += tyiyn
            entries.append(LedgerEntry(on, LedgerKind.PAYMENT if kind else LedgerKind.CHARGE, order_id,
                                       Money(tyiyn), Money(balance), income_id))
        return CustomerLedger(customer_id, tuple(entries), Money(charged), Money(paid), Money(balance))

    def receivables(self, customers: Iterable[Customer], as_of: date) -> tuple[ReceivableLine, ...]:
        """Every customer owing money at the end of `as_of`, largest first."""
        names = {c.id: c.name for c in customers}
        lines = []
        for customer_id, charges in self.charges.items():
            charged = sum(t for on, t, _ in charges if on <= as_of)
            if not charged:
                continue
            paid = sum(t for on, t, _, _ in self.payments.get(customer_id, ()) if on <= as_of)
            if charged <= paid:
                continue
            covered, since = paid, as_of
            for on, tyiyn, _ in sorted(c for c in charges if c[0] <= as_of):
                if covered < tyiyn:
                    since = on
                    break
                covered -= tyiyn
            lines.append(ReceivableLine(customer_id, names.get(customer_id, customer_id), Money(charged - paid), since))
        lines.sort(key=lambda line: (-line.amount.tyiyn, line.customer_name, line.customer_id))
        return tuple(lines)


def customer_ledger(customer_id: str, orders: Iterable[Order], incomes: Iterable[Income], *,
                    as_of: date | None = None) -> CustomerLedger:
    """One customer's charges and payments with a running balance (all, or up to `as_of`)."""
    return LedgerBook(orders, incomes).ledger(customer_id, as_of)


def receivables(orders: Iterable[Order], incomes: Iterable[Income], customers: Iterable[Customer],
                as_of: date) -> tuple[ReceivableLine, ...]:
    """What customers owe at the end of `as_of`, largest first."""
    return LedgerBook(orders, incomes).receivables(customers, as_of)
