"""The guard in front of flet-web, in-process: names, origins, refusals, half-open sockets.

Driven as an ASGI app with hand-made scopes (no server): every refusal must be a
403 before the wrapped app runs, and the wrapped app must see the socket's peer.
"""

from __future__ import annotations

import asyncio

import pytest

from smallshop.web import sessions
from smallshop.web.connection import current
from smallshop.web.guard import ConnectionGuard, ServerNames, origin_matches, split_host

PORT = 8550


@pytest.mark.parametrize("value, expected", [
    ("192.168.1.5:8550", ("192.168.1.5", 8550)), ("LOCALHOST:8550", ("localhost", 8550)),
    ("[::1]:8550", ("::1", 8550)), ("localhost", ("localhost", None)), ("localhost.:8550", ("localhost", 8550)),
    ("", ("", None)), ("evil@localhost:8550", ("", None)), ("local host", ("", None)), ("x:notaport", ("", None)),
])
def test_split_host(value, expected):
    assert split_host(value) == expected


def test_the_servers_own_names_and_nothing_else():
    lan = ["192.168.1.5"]
    names = ServerNames(PORT, lambda: lan)
    for ok in ("localhost:8550", "127.0.0.1:8550", "[::1]:8550", "192.168.1.5:8550", "127.0.0.2:8550", "localhost"):
        assert names.allows(ok), ok
    for bad in ("evil.example:8550", "localhost:8551", "192.168.1.6:8550", "localhost.evil.example:8550",
                "192.168.1.5.nip.io:8550", "", "0.0.0.0:8550"):
        assert not names.allows(bad), bad


def test_a_new_lan_address_is_picked_up_without_a_restart(monkeypatch):
    lan = ["192.168.1.5"]
    names = ServerNames(PORT, lambda: list(lan))
    lan[:] = ["192.168.1.77"]  # DHCP gave the PC another address
    assert not names.allows("192.168.1.77:8550")  # looked up at most every 30 s
    names._looked -= 31
    assert names.allows("192.168.1.77:8550")


@pytest.mark.parametrize("origin, host, ok", [
    ("http://localhost:8550", "localhost:8550", True),
    ("http://192.168.1.5:8550", "192.168.1.5:8550", True),
    ("https://localhost:8550", "localhost:8550", False),  # an https:// page: another origin (no TLS here)
    ("HTTP://LocalHost:8550", "localhost:8550", True),
    ("http://[fd00::2]:8550", "[fd00::2]:8550", True),
    ("http://[fd00:0::2]:8550", "[FD00::2]:8550", True),
    ("http://user@localhost:8550", "localhost:8550", False),
    ("http://localhost:8550?x", "localhost:8550", False),
    ("http://localhost", "localhost:80", True),
    ("http://evil.example", "localhost:8550", False),
    ("http://localhost:8551", "localhost:8550", False),
    ("null", "localhost:8550", False),
    (None, "localhost:8550", False),
    ("http://localhost:8550/page", "localhost:8550", False),
    ("file://", "localhost:8550", False),
])
def test_origin_must_name_the_host(origin, host, ok):
    assert origin_matches(origin, host) is ok


def test_origin_scheme_follows_the_connection():
    """Behind TLS (wss) only an https:// page is the app's own; smallshop serves plain http."""
    assert origin_matches("https://localhost:8550", "localhost:8550", "https")
    assert not origin_matches("http://localhost:8550", "localhost:8550", "https")
    assert not origin_matches("https://localhost:8550", "localhost:8550", "http")


def test_an_https_origin_for_an_http_host_is_refused_before_the_app_runs():
    app = App()
    guard = ConnectionGuard(app, ServerNames(PORT))
    sent = _run(guard, _scope("websocket", "localhost:8550", "https://localhost:8550"))
    assert app.peers == [] and sent == [{"type": "websocket.close", "code": 1008}]
    assert guard.refused["origin"] == 1


def test_the_servers_own_ipv6_addresses_are_its_names():
    """Listening on "::", a phone may open http://[fd00::2]:8550 (or a link-local
    address, its zone dropped); other IPv6 addresses are still refused, and a Host
    name is read strictly (::ffff:127.0.0.1 is not a loopback name)."""
    names = ServerNames(PORT, lambda: ["192.168.1.5", "fd00::2", "fe80::fc:ff:fe00:1", "2001:DB8::7"])
    for ok in ("[fd00::2]:8550", "[FD00:0:0::2]:8550", "[fe80::fc:ff:fe00:1]:8550", "[fe80::fc:ff:fe00:1%25eth0]:8550",
               "[2001:db8::7]:8550", "[::1]:8550", "192.168.1.5:8550"):
        assert names.allows(ok), ok
    for bad in ("[fd00::3]:8550", "[fd00::2]:8551", "[::ffff:127.0.0.1]:8550", "[::]:8550", "[fd00::2:8550",
                "fd00::2:8550"):
        assert not names.allows(bad), bad


def _scope(kind: str, host: str, origin: str | None = None, peer: str = "192.168.1.23") -> dict:
    headers = [(b"host", host.encode())]
    if origin is not None:
        headers.append((b"origin", origin.encode()))
    return {"type": kind, "headers": headers, "client": (peer, 50000), "path": "/ws"}


def _run(guard: ConnectionGuard, scope: dict, incoming: list[dict] | None = None) -> list[dict]:
    sent: list[dict] = []
    queue = list(incoming or [{"type": "websocket.connect"}])

    async def receive() -> dict:
        if queue:
            return queue.pop(0)
        await asyncio.sleep(3600)
        return {}

    async def send(message: dict) -> None:
        sent.append(message)

    asyncio.run(guard(scope, receive, send))
    return sent


class App:
    """A stand-in for flet-web: records who called it and with which peer."""

    def __init__(self) -> None:
        self.peers: list[str | None] = []

    async def __call__(self, scope, receive, send):
        connection = current()
        self.peers.append(connection.peer if connection else None)
        if scope["type"] == "websocket":
            await send({"type": "websocket.accept"})


@pytest.mark.parametrize("scope, reason", [
    (_scope("websocket", "evil.example:8550", "http://evil.example:8550"), "host"),
    (_scope("websocket", "localhost:8550", "http://evil.example"), "origin"),
    (_scope("websocket", "localhost:8550", None), "origin"),
    (_scope("http", "evil.example:8550"), "host"),
])
def test_refused_before_the_app_runs(scope, reason):
    app = App()
    guard = ConnectionGuard(app, ServerNames(PORT))
    sent = _run(guard, scope)
    assert app.peers == []
    assert sent[0]["type"] in ("websocket.close", "http.response.start")
    if sent[0]["type"] == "http.response.start":
        assert sent[0]["status"] == 403
        from smallshop.i18n import get_translator

        assert get_translator("ky")("guard.refused.host") in sent[1]["body"].decode("utf-8")
    assert guard.refused[reason] == 1


def test_the_app_sees_the_sockets_peer_not_a_header():
    app = App()
    guard = ConnectionGuard(app, ServerNames(PORT, lambda: ["192.168.1.5"]))
    scope = _scope("websocket", "192.168.1.5:8550", "http://192.168.1.5:8550", peer="192.168.1.23")
    scope["headers"].append((b"x-forwarded-for", b"127.0.0.1"))
    _run(guard, scope)
    assert app.peers == ["192.168.1.23"]
    assert current() is None  # reset after the connection


def test_too_many_sockets_from_one_address_are_refused():
    guard = ConnectionGuard(App(), ServerNames(PORT), per_peer=2)
    guard.open_sockets["192.168.1.23"] = 2
    sent = _run(guard, _scope("websocket", "localhost:8550", "http://localhost:8550"))
    assert sent == [{"type": "websocket.close", "code": 1008}] and guard.refused["too_many"] == 1


def test_a_handler_that_outlives_its_client_is_cancelled():
    """flet-web's handler waits forever when the socket closes before the first message."""
    stopped: list[str] = []

    async def stuck(scope, receive, send):
        await send({"type": "websocket.accept"})
        await receive()  # the connect
        await receive()  # the disconnect
        try:
            await asyncio.sleep(3600)  # flet-web 1.0.5: `await send_loop_task`, never woken
        finally:
            stopped.append("cancelled")

    guard = ConnectionGuard(stuck, ServerNames(PORT), grace=0.2)
    _run(guard, _scope("websocket", "localhost:8550", "http://localhost:8550"),
         [{"type": "websocket.connect"}, {"type": "websocket.disconnect", "code": 1006}])
    assert stopped == ["cancelled"]
    assert guard.open_sockets == {}


def test_flet_web_still_keeps_its_sessions_where_sessions_py_reads_them():
    """sessions.registry() reads flet-web 1.0.5's private dict: a new flet-web must fail here."""
    assert isinstance(sessions.registry(), dict)


def test_only_unsigned_connections_from_other_computers_are_closed_after_the_limit():
    from smallshop.web.connection import Connection

    closed: list[str] = []

    def conn(peer: str, opened: float, signed: bool) -> Connection:
        c = Connection(peer=peer, opened=opened)
        c.signed_in = lambda: signed
        c.close = lambda: closed.append(f"{peer}/{signed}/{opened}")
        return c

    live = [conn("192.168.1.23", 0, False), conn("192.168.1.24", 0, True), conn("127.0.0.1", 0, False),
            conn("192.168.1.25", 550, False), conn("::1", 0, False),
            conn("::ffff:127.0.0.1", 0, False)]  # this PC through a dual-stack "::" socket
    assert sessions.close_unsigned(live, limit=600, now=1000) == 1
    assert closed == ["192.168.1.23/False/0"]


def test_a_connection_closed_by_the_server_ends_its_handler_cleanly():
    """close() sends the close frame and hands flet-web a disconnect; nothing is sent after."""
    seen: list[str] = []

    async def app(scope, receive, send):
        await send({"type": "websocket.accept"})
        await receive()  # the connect
        current().close()  # what sessions.close_unsigned does
        message = await receive()
        seen.append(message["type"])
        await send({"type": "websocket.send", "bytes": b"late"})  # swallowed

    guard = ConnectionGuard(app, ServerNames(PORT))
    sent = _run(guard, _scope("websocket", "localhost:8550", "http://localhost:8550"))
    assert seen == ["websocket.disconnect"]
    assert [m["type"] for m in sent] == ["websocket.accept", "websocket.close"]


def test_deleted_sessions_are_collected_every_few(monkeypatch):
    """A deleted Flet session is cyclic garbage: collected after every COLLECT_EVERY, not
    when Python's collector gets round to it (~150 sessions later, issue 9's flood)."""
    collected: list[int] = []
    monkeypatch.setattr(sessions.gc, "collect", lambda *a: collected.append(1) or 0)
    monkeypatch.setattr(sessions, "_deleted_since_collect", 0)
    ran = [sessions._deleted(1, every=3) for _ in range(7)]
    assert ran == [False, False, True, False, False, True, False]
    assert len(collected) == 2
