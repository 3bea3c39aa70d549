"""Who is on the other end of a browser connection, known only from the server side.

The guard (guard.py) sets `CURRENT` for the whole life of one websocket
connection, from the socket's peer address (uvicorn's scope["client"], with
proxy headers switched off). Flet starts the session's `main` and every event
handler in tasks created inside that connection, so they inherit the value
(asyncio copies the context into new tasks). Nothing the browser sends can
change it: unlike `page.client_ip`, it is not a property of the page.
"""

from __future__ import annotations

import ipaddress
import time
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any


@dataclass(eq=False)  # compared (and hashed) by identity: one object per websocket
class Connection:
    """One websocket connection: its peer address and, once `main` ran, its session."""

    peer: str
    opened: float = field(default_factory=time.monotonic)
    session: Any = None  # the Flet Session created on this connection (set by the app)
    signed_in: Any = None  # callable -> bool: has this session signed in? (set by the app)
    close: Any = None  # callable: end this websocket from the server side (set by the guard)
    transport: Any = None  # flet-web's FletApp this session was created on (set by the app)
    ended: bool = False  # the websocket is over (set by the guard before it tidies up)


def is_loopback_peer(peer: str | None) -> bool:
    """Is this socket peer address this computer? The one meaning of "this PC" for a
    connection: a loopback address (127.0.0.0/8, ::1), also written IPv4-mapped
    (::ffff:127.0.0.1, how a dual-stack "::" socket shows an IPv4 peer) or in
    brackets. Anything else is another computer: a LAN address (even this PC's own,
    which the whole home network can reach), a name, a blank or unreadable value.
    Only for a peer taken from the socket (never from what a client sends); the
    guard's check of a Host header name is stricter (guard._is_loopback_name)."""
    text = (peer or "").strip()
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    try:
        ip = ipaddress.ip_address(text)
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_loopback


CURRENT: ContextVar[Connection | None] = ContextVar("smallshop_connection", default=None)


def current() -> Connection | None:
    """The connection this code runs for (None outside a guarded connection)."""
    return CURRENT.get()
