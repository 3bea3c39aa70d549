"""Settings: the business profile is saved (and survives a reload); a member is added."""

from __future__ import annotations

import io

import pytest

from smallshop.i18n import get_translator

T = get_translator("ky")


def test_profile_save_is_kept(demo_server, desktop):
    ui = desktop(demo_server, "/settings")
    ui.see(T("ui.settings.profile"))
    ui.fill(T("ui.settings.business_name"), "Айгүл тигүү үйү")
    ui.fill(T("ui.settings.case_id"), "JA-2026-0042")
    ui.click(T("ui.settings.save_profile"))
    ui.see(T("ui.settings.profile_saved"))
    ui.shot("settings-saved")

    # Flutter does not expose a text field's value to the page: read the saved
    # profile back where it is used, in the caseworker's PDF of a fresh session.
    pypdf = pytest.importorskip("pypdf")
    report = desktop(demo_server, "/reports")
    report.see(T("ui.reports.key_figures"))
    with report.page.expect_download(timeout=60_000) as info:
        report.click(T("ui.reports.export", format="PDF"))
    reader = pypdf.PdfReader(io.BytesIO(open(info.value.path(), "rb").read()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Айгүл тигүү үйү" in text
    assert "JA-2026-0042" in text


def test_adding_a_family_member(demo_server, desktop):
    ui = desktop(demo_server, "/settings")
    ui.see(T("ui.settings.members"))
    ui.fill(T("ui.settings.member_name"), "Жылдыз Ташиева")
    ui.click(T("ui.settings.add_member"))
    ui.see(T("ui.settings.member_added"))
    ui.see("Жылдыз Ташиева")


def test_a_save_in_one_session_shows_in_another(demo_server, desktop):
    """Two family members: what one adds appears on the other's screen without a reload."""
    mother = desktop(demo_server, "/settings")
    daughter = desktop(demo_server, "/settings")
    mother.see(T("ui.settings.members"))
    daughter.see(T("ui.settings.members"))
    daughter.fill(T("ui.settings.member_name"), "Асел Ташиева")
    daughter.click(T("ui.settings.add_member"))
    daughter.see(T("ui.settings.member_added"))
    mother.see("Асел Ташиева")
