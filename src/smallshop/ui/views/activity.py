"""The owner's activity feed: who did what in the whole business, newest first.

Paged (services.history.activity_feed with offset/limit) with a "show more"
button, so ten years of history never load at once. Helpers do not get here:
the services refuse them and the screen says so in their language.
"""

from __future__ import annotations

from typing import Any

import flet as ft

from ...domain.access import Action
from ..components import empty_state, page_header
from ..components.history import history_tile
from ..state import AppState

PAGE = 30


@ft.component
def ActivityView(app: AppState) -> ft.Control:
    t = app.t
    shown, set_shown = ft.use_state(PAGE)

    def load() -> Any:
        try:
            return app.services.history.activity_feed(0, shown, actor=app.actor), None
        except Exception as exc:  # NotAllowedError for a helper
            return None, exc

    page, error = ft.use_memo(load, [shown, app.data_version])
    names = ft.use_memo(lambda: app.services.history.member_names(), [app.data_version])
    header = page_header(t("ui_sharing.activity.title"), subtitle=t("ui_sharing.activity.hint"))
    if error is not None or not app.can(Action.ACTIVITY_VIEW):
        return ft.Column([header, ft.Text(t.error(error) if error else t("ui_sharing.owner_only"),
                                          color=ft.Colors.ERROR)], spacing=12)
    rows: list[ft.Control] = [history_tile(t, entry, names, with_record=True) for entry in page.items]
    if not rows:
        rows = [empty_state(t("ui_sharing.activity.empty"))]
    more = []
    if page.total > len(page.items):
        more = [ft.OutlinedButton(t("ui_sharing.activity.more", shown=len(page.items), total=page.total),
                                  icon=ft.Icons.EXPAND_MORE, on_click=lambda _e: set_shown(shown + PAGE))]
    return ft.Column(
        [header, ft.Column([*rows, *more], spacing=0)],
        spacing=12,
        scroll=ft.ScrollMode.AUTO,
        expand=True,
    )
