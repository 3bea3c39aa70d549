"""Small pieces the business screens share: a date field with a calendar, status
badges, figure rows, "show more" paging and the reminder links.

Kept apart from the shell's components (ui/components) because they only serve the
orders, customers, money and debts screens; anything here that another screen
needs can move to components later.
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Any, Callable
from urllib.parse import quote

import flet as ft

from ...domain.models import OrderStatus
from .. import theme

if TYPE_CHECKING:  # typing only: state.py imports the screens
    from ..state import AppState

PAGE_SIZE = 30  # rows a list shows at first and adds with "show more"

STATUS_COLORS = {
    OrderStatus.NEW: ft.Colors.BLUE_700,
    OrderStatus.IN_PROGRESS: ft.Colors.AMBER_900,
    OrderStatus.READY: ft.Colors.TEAL_700,
    OrderStatus.DELIVERED: ft.Colors.GREEN_800,
    OrderStatus.CANCELLED: ft.Colors.GREY_700,
}


def iso(day: _dt.date | None) -> str:
    """How a date sits in a form field: 2026-11-28 (the parser also takes 28.11.2026)."""
    return day.isoformat() if day else ""


def _as_date(value: Any) -> _dt.date | None:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    try:
        return _dt.date.fromisoformat(str(value).strip())
    except ValueError:
        return None


@ft.component
def DateField(app: AppState, form: Any, name: str, label: str, error: str | None = None, expand: Any = None) -> ft.Control:
    """A date typed as text (2026-11-28 or 28.11.2026) or picked from a calendar in
    the app's language; the service parses and validates what ends up in the form."""
    text, set_text = ft.use_state(lambda: str(form.get(name, "") or ""))

    def typed(e: Any) -> None:
        form.set(name, e.control.value)

    def picked(e: Any) -> None:
        day = _as_date(e.control.value)
        if day is not None:
            form.set(name, day.isoformat())
            set_text(day.isoformat())

    def open_calendar(_: Any = None) -> None:
        current = _as_date(form.get(name, "")) or app.today
        ft.context.page.show_dialog(
            ft.DatePicker(
                value=_dt.datetime(current.year, current.month, current.day),
                first_date=_dt.datetime(2000, 1, 1),
                last_date=_dt.datetime(2100, 12, 31),
                current_date=_dt.datetime(app.today.year, app.today.month, app.today.day),
                on_change=picked,
                help_text=label,
            )
        )

    return ft.TextField(
        label=label,
        value=text,
        hint_text=app.t("ui_screens.date.hint"),
        on_change=typed,
        error=error,
        keyboard_type=ft.KeyboardType.DATETIME,
        expand=expand,
        suffix_icon=ft.IconButton(
            ft.Icons.CALENDAR_MONTH,
            tooltip=app.t("ui_screens.date.pick", field=label),
            on_click=open_calendar,
        ),
    )


def status_badge(app: AppState, status: OrderStatus) -> ft.Control:
    color = STATUS_COLORS.get(status, theme.MUTED)
    return ft.Container(
        ft.Text(app.t.enum(status), color=ft.Colors.WHITE, size=12, weight=ft.FontWeight.W_600),
        bgcolor=color,
        padding=ft.Padding.symmetric(horizontal=8, vertical=3),
        border_radius=10,
    )


def due_note(app: AppState, order: Any) -> tuple[str, str | None]:
    """The due date text and its colour: red when overdue, orange when due within a week."""
    if order.due_date is None:
        return "", None
    text = app.t("ui_screens.order.due_on", date=app.t.date(order.due_date))
    if order.status in (OrderStatus.DELIVERED, OrderStatus.CANCELLED):
        return text, theme.MUTED
    days = (order.due_date - app.today).days
    if days < 0:
        return app.t("ui_screens.order.overdue_since", date=app.t.date(order.due_date)), theme.OVERDUE
    if days == 0:
        return app.t("ui_screens.order.due_today"), theme.WARNING
    if days <= 7:
        return text, theme.WARNING
    return text, theme.MUTED


def figure_row(label: str, value: str, *, color: str | None = None, bold: bool = False) -> ft.Control:
    """"Paid ...... 1 500 сом": label left, value right; on a narrow phone both wrap
    between words inside their share of the line (never mid-word, never off-screen)."""
    return ft.Row(
        [
            ft.Text(label, expand=5),
            ft.Text(value, color=color, weight=ft.FontWeight.BOLD if bold else None, expand=4,
                    text_align=ft.TextAlign.END),
        ],
        spacing=12,
        vertical_alignment=ft.CrossAxisAlignment.START,
    )


def more_button(app: AppState, shown: int, total: int, on_more: Callable[[], Any]) -> ft.Control:
    """"Show more (30 of 15 000)" under a paged list; nothing when all are shown."""
    if shown >= total:
        return ft.Container(height=0)
    return ft.Container(
        ft.OutlinedButton(
            app.t("ui_screens.list.more", shown=app.t.number(shown), total=app.t.number(total)),
            on_click=lambda _: on_more(),
        ),
        alignment=ft.Alignment.CENTER,
        padding=8,
    )


def method_options(app: AppState) -> list[tuple[str, str]]:
    from ...domain.models import PaymentMethod

    return [(m.value, app.t.enum(m)) for m in PaymentMethod]


def enum_options(app: AppState, enum: Any) -> list[tuple[str, str]]:
    return [(m.value, app.t.enum(m)) for m in enum]


def phone_digits(phone: str) -> str:
    return "".join(ch for ch in phone or "" if ch.isdigit())


def sms_link(phone: str, text: str) -> str:
    """sms:+996700123456?body=... (url-encoded; no network needed to make it)."""
    number = phone_digits(phone)
    prefix = "+" if (phone or "").strip().startswith("+") else ""
    return f"sms:{prefix}{number}?body={quote(text, safe='')}"


def whatsapp_link(phone: str, text: str) -> str:
    """https://wa.me/<digits>?text=... (wa.me wants the number without + or spaces)."""
    return f"https://wa.me/{phone_digits(phone)}?text={quote(text, safe='')}"


def padded(app: AppState, *controls: ft.Control) -> ft.Control:
    """The scrolling body of a screen: one column, padded for the device size."""
    return ft.Column(
        list(controls),
        spacing=theme.GAP,
        scroll=ft.ScrollMode.AUTO,
        expand=True,
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
    )


def own_node(control: ft.Control) -> ft.Control:
    """Keep a text in its own accessibility node (Flutter otherwise merges a card's
    title into the name of the first field below it)."""
    return ft.Semantics(content=control, container=True)


def card(title: str, *controls: ft.Control) -> ft.Control:
    """A titled card whose fields stretch to its full width (phone and PC alike)."""
    return ft.Card(
        content=ft.Container(
            ft.Column(
                [own_node(ft.Text(title, theme_style=ft.TextThemeStyle.TITLE_MEDIUM, weight=ft.FontWeight.W_600)),
                 *controls],
                spacing=10,
                tight=True,
                horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
            ),
            padding=16,
        ),
        margin=0,
        semantic_container=False,  # every text and field keeps its own node (and name)
    )


def header(app: AppState, title: str, *actions: ft.Control, subtitle: str | None = None,
           always: bool = False) -> ft.Control:
    """The screen's actions and title; on a phone the app bar already names a list
    screen, so only detail pages (`always`: a customer's or an order's name) repeat it."""
    from ..components import page_header

    if app.is_phone and always:
        return ft.Column(
            [ft.Text(title, theme_style=ft.TextThemeStyle.TITLE_LARGE, weight=ft.FontWeight.W_600),
             ft.Row(list(actions), wrap=True, spacing=8, run_spacing=8)],
            spacing=8,
            tight=True,
        )
    if app.is_phone:
        parts: list[ft.Control] = []
        if subtitle:
            parts.append(ft.Text(subtitle, color=theme.MUTED))
        return ft.Row([*parts, *actions], wrap=True, spacing=8, run_spacing=8,
                      alignment=ft.MainAxisAlignment.SPACE_BETWEEN,
                      vertical_alignment=ft.CrossAxisAlignment.CENTER)
    return page_header(title, *actions, subtitle=subtitle)


@ft.component
def ChoiceChips(app: AppState, form: Any, name: str, label: str, options: list[tuple[str, str]],
                error: str | None = None) -> ft.Control:
    """A short list of choices as chips (one tap on a phone; each chip is a named
    button for screen readers and tests), bound to `form[name]`."""
    chosen, set_chosen = ft.use_state(lambda: str(form.get(name, "") or ""))

    def pick(value: str) -> None:
        form.set(name, value)
        set_chosen(value)

    return ft.Column(
        [
            own_node(ft.Text(label, color=ft.Colors.ERROR if error else theme.MUTED, size=12)),
            ft.Row(
                [
                    ft.Chip(
                        label=ft.Text(text),
                        selected=chosen == value,
                        on_select=lambda _, v=value: pick(v),
                        show_checkmark=True,
                    )
                    for value, text in options
                ],
                wrap=True,
                spacing=6,
                run_spacing=6,
            ),
        ]
        + ([ft.Text(error, color=ft.Colors.ERROR, size=12)] if error else []),
        spacing=4,
        tight=True,
    )


def chips(app: AppState, form: Any, name: str, label_key: str, options: list[tuple[str, str]]) -> ft.Control:
    """ChoiceChips with a translated label and the field's problem under it."""
    return ChoiceChips(app, form, name, app.t(label_key), options, form.error(name), key=f"chips-{name}")


def save_or_cancel(app: AppState, save_label: str, on_save: Callable[[Any], Any],
                   on_cancel: Callable[[], Any] | None, *, tonal: bool = False) -> ft.Control:
    """A form's Save and Cancel buttons: 48 px tall, wrapping on a narrow phone.
    `tonal` for a form inside another form (a new customer within an order)."""
    button = ft.FilledTonalButton if tonal else ft.FilledButton
    return ft.Row(
        [
            button(save_label, icon=ft.Icons.SAVE, on_click=on_save, height=48),
            ft.TextButton(app.t("common.cancel"), on_click=lambda _: on_cancel() if on_cancel else None, height=48),
        ],
        wrap=True,
    )


def inline_panel(*controls: ft.Control, stretch: bool = False) -> ft.Control:
    """A small form opened inside a page (a repayment, an asset's status, a new
    customer within an order), on a tinted panel that sets it apart from the page."""
    column = ft.Column(list(controls), spacing=8, tight=True)
    if stretch:  # fields as wide as the panel
        column.horizontal_alignment = ft.CrossAxisAlignment.STRETCH
    return ft.Container(
        column,
        bgcolor=ft.Colors.SURFACE_CONTAINER_LOW,
        padding=12,
        border_radius=8,
    )


def amount_text(app: AppState, amount: Any) -> str:
    """An amount as a person would type it in the app's language: "3000", "7866,66"
    (a dot in English); the services read it back with the same decimal mark."""
    if amount is None:
        return ""
    if amount.tyiyn % 100 == 0:
        return str(amount.tyiyn // 100)
    text = amount.to_decimal_str()
    return text if app.lang == "en" else text.replace(".", ",")


def tiles(app: AppState, controls: list[ft.Control]) -> list[ft.Control]:
    """List rows: one column on a phone, two side by side on a wide screen."""
    if app.is_phone or len(controls) < 2:
        return controls
    return [ft.ResponsiveRow([ft.Container(c, col={"xs": 12, "lg": 6}) for c in controls],
                             spacing=theme.GAP, run_spacing=theme.GAP)]
