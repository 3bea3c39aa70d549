"""One customer's credit ledger: what they were charged, paid and got back, day by day.

The rules are domain.books' (what a customer owes and what the business holds for
them); this module lays one customer's records out as dated entries with a
running balance for the customer page:
  * a charge is a delivered order's total, dated on its delivery day;
  * a payment is an income linked to one of the customer's orders (payments
    follow their order, whoever the income names), or an order payment with the
    customer and no order (paid on account); walk-in sales never enter it;
  * a refund gives money back, on one of their orders or on account;
  * when an order is cancelled, the money still on it that day was kept by the
    business: a "kept" entry takes it out of the customer's balance;
  * on one day: charges, then payments, then refunds, then what was kept.
The final balance is books' receivable minus advance for the customer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, Iterable

from . import books
from .models import Customer, Income, IncomeCategory, Order, OrderStatus, Refund
from .money import ZERO, Money
from .orders import order_total_tyiyn
from .summary_types import ReceivableLine


class LedgerKind(StrEnum):
    CHARGE = "charge"
    PAYMENT = "payment"
    REFUND = "refund"
    KEPT = "kept"  # a cancelled order's money the business kept


_SIGN = {LedgerKind.CHARGE: 1, LedgerKind.PAYMENT: -1, LedgerKind.REFUND: 1, LedgerKind.KEPT: 1}
_RANK = {LedgerKind.CHARGE: 0, LedgerKind.PAYMENT: 1, LedgerKind.REFUND: 2, LedgerKind.KEPT: 3}


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    date: date
    kind: LedgerKind
    order_id: str | None
    amount: Money  # always positive; the kind says which way it moves
    balance: Money  # running balance after this entry (negative = customer in credit)
    income_id: str | None = None  # the income or refund behind a payment or refund entry


@dataclass(frozen=True, slots=True)
class CustomerLedger:
    customer_id: str
    entries: tuple[LedgerEntry, ...]  # oldest first
    charged: Money
    paid: Money  # payments, before refunds
    refunded: Money
    balance: Money  # receivable - advance: > 0 owes us, < 0 we hold their money
    receivable: Money  # unpaid delivered orders (books)
    advance: Money  # deposits on undelivered orders and unused credit (books)

    @property
    def owes(self) -> Money:
        return self.receivable

    @property
    def prepaid(self) -> Money:
        return self.advance


def charge_day(order: Order) -> date | None:
    """The day a delivered order is charged to its customer; None when it is not charged."""
    if order.status is OrderStatus.DELIVERED:
        return order.delivered_on or order.order_date
    return None


def customer_ledger(customer_id: str | Customer, orders: Iterable[Order], incomes: Iterable[Income],
                    refunds: Iterable[Refund] = (), *, as_of: date | None = None) -> CustomerLedger:
    """One customer's entries with a running balance (all, or up to `as_of`).

    `orders`, `incomes` and `refunds` may be all records: payments and refunds on an
    order count for the order's customer; those without a known order count for
    the customer they name."""
    if isinstance(customer_id, Customer):
        customer_id = customer_id.id
    orders, incomes, refunds = list(orders), list(incomes), list(refunds)
    by_id = {o.id: o for o in orders}
    mine = {o.id: o for o in orders if o.customer_id == customer_id}
    rows: list[tuple[date, LedgerKind, str | None, int, str | None]] = []
    held: dict[str, list[tuple[date, int]]] = {}

    def belongs(order_id: str | None, named: str | None) -> bool:
        return order_id in mine if order_id in by_id else named == customer_id

    for income in incomes:
        if income.order_id is None and income.category is not IncomeCategory.ORDER_PAYMENT:
            continue  # a walk-in sale or other income is paid on the spot
        if belongs(income.order_id, income.customer_id):
            rows.append((income.date, LedgerKind.PAYMENT, income.order_id, income.amount.tyiyn, income.id))
            held.setdefault(income.order_id or "", []).append((income.date, income.amount.tyiyn))
    for refund in refunds:
        if belongs(refund.order_id, refund.customer_id):
            rows.append((refund.date, LedgerKind.REFUND, refund.order_id, refund.amount.tyiyn, refund.id))
            held.setdefault(refund.order_id or "", []).append((refund.date, -refund.amount.tyiyn))
    for order in mine.values():
        on = charge_day(order)
        if on is not None:
            rows.append((on, LedgerKind.CHARGE, order.id, order_total_tyiyn(order), None))
        elif order.status is OrderStatus.CANCELLED:
            cancelled_on = order.cancelled_on or order.order_date
            money = held.get(order.id, ())
            kept = sum(t for d, t in money if d <= cancelled_on)
            # money moved on the order after it was cancelled is outside the ledger
            rows = [r for r in rows if not (r[2] == order.id and r[0] > cancelled_on)]
            if kept:
                rows.append((cancelled_on, LedgerKind.KEPT, order.id, kept, None))
    rows.sort(key=lambda r: (r[0], _RANK[r[1]], r[2] or "", r[4] or ""))
    entries, balance, totals = [], 0, dict.fromkeys(LedgerKind, 0)
    for on, kind, order_id, tyiyn, record_id in rows:
        if as_of is not None and on > as_of:
            break
        balance += _SIGN[kind] * tyiyn
        totals[kind] += tyiyn
        entries.append(LedgerEntry(on, kind, order_id, Money(tyiyn), Money(balance), record_id))
    day = as_of or max((r[0] for r in rows), default=date(1900, 1, 1))
    position = books.position(orders, incomes, refunds, day)
    return CustomerLedger(
        customer_id=customer_id,
        entries=tuple(entries),
        charged=Money(totals[LedgerKind.CHARGE]),
        paid=Money(totals[LedgerKind.PAYMENT]),
        refunded=Money(totals[LedgerKind.REFUND]),
        balance=Money(balance),
        receivable=position.receivable_of(customer_id),
        advance=position.advance_of(customer_id),
    )


def receivables(orders: Iterable[Order], incomes: Iterable[Income], customers: Iterable[Customer],
                as_of: date, refunds: Iterable[Refund] = ()) -> tuple[ReceivableLine, ...]:
    """What customers owe at the end of `as_of`, largest first (domain.books).

    The first three collections are told apart by the type of their records, so
    a caller that passes them in another order (customers first) still gets the
    right answer.
    """
    groups: dict[type, list[Any]] = {Order: [], Income: [], Customer: []}
    for collection in (orders, incomes, customers):
        items = list(collection)
        if items:
            if type(items[0]) not in groups:
                raise TypeError(f"receivables() takes orders, incomes and customers, not {type(items[0]).__name__}")
            groups[type(items[0])].extend(items)
    names = {c.id: c.name for c in groups[Customer]}
    return books.position(groups[Order], groups[Income], refunds, as_of, names).receivable_lines


__all__ = ["CustomerLedger", "LedgerEntry", "LedgerKind", "ZERO", "charge_day", "customer_ledger", "receivables"]
