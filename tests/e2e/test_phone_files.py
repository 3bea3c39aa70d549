"""On a phone the report and the backup are saved or sent through the system's dialogs.

A phone's browser (an Android user agent: Flutter then reports the platform as android)
gets the choice Save / Send. Send goes through Flet's Share service; Chromium on Linux has
no Web Share API, Flet's share then fails ("canShare is not a function", found by this
test), and the app saves the file instead — the download proves the bytes arrive intact
either way. The packaged app's share sheet is Android's own; tests/ui/test_phone.py covers
that side (and the back button) without a phone.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from conftest import PHONE, UI

from smallshop.domain.period import Month
from smallshop.i18n import get_translator

T = get_translator("ky")
ANDROID_CHROME = (
    "Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Mobile Safari/537.36"
)


@pytest.fixture
def android(browser):
    contexts = []

    def open_page(server, route="/") -> UI:
        context = browser.new_context(viewport=PHONE, user_agent=ANDROID_CHROME, accept_downloads=True, locale="ky-KG")
        contexts.append(context)
        page = context.new_page()
        page.goto(server.url + route)
        # Flutter's mobile semantics enabler only takes a click that lands inside the
        # placeholder (a scripted click has no coordinates): dispatch one at its centre.
        page.wait_for_selector("flt-semantics-placeholder", state="attached")
        page.locator("flt-semantics-placeholder").evaluate(
            """el => { const r = el.getBoundingClientRect();
                       const at = {bubbles: true, cancelable: true, clientX: r.left + r.width / 2, clientY: r.top + r.height / 2};
                       for (const type of ['pointerdown', 'pointerup']) el.dispatchEvent(new PointerEvent(type, at));
                       el.dispatchEvent(new MouseEvent('click', at)); }"""
        )
        page.wait_for_selector("flt-semantics", state="attached")
        return UI(page, "android")

    yield open_page
    for context in contexts:
        context.close()


def _choose(ui: UI, choice_key: str, start: str) -> tuple[str, bytes]:
    ui.click(start)
    ui.see(T("ui.files.ready_title"))
    with ui.page.expect_download(timeout=60_000) as info:
        ui.click(T(choice_key))
    download = info.value
    return download.suggested_filename, open(download.path(), "rb").read()


def test_a_phone_sends_or_saves_the_report(demo_server, expected_demo, android, today):
    pypdf = pytest.importorskip("pypdf")
    ui = android(demo_server, "/reports")
    ui.see(T("ui.reports.key_figures"))
    ui.click(T("ui.reports.export", format="PDF"))
    ui.see(T("ui.files.ready", file=f"smallshop-report-{Month.of(today)}-ky.pdf"))
    ui.shot("phone-report-choice")
    ui.click(T("ui.action.cancel"))

    name, data = _choose(ui, "ui.files.send", T("ui.reports.export", format="PDF"))
    assert name == f"smallshop-report-{Month.of(today)}-ky.pdf" and data.startswith(b"%PDF")
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)
    assert T("report.title") in text and expected_demo.settings.profile().business_name in text
    ui.see(T("ui.reports.exported", file=name))

    name, data = _choose(ui, "ui.files.save", T("ui.reports.export", format="CSV"))
    assert name.endswith("-ky.csv") and T("report.figure.income") in data.decode("utf-8-sig")


def test_a_phone_sends_the_backup(demo_server, android):
    ui = android(demo_server, "/settings")
    name, data = _choose(ui, "ui.files.send", T("ui.settings.download_backup"))
    assert name.endswith(".zip")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None and archive.namelist()
