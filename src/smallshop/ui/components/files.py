"""Giving the user a file and taking one from them: browser, PC window or phone.

`FilePicker.save_file(src_bytes=...)` makes a browser download the bytes and opens the
system's save dialog in a window or on a phone (Android's "save to" picker, where an SD
card or Google Drive can be chosen). On a phone — the packaged app or a phone's browser
— `offer_file` first asks whether to save the file or send it through the system's share
sheet (Telegram, WhatsApp, e-mail to the caseworker); where there is no share sheet (a
browser without the Web Share API) the file is saved instead. Picking reads the chosen file's bytes (`with_data=True`), so
nothing depends on a path the server can see.
"""

from __future__ import annotations

import logging
import mimetypes
from typing import TYPE_CHECKING, Any, Callable, TypeVar

import flet as ft

if TYPE_CHECKING:  # typing only: state.py imports the screens
    from ..state import AppState

S = TypeVar("S", bound=ft.Service)
log = logging.getLogger(__name__)


def _service(page: ft.Page, kind: type[S]) -> S:
    """The page's one service of this kind, added on first use."""
    for service in page.services:
        if isinstance(service, kind):
            return service
    service = kind()
    page.services.append(service)
    page.update()
    return service


def on_phone(page: ft.Page) -> bool:
    """The screen is a phone's (the packaged app, or a phone's browser): it has a share sheet."""
    platform = getattr(page, "platform", None)
    return bool(platform is not None and platform.is_mobile())


async def save_bytes(page: ft.Page, file_name: str, data: bytes, *, dialog_title: str | None = None) -> str | None:
    """Offer `data` as a download/save named `file_name`; returns the chosen path
    (None in the browser, where the download just happens, or when cancelled)."""
    picker = _service(page, ft.FilePicker)
    return await picker.save_file(dialog_title=dialog_title, file_name=file_name, src_bytes=data)


def mime_type(file_name: str) -> str:
    return mimetypes.guess_type(file_name)[0] or "application/octet-stream"


async def share_bytes(page: ft.Page, file_name: str, data: bytes, *, title: str | None = None) -> bool | None:
    """Hand `data` to the system's share sheet: True when handed over, False when the user
    dismissed the sheet, None when there is no share sheet (a browser without the Web
    Share API: Flet's share service then fails with "canShare is not a function")."""
    share = _service(page, ft.Share)
    try:
        result = await share.share_files(
            [ft.ShareFile.from_bytes(data, name=file_name, mime_type=mime_type(file_name))], title=title
        )
    except RuntimeError as exc:
        log.info("no share sheet here (%s): saving %s instead", exc, file_name)
        return None
    return result.status != ft.ShareResultStatus.DISMISSED


async def offer_file(
    app: AppState, page: ft.Page, file_name: str, data: bytes, *, dialog_title: str,
    on_done: Callable[[], None] | None = None,
) -> None:
    """Give the user a file: saved straight away on a PC; on a phone, a choice between
    saving it and sending it (the share sheet). `on_done` runs once it was handed over."""
    done = on_done or (lambda: None)
    if not on_phone(page):
        await save_bytes(page, file_name, data, dialog_title=dialog_title)
        done()
        return
    t = app.t

    async def save(_: Any) -> None:
        page.pop_dialog()
        await save_bytes(page, file_name, data, dialog_title=dialog_title)
        done()

    async def send(_: Any) -> None:
        page.pop_dialog()
        sent = await share_bytes(page, file_name, data, title=dialog_title)
        if sent is None:  # no share sheet: the file must still reach the user
            await save_bytes(page, file_name, data, dialog_title=dialog_title)
        if sent is not False:
            done()

    page.show_dialog(
        ft.AlertDialog(
            modal=True,
            title=ft.Text(t("ui.files.ready_title")),
            content=ft.Text(t("ui.files.ready", file=file_name)),
            actions=[
                ft.TextButton(t("ui.action.cancel"), on_click=lambda _e: page.pop_dialog()),
                ft.OutlinedButton(t("ui.files.save"), icon=ft.Icons.SAVE_ALT, on_click=save),
                ft.FilledButton(t("ui.files.send"), icon=ft.Icons.SHARE, on_click=send),
            ],
        )
    )


async def pick_bytes(page: ft.Page, *, extensions: list[str] | None = None, dialog_title: str | None = None) -> tuple[str, bytes] | None:
    """Let the user choose one file (the system's file dialog; on a phone its document
    picker); (name, content) or None when cancelled."""
    picker = _service(page, ft.FilePicker)
    files = await picker.pick_files(
        dialog_title=dialog_title,
        file_type=ft.FilePickerFileType.CUSTOM if extensions else ft.FilePickerFileType.ANY,
        allowed_extensions=extensions,
        with_data=True,
        cancel_upload_on_window_blur=False,
    )
    if not files:
        return None
    chosen = files[0]
    if chosen.bytes is None and chosen.path:
        with open(chosen.path, "rb") as handle:
            return chosen.name, handle.read()
    return chosen.name, chosen.bytes or b""
