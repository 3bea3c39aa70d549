"""Who worked in the business each month (issue 15): the owner checks the list the
app pre-fills (the last confirmed month, or the family members, and the month's wage
expenses) and confirms it. Each person: family or hired, paid or not, a woman or not,
young (18-35) or not. A month that is not confirmed has no jobs figures in the report.
"""

from __future__ import annotations

from typing import Any

import flet as ft

from ...domain.models import WorkerKind
from ...domain.period import Month
from .. import theme
from ..components import form_error, use_form
from ..state import AppState
from .screen_bits import card, own_node

FLAGS = ("paid", "woman", "young")
MONTHS_OFFERED = 24


def _values(workers: Any) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for number, worker in enumerate(workers):
        values.update({f"workers.{number}.name": worker.name, f"workers.{number}.kind": worker.kind.value,
                       f"workers.{number}.member_id": worker.member_id or "",
                       **{f"workers.{number}.{flag}": getattr(worker, flag) for flag in FLAGS}})
    return values


@ft.component
def PersonChips(app: AppState, form: Any, prefix: str) -> ft.Control:
    """Family or hired (one of two), and paid, woman, young (each on or off), as one
    wrapping row of chips: two lines on a phone instead of five."""
    t = app.t
    kind, set_kind = ft.use_state(lambda: str(form.get(prefix + "kind") or WorkerKind.FAMILY.value))
    flags, set_flags = ft.use_state(lambda: {flag: bool(form.get(prefix + flag)) for flag in FLAGS})

    def pick(value: str) -> None:
        form.set(prefix + "kind", value)
        set_kind(value)

    def toggle(flag: str) -> None:
        form.set(prefix + flag, not flags[flag])
        set_flags({**flags, flag: not flags[flag]})

    kinds = [ft.Chip(label=ft.Text(t.enum(k)), selected=kind == k.value, show_checkmark=True,
                     on_select=lambda _e, v=k.value: pick(v)) for k in WorkerKind]
    toggles = [ft.Chip(label=ft.Text(t(f"ui_programme.jobs.{flag}")), selected=flags[flag], show_checkmark=True,
                       on_select=lambda _e, f=flag: toggle(f)) for flag in FLAGS]
    return ft.Row([*kinds, ft.Container(width=8), *toggles], wrap=True, spacing=6, run_spacing=6)


@ft.component
def JobsForm(app: AppState, month: Month) -> ft.Control:
    """One month's list, pre-filled; keyed by the month and the confirmed version."""
    t = app.t
    suggestion = app.services.jobs.suggestion(month)
    confirmed = app.services.jobs.of_month(month)
    form = use_form(lambda: _values(suggestion.workers))
    rows, set_rows = ft.use_state(len(suggestion.workers))
    generation, set_generation = ft.use_state(0)  # bumped when rows shift: their chips start again

    def rows_of(values: dict[str, Any]) -> list[dict[str, Any]]:
        names = ("name", "kind", "member_id", *FLAGS)
        return [{name: values.get(f"workers.{n}.{name}", "") for name in names} for n in range(rows)]

    def save(_: Any = None) -> None:
        form.submit(app, lambda values: app.services.jobs.confirm(
            month, rows_of(values), actor=app.actor,
            expected_version=confirmed.audit.version if confirmed is not None else None),
            success_key="ui_programme.jobs.saved")

    def remove(number: int) -> None:
        names = ("name", "kind", "member_id", *FLAGS)
        for later in range(number, rows - 1):
            for name in names:
                form.set(f"workers.{later}.{name}", form.get(f"workers.{later + 1}.{name}"))
        for name in names:
            form.values.pop(f"workers.{rows - 1}.{name}", None)
        set_rows(rows - 1)
        set_generation(generation + 1)

    def add() -> None:
        form.set(f"workers.{rows}.kind", WorkerKind.HIRED.value)
        set_rows(rows + 1)

    if confirmed is not None:
        who = app.services.history.member_names().get(confirmed.audit.updated_by or "", "")
        stamp = confirmed.audit.updated_at
        when = t.date((stamp.astimezone() if stamp and stamp.tzinfo else stamp).date()) if stamp else ""
        state = t("ui_programme.jobs.confirmed", who=who or t("ui_sharing.history.local_owner"), date=when)
        state_color = theme.INCOME
    else:
        state = t(f"ui_programme.jobs.suggested_{suggestion.source}")
        state_color = theme.WARNING
    people = []
    for number in range(rows):
        prefix = f"workers.{number}."
        name = str(form.get(prefix + "name") or "")
        people.append(ft.Container(
            ft.Column(
                [
                    ft.Row(
                        [
                            ft.TextField(label=t("ui_programme.jobs.name", number=number + 1), value=name, expand=True,
                                         on_change=form.on_change(prefix + "name"), error=form.error(prefix + "name")),
                            ft.IconButton(ft.Icons.PERSON_REMOVE_OUTLINED, on_click=lambda _e, n=number: remove(n),
                                          tooltip=t("ui_programme.jobs.remove", name=name or str(number + 1))),
                        ],
                        spacing=4,
                        vertical_alignment=ft.CrossAxisAlignment.START,
                    ),
                    PersonChips(app, form, prefix, key=f"chips-{prefix}-{generation}"),
                ],
                spacing=4,
                tight=True,
            ),
            padding=ft.Padding.only(top=6, bottom=6),
            border=ft.Border.only(bottom=ft.BorderSide(1, ft.Colors.OUTLINE_VARIANT)),
            key=f"worker-{number}",
        ))
    unnamed = ([ft.Text(t("ui_programme.jobs.wages_unnamed", amount=t.money(suggestion.wages_unnamed)),
                        color=theme.WARNING, size=13)] if not suggestion.wages_unnamed.is_zero and confirmed is None
               else [])
    return ft.Column(
        [
            own_node(ft.Text(state, color=state_color, size=13, weight=ft.FontWeight.W_600)),
            *unnamed,
            *(people or [ft.Text(t("ui_programme.jobs.nobody"), color=theme.MUTED)]),
            ft.Text(form.error("workers"), color=ft.Colors.ERROR) if form.error("workers") else ft.Container(height=0),
            ft.Row([ft.OutlinedButton(t("ui_programme.jobs.add"), icon=ft.Icons.PERSON_ADD_ALT,
                                      on_click=lambda _e: add())], wrap=True),
            form_error(app, form),
            ft.Row([ft.FilledButton(t("ui_programme.jobs.confirm"), icon=ft.Icons.CHECK, on_click=save, height=48)],
                   wrap=True),
        ],
        spacing=8,
        tight=True,
    )


@ft.component
def JobsSection(app: AppState) -> ft.Control:
    t = app.t
    this_month = Month.of(app.today)
    month_text, set_month_text = ft.use_state(str(this_month))
    month = Month.parse(month_text)
    confirmed = app.services.jobs.of_month(month)
    version = confirmed.audit.version if confirmed is not None else 0
    return card(
        t("ui_programme.jobs.title"),
        ft.Text(t("ui_programme.jobs.hint"), color=theme.MUTED, size=13),
        ft.Dropdown(
            label=t("ui_programme.jobs.month"),
            tooltip=t("ui_programme.jobs.month"),
            value=month_text,
            options=[ft.DropdownOption(key=str(m), text=t.month(m, "short"))
                     for m in this_month.back(MONTHS_OFFERED)[::-1]],
            on_select=lambda e: set_month_text(e.control.value),
            menu_height=360,
        ),
        JobsForm(app, month, key=f"jobs-{month}-{version}"),
    )
