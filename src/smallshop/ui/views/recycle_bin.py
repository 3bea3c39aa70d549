"""The recycle bin (owner): what was deleted, by whom and when; restore one
record, or empty the bin for good after a confirmation."""

from __future__ import annotations

from typing import Any

import flet as ft

from ...domain.access import Action
from .. import theme
from ..components import confirm, empty_state, page_header
from ..components.history import who
from ..state import AppState


def _load(app: AppState) -> tuple[list, Exception | None]:
    try:
        return app.services.bin.items(app.actor), None
    except Exception as exc:  # NotAllowedError for a helper
        return [], exc


def _entry_tile(app: AppState, entry: Any, names: dict[str, str]) -> ft.Control:
    t = app.t
    at = entry.deleted_at.astimezone() if entry.deleted_at.tzinfo else entry.deleted_at
    what = t(f"sharing.kind.{entry.kind}") + (f" · {entry.label}" if entry.label else "")

    def restore(_e: Any) -> None:
        try:
            app.services.bin.restore(entry.id, actor=app.actor)
        except Exception as exc:
            app.show_error(exc)
            return
        app.changed(t("ui_sharing.bin.restored", what=what))

    return ft.Container(
        ft.Row(
            [
                ft.Column(
                    [
                        ft.Text(what, weight=ft.FontWeight.W_600),
                        ft.Text(t("ui_sharing.bin.deleted_by", who=who(t, names, entry.deleted_by),
                                  when=f"{t.date(at.date())} {at.strftime('%H:%M')}"), size=13, color=theme.MUTED),
                    ],
                    spacing=2,
                    tight=True,
                    expand=True,
                ),
                ft.OutlinedButton(t("ui_sharing.bin.restore"), icon=ft.Icons.RESTORE_FROM_TRASH, on_click=restore,
                                  tooltip=t("ui_sharing.bin.restore_what", what=what)),
            ],
        ),
        padding=ft.Padding.symmetric(vertical=6),
    )


@ft.component
def RecycleBinView(app: AppState) -> ft.Control:
    t = app.t
    items, error = ft.use_memo(lambda: _load(app), [app.data_version])
    names = ft.use_memo(lambda: app.services.history.member_names(), [app.data_version])

    def empty(_e: Any) -> None:
        def go() -> None:
            try:
                count = app.services.bin.empty(app.actor)
            except Exception as exc:
                app.show_error(exc)
                return
            app.changed(t("ui_sharing.bin.emptied", count=count))

        confirm(app, t("ui_sharing.bin.empty_title"), t("ui_sharing.bin.empty_text", count=len(items)), go,
                yes_key="ui_sharing.bin.empty", danger=True)

    actions = []
    if items and app.can(Action.BIN_EMPTY):
        actions.append(ft.OutlinedButton(t("ui_sharing.bin.empty"), icon=ft.Icons.DELETE_FOREVER, on_click=empty))
    header = page_header(t("ui_sharing.bin.title"), *actions, subtitle=t("ui_sharing.bin.hint"))
    if error is not None:
        return ft.Column([header, ft.Text(t.error(error), color=ft.Colors.ERROR)], spacing=12)
    rows = [_entry_tile(app, entry, names) for entry in items] or [empty_state(t("ui_sharing.bin.none"))]
    return ft.Column([header, *rows], spacing=8, scroll=ft.ScrollMode.AUTO, expand=True)
