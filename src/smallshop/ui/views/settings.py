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

from ...domain.access import Action
from ...domain.models import CaseworkerTitle, Role
from ...i18n.languages import LANGUAGE_NAMES, SUPPORTED
from .. import theme
from ..components import (
    busy_overlay,
    choice_field,
    columns,
    confirm,
    form_error,
    offer_file,
    page_header,
    pick_bytes,
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
    ("programme_name", "ui_programme.profile.programme_name"),  # issue 15, with the title below
)


@ft.component
def ProfileForm(app: AppState) -> ft.Control:
    profile = app.services.settings.profile()
    form = use_form(lambda: {**{name: getattr(profile, name) for name, _key in PROFILE_FIELDS},
                             "caseworker_title": profile.caseworker_title.value})

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
        *[control for name, key in PROFILE_FIELDS for control in (
            [text_field(app, form, name, key)]
            + ([choice_field(app, form, "caseworker_title", "ui_programme.profile.caseworker_title",
                             [(title.value, app.t.enum(title)) for title in CaseworkerTitle])]
               if name == "programme_name" else []))],
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


def _programme_section(app: AppState) -> ft.Control:
    """The way to the business plan, the equipment and who worked (issue 15; owner)."""
    t = app.t
    return section(
        t("ui_programme.settings_title"),
        ft.Text(t("ui_programme.settings_hint"), color=theme.MUTED, size=13),
        ft.Row([ft.FilledTonalButton(t("ui_programme.settings_open"), icon=ft.Icons.ASSIGNMENT_OUTLINED,
                                     on_click=lambda _e: app.navigate("/programme"))], wrap=True),
    )


def _family_links(app: AppState) -> ft.Control:
    """The owner's way to the activity feed and the recycle bin."""
    t = app.t
    return ft.Row(
        [
            ft.OutlinedButton(t("ui_sharing.activity.title"), icon=ft.Icons.HISTORY,
                              on_click=lambda _e: app.navigate("/activity")),
            ft.OutlinedButton(t("ui_sharing.bin.title"), icon=ft.Icons.DELETE_OUTLINE,
                              on_click=lambda _e: app.navigate("/bin")),
        ],
        wrap=True,
        spacing=8,
        run_spacing=8,
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
            actor = app.require_actor()
            path = await asyncio.to_thread(app.services.backups.backup_now, actor)
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
            actor = app.require_actor()  # the whole data leaves the PC: a signed-in owner only
            name, data = await asyncio.to_thread(app.services.backups.backup_bytes, actor)
        except Exception as exc:
            set_busy("")
            app.show_error(exc)
            return
        set_busy("")
        await offer_file(app, page, name, data, dialog_title=t("ui.settings.download_backup"))

    async def restore(_: Any) -> None:
        picked = await pick_bytes(page, extensions=["zip"], dialog_title=t("ui.settings.restore"))
        if picked is None:
            return
        name, data = picked

        async def go(other_business: bool = False) -> None:
            # Off the event loop: unpacking and opening a backup takes seconds, and every
            # screen of every session is served by this loop. The store stays open and in
            # use until the backup has opened; a refusal leaves it as it was.
            done = [0.0]
            set_busy(t("ui.settings.restoring"))
            work = asyncio.ensure_future(asyncio.to_thread(
                app.services.backups.restore, data, app.require_actor(), other_business=other_business,
                progress=lambda fraction: done.__setitem__(0, fraction)))
            while not work.done():
                await asyncio.sleep(0.3)
                set_busy(t("ui.settings.restoring_progress", percent=int(done[0] * 100)))
            try:
                work.result()
            except Exception as exc:
                log.warning("restore refused: %r", exc)
                set_busy("")
                if getattr(exc, "why", None) == "other_business" and not other_business:
                    confirm(app, t("ui.settings.restore_other_title"), app.t.error(exc),
                            lambda: go(other_business=True), yes_key="ui.settings.restore_yes", danger=True)
                else:
                    app.show_error(exc)
            else:
                set_busy("")
                app.changed(t("ui.settings.restored", file=name))

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
            *([ft.OutlinedButton(t("ui.settings.download_backup"), icon=ft.Icons.DOWNLOAD, on_click=download,
                                 disabled=bool(busy))] if app.can(Action.BACKUP_DOWNLOAD) else []),
            *([ft.OutlinedButton(t("ui.settings.restore"), icon=ft.Icons.RESTORE, on_click=restore,
                                 disabled=bool(busy) or not can_restore)] if app.can(Action.BACKUP_RESTORE) else []),
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
        *([CopyFolder(app)] if app.can(Action.BACKUP_DOWNLOAD) else []),
        ft.Divider(),
        ft.Text(t("ui.settings.data_folder"), weight=ft.FontWeight.W_600),
        ft.Text(app.data_location, selectable=True, size=13),
        ft.Text(t("ui.settings.demo_note"), color=theme.WARNING, size=13) if app.demo else ft.Container(height=0),
    )


@ft.component
def CopyFolder(app: AppState) -> ft.Control:
    """The second backup folder: every daily backup is also copied there."""
    t = app.t
    status = app.services.backups.status()
    text, set_text = ft.use_state(status.copy_folder or "")
    shown, set_shown = ft.use_state(0)  # bumped after a save, to show the new "last copied"

    async def save(_: Any) -> None:
        try:
            await asyncio.to_thread(app.services.backups.set_copy_folder, text, app.require_actor())
        except Exception as exc:
            app.show_error(exc)
            return
        set_shown(shown + 1)
        app.notify(t("ui.settings.copy_folder_saved", folder=text) if text.strip() else t("ui.settings.copy_folder_off"))

    when = (t("ui.settings.last_copied", when=f"{t.date(status.last_copied.date())} {t.time(status.last_copied)}")
            if status.last_copied else t("ui.settings.never_copied"))
    return ft.Column(
        [
            ft.Divider(),
            ft.Text(t("ui.settings.copy_folder"), weight=ft.FontWeight.W_600),
            ft.Text(t("ui.settings.copy_folder_hint"), color=theme.MUTED, size=13),
            ft.TextField(label=t("ui.settings.copy_folder"), value=text, on_change=lambda e: set_text(e.control.value or ""),
                         hint_text="/media/usb/smallshop"),
            ft.FilledButton(t("ui.settings.copy_folder_save"), icon=ft.Icons.USB, on_click=save),
            ft.Text(when, size=13, color=theme.MUTED) if status.copy_folder else ft.Container(height=0),
        ],
        spacing=8,
        tight=True,
    )


@ft.component
def SettingsView(app: AppState) -> ft.Control:
    from .members import MembersSection
    from .sharing import SharingSection

    owner = app.can(Action.ACTIVITY_VIEW)
    left = ft.Column(
        [SharingSection(app), *([ProfileForm(app)] if app.can(Action.PROFILE_EDIT) else []), _language_section(app)],
        spacing=12,
        tight=True,
    )
    right = ft.Column(
        # the owner's activity feed and recycle bin first: reachable without scrolling past the members
        [*([section(app.t("ui_sharing.family.title"), _family_links(app))] if owner else []), MembersSection(app),
         *([_programme_section(app)] if app.can(Action.PLAN_EDIT) else []), BackupSection(app)],
        spacing=12,
        tight=True,
    )
    return ft.Column(
        [page_header(app.t("ui.nav.settings")), columns(app, left, right)],
        spacing=12,
        scroll=ft.ScrollMode.AUTO,
        expand=True,
    )
