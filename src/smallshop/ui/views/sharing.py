"""Settings: share the app with the family's phones over the home Wi-Fi.

The switch is remembered beside the data (the Runtime keeps it; the services
allow it to the owner only) and turns on only after the owner has a PIN: with no
PIN yet, switching it on opens the setup form under it (the switch stays off),
and saving the form signs her in and then turns sharing on. The switch's value
always comes from the state: a handler never writes to a control (Flet freezes
the controls a component returns, and writing one crashed the app, issue 9). While sharing, the
section shows the address to open on a phone and a QR code of it (segno, PNG
bytes straight into an ft.Image), so a phone camera opens it. No internet is
used anywhere: the PC's own network address is found locally.
"""

from __future__ import annotations

import io
import logging
from typing import Any

import flet as ft

from ...domain.access import Action
from .. import theme
from ..components import section
from ..state import AppState
from .setup import SetupForm

log = logging.getLogger(__name__)


def qr_png(text: str, scale: int = 6) -> bytes:
    """A QR code of `text` as PNG bytes (black on white, quiet zone kept)."""
    import segno

    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


def _addresses(app: AppState) -> list[str]:
    find = getattr(app.launcher, "phone_addresses", None)
    try:
        return list(find()) if find else []
    except OSError as exc:  # pragma: no cover - no network at all
        log.info("no network address: %s", exc)
        return []


@ft.component
def SharingSection(app: AppState) -> ft.Control:
    t = app.t
    shared, set_shared = ft.use_state(app.shared)
    asking_setup, set_asking_setup = ft.use_state(False)
    addresses = ft.use_memo(lambda: _addresses(app), [shared])
    allowed = app.can(Action.PROFILE_EDIT)

    def turn(on: bool) -> bool:
        try:
            app.launcher.set_sharing(on, app.require_actor())
        except Exception as exc:  # not the owner, signed out, disk full...
            app.show_error(exc)
            return False
        set_shared(on)
        app.notify(t("ui_sharing.share.on" if on else "ui_sharing.share.off"))
        return True

    def switch(e: Any) -> None:
        on = bool(e.control.value)  # read only: the control is frozen
        if on and not app.owner_can_sign_in:  # the owner's PIN first, then phones may come
            set_asking_setup(True)
            return
        set_asking_setup(False)
        turn(on)

    def after_setup() -> None:
        set_asking_setup(False)
        turn(True)

    parts: list[ft.Control] = [
        ft.Text(t("ui_sharing.share.hint"), color=theme.MUTED, size=13),
    ]
    if allowed:  # the owner's switch; a helper only sees the address to pass on
        # the key changes with the flow, so a switch the browser flipped on is drawn afresh as off
        parts.append(ft.Switch(label=t("ui_sharing.share.switch"), value=shared, on_change=switch,
                               key=f"share-{shared}-{asking_setup}"))
    if asking_setup and not app.owner_can_sign_in:
        parts += [
            ft.Text(t("ui_sharing.setup.first"), weight=ft.FontWeight.W_600),
            ft.Text(t("guard.share.setup_then_on"), color=theme.MUTED, size=13),
            SetupForm(app, after_setup, button=t("guard.share.setup_button")),
        ]
    if shared:
        if not getattr(app.launcher, "listening_on_network", True):
            parts.append(ft.Text(t("ui_sharing.share.restart"), color=theme.WARNING))
        if addresses:
            address = addresses[0]
            parts += [
                ft.Text(t("ui_sharing.share.open_on_phone"), weight=ft.FontWeight.W_600),
                ft.Text(address, size=20, weight=ft.FontWeight.BOLD, selectable=True),
                ft.Image(src=qr_png(address), width=200, height=200, semantics_label=t("ui_sharing.share.qr", address=address)),
                *[ft.Text(other, selectable=True, color=theme.MUTED) for other in addresses[1:]],
                ft.Text(t("ui_sharing.share.same_wifi"), color=theme.MUTED, size=13),
            ]
        else:
            parts.append(ft.Text(t("ui_sharing.share.no_network"), color=theme.WARNING))
    card = section(t("ui_sharing.share.title"), *parts)
    card.semantic_container = False  # keep the address and notes readable one by one (screen readers, tests)
    return card
