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


def test_what_needs_attention_and_the_xlsx_and_the_owners_copy(demo_server, expected_demo, desktop, today):
    """Issue 15: the screen shows the report's "what needs attention" box; the XLSX downloads
    as a real workbook; the caseworker's copy names no customer, the switch makes the owner's."""
    openpyxl = pytest.importorskip("openpyxl")
    from smallshop.domain.attention import what_needs_attention

    ui = desktop(demo_server, "/reports")
    ui.see(T("report.section.attention"))
    summary = expected_demo.reporting.month_summary(Month.of(today))
    lines = what_needs_attention(summary)
    ui.see(next(line for line in lines if not line.alert).text(T))
    ui.see(next(line for line in lines if line.alert).text(T), exact=False)

    name, data = _download(ui, "xlsx")
    assert name == f"smallshop-report-{Month.of(today)}-ky.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames[0] == T("report.section.attention")[:31] and "data" in book.sheetnames

    _, plain = _download(ui, "json")
    document = json.loads(plain.decode("utf-8"))
    assert document["with_names"] is False
    assert all(line["customer_name"] is None for line in document["receivable_lines"])
    ui.click(T("ui.reports.with_names"), role="switch")
    name, named = _download(ui, "json")
    assert name.endswith("-ky-names.json")
    document = json.loads(named.decode("utf-8"))
    assert document["with_names"] is True
    assert any(line["customer_name"] for line in document["receivable_lines"])
    ui.shot("reports-attention")
