"""The month's notes for the caseworker, on the Reports screen (issue 15): what
happened, what the owner needs; printed in the month's report. The owner writes
them; everyone else sees them."""

from __future__ import annotations

from typing import Any

import flet as ft

from ...domain.access import Action
from ...domain.period import Month
from .. import theme
from ..components import form_error, text_field, use_form
from ..state import AppState
from .screen_bits import card


@ft.component
def NotesForm(app: AppState, month: Month, note: Any) -> ft.Control:
    t = app.t
    form = use_form(lambda: {"text": note.text if note is not None else ""})

    def save(_: Any = None) -> None:
        form.submit(app, lambda values: app.services.notes.save(
            month, values.get("text", ""), actor=app.actor,
            expected_version=note.audit.version if note is not None else None),
            success_key="ui_programme.notes.saved")

    return ft.Column(
        [
            text_field(app, form, "text", "ui_programme.notes.label", hint_key="ui_programme.notes.placeholder",
                       multiline=True),
            form_error(app, form),
            ft.Row([ft.FilledButton(t("ui_programme.notes.save"), icon=ft.Icons.SAVE, on_click=save, height=48)],
                   wrap=True),
        ],
        spacing=8,
        tight=True,
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
    )


def notes_section(app: AppState, month: Month) -> ft.Control:
    """The notes of `month`: a form for the owner, the text for everyone else."""
    t = app.t
    note = app.services.notes.of_month(month)
    if app.can(Action.NOTES_EDIT):
        body: ft.Control = NotesForm(app, month, note, key=f"notes-{month}-{note.audit.version if note else 0}")
    else:
        body = ft.Text(note.text if note is not None and note.text else t("ui_programme.notes.none"),
                       color=None if note is not None and note.text else theme.MUTED, selectable=True)
    return card(  # every text and field keeps its own accessibility node (a section merges them)
        t("ui_programme.notes.title"),
        ft.Text(t("ui_programme.notes.hint"), color=theme.MUTED, size=13),
        body,
    )
