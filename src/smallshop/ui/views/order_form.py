"""Take a new order or edit one: customer, line items (add and remove rows),
measurements and fabric notes, due date, who makes it, and a deposit.

"/orders/new" shows the empty form ("?customer=<id>" picks the customer);
"/orders/<id>" shows the order page (order_page.py) with an Edit button that
opens this same form filled in. The service validates the whole order at once and
saves nothing when any field has a problem; every typed value stays on screen.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

import flet as ft

from ...domain.models import PaymentMethod
from ...domain.problems import DomainError
from .. import theme
from ..components import confirm, form_error, money_field, text_field, use_form
from ..router import match
from .screen_bits import amount_text, card, chips, header, DateField, iso, method_options, padded, inline_panel, save_or_cancel

if TYPE_CHECKING:  # typing only: state.py imports the screens
    from ..state import AppState

ITEM_FIELDS = ("description", "quantity", "unit_price")


def _quantity_text(quantity: Decimal) -> str:
    text = format(quantity.normalize(), "f")
    return text


def _initial(app: AppState, order: Any | None, customer_id: str) -> dict[str, Any]:
    if order is None:
        return {
            "customer_id": customer_id,
            "order_date": iso(app.today),
            "due_date": "",
            "assignee_id": "",
            "notes": "",
            "deposit.amount": "",
            "deposit.method": PaymentMethod.CASH.value,
        }
    values = {
        "customer_id": order.customer_id,
        "order_date": iso(order.order_date),
        "due_date": iso(order.due_date),
        "assignee_id": order.assignee_id or "",
        "notes": order.notes,
    }
    for number, item in enumerate(order.items):
        values[f"row.{number}.description"] = item.description
        values[f"row.{number}.quantity"] = _quantity_text(item.quantity)
        values[f"row.{number}.unit_price"] = amount_text(app, item.unit_price)
    return values


@ft.component
def CustomerPicker(app: AppState, form: Any, error: str | None) -> ft.Control:
    """Pick the customer by typing part of a name or phone; shows at most 6 matches."""
    t = app.t
    chosen, set_chosen = ft.use_state(lambda: form.get("customer_id") or "")
    text, set_text = ft.use_state("")
    adding, set_adding = ft.use_state(False)

    def choose(customer_id: str) -> None:
        form.set("customer_id", customer_id)
        set_chosen(customer_id)
        set_text("")
        set_adding(False)

    if chosen:
        try:
            customer = app.services.customers.get(chosen)
            name = customer.name + (f" · {customer.phone}" if customer.phone else "")
        except Exception:
            name = "—"
        return ft.Column(
            [
                ft.Text(t("ui_screens.order.customer"), color=theme.MUTED, size=12),
                ft.Row(
                    [
                        ft.Icon(ft.Icons.PERSON),
                        ft.Text(name, weight=ft.FontWeight.W_600, expand=True),
                        ft.TextButton(t("ui_screens.order.change_customer"), on_click=lambda _: choose("")),
                    ],
                ),
            ]
            + ([ft.Text(error, color=ft.Colors.ERROR)] if error else []),
            spacing=2,
            tight=True,
            horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
        )
    matches = app.services.customers.search(text, 0, 6).items if text.strip() else []
    return ft.Column(
        [
            ft.TextField(
                label=t("ui_screens.order.find_customer"),
                value=text,
                prefix_icon=ft.Icons.PERSON_SEARCH,
                on_change=lambda e: set_text(e.control.value or ""),
                error=error,
                hint_text=t("ui_screens.order.find_customer_hint"),
            ),
            *[
                ft.ListTile(
                    leading=ft.Icon(ft.Icons.PERSON_OUTLINE),
                    title=ft.Text(c.name),
                    subtitle=ft.Text(" · ".join(x for x in (c.phone, c.address) if x)) if (c.phone or c.address) else None,
                    on_click=lambda _, cid=c.id: choose(cid),
                    tooltip=t("ui_screens.order.pick_customer", name=c.name),
                )
                for c in matches
            ],
            *(
                [QuickCustomer(app, text, on_saved=choose, on_cancel=lambda: set_adding(False))]
                if adding
                else [ft.TextButton(t("ui_screens.order.new_customer"), icon=ft.Icons.PERSON_ADD,
                                    on_click=lambda _: set_adding(True))]
            ),
        ],
        spacing=4,
        tight=True,
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
    )


@ft.component
def QuickCustomer(app: AppState, typed: str, on_saved: Any, on_cancel: Any) -> ft.Control:
    """A new customer (name and phone) added without leaving the order form."""
    t = app.t
    form = use_form(lambda: {"name": typed, "phone": ""})

    def save(_: Any = None) -> None:
        saved = form.submit(app, lambda values: app.services.customers.create(values, actor=app.actor),
                            success_key="ui_screens.customer.saved")
        if saved is not None:
            on_saved(saved.id)

    return inline_panel(
        text_field(app, form, "name", "ui_screens.customer.name", autofocus=True),
        text_field(app, form, "phone", "ui_screens.customer.phone", keyboard=ft.KeyboardType.PHONE,
                   hint_key="ui_screens.customer.phone_hint"),
        form_error(app, form),
        save_or_cancel(app, t("ui_screens.customer.save"), save, on_cancel, tonal=True),
        stretch=True,
    )


def _item_row(app: AppState, form: Any, rid: int, number: int, on_remove: Any, can_remove: bool) -> ft.Control:
    t = app.t

    def field(name: str, label_key: str, **kwargs: Any) -> ft.TextField:
        key = f"row.{rid}.{name}"
        return ft.TextField(
            label=t(label_key, n=number + 1),
            value=str(form.get(key, "") or ""),
            on_change=form.on_change(key),
            error=form.error(f"items.{number}.{name}"),
            **kwargs,
        )

    numbers = [
        field("quantity", "ui_screens.item.quantity", keyboard_type=ft.KeyboardType.NUMBER, expand=1),
        field("unit_price", "ui_screens.item.unit_price", keyboard_type=ft.KeyboardType.NUMBER, expand=2,
              suffix=t("currency.som")),
    ]
    remove = ft.IconButton(
        ft.Icons.DELETE_OUTLINE,
        tooltip=t("ui_screens.item.remove", n=number + 1),
        on_click=lambda _: on_remove(rid),
        disabled=not can_remove,
    )
    description = field("description", "ui_screens.item.description", expand=True)
    if app.is_phone:
        content = ft.Column([ft.Row([description, remove]), ft.Row(numbers, spacing=8)], spacing=8, tight=True)
    else:
        content = ft.Row([ft.Container(description, expand=4), *numbers, remove], spacing=8)
    return ft.Container(content, key=f"item-{rid}", padding=ft.Padding.only(bottom=6))


@ft.component
def OrderForm(app: AppState, order: Any | None = None, on_done: Any = None, on_reload: Any = None) -> ft.Control:
    t = app.t
    query = match(app.route).query
    form = use_form(lambda: _initial(app, order, query.get("customer", "")))
    # The version this edit started from: a save by someone else meanwhile (the live
    # refresh hands this form the newer order) must be a conflict, not an overwrite.
    opened_version = ft.use_ref(order.audit.version if order else None)
    next_rid = ft.use_ref(len(order.items) if order else 2)
    rows, set_rows = ft.use_state(lambda: list(range(len(order.items))) if order else [0, 1])
    members = ft.use_memo(lambda: app.services.settings.assignable_members(), [app.data_version])

    def add_row(_: Any = None) -> None:
        rid = next_rid.current
        next_rid.current += 1
        set_rows(rows + [rid])

    def remove_row(rid: int) -> None:
        set_rows([r for r in rows if r != rid])

    def collect(values: dict[str, Any]) -> tuple[dict, list[dict], dict | None]:
        fields = {k: values.get(k, "") for k in ("customer_id", "order_date", "due_date", "assignee_id", "notes")}
        items = [{name: values.get(f"row.{rid}.{name}", "") for name in ITEM_FIELDS} for rid in rows]
        deposit = {"amount": values.get("deposit.amount", ""), "method": values.get("deposit.method", "cash")}
        return fields, items, deposit

    price_cut = ft.use_ref(None)  # the refused price cut's figures, to offer the refund

    def save(_: Any = None, refund_excess: Any = None) -> None:
        def action(values: dict[str, Any]) -> Any:
            fields, items, deposit = collect(values)
            if order is None:
                return app.services.orders.create(fields, items, actor=app.actor, deposit=deposit, lang=app.lang)
            try:
                return app.services.orders.update(
                    order.id, fields, items, expected_version=opened_version.current, actor=app.actor, lang=app.lang,
                    refund_excess=refund_excess,
                )
            except DomainError as error:
                cut = next((p for p in error.problems if p.key == "services.order.total_below_paid"), None)
                price_cut.current = cut.params if cut is not None else None
                raise

        price_cut.current = None
        saved = form.submit(app, action, success_key="ui_screens.order.saved")
        if saved is not None:
            if on_done:
                on_done()
            app.navigate(f"/orders/{saved.id}")
        elif price_cut.current is not None and app.can("refund.create"):
            # a price below what was paid: the owner may confirm giving the difference back
            cut = price_cut.current
            confirm(app, t("ui_screens.refund.price_cut_title"),
                    t("ui_screens.refund.price_cut_text", paid=t.money(cut["paid"]), total=t.money(cut["total"]),
                      excess=t.money(cut["excess"])),
                    lambda: save(refund_excess={"method": "cash"}),
                    yes_key="ui_screens.refund.price_cut_yes")

    member_options = [("", t("ui_screens.order.nobody"))] + [(m.id, m.name) for m in members]
    item_rows = [
        _item_row(app, form, rid, number, remove_row, len(rows) > 1) for number, rid in enumerate(rows)
    ]
    items_error = form.error("items")
    details = card(
        t("ui_screens.order.details"),
        CustomerPicker(app, form, form.error("customer_id")),
        ft.ResponsiveRow(
            [
                ft.Container(DateField(app, form, "order_date", t("ui_screens.order.order_date"),
                                       form.error("order_date")), col={"xs": 12, "sm": 6}),
                ft.Container(DateField(app, form, "due_date", t("ui_screens.order.due_date"),
                                       form.error("due_date")), col={"xs": 12, "sm": 6}),
            ],
            spacing=8,
            run_spacing=8,
        ),
        chips(app, form, "assignee_id", "ui_screens.order.assignee", member_options),
        text_field(app, form, "notes", "ui_screens.order.notes", multiline=True, hint_key="ui_screens.order.notes_hint"),
    )
    items = card(
        t("ui_screens.order.items"),
        *item_rows,
        *([ft.Text(items_error, color=ft.Colors.ERROR)] if items_error else []),
        ft.OutlinedButton(t("ui_screens.item.add"), icon=ft.Icons.ADD, on_click=add_row),
    )
    parts: list[ft.Control] = [details, items]
    if order is None:
        parts.append(
            card(
                t("ui_screens.order.deposit"),
                ft.ResponsiveRow(
                    [
                        ft.Container(money_field(app, form, "deposit.amount", "ui_screens.order.deposit_amount"),
                                     col={"xs": 12, "sm": 6}),
                        ft.Container(chips(app, form, "deposit.method", "ui_screens.payment.method",
                                                  method_options(app)), col={"xs": 12, "sm": 6}),
                    ],
                    spacing=8,
                    run_spacing=8,
                ),
            )
        )
    buttons = save_or_cancel(app, t("ui_screens.order.save"), save, on_done or (lambda: app.navigate("/orders")))
    title = t("ui_screens.order.new_title") if order is None else t("ui_screens.order.edit_title")
    return padded(app, header(app, title), *parts, form_error(app, form, on_reload=on_reload), buttons)


@ft.component
def OrderFormView(app: AppState) -> ft.Control:
    """"/orders/new" -> the form; "/orders/<id>" -> the order page (Edit opens the form)."""
    order_id = app.params.get("id")
    editing, set_editing = ft.use_state(False)
    reloads, set_reloads = ft.use_state(0)
    if not order_id or order_id == "new":
        return OrderForm(app)
    try:
        order = app.services.orders.get(order_id)
    except Exception as exc:
        return padded(app, ft.Text(app.t.error(exc), color=ft.Colors.ERROR))
    if editing:
        return OrderForm(app, order, on_done=lambda: set_editing(False),
                         on_reload=lambda: set_reloads(reloads + 1), key=f"edit-{order.id}-{reloads}")
    from .order_page import OrderPage

    return OrderPage(app, order, on_edit=lambda: set_editing(True))
