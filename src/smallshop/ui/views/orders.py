"""The orders list: find an order by customer or text, filter by status, and see
at a glance which ones are overdue or due soon.

The list is paged (PAGE_SIZE rows, "show more" adds the next page), so the
10-year demo's 15,000 orders never become 15,000 controls; the search itself runs
on the services' in-memory index.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import flet as ft

from ...domain.models import OrderStatus
from .. import theme
from ..router import match
from ..components import empty_state
from .screen_bits import PAGE_SIZE, due_note, header, more_button, padded, status_badge, tiles

if TYPE_CHECKING:  # typing only: state.py imports the screens
    from ..state import AppState

FILTERS = ("open", "all", *[s.value for s in OrderStatus])
OPEN = (OrderStatus.NEW, OrderStatus.IN_PROGRESS, OrderStatus.READY)


def _statuses(name: str) -> list[OrderStatus] | None:
    if name == "all":
        return None
    if name == "open":
        return list(OPEN)
    return [OrderStatus(name)]


def _filter_label(app: AppState, name: str) -> str:
    if name in ("open", "all"):
        return app.t(f"ui_screens.orders.filter.{name}")
    return app.t.enum(OrderStatus(name))


def order_tile(app: AppState, order: Any, customer_name: str, maker: str = "") -> ft.Control:
    """One order in a list: customer, what is being made (and by whom), total, status, due date."""
    due_text, due_color = due_note(app, order)
    items = ", ".join(item.description for item in order.items[:3])
    if len(order.items) > 3:
        items += ", …"
    urgent = due_color in (theme.OVERDUE, theme.WARNING)
    if maker:
        items += " · " + app.t("ui_screens.orders.made_by", name=maker)
    return ft.Card(
        content=ft.Container(
            ft.Column(
                [
                    ft.Row(
                        [
                            ft.Text(customer_name, weight=ft.FontWeight.W_600, expand=True, max_lines=1,
                                    overflow=ft.TextOverflow.ELLIPSIS),
                            status_badge(app, order.status),
                        ],
                        spacing=8,
                    ),
                    ft.Text(items, max_lines=2, overflow=ft.TextOverflow.ELLIPSIS),
                    ft.Row(
                        [
                            ft.Text(app.t.money(order.total), weight=ft.FontWeight.BOLD),
                            ft.Text(due_text, color=due_color, expand=True, text_align=ft.TextAlign.END,
                                    weight=ft.FontWeight.W_600 if urgent else None),
                        ],
                        spacing=8,
                    ),
                ],
                spacing=4,
                tight=True,
            ),
            padding=12,
            # overdue (red) and due-soon (orange) orders carry a coloured edge
            border=ft.Border.only(left=ft.BorderSide(5, due_color)) if urgent else None,
            border_radius=12,
            on_click=lambda _: app.navigate(f"/orders/{order.id}"),
            ink=True,
            tooltip=app.t("ui_screens.orders.open_order", customer=customer_name),
        ),
        margin=0,
    )


def customer_names(app: AppState, orders: Any) -> dict[str, str]:
    return app.services.customers.names_of(order.customer_id for order in orders)


@ft.component
def OrdersView(app: AppState) -> ft.Control:
    t = app.t
    text, set_text = ft.use_state("")
    wanted = match(app.route).query.get("status", "")
    status, set_status = ft.use_state(wanted if wanted in FILTERS else "open")  # "/orders?status=ready"
    limit, set_limit = ft.use_state(PAGE_SIZE)

    page = ft.use_memo(
        lambda: app.services.orders.search(text, _statuses(status), 0, limit),
        [text, status, limit, app.data_version],
    )
    names = customer_names(app, page.items)
    makers = ft.use_memo(lambda: {m.id: m.name for m in app.services.settings.members()}, [app.data_version])

    def search_changed(e: Any) -> None:
        set_text(e.control.value or "")
        set_limit(PAGE_SIZE)

    def choose(name: str) -> None:
        set_status(name)
        set_limit(PAGE_SIZE)

    chips = ft.Row(
        [
            ft.Chip(
                label=ft.Text(_filter_label(app, name)),
                selected=status == name,
                on_select=lambda _, n=name: choose(n),
                tooltip=t("ui_screens.orders.filter.tooltip", status=_filter_label(app, name)),
            )
            for name in FILTERS
        ],
        wrap=True,
        spacing=6,
        run_spacing=6,
    )
    rows = [
        order_tile(app, order, names.get(order.customer_id, "—"), makers.get(order.assignee_id or "", ""))
        for order in page.items
    ]
    body = (
        tiles(app, rows)
        if rows
        else [empty_state(t("ui_screens.orders.none_found" if text else "ui_screens.orders.empty"))]
    )
    return padded(
        app,
        header(app, t("ui_screens.orders.title"),
            ft.FilledButton(
                t("ui_screens.orders.new"),
                icon=ft.Icons.ADD,
                on_click=lambda _: app.navigate("/orders/new"),
            ),
            subtitle=t("ui_screens.orders.count", count=t.number(page.total)),
        ),
        ft.TextField(
            label=t("ui_screens.orders.search"),
            value=text,
            prefix_icon=ft.Icons.SEARCH,
            on_change=search_changed,
            hint_text=t("ui_screens.orders.search_hint"),
        ),
        chips,
        *body,
        more_button(app, len(page.items), page.total, lambda: set_limit(limit + PAGE_SIZE)),
    )
