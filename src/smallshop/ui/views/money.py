"""Money in and out for one month: record income (a walk-in sale or a payment on
an order), an expense (by category, optionally for one order) or an owner's draw;
see the month's entries with their totals; switch month; edit or delete an entry
(deleting asks first).
"""

from __future__ import annotations

from typing import Any

import flet as ft

from ...domain.models import ExpenseCategory, IncomeCategory
from ...domain.period import Month
from ...services.finance import EntryKind
from .. import theme
from ..router import match
from ..components import choice_field, confirm, figure_card, form_error, money_field, text_field, use_form
from .screen_bits import PAGE_SIZE, amount_text, card, chips, header, DateField, enum_options, iso, method_options, more_button, padded, save_or_cancel

KIND_COLORS = {EntryKind.INCOME: theme.INCOME, EntryKind.EXPENSE: theme.EXPENSE, EntryKind.DRAW: theme.DRAW,
               EntryKind.REFUND: theme.EXPENSE}
KIND_ICONS = {
    EntryKind.INCOME: ft.Icons.ARROW_DOWNWARD,
    EntryKind.EXPENSE: ft.Icons.ARROW_UPWARD,
    EntryKind.DRAW: ft.Icons.HOME_OUTLINED,
    EntryKind.REFUND: ft.Icons.UNDO,
}
FORM_KINDS = (EntryKind.INCOME, EntryKind.EXPENSE, EntryKind.DRAW)  # a refund is given on its order or customer
ORDER_CHOICES = 40  # recent orders offered when linking an entry to an order


def _values_of(app: Any, kind: EntryKind, entry: Any | None, today: Any) -> dict[str, Any]:
    values = {
        "amount": amount_text(app, entry.amount) if entry else "",
        "date": iso(entry.date if entry else today),
        "method": entry.method.value if entry else "cash",
        "description": entry.description if entry else "",
    }
    if kind is EntryKind.INCOME:
        values["category"] = entry.category.value if entry else IncomeCategory.WALK_IN_SALE.value
        values["order_id"] = (entry.order_id or "") if entry else ""
    elif kind is EntryKind.EXPENSE:
        values["category"] = entry.category.value if entry else ""
        values["order_id"] = (entry.order_id or "") if entry else ""
    return values


def _order_options(app: Any, current: str) -> list[tuple[str, str]]:
    """Recent orders (newest first) as "customer — first item" choices, plus none."""
    t = app.t
    page = app.services.orders.search("", None, 0, ORDER_CHOICES)
    orders = list(page.items)
    if current and all(o.id != current for o in orders):
        try:
            orders.insert(0, app.services.orders.get(current))
        except Exception:
            pass
    options = [("", t("ui_screens.entry.no_order"))]
    names = app.services.customers.names_of(order.customer_id for order in orders)
    for order in orders:
        name = names[order.customer_id]
        first = order.items[0].description if order.items else ""
        options.append((order.id, f"{name} — {first} ({t.date(order.order_date)})"))
    return options


@ft.component
def EntryForm(app: Any, kind: EntryKind, entry: Any | None = None, on_done: Any = None) -> ft.Control:
    t = app.t
    form = use_form(lambda: _values_of(app, kind, entry, app.today))
    finance = app.services.finance

    def save(_: Any = None) -> None:
        def action(values: dict[str, Any]) -> Any:
            if kind is EntryKind.INCOME:
                if entry is None and values.get("order_id"):  # a payment on an order: the order's own action
                    return app.services.orders.record_payment(values["order_id"], values, actor=app.actor,
                                                              lang=app.lang)
                if entry is None:
                    return finance.record_income(values, actor=app.actor, lang=app.lang)
                return finance.update_income(entry.id, values, expected_version=entry.audit.version, actor=app.actor,
                                              lang=app.lang)
            if kind is EntryKind.EXPENSE:
                if entry is None:
                    return finance.record_expense(values, actor=app.actor, lang=app.lang)
                return finance.update_expense(entry.id, values, expected_version=entry.audit.version, actor=app.actor,
                                              lang=app.lang)
            if entry is None:
                return finance.record_draw(values, actor=app.actor, lang=app.lang)
            return finance.update_draw(entry.id, values, expected_version=entry.audit.version, actor=app.actor,
                                              lang=app.lang)

        saved = form.submit(app, action, success_key=f"ui_screens.{kind.value}.saved")
        if saved is not None and on_done:
            on_done(saved)

    fields: list[ft.Control] = [
        ft.Container(money_field(app, form, "amount", f"ui_screens.{kind.value}.amount"), col={"xs": 12, "sm": 6}),
        ft.Container(DateField(app, form, "date", t("ui_screens.entry.date"), form.error("date")), col={"xs": 12, "sm": 6}),
    ]
    if kind is EntryKind.INCOME:
        fields.append(ft.Container(chips(app, form, "category", "ui_screens.income.category",
                                                enum_options(app, IncomeCategory)), col={"xs": 12, "sm": 6}))
    elif kind is EntryKind.EXPENSE:
        fields.append(ft.Container(chips(app, form, "category", "ui_screens.expense.category",
                                                enum_options(app, ExpenseCategory)), col={"xs": 12, "sm": 6}))
    fields.append(ft.Container(chips(app, form, "method", "ui_screens.payment.method", method_options(app)),
                               col={"xs": 12, "sm": 6}))
    if kind is not EntryKind.DRAW:
        picker = choice_field(app, form, "order_id", f"ui_screens.{kind.value}.order",
                              _order_options(app, form.get("order_id")))
        picker.editable = True  # typing filters the list, and the field is a named textbox
        picker.enable_filter = True
        picker.expand = True
        fields.append(ft.Container(ft.Row([picker]), col=12))
    title = t(f"ui_screens.{kind.value}.new_title") if entry is None else t(f"ui_screens.{kind.value}.edit_title")
    return card(
        title,
        ft.ResponsiveRow(fields, spacing=8, run_spacing=8),
        text_field(app, form, "description", "ui_screens.entry.description"),
        form_error(app, form),
        save_or_cancel(app, t(f"ui_screens.{kind.value}.record"), save, (lambda: on_done(None)) if on_done else None),
    )


def _entry_row(app: Any, kind: EntryKind, entry: Any, on_edit: Any, on_delete: Any, names: dict) -> ft.Control:
    t = app.t
    what = _what(app, kind, entry)
    who = names.get(getattr(entry, "customer_id", None) or "", "")
    detail = " · ".join(x for x in (t.date(entry.date), t.enum(entry.method), who, entry.description) if x)
    sign = "+" if kind is EntryKind.INCOME else "−"
    editable = kind in FORM_KINDS
    amount = f"{sign}{t.money(entry.amount)}"
    return ft.Card(
        content=ft.Container(
            ft.Row(
                [
                    ft.Icon(KIND_ICONS[kind], color=KIND_COLORS[kind]),
                    ft.Column(
                        [ft.Text(what, weight=ft.FontWeight.W_600),
                         ft.Text(detail, color=theme.MUTED, size=12, max_lines=2, overflow=ft.TextOverflow.ELLIPSIS)],
                        spacing=2,
                        tight=True,
                        expand=True,
                    ),
                    ft.Text(amount, color=KIND_COLORS[kind], weight=ft.FontWeight.BOLD),
                    *([ft.IconButton(ft.Icons.EDIT_OUTLINED, tooltip=t("ui_screens.entry.edit", what=what, amount=amount),
                                     on_click=lambda _: on_edit(kind, entry))] if editable else []),
                    *([ft.IconButton(ft.Icons.DELETE_OUTLINE, tooltip=t("ui_screens.entry.delete", what=what, amount=amount),
                                     on_click=lambda _: on_delete(kind, entry))]
                      if app.can(f"{kind.value}.delete") else []),  # helpers may not delete (issue 5)
                ],
                spacing=4,
            ),
            padding=ft.Padding.only(left=12, right=4, top=4, bottom=4),
        ),
        margin=0,
        semantic_container=False,
    )


def _what(app: Any, kind: EntryKind, entry: Any) -> str:
    if kind is EntryKind.DRAW:
        return app.t("ui_screens.draw.label")
    if kind is EntryKind.REFUND:
        return app.t("report.income_category.refunds")
    return app.t.enum(entry.category)


@ft.component
def MoneyView(app: Any) -> ft.Control:
    t = app.t
    month, set_month = ft.use_state(lambda: Month.of(app.today))
    shown, set_shown = ft.use_state(PAGE_SIZE)
    # "/money?add=income|expense|draw" (the home screen's quick actions) opens that form
    wanted = match(app.route).query.get("add", "")
    editing, set_editing = ft.use_state(
        lambda: (EntryKind(wanted), None) if wanted in {k.value for k in FORM_KINDS} else None
    )  # (kind, entry or None) of the open form
    entries = ft.use_memo(lambda: app.services.finance.month_entries(month), [month, app.data_version])

    def open_form(kind: EntryKind, entry: Any | None = None) -> None:
        set_editing((kind, entry))

    def done(saved: Any) -> None:
        set_editing(None)
        if saved is not None and hasattr(saved, "date"):
            set_month(Month.of(saved.date))

    def delete(kind: EntryKind, entry: Any) -> None:
        def yes() -> None:
            try:
                app.services.finance.delete(kind, entry.id, actor=app.actor, expected_version=entry.audit.version)
            except Exception as exc:
                app.show_error(exc)
                return
            app.changed(t("ui_screens.entry.deleted"))

        what = _what(app, kind, entry)
        confirm(app, t("ui_screens.entry.delete_title"),
                t("ui_screens.entry.delete_text", what=what, amount=t.money(entry.amount), date=t.date(entry.date)),
                yes, yes_key="common.delete", danger=True)

    all_rows = (
        [(EntryKind.INCOME, e) for e in entries.incomes]
        + [(EntryKind.EXPENSE, e) for e in entries.expenses]
        + [(EntryKind.DRAW, e) for e in entries.draws]
        + [(EntryKind.REFUND, e) for e in entries.refunds]
    )
    all_rows.sort(key=lambda pair: (pair[1].date, pair[1].id), reverse=True)
    names = app.services.customers.names_of(getattr(entry, "customer_id", None) for _kind, entry in all_rows[:shown])
    rows = [_entry_row(app, kind, entry, open_form, delete, names) for kind, entry in all_rows[:shown]]

    switcher = ft.Row(
        [
            ft.IconButton(ft.Icons.CHEVRON_LEFT, tooltip=t("ui_screens.money.previous_month"),
                          on_click=lambda _: (set_month(month.previous()), set_shown(PAGE_SIZE))),
            ft.Text(t.month(month), size=18, weight=ft.FontWeight.W_600, text_align=ft.TextAlign.CENTER, expand=True),
            ft.IconButton(ft.Icons.CHEVRON_RIGHT, tooltip=t("ui_screens.money.next_month"),
                          on_click=lambda _: (set_month(month.next()), set_shown(PAGE_SIZE))),
        ],
    )
    totals = ft.ResponsiveRow(
        [
            figure_card(t("ui_screens.money.income"), t.money(entries.income_total - entries.refund_total),
                        color=theme.INCOME,
                        note=t("ui_screens.money.refunds_note", amount=t.money(entries.refund_total))
                        if entries.refund_total.is_positive else None),
            figure_card(t("ui_screens.money.expenses"), t.money(entries.expense_total), color=theme.EXPENSE),
            figure_card(t("ui_screens.money.profit"), t.money(entries.profit)),
            figure_card(t("ui_screens.money.draws"), t.money(entries.draw_total), color=theme.DRAW),
        ],
        spacing=8,
        run_spacing=8,
    )
    add_buttons = ft.Row(
        [
            ft.FilledButton(t("ui_screens.income.new"), icon=ft.Icons.ADD, height=48,
                            on_click=lambda _: open_form(EntryKind.INCOME)),
            ft.FilledTonalButton(t("ui_screens.expense.new"), icon=ft.Icons.REMOVE, height=48,
                                 on_click=lambda _: open_form(EntryKind.EXPENSE)),
            ft.OutlinedButton(t("ui_screens.draw.new"), icon=ft.Icons.HOME_OUTLINED, height=48,
                              on_click=lambda _: open_form(EntryKind.DRAW)),
        ],
        wrap=True,
        spacing=8,
        run_spacing=8,
    )
    form = None
    if editing is not None:
        kind, entry = editing
        form = EntryForm(app, kind, entry, on_done=done, key=f"{kind.value}-{entry.id if entry else 'new'}")
    return padded(
        app,
        header(app, t("ui_screens.money.title")),
        add_buttons,
        *([form] if form else []),
        switcher,
        totals,
        *(rows or [ft.Text(t("ui_screens.money.empty"), color=theme.MUTED)]),
        more_button(app, len(rows), len(all_rows), lambda: set_shown(shown + PAGE_SIZE)),
    )
