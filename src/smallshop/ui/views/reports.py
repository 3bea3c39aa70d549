"""Reports: pick a month and a language, read "what needs attention" (the same box
as page 1 of the report: domain.attention), check the key figures, export the
caseworker's report as PDF, XLSX, CSV or JSON (customers named only when the owner
asks for her own copy).

The figures come from services.reporting.month_summary — the very numbers the
report prints. The file is built by smallshop.reports through the launcher
(app.py wires it; this package never imports reportlab), off the event loop,
and handed to the browser as a download.
"""

from __future__ import annotations

import asyncio
from typing import Any

import flet as ft

from ...domain.attention import what_needs_attention
from ...domain.money import Money
from ...domain.period import Month
from ...i18n.languages import LANGUAGE_NAMES, SUPPORTED
from .. import theme
from ..components import busy_overlay, columns, figure_card, offer_file, page_header, section
from ..components.loading import loading_indicator, use_background
from ..state import AppState
from .month_notes import notes_section

MONTHS_OFFERED = 120  # ten years, like the longest demo
FORMATS = (("pdf", ft.Icons.PICTURE_AS_PDF), ("xlsx", ft.Icons.GRID_ON), ("csv", ft.Icons.TABLE_CHART),
           ("json", ft.Icons.DATA_OBJECT))


def _change(t: Any, now: Any, before: Any, same_days: bool) -> str:
    diff = now - before
    if diff.is_zero:
        return t("ui.reports.same_as_same_days" if same_days else "ui.reports.same_as_before")
    sign = "+" if diff.is_positive else "−"
    return t("ui.reports.vs_same_days" if same_days else "ui.reports.vs_previous", change=f"{sign}{t.money(abs(diff))}")


# the figures of the table, by their names in the summary: labelled as in the report
TABLE_FIGURES = ("sales_income", "refunds", "credit_sales", "orders_taken", "orders_delivered", "orders_open",
                 "receivables", "advances", "debt_paid", "debt_outstanding", "debt_overdue")


def _shown(t: Any, value: Any) -> str:
    return t.money(value) if isinstance(value, Money) else t.number(value)


def in_progress_note(app: AppState, figures: Any) -> str:
    """'Month in progress: figures up to 02.12.2026' (empty for a closed month)."""
    t = app.t
    return t("ui.reports.in_progress", date=t.date(figures.as_of, "short")) if figures.in_progress else ""


def _figures(app: AppState, summary: Any) -> tuple[ft.Control, ft.Control]:
    """The four money cards, and the other key figures as a table."""
    t = app.t
    cur, prev = summary.current, summary.previous
    same = prev.as_of < prev.month.last_day  # the month in progress: compared over the same days
    money_cards = ft.ResponsiveRow(
        [
            figure_card(t("ui.home.income"), t.money(cur.income), color=theme.INCOME,
                        note=_change(t, cur.income, prev.income, same)),
            figure_card(t("ui.home.expenses"), t.money(cur.expenses), color=theme.EXPENSE,
                        note=_change(t, cur.expenses, prev.expenses, same)),
            figure_card(t("ui.home.profit"), t.money(cur.profit), note=_change(t, cur.profit, prev.profit, same)),
            figure_card(t("ui.home.draws"), t.money(cur.owner_draws), color=theme.DRAW,
                        note=_change(t, cur.owner_draws, prev.owner_draws, same)),
        ],
        spacing=8,
        run_spacing=8,
    )
    ratio = t.percent(cur.debt_service_ratio) if cur.debt_service_ratio is not None else t("ui.reports.no_income")
    lines = [
        (t(f"report.figure.{key}"), _shown(t, getattr(cur, key))) for key in TABLE_FIGURES
    ] + [
        (t("ui.reports.debt_new"), t.money(cur.debt_new_borrowing)),
        (t("ui.reports.debt_service"), ratio),
    ]
    table = ft.Column(
        [
            ft.Row(
                [ft.Text(label, expand=True), ft.Text(value, weight=ft.FontWeight.W_600)],
                spacing=8,
            )
            for label, value in lines
        ],
        spacing=6,
        tight=True,
    )
    return money_cards, section(t("ui.reports.key_figures"), table)


def attention_box(app: AppState, summary: Any, extras: Any) -> ft.Control:
    """"What needs attention", line for line as on page 1 of the report; alerts carry
    a "!" and a word, not only a colour. `extras` = (business plan, asset register) or None."""
    t = app.t
    plan, assets = extras if extras is not None else (None, None)
    rows = []
    for item in what_needs_attention(summary, plan=plan, assets=assets):
        text = item.text(t)
        if item.alert:
            marker = ft.Container(ft.Text(f"! {t('report.attention.marker')}", color=ft.Colors.WHITE,
                                          weight=ft.FontWeight.BOLD, size=13),
                                  bgcolor=ft.Colors.BLACK, padding=ft.Padding.symmetric(horizontal=6, vertical=2),
                                  border_radius=4)
            rows.append(ft.Row([marker, ft.Text(text, weight=ft.FontWeight.W_600, expand=True)],
                               vertical_alignment=ft.CrossAxisAlignment.START, spacing=8))
        else:
            rows.append(ft.Text(text))
    return section(t("report.section.attention"), ft.Column(rows, spacing=8, tight=True))


@ft.component
def ReportsView(app: AppState) -> ft.Control:
    t = app.t
    this_month = Month.of(app.today)
    month_text, set_month_text = ft.use_state(str(this_month))
    report_lang, set_report_lang = ft.use_state(app.lang)
    busy, set_busy = ft.use_state("")
    with_names, set_with_names = ft.use_state(False)
    month = Month.parse(month_text)
    loaded = use_background(lambda: app.services.reporting.month_summary(month), [month_text, app.data_version])
    plan_and_assets = use_background(
        lambda: (app.services.plan.current(), app.services.assets.register(min(month.last_day, app.today))),
        [month_text, app.data_version])
    page = ft.context.page
    can_export = hasattr(app.launcher, "report")

    async def export(fmt: str) -> None:
        set_busy(t("ui.reports.preparing", format=fmt.upper()))
        prepared_by = app.member.name if app.member else ""
        try:
            app.require_actor()  # sharing on: no export without a live sign-in
            name, data = await asyncio.to_thread(app.launcher.report, month, fmt=fmt, lang=report_lang,
                                                 prepared_by=prepared_by, with_names=with_names)
        except Exception as exc:
            set_busy("")
            app.show_error(exc)
            return
        set_busy("")
        await offer_file(app, page, name, data, dialog_title=t("ui.reports.save_as"),
                         on_done=lambda: app.notify(t("ui.reports.exported", file=name)))

    def exporter(fmt: str) -> Any:
        async def on_click(_e: Any) -> None:
            await export(fmt)

        return on_click

    months = this_month.back(MONTHS_OFFERED)[::-1]
    chooser = ft.Row(
        [
            ft.Dropdown(
                label=t("ui.reports.month"),
                tooltip=t("ui.reports.month"),
                value=month_text,
                options=[ft.DropdownOption(key=str(m), text=t.month(m)) for m in months],
                on_select=lambda e: set_month_text(e.control.value),
                width=320,
                menu_height=360,
            ),
            ft.Dropdown(
                label=t("ui.reports.language"),
                tooltip=t("ui.reports.language"),
                value=report_lang,
                options=[ft.DropdownOption(key=code, text=LANGUAGE_NAMES[code]) for code in SUPPORTED],
                on_select=lambda e: set_report_lang(e.control.value),
                width=180,
            ),
        ],
        wrap=True,
        spacing=12,
        run_spacing=12,
    )
    buttons = ft.Row(
        [
            ft.FilledButton(
                t("ui.reports.export", format=fmt.upper()),
                icon=icon,
                on_click=exporter(fmt),
                disabled=bool(busy) or not can_export,
                tooltip=t("ui.reports.export_tooltip", format=fmt.upper()),
            )
            for fmt, icon in FORMATS
        ],
        wrap=True,
        spacing=8,
        run_spacing=8,
    )
    names_switch = ft.Switch(
        label=t("ui.reports.with_names"),
        value=with_names,
        on_change=lambda e: set_with_names(bool(e.control.value)),
        tooltip=t("ui.reports.with_names_hint"),
    )
    export_box = section(
        t("ui.reports.export_title"),
        ft.Text(t("ui.reports.export_hint"), color=theme.MUTED, size=13),
        names_switch,
        ft.Text(t("report.names.shown" if with_names else "report.names.hidden"), color=theme.MUTED, size=13),
        buttons,
        busy_overlay(busy) if busy else ft.Container(height=0),
        ft.Text(t("ui.reports.not_available"), color=theme.WARNING) if not can_export else ft.Container(height=0),
    )
    attention: ft.Control = ft.Container(height=0)
    if loaded.value is not None and loaded.value.month == month:
        cards, table = _figures(app, loaded.value)
        attention = attention_box(app, loaded.value, plan_and_assets.value)
    elif loaded.error is not None:
        cards, table = ft.Text(t.error(loaded.error), color=ft.Colors.ERROR, selectable=True), ft.Container(height=0)
    else:
        cards, table = loading_indicator(t("ui.loading")), ft.Container(height=0)
    return ft.Column(
        [
            page_header(t("ui.reports.title"), subtitle=t.month(month)),
            chooser,
            *([ft.Text(in_progress_note(app, loaded.value.current), color=theme.WARNING, weight=ft.FontWeight.W_600)]
              if loaded.value is not None and loaded.value.month == month and loaded.value.current.in_progress
              else []),
            attention,
            cards,
            # the export (the point of this screen) comes first on a phone
            columns(app, export_box, table) if app.is_phone else columns(app, table, export_box, left_flex=3, right_flex=2),
            notes_section(app, month),  # issue 15: printed in the month's report
        ],
        spacing=14,
        scroll=ft.ScrollMode.AUTO,
        expand=True,
    )
