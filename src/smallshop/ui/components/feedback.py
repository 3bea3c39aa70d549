"""Headers, figure cards, empty states, confirmations and progress.

Small functions returning plain controls (no business data inside controls):
views compose them so every screen looks and speaks the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

import flet as ft

from .. import theme

if TYPE_CHECKING:  # typing only: state.py imports the screens
    from ..state import AppState


def page_header(title: str, *actions: ft.Control, subtitle: str | None = None) -> ft.Control:
    """The screen's title with its main actions on the right (they wrap on a phone)."""
    heading = ft.Column(
        [ft.Text(title, theme_style=ft.TextThemeStyle.HEADLINE_SMALL, weight=ft.FontWeight.W_600)]
        + ([ft.Text(subtitle, color=theme.MUTED)] if subtitle else []),
        spacing=2,
        tight=True,
    )
    if not actions:
        return heading
    # A wrapping row (a Flutter Wrap) may not hold expanded children: the title
    # keeps its own width and the buttons move to the next line on a narrow phone.
    return ft.Row(
        [heading, *actions],
        wrap=True,
        spacing=8,
        run_spacing=8,
        alignment=ft.MainAxisAlignment.SPACE_BETWEEN,
        vertical_alignment=ft.CrossAxisAlignment.CENTER,
    )


def section(title: str, *controls: ft.Control) -> ft.Control:
    """A titled group of controls inside a card."""
    return ft.Card(
        content=ft.Container(
            ft.Column(
                [ft.Text(title, theme_style=ft.TextThemeStyle.TITLE_MEDIUM, weight=ft.FontWeight.W_600), *controls],
                spacing=10,
                tight=True,
            ),
            padding=16,
        ),
    )


def figure_card(label: str, value: str, *, color: str | None = None, note: str | None = None) -> ft.Control:
    """One key figure ("Income — 12 500 сом") readable at a glance; put it in an
    ft.ResponsiveRow (two per line on a phone, four on a PC)."""
    card = ft.Container(
        ft.Column(
            [
                ft.Text(label, color=theme.MUTED, size=13),
                ft.Text(value, size=20, weight=ft.FontWeight.BOLD, color=color),
            ]
            + ([ft.Text(note, size=12, color=theme.MUTED)] if note else []),
            spacing=2,
            tight=True,
        ),
        padding=12,
        border_radius=12,
        bgcolor=ft.Colors.SURFACE_CONTAINER_LOW,
        col={"xs": 6, "md": 3},
    )
    return card


def empty_state(text: str, *, icon: ft.IconData = ft.Icons.INBOX_OUTLINED, action: ft.Control | None = None) -> ft.Control:
    return ft.Container(
        ft.Column(
            [ft.Icon(icon, size=40, color=theme.MUTED), ft.Text(text, color=theme.MUTED, text_align=ft.TextAlign.CENTER)]
            + ([action] if action else []),
            horizontal_alignment=ft.CrossAxisAlignment.CENTER,
            spacing=8,
            tight=True,
        ),
        padding=24,
        alignment=ft.Alignment.CENTER,
    )


def confirm(
    app: AppState,
    title: str,
    message: str,
    on_yes: Callable[[], Any],
    *,
    yes_key: str = "ui.action.confirm",
    no_key: str = "ui.action.cancel",
    danger: bool = False,
) -> None:
    """Ask before something that cannot be undone (delete, restore). `on_yes`
    runs only after the user presses the confirm button. `no_key` names the
    button that only closes the dialog, when "Cancel" would read as the action
    itself (ky "Жокко чыгаруу" beside "cancel this order?")."""
    page = ft.context.page

    def close(_: Any = None) -> None:
        page.pop_dialog()

    async def yes(_: Any) -> None:
        page.pop_dialog()
        result = on_yes()
        if hasattr(result, "__await__"):
            await result

    page.show_dialog(
        ft.AlertDialog(
            modal=True,
            title=ft.Text(title),
            content=ft.Text(message),
            actions=[
                ft.TextButton(app.t(no_key), on_click=close),
                ft.FilledButton(
                    app.t(yes_key),
                    on_click=yes,
                    style=ft.ButtonStyle(bgcolor=ft.Colors.ERROR) if danger else None,
                ),
            ],
        )
    )


def busy_overlay(text: str) -> ft.Control:
    """A progress row shown while long work runs off the event loop."""
    return ft.Row(
        [ft.ProgressRing(width=20, height=20, stroke_width=3, tooltip=text), ft.Text(text)],
        spacing=12,
    )
