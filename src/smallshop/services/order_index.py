"""An in-memory search text per order, so searching 15,000 orders is a blink.

Each order's text is the lowercased customer name, item descriptions and notes.
Entries are keyed by the identity of the stored record objects: the store hands out
a new frozen object whenever a record is saved, so a changed order (or a renamed
customer) is noticed on the next search and only its text is rebuilt. This works
even when another session's Services wrote the change.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from threading import Lock
from typing import Any

from ..domain.models import Customer, Order, OrderStatus

_OLDEST = datetime.min


def _order_text(order: Order, customer: Customer | None) -> str:
    parts = [customer.name if customer else "", customer.phone if customer else ""]
    parts.extend(item.description for item in order.items)
    parts.append(order.notes)
    return "\n".join(parts).casefold()


def newest_first_key(order: Order) -> tuple[Any, ...]:
    created = order.audit.created_at or _OLDEST
    if created.tzinfo is not None:
        created = created.replace(tzinfo=None)
    return (order.order_date, created, order.id)


class OrderIndex:
    """Lowercased search text for every order, newest first, rebuilt only on change."""

    def __init__(self) -> None:
        self._lock = Lock()
        # order id -> (order object, customer object, text)
        self._entries: dict[str, tuple[Order, Customer | None, str]] = {}
        self._ordered: list[tuple[Order, str]] = []  # newest first

    def _refresh(self, orders: Iterable[Order], customers: dict[str, Customer]) -> None:
        entries = self._entries
        changed = False
        count = 0
        for order in orders:
            count += 1
            customer = customers.get(order.customer_id)
            entry = entries.get(order.id)
            if entry is None or entry[0] is not order or entry[1] is not customer:
                entries[order.id] = (order, customer, _order_text(order, customer))
                changed = True
        if count != len(entries):  # some orders were deleted
            alive = {order.id for order in orders}
            for gone in [key for key in entries if key not in alive]:
                del entries[gone]
            changed = True
        if changed or len(self._ordered) != len(entries):
            pairs = sorted(entries.values(), key=lambda e: newest_first_key(e[0]), reverse=True)
            self._ordered = [(order, text) for order, _, text in pairs]

    def search(
        self,
        orders: Iterable[Order],
        customers: Iterable[Customer],
        text: str = "",
        statuses: Iterable[OrderStatus | str] | None = None,
    ) -> list[Order]:
        """Orders whose text holds every word of `text`, in `statuses`, newest first."""
        words = text.casefold().split()
        wanted = {OrderStatus(s) for s in statuses} if statuses else None
        orders = orders if isinstance(orders, list) else list(orders)
        by_id = {c.id: c for c in customers}
        with self._lock:
            self._refresh(orders, by_id)
            ordered = self._ordered
        if not words:
            if wanted is None:
                return [order for order, _ in ordered]
            return [order for order, _ in ordered if order.status in wanted]
        if len(words) == 1:
            word = words[0]
            return [o for o, t in ordered if word in t and (wanted is None or o.status in wanted)]
        return [
            o for o, t in ordered
            if all(w in t for w in words) and (wanted is None or o.status in wanted)
        ]
