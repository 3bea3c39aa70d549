"""Which screen a route shows.

Routes are declared once here. Each names the view module and its component
function; modules are imported lazily so a screen another engineer has not
written yet shows a titled placeholder instead of breaking the app. The matcher
is a few lines of plain Python (no page needed), so it is unit-tested.
"""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass, field
from typing import Callable

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RouteDef:
    pattern: str  # "/orders/:id"
    module: str  # module under smallshop.ui.views
    function: str  # the @ft.component in it, called as function(app)
    title_key: str  # translation key of the screen's title
    section: str  # which navigation destination is highlighted


ROUTES: tuple[RouteDef, ...] = (
    RouteDef("/", "home", "HomeView", "ui.nav.home", "/"),
    RouteDef("/orders", "orders", "OrdersView", "ui.nav.orders", "/orders"),
    RouteDef("/orders/new", "order_form", "OrderFormView", "ui.title.new_order", "/orders"),
    RouteDef("/orders/:id", "order_form", "OrderFormView", "ui.title.order", "/orders"),
    RouteDef("/customers", "customers", "CustomersView", "ui.nav.customers", "/customers"),
    RouteDef("/customers/:id", "customer_page", "CustomerPageView", "ui.title.customer", "/customers"),
    RouteDef("/money", "money", "MoneyView", "ui.nav.money", "/money"),
    RouteDef("/debts", "debts", "DebtsView", "ui.nav.debts", "/debts"),
    RouteDef("/reports", "reports", "ReportsView", "ui.nav.reports", "/reports"),
    RouteDef("/settings", "settings", "SettingsView", "ui.nav.settings", "/settings"),
    RouteDef("/activity", "activity", "ActivityView", "ui_sharing.activity.title", "/settings"),
    RouteDef("/bin", "recycle_bin", "RecycleBinView", "ui_sharing.bin.title", "/settings"),
    RouteDef("/programme", "programme", "ProgrammeView", "ui_programme.title", "/settings"),  # issue 15
)

NOT_FOUND = RouteDef("", "home", "HomeView", "ui.nav.home", "/")


@dataclass(frozen=True)
class Match:
    route: RouteDef
    params: dict[str, str] = field(default_factory=dict)
    query: dict[str, str] = field(default_factory=dict)


def _split(path: str) -> list[str]:
    return [part for part in path.split("/") if part]


def match(location: str) -> Match:
    """The route for "/orders/abc?status=ready" (params {"id": "abc"}, query
    {"status": "ready"}); unknown paths go home."""
    path, _, query_text = (location or "/").partition("?")
    query = dict(
        pair.split("=", 1) if "=" in pair else (pair, "") for pair in query_text.split("&") if pair
    )
    parts = _split(path)
    for route in ROUTES:
        pattern = _split(route.pattern)
        if len(pattern) != len(parts):
            continue
        params: dict[str, str] = {}
        for want, got in zip(pattern, parts):
            if want.startswith(":"):
                params[want[1:]] = got
            elif want != got:
                break
        else:
            return Match(route, params, query)
    return Match(NOT_FOUND, {}, query)


def view_function(route: RouteDef) -> Callable | None:
    """The view component for a route, or None when its module does not exist yet."""
    name = f"{__package__}.views.{route.module}"
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name == name:
            return None  # not written yet: the shell shows a placeholder
        raise
    return getattr(module, route.function, None)


# The navigation destinations, in order: (route, icon name, selected icon, label key)
NAV_ITEMS: tuple[tuple[str, str, str, str], ...] = (
    ("/", "HOME_OUTLINED", "HOME", "ui.nav.home"),
    ("/orders", "RECEIPT_LONG_OUTLINED", "RECEIPT_LONG", "ui.nav.orders"),
    ("/customers", "PEOPLE_OUTLINE", "PEOPLE", "ui.nav.customers"),
    ("/money", "PAYMENTS_OUTLINED", "PAYMENTS", "ui.nav.money"),
    ("/debts", "ACCOUNT_BALANCE_OUTLINED", "ACCOUNT_BALANCE", "ui.nav.debts"),
    ("/reports", "INSERT_CHART_OUTLINED", "INSERT_CHART", "ui.nav.reports"),
    ("/settings", "SETTINGS_OUTLINED", "SETTINGS", "ui.nav.settings"),
)
# On a phone the bottom bar holds the first five; reports and settings sit in the app bar menu.
PHONE_NAV_COUNT = 5
