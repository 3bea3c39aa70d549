"""AppState without a browser: navigation, language, refresh after a save, forms."""

from __future__ import annotations

from datetime import date, datetime
from types import SimpleNamespace

import pytest

from smallshop.domain.problems import DomainError, Problem
from smallshop.services import Services
from smallshop.storage.tinydb_store import open_store
from smallshop.ui.components.forms import GENERAL, Form
from smallshop.ui.state import AppState


class FakeHost:
    def __init__(self) -> None:
        self.routes: list[str] = []
        self.locales: list[str] = []
        self.snacks: list[tuple[str, bool]] = []
        self.broadcasts: list[object] = []

    def navigate(self, route): self.routes.append(route)
    def set_locale(self, lang): self.locales.append(lang)
    def snack(self, message, *, error=False): self.snacks.append((message, error))
    def broadcast(self, message): self.broadcasts.append(message)


@pytest.fixture
def services(tmp_path):
    store = open_store(tmp_path / "data")
    yield Services(store, clock=lambda: datetime(2026, 11, 28, 10, 0))
    store.close()


@pytest.fixture
def app(services):
    host = FakeHost()
    state = AppState(SimpleNamespace(services=services, data_location="/x", demo=False), today=lambda: date(2026, 11, 28), host=host)
    state.host = host
    return state


def test_navigation_sets_route_and_params(app):
    app.navigate("/orders/abc")
    assert (app.route, app.params) == ("/orders/abc", {"id": "abc"})
    assert app.host.routes == ["/orders/abc"]
    app.route_changed("/customers/c9")  # the browser's back button
    assert app.params == {"id": "c9"}


def test_language_switch_translates_and_is_remembered(app, services):
    assert app.lang == "ky"  # a new data folder speaks Kyrgyz
    app.set_language("ru")
    assert app.t("ui.nav.orders") == "Заказы"
    assert app.host.locales == ["ru"]
    assert services.settings.language() == "ru"
    fresh = AppState(SimpleNamespace(services=services), today=lambda: date(2026, 11, 28))
    assert fresh.lang == "ru"


def test_changed_refreshes_views_and_tells_other_sessions(app):
    before = app.data_version
    app.changed("Сакталды")
    assert app.data_version == before + 1
    assert app.host.broadcasts == [{"type": "data_changed"}]
    assert app.host.snacks == [("Сакталды", False)]


def test_phone_width_threshold(app):
    app.width = 599
    assert app.is_phone
    app.width = 600
    assert not app.is_phone


class _Ref:
    def __init__(self, value): self.current = value


def _form(values):
    shown = {}
    form = Form(_Ref(dict(values)), {}, shown.update)
    return form, shown


def test_form_submit_puts_translated_problems_under_fields_and_keeps_values(app, services):
    form, shown = _form({"business_name": "", "owner_name": "Гүлзат"})
    result = form.submit(app, lambda values: services.settings.update_profile(values, actor=None))
    assert result is None
    assert shown["business_name"] == app.t.problem(
        Problem("business_name", services_problem_key(services))
    )
    assert form.values["owner_name"] == "Гүлзат"  # what was typed is kept
    assert services.settings.profile().owner_name == ""  # nothing saved
    assert app.data_version == 0


def services_problem_key(services):
    with pytest.raises(DomainError) as caught:
        services.settings.update_profile({"business_name": ""}, actor=None)
    return caught.value.for_field("business_name")[0].key


def test_form_submit_success_saves_and_notifies(app, services):
    form, shown = _form({"business_name": "Гүлзат тигүү цехи", "owner_name": "Гүлзат"})
    saved = form.submit(app, lambda values: services.settings.update_profile(values, actor=None))
    assert saved.business_name == "Гүлзат тигүү цехи"
    assert shown == {}
    assert app.data_version == 1
    assert app.host.snacks == [(app.t("ui.saved"), False)]


def test_form_submit_storage_error_is_shown_not_raised(app):
    from smallshop.storage.interfaces import ConflictError

    form, shown = _form({"x": "1"})

    def conflict(values):
        raise ConflictError("stale", record_id="r1", updated_by="Айпери", updated_at="10:00")

    assert form.submit(app, conflict) is None
    assert shown[GENERAL] == app.t.error(ConflictError("stale", record_id="r1", updated_by="Айпери", updated_at="10:00"))
    assert app.host.snacks[-1][1] is True


def test_with_pins_set_a_session_must_sign_in_and_writes_carry_the_member(app, services):
    owner = services.members.setup_business("Гүлзат тигүү цехи", "Гүлзат", "4826")
    assert app.sharing_on and app.needs_sign_in() and app.default_member() is None
    from smallshop.services.signin import WrongPinError

    with pytest.raises(WrongPinError):
        app.sign_in_with_pin(owner.id, "0000")
    assert app.needs_sign_in()
    app.sign_in_with_pin(owner.id, "4826")
    assert not app.needs_sign_in() and app.member.id == owner.id
    assert app.actor == owner.id
    app.sign_out()
    assert app.needs_sign_in() and app.actor is None
