"""Orders: take them (with line items and a deposit), edit them, move them through
their statuses, take payments against them, and find them fast.

Workflow rules (which status may follow which) and the order's account (total,
paid, balance, profit) are domain rules; this module validates the forms, writes
each change in one transaction and keeps the search index.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import Any, TypeVar

from ..domain import orders as order_rules
from ..domain.access import Action
from ..domain.history import HistoryAction
from ..domain.models import Expense, Income, IncomeCategory, Order, OrderStatus, Refund
from ..domain.money import Money
from ..domain.problems import DomainError, Problem
from ..domain.records import record_sort_key
from ..storage.interfaces import Repository
from .context import Context, Page, page_of, refuse
from .forms import decimal_mark_of, read_deposit_form, read_order_form, read_payment_form
from .history import history_of, member_names
from .order_index import OrderIndex
from .pages import OrderPageModel

R = TypeVar("R")  # a kind of record linked to an order

OPEN_STATUSES = order_rules.OPEN_STATUSES


class OrderService:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx
        self._index = OrderIndex()

    # --- reading -------------------------------------------------------------
    def search(
        self,
        text: str = "",
        statuses: Iterable[OrderStatus | str] | None = None,
        offset: int = 0,
        limit: int = 50,
    ) -> Page[Order]:
        """Orders matching every word (customer name or phone, items, notes), newest first."""
        store = self._ctx.store
        found = self._index.search(store.orders.all(), store.customers.all(), text or "", statuses)
        return page_of(found, offset, limit)

    def get(self, order_id: str) -> Order:
        return self._ctx.require(self._ctx.store.orders, order_id)

    def account(self, order_id: str) -> Any:
        """Total, paid, balance and profit of one order (domain.orders.OrderAccount)."""
        order = self.get(order_id)
        store = self._ctx.store
        return order_rules.order_account(order, on_order(store.incomes, order_id), on_order(store.expenses, order_id),
                                         self.refunds_of(order_id))

    def order_page(self, order_id: str) -> OrderPageModel | None:
        """Everything the order page shows, in one frozen value (read under the
        store lock, so no save lands half-way through); None once the order is gone
        (deleted here or by another family member while the page was open)."""
        store = self._ctx.store
        with self._ctx.reading():
            order = store.orders.get(order_id) if order_id else None
            if order is None:
                return None
            payments = tuple(self.payments_of(order_id))
            refunds = tuple(self.refunds_of(order_id))
            expenses = tuple(sorted(on_order(store.expenses, order_id), key=record_sort_key))
            assignee = store.members.get(order.assignee_id) if order.assignee_id else None
            return OrderPageModel(
                order=order,
                customer=store.customers.get(order.customer_id),
                assignee_name=assignee.name if assignee else "",
                account=order_rules.order_account(order, payments, expenses, refunds),
                payments=payments,
                refunds=refunds,
                expenses=expenses,
                history=tuple(history_of(store, "order", order_id)),
                member_names=member_names(store),
            )

    def refunds_of(self, order_id: str) -> list[Refund]:
        """Money given back on one order, oldest first."""
        return sorted(on_order(self._ctx.store.refunds, order_id), key=record_sort_key)

    def payments_of(self, order_id: str) -> list[Income]:
        """Deposits and payments on one order, oldest first."""
        return sorted(on_order(self._ctx.store.incomes, order_id), key=record_sort_key)

    def expenses_of(self, order_id: str) -> list[Expense]:
        """Expenses bought for one order (fabric, thread...), oldest first."""
        self.get(order_id)  # NotFoundError for an unknown order
        return sorted(on_order(self._ctx.store.expenses, order_id), key=record_sort_key)

    def _open(self) -> list[Order]:
        return [o for o in self._ctx.store.orders.all() if o.status in OPEN_STATUSES and o.due_date]

    def due_today(self, today: date) -> list[Order]:
        """Open orders due today."""
        return sorted((o for o in self._open() if o.due_date == today), key=_by_due)

    def due_this_week(self, today: date) -> list[Order]:
        """Open orders due in the 7 days after today (today's are in due_today)."""
        end = today + timedelta(days=7)
        return sorted((o for o in self._open() if o.due_date is not None and today < o.due_date <= end), key=_by_due)

    def overdue(self, today: date) -> list[Order]:
        """Open orders whose due date has passed, most overdue first."""
        return sorted((o for o in self._open() if o.due_date is not None and o.due_date < today), key=_by_due)

    # --- writing -------------------------------------------------------------
    def create(
        self,
        form: Mapping[str, Any],
        items: Sequence[Mapping[str, Any]],
        actor: str | None,
        deposit: Mapping[str, Any] | None = None,
        *,
        lang: str | None = None,
    ) -> Order:
        """A new order, and its deposit (if any) as an order payment, in one transaction.
        `lang` (ky/ru/en) settles the decimal mark of typed amounts."""
        self._ctx.allow(actor, Action.ORDER_CREATE)
        mark = decimal_mark_of(lang)
        problems: list[Problem] = []
        fields: dict[str, Any] | None = None
        deposit_fields: dict[str, Any] | None = None
        try:
            fields = read_order_form(form, items, default_order_date=self._ctx.today(), decimal_mark=mark)
        except DomainError as error:
            problems += error.problems
        try:  # the deposit's problems come with the order's, all at once
            order_date = fields["order_date"] if fields else self._ctx.today()
            deposit_fields = (
                read_deposit_form(deposit, default_date=order_date, decimal_mark=mark) if deposit else None
            )
        except DomainError as error:
            problems += error.problems
        if problems or fields is None:  # no problems: the form was read
            raise DomainError(problems)
        self._check_links(fields)
        order = Order(id=self._ctx.new_id(), audit=self._ctx.created(actor), **fields)
        _raise_problems(order_rules.validate_order(order))
        if deposit_fields is not None and deposit_fields["date"] < order.order_date:
            raise refuse("deposit.date", "services.payment.before_order", order_date=order.order_date)
        if deposit_fields is not None and deposit_fields["amount"] > order.total:
            raise refuse("deposit.amount", "services.payment.exceeds_balance", balance=order.total)
        with self._ctx.write(actor) as w:
            saved = w.put(order)
            if deposit_fields is not None:
                w.put(self._payment(saved, deposit_fields, actor, "deposit"))
        return saved

    def update(
        self,
        order_id: str,
        form: Mapping[str, Any],
        items: Sequence[Mapping[str, Any]],
        expected_version: int,
        actor: str | None,
        *,
        lang: str | None = None,
        refund_excess: Mapping[str, Any] | None = None,
    ) -> Order:
        """Edit an order's customer, dates, items, assignee or notes (not its status).

        A new total below the money already paid on the order is refused — unless the
        owner confirmed giving the difference back: `refund_excess` (a refund form:
        method, date, description) records that refund in the same transaction."""
        self._ctx.allow(actor, Action.ORDER_EDIT)
        if refund_excess is not None:
            self._ctx.allow(actor, Action.REFUND_CREATE)
        current = self.get(order_id)
        self._ctx.check_version(current, expected_version)
        fields = read_order_form(form, items, default_order_date=current.order_date,
                                 decimal_mark=decimal_mark_of(lang))
        self._check_links(fields)
        changed = Order(
            id=current.id,
            status=current.status,
            delivered_on=current.delivered_on,
            cancelled_on=current.cancelled_on,
            audit=self._ctx.changed(current.audit, actor),
            **fields,
        )
        _raise_problems(order_rules.validate_order(changed))
        if current.status in order_rules.FINAL_STATUSES and changed.items != current.items:
            # the books read an order's total at every cut-off: re-pricing a delivered order
            # would rewrite its delivery month; money after delivery moves by payments and refunds
            raise refuse("items", "services.order.items_locked_delivered" if current.status is OrderStatus.DELIVERED
                         else "services.order.items_locked_cancelled")
        store = self._ctx.store
        with self._ctx.write(actor) as w:  # read under the store lock: no payment slips in meanwhile
            payments, refunds = on_order(store.incomes, order_id), on_order(store.refunds, order_id)
            first_paid = min((p.date for p in payments), default=None)
            if first_paid is not None and first_paid < changed.order_date:
                raise refuse("order_date", "services.order.date_after_payment", date=first_paid)
            account = order_rules.order_account(changed, payments, (), refunds)
            excess = None
            if changed.status is not OrderStatus.CANCELLED and account.overpaid.is_positive:
                if refund_excess is None:
                    raise refuse("items", "services.order.total_below_paid", paid=account.paid, total=changed.total,
                                 excess=account.overpaid)
                form = {**refund_excess, "amount": account.overpaid}
                excess = read_payment_form(form, default_date=self._ctx.today(), decimal_mark=".")
                check_refund_dated(store, order_id, excess["date"], excess["amount"], self._ctx.today())
            saved = w.put(changed, expected_version=expected_version, before=current)
            if excess is not None:
                w.put(self._refund(saved, excess, actor))
            if changed.customer_id != current.customer_id:
                # payments belong to their order: its money moves to the new customer with it
                linked: list[Income | Refund] = [*payments, *refunds]
                for record in linked:
                    if record.customer_id != changed.customer_id:
                        moved = replace(record, customer_id=changed.customer_id,
                                        audit=self._ctx.changed(record.audit, actor))
                        w.put(moved, expected_version=record.audit.version, before=record)
            return saved

    def change_status(
        self,
        order_id: str,
        status: OrderStatus | str,
        expected_version: int,
        actor: str | None,
        today: date,
        *,
        refund: Mapping[str, Any] | None = None,
        lang: str | None = None,
    ) -> Order:
        """Move an order along its workflow; illegal moves raise DomainError.

        Cancelling an order that holds money may give it back in the same
        transaction: `refund` is a refund form (amount, method, date, description;
        the amount defaults to all the money on the order). Without it the money
        is kept by the business."""
        self._ctx.allow(actor, Action.ORDER_STATUS)
        current = self.get(order_id)
        self._ctx.check_version(current, expected_version)
        moved = order_rules.change_status(current, OrderStatus(status), today)
        changed = _with_audit(moved, self._ctx.changed(current.audit, actor))
        fields = None
        if refund is not None:
            if changed.status is not OrderStatus.CANCELLED:
                raise refuse("refund", "services.refund.only_when_cancelling")
            self._ctx.allow(actor, Action.REFUND_CREATE)
            held = self.account(order_id).refundable
            form = dict(refund)
            if form.get("amount") is None or str(form["amount"]).strip() == "":  # blank: all of it
                form["amount"] = held
            fields = read_payment_form(form, default_date=today, decimal_mark=decimal_mark_of(lang))
        with self._ctx.write(actor) as w:
            if fields is not None:
                self._check_refund(current, fields)
            saved = w.put(changed, expected_version=expected_version, before=current, action=HistoryAction.STATUS)
            if fields is not None:
                w.put(self._refund(saved, fields, actor))
            return saved

    def refund(self, order_id: str, form: Mapping[str, Any], actor: str | None, *, lang: str | None = None) -> Refund:
        """Give money back on an order: all of it while the order is not delivered
        (or once cancelled), the overpaid part after delivery. Lowers income in
        the refund's own month."""
        self._ctx.allow(actor, Action.REFUND_CREATE)
        self.get(order_id)
        fields = read_payment_form(form, default_date=self._ctx.today(), decimal_mark=decimal_mark_of(lang))
        with self._ctx.write(actor) as w:
            order = self.get(order_id)  # as stored now, under the store lock
            self._check_refund(order, fields)
            return w.put(self._refund(order, fields, actor))

    def _check_refund(self, order: Order, fields: Mapping[str, Any]) -> None:
        held = self.account(order.id).refundable
        if not held.is_positive:
            raise refuse("amount", "services.refund.nothing_to_refund")
        if fields["amount"] > held:
            raise refuse("amount", "services.refund.exceeds_money", available=held)
        check_refund_dated(self._ctx.store, order.id, fields["date"], fields["amount"], self._ctx.today())

    def _refund(self, order: Order, fields: Mapping[str, Any], actor: str | None) -> Refund:
        return Refund(
            id=self._ctx.new_id(),
            date=fields["date"],
            amount=fields["amount"],
            method=fields["method"],
            order_id=order.id,
            customer_id=order.customer_id,
            description=fields.get("description") or "",
            audit=self._ctx.created(actor),
        )

    def record_payment(
        self, order_id: str, form: Mapping[str, Any], actor: str | None, *, lang: str | None = None
    ) -> Income:
        """A payment against an order; refuses a cancelled order or more than its balance.
        The balance is read inside the transaction, so two family members paying at
        the same moment can never pay more than the order's total."""
        self._ctx.allow(actor, Action.ORDER_PAYMENT)
        self.get(order_id)
        fields = read_payment_form(form, default_date=self._ctx.today(), decimal_mark=decimal_mark_of(lang))
        with self._ctx.write(actor) as w:
            order = self.get(order_id)  # as stored now, under the store lock
            check_payment(self._ctx.store, order, fields["amount"], on=fields["date"])
            return w.put(self._payment(order, fields, actor, ""))

    def delete(self, order_id: str, actor: str | None, expected_version: int | None = None) -> None:
        """Move an order to the recycle bin (owner only). An order with payments or
        expenses is refused: delete those first."""
        self._ctx.allow(actor, Action.ORDER_DELETE)
        current = self.get(order_id)
        self._ctx.check_version(current, expected_version)
        store = self._ctx.store
        with self._ctx.write(actor) as w:
            linked = (len(on_order(store.incomes, order_id)) + len(on_order(store.refunds, order_id))
                      + len(on_order(store.expenses, order_id)))
            if linked:
                raise refuse("", "sharing.delete.order_has_payments", count=linked)
            w.trash(current, expected_version=expected_version)

    # --- helpers -------------------------------------------------------------
    def _payment(self, order: Order, fields: Mapping[str, Any], actor: str | None, note: str) -> Income:
        return Income(
            id=self._ctx.new_id(),
            date=fields["date"],
            amount=fields["amount"],
            category=IncomeCategory.ORDER_PAYMENT,
            method=fields["method"],
            order_id=order.id,
            customer_id=order.customer_id,
            description=fields.get("description") or note,
            audit=self._ctx.created(actor),
        )

    def _check_links(self, fields: Mapping[str, Any]) -> None:
        problems = []
        if self._ctx.store.customers.get(fields["customer_id"]) is None:
            problems.append(refuse("customer_id", "services.customer.unknown").problems[0])
        assignee = fields.get("assignee_id")
        if assignee and self._ctx.store.members.get(assignee) is None:
            problems.append(refuse("assignee_id", "services.member.unknown").problems[0])
        if problems:
            raise DomainError(problems)


def on_order(repo: Repository[R], order_id: str) -> list[R]:
    """The payments, refunds or expenses (`repo`) linked to one order, oldest first:
    the store's index by order (kept on write), not a scan."""
    return repo.where("order_id", order_id)


def check_payment(
    store: Any, order: Order, amount: Money, *, on: date | None = None, editing: str | None = None,
    order_field: str = "",
) -> None:
    """Refuse a payment on a cancelled order, dated `on` before the order was taken
    (like a delivery or cancellation), or beyond the order's balance, counting
    the payments stored now except `editing` (the payment being replaced). Called
    inside the write transaction (under the store lock), so two members paying at
    the same moment can never pay more than the order's total."""
    if order.status is OrderStatus.CANCELLED:
        raise refuse(order_field, "services.payment.order_cancelled")
    if on is not None and on < order.order_date:
        raise refuse("date", "services.payment.before_order", order_date=order.order_date)
    others = [i for i in on_order(store.incomes, order.id) if i.id != editing]
    balance = order_rules.order_account(order, others, (), on_order(store.refunds, order.id)).balance
    if amount > balance:
        raise refuse("amount", "services.payment.exceeds_balance", balance=balance)


def check_refunds_covered(store: Any, order_id: str | None, *, without: str, staying: Income | None = None) -> None:
    """Refuse a change that leaves a refund on the order giving back money not paid by
    the refund's date (a payment edited down, dated later, moved to another order or
    deleted): an order never holds less than nothing, on any day. `without` is the
    payment being changed, `staying` what it becomes if it stays on this order.
    Called inside the write transaction."""
    if order_id is None:
        return
    paid = [i for i in on_order(store.incomes, order_id) if i.id != without]
    if order_rules.first_uncovered_refund([*paid, *([staying] if staying else [])],
                                          on_order(store.refunds, order_id)) is not None:
        raise refuse("amount", "services.refund.delete_refund_first")


def check_refund_dated(store: Any, order_id: str, day: date, amount: Money, today: date) -> None:
    """Refuse a refund dated after today, or giving back money the order did not hold
    yet on its date (or that a later refund already gives back). Called inside the
    write transaction."""
    if day > today:
        raise refuse("date", "services.refund.future_date")
    available = order_rules.refundable_on(on_order(store.incomes, order_id), on_order(store.refunds, order_id), day)
    if amount > available:
        raise refuse("amount", "services.refund.before_the_money", date=day, available=available)


def _by_due(order: Order) -> tuple[Any, ...]:
    return (order.due_date, order.order_date, order.id)


def _with_audit(order: Order, audit: Any) -> Order:
    return replace(order, audit=audit)


def _raise_problems(problems: Any) -> None:
    if problems:
        raise DomainError(list(problems))
