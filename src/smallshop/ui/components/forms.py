"""Forms that keep what the user typed and show translated problems under each field.

    form = use_form({"name": customer.name, "phone": customer.phone})
    ...
    text_field(app, form, "name", "ui.customer.name")
    ...
    def save(_):
        saved = form.submit(app, lambda values: app.services.customers.create(values, actor=app.actor),
                            success_key="ui.saved")
        if saved is not None:
            app.navigate(f"/customers/{saved.id}")

`submit` calls the service with the raw strings (services parse and validate);
a DomainError puts each Problem's translated message under its field and keeps
every typed value; a StorageError (conflict, disk) shows a snackbar. Nothing is
saved half-way because the services refuse the whole record.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Callable, Mapping

import flet as ft

from ...domain.problems import DomainError

if TYPE_CHECKING:  # typing only: state.py imports the screens
    from ..state import AppState

log = logging.getLogger(__name__)

GENERAL = ""  # Problem.field of a problem about the whole record
CONFLICT = "_conflict"  # set when the save met a newer version saved by someone else


class Form:
    """Typed values (kept across re-renders without re-rendering on each key)
    and the translated problems of the last submit."""

    def __init__(self, values_ref: Any, errors: dict[str, str], set_errors: Callable) -> None:
        self._values_ref = values_ref
        self.errors = errors
        self._set_errors = set_errors

    @property
    def values(self) -> dict[str, Any]:
        return self._values_ref.current

    def get(self, name: str, default: Any = "") -> Any:
        return self.values.get(name, default)

    def set(self, name: str, value: Any) -> None:
        self.values[name] = value

    def on_change(self, name: str) -> Callable[[Any], None]:
        """An on_change handler that stores the control's value under `name`."""

        def handler(e: Any) -> None:
            self.values[name] = e.control.value

        return handler

    def reset(self, values: Mapping[str, Any]) -> None:
        self._values_ref.current = dict(values)
        self._set_errors({})

    def error(self, name: str) -> str | None:
        return self.errors.get(name)

    @property
    def conflict(self) -> bool:
        """The last save was refused because someone else saved the record first
        (the message names them); what was typed is kept."""
        return bool(self.errors.get(CONFLICT))

    def show_problems(self, app: AppState, error: DomainError) -> None:
        messages: dict[str, str] = {}
        for problem in error.problems:
            text = app.t.problem(problem)
            messages[problem.field] = f"{messages[problem.field]}\n{text}" if problem.field in messages else text
        self._set_errors(messages)

    def submit(
        self,
        app: AppState,
        action: Callable[[dict[str, Any]], Any],
        *,
        success_key: str | None = "ui.saved",
    ) -> Any:
        """Run `action(values)`; on success clear problems, tell the other
        sessions, show the success message and return the result; on a user
        error show it and return None (nothing was saved)."""
        try:
            result = action(dict(self.values))
        except DomainError as exc:
            self.show_problems(app, exc)
            return None
        except Exception as exc:  # StorageError family: conflict, disk full, ...
            log.warning("save failed: %r", exc)
            from ...services import ConflictError

            conflict = {CONFLICT: "1"} if isinstance(exc, ConflictError) else {}
            self._set_errors({GENERAL: app.t.error(exc), **conflict})
            app.show_error(exc)
            return None
        self._set_errors({})
        app.changed(app.t(success_key) if success_key else None)
        return result


def use_form(initial: Mapping[str, Any] | Callable[[], Mapping[str, Any]]) -> Form:
    """A Form for this component; `initial` is read on the first render only."""
    values_ref = ft.use_ref(None)
    if values_ref.current is None:
        values_ref.current = dict(initial() if callable(initial) else initial)
    errors, set_errors = ft.use_state({})
    return Form(values_ref, errors, set_errors)


def text_field(
    app: AppState,
    form: Form,
    name: str,
    label_key: str,
    *,
    hint_key: str | None = None,
    multiline: bool = False,
    keyboard: ft.KeyboardType | None = None,
    autofocus: bool = False,
    expand: bool | int | None = None,
    suffix: str | None = None,
    on_submit: Callable | None = None,
    label_params: Mapping[str, Any] | None = None,
) -> ft.TextField:
    """A labelled text field bound to `form[name]`, with its translated problem under it.
    The label is also the accessible name browser tests fill by (`label_params` fill
    its placeholders: "2. What to buy" in a list of rows)."""
    return ft.TextField(
        label=app.t(label_key, **dict(label_params or {})),
        hint_text=app.t(hint_key) if hint_key else None,
        value=str(form.get(name, "") or ""),
        on_change=form.on_change(name),
        error=form.error(name),
        multiline=multiline,
        min_lines=3 if multiline else None,
        max_lines=6 if multiline else 1,
        keyboard_type=keyboard,
        autofocus=autofocus,
        expand=expand,
        suffix=suffix,
        on_submit=on_submit,
    )


def money_field(app: AppState, form: Form, name: str, label_key: str, **kwargs: Any) -> ft.TextField:
    """An amount in сом typed as text ("1 250,50" or "1250.5"); the service parses it."""
    return text_field(app, form, name, label_key, keyboard=ft.KeyboardType.NUMBER, suffix=app.t("ui.currency"), **kwargs)


def choice_field(
    app: AppState,
    form: Form,
    name: str,
    label_key: str,
    options: list[tuple[str, str]],
    *,
    expand: bool | int | None = None,
) -> ft.Dropdown:
    """A dropdown of (value, translated text) pairs bound to `form[name]`."""

    def changed(e: Any) -> None:
        form.set(name, e.control.value)

    return ft.Dropdown(
        label=app.t(label_key),
        tooltip=app.t(label_key),  # Flutter does not name a dropdown by its label

        value=form.get(name) or None,
        options=[ft.DropdownOption(key=value, text=text) for value, text in options],
        on_select=changed,
        error_text=form.error(name),
        expand=expand,
    )


def form_error(app: AppState, form: Form, on_reload: Callable[[], None] | None = None) -> ft.Control:
    """The problem about the whole record (or a failed save), shown above the buttons.
    After an edit conflict, `on_reload` adds a "Reload" button that loads the
    record as the other member saved it (the form's own code decides how)."""
    message = form.error(GENERAL)
    if not message:
        return ft.Container(height=0)
    text = ft.Text(message, color=ft.Colors.ERROR, selectable=True)
    if not (form.conflict and on_reload):
        return text
    return ft.Container(
        ft.Column(
            [
                ft.Row([ft.Icon(ft.Icons.SYNC_PROBLEM, color=ft.Colors.ERROR), ft.Container(text, expand=True)]),
                ft.OutlinedButton(app.t("ui_sharing.conflict.reload"), icon=ft.Icons.REFRESH,
                                  on_click=lambda _e: on_reload()),
            ],
            spacing=8,
            tight=True,
        ),
        bgcolor=ft.Colors.ERROR_CONTAINER,
        border_radius=8,
        padding=12,
    )
