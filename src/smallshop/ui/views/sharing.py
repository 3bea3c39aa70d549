"""Settings: share the app with the family's phones over the home Wi-Fi.

The switch is remembered beside the data (the Runtime keeps it) and turns on only
after the owner has a PIN (the setup form comes first). While sharing, the
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

    def switch(e: Any) -> None:
        on = bool(e.control.value)
        if on and not app.sharing_on:  # the owner's PIN first, then phones may come
            set_asking_setup(True)
            e.control.value = False
            return
        try:
            app.require_actor()
            app.launcher.set_sharing(on)
        except Exception as exc:
            app.show_error(exc)
            return
        set_shared(on)
        app.notify(t("ui_sharing.share.on" if on else "ui_sharing.share.off"))

    def after_setup() -> None:
        set_asking_setup(False)
        app.launcher.set_sharing(True)
        set_shared(True)

    parts: list[ft.Control] = [
        ft.Text(t("ui_sharing.share.hint"), color=theme.MUTED, size=13),
    ]
    if allowed:  # the owner's switch; a helper only sees the address to pass on
        parts.append(ft.Switch(label=t("ui_sharing.share.switch"), value=shared, on_change=switch))
    if asking_setup and not app.sharing_on:
        parts += [ft.Text(t("ui_sharing.setup.first"), weight=ft.FontWeight.W_600), SetupForm(app, after_setup)]
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
