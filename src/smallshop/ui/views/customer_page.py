"""One customer: contact, notes and measurements, their orders, their ledger of
charges, payments and refunds, what they owe and — apart from it — the money the
business holds for them (advances), giving back money paid on account, and a
reminder text ready to copy or to open in the phone's SMS or WhatsApp (the links
are made here, no network needed).
"""

from __future__ import annotations

from typing import Any

import flet as ft

from ...domain.ledger import LedgerKind
from .. import theme
from ..components import columns, empty_state, form_error, money_field, text_field, use_form
from .customers import CustomerForm
from .orders import order_tile
from .screen_bits import DateField, amount_text, card, chips, figure_row, header, iso, method_options, padded, sms_link, whatsapp_link

RAISES_BALANCE = (LedgerKind.CHARGE, LedgerKind.REFUND, LedgerKind.KEPT)  # the rest lower it

ORDERS_SHOWN = 20
LEDGER_SHOWN = 30


def _quietly(fn: Any, arg: str, default: Any) -> Any:
    try:
        return fn(arg)
    except Exception:
        return default


def reminder_text(app: Any, customer: Any, amount: Any) -> str:
    """The polite reminder in the app's language, signed with the business name."""
    try:
        business = app.services.settings.profile().business_name
    except Exception:
        business = ""
    key = "ui_screens.reminder.text_signed" if business else "ui_screens.reminder.text"
    return app.t(key, name=customer.name, amount=app.t.money(amount), business=business)


def _reminder(app: Any, customer: Any, owes: Any) -> ft.Control:
    t = app.t
    text = reminder_text(app, customer, owes)

    async def copy(_: Any = None) -> None:
        try:
            await ft.Clipboard().set(text)
        except Exception as exc:
            app.show_error(exc)
            return
        app.notify(t("ui_screens.reminder.copied"))

    buttons: list[ft.Control] = [
        ft.FilledTonalButton(t("ui_screens.reminder.copy"), icon=ft.Icons.COPY, on_click=copy, height=48),
    ]
    if customer.phone:
        buttons += [
            ft.OutlinedButton(t("ui_screens.reminder.sms"), icon=ft.Icons.SMS_OUTLINED, url=sms_link(customer.phone, text),
                              height=48, tooltip=t("ui_screens.reminder.sms_tooltip", phone=customer.phone)),
            ft.OutlinedButton(t("ui_screens.reminder.whatsapp"), icon=ft.Icons.CHAT_OUTLINED,
                              url=whatsapp_link(customer.phone, text), height=48,
                              tooltip=t("ui_screens.reminder.whatsapp_tooltip", phone=customer.phone)),
        ]
    return card(
        t("ui_screens.reminder.title"),
        ft.Container(
            ft.Text(text),
            bgcolor=ft.Colors.SURFACE_CONTAINER_LOW,
            padding=12,
            border_radius=8,
        ),
        ft.Row(buttons, wrap=True, spacing=8, run_spacing=8),
    )


def _ledger(app: Any, ledger: Any) -> ft.Control:
    t = app.t
    entries = list(ledger.entries)[-LEDGER_SHOWN:]
    lines = []
    for entry in reversed(entries):
        is_charge = entry.kind in RAISES_BALANCE
        sign = "+" if is_charge else "−"
        lines.append(
            ft.Row(
                [
                    ft.Text(t.date(entry.date), width=110, color=theme.MUTED),
                    ft.Text(t.enum(entry.kind), expand=True),
                    ft.Text(f"{sign}{t.money(entry.amount)}", color=theme.EXPENSE if is_charge else theme.INCOME),
                ],
            )
        )
    return card(
        t("ui_screens.customer.ledger"),
        figure_row(t("ui_screens.customer.charged"), t.money(ledger.charged)),
        figure_row(t("ui_screens.customer.paid"), t.money(ledger.paid), color=theme.INCOME),
        *([figure_row(t("ui_screens.refund.given_back"), t.money(ledger.refunded), color=theme.EXPENSE)]
          if ledger.refunded.is_positive else []),
        figure_row(t("ui_screens.customer.balance"), t.money(ledger.balance),
                   color=theme.OVERDUE if ledger.balance.is_positive else None, bold=True),
        ft.Divider(),
        *(lines or [ft.Text(t("ui_screens.customer.no_ledger"), color=theme.MUTED)]),
    )


@ft.component
def CustomerRefundForm(app: Any, customer: Any, refundable: Any) -> ft.Control:
    """Give back money the customer paid on account that none of their orders needs."""
    t = app.t
    form = use_form(lambda: {"amount": amount_text(app, refundable), "method": "cash", "date": iso(app.today),
                             "description": ""})

    def save(_: Any = None) -> None:
        form.submit(app, lambda values: app.services.customers.refund(customer.id, values, actor=app.actor,
                                                                       lang=app.lang),
                    success_key="ui_screens.refund.saved")

    return card(
        t("ui_screens.refund.title"),
        ft.Text(t("ui_screens.refund.hint_account", amount=t.money(refundable)), color=theme.MUTED),
        money_field(app, form, "amount", "ui_screens.refund.amount"),
        chips(app, form, "method", "ui_screens.payment.method", method_options(app)),
        DateField(app, form, "date", t("ui_screens.entry.date"), form.error("date")),
        text_field(app, form, "description", "ui_screens.entry.description"),
        form_error(app, form),
        ft.FilledTonalButton(t("ui_screens.refund.record"), icon=ft.Icons.UNDO, on_click=save, height=48),
    )


@ft.component
def CustomerPageView(app: Any) -> ft.Control:
    t = app.t
    services = app.services
    customer_id = app.params.get("id", "")
    editing, set_editing = ft.use_state(False)
    shown, set_shown = ft.use_state(ORDERS_SHOWN)
    # every hook runs on every render (hooks are positional), even for an unknown id
    orders = ft.use_memo(lambda: _quietly(services.customers.orders_of, customer_id, []),
                         [customer_id, app.data_version])
    ledger = ft.use_memo(lambda: _quietly(services.customers.ledger, customer_id, None),
                         [customer_id, app.data_version])
    refundable = ft.use_memo(lambda: _quietly(services.customers.refundable, customer_id, None),
                             [customer_id, app.data_version])
    try:
        customer = services.customers.get(customer_id)
    except Exception as exc:
        return padded(app, ft.Text(t.error(exc), color=ft.Colors.ERROR))
    if ledger is None:
        return padded(app, ft.Text(t("error.unexpected", error="ledger"), color=ft.Colors.ERROR))
    owes = ledger.receivable if ledger.receivable.is_positive else None

    if editing:
        contact: ft.Control = CustomerForm(app, customer, on_done=lambda: set_editing(False))
    else:
        contact = card(
            t("ui_screens.customer.contact"),
            *([figure_row(t("ui_screens.customer.phone"), customer.phone)] if customer.phone else []),
            *([figure_row(t("ui_screens.customer.address"), customer.address)] if customer.address else []),
            *([ft.Text(t("ui_screens.customer.notes"), color=theme.MUTED, size=12),
               ft.Text(customer.notes)] if customer.notes else []),
            *([figure_row(t("ui_screens.customer.since"), t.date(customer.created_on))] if customer.created_on else []),
            ft.Row(
                [
                    ft.OutlinedButton(t("common.edit"), icon=ft.Icons.EDIT, on_click=lambda _: set_editing(True),
                                      height=44),
                ],
                wrap=True,
            ),
        )
    owes_card = card(
        t("ui_screens.customer.owes_title"),
        ft.Text(
            t("ui_screens.customer.owes", amount=t.money(owes)) if owes is not None else t("ui_screens.customer.owes_nothing"),
            size=20,
            weight=ft.FontWeight.BOLD,
            color=theme.OVERDUE if owes is not None else theme.INCOME,
        ),
        *([ft.Text(t("ui_screens.customer.advance", amount=t.money(ledger.advance)), color=theme.MUTED)]
          if ledger.advance.is_positive else []),
    )
    order_rows = [order_tile(app, o, customer.name) for o in orders[:shown]]
    orders_section = card(
        t("ui_screens.customer.orders", count=t.number(len(orders))),
        *(order_rows or [empty_state(t("ui_screens.customer.no_orders"))]),
        *([ft.TextButton(t("ui_screens.list.more", shown=t.number(min(shown, len(orders))), total=t.number(len(orders))),
                         on_click=lambda _: set_shown(shown + ORDERS_SHOWN))] if len(orders) > shown else []),
    )
    left = ft.Column(
        [contact, owes_card] + ([_reminder(app, customer, owes)] if owes is not None else [])
        + ([CustomerRefundForm(app, customer, refundable, key=f"refund-{customer.id}-{refundable.tyiyn}")]
           if refundable is not None and refundable.is_positive and app.can("refund.create") else []),
        spacing=theme.GAP,
        tight=True,
    )
    from ..components.history import HistorySection

    right = ft.Column([orders_section, _ledger(app, ledger), HistorySection(app, "customer", customer.id)],
                      spacing=theme.GAP, tight=True)
    return padded(
        app,
        header(app, customer.name,
            ft.FilledButton(t("ui_screens.customer.new_order"), icon=ft.Icons.ADD,
                            on_click=lambda _: app.navigate(f"/orders/new?customer={customer.id}")),
            always=True,
        ),
        columns(app, left, right),
    )
