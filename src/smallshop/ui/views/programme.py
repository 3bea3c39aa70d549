"""What the owner agreed with her caseworker, and what the business has (issue 15):
the business plan (when the assistance started, monthly targets, planned
purchases), the equipment register, and who worked each month.

Reached from Settings (owner only: every write here is the owner's; the services
check again). The three sections are forms like every other: what was typed stays,
problems show under their fields, nothing is saved half-way.
"""

from __future__ import annotations

from typing import Any

import flet as ft

from ...domain.access import Action
from ...domain.period import Month
from .. import theme
from ..components import choice_field, columns, empty_state, form_error, money_field, page_header, text_field, use_form
from ..state import AppState
from .screen_bits import DateField, amount_text, card, iso, own_node

PURCHASE_FIELDS = ("item", "amount", "month")
MONTHS_BACK, MONTHS_AHEAD = 36, 36  # the months a planned purchase can be put in


def month_options(app: AppState, around: Month, back: int, ahead: int) -> list[tuple[str, str]]:
    """("2026-12", "декабрь 2026") for the months around `around`, oldest first."""
    months = around.back(back + 1)
    later = around
    for _ in range(ahead):
        later = later.next()
        months.append(later)
    return [(str(m), app.t.month(m, "short")) for m in months]


def _plan_values(app: AppState, plan: Any) -> dict[str, Any]:
    values = {
        "assistance_started": iso(plan.assistance_started),
        "sales_target": amount_text(app, plan.sales_target),
        "profit_target": amount_text(app, plan.profit_target),
    }
    for number, purchase in enumerate(plan.purchases):
        values.update({f"purchases.{number}.item": purchase.item,
                       f"purchases.{number}.amount": amount_text(app, purchase.amount),
                       f"purchases.{number}.month": str(purchase.month)})
    return values


@ft.component
def PlanSection(app: AppState) -> ft.Control:
    """The plan as one form: the start of the assistance, the two targets and the
    purchase rows (added and removed here; saved together)."""
    t = app.t
    plan = app.services.plan.current()
    form = use_form(lambda: _plan_values(app, plan))
    rows, set_rows = ft.use_state(len(plan.purchases))
    version = ft.use_ref(plan.audit.version)  # the plan as this form loaded it (conflicts name who saved)

    def purchases(values: dict[str, Any]) -> list[dict[str, Any]]:
        return [{name: values.get(f"purchases.{n}.{name}", "") for name in PURCHASE_FIELDS} for n in range(rows)]

    def save(_: Any = None) -> None:
        saved = form.submit(
            app,
            lambda values: app.services.plan.update(
                values, purchases(values), actor=app.actor, expected_version=version.current or None, lang=app.lang),
            success_key="ui_programme.plan.saved",
        )
        if saved is not None:
            version.current = saved.audit.version
            form.reset(_plan_values(app, saved))  # blank purchase rows were skipped
            set_rows(len(saved.purchases))

    def remove(number: int) -> None:
        for later in range(number, rows - 1):
            for name in PURCHASE_FIELDS:
                form.set(f"purchases.{later}.{name}", form.get(f"purchases.{later + 1}.{name}"))
        for name in PURCHASE_FIELDS:
            form.values.pop(f"purchases.{rows - 1}.{name}", None)
        set_rows(rows - 1)

    def add() -> None:
        form.set(f"purchases.{rows}.month", str(Month.of(app.today)))  # this month unless changed
        set_rows(rows + 1)

    start = Month.of(plan.assistance_started) if plan.assistance_started else Month.of(app.today)
    options = month_options(app, start, MONTHS_BACK, MONTHS_AHEAD)
    purchase_rows = []
    for number in range(rows):
        prefix = f"purchases.{number}."
        purchase_rows.append(ft.Column(
            [
                ft.Row(
                    [
                        ft.Container(text_field(app, form, prefix + "item", "ui_programme.plan.purchase_item",
                                                label_params={"number": number + 1}),
                                     expand=True),
                        ft.IconButton(ft.Icons.DELETE_OUTLINE, on_click=lambda _e, n=number: remove(n),
                                      tooltip=t("ui_programme.plan.remove_purchase", number=number + 1)),
                    ],
                    spacing=4,
                    vertical_alignment=ft.CrossAxisAlignment.START,
                ),
                ft.ResponsiveRow(
                    [
                        ft.Container(money_field(app, form, prefix + "amount", "ui_programme.plan.purchase_amount"),
                                     col={"xs": 5}),
                        ft.Container(choice_field(app, form, prefix + "month", "ui_programme.plan.purchase_month",
                                                  options), col={"xs": 7}),
                    ],
                    spacing=8,
                    run_spacing=4,
                ),
            ],
            spacing=8,
            tight=True,
            key=f"purchase-{number}",
        ))
    return card(
        t("ui_programme.plan.title"),
        ft.Text(t("ui_programme.plan.hint"), color=theme.MUTED, size=13),
        DateField(app, form, "assistance_started", t("ui_programme.plan.assistance_started"),
                  form.error("assistance_started"), key=f"start-{version.current}"),
        ft.ResponsiveRow(
            [
                ft.Container(money_field(app, form, "sales_target", "ui_programme.plan.sales_target"),
                             col={"xs": 12, "sm": 6}),
                ft.Container(money_field(app, form, "profit_target", "ui_programme.plan.profit_target"),
                             col={"xs": 12, "sm": 6}),
            ],
            spacing=8,
            run_spacing=8,
        ),
        own_node(ft.Text(t("ui_programme.plan.purchases"), weight=ft.FontWeight.W_600)),
        *(purchase_rows or [ft.Text(t("ui_programme.plan.no_purchases"), color=theme.MUTED, size=13)]),
        ft.Text(form.error("purchases"), color=ft.Colors.ERROR) if form.error("purchases") else ft.Container(height=0),
        ft.Row(
            [ft.OutlinedButton(t("ui_programme.plan.add_purchase"), icon=ft.Icons.ADD,
                               on_click=lambda _e: add())],
            wrap=True,
        ),
        form_error(app, form),
        ft.Row([ft.FilledButton(t("ui_programme.plan.save"), icon=ft.Icons.SAVE, on_click=save, height=48)],
               wrap=True),
    )


@ft.component
def ProgrammeView(app: AppState) -> ft.Control:
    from .assets import AssetsSection
    from .jobs import JobsSection

    t = app.t
    if not app.can(Action.PLAN_EDIT):
        return ft.Column(
            [page_header(t("ui_programme.title")), empty_state(t("ui_programme.owner_only"), icon=ft.Icons.LOCK)],
            spacing=12,
        )
    left = ft.Column([PlanSection(app), JobsSection(app)], spacing=theme.GAP, tight=True)
    right = ft.Column([AssetsSection(app)], spacing=theme.GAP, tight=True)
    return ft.Column(
        [page_header(t("ui_programme.title"), subtitle=t("ui_programme.subtitle")), columns(app, left, right)],
        spacing=12,
        scroll=ft.ScrollMode.AUTO,
        expand=True,
    )
