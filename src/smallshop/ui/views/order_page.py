"""One order: what is being made, for whom, by when; total, paid, balance, the
expenses bought for it and its profit; the status buttons for the legal next
steps only; and forms to take a payment, give money back or note an expense for
this order. Cancelling an order that holds money asks whether to give it back.
"""

from __future__ import annotations

from typing import Any

import flet as ft

from ...domain import orders as order_rules
from ...domain.models import ExpenseCategory, OrderStatus
from .. import theme
from ..components import columns, confirm, form_error, money_field, text_field, use_form
from .screen_bits import amount_text, card, chips, header, DateField, due_note, enum_options, figure_row, iso, method_options, padded, status_badge

STATUS_ICONS = {
    OrderStatus.IN_PROGRESS: ft.Icons.CONTENT_CUT,
    OrderStatus.READY: ft.Icons.CHECK_CIRCLE_OUTLINE,
    OrderStatus.DELIVERED: ft.Icons.LOCAL_SHIPPING_OUTLINED,
    OrderStatus.CANCELLED: ft.Icons.CANCEL_OUTLINED,
}


@ft.component
def PaymentForm(app: Any, order: Any, balance: Any) -> ft.Control:
    """Take a payment against the order (prefilled with the balance still due)."""
    t = app.t
    form = use_form(lambda: {"amount": amount_text(app, balance) if balance.is_positive else "", "method": "cash",
                             "date": iso(app.today)})

    def save(_: Any = None) -> None:
        saved = form.submit(
            app,
            lambda values: app.services.orders.record_payment(order.id, values, actor=app.actor, lang=app.lang),
            success_key="ui_screens.payment.saved",
        )
        if saved is not None:
            form.reset({"amount": "", "method": "cash", "date": iso(app.today)})

    return card(
        t("ui_screens.payment.title"),
        money_field(app, form, "amount", "ui_screens.payment.amount"),
        _method_and_date(app, form, t("ui_screens.payment.date")),
        form_error(app, form),
        ft.FilledButton(t("ui_screens.payment.record"), icon=ft.Icons.PAYMENTS, on_click=save, height=48),
    )


@ft.component
def OrderExpenseForm(app: Any, order: Any) -> ft.Control:
    """Note an expense bought for this order (fabric, thread...): it lowers the order's profit."""
    t = app.t
    blank = {"amount": "", "category": ExpenseCategory.MATERIALS.value, "method": "cash",
             "date": iso(app.today), "description": ""}
    form = use_form(lambda: dict(blank))

    def save(_: Any = None) -> None:
        saved = form.submit(
            app,
            lambda values: app.services.finance.record_expense({**values, "order_id": order.id}, actor=app.actor,
                                                                lang=app.lang),
            success_key="ui_screens.expense.saved",
        )
        if saved is not None:
            form.reset(dict(blank))

    return card(
        t("ui_screens.order.add_expense"),
        text_field(app, form, "description", "ui_screens.entry.description"),
        ft.ResponsiveRow(
            [
                ft.Container(money_field(app, form, "amount", "ui_screens.expense.amount"), col={"xs": 12, "sm": 6}),
                ft.Container(chips(app, form, "category", "ui_screens.expense.category",
                                          enum_options(app, ExpenseCategory)), col={"xs": 12, "sm": 6}),
                ft.Container(chips(app, form, "method", "ui_screens.payment.method", method_options(app)),
                             col={"xs": 12, "sm": 6}),
                ft.Container(DateField(app, form, "date", t("ui_screens.entry.date"), form.error("date")),
                             col={"xs": 12, "sm": 6}),
            ],
            spacing=8,
            run_spacing=8,
        ),
        form_error(app, form),
        ft.FilledButton(t("ui_screens.expense.record"), icon=ft.Icons.SHOPPING_BAG, on_click=save, height=48),
    )


@ft.component
def RefundForm(app: Any, order: Any, refundable: Any) -> ft.Control:
    """Give money back on this order: a cancelled order's deposit, an overpayment.
    It lowers income in the refund's own month (owner only)."""
    t = app.t
    form = use_form(lambda: {"amount": amount_text(app, refundable), "method": "cash", "date": iso(app.today),
                             "description": ""})

    def save(_: Any = None) -> None:
        form.submit(
            app,
            lambda values: app.services.orders.refund(order.id, values, actor=app.actor, lang=app.lang),
            success_key="ui_screens.refund.saved",
        )

    return card(
        t("ui_screens.refund.title"),
        ft.Text(t("ui_screens.refund.hint", amount=t.money(refundable)), color=theme.MUTED),
        money_field(app, form, "amount", "ui_screens.refund.amount"),
        _method_and_date(app, form, t("ui_screens.entry.date")),
        text_field(app, form, "description", "ui_screens.entry.description"),
        form_error(app, form),
        ft.FilledTonalButton(t("ui_screens.refund.record"), icon=ft.Icons.UNDO, on_click=save, height=48),
    )


def _ask_cancel(app: Any, refundable: Any, move: Any) -> None:
    """Cancelling: when the order holds money and the member may give it back, offer
    to (the default), or to keep it; otherwise the usual confirmation."""
    t = app.t
    if not refundable.is_positive or not app.can("refund.create"):
        confirm(app, t("ui_screens.order.cancel_title"), t("ui_screens.order.cancel_text"),
                lambda: move(None), yes_key="ui_screens.order.to.cancelled",
                no_key="ui_screens.order.keep", danger=True)
        return
    page = ft.context.page

    def choose(refund: Any) -> Any:
        async def on_click(_: Any) -> None:  # on the event loop, like confirm(): the page redraws at once
            page.pop_dialog()
            move(refund)

        return on_click

    page.show_dialog(
        ft.AlertDialog(
            modal=True,
            title=ft.Text(t("ui_screens.order.cancel_title")),
            content=ft.Text(t("ui_screens.refund.cancel_text", amount=t.money(refundable))),
            actions=[
                ft.TextButton(t("ui_screens.refund.back"), on_click=lambda _: page.pop_dialog()),
                ft.OutlinedButton(t("ui_screens.refund.cancel_keep"), on_click=choose(None)),
                ft.FilledButton(t("ui_screens.refund.cancel_give_back", amount=t.money(refundable)),
                                icon=ft.Icons.UNDO, on_click=choose({"method": "cash"})),
            ],
        )
    )


def _status_buttons(app: Any, order: Any, refundable: Any = None) -> list[ft.Control]:
    t = app.t

    def move(status: OrderStatus, refund: Any = None) -> None:
        try:
            app.services.orders.change_status(
                order.id, status, expected_version=order.audit.version, actor=app.actor, today=app.today,
                refund=refund, lang=app.lang,
            )
        except Exception as exc:
            app.show_error(exc)
            return
        app.changed(t("ui_screens.order.moved", status=t.enum(status)) if refund is None
                    else t("ui_screens.refund.cancelled_and_refunded", amount=t.money(refundable)))

    buttons: list[ft.Control] = []
    for status in order_rules.next_statuses(order):
        label = t(f"ui_screens.order.to.{status.value}")
        if status is OrderStatus.CANCELLED:
            buttons.append(
                ft.OutlinedButton(
                    label,
                    icon=STATUS_ICONS[status],
                    height=48,
                    on_click=lambda _, s=status: _ask_cancel(app, refundable, lambda refund: move(s, refund)),
                )
            )
        else:
            buttons.append(
                ft.FilledTonalButton(label, icon=STATUS_ICONS.get(status), height=48,
                                     on_click=lambda _, s=status: move(s))
            )
    return buttons


def _delete_button(app: Any, order: Any) -> ft.Control:
    """Delete the order into the recycle bin, after a confirmation (owner only)."""
    t = app.t

    def delete() -> None:
        try:
            app.services.orders.delete(order.id, actor=app.actor, expected_version=order.audit.version)
        except Exception as exc:  # NotAllowedError, has payments, edited meanwhile
            app.show_error(exc)
            return
        app.changed(t("ui_sharing.order.deleted"))
        app.navigate("/orders")

    return ft.OutlinedButton(
        t("ui_sharing.order.delete"),
        icon=ft.Icons.DELETE_OUTLINE,
        height=48,
        tooltip=t("ui_sharing.order.delete_tooltip"),
        on_click=lambda _: confirm(app, t("ui_sharing.order.delete_title"), t("ui_sharing.order.delete_text"),
                                   delete, yes_key="ui_sharing.order.delete", danger=True),
    )


@ft.component
def OrderPage(app: Any, order: Any, on_edit: Any = None) -> ft.Control:
    t = app.t
    services = app.services
    # one read model, computed when the data changes, never during a render
    page = ft.use_memo(lambda: services.orders.order_page(order.id), [order.id, app.data_version])
    if page is None:  # deleted (here or elsewhere): the screen around it moves on
        return ft.Container()
    order = page.order
    account, payments, expenses, refunds = page.account, page.payments, page.expenses, page.refunds
    customer, assignee = page.customer, page.assignee_name

    due_text, due_color = due_note(app, order)
    item_lines = [
        ft.Column(
            [
                ft.Text(item.description, weight=ft.FontWeight.W_600),
                ft.Row(
                    [
                        ft.Text(f"{t.number(item.quantity)} × {t.money(item.unit_price)}", color=theme.MUTED,
                                expand=True),
                        ft.Text(t.money(item.total), weight=ft.FontWeight.W_600),
                    ],
                ),
            ],
            spacing=2,
            tight=True,
        )
        for item in order.items
    ]
    about = card(
        t("ui_screens.order.details"),
        ft.Row([status_badge(app, order.status), ft.Text(due_text, color=due_color, weight=ft.FontWeight.W_600)],
               wrap=True),
        ft.TextButton(
            customer.name if customer else "—",
            icon=ft.Icons.PERSON,
            on_click=lambda _: app.navigate(f"/customers/{order.customer_id}"),
            tooltip=t("ui_screens.order.open_customer"),
        ),
        figure_row(t("ui_screens.order.order_date"), t.date(order.order_date)),
        *([figure_row(t("ui_screens.order.assignee"), assignee)] if assignee else []),
        *([figure_row(t("ui_screens.order.delivered_on"), t.date(order.delivered_on))] if order.delivered_on else []),
        *([ft.Text(order.notes)] if order.notes else []),
        ft.Divider(),
        *item_lines,
    )
    money = card(
        t("ui_screens.order.money"),
        figure_row(t("ui_screens.order.total"), t.money(account.total), bold=True),
        figure_row(t("ui_screens.order.paid"), t.money(account.paid), color=theme.INCOME),
        *([figure_row(t("ui_screens.refund.given_back"), t.money(account.refunded), color=theme.EXPENSE)]
          if account.refunded.is_positive else []),
        figure_row(t("ui_screens.order.balance"), t.money(account.balance),
                   color=theme.OVERDUE if account.balance.is_positive else None, bold=True),
        *([figure_row(t("ui_screens.order.overpaid"), t.money(account.overpaid))] if account.overpaid.is_positive else []),
        figure_row(t("ui_screens.order.expenses"), t.money(account.expenses), color=theme.EXPENSE),
        figure_row(t("ui_screens.order.profit"), t.money(account.profit), bold=True),
        *(
            [ft.Text(t("ui_screens.order.payments"), weight=ft.FontWeight.W_600)]
            + [
                figure_row(f"{t.date(p.date)} · {t.enum(p.method)}", t.money(p.amount), color=theme.INCOME)
                for p in payments
            ]
            if payments
            else []
        ),
        *(
            [ft.Text(t("ui_screens.refund.list"), weight=ft.FontWeight.W_600)]
            + [
                figure_row(f"{t.date(r.date)} · {t.enum(r.method)}", f"−{t.money(r.amount)}", color=theme.EXPENSE)
                for r in refunds
            ]
            if refunds
            else []
        ),
        *(
            [ft.Text(t("ui_screens.order.linked_expenses"), weight=ft.FontWeight.W_600)]
            + [
                figure_row(f"{t.date(e.date)} · {e.description or t.enum(e.category)}", t.money(e.amount),
                           color=theme.EXPENSE)
                for e in expenses
            ]
            if expenses
            else []
        ),
    )
    actions = _status_buttons(app, order, account.refundable)
    if app.can("order.delete"):  # the owner only; a helper never sees it (issue 5)
        actions.append(_delete_button(app, order))
    header_actions = [
        ft.OutlinedButton(t("common.edit"), icon=ft.Icons.EDIT, on_click=lambda _: on_edit() if on_edit else None,
                          height=44)
    ] if order.status not in (OrderStatus.DELIVERED, OrderStatus.CANCELLED) else []
    forms: list[ft.Control] = []
    if order.status is not OrderStatus.CANCELLED and account.balance.is_positive:
        forms.append(PaymentForm(app, order, account.balance, key=f"pay-{order.id}-{account.balance.tyiyn}"))
    if account.refundable.is_positive and app.can("refund.create"):  # the owner only (issue 11)
        forms.append(RefundForm(app, order, account.refundable, key=f"refund-{order.id}-{account.refundable.tyiyn}"))
    forms.append(OrderExpenseForm(app, order, key=f"exp-{order.id}"))
    from ..components.history import HistorySection

    left = ft.Column([about, ft.Row(actions, wrap=True, spacing=8, run_spacing=8)], spacing=theme.GAP, tight=True)
    right = ft.Column([money, *forms, HistorySection(app, "order", order.id, entries=page.history,
                                                                   names=page.member_names)], spacing=theme.GAP, tight=True)
    return padded(
        app,
        header(app, t("ui_screens.order.title", customer=customer.name if customer else "—"),
            *header_actions,
            always=True,
        ),
        columns(app, left, right),
    )


def _method_and_date(app: Any, form: Any, date_label: str) -> ft.ResponsiveRow:
    """How and when money moved, side by side on a wide screen (payments and refunds)."""
    return ft.ResponsiveRow(
        [
            ft.Container(chips(app, form, "method", "ui_screens.payment.method", method_options(app)),
                         col={"xs": 12, "sm": 6}),
            ft.Container(DateField(app, form, "date", date_label, form.error("date")), col={"xs": 12, "sm": 6}),
        ],
        spacing=8,
        run_spacing=8,
    )
