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

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Iterable, Mapping

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


def charge_day(order: Order) -> date | None:
    """The day a delivered order is charged to its customer; None when it is not charged."""
    if order.status is OrderStatus.DELIVERED:
        return order.delivered_on or order.order_date
    return None


def payer(income: Income, owner: dict[str, str], cancelled: set[str]) -> str | None:
    """Whose ledger an income is a payment in (None: in no ledger).

    `owner` maps the id of every order not cancelled to its customer."""
    order_id = income.order_id
    if order_id is not None:
        if order_id in cancelled:
            return None
        return owner.get(order_id, income.customer_id)
    if income.category is IncomeCategory.ORDER_PAYMENT:
        return income.customer_id
    return None


class LedgerBook:
    """Charges and payments of every customer, indexed once (one pass over
    orders, one over incomes); each customer's ledger is then cheap."""

    def __init__(self, orders: Iterable[Order], incomes: Iterable[Income]) -> None:
        self.charges: dict[str, list[tuple[date, int, str]]] = defaultdict(list)
        self.payments: dict[str, list[tuple[date, int, str | None, str]]] = defaultdict(list)
        owner: dict[str, str] = {}
        cancelled: set[str] = set()
        for order in orders:
            if order.status is OrderStatus.CANCELLED:
                cancelled.add(order.id)
                continue
            owner[order.id] = order.customer_id
            on = charge_day(order)
            if on is not None:
                self.charges[order.customer_id].append((on, order_total_tyiyn(order), order.id))
        for income in incomes:
            customer = payer(income, owner, cancelled)
            if customer is not None:
                self.payments[customer].append((income.date, income.amount.tyiyn, income.order_id, income.id))

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


class BalanceTally:
    """Every customer's balance at a few cut-off days, fed one record at a time.

    Feed every order (add_orders) before any income (add_incomes): an income
    needs its order's customer. The feeding loops repeat charge_day and payer
    inline because they run over tens of thousands of records. Used by receivables() and by the month summary,
    which feeds it from its own single pass over the records.
    """

    def __init__(self, cutoffs: Iterable[date]) -> None:
        self.cutoffs = tuple(sorted(set(cutoffs)))
        self._last = self.cutoffs[-1]
        self.owner: dict[str, str] = {}
        self.cancelled: set[str] = set()
        self.charges: dict[str, list[tuple[date, int]]] = defaultdict(list)
        self.net: dict[str, list[int]] = {}  # customer -> charges - payments in each cut-off's bin

    def add_orders(self, orders: Iterable[Order]) -> None:
        """Feed orders (all of them, before any income). Rules as in charge_day."""
        cutoffs, last, owner, cancelled, charges = self.cutoffs, self._last, self.owner, self.cancelled, self.charges
        net, empty = self.net, [0] * len(self.cutoffs)
        delivered, cancelled_status = OrderStatus.DELIVERED, OrderStatus.CANCELLED
        for order in orders:
            status = order.status
            if status is cancelled_status:
                cancelled.add(order.id)
                continue
            customer = order.customer_id
            owner[order.id] = customer
            if status is delivered:
                on = order.delivered_on or order.order_date
                if on <= last:
                    total = order_total_tyiyn(order)
                    charges[customer].append((on, total))
                    bins = net.get(customer)
                    if bins is None:
                        bins = net[customer] = empty.copy()
                    bins[bisect_left(cutoffs, on)] += total

    def add_incomes(self, incomes: Iterable[Income]) -> None:
        """Feed incomes, after every order. Rules as in payer."""
        cutoffs, last, owner, cancelled = self.cutoffs, self._last, self.owner, self.cancelled
        net, empty = self.net, [0] * len(self.cutoffs)
        on_account = IncomeCategory.ORDER_PAYMENT
        for income in incomes:
            on = income.date
            if on > last:
                continue
            order_id = income.order_id
            if order_id is not None:
                if order_id in cancelled:
                    continue
                customer = owner.get(order_id, income.customer_id)
            elif income.category is on_account:
                customer = income.customer_id
            else:
                continue
            if customer is not None:
                bins = net.get(customer)
                if bins is None:
                    bins = net[customer] = empty.copy()
                bins[bisect_left(cutoffs, on)] -= income.amount.tyiyn

    def receivables(self, customers: Iterable[Customer], as_of: date) -> tuple[ReceivableLine, ...]:
        """Every customer owing money at the end of `as_of` (a cut-off), largest first."""
        upto = self.cutoffs.index(as_of) + 1
        balances = {customer_id: sum(bins[:upto]) for customer_id, bins in self.net.items()}
        return receivable_lines(balances, self.charges, {c.id: c.name for c in customers}, as_of)


def receivable_lines(balances: Mapping[str, int], charges: Mapping[str, list[tuple[date, int]]],
                     names: Mapping[str, str], as_of: date) -> tuple[ReceivableLine, ...]:
    """Receivable lines from customers' balances (tyiyn) at the end of `as_of`
    and their charges (delivery day, tyiyn), largest first. `since` is the day
    of the oldest charge that payments (oldest first) have not covered."""
    lines = []
    for customer_id, balance in balances.items():
        if balance <= 0:
            continue
        dated = sorted(c for c in charges.get(customer_id, ()) if c[0] <= as_of)
        covered, since = sum(t for _, t in dated) - balance, as_of
        for on, tyiyn in dated:
            if covered < tyiyn:
                since = on
                break
            covered -= tyiyn
        lines.append(ReceivableLine(customer_id, names.get(customer_id, customer_id), Money(balance), since))
    lines.sort(key=lambda line: (-line.amount.tyiyn, line.customer_name, line.customer_id))
    return tuple(lines)


def customer_ledger(customer_id: str | Customer, orders: Iterable[Order], incomes: Iterable[Income], *,
                    as_of: date | None = None) -> CustomerLedger:
    """One customer's charges and payments with a running balance (all, or up to
    `as_of`). `customer_id` may also be the Customer itself."""
    if isinstance(customer_id, Customer):
        customer_id = customer_id.id
    return LedgerBook(orders, incomes).ledger(customer_id, as_of)


def receivables(orders: Iterable[Order], incomes: Iterable[Income], customers: Iterable[Customer],
                as_of: date) -> tuple[ReceivableLine, ...]:
    """What customers owe at the end of `as_of`, largest first.

    The three collections are told apart by the type of their records, so a
    caller that passes them in another order (customers first) still gets the
    right answer.
    """
    groups: dict[type, list] = {Order: [], Income: [], Customer: []}
    for collection in (orders, incomes, customers):
        items = list(collection)
        if items:
            if type(items[0]) not in groups:
                raise TypeError(f"receivables() takes orders, incomes and customers, not {type(items[0]).__name__}")
            groups[type(items[0])].extend(items)
    tally = BalanceTally([as_of])
    tally.add_orders(groups[Order])
    tally.add_incomes(groups[Income])
    return tally.receivables(groups[Customer], as_of)
