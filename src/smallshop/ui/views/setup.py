"""First run with sharing: the business name and the owner's PIN, on the PC only.

Until the owner has a PIN nobody can sign in, so while sharing is on and setup is
not done the PC shows this form (services.members.setup_business) and a phone
sees only a note to finish it on the PC. The same form sits in Settings, where
it must be filled before the "share on the home network" switch turns on, and in
the members section before anyone else gets a PIN (the owner's PIN comes first).

Creating the owner is a PC-only action: refused unless this screen's connection
comes from a loopback address (AppState.is_local, from the socket), and while the
app listens on the home network also unless the one-time code is typed
(Runtime.check_setup_code). The code is printed in the terminal and shown on this
form, on the PC's own screen only: Runtime.setup_code_for gives it only to a
loopback peer, and a phone never gets this form at all (it waits, gate "not_ready").
"""

from __future__ import annotations

from typing import Any, Callable

import flet as ft

from ...domain.problems import DomainError, Problem
from .. import theme
from ..components import form_error, page_header, section, text_field, use_form
from ..state import AppState

PIN_FIELDS = ("pin", "pin_again")


def pin_field(app: AppState, form: Any, name: str, label_key: str, on_submit: Callable | None = None) -> ft.TextField:
    """A numeric, hidden PIN field bound to `form[name]` (digits only, at most 6)."""
    return ft.TextField(
        label=app.t(label_key),
        value=str(form.get(name, "") or ""),
        on_change=form.on_change(name),
        error=form.error(name),
        password=True,
        can_reveal_password=True,
        keyboard_type=ft.KeyboardType.NUMBER,
        input_filter=ft.NumbersOnlyInputFilter(),
        max_length=6,
        on_submit=on_submit,
    )


def needs_code(app: AppState) -> bool:
    return bool(getattr(app.launcher, "needs_setup_code", False))


def shown_code(app: AppState) -> str | None:
    """The one-time code for this screen: only the PC's own (the launcher checks the
    socket's peer address again); None for any other screen."""
    if not app.is_local:
        return None
    code_for = getattr(app.launcher, "setup_code_for", None)
    return code_for(app.peer) if code_for is not None else None


def setup_business(app: AppState, values: dict[str, Any]) -> Any:
    """setup_business with the repeated PIN checked first; signs this screen in.
    Only on this PC (and with the one-time code while listening on the network)."""
    if not app.is_local:
        raise DomainError([Problem("code", "guard.setup.pc_only")])
    pin = str(values.get("pin", "")).strip()
    problems = []
    if pin != str(values.get("pin_again", "")).strip():
        problems.append(Problem("pin_again", "ui_sharing.setup.pins_differ"))
    if needs_code(app) and not problems and not app.launcher.check_setup_code(values.get("code")):
        problems.append(Problem("code", "guard.setup.code_wrong"))
    if problems:
        raise DomainError(problems)
    owner = app.services.members.setup_business(
        str(values.get("business_name", "")), str(values.get("owner_name", "")), pin, language=app.lang,
        actor=app.actor,
    )
    app.sign_in_with_pin(owner.id, pin)
    if app.first_run:  # the business exists now: no demo-or-own question any more
        start_own = getattr(app.launcher, "start_own", None)
        if start_own:
            start_own()
        app.first_run = False
    return owner


@ft.component
def SetupForm(app: AppState, on_done: Callable[[], None] | None = None, button: str | None = None,
              success_key: str | None = "ui_sharing.setup.done") -> ft.Control:
    profile = app.services.settings.profile()
    acting = app.member.name if app.member is not None else ""
    form = use_form(lambda: {"business_name": profile.business_name, "owner_name": profile.owner_name or acting,
                             "pin": "", "pin_again": "", "code": ""})

    tries, set_tries = ft.use_state(0)  # drawn again after every try: a new code shows at once

    def save(_: Any = None) -> None:
        owner = form.submit(app, lambda values: setup_business(app, values), success_key=success_key)
        if owner is None:
            set_tries(tries + 1)
        elif on_done is not None:
            on_done()

    business = [text_field(app, form, "business_name", "ui.settings.business_name")]
    if profile.business_name and on_done is not None:  # in Settings, under the profile that names it
        business = []
    code: list[ft.Control] = []
    if needs_code(app):
        shown = shown_code(app)
        code = [
            ft.Text(app.t("guard.setup.code_hint"), color=theme.MUTED, size=13),
            *([ft.Text(app.t("guard.setup.code_shown", code=shown), weight=ft.FontWeight.W_600, size=18)]
              if shown else []),
            pin_field(app, form, "code", "guard.setup.code_label", on_submit=save),
        ]
    return ft.Column(
        [
            *business,
            text_field(app, form, "owner_name", "ui_sharing.setup.owner_name"),
            pin_field(app, form, "pin", "ui_sharing.setup.pin"),
            pin_field(app, form, "pin_again", "ui_sharing.setup.pin_again", on_submit=save),
            *code,
            form_error(app, form),
            ft.FilledButton(button or app.t("ui_sharing.setup.button"), icon=ft.Icons.LOCK, on_click=save,
                            height=48),
        ],
        spacing=10,
        tight=True,
    )


@ft.component
def SetupView(app: AppState) -> ft.Control:
    return ft.Column(
        [
            page_header(app.t("ui_sharing.setup.title"), subtitle=app.t("ui_sharing.setup.hint")),
            section(app.t("ui_sharing.setup.section"), SetupForm(app)),
        ],
        spacing=12,
        scroll=ft.ScrollMode.AUTO,
        expand=True,
    )


@ft.component
def NotSharedView(app: AppState, gate: str) -> ft.Control:
    """A phone that may not use the app yet (setup not done) or any more (sharing off)."""
    key = "ui_sharing.gate.not_ready" if gate == "not_ready" else "ui_sharing.gate.not_shared"
    return ft.Column(
        [
            ft.Icon(ft.Icons.LOCK_OUTLINE, size=48, color=theme.MUTED),
            ft.Text(app.t(key), theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
        ],
        spacing=12,
    )
