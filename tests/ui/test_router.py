"""The route table: every route reaches its view, parameters and queries are read."""

from __future__ import annotations

import pytest

from smallshop.i18n import load_catalog
from smallshop.ui.router import NAV_ITEMS, ROUTES, match, view_function

ENGLISH = load_catalog("en").messages


@pytest.mark.parametrize(
    "location, pattern, params",
    [
        ("/", "/", {}),
        ("/orders", "/orders", {}),
        ("/orders/new", "/orders/new", {}),
        ("/orders/3f2a", "/orders/:id", {"id": "3f2a"}),
        ("/customers/c1", "/customers/:id", {"id": "c1"}),
        ("/money?add=income", "/money", {}),
        ("/settings/", "/settings", {}),
    ],
)
def test_match_finds_the_route_and_its_parameters(location, pattern, params):
    found = match(location)
    assert found.route.pattern == pattern
    assert found.params == params


def test_query_string_is_parsed_and_unknown_paths_go_home():
    assert match("/money?add=expense&order=o1").query == {"add": "expense", "order": "o1"}
    assert match("/no/such/screen").route.module == "home"


@pytest.mark.parametrize("route", [r for r in ROUTES if r.module in ("home", "reports", "settings")], ids=lambda r: r.pattern)
def test_the_shell_views_exist(route):
    assert callable(view_function(route))


def test_every_title_and_navigation_label_is_translated():
    keys = {r.title_key for r in ROUTES} | {item[3] for item in NAV_ITEMS}
    assert sorted(k for k in keys if k not in ENGLISH) == []
