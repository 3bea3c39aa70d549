"""Colours, spacing and the Material locale: one look for every screen.

Calm teal on light surfaces, large touch targets (Material's 48 px minimum is kept
on phones), and figures that read at a glance: income green, expenses and
overdue red. Views use these names instead of literal colours.
"""

from __future__ import annotations

import flet as ft

from ..i18n.languages import SUPPORTED, flet_locale

SEED = ft.Colors.TEAL
INCOME = ft.Colors.GREEN_700
EXPENSE = ft.Colors.RED_700
DRAW = ft.Colors.INDIGO_400
WARNING = ft.Colors.ORANGE_800
OVERDUE = ft.Colors.RED_700
MUTED = ft.Colors.ON_SURFACE_VARIANT

PHONE_PADDING = 12
DESKTOP_PADDING = 24
GAP = 12


def theme() -> ft.Theme:
    return ft.Theme(
        color_scheme_seed=SEED,
        visual_density=ft.VisualDensity.STANDARD,
        # five labels must fit 360 px in Kyrgyz ("Буйрутмалар") without breaking a word
        navigation_bar_theme=ft.NavigationBarTheme(label_text_style=ft.TextStyle(size=11)),
    )


def locale(lang: str) -> ft.Locale:
    return ft.Locale(*flet_locale(lang))


def locale_configuration(lang: str) -> ft.LocaleConfiguration:
    """Material widgets (date picker, buttons' built-in texts) in the app's language."""
    return ft.LocaleConfiguration(
        supported_locales=[locale(code) for code in SUPPORTED],
        current_locale=locale(lang),
    )
