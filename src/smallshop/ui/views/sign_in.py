"""Sign in with a PIN, once the owner has set up sharing (some member has a PIN).

Each family member's screen is its own session: choose who you are, type your
PIN. Wrong PINs and the growing lock-out come from services.signin and are shown
translated under the field; nothing else of the app is reachable before.

Only display names go to the browser: the choices are numbered ("0", "1", ...)
and the number is turned back into a member here, on the server, so a phone that
has not signed in learns no member ids and no roles (issue 9).
"""

from __future__ import annotations

from typing import Any

import flet as ft

from ..components import page_header
from ..state import AppState


@ft.component
def SignInView(app: AppState) -> ft.Control:
    t = app.t
    members = app.services.signin.members()
    chosen, set_chosen = ft.use_state("0" if members else "")
    error, set_error = ft.use_state("")
    pin = ft.use_ref("")

    def on_pin(e: Any) -> None:
        pin.current = e.control.value or ""

    def submit(_: Any) -> None:
        try:
            index = int(chosen)
            if not 0 <= index < len(members):
                raise ValueError(chosen)
        except (TypeError, ValueError):
            set_error(t("ui.signin.who"))
            return
        try:
            app.sign_in_with_pin(members[index].id, pin.current)
        except Exception as exc:  # wrong PIN, locked out, inactive...
            set_error(t.error(exc))
            return
        set_error("")
        app.notify(t("ui.signin.welcome", name=app.member.name if app.member else ""))

    people = ft.RadioGroup(
        value=chosen,
        on_change=lambda e: set_chosen(e.control.value),
        content=ft.Column(
            [
                ft.Radio(value=str(index), label=m.name)
                for index, m in enumerate(members)
            ],
            spacing=0,
            tight=True,
        ),
    )
    return ft.Column(
        [
            page_header(t("ui.signin.title"), subtitle=t("ui.signin.hint")),
            ft.Text(t("ui.signin.who"), weight=ft.FontWeight.W_600),
            people,
            ft.TextField(
                label=t("ui.signin.pin"),
                password=True,
                can_reveal_password=True,
                keyboard_type=ft.KeyboardType.NUMBER,
                input_filter=ft.NumbersOnlyInputFilter(),
                max_length=6,
                on_change=on_pin,
                on_submit=submit,
                error=error or None,
                width=280,
            ),
            ft.FilledButton(t("ui.signin.button"), icon=ft.Icons.LOGIN, on_click=submit),
        ],
        spacing=14,
        scroll=ft.ScrollMode.AUTO,
        expand=True,
    )
