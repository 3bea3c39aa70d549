"""An empty data folder offers the demo business (kept apart) or a fresh start."""

from __future__ import annotations

from smallshop.i18n import get_translator

T = get_translator("ky")


def test_first_run_demo_opens_the_demo_business_in_its_own_folder(empty_server, phone):
    ui = phone(empty_server, "/")
    ui.see(T("ui.first_run.welcome"))
    ui.shot("first-run")
    ui.click(T("ui.first_run.demo_button"))
    ui.see(T("ui.home.orders_due"), timeout=60_000)
    ui.see(T("ui.demo.badge"))
    demo_folder = empty_server.data_dir.with_name(empty_server.data_dir.name + "-demo")
    assert demo_folder.is_dir() and any(demo_folder.iterdir())
    assert not any(p.name.startswith("orders") for p in empty_server.data_dir.rglob("*"))


def test_first_run_own_business_starts_at_the_profile(empty_server, desktop):
    ui = desktop(empty_server, "/")
    ui.click(T("ui.first_run.own_button"))
    ui.see(T("ui.settings.profile"))
    ui.fill(T("ui.settings.business_name"), "Нургүл тигүү цехи")
    ui.fill(T("ui.settings.owner_name"), "Нургүл Асанова")
    ui.click(T("ui.settings.save_profile"))
    ui.see(T("ui.settings.profile_saved"))
    ui.click(T("ui.nav.home"))
    ui.see(T("ui.home.no_orders_due"))
    ui.shot("own-business-home")
