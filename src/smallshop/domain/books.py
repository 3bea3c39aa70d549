"""Where the business stands with its customers at the end of a day: who owes what
(receivables) and whose money it holds ahead of delivery (advances).

The one place these definitions live (domain/README.md, "Customer money"); the
month summary, the customer page, the debts screen and every report read them
from here. Every figure is computed from records by their own dates, so a month
that is over never changes because of something dated later:

  * an order is *delivered* at the end of day D when it is delivered on or before
    D, *cancelled* when cancelled on or before D, otherwise *open* (once taken);
  * the money on an order at D = its payments dated up to D minus its refunds
    dated up to D; the order's customer is the order's current customer, so
    payments follow their order when it is moved;
  * a delivered order owes its total minus its money (a *receivable*, aged from
    its own delivery day); money beyond the total is the customer's credit;
  * the money on an open order is an *advance* (a deposit): never netted
    against what the same customer owes for other orders;
  * a cancelled order holds no one's money: what was not refunded by the
    cancellation day was kept by the business (a refund after that lowers income
    only);
  * money paid on account (no order) minus refunds to the customer (no order) is
    credit too; credit pays the customer's unpaid orders, oldest delivery first,
    and what is left is an advance.

So for every customer balance = receivable - advance, and summed over customers
balances = receivables - advances.

DEFINITIONS below is the one wording of every figure the caseworker's report
footnotes (the English catalog's `report.definition.<figure>` must say exactly
this; tests/reports checks it, ky and ru translate it).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterable, Mapping

from .models import Income, IncomeCategory, Order, OrderStatus, Refund
from .money import ZERO, Money
from .orders import order_total_tyiyn
from .summary_types import AdvanceLine, ReceivableLine


@dataclass(frozen=True, slots=True)
class Position:
    """The business's customer money at the end of `as_of`."""

    as_of: date
    receivable_lines: tuple[ReceivableLine, ...]  # largest first
    advance_lines: tuple[AdvanceLine, ...]  # largest first
    balances: Mapping[str, int]  # customer id -> tyiyn: receivable - advance (non-zero only)
    order_due: Mapping[str, int]  # delivered order id -> tyiyn still unpaid on it (only those with some)
    credit: Mapping[str, int]  # customer id -> credit not used by their unpaid orders (advance beyond deposits)

    @property
    def receivables(self) -> Money:
        return Money.total(line.amount for line in self.receivable_lines)

    @property
    def advances(self) -> Money:
        return Money.total(line.amount for line in self.advance_lines)

    def receivable_of(self, customer_id: str) -> Money:
        return next((line.amount for line in self.receivable_lines if line.customer_id == customer_id), ZERO)

    def advance_of(self, customer_id: str) -> Money:
        return next((line.amount for line in self.advance_lines if line.customer_id == customer_id), ZERO)


class Books:
    """Orders, payments and refunds read once; positions at a few cut-off days.

    Feed every order before any income or refund (money needs its order's
    customer). Runs inside the month summary over ten years of records, so the
    feeding loops stay plain.
    """

    def __init__(self, cutoffs: Iterable[date]) -> None:
        self.cutoffs = tuple(sorted(set(cutoffs)))
        self._last = self.cutoffs[-1]
        self._several = len(self.cutoffs) > 1
        # order id -> (customer, delivered on, cancelled on, order); the days are None when it is not so
        self.orders: dict[str, tuple[str, date | None, date | None, Order]] = {}
        self.delivered: list[str] = []  # ids of orders delivered by the last cut-off (charged)
        self.money: dict[str, list[int]] = {}  # order id -> money per cut-off bin
        self.on_account: dict[str, list[int]] = {}  # customer id -> credit per cut-off bin

    def add_orders(self, orders: Iterable[Order]) -> None:
        facts, delivered, last = self.orders, self.delivered, self._last
        delivered_status, cancelled_status = OrderStatus.DELIVERED, OrderStatus.CANCELLED
        for order in orders:
            status = order.status
            on = cancelled_on = None
            if status is delivered_status:
                on = order.delivered_on or order.order_date
                if on <= last:
                    delivered.append(order.id)
            elif status is cancelled_status:
                cancelled_on = order.cancelled_on or order.order_date
            facts[order.id] = (order.customer_id, on, cancelled_on, order)

    def add_incomes(self, incomes: Iterable[Income]) -> None:
        on_account = IncomeCategory.ORDER_PAYMENT
        self._feed((i.date, i.amount.tyiyn, i.order_id, i.customer_id) for i in incomes
                   if i.order_id is not None or i.category is on_account)

    def add_refunds(self, refunds: Iterable[Refund]) -> None:
        self._feed((r.date, -r.amount.tyiyn, r.order_id, r.customer_id) for r in refunds)

    def _feed(self, moves: Iterable[tuple[date, int, str | None, str | None]]) -> None:
        """Money into its order's bins (or its customer's, paid on account), by cut-off.
        The loop of the month summary over every payment: kept plain and local."""
        cutoffs, last, orders, money, on_account = self.cutoffs, self._last, self.orders, self.money, self.on_account
        first, several, width = cutoffs[0], self._several, len(cutoffs)
        for on, tyiyn, order_id, customer_id in moves:
            if on > last:
                continue
            index = 0 if on <= first else (bisect_left(cutoffs, on) if several else 0)
            if order_id is not None and order_id in orders:
                bins = money.get(order_id)
                if bins is None:
                    bins = money[order_id] = [0] * width
            elif customer_id is not None:  # on account, or linked to an order no longer stored
                bins = on_account.get(customer_id)
                if bins is None:
                    bins = on_account[customer_id] = [0] * width
            else:
                continue
            bins[index] += tyiyn

    # --- reading ------------------------------------------------------------
    def position(self, as_of: date, names: Mapping[str, str]) -> Position:
        """Receivables and advances at the end of `as_of` (one of the cut-offs)."""
        return self.positions(names)[self.cutoffs.index(as_of)]

    def positions(self, names: Mapping[str, str]) -> list[Position]:
        """The position at every cut-off, oldest first, from one pass over the orders."""
        cutoffs, count = self.cutoffs, len(self.cutoffs)
        unpaid: list[defaultdict[str, list[tuple[date, int]]]] = [defaultdict(list) for _ in cutoffs]  # customer -> (delivered, due)
        credit: list[defaultdict[str, int]] = [defaultdict(int) for _ in cutoffs]
        deposits: list[defaultdict[str, int]] = [defaultdict(int) for _ in cutoffs]
        order_due: list[dict[str, int]] = [{} for _ in cutoffs]
        money, facts, zeros = self.money, self.orders, [0] * count
        # only delivered orders and orders holding money can owe or hold anything
        for order_id in self.delivered:
            customer, delivered, _, order = facts[order_id]
            assert delivered is not None  # self.delivered lists delivered orders only
            total = order_total_tyiyn(order)
            bins = money.get(order_id, zeros)
            held = 0
            for k in range(count):
                held += bins[k]
                if delivered <= cutoffs[k]:
                    due = total - held
                    if due > 0:  # most delivered orders are paid: nothing to note
                        order_due[k][order_id] = due
                        unpaid[k][customer].append((delivered, due))
                    elif due < 0:
                        credit[k][customer] -= due
                elif held:
                    deposits[k][customer] += held
        for order_id, bins in money.items():
            customer, delivered, cancelled, _ = facts[order_id]
            if delivered is not None and delivered <= self._last:
                continue  # counted above
            held = 0
            for k, cutoff in enumerate(cutoffs):
                held += bins[k]
                if held and (cancelled is None or cancelled > cutoff):
                    deposits[k][customer] += held
        for customer_id, bins in self.on_account.items():
            held = 0
            for k in range(count):
                held += bins[k]
                credit[k][customer_id] += held
        return [self._position(cutoffs[k], unpaid[k], credit[k], deposits[k], order_due[k], names)
                for k in range(count)]

    @staticmethod
    def _position(as_of: date, unpaid: Mapping[str, list[tuple[date, int]]], credit: Mapping[str, int],
                  deposits: Mapping[str, int], order_due: dict[str, int], names: Mapping[str, str]) -> Position:
        receivable_lines, advance_lines, balances, free = [], [], {}, {}
        for customer_id in {*unpaid, *credit, *deposits}:
            dues = sorted(unpaid.get(customer_id, ()))
            left = credit.get(customer_id, 0)
            since, owed, aged = None, 0, []
            for delivered, due in dues:
                used = min(max(left, 0), due)
                left -= used
                if due > used:
                    owed += due - used
                    aged.append((delivered, Money(due - used)))
                    since = delivered if since is None else since
            if left < 0:  # more refunded on account than paid: the customer owes it back
                aged.append((as_of, Money(-left)))
                owed, left = owed - left, 0
                since = since or as_of
            advance = left + deposits.get(customer_id, 0)
            name = names.get(customer_id, customer_id)
            if owed:
                receivable_lines.append(ReceivableLine(customer_id, name, Money(owed), since or as_of, tuple(aged)))
            if advance:
                advance_lines.append(AdvanceLine(customer_id, name, Money(advance)))
            if left:
                free[customer_id] = left
            if owed - advance:
                balances[customer_id] = owed - advance
        receivable_lines.sort(key=lambda line: (-line.amount.tyiyn, line.customer_name, line.customer_id))
        advance_lines.sort(key=lambda line: (-line.amount.tyiyn, line.customer_name, line.customer_id))
        return Position(as_of, tuple(receivable_lines), tuple(advance_lines), balances, order_due, free)


def position(orders: Iterable[Order], incomes: Iterable[Income], refunds: Iterable[Refund], as_of: date,
             names: Mapping[str, str] | None = None) -> Position:
    """The position at the end of `as_of` from all records (see the module's rules)."""
    books = Books([as_of])
    books.add_orders(orders)
    books.add_incomes(incomes)
    books.add_refunds(refunds)
    return books.position(as_of, names or {})


def order_money(order_id: str, incomes: Iterable[Income], refunds: Iterable[Refund],
                as_of: date | None = None) -> Money:
    """The money held on one order: payments minus refunds (up to `as_of`, or all)."""
    paid = sum(i.amount.tyiyn for i in incomes if i.order_id == order_id and (as_of is None or i.date <= as_of))
    back = sum(r.amount.tyiyn for r in refunds if r.order_id == order_id and (as_of is None or r.date <= as_of))
    return Money(paid - back)


# --- money customers have owed for long -----------------------------------------
LONG_OWED_DAYS = 90


@dataclass(frozen=True, slots=True)
class LongOwed:
    """Money owed on orders delivered more than `days` days before `as_of`."""

    days: int
    customers: int  # how many customers owe such money
    amount: Money
    ages: tuple[int, ...]  # per such customer: days since their oldest unpaid delivery, longest first


def owed_longer_than(lines: Iterable[ReceivableLine], as_of: date, days: int = LONG_OWED_DAYS) -> LongOwed:
    """What customers owe on deliveries older than `days` days at the end of `as_of`
    (a customer's newer unpaid orders are not counted in the amount)."""
    limit = as_of - timedelta(days=days)
    count, total, ages = 0, 0, []
    for line in lines:
        dues = line.dues or ((line.since, line.amount),)
        old = [(delivered, owed) for delivered, owed in dues if delivered < limit]
        if old:
            count += 1
            total += sum(owed.tyiyn for _, owed in old)
            ages.append((as_of - min(delivered for delivered, _ in old)).days)
    return LongOwed(days, count, Money(total), tuple(sorted(ages, reverse=True)))


# The report's footnotes, in English; the catalogs translate `report.definition.<key>`.
DEFINITIONS: dict[str, str] = {
    "cash_basis": "Cash basis: money counts on the day it is received or paid, not when the work is done.",
    "income": "All income: every payment received in the month (orders, walk-in sales, other), less refunds.",
    "sales_income": "Income from sales: order payments and walk-in sales, less refunds; other income left out.",
    "expenses": "Expenses: money paid for the business in the month (materials, equipment, rent, wages …).",
    "profit": "Profit: all income minus expenses. Money taken for the household is not an expense.",
    "owner_draws": "Taken for household needs: business money the family took home.",
    "cash_out": "Money out: expenses, money taken for the household and debt repayments of the month.",
    "receivables": "Customers owe: delivered orders not yet paid, at the end of the period.",
    "long_owed": "Owed over 90 days: the unpaid part of orders delivered more than 90 days before the end of the period.",
    "advances": "Advances: customers' money held for orders not yet delivered.",
    "debt_overdue": "Overdue: instalments whose due date has passed and that are not fully repaid.",
    "debt_service_ratio": "Debt repayments as a share of income: debt repaid in the month divided by all income.",
    "due_next_month": "Due next month: what is still to pay on instalments falling due in the next month.",
}
