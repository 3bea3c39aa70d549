"""Keeping Flet's sessions bounded, so a flood of connections cannot fill memory.

flet-web keeps every session after its websocket drops, for FLET_SESSION_TIMEOUT
(the app used to set a day), so a page reload can resume it. 5,000
connect-and-drop cycles from anyone on the Wi-Fi took the server from 78 MB to
426 MB (issue 9). Here:
- a session that never signed in while sign-in was required is deleted as soon
  as its connection closes (there is nothing to resume: the next visit shows the
  sign-in screen anyway);
- every dropped session expires after resume_seconds() (RESUME_SECONDS, or
  SMALLSHOP_RESUME_SECONDS; flet-web's own timeout, set by server.py), and at most MAX_DROPPED of them are kept: the oldest go first;
- a session whose websocket died abruptly (the client sent REGISTER_CLIENT and
  left before the first screen was sent) is released too: flet-web's handler then
  fails in its send loop and never marks the session disconnected, so it stayed
  registered, "connected", for ever (~140 kB per drop); `connection_closed` deletes
  it when it never signed in and marks it disconnected (so it expires) otherwise;
- a connection from another computer that has not signed in UNSIGNED_SECONDS after
  it opened is closed (`close_unsigned`), and so deleted like any never-signed-in one;
- a deleted session is garbage Python's reference counting cannot free (a Flet
  session, its page and its tasks point at each other), and the cyclic collector
  reached it only after ~150 of them had piled up: 5,000 abrupt drops grew RSS by
  ~22 MB in their first second and it stayed (the allocator keeps its high-water
  mark). `delete` runs a collection after every COLLECT_EVERY deleted sessions, so
  at most that many wait; server.py freezes everything loaded at start-up
  (`gc.freeze`), so such a collection scans only the sessions (~4 ms, not ~18).

flet-web 1.0.5 (pinned in pyproject.toml) keeps its sessions in the private dict
`app_manager._FletAppManager__sessions`; `registry()` is the one place that
reads it, and tests/web fail if a new flet-web moves it.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import time
from typing import Any, Iterable

from .connection import Connection, is_loopback_peer

log = logging.getLogger(__name__)

RESUME_SECONDS = 300  # a phone that lost Wi-Fi for up to 5 minutes gets its screen back
MAX_DROPPED = 32
SWEEP_SECONDS = 5.0
COLLECT_EVERY = 8  # deleted sessions between two runs of the cyclic garbage collector


def resume_seconds() -> int:
    """How long a dropped session is kept for its browser to come back (default 5
    minutes; SMALLSHOP_RESUME_SECONDS changes it, e.g. for tests)."""
    try:
        return max(int(float(os.environ.get("SMALLSHOP_RESUME_SECONDS", RESUME_SECONDS))), 1)
    except ValueError:
        return RESUME_SECONDS


def unsigned_seconds() -> float:
    """How long a phone may sit connected without signing in (default 10 minutes;
    SMALLSHOP_UNSIGNED_MINUTES changes it, e.g. for tests)."""
    try:
        return max(float(os.environ.get("SMALLSHOP_UNSIGNED_MINUTES", "10")) * 60, 1.0)
    except ValueError:
        return 600.0


def _manager() -> Any:
    from flet_web.fastapi.flet_app_manager import app_manager

    return app_manager


def registry() -> dict[str, Any]:
    """flet-web's live sessions: unique key -> flet Session."""
    return getattr(_manager(), "_FletAppManager__sessions")


def count() -> int:
    return len(registry())


_deleted_since_collect = 0


async def delete(session: Any) -> bool:
    """Delete `session` from flet-web (closes it, frees its page); False when already gone."""
    keys = [key for key, value in list(registry().items()) if value is session]
    for key in keys:
        await _manager().delete_session(key)
    if keys:
        _deleted(len(keys))
    return bool(keys)


def _deleted(count: int, every: int = COLLECT_EVERY) -> bool:
    """Count deleted sessions; collect the garbage they left once `every` have gone.
    Returns whether it collected."""
    global _deleted_since_collect
    _deleted_since_collect += count
    if _deleted_since_collect < every:
        return False
    _deleted_since_collect = 0
    gc.collect()
    return True


def connection_closed(connection: Connection) -> None:
    """Called by the guard when a websocket ends (and by the app's main when it runs
    only after that): a session that never signed in while it had to is deleted now;
    one flet-web left attached to the dead websocket is marked disconnected."""
    connection.ended = True
    if connection.session is None:  # main has not run yet: it calls us when it does
        return
    try:
        asyncio.get_running_loop().create_task(_release(connection))
    except RuntimeError:  # pragma: no cover - no loop (shutting down)
        pass


def _keeps(connection: Connection) -> bool:
    signed_in = connection.signed_in
    try:
        return bool(signed_in()) if callable(signed_in) else True
    except Exception:
        return False


async def _release(connection: Connection) -> None:
    await asyncio.sleep(0)  # after flet-web marked it disconnected (when it does)
    session = connection.session
    attached = getattr(session, "connection", None)
    if attached is not None and attached is not connection.transport:
        return  # a new websocket resumed it meanwhile
    if not _keeps(connection):
        await delete(session)
        connection.session = connection.transport = connection.signed_in = None  # nothing left to resume
    elif attached is not None:  # flet-web's handler died before marking it dropped
        keys = [key for key, value in list(registry().items()) if value is session]
        for key in keys:
            await _manager().disconnect_session(key, resume_seconds())


async def sweep(max_dropped: int = MAX_DROPPED) -> int:
    """Delete the oldest dropped sessions beyond `max_dropped`; returns how many went."""
    dropped = [(s.expires_at, s) for s in list(registry().values()) if getattr(s, "expires_at", None)]
    dropped.sort(key=lambda pair: pair[0])
    extra = dropped[: max(0, len(dropped) - max_dropped)]
    for _expires, session in extra:
        await delete(session)
    return len(extra)


def close_unsigned(connections: Iterable[Connection], limit: float, now: float | None = None) -> int:
    """Close the connections from other computers whose session has not signed in
    `limit` seconds after they opened; returns how many."""
    now = time.monotonic() if now is None else now
    closed = 0
    for connection in list(connections):
        if connection.close is None or is_loopback_peer(connection.peer) or now - connection.opened < limit:
            continue
        try:
            signed_in = bool(connection.signed_in()) if callable(connection.signed_in) else False
        except Exception:
            signed_in = False
        if not signed_in:
            connection.close()
            closed += 1
    return closed


async def keep_bounded(every: float = SWEEP_SECONDS, live: Iterable[Connection] = ()) -> None:
    """Run `sweep` (and `close_unsigned` over `live`) for as long as the server runs."""
    while True:
        await asyncio.sleep(every)
        try:
            removed = await sweep()
            closed = close_unsigned(live, unsigned_seconds())
            if _deleted_since_collect:  # the last few deleted before the flood stopped
                _deleted(0, every=0)
            if removed or closed:
                log.info("dropped %d old disconnected sessions, closed %d unsigned", removed, closed)
        except Exception:  # pragma: no cover - never stop sweeping
            log.exception("session sweep failed")
