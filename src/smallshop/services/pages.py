"""What each screen shows, handed over as one frozen, typed value (a read model).

A screen asks once when the data changes (`ft.use_memo` on the app's data
version) and renders from the value: no service call, no lookup and no
`try/except` while rendering, and the type checker knows every field. Built from
the store's link indexes (an order's payments, refunds, expenses and history),
so an order page at ten years costs well under a millisecond.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..domain.history import HistoryEntry
from ..domain.models import Customer, Expense, Income, Order, Refund
from ..domain.orders import OrderAccount


@dataclass(frozen=True, slots=True)
class OrderPageModel:
    """The order page: the order, who it is for and who makes it, its money, and
    its changes (newest first); payments, refunds and expenses oldest first."""

    order: Order
    customer: Customer | None  # None only if the customer record is missing
    assignee_name: str  # "" when nobody is assigned (or the member is gone)
    account: OrderAccount
    payments: tuple[Income, ...]
    refunds: tuple[Refund, ...]
    expenses: tuple[Expense, ...]
    history: tuple[HistoryEntry, ...]
    member_names: Mapping[str, str]  # who made each change, by member id

    @property
    def customer_name(self) -> str:
        return self.customer.name if self.customer else ""
