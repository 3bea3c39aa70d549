"""Money in and out: income (order payments and walk-in sales), expenses by
category (optionally for one order), and the owner's draws for the household.

Draws are kept apart from expenses: they are not a cost of the business, so they
never lower its profit. Every write is one transaction, stamped with who and when.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any, TypeVar

from ..domain.access import Action
from ..domain.models import Expense, Income, IncomeCategory, OwnerDraw, Refund
from ..domain.money import Money
from ..domain.period import Month
from .context import Context, refuse
from .forms import decimal_mark_of, read_draw_form, read_expense_form, read_income_form
from .orders import check_payment, check_refunds_covered

_ACTIONS = {
    "income": (Action.INCOME_CREATE, Action.INCOME_EDIT, Action.INCOME_DELETE),
    "expense": (Action.EXPENSE_CREATE, Action.EXPENSE_EDIT, Action.EXPENSE_DELETE),
    "draw": (Action.DRAW_CREATE, Action.DRAW_EDIT, Action.DRAW_DELETE),
    "refund": (Action.REFUND_CREATE, Action.REFUND_DELETE, Action.REFUND_DELETE),  # no edit: delete, record again
}


class EntryKind(StrEnum):
    INCOME = "income"
    EXPENSE = "expense"
    DRAW = "draw"
    REFUND = "refund"


_CLASSES = {EntryKind.INCOME: Income, EntryKind.EXPENSE: Expense, EntryKind.DRAW: OwnerDraw, EntryKind.REFUND: Refund}
_KINDS = {cls: kind for kind, cls in _CLASSES.items()}
E = TypeVar("E", Income, Expense, OwnerDraw, Refund)  # a money entry: _update returns the kind it was given


@dataclass(frozen=True, slots=True)
class MonthEntries:
    """A month's money entries (oldest first) with their totals."""

    month: Month
    incomes: tuple[Income, ...]
    expenses: tuple[Expense, ...]
    draws: tuple[OwnerDraw, ...]
    income_total: Money  # received, before refunds
    expense_total: Money
    draw_total: Money
    refunds: tuple[Refund, ...] = ()
    refund_total: Money = Money(0)

    @property
    def profit(self) -> Money:
        """All income (received less refunds) less expenses: the month summary's profit."""
        return self.income_total - self.refund_total - self.expense_total


def _by_date(record: Any) -> tuple[Any, ...]:
    created = record.audit.created_at
    return (record.date, created.isoformat() if created else "", record.id)


class FinanceService:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    def _repository(self, kind: EntryKind | str) -> Any:
        store = self._ctx.store
        return {
            EntryKind.INCOME: store.incomes,
            EntryKind.EXPENSE: store.expenses,
            EntryKind.DRAW: store.draws,
            EntryKind.REFUND: store.refunds,
        }[EntryKind(kind)]

    # --- reading -------------------------------------------------------------
    def get(self, kind: EntryKind | str, entry_id: str) -> Any:
        return self._ctx.require(self._repository(kind), entry_id)

    def month_entries(self, month: Month) -> MonthEntries:
        store, first, last = self._ctx.store, month.first_day, month.last_day
        incomes = tuple(sorted(store.incomes.between(first, last), key=_by_date))
        expenses = tuple(sorted(store.expenses.between(first, last), key=_by_date))
        draws = tuple(sorted(store.draws.between(first, last), key=_by_date))
        refunds = tuple(sorted(store.refunds.between(first, last), key=_by_date))
        return MonthEntries(
            refunds=refunds,
            refund_total=Money.total(r.amount for r in refunds),
            month=month,
            incomes=incomes,
            expenses=expenses,
            draws=draws,
            income_total=Money.total(i.amount for i in incomes),
            expense_total=Money.total(e.amount for e in expenses),
            draw_total=Money.total(d.amount for d in draws),
        )

    # --- income ----------------------------------------------------------------
    def _income_fields(self, form: Mapping[str, Any], lang: str | None) -> dict[str, Any]:
        fields = read_income_form(form, default_date=self._ctx.today(), decimal_mark=decimal_mark_of(lang))
        order_id = fields["order_id"]
        if order_id:
            order = self._ctx.store.orders.get(order_id)
            if order is None:
                raise refuse("order_id", "services.order.unknown")
            fields["category"] = IncomeCategory.ORDER_PAYMENT
            fields["customer_id"] = order.customer_id
        elif fields["category"] is IncomeCategory.ORDER_PAYMENT:
            raise refuse("order_id", "services.order.required")
        if fields["customer_id"] and self._ctx.store.customers.get(fields["customer_id"]) is None:
            raise refuse("customer_id", "services.customer.unknown")
        return fields

    def _check_order_balance(self, fields: Mapping[str, Any], editing: str | None = None) -> None:
        """Inside the transaction (under the store lock): a payment never takes an
        order past its total, even when two members pay at the same moment."""
        order_id = fields["order_id"]
        if not order_id:
            return
        order = self._ctx.store.orders.get(order_id)
        if order is None:
            raise refuse("order_id", "services.order.unknown")
        check_payment(self._ctx.store, order, fields["amount"], on=fields["date"], editing=editing,
                      order_field="order_id")

    def _update(
        self, cls: type[E], entry_id: str, expected_version: int, actor: str | None,
        read_fields: Callable[[Any], dict[str, Any]], check: Callable[[dict[str, Any]], None] | None = None,
    ) -> E:
        """Replace an entry of class `cls` by `read_fields(current)`, refusing a stale
        version; `check(fields)` runs inside the transaction, under the store lock."""
        kind = _KINDS[cls]
        self._ctx.allow(actor, _ACTIONS[kind][1])
        current = self.get(kind, entry_id)
        assert isinstance(current, cls)  # the kind's repository holds the kind's records
        self._ctx.check_version(current, expected_version)
        fields = read_fields(current)
        changed = cls(id=current.id, audit=self._ctx.changed(current.audit, actor), **fields)
        with self._ctx.write(actor) as w:
            if check is not None:
                check(fields)
            return w.put(changed, expected_version=expected_version, before=current)

    def record_income(self, form: Mapping[str, Any], actor: str | None, *, lang: str | None = None) -> Income:
        """A walk-in sale or other income. A payment on an order has one entry point,
        `orders.record_payment`: a form naming an order is a programming error here."""
        if form.get("order_id"):
            raise ValueError("a payment on an order is recorded by services.orders.record_payment")
        self._ctx.allow(actor, Action.INCOME_CREATE)
        fields = self._income_fields(form, lang)
        income = Income(id=self._ctx.new_id(), audit=self._ctx.created(actor), **fields)
        with self._ctx.write(actor) as w:
            self._check_order_balance(fields)
            return w.put(income)

    def update_income(
        self, income_id: str, form: Mapping[str, Any], expected_version: int, actor: str | None,
        *, lang: str | None = None,
    ) -> Income:
        before = self.get(EntryKind.INCOME, income_id)

        def check(fields: dict[str, Any]) -> None:
            self._check_order_balance(fields, editing=income_id)
            staying = replace(before, **fields) if fields["order_id"] == before.order_id else None
            check_refunds_covered(self._ctx.store, before.order_id, without=income_id, staying=staying)

        return self._update(Income, income_id, expected_version, actor,
                            lambda _: self._income_fields(form, lang), check)

    # --- expenses --------------------------------------------------------------
    def _expense_fields(self, form: Mapping[str, Any], lang: str | None) -> dict[str, Any]:
        fields = read_expense_form(form, default_date=self._ctx.today(), decimal_mark=decimal_mark_of(lang))
        if fields["order_id"] and self._ctx.store.orders.get(fields["order_id"]) is None:
            raise refuse("order_id", "services.order.unknown")
        return fields

    def record_expense(self, form: Mapping[str, Any], actor: str | None, *, lang: str | None = None) -> Expense:
        """An expense by category; a material bought for one order names that order."""
        self._ctx.allow(actor, Action.EXPENSE_CREATE)
        expense = Expense(id=self._ctx.new_id(), audit=self._ctx.created(actor), **self._expense_fields(form, lang))
        with self._ctx.write(actor) as w:
            return w.put(expense)

    def update_expense(
        self, expense_id: str, form: Mapping[str, Any], expected_version: int, actor: str | None,
        *, lang: str | None = None,
    ) -> Expense:
        return self._update(Expense, expense_id, expected_version, actor,
                            lambda _: self._expense_fields(form, lang))

    # --- owner's draws ---------------------------------------------------------
    def record_draw(self, form: Mapping[str, Any], actor: str | None, *, lang: str | None = None) -> OwnerDraw:
        """Money the owner took home: recorded, but never counted as an expense. Owner only."""
        self._ctx.allow(actor, Action.DRAW_CREATE)
        fields = read_draw_form(form, default_date=self._ctx.today(), decimal_mark=decimal_mark_of(lang))
        draw = OwnerDraw(id=self._ctx.new_id(), audit=self._ctx.created(actor), **fields)
        with self._ctx.write(actor) as w:
            return w.put(draw)

    def update_draw(
        self, draw_id: str, form: Mapping[str, Any], expected_version: int, actor: str | None,
        *, lang: str | None = None,
    ) -> OwnerDraw:
        return self._update(
            OwnerDraw, draw_id, expected_version, actor,
            lambda current: read_draw_form(form, default_date=current.date, decimal_mark=decimal_mark_of(lang)),
        )

    # --- delete ----------------------------------------------------------------
    def delete(
        self, kind: EntryKind | str, entry_id: str, actor: str | None, expected_version: int | None = None
    ) -> None:
        """Move an income, expense, draw or refund to the recycle bin (owner only; the UI
        asks first). A payment whose order has refunds beyond its other payments is
        refused: delete the refund first, so an order never holds less than nothing."""
        self._ctx.allow(actor, _ACTIONS[EntryKind(kind).value][2])
        record = self.get(kind, entry_id)
        self._ctx.check_version(record, expected_version)
        store = self._ctx.store
        with self._ctx.write(actor) as w:
            if isinstance(record, Income):
                check_refunds_covered(store, record.order_id, without=record.id)
            w.trash(record, expected_version=expected_version)


__all__ = ["EntryKind", "FinanceService", "MonthEntries"]
