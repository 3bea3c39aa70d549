"""Sharing without a browser: who gets which gate, role checks for buttons, session
expiry, the remembered switch, local-client detection, LAN addresses, the QR code."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from types import SimpleNamespace

import pytest

from smallshop.app import is_local_client, lan_addresses, remember_sharing, remembered_sharing
from smallshop.domain.access import Action
from smallshop.services import Services
from smallshop.services.access import SignInRequiredError
from smallshop.storage.tinydb_store import open_store
from smallshop.ui.state import AppState


class Host:
    def __init__(self) -> None:
        self.snacks: list[str] = []

    def navigate(self, route): pass
    def set_locale(self, lang): pass
    def snack(self, message, *, error=False): self.snacks.append(message)
    def broadcast(self, message): pass


class Launcher(SimpleNamespace):
    def is_local_client(self, ip):
        return is_local_client(ip)


@pytest.fixture
def services(tmp_path):
    store = open_store(tmp_path / "data")
    yield Services(store, clock=lambda: datetime.now().astimezone(), session_timeout=timedelta(minutes=30))
    store.close()


def screen(services, *, shared: bool, ip: str | None) -> AppState:
    state = AppState(Launcher(services=services, sharing=shared), today=lambda: date(2026, 11, 28), host=Host())
    state.peer = ip
    return state


def test_gates_before_and_after_the_owner_setup(services):
    pc, phone = screen(services, shared=True, ip="127.0.0.1"), screen(services, shared=True, ip="192.168.1.23")
    assert (pc.gate(), phone.gate()) == ("setup", "not_ready")  # setup on the PC only
    assert screen(services, shared=False, ip="127.0.0.1").gate() is None  # no sharing, no PINs: as before
    owner = services.members.setup_business("Цех", "Гүлзат", "4826")
    assert (pc.gate(), phone.gate()) == ("sign_in", "sign_in")
    assert screen(services, shared=False, ip="192.168.1.23").gate() == "not_shared"  # switched off later
    phone.sign_in_with_pin(owner.id, "4826")
    assert phone.gate() is None and phone.actor == owner.id


def test_buttons_follow_the_role_and_nothing_is_allowed_before_sign_in(services):
    owner = services.members.setup_business("Цех", "Гүлзат", "4826")
    helper = services.members.add({"name": "Айпери", "pin": "1357"}, actor=owner.id)
    a, b = screen(services, shared=True, ip="127.0.0.1"), screen(services, shared=True, ip="10.0.0.5")
    assert not a.can(Action.ORDER_CREATE)  # not signed in yet
    with pytest.raises(SignInRequiredError):
        a.require_actor()  # an export handler refuses too
    a.sign_in_with_pin(owner.id, "4826")
    b.sign_in_with_pin(helper.id, "1357")
    assert a.can(Action.ORDER_DELETE) and a.can(Action.MEMBERS_MANAGE)
    assert b.can(Action.ORDER_CREATE) and not b.can(Action.ORDER_DELETE) and not b.can(Action.BACKUP_DOWNLOAD)
    assert b.require_actor() == helper.id


def test_a_demoted_owner_loses_the_owner_buttons_at_once(services):
    """The role is read from the store on every check, not cached at sign-in."""
    owner = services.members.setup_business("Цех", "Гүлзат", "4826")
    other = services.members.add({"name": "Апа", "role": "owner", "pin": "1357"}, actor=owner.id)
    screen_of_other = screen(services, shared=True, ip="10.0.0.5")
    screen_of_other.sign_in_with_pin(other.id, "1357")
    assert screen_of_other.can(Action.MEMBERS_MANAGE)
    current = services.settings.member(other.id)
    services.members.update(other.id, {"name": "Апа", "role": "helper"}, current.audit.version, owner.id)
    assert not screen_of_other.can(Action.MEMBERS_MANAGE) and not screen_of_other.can(Action.ORDER_DELETE)
    assert screen_of_other.can(Action.ORDER_CREATE)


def test_an_idle_session_returns_to_sign_in_with_a_message(services):
    owner = services.members.setup_business("Цех", "Гүлзат", "4826")
    ui = screen(services, shared=True, ip="127.0.0.1")
    ui.sign_in_with_pin(owner.id, "4826")
    assert ui.check_session() is False
    services.signin.timeout = timedelta(seconds=-1)  # as if idle past the limit
    assert ui.check_session() is True
    assert ui.gate() == "sign_in" and ui.member is None
    assert ui._host.snacks == [ui.t("ui_sharing.signin.expired")]


def test_the_switch_is_remembered_beside_the_data(tmp_path):
    assert remembered_sharing(tmp_path) is False
    remember_sharing(tmp_path, True)
    assert remembered_sharing(tmp_path) is True
    remember_sharing(tmp_path, False)
    assert remembered_sharing(tmp_path) is False
    (tmp_path / "sharing.json").write_text("not json", encoding="utf-8")
    assert remembered_sharing(tmp_path) is False


@pytest.mark.parametrize(
    "ip, local",
    [("127.0.0.1", True), ("::1", True), ("::ffff:127.0.0.1", True), (None, True), ("127.8.9.10", True),
     ("192.168.1.23", False), ("10.0.0.5", False), ("::ffff:192.168.1.9", False), ("garbage", False),
     ("", False), ("  ", False), ("localhost", False),  # a socket's peer is a number; blank is not this PC
     ("[::1]", True), ("[::ffff:127.0.0.1]", True), ("fd00::2", False), ("fe80::1", False), ("::", False),
     ("0.0.0.0", False), ("[", False)],
)
def test_which_clients_are_this_pc(ip, local):
    from smallshop.web.connection import is_loopback_peer

    assert is_local_client(ip) is local
    if ip is not None:  # one meaning of "this PC" for the app and the session bounds
        assert is_loopback_peer(ip) is local


def test_the_server_names_its_ipv6_addresses_only_when_it_listens_on_ipv6(monkeypatch):
    import smallshop.app as app_module

    monkeypatch.setattr(app_module, "lan_addresses", lambda: ["192.168.1.5"])
    monkeypatch.setattr(app_module, "ipv6_addresses", lambda: ["fd00::2", "fe80::1"])
    assert app_module.server_addresses("0.0.0.0") == ["192.168.1.5"]
    assert app_module.server_addresses("127.0.0.1") == ["192.168.1.5"]
    assert app_module.server_addresses("::") == ["192.168.1.5", "fd00::2", "fe80::1"]
    assert app_module.server_addresses("fd00::2") == ["192.168.1.5", "fd00::2"]
    assert app_module.server_addresses("192.168.7.7") == ["192.168.1.5", "192.168.7.7"]


def test_ipv6_addresses_are_this_computers_and_never_loopback():
    import ipaddress

    from smallshop.app import ipv6_addresses

    for address in ipv6_addresses():
        ip = ipaddress.IPv6Address(address)
        assert not ip.is_loopback and not ip.is_unspecified and "%" not in address


def test_lan_addresses_are_ipv4_and_never_loopback():
    import ipaddress

    for address in lan_addresses():
        ip = ipaddress.IPv4Address(address)
        assert not ip.is_loopback and not ip.is_unspecified


def test_the_qr_code_is_a_png_of_the_address():
    from smallshop.ui.views.sharing import qr_png

    png = qr_png("http://192.168.1.5:8550")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    other = qr_png("http://192.168.1.6:8550")
    assert png != other  # the picture depends on the address
