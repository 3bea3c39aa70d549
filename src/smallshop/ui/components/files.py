"""Giving the user a file and taking one from them, in the browser or a window.

In web mode `FilePicker.save_file(src_bytes=...)` makes the browser download the
bytes; on a desktop or phone it opens a save dialog. Picking reads the chosen
file's bytes (`with_data=True`), so nothing depends on a path the server can see.
"""

from __future__ import annotations

import flet as ft


def _picker(page: ft.Page) -> ft.FilePicker:
    for service in page.services:
        if isinstance(service, ft.FilePicker):
            return service
    picker = ft.FilePicker()
    page.services.append(picker)
    page.update()
    return picker


async def save_bytes(page: ft.Page, file_name: str, data: bytes, *, dialog_title: str | None = None) -> str | None:
    """Offer `data` as a download/save named `file_name`; returns the chosen path
    (None in the browser, where the download just happens, or when cancelled)."""
    picker = _picker(page)
    return await picker.save_file(dialog_title=dialog_title, file_name=file_name, src_bytes=data)


async def pick_bytes(page: ft.Page, *, extensions: list[str] | None = None, dialog_title: str | None = None) -> tuple[str, bytes] | None:
    """Let the user choose one file; (name, content) or None when cancelled."""
    picker = _picker(page)
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
