"""The equipment register (issue 15): what the programme gave and what the owner
bought, its value and source, and its status from a day on (in use, broken, sold,
lost). A status change is recorded with its date, never rewritten; an item entered
by mistake goes to the recycle bin.
"""

from __future__ import annotations

from typing import Any

import flet as ft

from ...domain.access import Action
from ...domain.models import AssetSource, AssetStatus
from .. import theme
from ..components import confirm, form_error, money_field, text_field, use_form
from ..state import AppState
from .screen_bits import DateField, card, chips, enum_options, figure_row, iso, inline_panel, save_or_cancel

STATUS_COLORS = {
    AssetStatus.IN_USE: ft.Colors.GREEN_800,
    AssetStatus.BROKEN: theme.OVERDUE,
    AssetStatus.SOLD: ft.Colors.GREY_700,
    AssetStatus.LOST: ft.Colors.GREY_700,
}


@ft.component
def AssetForm(app: AppState, on_done: Any) -> ft.Control:
    t = app.t
    form = use_form(lambda: {"item": "", "value": "", "acquired_on": iso(app.today), "source": "", "notes": ""})

    def save(_: Any = None) -> None:
        saved = form.submit(app, lambda values: app.services.assets.create(values, actor=app.actor, lang=app.lang),
                            success_key="ui_programme.asset.saved")
        if saved is not None:
            on_done()

    return card(
        t("ui_programme.asset.new_title"),
        text_field(app, form, "item", "ui_programme.asset.item", autofocus=True),
        ft.ResponsiveRow(
            [
                ft.Container(money_field(app, form, "value", "ui_programme.asset.value"), col={"xs": 12, "sm": 6}),
                ft.Container(DateField(app, form, "acquired_on", t("ui_programme.asset.acquired_on"),
                                       form.error("acquired_on")), col={"xs": 12, "sm": 6}),
            ],
            spacing=8,
            run_spacing=8,
        ),
        chips(app, form, "source", "ui_programme.asset.source", enum_options(app, AssetSource)),
        text_field(app, form, "notes", "ui_programme.asset.notes"),
        form_error(app, form),
        save_or_cancel(app, t("ui_programme.asset.save"), save, on_done),
    )


@ft.component
def StatusForm(app: AppState, asset: Any, on_done: Any) -> ft.Control:
    """The asset's new status from a day on (today unless changed) and a short note."""
    t = app.t
    form = use_form(lambda: {"status": "", "date": iso(app.today), "note": ""})

    def save(_: Any = None) -> None:
        saved = form.submit(app, lambda values: app.services.assets.change_status(
            asset.id, values, asset.audit.version, actor=app.actor), success_key="ui_programme.asset.status_saved")
        if saved is not None:
            on_done()

    return inline_panel(
        ft.Text(t("ui_programme.asset.status_title", item=asset.item), weight=ft.FontWeight.W_600),
        chips(app, form, "status", "ui_programme.asset.status", enum_options(app, AssetStatus)),
        DateField(app, form, "date", t("ui_programme.asset.status_date"), form.error("date")),
        text_field(app, form, "note", "ui_programme.asset.status_note"),
        form_error(app, form),
        save_or_cancel(app, t("ui_programme.asset.status_save"), save, on_done),
    )


def _badge(app: AppState, status: AssetStatus) -> ft.Control:
    return ft.Container(
        ft.Text(app.t.enum(status), color=ft.Colors.WHITE, size=12, weight=ft.FontWeight.W_600),
        bgcolor=STATUS_COLORS[status],
        padding=ft.Padding.symmetric(horizontal=8, vertical=3),
        border_radius=10,
    )


@ft.component
def AssetRow(app: AppState, asset: Any, line: Any) -> ft.Control:
    t = app.t
    changing, set_changing = ft.use_state(False)

    def delete() -> None:
        try:
            app.services.assets.delete(asset.id, actor=app.actor, expected_version=asset.audit.version)
        except Exception as exc:
            app.show_error(exc)
            return
        app.changed(t("ui_programme.asset.deleted", item=asset.item))

    details = t("ui_programme.asset.details", value=t.money(asset.value), source=t.enum(asset.source),
                date=t.date(asset.acquired_on))
    since = t("ui_programme.asset.since", date=t.date(line.since)) if line.since != asset.acquired_on else ""
    last_note = asset.changes[-1].note if asset.changes else ""
    controls: list[ft.Control] = [
        ft.Row(
            [ft.Text(asset.item, weight=ft.FontWeight.W_600, expand=True), _badge(app, line.status)],
            spacing=8,
            vertical_alignment=ft.CrossAxisAlignment.START,
        ),
        ft.Text(details, color=theme.MUTED, size=13),
        *([ft.Text(" · ".join(p for p in (since, last_note) if p), size=13,
                   color=theme.OVERDUE if line.status is AssetStatus.BROKEN else theme.MUTED)]
          if since or last_note else []),
    ]
    if app.can(Action.ASSET_EDIT):
        controls.append(ft.Row(
            [
                ft.TextButton(t("ui_programme.asset.change_status"), icon=ft.Icons.BUILD_OUTLINED,
                              on_click=lambda _e: set_changing(not changing),
                              tooltip=t("ui_programme.asset.change_status_of", item=asset.item)),
                *([ft.IconButton(ft.Icons.DELETE_OUTLINE, tooltip=t("ui_programme.asset.delete_of", item=asset.item),
                                 on_click=lambda _e: confirm(app, t("ui_programme.asset.delete_title"),
                                                             t("ui_programme.asset.delete_confirm", item=asset.item),
                                                             delete, yes_key="common.delete", danger=True))]
                  if app.can(Action.ASSET_DELETE) else []),
            ],
            wrap=True,
            spacing=4,
        ))
    if changing:
        controls.append(StatusForm(app, asset, on_done=lambda: set_changing(False)))
    return ft.Container(ft.Column(controls, spacing=4, tight=True), padding=ft.Padding.only(top=8, bottom=8),
                        border=ft.Border.only(bottom=ft.BorderSide(1, ft.Colors.OUTLINE_VARIANT)))


@ft.component
def AssetsSection(app: AppState) -> ft.Control:
    t = app.t
    adding, set_adding = ft.use_state(False)
    assets = ft.use_memo(lambda: app.services.assets.all(), [app.data_version])
    register = ft.use_memo(lambda: app.services.assets.register(app.today), [app.data_version, app.today])
    lines = {line.asset_id: line for line in register.lines}
    shown = [a for a in assets if a.id in lines]
    summary = ft.Column(
        [
            figure_row(t("ui_programme.assets.grant"), t.money(register.grant_value)),
            figure_row(t("ui_programme.assets.own"), t.money(register.own_contribution)),
            figure_row(t("ui_programme.assets.in_use"),
                       t("ui_programme.assets.in_use_value", count=t.number(register.in_use_count),
                         total=t.number(len(register.lines))),
                       color=theme.OVERDUE if register.in_use_count < len(register.lines) else None, bold=True),
        ],
        spacing=4,
        tight=True,
    )
    later = [a for a in assets if a.id not in lines]  # dated after today: listed, not counted yet
    return card(
        t("ui_programme.assets.title"),
        ft.Text(t("ui_programme.assets.hint"), color=theme.MUTED, size=13),
        summary,
        *([AssetForm(app, on_done=lambda: set_adding(False))] if adding else []),
        *[AssetRow(app, a, lines[a.id], key=f"{a.id}-{a.audit.version}") for a in shown],
        *[ft.Text(t("ui_programme.assets.later", item=a.item, date=t.date(a.acquired_on)), color=theme.MUTED,
                  size=13) for a in later],
        *([] if assets else [ft.Text(t("ui_programme.assets.none"), color=theme.MUTED)]),
        *([ft.Row([ft.OutlinedButton(t("ui_programme.asset.new"), icon=ft.Icons.ADD,
                                     on_click=lambda _e: set_adding(True))], wrap=True)]
          if app.can(Action.ASSET_EDIT) and not adding else []),
    )
