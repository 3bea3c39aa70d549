"""On a phone: files are saved or sent through the system's dialogs, and Android's back
button returns to the previous screen. Without a phone: fake pages standing for the
packaged app (platform android/ios, not web), a phone's browser and a PC, with the
real Flet services subclassed to record what they were asked."""

from __future__ import annotations

import asyncio
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any

import flet as ft
import pytest

from smallshop.services import Services
from smallshop.storage.tinydb_store import open_store
from smallshop.ui.app_shell import back_button
from smallshop.ui.components.files import offer_file, on_phone, pick_bytes
from smallshop.ui.state import HISTORY_LIMIT, AppState

from .test_state import FakeHost


class RecordingPicker(ft.FilePicker):
    def __init__(self, picked: list[Any] | None = None) -> None:
        super().__init__()
        self.calls: list[dict[str, Any]] = []
        self.picked = picked or []

    async def save_file(self, **kwargs: Any) -> str | None:
        self.calls.append(kwargs)
        return None

    async def pick_files(self, **kwargs: Any) -> list[Any]:
        self.calls.append(kwargs)
        return self.picked


class RecordingShare(ft.Share):
    def __init__(self, status: ft.ShareResultStatus | None = ft.ShareResultStatus.SUCCESS) -> None:
        super().__init__()
        self.calls: list[tuple[list[ft.ShareFile], dict[str, Any]]] = []
        self.status = status  # None: the client has no share sheet

    async def share_files(self, files: list[ft.ShareFile], **kwargs: Any) -> ft.ShareResult:
        self.calls.append((files, kwargs))
        if self.status is None:  # what Flet raises in a browser without the Web Share API
            raise RuntimeError("TypeError: x0.canShare is not a function")
        return ft.ShareResult(status=self.status, raw="")


class FakePage:
    def __init__(self, platform: ft.PagePlatform, *, web: bool, share_status=ft.ShareResultStatus.SUCCESS) -> None:
        self.platform, self.web = platform, web
        self.picker, self.share = RecordingPicker(), RecordingShare(share_status)
        self.services: list[Any] = [self.picker, self.share]
        self.dialogs: list[ft.AlertDialog] = []

    def update(self) -> None:
        pass

    def show_dialog(self, dialog: ft.AlertDialog) -> None:
        self.dialogs.append(dialog)

    def pop_dialog(self) -> None:
        self.dialogs.pop()


ANDROID_APP = dict(platform=ft.PagePlatform.ANDROID, web=False)
IPHONE_APP = dict(platform=ft.PagePlatform.IOS, web=False)
PHONE_BROWSER = dict(platform=ft.PagePlatform.ANDROID, web=True)
PC_BROWSER = dict(platform=ft.PagePlatform.LINUX, web=True)
PC_WINDOW = dict(platform=ft.PagePlatform.WINDOWS, web=False)


@pytest.fixture
def app(tmp_path):
    store = open_store(tmp_path / "data")
    services = Services(store, clock=lambda: datetime(2026, 11, 28, 10, 0))
    host = FakeHost()
    state = AppState(SimpleNamespace(services=services, data_location="/x", demo=False), today=lambda: date(2026, 11, 28),
                     host=host, lang="en")
    state.host = host
    yield state
    store.close()


def _button(dialog: ft.AlertDialog, text: str) -> Any:
    return next(b for b in dialog.actions if getattr(b, "content", None) == text)


PDF = b"%PDF-1.4 report"


@pytest.mark.parametrize("kind", [PC_BROWSER, PC_WINDOW])
def test_on_a_pc_the_file_is_saved_straight_away(app, kind):
    page, done = FakePage(**kind), []
    asyncio.run(offer_file(app, page, "report.pdf", PDF, dialog_title="Save the report", on_done=lambda: done.append(1)))
    assert page.picker.calls == [{"dialog_title": "Save the report", "file_name": "report.pdf", "src_bytes": PDF}]
    assert page.dialogs == [] and page.share.calls == [] and done == [1]


@pytest.mark.parametrize("kind", [ANDROID_APP, IPHONE_APP, PHONE_BROWSER])
def test_on_a_phone_sending_hands_the_bytes_to_the_share_sheet(app, kind):
    page, done = FakePage(**kind), []
    asyncio.run(offer_file(app, page, "smallshop-report-2026-11-ky.pdf", PDF, dialog_title="Save the report",
                           on_done=lambda: done.append(1)))
    assert page.picker.calls == [] and done == []  # nothing happens before the choice
    (dialog,) = page.dialogs
    assert "smallshop-report-2026-11-ky.pdf" in dialog.content.value
    asyncio.run(_button(dialog, app.t("ui.files.send")).on_click(None))
    ((files, options),) = page.share.calls
    assert [(f.data, f.name, f.mime_type) for f in files] == [(PDF, "smallshop-report-2026-11-ky.pdf", "application/pdf")]
    assert options["title"] == "Save the report"
    assert page.dialogs == [] and page.picker.calls == [] and done == [1]


def test_on_a_phone_saving_opens_the_system_save_dialog_with_the_bytes(app):
    page, done = FakePage(**ANDROID_APP), []
    asyncio.run(offer_file(app, page, "backup.zip", b"PK..", dialog_title="Download", on_done=lambda: done.append(1)))
    asyncio.run(_button(page.dialogs[0], app.t("ui.files.save")).on_click(None))
    assert page.picker.calls == [{"dialog_title": "Download", "file_name": "backup.zip", "src_bytes": b"PK.."}]
    assert page.share.calls == [] and done == [1]


def test_a_dismissed_share_sheet_is_not_reported_as_sent(app):
    page, done = FakePage(**ANDROID_APP, share_status=ft.ShareResultStatus.DISMISSED), []
    asyncio.run(offer_file(app, page, "r.csv", b"a,b", dialog_title="x", on_done=lambda: done.append(1)))
    asyncio.run(_button(page.dialogs[0], app.t("ui.files.send")).on_click(None))
    assert page.share.calls[0][0][0].mime_type == "text/csv" and done == []


def test_without_a_share_sheet_the_file_is_saved_instead(app):
    page, done = FakePage(**PHONE_BROWSER, share_status=None), []
    asyncio.run(offer_file(app, page, "r.pdf", PDF, dialog_title="x", on_done=lambda: done.append(1)))
    asyncio.run(_button(page.dialogs[0], app.t("ui.files.send")).on_click(None))
    assert len(page.share.calls) == 1
    assert page.picker.calls == [{"dialog_title": "x", "file_name": "r.pdf", "src_bytes": PDF}] and done == [1]


def test_restore_picks_a_zip_through_the_system_picker_and_reads_its_bytes(tmp_path):
    page = FakePage(**ANDROID_APP)
    page.picker.picked = [ft.FilePickerFile(id=1, name="b.zip", size=4, bytes=b"PK..", path=None)]
    assert asyncio.run(pick_bytes(page, extensions=["zip"], dialog_title="Restore")) == ("b.zip", b"PK..")
    (call,) = page.picker.calls
    assert call["allowed_extensions"] == ["zip"] and call["with_data"] is True
    # a desktop picker may give a path instead of the bytes
    file = tmp_path / "c.zip"
    file.write_bytes(b"PK!!")
    page.picker.picked = [ft.FilePickerFile(id=2, name="c.zip", size=4, bytes=None, path=str(file))]
    assert asyncio.run(pick_bytes(page, extensions=["zip"])) == ("c.zip", b"PK!!")
    page.picker.picked = []
    assert asyncio.run(pick_bytes(page)) is None


def test_which_screens_are_phones():
    assert on_phone(FakePage(**ANDROID_APP)) and on_phone(FakePage(**IPHONE_APP)) and on_phone(FakePage(**PHONE_BROWSER))
    assert not on_phone(FakePage(**PC_BROWSER)) and not on_phone(FakePage(**PC_WINDOW))


# --- the back button -----------------------------------------------------------
def test_back_returns_through_the_screens_visited(app):
    for route in ("/orders", "/orders/abc", "/customers/c9"):
        app.navigate(route)
    assert app.go_back() and (app.route, app.params) == ("/orders/abc", {"id": "abc"})
    assert app.go_back() and app.route == "/orders"
    assert app.go_back() and app.route == "/"
    assert not app.go_back() and app.route == "/"
    assert app.host.routes == ["/orders", "/orders/abc", "/customers/c9", "/orders/abc", "/orders", "/"]


def test_the_browsers_back_button_does_not_pile_up_history(app):
    app.navigate("/orders")
    app.navigate("/orders/abc")
    app.route_changed("/orders")  # the browser went back
    assert app.history == ["/"]
    app.route_changed("/debts")  # a typed address
    assert app.history == ["/", "/orders"]
    app.navigate("/debts")  # the same screen again: nothing to go back to
    assert app.history == ["/", "/orders"]


def test_history_is_bounded(app):
    for n in range(HISTORY_LIMIT * 3):
        app.navigate(f"/orders/o{n}")
    assert len(app.history) == HISTORY_LIMIT and app.history[-1] == f"/orders/o{HISTORY_LIMIT * 3 - 2}"


class FakeView:
    def __init__(self) -> None:
        self.answers: list[bool] = []

    async def confirm_pop(self, should_pop: bool) -> None:
        self.answers.append(should_pop)


@pytest.mark.parametrize("kind", [ANDROID_APP, IPHONE_APP])
def test_androids_back_button_goes_to_the_previous_screen_in_the_packaged_app(app, kind):
    page = FakePage(**kind)
    assert back_button(app, page) == {"can_pop": True, "on_confirm_pop": None}  # first screen: leave the app
    app.navigate("/orders")
    app.navigate("/orders/abc")
    wiring = back_button(app, page)
    assert wiring["can_pop"] is False
    view = FakeView()
    asyncio.run(wiring["on_confirm_pop"](SimpleNamespace(control=view)))
    assert view.answers == [False] and app.route == "/orders" and app.host.routes[-1] == "/orders"


@pytest.mark.parametrize("kind", [PHONE_BROWSER, PC_BROWSER, PC_WINDOW])
def test_a_browser_keeps_its_own_back_button(app, kind):
    app.navigate("/orders")
    assert back_button(app, FakePage(**kind)) == {"can_pop": True, "on_confirm_pop": None}
