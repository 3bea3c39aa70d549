"""The order workflow and an order's money: what may happen to an order, and what it is worth.

An order moves new -> in progress -> ready -> delivered, may go back from ready
to in progress for rework, and may be cancelled until it is delivered.
Delivered and cancelled are final. Status changes return a new Order (records
are immutable) and stamp delivered_on / cancelled_on with the day passed in.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Iterable, Mapping

from .models import Expense, Income, Order, OrderStatus, Refund
from .money import ZERO, Money
from .problems import DomainError, Problem

S = OrderStatus

ALLOWED_TRANSITIONS: Mapping[OrderStatus, frozenset[OrderStatus]] = {
    S.NEW: frozenset({S.IN_PROGRESS, S.CANCELLED}),
    S.IN_PROGRESS: frozenset({S.READY, S.CANCELLED}),
    S.READY: frozenset({S.DELIVERED, S.IN_PROGRESS, S.CANCELLED}),  # ready -> in progress: rework
    S.DELIVERED: frozenset(),
    S.CANCELLED: frozenset(),
}
"""Which status an order may move to from each status; anything else is refused."""

OPEN_STATUSES = frozenset({S.NEW, S.IN_PROGRESS, S.READY})
FINAL_STATUSES = frozenset({S.DELIVERED, S.CANCELLED})


def can_change(current: OrderStatus, new: OrderStatus) -> bool:
    return new in ALLOWED_TRANSITIONS[current]


def next_statuses(order: Order) -> tuple[OrderStatus, ...]:
    """The statuses a screen may offer for this order, in workflow order."""
    return tuple(s for s in OrderStatus if s in ALLOWED_TRANSITIONS[order.status])


def change_status(order: Order, new_status: OrderStatus, on: date) -> Order:
    """The order moved to `new_status` on day `on`; DomainError if not allowed.

    Moving to DELIVERED sets delivered_on, to CANCELLED sets cancelled_on. A
    rework (ready -> in progress) keeps no delivery date.
    """
    new_status = OrderStatus(new_status)
    if not can_change(order.status, new_status):
        raise DomainError(
            Problem("status", "error.order.illegal_transition",
                    {"from_status": order.status, "to_status": new_status})
        )
    if on < order.order_date:
        raise DomainError(Problem("status", "error.order.status_before_order_date"))
    changes: dict[str, Any] = {"status": new_status}
    if new_status is S.DELIVERED:
        changes["delivered_on"] = on
    elif new_status is S.CANCELLED:
        changes["cancelled_on"] = on
    return replace(order, **changes)


def validate_order(order: Order) -> list[Problem]:
    """Everything wrong with an order as a whole (fields already parsed)."""
    problems: list[Problem] = []
    if not order.customer_id:
        problems.append(Problem("customer_id", "error.order.customer_required"))
    if not order.items:
        problems.append(Problem("items", "error.order.no_items"))
    for index, item in enumerate(order.items):
        if not item.description.strip():
            problems.append(Problem(f"items.{index}.description", "error.item.description_required"))
        if item.quantity <= 0:
            problems.append(Problem(f"items.{index}.quantity", "error.quantity.zero"))
        if item.unit_price.is_negative:
            problems.append(Problem(f"items.{index}.unit_price", "error.amount.negative"))
    if order.due_date is not None and order.due_date < order.order_date:
        problems.append(Problem("due_date", "error.order.due_before_order", {"order_date": order.order_date}))
    if order.delivered_on is not None and order.delivered_on < order.order_date:
        problems.append(Problem("delivered_on", "error.order.status_before_order_date"))
    if order.cancelled_on is not None and order.cancelled_on < order.order_date:
        problems.append(Problem("cancelled_on", "error.order.status_before_order_date"))
    return problems


# --- an order's money --------------------------------------------------------------
_ONE = Decimal(1)
_TOTALS: dict[int, tuple[tuple[Any, ...], int]] = {}  # id(order.items) -> (items, total tyiyn)
_TOTALS_LIMIT = 250_000


def order_total_tyiyn(order: Order) -> int:
    """order.total.tyiyn, computed without making Money objects: the summary
    adds up thousands of orders, and whole quantities (the usual case) need no
    Decimal rounding. Same half-up rounding per line as LineItem.total.

    Totals are remembered by the identity of the (immutable) items tuple, which
    the memo keeps alive so its id cannot be reused: when the store hands out
    the same records again, the dashboard's next summary skips the arithmetic.
    """
    items = order.items
    known = _TOTALS.get(id(items))
    if known is not None and known[0] is items:
        return known[1]
    total = 0
    for item in items:
        quantity = item.quantity
        price = item.unit_price.tyiyn
        whole = int(quantity)
        if whole == quantity:
            total += price * whole
        else:
            total += int((price * quantity).quantize(_ONE, rounding=ROUND_HALF_UP))
    if len(_TOTALS) >= _TOTALS_LIMIT:
        _TOTALS.clear()
    _TOTALS[id(items)] = (items, total)
    return total


@dataclass(frozen=True, slots=True)
class OrderAccount:
    """An order's money. `charge` is what the customer owes for it: the total,
    or zero once cancelled (a kept deposit then shows as `overpaid`)."""

    total: Money  # sum of line items
    charge: Money  # total, or ZERO for a cancelled order
    paid: Money  # deposits and payments against the order, less what was refunded on it
    refunded: Money  # refunds recorded against the order
    balance: Money  # still due: charge - paid, never below zero
    overpaid: Money  # paid beyond the charge (to refund or keep), never below zero
    refundable: Money  # what may be given back now: all its money until delivered, the overpaid part after
    expenses: Money  # expenses linked to the order (materials bought for it)
    profit: Money  # charge - expenses; for a cancelled order: paid - expenses

    @property
    def is_paid(self) -> bool:
        return self.balance.is_zero


def order_account(order: Order, incomes: Iterable[Income], expenses: Iterable[Expense] = (),
                  refunds: Iterable[Refund] = ()) -> OrderAccount:
    """The order's total, what was paid against it, what is still due, and its profit.

    `incomes`, `expenses` and `refunds` may be all records: only those linked to the
    order count. A refund on the order lowers what was paid on it.
    """
    refunded = Money(sum(r.amount.tyiyn for r in refunds if r.order_id == order.id))
    paid = Money(sum(i.amount.tyiyn for i in incomes if i.order_id == order.id)) - refunded
    spent = Money(sum(e.amount.tyiyn for e in expenses if e.order_id == order.id))
    total = order.total
    cancelled = order.status is S.CANCELLED
    charge = ZERO if cancelled else total
    return OrderAccount(
        total=total,
        charge=charge,
        paid=paid,
        refunded=refunded,
        balance=(charge - paid).max(ZERO),
        overpaid=(paid - charge).max(ZERO),
        refundable=(paid - total if order.status is S.DELIVERED else paid).max(ZERO),
        expenses=spent,
        profit=(paid if cancelled else charge) - spent,
    )


def is_open(order: Order) -> bool:
    return order.status in OPEN_STATUSES


def is_overdue(order: Order, today: date) -> bool:
    """Still open after its due date (due today is not overdue yet)."""
    return order.due_date is not None and order.status in OPEN_STATUSES and order.due_date < today


def is_due_soon(order: Order, today: date, days: int = 7) -> bool:
    """Open and due between today and `days` days from now (inclusive)."""
    return (
        order.due_date is not None
        and order.status in OPEN_STATUSES
        and today <= order.due_date <= today + timedelta(days=days)
    )


def first_uncovered_refund(incomes: Iterable[Income], refunds: Iterable[Refund]) -> Refund | None:
    """The earliest refund that gives back money not yet paid by its own date, or None.

    At every refund's date, what was refunded up to that day must not exceed what
    was paid up to that day: a refund dated before the deposit it returns would
    make the books hold less than nothing in between (a negative advance).
    Pass one order's (or one account's) records."""
    moves = sorted([(i.date, 0, i.amount.tyiyn, None) for i in incomes]
                   + [(r.date, 1, -r.amount.tyiyn, r) for r in refunds],
                   key=lambda move: (move[0], move[1]))  # a day's payments count before its refunds
    held = 0
    for _day, _kind, tyiyn, refund in moves:
        held += tyiyn
        if held < 0:
            return refund
    return None


def refundable_on(incomes: Iterable[Income], refunds: Iterable[Refund], day: date) -> Money:
    """The most a new refund dated `day` may give back so that every refund stays
    covered (see first_uncovered_refund): the least money held at the end of `day`
    or of any later day with a record. Pass one order's records."""
    incomes, refunds = list(incomes), list(refunds)
    days = sorted({day, *(r.date for r in refunds if r.date > day), *(i.date for i in incomes if i.date > day)})

    def held(on: date) -> int:
        return (sum(i.amount.tyiyn for i in incomes if i.date <= on)
                - sum(r.amount.tyiyn for r in refunds if r.date <= on))

    return Money(max(0, min(held(on) for on in days)))
