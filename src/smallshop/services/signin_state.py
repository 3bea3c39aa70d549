"""Wrong-PIN counts, lock-outs and session revocations that outlive a restart.

A neighbour guessing PINs must not get a fresh five tries by making the app
restart (or by waiting for the family to restart it), and a member signed out
because of a PIN reset or deactivation stays signed out. So the sign-in service
keeps this small state in a `StateKeeper`: in memory for tests, a JSON file in
the data folder in the app (storage.state_file.JsonStateFile, wired by app.py).

The state is a plain dict, stamps as ISO text:
    {"tries": {member_id: {"wrong": 5, "locked_until": "2026-12-02T10:00:00+06:00"}},
     "revoked": {member_id: "2026-12-02T09:58:00+06:00"}}
A damaged or missing file is an empty state (logged): a lock-out is a brake on
guessing, never a reason to keep the owner out of her own data.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime
from typing import Any, Protocol

log = logging.getLogger(__name__)


class StateKeeper(Protocol):
    """Where the sign-in state lives between runs."""

    def load(self) -> dict[str, Any]: ...

    def save(self, data: dict[str, Any]) -> None: ...


class MemoryKeeper:
    """A StateKeeper in memory (tests; a packaged app without a folder)."""

    def __init__(self, data: dict[str, Any] | None = None) -> None:
        self.data = dict(data or {})

    def load(self) -> dict[str, Any]:
        return {k: dict(v) for k, v in self.data.items()}

    def save(self, data: dict[str, Any]) -> None:
        self.data = {k: dict(v) for k, v in data.items()}


class SignInState:
    """The tries, lock-outs and revocations, read once and written through on change."""

    def __init__(self, keeper: StateKeeper | None = None) -> None:
        self._keeper = keeper or MemoryKeeper()
        self._lock = threading.Lock()
        try:
            data = self._keeper.load() or {}
        except Exception as exc:  # a damaged file must not keep anyone out
            log.warning("sign-in state unreadable, starting empty: %r", exc)
            data = {}
        self._tries: dict[str, dict[str, Any]] = {
            str(k): dict(v) for k, v in dict(data.get("tries") or {}).items() if isinstance(v, dict)
        }
        self._revoked: dict[str, str] = {str(k): str(v) for k, v in dict(data.get("revoked") or {}).items()}

    # --- wrong PINs ------------------------------------------------------------
    def tries(self, member_id: str) -> tuple[int, datetime | None]:
        with self._lock:
            entry = self._tries.get(member_id) or {}
        return int(entry.get("wrong") or 0), _stamp(entry.get("locked_until"))

    def set_tries(self, member_id: str, wrong: int, locked_until: datetime | None) -> None:
        with self._lock:
            self._tries[member_id] = {"wrong": int(wrong),
                                      "locked_until": locked_until.isoformat() if locked_until else None}
            self._save()

    def clear_tries(self, member_id: str) -> None:
        with self._lock:
            if self._tries.pop(member_id, None) is not None:
                self._save()

    # --- revocations -----------------------------------------------------------
    def revoke(self, member_id: str, at: datetime) -> None:
        """Sessions of `member_id` started before `at` are no longer valid."""
        with self._lock:
            self._revoked[member_id] = at.isoformat()
            self._save()

    def revoked_at(self, member_id: str) -> datetime | None:
        with self._lock:
            return _stamp(self._revoked.get(member_id))

    def _save(self) -> None:
        try:
            self._keeper.save({"tries": self._tries, "revoked": self._revoked})
        except Exception as exc:  # the in-memory state still holds for this run
            log.warning("could not save the sign-in state: %r", exc)


def _stamp(text: Any) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(str(text))
    except ValueError:
        return None
