"""A raw Flet client: Flet 1.0's websocket protocol spoken directly, as a hostile
program on the home network would (no browser, no Flutter).

The wire format (flet_web/fastapi/flet_app.py): each binary frame is
`0x00 + msgpack([action, body])`. The client sends REGISTER_CLIENT (1) first,
with `{"session_id", "page_name", "page": {page props}}`; the server answers
with its session id and the page, then PATCH_CONTROL (2) frames that carry the
controls as dicts (`_i` id, `_c` class, props). The client sends CONTROL_EVENT
(3) `{"target": id, "name": "click", "data": ...}` and UPDATE_CONTROL_PROPS (4)
`{"id": id, "props": {...}}`. Everything the server drew is collected in
`controls` (id -> props), so a test can find "the button that says X".
"""

from __future__ import annotations

import socket
import time
from typing import Any, Iterator

import msgpack
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import ClientConnection, connect

REGISTER, PATCH, EVENT, UPDATE, INVOKE, CRASHED = 1, 2, 3, 4, 5, 6


def _decode_ext(code: int, data: bytes) -> Any:
    return data.decode("utf-8", "replace") if code in (1, 2, 4) else int(data or b"0") if code == 3 else data


def pack(action: int, body: Any) -> bytes:
    return b"\x00" + msgpack.packb([action, body])


class Refused(Exception):
    """The server refused the websocket upgrade (HTTP status in .status)."""

    def __init__(self, status: int) -> None:
        super().__init__(f"refused with HTTP {status}")
        self.status = status


class WireClient:
    """One hostile websocket session against ws://<address>:<port>/ws."""

    def __init__(self, address: str, port: int, *, host: str | None = None, origin: str | None = "same",
                 page: dict | None = None, user_agent: str = "hostile-test/1.0",
                 extra_headers: dict[str, str] | None = None) -> None:
        host_header = host or f"{address}:{port}"
        if origin == "same":
            origin = f"http://{host_header}"
        sock = socket.create_connection((address, port), timeout=20)
        try:  # the socket goes to `address`; the Host header says `host_header`
            self.ws: ClientConnection = connect(
                f"ws://{host_header}/ws", sock=sock, origin=origin, additional_headers={"User-Agent": user_agent, **(extra_headers or {})},
                open_timeout=20, close_timeout=2, max_size=None, user_agent_header=None,
            )
        except InvalidStatus as exc:
            raise Refused(exc.response.status_code) from exc
        self.ws.__enter__()  # closed by close(): the context-manager form websockets asks for
        self.session_id = ""
        self.page: dict = {}
        self.controls: dict[int, dict] = {}
        self.crashed: list[str] = []
        self.strings: list[str] = []  # every string the server sent, in any frame
        self._page = page or {}

    # --- sending -----------------------------------------------------------
    def register(self, *, extra: list[bytes] = (), route: str = "/", width: float = 390.0,
                 session_id: str = "") -> "WireClient":
        """REGISTER_CLIENT, plus `extra` frames sent right behind it in the same
        write (one TCP send), so the server reads them before anything else runs.
        `session_id`: ask to resume that session (what a browser does after a drop)."""
        page = {"route": route, "width": width, "height": 844.0, "web": True, "platform": "android",
                "media": {}, **self._page}
        frames = [pack(REGISTER, {"session_id": session_id, "page_name": "", "page": page}), *extra]
        if len(frames) == 1:
            self.ws.send(frames[0])
        else:
            self.ws.socket.sendall(b"".join(_masked_frame(frame) for frame in frames))
        return self

    def event(self, target: int, name: str = "click", data: Any = None) -> None:
        self.ws.send(pack(EVENT, {"target": target, "name": name, "data": data}))

    def update(self, control_id: int, props: dict) -> None:
        self.ws.send(pack(UPDATE, {"id": control_id, "props": props}))

    # --- receiving ---------------------------------------------------------
    def pump(self, seconds: float = 1.0, until: Any = None) -> "WireClient":
        """Read frames for up to `seconds` (or until `until(self)` is true)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if until is not None and until(self):
                return self
            try:
                data = self.ws.recv(timeout=max(0.05, min(0.5, deadline - time.monotonic())))
            except TimeoutError:
                continue
            except ConnectionClosed:
                break
            if isinstance(data, bytes) and data[:1] == b"\x00":
                self._take(msgpack.unpackb(data[1:], ext_hook=_decode_ext, strict_map_key=False))
        return self

    def _take(self, message: list) -> None:
        action, body = message[0], message[1]
        self.strings += list(_strings(body))
        if action == REGISTER:
            self.session_id = body.get("session_id", "")
            self.page = body.get("page_patch") or {}
            self._collect(self.page)
        elif action == PATCH:
            self._collect(body.get("patch"))
        elif action == CRASHED:
            self.crashed.append(str(body))

    def _collect(self, node: Any) -> None:
        for item in _walk(node):
            if "_i" in item:
                self.controls.setdefault(item["_i"], {}).update({k: v for k, v in item.items()})

    # --- finding -----------------------------------------------------------
    def texts(self) -> list[str]:
        """Every string the server sent for display (text values, labels, button contents)."""
        found = []
        for props in self.controls.values():
            for key in ("value", "label", "content", "text", "tooltip", "hint_text", "title", "error", "helper_text"):
                if isinstance(props.get(key), str):
                    found.append(props[key])
        return found

    def sees(self, text: str) -> bool:
        """`text` was sent: in a control, or in a later patch of a property (patches
        address controls by their path in the tree, so they are not tied to ids here)."""
        return any(text in shown for shown in self.strings)

    def find(self, text: str, cls: str | None = None) -> int | None:
        """The id of a control showing `text` (as its content/label/value), optionally of class `cls`."""
        for control_id, props in self.controls.items():
            if cls and props.get("_c") != cls:
                continue
            for key in ("content", "label", "value", "text", "tooltip"):
                if props.get(key) == text:
                    return control_id
        return None

    def close(self) -> None:
        try:
            self.ws.close()
        except Exception:
            pass

    def die(self) -> None:
        """The TCP connection dies under the session (a phone off the Wi-Fi): the socket
        is closed at once, without a websocket close frame."""
        self.ws.socket.close()


def _masked_frame(payload: bytes) -> bytes:
    """One client-to-server binary websocket frame (FIN, opcode 2, masked), by hand."""
    import os
    import struct

    length = len(payload)
    if length < 126:
        header = struct.pack("!BB", 0x82, 0x80 | length)
    elif length < 65536:
        header = struct.pack("!BBH", 0x82, 0x80 | 126, length)
    else:
        header = struct.pack("!BBQ", 0x82, 0x80 | 127, length)
    mask = os.urandom(4)
    return header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def _walk(node: Any) -> Iterator[dict]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def half_open(address: str, port: int, *, host: str | None = None, first_message: bool = False) -> socket.socket:
    """A websocket opened (upgrade done) and then left: the socket is returned open,
    nothing more is sent (no register, no close frame)."""
    sock = socket.create_connection((address, port), timeout=10)
    host_header = host or f"{address}:{port}"
    request = (
        "GET /ws HTTP/1.1\r\n"
        f"Host: {host_header}\r\nOrigin: http://{host_header}\r\n"
        "Upgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
    )
    sock.sendall(request.encode())
    answer = b""
    while b"\r\n\r\n" not in answer:
        chunk = sock.recv(4096)
        if not chunk:
            break
        answer += chunk
    if not answer.startswith(b"HTTP/1.1 101"):
        raise Refused(int(answer.split(b" ")[1]) if answer else 0)
    return sock
