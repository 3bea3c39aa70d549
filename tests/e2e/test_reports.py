"""Exporting the report downloads a real PDF (read back with pypdf) with the shown month."""

from __future__ import annotations

import io
import json

import pytest

from smallshop.domain.period import Month
from smallshop.i18n import get_translator

T = get_translator("ky")


def _download(ui, fmt: str) -> tuple[str, bytes]:
    with ui.page.expect_download(timeout=60_000) as info:
        ui.click(T("ui.reports.export", format=fmt.upper()))
    download = info.value
    path = download.path()
    return download.suggested_filename, open(path, "rb").read()


def test_report_export_downloads_a_real_pdf(demo_server, expected_demo, desktop, today):
    pypdf = pytest.importorskip("pypdf")
    ui = desktop(demo_server, "/reports")
    summary = expected_demo.reporting.month_summary(Month.of(today))
    ui.see(T("ui.reports.key_figures"))
    ui.see(T.money(summary.current.income))

    name, data = _download(ui, "pdf")
    assert name == f"smallshop-report-{Month.of(today)}-ky.pdf"
    assert data.startswith(b"%PDF")
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)
    profile = expected_demo.settings.profile()
    assert profile.business_name in text
    assert get_translator("ky")("report.title") in text
    ui.shot("reports-exported")


def test_report_json_in_russian(demo_server, expected_demo, desktop, today):
    ui = desktop(demo_server, "/reports")
    ui.see(T("ui.reports.key_figures"))
    ui.click(T("ui.reports.language"))
    ui.click("Русский", exact=True)  # the dropdown's options are buttons
    name, data = _download(ui, "json")
    assert name.endswith("-ru.json")
    document = json.loads(data.decode("utf-8"))
    assert str(Month.of(today)) in json.dumps(document)
