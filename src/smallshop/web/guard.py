"""The gate in front of Flet's web server: an ASGI middleware around flet-web's app.

flet-web (FastAPI + uvicorn, `flet_web.fastapi.app`) accepts any websocket on
/ws and trusts the page's own `client_ip` property. This guard, which wraps the
whole ASGI app, makes sure that
- a request's Host is one of this server's own names (localhost, 127.0.0.1,
  ::1 and this computer's LAN addresses): a page on evil.example that makes its
  name resolve to this PC (DNS rebinding) is refused;
- a websocket upgrade carries an Origin whose scheme, host and port are the
  page's own (http:// for this plain-http server, https:// only behind TLS; the
  same host:port as the Host header): a page from another site, or from an
  https:// page on the same name, cannot drive the app in the family's browser;
- each websocket's peer address (the socket's, never X-Forwarded-For: uvicorn's
  proxy headers are off) is known to the app through connection.CURRENT;
- one address holds at most MAX_SOCKETS_PER_PEER websockets at a time;
- a websocket from another computer that has not signed in UNSIGNED_SECONDS after
  it opened is closed from the server side (sessions.close_unsigned), so idle
  never-signed-in connections expire too (its browser may connect again: it gets
  a fresh sign-in screen);
- a websocket whose client has gone does not keep its handler running: flet-web
  waits forever for a connection closed before its first message (issue 9), which
  kept Ctrl+C / SIGTERM from ending the app; after GRACE seconds it is cancelled;
- a handler that fails only because its client left (flet-web's send loop after an
  abrupt drop) is logged as one short line, not a traceback per drop.
Refusals are a 403 (HTTP) or a websocket closed before it is accepted (403).
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import time
import weakref
from collections import Counter
from typing import Any, Callable, Iterable
from urllib.parse import urlsplit

from .connection import CURRENT, Connection

log = logging.getLogger(__name__)

GRACE = 2.0  # seconds a handler may take to finish after its client left
MAX_SOCKETS_PER_PEER = 32
LOCAL_NAMES = ("localhost", "127.0.0.1", "::1")
REFRESH_SECONDS = 30.0


def split_host(value: str) -> tuple[str, int | None]:
    """("192.168.1.5", 8550) from "192.168.1.5:8550"; IPv6 in brackets ("[fe80::1]:8550",
    a zone such as %25eth0 dropped: an address names this computer on any link);
    ("", None) when unreadable."""
    text = (value or "").strip().lower()
    if not text or any(c in text for c in "/@?# \\"):
        return "", None
    try:
        parts = urlsplit(f"//{text}")
        name, port = parts.hostname or "", parts.port
    except ValueError:
        return "", None
    if ":" in name:  # an IPv6 literal: one spelling for the same address
        try:
            name = str(ipaddress.IPv6Address(name.split("%", 1)[0]))
        except ValueError:
            return "", None
    return name.rstrip("."), port


class ServerNames:
    """The names a browser may use for this server: localhost names and this
    computer's LAN addresses (looked up again when an unknown name comes, at most
    every REFRESH_SECONDS, so a new DHCP address works without a restart)."""

    def __init__(self, port: int, lan: Callable[[], Iterable[str]] = lambda: ()) -> None:
        self.port = port
        self._lan = lan
        self._known: set[str] = set()
        self._looked = -REFRESH_SECONDS
        self._refresh()

    def _refresh(self) -> None:
        try:
            found = {split_host(f"[{a}]" if ":" in str(a) else str(a))[0] for a in self._lan()} - {""}
        except OSError:  # no network at all
            found = set()
        self._known = set(LOCAL_NAMES) | found
        self._looked = time.monotonic()

    def allows(self, host_header: str) -> bool:
        name, port = split_host(host_header)
        if not name or (port is not None and port != self.port):
            return False
        if name in self._known or _is_loopback_name(name):
            return True
        if time.monotonic() - self._looked >= REFRESH_SECONDS:
            self._refresh()
            return name in self._known
        return False


def _is_loopback_name(name: str) -> bool:
    """A Host header name that is a loopback address as written (127.x.y.z, ::1).
    Stricter than connection.is_loopback_peer on purpose: a name a browser was
    given is checked as typed (no IPv4-mapped spelling, no brackets), and it only
    decides which names reach the app, never who counts as "this PC"."""
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


DEFAULT_PORTS = {"http": 80, "https": 443}


def origin_matches(origin: str | None, host_header: str, scheme: str = "http") -> bool:
    """True when the Origin header is exactly the page this server served: scheme
    `scheme` (http here: smallshop serves no TLS, so an https:// page is another
    origin), and the host and port of the Host header the browser connected to."""
    if not origin or scheme not in DEFAULT_PORTS:
        return False
    try:
        parts = urlsplit(origin.strip())
    except ValueError:
        return False
    if parts.scheme.lower() != scheme or parts.path not in ("", "/") or parts.query or parts.fragment:
        return False
    if parts.username is not None or parts.password is not None:
        return False
    name, port = split_host(parts.netloc)
    host, host_port = split_host(host_header)
    if not name or name != host:
        return False
    default = DEFAULT_PORTS[scheme]
    return (port or default) == (host_port or default)


def _refusal_text() -> str:
    """What a person who typed another name for this PC reads, in all three languages
    (the page cannot know theirs)."""
    from ..i18n import SUPPORTED, get_translator

    return "\n\n".join(get_translator(lang)("guard.refused.host") for lang in SUPPORTED) + "\n"


def _client_left(error: BaseException, gone: asyncio.Event) -> bool:
    """Did this handler fail only because its client had gone?"""
    if gone.is_set():
        return True
    names = {"ClientDisconnected", "WebSocketDisconnect", "ConnectionClosed"}
    return any(type(e).__name__ in names or isinstance(e, ConnectionError)
               for e in (error, error.__context__, error.__cause__) if e is not None)


def _headers(scope: dict[str, Any]) -> dict[str, str]:
    found: dict[str, str] = {}
    for key, value in scope.get("headers") or []:
        name = key.decode("latin-1").lower()
        if name in found:  # two Host or Origin headers: treat as unreadable
            found[name] = "\x00"
        else:
            found[name] = value.decode("latin-1")
    return found


class ConnectionGuard:
    """ASGI middleware: Host and Origin checks, the peer address, bounded sockets."""

    def __init__(self, app: Any, names: ServerNames, *, on_closed: Callable[[Connection], None] | None = None,
                 grace: float = GRACE, per_peer: int = MAX_SOCKETS_PER_PEER) -> None:
        self.app = app
        self.names = names
        self.on_closed = on_closed
        self.grace = grace
        self.per_peer = per_peer
        self.open_sockets: Counter[str] = Counter()
        self.refused: Counter[str] = Counter()  # reason -> count (tests, logs)
        self.live: weakref.WeakSet[Connection] = weakref.WeakSet()  # open websockets (sessions.close_unsigned)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        kind = scope.get("type")
        if kind not in ("http", "websocket"):
            await self.app(scope, receive, send)  # lifespan
            return
        headers = _headers(scope)
        host = headers.get("host", "")
        if not self.names.allows(host):
            await self._refuse(kind, send, "host")
            return
        if kind == "http":
            await self.app(scope, receive, send)
            return
        page_scheme = "https" if scope.get("scheme") == "wss" else "http"
        if not origin_matches(headers.get("origin"), host, page_scheme):
            await self._refuse(kind, send, "origin")
            return
        client = scope.get("client")
        peer = str(client[0]) if client else ""
        if self.open_sockets[peer] >= self.per_peer:
            await self._refuse(kind, send, "too_many")
            return
        connection = Connection(peer=peer)
        self.open_sockets[peer] += 1
        self.live.add(connection)
        token = CURRENT.set(connection)
        try:
            await self._run_websocket(scope, receive, send, connection)
        finally:
            CURRENT.reset(token)
            self.open_sockets[peer] -= 1
            if self.open_sockets[peer] <= 0:
                del self.open_sockets[peer]
            if self.on_closed is not None:
                try:
                    self.on_closed(connection)
                except Exception:  # pragma: no cover - bookkeeping must not break the server
                    log.exception("connection cleanup failed")

    async def _run_websocket(self, scope: dict[str, Any], receive: Any, send: Any, connection: Connection) -> None:
        gone = asyncio.Event()
        closing = asyncio.Event()
        closed_by_us: list[bool] = []

        async def close_now() -> dict[str, Any]:
            """Our close frame (once), and the disconnect flet-web should see."""
            if not closed_by_us:
                closed_by_us.append(True)
                with contextlib.suppress(Exception):
                    await send({"type": "websocket.close", "code": 1000})
            gone.set()
            return {"type": "websocket.disconnect", "code": 1000}

        async def watched_receive() -> dict[str, Any]:
            if closing.is_set():
                return await close_now()
            incoming = asyncio.ensure_future(receive())
            stop = asyncio.ensure_future(closing.wait())
            try:
                await asyncio.wait({incoming, stop}, return_when=asyncio.FIRST_COMPLETED)
            finally:
                stop.cancel()
            if not incoming.done():  # the server ends it: close, and tell flet-web it is over
                incoming.cancel()
                return await close_now()
            message = incoming.result()
            if message.get("type") == "websocket.disconnect":
                gone.set()
            return message

        async def guarded_send(message: dict[str, Any]) -> None:
            if closed_by_us:  # after our close frame nothing more goes out
                return
            await send(message)

        connection.close = closing.set
        task = asyncio.ensure_future(self.app(scope, watched_receive, guarded_send))
        waiter = asyncio.ensure_future(gone.wait())
        try:
            await asyncio.wait({task, waiter}, return_when=asyncio.FIRST_COMPLETED)
            if not task.done():  # the client left: let the handler tidy up, then stop it
                await asyncio.wait({task}, timeout=self.grace)
            if not task.done():
                log.info("websocket handler still running %.1f s after its client left: cancelled", self.grace)
                task.cancel()
            try:
                await task
            except asyncio.CancelledError:
                pass
            except Exception as error:
                if not _client_left(error, gone):
                    raise
                # flet-web's send loop fails when the client left before its first
                # screen went out (a phone losing Wi-Fi): one line, not two tracebacks
                log.info("websocket from %s dropped early: %s", connection.peer, type(error).__name__)
        except asyncio.CancelledError:  # server shutdown
            task.cancel()
            raise
        finally:
            waiter.cancel()

    async def _refuse(self, kind: str, send: Any, reason: str) -> None:
        self.refused[reason] += 1
        log.info("refused a %s request: %s", kind, reason)
        if kind == "websocket":
            await send({"type": "websocket.close", "code": 1008})
            return
        body = _refusal_text().encode("utf-8")
        await send({"type": "http.response.start", "status": 403,
                    "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})
