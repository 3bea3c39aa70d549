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

from ..domain.models import Customer, Order, OrderStatus

_OLDEST = datetime.min


def _order_text(order: Order, customer: Customer | None) -> str:
    parts = [customer.name if customer else "", customer.phone if customer else ""]
    parts.extend(item.description for item in order.items)
    parts.append(order.notes)
    return "\n".join(parts).casefold()


def newest_first_key(order: Order) -> tuple:
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
        self._sorted: list[Order] = []
        self._sorted_stamp: tuple[int, int] = (-1, -1)
        self._changes = 0

    def _refresh(self, orders: Iterable[Order], customers: dict[str, Customer]) -> list[tuple[Order, str]]:
        entries = self._entries
        seen: list[tuple[Order, str]] = []
        ids = set()
        for order in orders:
            customer = customers.get(order.customer_id)
            entry = entries.get(order.id)
            if entry is None or entry[0] is not order or entry[1] is not customer:
                text = _order_text(order, customer)
                entries[order.id] = (order, customer, text)
                self._changes += 1
            else:
                text = entry[2]
            ids.add(order.id)
            seen.append((order, text))
        if len(entries) != len(ids):
            for gone in [key for key in entries if key not in ids]:
                del entries[gone]
            self._changes += 1
        return seen

    def search(
        self,
        orders: Iterable[Order],
        customers: Iterable[Customer],
        text: str = "",
        statuses: Iterable[OrderStatus] | None = None,
    ) -> list[Order]:
        """Orders whose text holds every word of `text`, in `statuses`, newest first."""
        words = text.casefold().split()
        wanted = {OrderStatus(s) for s in statuses} if statuses else None
        by_id = {c.id: c for c in customers}
        with self._lock:
            seen = self._refresh(orders, by_id)
            stamp = (self._changes, len(seen))
            if stamp != self._sorted_stamp:
                self._sorted = sorted((order for order, _ in seen), key=newest_first_key, reverse=True)
                self._sorted_stamp = stamp
            ordered = self._sorted
            if not words and wanted is None:
                return list(ordered)
            texts = {order.id: text for order, text in seen} if words else {}
        result = []
        for order in ordered:
            if wanted is not None and order.status not in wanted:
                continue
            if words:
                haystack = texts[order.id]
                if not all(word in haystack for word in words):
                    continue
            result.append(order)
        return result
