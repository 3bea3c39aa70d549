"""Home: how this month is going and what needs doing, at a glance.

This month so far (income, expenses, profit, owner's draws), orders due today,
this week and overdue, the next and overdue debt instalments, a 6-month income
vs expenses chart, and the three everyday actions. All figures come from
services.reporting.dashboard(today) — the same numbers as the report.
"""

from __future__ import annotations

from typing import Any

import flet as ft
import flet_charts as fch

from ...domain.access import Action
from .. import theme
from ..components import empty_state, figure_card, section
from ..components.loading import loading_indicator, use_background
from ..state import AppState

LIST_LIMIT = 5


def _som(amount: Any) -> int:
    """Whole som for chart geometry only (figures shown as text stay exact)."""
    return amount.tyiyn // 100


def trend_chart(app: AppState, trend: tuple) -> ft.Control:
    """Income and expenses of the last six months as paired bars."""
    t = app.t
    top = max([_som(p.income) for p in trend] + [_som(p.expenses) for p in trend] + [1])
    groups = [
        fch.BarChartGroup(
            x=index,
            rods=[
                fch.BarChartRod(
                    to_y=_som(point.income),
                    width=12 if app.is_phone else 18,
                    color=theme.INCOME,
                    border_radius=3,
                    tooltip=f"{t('ui.home.income')}: {t.money(point.income)}",
                ),
                fch.BarChartRod(
                    to_y=_som(point.expenses),
                    width=12 if app.is_phone else 18,
                    color=theme.EXPENSE,
                    border_radius=3,
                    tooltip=f"{t('ui.home.expenses')}: {t.money(point.expenses)}",
                ),
            ],
            spacing=4,
        )
        for index, point in enumerate(trend)
    ]
    chart = fch.BarChart(
        groups=groups,
        min_y=0,
        max_y=top * 1.1,
        height=220,
        interactive=True,
        left_axis=fch.ChartAxis(label_size=0, show_labels=False),
        bottom_axis=fch.ChartAxis(
            labels=[
                fch.ChartAxisLabel(value=index, label=ft.Text(t.month(point.month, style="short").replace(" ", "\n"), size=11, text_align=ft.TextAlign.CENTER))
                for index, point in enumerate(trend)
            ],
            label_size=34,
        ),
        horizontal_grid_lines=fch.ChartGridLines(color=ft.Colors.OUTLINE_VARIANT, width=0.5),
    )
    legend = ft.Row(
        [
            ft.Row([ft.Container(width=12, height=12, bgcolor=theme.INCOME, border_radius=2), ft.Text(t("ui.home.income"), size=12)], spacing=4, tight=True),
            ft.Row([ft.Container(width=12, height=12, bgcolor=theme.EXPENSE, border_radius=2), ft.Text(t("ui.home.expenses"), size=12)], spacing=4, tight=True),
        ],
        spacing=16,
        wrap=True,
    )
    return section(t("ui.home.trend"), ft.Container(chart, height=220), legend)


def _order_row(app: AppState, order: Any, names: dict[str, str], note: str, color: str | None) -> ft.Control:
    t = app.t
    return ft.ListTile(
        title=ft.Text(names.get(order.customer_id, "?"), overflow=ft.TextOverflow.ELLIPSIS),
        subtitle=ft.Text(f"{note} · {t.enum(order.status)}", color=color),
        trailing=ft.Text(t.money(order.total)),
        dense=True,
        content_padding=ft.Padding.symmetric(horizontal=4),
        on_click=lambda _e, oid=order.id: app.navigate(f"/orders/{oid}"),
        tooltip=t("ui.home.open_order"),
    )


def _orders_section(app: AppState, board: Any) -> ft.Control:
    t = app.t
    wanted = list(board.overdue[:LIST_LIMIT]) + list(board.due_today[:LIST_LIMIT]) + list(board.due_this_week[:LIST_LIMIT])
    names = app.services.customers.names_of(order.customer_id for order in wanted)

    def group(title_key: str, orders: tuple, color: str | None) -> list[ft.Control]:
        if not orders:
            return []
        rows: list[ft.Control] = [ft.Text(f"{t(title_key)} ({len(orders)})", weight=ft.FontWeight.W_600, color=color)]
        for order in orders[:LIST_LIMIT]:
            note = t("ui.home.due_on", date=t.date(order.due_date)) if order.due_date else ""
            rows.append(_order_row(app, order, names, note, color))
        if len(orders) > LIST_LIMIT:
            rows.append(ft.TextButton(t("ui.home.all_orders", count=len(orders)), on_click=lambda _e: app.navigate("/orders")))
        return rows

    rows = group("ui.home.overdue_orders", board.overdue, theme.OVERDUE)
    rows += group("ui.home.due_today", board.due_today, theme.WARNING)
    rows += group("ui.home.due_this_week", board.due_this_week, None)
    if not rows:
        rows = [empty_state(t("ui.home.no_orders_due"), icon=ft.Icons.EVENT_AVAILABLE)]
    return section(t("ui.home.orders_due"), *rows)


def _debts_section(app: AppState, board: Any) -> ft.Control:
    t = app.t
    rows: list[ft.Control] = []
    for item in board.instalments[:LIST_LIMIT * 2]:
        late = item.overdue.is_positive
        what = (
            t("ui.home.instalment_overdue", amount=t.money(item.overdue), date=t.date(item.due_date))
            if late
            else t("ui.home.instalment_next", amount=t.money(item.amount), date=t.date(item.due_date))
        )
        left = t("ui.home.remaining", amount=t.money(item.remaining))
        rows.append(
            ft.ListTile(
                leading=ft.Icon(ft.Icons.WARNING_AMBER if late else ft.Icons.EVENT, color=theme.OVERDUE if late else None),
                title=ft.Text(item.lender, overflow=ft.TextOverflow.ELLIPSIS),
                subtitle=ft.Column(
                    [ft.Text(what, color=theme.OVERDUE if late else None)]
                    + ([ft.Text(left, color=theme.MUTED)] if app.is_phone else []),
                    spacing=0,
                    tight=True,
                ),
                trailing=None if app.is_phone else ft.Text(left, size=12, color=theme.MUTED),
                dense=True,
                content_padding=ft.Padding.symmetric(horizontal=4),
                on_click=lambda _e: app.navigate("/debts"),
                tooltip=t("ui.home.open_debts"),
            )
        )
    if not rows:
        rows = [empty_state(t("ui.home.no_instalments"), icon=ft.Icons.CHECK_CIRCLE_OUTLINE)]
    total = []
    if board.debt_overdue.is_positive:
        total = [ft.Text(t("ui.home.debt_overdue_total", amount=t.money(board.debt_overdue)), color=theme.OVERDUE, weight=ft.FontWeight.W_600)]
    return section(t("ui.home.instalments"), *total, *rows)


def _quick_actions(app: AppState) -> ft.Control:
    t = app.t
    style = ft.ButtonStyle(padding=ft.Padding.symmetric(horizontal=16, vertical=14))
    return ft.Row(
        [
            ft.FilledButton(t("ui.home.new_order"), icon=ft.Icons.ADD, style=style, on_click=lambda _e: app.navigate("/orders/new")),
            ft.FilledTonalButton(t("ui.home.record_payment"), icon=ft.Icons.PAYMENTS, style=style, on_click=lambda _e: app.navigate("/money?add=income")),
            ft.FilledTonalButton(t("ui.home.record_expense"), icon=ft.Icons.SHOPPING_BAG, style=style, on_click=lambda _e: app.navigate("/money?add=expense")),
        ],
        wrap=True,
        spacing=8,
        run_spacing=8,
    )


def _backup_banner(app: AppState) -> list[ft.Control]:
    """A failed or missing daily backup, or a second-folder copy that failed, is shown
    to the owner (it is retried on its own; the banner goes once one works)."""
    if not app.can(Action.BACKUP_DOWNLOAD):
        return []
    status = app.services.backups.status()
    if not status.needs_attention:
        return []
    t = app.t
    lines = []
    if status.problem:
        lines.append(t("ui.backup.banner_failed", reason=status.problem))
    elif status.missing:
        lines.append(t("ui.backup.banner_missing"))
    if status.copy_problem:
        lines.append(t("ui.backup.banner_copy", folder=status.copy_folder or "", reason=status.copy_problem))
    return [ft.Container(
        ft.Row([ft.Icon(ft.Icons.WARNING_AMBER, color=theme.WARNING),
                ft.Text("\n".join(lines), expand=True),
                ft.TextButton(t("ui.nav.settings"), on_click=lambda _e: app.navigate("/settings"))],
               vertical_alignment=ft.CrossAxisAlignment.START),
        padding=12, border_radius=8, bgcolor=ft.Colors.with_opacity(0.12, theme.WARNING),
    )]


@ft.component
def HomeView(app: AppState) -> ft.Control:
    t = app.t
    loaded = use_background(lambda: app.services.reporting.dashboard(app.today), [app.data_version, app.today])
    if loaded.value is None:
        if loaded.error is not None:
            return ft.Text(t.error(loaded.error), color=ft.Colors.ERROR, selectable=True)
        return loading_indicator(t("ui.loading"))
    board = loaded.value
    month = board.month
    figures = ft.ResponsiveRow(
        [
            figure_card(t("ui.home.income"), t.money(month.income), color=theme.INCOME),
            figure_card(t("ui.home.expenses"), t.money(month.expenses), color=theme.EXPENSE),
            figure_card(t("ui.home.profit"), t.money(month.profit), color=theme.EXPENSE if month.profit.is_negative else None),
            figure_card(t("ui.home.draws"), t.money(month.owner_draws), color=theme.DRAW),
        ],
        spacing=8,
        run_spacing=8,
    )
    extra = ft.Row(
        [
            ft.Text(t("ui.home.receivables", amount=t.money(board.receivables)), size=13, color=theme.MUTED),
            ft.Text(t("ui.home.advances", amount=t.money(board.advances)), size=13, color=theme.MUTED),
        ],
        wrap=True,
        spacing=16,
    )
    business = app.services.settings.profile().business_name
    heading = ft.Column(
        ([ft.Text(business, color=theme.MUTED, weight=ft.FontWeight.W_600)] if business else [])
        + [
            ft.Text(t("ui.home.this_month", month=t.month(month.month)), theme_style=ft.TextThemeStyle.TITLE_LARGE, weight=ft.FontWeight.W_600),
            ft.Text(t("ui.home.today", date=t.date(app.today, style="full")), color=theme.MUTED, size=13),
            ft.Text(t("ui.reports.in_progress", date=t.date(month.as_of, "short")), color=theme.MUTED, size=13),
        ],
        spacing=2,
        tight=True,
    )
    # PC: orders on the left, debts and the chart on the right; phone: one column.
    right = ft.Column([_debts_section(app, board), trend_chart(app, board.trend)], spacing=12, tight=True)
    lists = ft.ResponsiveRow(
        [
            ft.Container(_orders_section(app, board), col={"xs": 12, "lg": 6}),
            ft.Container(right, col={"xs": 12, "lg": 6}),
        ],
        spacing=12,
        run_spacing=12,
        vertical_alignment=ft.CrossAxisAlignment.START,
    )
    return ft.Column(
        [*_backup_banner(app), heading, figures, extra, _quick_actions(app), lists],
        spacing=14,
        scroll=ft.ScrollMode.AUTO,
        expand=True,
    )
