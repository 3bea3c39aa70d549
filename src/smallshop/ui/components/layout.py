"""Responsive helpers: one column on a phone, two side by side on a PC.

A view never measures the window itself; it asks `app.is_phone` (the shell
keeps `app.width` current) or uses `columns(app, left, right)`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import flet as ft

from .. import theme

if TYPE_CHECKING:  # typing only: state.py imports the screens
    from ..state import AppState


def columns(app: AppState, left: ft.Control, right: ft.Control, *, left_flex: int = 1, right_flex: int = 1) -> ft.Control:
    """Two columns on a wide screen, stacked on a phone (no horizontal scroll)."""
    if app.is_phone:
        return ft.Column([left, right], spacing=theme.GAP, tight=True)
    return ft.Row(
        [ft.Container(left, expand=left_flex), ft.Container(right, expand=right_flex)],
        spacing=theme.GAP * 2,
        vertical_alignment=ft.CrossAxisAlignment.START,
    )


def content_width(app: AppState) -> float | None:
    """A comfortable maximum width for forms on a wide screen."""
    return None if app.is_phone else 720
