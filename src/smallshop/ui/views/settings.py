"""Settings: the business profile for the report header, the language, the family
members, backups and where the data lives.

Backups and restore run off the event loop (they copy every data file) with a
progress indicator; restoring asks first and checks the file before anything
is replaced.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import flet as ft

from ...domain.models import Role
from ...i18n.languages import LANGUAGE_NAMES, SUPPORTED
from .. import theme
from ..components import (
    busy_overlay,
    columns,
    confirm,
    form_error,
    page_header,
    pick_bytes,
    save_bytes,
    section,
    text_field,
    use_form,
)
from ..state import AppState

log = logging.getLogger(__name__)

PROFILE_FIELDS = (
    ("business_name", "ui.settings.business_name"),
    ("owner_name", "ui.settings.owner_name"),
    ("location", "ui.settings.location"),
    ("caseworker_name", "ui.settings.caseworker_name"),
    ("case_id", "ui.settings.case_id"),
)


@ft.component
def ProfileForm(app: AppState) -> ft.Control:
    profile = app.services.settings.profile()
    form = use_form(lambda: {name: getattr(profile, name) for name, _key in PROFILE_FIELDS})

    def save(_: Any) -> None:
        current = app.services.settings.profile()
        form.submit(
            app,
            lambda values: app.services.settings.update_profile(
                values, actor=app.actor, expected_version=current.audit.version or None
            ),
            success_key="ui.settings.profile_saved",
        )

    return section(
        app.t("ui.settings.profile"),
        ft.Text(app.t("ui.settings.profile_hint"), color=theme.MUTED, size=13),
        *[text_field(app, form, name, key) for name, key in PROFILE_FIELDS],
        form_error(app, form),
        ft.FilledButton(app.t("ui.settings.save_profile"), icon=ft.Icons.SAVE, on_click=save),
    )


def _language_section(app: AppState) -> ft.Control:
    return section(
        app.t("ui.settings.language"),
        ft.RadioGroup(
            value=app.lang,
            on_change=lambda e: app.set_language(e.control.value),
            content=ft.Column(
                [ft.Radio(value=code, label=LANGUAGE_NAMES[code]) for code in SUPPORTED],
                spacing=0,
                tight=True,
            ),
        ),
    )


@ft.component
def MembersSection(app: AppState) -> ft.Control:
    members = ft.use_memo(lambda: app.services.settings.members(), [app.data_version])
    form = use_form({"name": "", "assignable": True})
    t = app.t

    def add(_: Any) -> None:
        added = form.submit(app, lambda values: app.services.settings.add_member(values, actor=app.actor), success_key="ui.settings.member_added")
        if added is not None:
            form.reset({"name": "", "assignable": True})

    def use_as(member: Any) -> None:
        app.act_as(member)
        app.notify(t("ui.settings.now_using", name=member.name))

    sharing = app.sharing_on
    rows: list[ft.Control] = []
    if sharing and app.member is not None:
        rows.append(
            ft.Row(
                [
                    ft.Text(t("ui.signin.signed_in_as", name=app.member.name), expand=True),
                    ft.OutlinedButton(t("ui.signin.sign_out"), icon=ft.Icons.LOGOUT, on_click=lambda _e: app.sign_out()),
                ],
                wrap=False,
            )
        )
    for member in members:
        role = t.enum(member.role) if member.role else ""
        details = [role] + ([t("ui.settings.makes_orders")] if member.assignable else [])
        if not member.active:
            details.append(t("ui.settings.inactive"))
        is_me = app.member is not None and app.member.id == member.id
        rows.append(
            ft.ListTile(
                leading=ft.Icon(ft.Icons.PERSON if member.role == Role.OWNER else ft.Icons.PERSON_OUTLINE),
                title=ft.Text(member.name),
                subtitle=ft.Text(" · ".join(d for d in details if d)),
                trailing=ft.Icon(ft.Icons.CHECK_CIRCLE, color=ft.Colors.PRIMARY, tooltip=t("ui.settings.this_device"))
                if is_me
                else None
                if sharing  # with PINs, switching person means signing in
                else ft.TextButton(t("ui.settings.use_as"), on_click=lambda _e, m=member: use_as(m), tooltip=t("ui.settings.use_as_tooltip", name=member.name)),
                content_padding=ft.Padding.symmetric(horizontal=4),
            )
        )

    return section(
        t("ui.settings.members"),
        ft.Text(t("ui.settings.members_hint"), color=theme.MUTED, size=13),
        *(rows or [ft.Text(t("ui.settings.no_members"), color=theme.MUTED)]),
        ft.Divider(),
        text_field(app, form, "name", "ui.settings.member_name"),
        ft.Checkbox(
            label=t("ui.settings.member_assignable"),
            value=bool(form.get("assignable", True)),
            on_change=lambda e: form.set("assignable", bool(e.control.value)),
        ),
        form_error(app, form),
        ft.OutlinedButton(t("ui.settings.add_member"), icon=ft.Icons.PERSON_ADD, on_click=add),
    )


@ft.component
def BackupSection(app: AppState) -> ft.Control:
    busy, set_busy = ft.use_state("")
    last, set_last = ft.use_state("")
    t = app.t
    page = ft.context.page

    async def backup_now(_: Any) -> None:
        set_busy(t("ui.settings.backing_up"))
        try:
            path = await asyncio.to_thread(app.services.backups.backup_now)
        except Exception as exc:
            app.show_error(exc)
        else:
            set_last(str(path))
            app.notify(t("ui.settings.backup_done"))
        finally:
            set_busy("")

    async def download(_: Any) -> None:
        set_busy(t("ui.settings.backing_up"))
        try:
            name, data = await asyncio.to_thread(app.services.backups.backup_bytes)
        except Exception as exc:
            set_busy("")
            app.show_error(exc)
            return
        set_busy("")
        await save_bytes(page, name, data, dialog_title=t("ui.settings.download_backup"))

    async def restore(_: Any) -> None:
        picked = await pick_bytes(page, extensions=["zip"], dialog_title=t("ui.settings.restore"))
        if picked is None:
            return
        name, data = picked

        async def go() -> None:
            set_busy(t("ui.settings.restoring"))
            await asyncio.sleep(0.1)  # let the progress indicator reach the screen
            try:
                # On the loop's thread, not a worker: the store's file lock belongs to
                # the thread that opened it (filelock is thread-local), and restore
                # closes and reopens the store. Rare, confirmed, about a second.
                _restore(app, name, data)
            except Exception as exc:
                log.warning("restore refused: %r", exc)
                app.show_error(exc)
            else:
                app.changed(t("ui.settings.restored", file=name))
            finally:
                set_busy("")

        confirm(
            app,
            t("ui.settings.restore_confirm_title"),
            t("ui.settings.restore_confirm", file=name),
            go,
            yes_key="ui.settings.restore_yes",
            danger=True,
        )

    can_restore = hasattr(app.services.backups, "restore")
    buttons = ft.Row(
        [
            ft.FilledButton(t("ui.settings.backup_now"), icon=ft.Icons.BACKUP, on_click=backup_now, disabled=bool(busy)),
            ft.OutlinedButton(t("ui.settings.download_backup"), icon=ft.Icons.DOWNLOAD, on_click=download, disabled=bool(busy)),
            ft.OutlinedButton(
                t("ui.settings.restore"), icon=ft.Icons.RESTORE, on_click=restore, disabled=bool(busy) or not can_restore
            ),
        ],
        wrap=True,
        spacing=8,
        run_spacing=8,
    )
    return section(
        t("ui.settings.backups"),
        ft.Text(t("ui.settings.backups_hint"), color=theme.MUTED, size=13),
        buttons,
        busy_overlay(busy) if busy else ft.Container(height=0),
        ft.Text(t("ui.settings.last_backup", file=last), selectable=True, size=13) if last else ft.Container(height=0),
        ft.Divider(),
        ft.Text(t("ui.settings.data_folder"), weight=ft.FontWeight.W_600),
        ft.Text(app.data_location, selectable=True, size=13),
        ft.Text(t("ui.settings.demo_note"), color=theme.WARNING, size=13) if app.demo else ft.Container(height=0),
    )


def _restore(app: AppState, name: str, data: bytes) -> None:
    """Hand the chosen file's bytes to the backup service: it validates the whole
    backup before replacing anything (InvalidBackupError otherwise)."""
    app.services.backups.restore(data)


@ft.component
def SettingsView(app: AppState) -> ft.Control:
    left = ft.Column([ProfileForm(app), _language_section(app)], spacing=12, tight=True)
    right = ft.Column([MembersSection(app), BackupSection(app)], spacing=12, tight=True)
    return ft.Column(
        [page_header(app.t("ui.nav.settings")), columns(app, left, right)],
        spacing=12,
        scroll=ft.ScrollMode.AUTO,
        expand=True,
    )
