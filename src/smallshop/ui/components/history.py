"""Who did what: one history entry as a readable line, and the "History" section
of a record (order page, customer page).

Entries come from services.history (newest first); member ids become names
(deactivated members too) and each changed field shows "old → new".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import flet as ft

from .. import theme

if TYPE_CHECKING:  # typing only: state.py imports the screens
    from ..state import AppState

MAX_VALUE = 60  # characters of an old/new value shown (notes can be long)


def _short(text: str) -> str:
    text = (text or "").replace("\n", " ")
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"


def _value(t: Any, text: str) -> str:
    if text in ("true", "false", "True", "False"):
        return t("ui_sharing.value.yes" if text.lower() == "true" else "ui_sharing.value.no")
    return _short(text) or "—"


def field_name(t: Any, field: str) -> str:
    key = f"ui_sharing.field.{field.split('.')[0]}"
    return t(key) if t.has(key) else field


def who(t: Any, names: dict[str, str], actor: str | None) -> str:
    if actor is None:
        return t("ui_sharing.history.local_owner")
    return names.get(actor) or t("ui_sharing.history.unknown_member")


def when(t: Any, entry: Any) -> str:
    at = entry.at.astimezone() if entry.at.tzinfo else entry.at
    return f"{t.date(at.date())} {at.strftime('%H:%M')}"


def describe(t: Any, entry: Any, names: dict[str, str], *, with_record: bool) -> tuple[str, list[str]]:
    """("Айпери changed Order · Айгүл", ["Due date: 2026-12-05 → 2026-12-07", ...])."""
    action = t(f"sharing.history.{entry.action.value}")
    what = ""
    if with_record:
        what = t(f"sharing.kind.{entry.kind}") + (f" · {entry.label}" if entry.label else "")
    title = t("ui_sharing.history.line", who=who(t, names, entry.actor), action=action, what=what).strip()
    lines = []
    for change in entry.changes:
        if change.field == "pin":
            lines.append(t("sharing.history.pin_changed"))
        else:
            old, new = _value(t, change.old), _value(t, change.new)
            lines.append(f"{field_name(t, change.field)}: {old} » {new}")  # (no → in the web font)
    return title, lines


def history_tile(t: Any, entry: Any, names: dict[str, str], *, with_record: bool = False) -> ft.Control:
    title, lines = describe(t, entry, names, with_record=with_record)
    return ft.Container(
        ft.Column(
            [
                ft.Text(title, weight=ft.FontWeight.W_600),
                ft.Text(when(t, entry), size=12, color=theme.MUTED),
                *[ft.Text(line, size=13) for line in lines],
            ],
            spacing=2,
            tight=True,
        ),
        padding=ft.Padding.symmetric(vertical=6),
    )


@ft.component
def HistorySection(app: AppState, kind: str, record_id: str, limit: int = 20, *,
                   entries: Sequence[Any] | None = None, names: Mapping[str, str] | None = None) -> ft.Control:
    """A collapsed "History" card under a record: who created and changed it, newest
    first. A screen with a read model passes its `entries` and `names`."""
    t = app.t
    fetched = ft.use_memo(lambda: None if entries is not None else app.services.history.history_of(kind, record_id),
                          [kind, record_id, app.data_version, entries is None])
    fetched_names = ft.use_memo(lambda: None if names is not None else app.services.history.member_names(),
                                [app.data_version, names is None])
    entries = entries if entries is not None else fetched
    names = names if names is not None else fetched_names
    shown = [history_tile(t, entry, names) for entry in entries[:limit]]
    return ft.Card(
        content=ft.ExpansionTile(
            title=ft.Text(t("ui_sharing.history.title", count=len(entries)), weight=ft.FontWeight.W_600),
            leading=ft.Icon(ft.Icons.HISTORY),
            controls=[ft.Container(ft.Column(shown or [ft.Text(t("ui_sharing.history.none"))], spacing=0, tight=True),
                                   padding=ft.Padding.only(left=16, right=16, bottom=12))],
            expanded=False,
        )
    )
