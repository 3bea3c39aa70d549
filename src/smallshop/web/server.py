"""Serving the app to browsers: flet-web's ASGI app behind our guard, run by uvicorn.

`ft.run` starts uvicorn with settings we must change, so `smallshop run` serves
the browser app itself (Flet's desktop window and the packaged app still use
`ft.run`):
- the guard (guard.py) around flet-web's app: Host/Origin checks, peer address;
- `proxy_headers=False`: X-Forwarded-For is never trusted (there is no option to
  trust a proxy: smallshop is meant to be opened directly, on the home network);
- dropped sessions expire after sessions.resume_seconds() (5 min) and stay bounded;
- at most LIMIT_CONCURRENCY connections, websocket messages up to MAX_MESSAGE;
- `host="::"` listens on every IPv6 and IPv4 address (one dual-stack socket:
  asyncio alone would make it IPv6-only); an IPv4 peer then reads ::ffff:a.b.c.d;
- before serving, `warm_up` (if given) runs and everything
  loaded so far is frozen out of the cyclic garbage collector (`gc.freeze`): it
  lives as long as the process, and sessions.delete collects often (a flood of
  dropped connections), so each collection should scan only the sessions;
- on SIGINT/SIGTERM uvicorn closes every connection and waits at most
  SHUTDOWN_SECONDS for their handlers before cancelling them, then `serve`
  returns normally so the caller closes the data folder (and its lock).
"""

from __future__ import annotations

import asyncio
import gc
import os
import signal
import socket
from typing import Any, Callable

from . import sessions
from .guard import ConnectionGuard, ServerNames

SHUTDOWN_SECONDS = 3
LIMIT_CONCURRENCY = 200
MAX_MESSAGE = 4 * 1024 * 1024


class _Stop(BaseException):
    """Raised by our signal handler after uvicorn re-raises the signal it handled."""


def build_app(main: Callable[[Any], Any], *, assets_dir: str, names: ServerNames) -> ConnectionGuard:
    """flet-web's app for `main`, wrapped in the guard."""
    resume = sessions.resume_seconds()
    os.environ["FLET_SESSION_TIMEOUT"] = str(resume)  # flet-web reads it per connection
    import flet_web.fastapi as flet_fastapi

    flet_app = flet_fastapi.app(main, assets_dir=assets_dir, no_cdn=True,
                                session_timeout_seconds=resume)
    return ConnectionGuard(flet_app, names, on_closed=sessions.connection_closed)


def serve(main: Callable[[Any], Any], *, host: str, port: int, assets_dir: str, names: ServerNames,
          log_level: str = "warning", warm_up: Callable[[], Any] | None = None) -> None:
    """Serve until SIGINT/SIGTERM; returns after a clean shutdown. `warm_up` imports
    what every session will use, before it is frozen out of the garbage collector."""
    import uvicorn

    app = build_app(main, assets_dir=assets_dir, names=names)
    if warm_up is not None:
        warm_up()
    gc.collect()
    gc.freeze()
    config = uvicorn.Config(
        app, host=host, port=port, log_level=log_level, ws="websockets-sansio", proxy_headers=False,
        timeout_graceful_shutdown=SHUTDOWN_SECONDS, limit_concurrency=LIMIT_CONCURRENCY,
        ws_max_size=MAX_MESSAGE, server_header=False, lifespan="on",
    )
    server = uvicorn.Server(config)

    def stop(_signum: int, _frame: Any) -> None:
        raise _Stop()

    sockets = [_dual_stack_socket(port)] if host == "::" else None
    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        asyncio.run(_serve(server, app, sockets))
    except _Stop:
        pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _dual_stack_socket(port: int) -> socket.socket:
    """One listening socket for every IPv6 and IPv4 address ("::" with IPV6_V6ONLY off)."""
    sock = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        sock.bind(("::", port))
    except BaseException:
        sock.close()
        raise
    return sock


async def _serve(server: Any, guard: ConnectionGuard, sockets: list[socket.socket] | None = None) -> None:
    sweeper = asyncio.create_task(sessions.keep_bounded(live=guard.live))
    try:
        await server.serve(sockets=sockets)
    finally:
        sweeper.cancel()
