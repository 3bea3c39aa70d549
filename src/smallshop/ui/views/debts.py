"""Debts the owner is paying off: each with its instalment schedule (paid, due,
overdue), a progress bar and what remains; record a repayment; add a debt with
its terms (the schedule is built by the domain); and, below, what customers owe
the business.
"""

from __future__ import annotations

import asyncio
from typing import Any

import flet as ft

from ...domain.debts import InstalmentState
from ...domain.access import Action
from ...domain.models import DebtPurpose, Frequency, LenderType
from .. import theme
from ..components import busy_overlay, columns, empty_state, form_error, money_field, text_field, use_form
from .screen_bits import amount_text, card, chips, header, DateField, enum_options, figure_row, iso, method_options, padded, inline_panel, save_or_cancel

STATE_COLORS = {
    InstalmentState.PAID: theme.INCOME,
    InstalmentState.PARTLY_PAID: theme.WARNING,
    InstalmentState.DUE: theme.MUTED,
    InstalmentState.OVERDUE: theme.OVERDUE,
}
RECEIVABLES_SHOWN = 20


@ft.component
def DebtForm(app: Any, on_done: Any) -> ft.Control:
    t = app.t
    form = use_form(lambda: {"lender": "", "principal": "", "interest": "", "start_date": iso(app.today),
                             "first_due_date": "", "frequency": Frequency.MONTHLY.value, "instalment_count": "",
                             "lender_type": "", "purpose": "", "notes": ""})

    def save(_: Any = None) -> None:
        saved = form.submit(app, lambda values: app.services.debts.create(values, actor=app.actor, lang=app.lang),
                            success_key="ui_screens.debt.saved")
        if saved is not None:
            on_done()

    def half(control: ft.Control) -> ft.Control:
        return ft.Container(control, col={"xs": 12, "sm": 6})

    return card(
        t("ui_screens.debt.new_title"),
        text_field(app, form, "lender", "ui_screens.debt.lender", autofocus=True),
        ft.ResponsiveRow(
            [
                half(money_field(app, form, "principal", "ui_screens.debt.principal")),
                half(money_field(app, form, "interest", "ui_screens.debt.interest")),
                half(DateField(app, form, "start_date", t("ui_screens.debt.start_date"), form.error("start_date"))),
                half(DateField(app, form, "first_due_date", t("ui_screens.debt.first_due_date"),
                               form.error("first_due_date"))),
                half(chips(app, form, "frequency", "ui_screens.debt.frequency", enum_options(app, Frequency))),
                half(text_field(app, form, "instalment_count", "ui_screens.debt.count", keyboard=ft.KeyboardType.NUMBER)),
                half(chips(app, form, "lender_type", "ui_programme.debt.lender_type", enum_options(app, LenderType))),
                half(chips(app, form, "purpose", "ui_screens.debt.purpose", enum_options(app, DebtPurpose))),
            ],
            spacing=8,
            run_spacing=8,
        ),
        text_field(app, form, "notes", "ui_screens.debt.notes", multiline=True),
        form_error(app, form),
        save_or_cancel(app, t("ui_screens.debt.save"), save, on_done),
    )


@ft.component
def RepaymentForm(app: Any, debt: Any, suggested: Any, on_done: Any) -> ft.Control:
    t = app.t
    form = use_form(lambda: {"amount": amount_text(app, suggested) if suggested is not None and suggested.is_positive else "", "method": "cash",
                             "date": iso(app.today), "description": ""})

    def save(_: Any = None) -> None:
        saved = form.submit(app, lambda values: app.services.debts.record_repayment(debt.id, values, actor=app.actor,
                                                                                      lang=app.lang),
                            success_key="ui_screens.repayment.saved")
        if saved is not None:
            on_done()

    return inline_panel(
        ft.Text(t("ui_screens.repayment.title", lender=debt.lender), weight=ft.FontWeight.W_600),
        ft.ResponsiveRow(
            [
                ft.Container(money_field(app, form, "amount", "ui_screens.repayment.amount"), col={"xs": 12, "sm": 4}),
                ft.Container(DateField(app, form, "date", t("ui_screens.repayment.date"), form.error("date")),
                             col={"xs": 12, "sm": 4}),
                ft.Container(chips(app, form, "method", "ui_screens.payment.method", method_options(app)),
                             col={"xs": 12, "sm": 4}),
            ],
            spacing=8,
            run_spacing=8,
        ),
        form_error(app, form),
        save_or_cancel(app, t("ui_screens.repayment.record"), save, on_done),
    )


def _terms(debt: Any) -> dict[str, str]:
    """A debt's saved terms as its form holds them (an edit that changes only its description)."""
    return {"lender": debt.lender, "principal": debt.principal.to_decimal_str(),
            "interest": debt.interest.to_decimal_str(), "start_date": iso(debt.start_date),
            "first_due_date": iso(debt.first_due_date), "frequency": debt.frequency.value,
            "instalment_count": str(debt.instalment_count), "notes": debt.notes}


@ft.component
def DescribeForm(app: Any, debt: Any, on_done: Any) -> ft.Control:
    """Who lent the money (lender type) and what it was for: the caseworker's report
    reads both (issue 15). Allowed also after repayments; the terms stay."""
    t = app.t
    form = use_form(lambda: {"lender_type": debt.lender_type.value, "purpose": debt.purpose.value})

    def save(_: Any = None) -> None:
        saved = form.submit(app, lambda values: app.services.debts.update(
            debt.id, {**_terms(debt), **values}, debt.audit.version, actor=app.actor, lang="en"),
            success_key="ui_programme.debt.described")
        if saved is not None:
            on_done()

    return inline_panel(
        chips(app, form, "lender_type", "ui_programme.debt.lender_type", enum_options(app, LenderType)),
        chips(app, form, "purpose", "ui_screens.debt.purpose", enum_options(app, DebtPurpose)),
        form_error(app, form),
        save_or_cancel(app, t("ui_programme.debt.save_description"), save, on_done),
    )


def _schedule(app: Any, status: Any) -> ft.Control:
    t = app.t
    rows = []
    for row in status.rows:
        color = STATE_COLORS.get(row.state, theme.MUTED)
        rows.append(
            ft.Row(
                [
                    ft.Text(f"{row.number}.", width=28, color=theme.MUTED),
                    ft.Text(t.date(row.due_date), expand=True),
                    ft.Text(t.money(row.amount)),
                    ft.Container(
                        ft.Text(t.enum(row.state), color=ft.Colors.WHITE, size=11),
                        bgcolor=color,
                        padding=ft.Padding.symmetric(horizontal=6, vertical=2),
                        border_radius=8,
                    ),
                ],
                spacing=8,
            )
        )
    return ft.Column(rows, spacing=4, tight=True)


@ft.component
def DebtCard(app: Any, debt: Any, status: Any) -> ft.Control:
    t = app.t
    paying, set_paying = ft.use_state(False)
    describing, set_describing = ft.use_state(False)
    open_schedule, set_open_schedule = ft.use_state(False)
    total = status.total_due.tyiyn or 1
    progress = min(1.0, status.paid_total.tyiyn / total)
    next_line = None
    if status.next_instalment is not None:
        next_line = figure_row(
            t("ui_screens.debt.next"),
            t("ui_screens.debt.next_value", amount=t.money(status.next_instalment.amount),
              date=t.date(status.next_instalment.due_date)),
        )
    overdue = (
        [ft.Text(t("ui_screens.debt.overdue", amount=t.money(status.overdue_amount), count=status.overdue_count),
                 color=theme.OVERDUE, weight=ft.FontWeight.BOLD)]
        if status.overdue_count
        else []
    )
    suggested = status.overdue_amount if status.overdue_count else (
        status.next_instalment.amount if status.next_instalment else status.remaining)
    controls: list[ft.Control] = [
        ft.Column(
            [
                ft.Text(debt.lender, size=18, weight=ft.FontWeight.W_600),
                ft.Text(f"{t.enum(debt.lender_type)} · {t.enum(debt.purpose)}", color=theme.MUTED, size=13),
            ],
            spacing=0,
            tight=True,
        ),
        ft.ProgressBar(value=progress, height=8, border_radius=4,
                       semantics_label=t("ui_screens.debt.progress", percent=int(progress * 100))),
        figure_row(t("ui_screens.debt.start_date"), t.date(debt.start_date)),
        *([ft.Text(debt.notes, color=theme.MUTED, size=13)] if debt.notes else []),
        figure_row(t("ui_screens.debt.total"), t.money(status.total_due)),
        figure_row(t("ui_screens.debt.paid"), t.money(status.paid_total), color=theme.INCOME),
        figure_row(t("ui_screens.debt.remaining"), t.money(status.remaining), bold=True),
        *([next_line] if next_line else []),
        *overdue,
        ft.Row(
            [
                *([ft.FilledTonalButton(t("ui_screens.repayment.new"), icon=ft.Icons.PAYMENTS, height=48,
                                        on_click=lambda _: set_paying(True),
                                        tooltip=t("ui_screens.repayment.new_for", lender=debt.lender))]
                  if not status.is_paid_off else [ft.Text(t("ui_screens.debt.paid_off"), color=theme.INCOME)]),
                ft.TextButton(
                    t("ui_screens.debt.hide_schedule") if open_schedule else t("ui_screens.debt.show_schedule"),
                    icon=ft.Icons.EXPAND_LESS if open_schedule else ft.Icons.EXPAND_MORE,
                    on_click=lambda _: set_open_schedule(not open_schedule),
                    tooltip=t("ui_screens.debt.schedule_of", lender=debt.lender),
                ),
                *([ft.TextButton(t("ui_programme.debt.describe"), icon=ft.Icons.EDIT_NOTE,
                                 on_click=lambda _: set_describing(not describing),
                                 tooltip=t("ui_programme.debt.describe_of", lender=debt.lender))]
                  if app.can(Action.DEBT_EDIT) else []),
            ],
            wrap=True,
        ),
    ]
    if describing:
        controls.append(DescribeForm(app, debt, on_done=lambda: set_describing(False)))
    if paying:
        controls.append(RepaymentForm(app, debt, suggested, on_done=lambda: set_paying(False)))
    if open_schedule:
        controls.append(_schedule(app, status))
    return ft.Card(content=ft.Container(ft.Column(controls, spacing=8, tight=True), padding=16), margin=0,
                   semantic_container=False)


def _receivables(app: Any, lines: Any) -> ft.Control:
    t = app.t
    lines = list(lines)
    total = sum((line.amount for line in lines), start=type(lines[0].amount)(0)) if lines else None
    rows = [
        ft.ListTile(
            title=ft.Text(line.customer_name),
            subtitle=ft.Text(t("ui_screens.receivables.since", date=t.date(line.since)), color=theme.MUTED),
            trailing=ft.Text(t.money(line.amount), weight=ft.FontWeight.BOLD, color=theme.OVERDUE),
            on_click=lambda _, cid=line.customer_id: app.navigate(f"/customers/{cid}"),
            tooltip=t("ui_screens.customers.open", name=line.customer_name),
        )
        for line in lines[:RECEIVABLES_SHOWN]
    ]
    return card(
        t("ui_screens.receivables.title"),
        *([figure_row(t("ui_screens.receivables.total"), t.money(total), bold=True)] if total is not None else []),
        *(rows or [ft.Text(t("ui_screens.receivables.none"), color=theme.MUTED)]),
    )


@ft.component
def DebtsView(app: Any) -> ft.Control:
    t = app.t
    adding, set_adding = ft.use_state(False)
    services = app.services
    debts = ft.use_memo(lambda: services.debts.all(), [app.data_version])
    statuses = ft.use_memo(lambda: {s.debt_id: s for s in services.debts.statuses(app.today)},
                           [app.data_version, app.today])
    # what customers owe walks every order and payment (~0.2 s over 10 years): off the loop
    receivables, set_receivables = ft.use_state(None)

    async def load_receivables() -> None:
        lines = await asyncio.to_thread(services.debts.receivables, app.today)
        set_receivables(tuple(lines))

    ft.use_effect(load_receivables, [app.data_version, app.today])
    remaining = sum((s.remaining.tyiyn for s in statuses.values()), 0)
    overdue = sum((s.overdue_amount.tyiyn for s in statuses.values()), 0)

    known = [d for d in debts if d.id in statuses]
    open_cards = [DebtCard(app, d, statuses[d.id], key=d.id) for d in known if not statuses[d.id].is_paid_off]
    closed_cards = [DebtCard(app, d, statuses[d.id], key=d.id) for d in known if statuses[d.id].is_paid_off]
    from ...domain.money import Money

    summary = ft.Column(
        [
            figure_row(t("ui_screens.debts.remaining"), t.money(Money(remaining)), bold=True),
            figure_row(t("ui_screens.debts.overdue"), t.money(Money(overdue)),
                       color=theme.OVERDUE if overdue else None),
        ],
        spacing=4,
        tight=True,
    )
    left = ft.Column(
        [summary]
        + ([DebtForm(app, on_done=lambda: set_adding(False))] if adding else [])
        + (open_cards or [empty_state(t("ui_screens.debts.empty"))])
        + ([ft.Text(t("ui_screens.debts.paid_off"), weight=ft.FontWeight.W_600)] + closed_cards if closed_cards else []),
        spacing=theme.GAP,
        tight=True,
    )
    return padded(
        app,
        header(app, t("ui_screens.debts.title"),
            ft.FilledButton(t("ui_screens.debt.new"), icon=ft.Icons.ADD, on_click=lambda _: set_adding(True)),
        ),
        columns(
            app,
            left,
            _receivables(app, receivables) if receivables is not None
            else card(t("ui_screens.receivables.title"), busy_overlay(t("common.loading"))),
            left_flex=3,
            right_flex=2,
        ),
    )
