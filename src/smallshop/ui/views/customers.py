"""The customers list: search by name, phone, village or notes, and add a new
customer (name, phone, address, notes such as body measurements).

"/customers?new=1" opens with the new-customer form showing (the order form's
"new customer" link uses it). Paged like the orders list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import flet as ft

from .. import theme
from ..components import empty_state, form_error, text_field, use_form
from ..router import match
from .screen_bits import PAGE_SIZE, card, header, more_button, padded, tiles, save_or_cancel

if TYPE_CHECKING:  # typing only: state.py imports the screens
    from ..state import AppState

CUSTOMER_FIELDS = ("name", "phone", "address", "notes")


@ft.component
def CustomerForm(app: AppState, customer: Any | None = None, on_done: Any = None) -> ft.Control:
    """Add a customer, or edit one (with the version read, so a family member's
    concurrent edit is reported instead of overwritten)."""
    t = app.t
    form = use_form(lambda: {k: getattr(customer, k, "") or "" for k in CUSTOMER_FIELDS})

    def save(_: Any = None) -> None:
        def action(values: dict[str, Any]) -> Any:
            if customer is None:
                return app.services.customers.create(values, actor=app.actor)
            return app.services.customers.update(
                customer.id, values, expected_version=customer.audit.version, actor=app.actor
            )

        saved = form.submit(app, action, success_key="ui_screens.customer.saved")
        if saved is not None:
            if on_done:
                on_done()
            if customer is None:
                app.navigate(f"/customers/{saved.id}")

    return card(
        t("ui_screens.customer.new_title") if customer is None else t("ui_screens.customer.edit_title"),
        text_field(app, form, "name", "ui_screens.customer.name", autofocus=customer is None),
        text_field(app, form, "phone", "ui_screens.customer.phone", keyboard=ft.KeyboardType.PHONE,
                   hint_key="ui_screens.customer.phone_hint"),
        text_field(app, form, "address", "ui_screens.customer.address"),
        text_field(app, form, "notes", "ui_screens.customer.notes", multiline=True,
                   hint_key="ui_screens.customer.notes_hint"),
        form_error(app, form),
        save_or_cancel(app, t("ui_screens.customer.save"), save, on_done),
    )


def customer_tile(app: AppState, customer: Any) -> ft.Control:
    details = " · ".join(x for x in (customer.phone, customer.address) if x)
    return ft.Card(
        content=ft.ListTile(
            leading=ft.CircleAvatar(content=ft.Text((customer.name[:1] or "?").upper())),
            title=ft.Text(customer.name, weight=ft.FontWeight.W_600),
            subtitle=ft.Text(details, color=theme.MUTED) if details else None,
            on_click=lambda _: app.navigate(f"/customers/{customer.id}"),
            tooltip=app.t("ui_screens.customers.open", name=customer.name),
        ),
        margin=0,
    )


@ft.component
def CustomersView(app: AppState) -> ft.Control:
    t = app.t
    query = match(app.route).query
    text, set_text = ft.use_state("")
    limit, set_limit = ft.use_state(PAGE_SIZE)
    adding, set_adding = ft.use_state(query.get("new") == "1")
    page = ft.use_memo(
        lambda: app.services.customers.search(text, 0, limit), [text, limit, app.data_version]
    )

    def search_changed(e: Any) -> None:
        set_text(e.control.value or "")
        set_limit(PAGE_SIZE)

    rows = tiles(app, [customer_tile(app, c) for c in page.items])
    if not rows:
        rows = [empty_state(t("ui_screens.customers.none_found" if text else "ui_screens.customers.empty"))]
    return padded(
        app,
        header(app, t("ui_screens.customers.title"),
            ft.FilledButton(t("ui_screens.customers.new"), icon=ft.Icons.PERSON_ADD, on_click=lambda _: set_adding(True)),
            subtitle=t("ui_screens.customers.count", count=t.number(page.total)),
        ),
        *([CustomerForm(app, None, on_done=lambda: set_adding(False))] if adding else []),
        ft.TextField(
            label=t("ui_screens.customers.search"),
            value=text,
            prefix_icon=ft.Icons.SEARCH,
            on_change=search_changed,
            hint_text=t("ui_screens.customers.search_hint"),
        ),
        *rows,
        more_button(app, len(page.items), page.total, lambda: set_limit(limit + PAGE_SIZE)),
    )
