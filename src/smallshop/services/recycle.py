"""The recycle bin: deleted records wait here until the owner restores them or
empties the bin. Deleting is done by each record's service (customers.delete,
orders.delete, finance.delete, debts.delete, debts.delete_repayment), which
refuses to orphan linked records; restoring checks the links the other way round
(an order's customer must be back first) and the money rules (a restored payment
may not take an order past its total).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..domain import debts as debt_rules
from ..domain import orders as order_rules
from ..domain.access import Action
from ..domain.history import BinEntry, HistoryAction
from ..domain.models import Expense, Income, Order, Refund, Repayment
from ..domain.problems import DomainError
from .context import Context, refuse
from .orders import check_payment, on_order


class RecycleBinService:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    def items(self, actor: str | None = None) -> list[BinEntry]:
        """What is in the bin, most recently deleted first (owner only)."""
        self._ctx.allow(actor, Action.BIN_RESTORE)
        return sorted(self._ctx.store.bin.all(), key=lambda e: (e.deleted_at, e.id), reverse=True)

    def restore(self, record_id: str, actor: str | None, expected_version: int | None = None) -> Any:
        """Put a deleted record back where it was (owner only), with a history entry."""
        self._ctx.allow(actor, Action.BIN_RESTORE)
        entry = self._ctx.require(self._ctx.store.bin, record_id)
        self._ctx.check_version(entry, expected_version)
        with self._ctx.write(actor) as w:
            record = self._follow_order(entry.record)
            self._check_links(record)
            w.tx.delete(BinEntry, entry.id, expected_version=entry.audit.version)
            restored = replace(record, audit=self._ctx.changed(record.audit, actor))
            return w.put(restored, expected_version=0, action=HistoryAction.RESTORE)

    def empty(self, actor: str | None) -> int:
        """Delete everything in the bin for good (owner only); returns how many."""
        self._ctx.allow(actor, Action.BIN_EMPTY)
        with self._ctx.write(actor) as w:
            entries = self._ctx.store.bin.all()
            for entry in entries:
                w.tx.delete(BinEntry, entry.id)
                w.changed.append(("bin", entry.id))
        return len(entries)

    def _follow_order(self, record: Any) -> Any:
        """A payment or refund belongs to its order: if the order moved to another
        customer while the record was in the bin, it comes back under that customer
        (as OrderService.update moves the order's money with it)."""
        if not isinstance(record, (Income, Refund)) or not record.order_id:
            return record
        order = self._ctx.store.orders.get(record.order_id)
        if order is None or order.customer_id == record.customer_id:
            return record
        return replace(record, customer_id=order.customer_id)

    def _check_links(self, record: Any) -> None:
        store = self._ctx.store
        if isinstance(record, Order) and store.customers.get(record.customer_id) is None:
            raise refuse("", "sharing.bin.restore_customer_first")
        if isinstance(record, (Income, Expense, Refund)) and record.order_id and store.orders.get(record.order_id) is None:
            raise refuse("", "sharing.bin.restore_order_first")
        if isinstance(record, (Income, Refund)) and record.customer_id and store.customers.get(record.customer_id) is None:
            raise refuse("", "sharing.bin.restore_customer_first")
        order = store.orders.get(record.order_id) if isinstance(record, (Income, Refund)) and record.order_id else None
        if isinstance(record, Income) and order is not None:  # a missing order was refused above
            check_payment(store, order, record.amount, on=record.date)
        if isinstance(record, Refund) and order is not None:
            paid, refunds = on_order(store.incomes, order.id), on_order(store.refunds, order.id)
            account = order_rules.order_account(order, paid, (), refunds)
            if record.amount > account.refundable:
                raise refuse("", "services.refund.exceeds_money", available=account.refundable)
            available = order_rules.refundable_on(paid, refunds, record.date)
            if record.amount > available:
                raise refuse("", "services.refund.before_the_money", date=record.date, available=available)
        if isinstance(record, Repayment):
            debt = store.debts.get(record.debt_id)
            if debt is None:
                raise refuse("", "sharing.bin.restore_debt_first")
            repaid = store.repayments.where("debt_id", debt.id)
            problems = debt_rules.validate_repayment(debt, repaid, record.amount, on=record.date)
            if problems:
                raise DomainError(list(problems))
