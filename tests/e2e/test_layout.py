"""Phone layout below 600 px (bottom bar, one column, nothing wider than the
screen), desktop layout above (navigation rail)."""

from __future__ import annotations

import pytest

from smallshop.i18n import get_translator

T = get_translator("ky")
SCREENS = ["/", "/orders", "/customers", "/money", "/debts", "/reports", "/settings"]
BOTTOM_BAR = ["ui.nav.home", "ui.nav.orders", "ui.nav.customers", "ui.nav.money", "ui.nav.debts"]


def test_phone_has_a_bottom_bar_and_no_horizontal_scroll_at_360(demo_server, phone):
    ui = phone(demo_server, "/", width=360)
    ui.see(T("ui.home.orders_due"))
    tabs = ui.page.get_by_role("tab")
    for key in BOTTOM_BAR:  # the NavigationBar's destinations are tabs
        ui.page.get_by_role("tab", name=T(key)).first.wait_for(state="attached")
    assert tabs.count() == len(BOTTOM_BAR)
    bar_top = min(tabs.nth(i).bounding_box()["y"] for i in range(tabs.count()))
    assert bar_top > 844 * 0.8  # at the bottom of the screen
    # reports and settings are in the app bar's menu on a phone
    ui.menu(T("ui.nav.settings"))
    ui.see(T("ui.settings.profile"))
    for route in SCREENS:
        ui.goto(route)
        ui.page.wait_for_timeout(1500)
        assert ui.page.evaluate("document.documentElement.scrollWidth") <= 360
        assert ui.semantics_overflow() == [], route
        ui.shot("layout" + route.replace("/", "-").rstrip("-"))


def test_phone_navigation_bar_moves_between_screens(demo_server, phone):
    ui = phone(demo_server, "/")
    ui.page.get_by_role("tab", name=T("ui.nav.debts")).first.click()
    ui.page.wait_for_url("**/debts")
    ui.page.get_by_role("tab", name=T("ui.nav.home")).first.click()
    ui.see(T("ui.home.orders_due"))


def test_desktop_shows_the_rail_with_every_destination(demo_server, desktop):
    ui = desktop(demo_server, "/")
    ui.see(T("ui.home.orders_due"))
    assert ui.page.get_by_role("tab").count() == 0  # no bottom bar
    for key in BOTTOM_BAR + ["ui.nav.reports", "ui.nav.settings"]:
        item = ui.page.get_by_role("button", name=T(key)).first
        item.wait_for(state="attached")
        assert item.bounding_box()["x"] < 100  # the rail on the left
    ui.page.get_by_role("button", name=T("ui.nav.reports")).first.click()
    ui.see(T("ui.reports.key_figures"))
    for route in SCREENS:
        ui.goto(route)
        ui.page.wait_for_timeout(1500)
        assert ui.semantics_overflow() == [], route
        ui.shot("layout" + route.replace("/", "-").rstrip("-"))
