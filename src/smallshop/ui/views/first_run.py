"""The first screen on an empty data folder: try the demo business, or start your own.

The demo goes to its own folder (see smallshop.storage.location.demo_data_dir), never into
the real data. Creating it takes a few seconds, so it runs off the event loop
with a progress indicator.
"""

from __future__ import annotations

import asyncio
from typing import Any

import flet as ft

from ..components import busy_overlay
from ..state import AppState


@ft.component
def FirstRunView(app: AppState) -> ft.Control:
    busy, set_busy = ft.use_state(False)
    t = app.t

    async def start_demo(_: Any) -> None:
        set_busy(True)
        try:
            await asyncio.to_thread(app.launcher.prepare_demo)  # the slow part, off the loop
            app.launcher.start_demo()  # opens the store on the loop's thread
        except Exception as exc:
            set_busy(False)
            app.show_error(exc)
            return
        app.first_run = False
        app.act_as(app.default_member())
        app.set_language(app.lang, remember=False)
        app.changed()
        app.navigate("/")

    def start_own(_: Any) -> None:
        app.launcher.start_own()
        app.first_run = False
        app.navigate("/settings")

    def choice(icon: ft.IconData, title_key: str, text_key: str, button: ft.Control) -> ft.Control:
        return ft.Card(
            ft.Container(
                ft.Column(
                    [
                        ft.Icon(icon, size=36, color=ft.Colors.PRIMARY),
                        ft.Text(t(title_key), theme_style=ft.TextThemeStyle.TITLE_LARGE),
                        ft.Text(t(text_key)),
                        button,
                    ],
                    spacing=10,
                    tight=True,
                ),
                padding=20,
            ),
            col={"xs": 12, "md": 6},
        )

    languages = ft.Row(
        [
            ft.OutlinedButton(
                name,
                on_click=lambda _e, code=code: app.set_language(code),
                style=ft.ButtonStyle(side=ft.BorderSide(2, ft.Colors.PRIMARY)) if code == app.lang else None,
            )
            for code, name in _language_names()
        ],
        wrap=True,
    )
    return ft.Column(
        [
            ft.Text(t("ui.first_run.welcome"), theme_style=ft.TextThemeStyle.HEADLINE_MEDIUM),
            ft.Text(t("ui.first_run.intro")),
            languages,
            busy_overlay(t("ui.first_run.creating_demo")) if busy else ft.Container(height=0),
            ft.ResponsiveRow(
                [
                    choice(
                        ft.Icons.STOREFRONT,
                        "ui.first_run.demo_title",
                        "ui.first_run.demo_text",
                        ft.FilledButton(t("ui.first_run.demo_button"), on_click=start_demo, disabled=busy),
                    ),
                    choice(
                        ft.Icons.EDIT_NOTE,
                        "ui.first_run.own_title",
                        "ui.first_run.own_text",
                        ft.FilledButton(t("ui.first_run.own_button"), on_click=start_own, disabled=busy),
                    ),
                ],
                spacing=12,
                run_spacing=12,
            ),
            ft.Text(t("ui.first_run.data_folder", folder=app.data_location), size=12, color=ft.Colors.ON_SURFACE_VARIANT, selectable=True),
        ],
        spacing=16,
        scroll=ft.ScrollMode.AUTO,
        expand=True,
    )


def _language_names() -> list[tuple[str, str]]:
    from ...i18n.languages import LANGUAGE_NAMES, SUPPORTED

    return [(code, LANGUAGE_NAMES[code]) for code in SUPPORTED]
