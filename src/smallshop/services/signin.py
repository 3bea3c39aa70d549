"""Signing in with a PIN, the wrong-PIN limit, and sessions that end after inactivity.

Phones on the home Wi-Fi reach the app, so a PIN must not be guessable by trying:
after 5 wrong PINs a member is locked out for 30 s, and every further wrong PIN
doubles the wait (60 s, 2 min, 4 min ...) up to 15 minutes; a right PIN resets it.
Everything takes `now`, so tests move time instead of sleeping. Sessions live in
memory (one process serves every phone); wrong-PIN counts, lock-outs and
revocations (PIN reset, deactivation) are kept in a SignInState (signin_state.py:
a file in the data folder in the app), so a restart resets none of them.
"""

from __future__ import annotations

import math
import secrets
import threading
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from ..domain.models import Member, Role
from .access import MemberInactiveError, SharingError, UnknownMemberError
from .context import Context
from .pins import verify_pin
from .signin_state import SignInState, StateKeeper

MAX_TRIES = 5
FIRST_WAIT = timedelta(seconds=30)
MAX_WAIT = timedelta(minutes=15)
DEFAULT_SESSION_TIMEOUT = timedelta(hours=4)


class WrongPinError(SharingError):
    key = "sharing.signin.wrong_pin"  # params: tries_left


class NoPinError(SharingError):
    """The member has no PIN yet: the owner sets one first."""

    key = "sharing.signin.no_pin"  # params: name


class SignInLockedError(SharingError):
    """Too many wrong PINs; `seconds` until the next try (message in seconds or minutes)."""

    def __init__(self, message: str = "", *, seconds: int) -> None:
        super().__init__(message or "locked", seconds=seconds, minutes=math.ceil(seconds / 60))
        self.seconds = seconds

    @property
    def key(self) -> str:  # type: ignore[override]  # the key depends on the wait; read like the class attribute
        return "sharing.signin.locked_seconds" if self.seconds < 60 else "sharing.signin.locked_minutes"


class SessionExpiredError(SharingError):
    """Signed out, timed out, or the member was deactivated: sign in again."""

    key = "sharing.session.expired"


@dataclass(frozen=True, slots=True)
class Session:
    """Who is signed in on one screen. `token` identifies it (keep it secret)."""

    member_id: str
    role: Role
    started_at: datetime
    last_seen: datetime
    token: str = ""
    name: str = ""

    @property
    def is_owner(self) -> bool:
        return self.role is Role.OWNER


class PinLimiter:
    """Wrong-PIN counts per member, with a lock-out that grows (kept in `state`)."""

    def __init__(self, max_tries: int = MAX_TRIES, first_wait: timedelta = FIRST_WAIT,
                 max_wait: timedelta = MAX_WAIT, state: SignInState | None = None) -> None:
        self.max_tries, self.first_wait, self.max_wait = max_tries, first_wait, max_wait
        self.state = state or SignInState()
        self._lock = threading.Lock()

    def check(self, member_id: str, now: datetime) -> None:
        """SignInLockedError while the member is locked out."""
        _wrong, locked_until = self.state.tries(member_id)
        if locked_until and now < locked_until:
            raise SignInLockedError(seconds=_seconds(locked_until - now))

    def failed(self, member_id: str, now: datetime) -> None:
        """Count a wrong PIN: WrongPinError with the tries left, or SignInLockedError."""
        with self._lock:
            wrong, _locked = self.state.tries(member_id)
            wrong += 1
            over = wrong - self.max_tries
            if over < 0:
                self.state.set_tries(member_id, wrong, None)
                raise WrongPinError(tries_left=-over)
            wait = min(self.first_wait * (2 ** min(over, 30)), self.max_wait)
            self.state.set_tries(member_id, wrong, now + wait)
            raise SignInLockedError(seconds=_seconds(wait))

    def succeeded(self, member_id: str) -> None:
        self.state.clear_tries(member_id)


def _seconds(delta: timedelta) -> int:
    return max(1, math.ceil(delta.total_seconds()))


class SignInService:
    """sign_in / touch / sign_out, and the members a sign-in screen lists."""

    def __init__(self, ctx: Context, timeout: timedelta = DEFAULT_SESSION_TIMEOUT,
                 limiter: PinLimiter | None = None, keeper: StateKeeper | None = None) -> None:
        self._ctx = ctx
        self.timeout = timeout
        self.state = limiter.state if limiter else SignInState(keeper)
        self.limiter = limiter or PinLimiter(state=self.state)
        self._sessions: dict[str, Session] = {}
        self._lock = threading.Lock()

    def members(self) -> list[Member]:
        """Active members who can sign in (have a PIN), the owner first, then by name.
        For the server side of the sign-in screen: show only their names (ids and
        roles are not for a phone that has not signed in)."""
        found = [m for m in self._ctx.store.members.all() if m.active and m.pin_hash]
        return sorted(found, key=lambda m: (m.role is not Role.OWNER, m.name.casefold(), m.id))

    def sign_in(self, member_id: str, pin: str, now: datetime) -> Session:
        """A new session, or WrongPinError / SignInLockedError / NoPinError."""
        member = self._ctx.store.members.get(member_id)
        if member is None:
            raise UnknownMemberError(member_id=member_id)
        if not member.active:
            raise MemberInactiveError(name=member.name)
        self.limiter.check(member.id, now)
        if not member.pin_hash:
            raise NoPinError(name=member.name)
        if not verify_pin(str(pin or ""), member.pin_hash):
            self.limiter.failed(member.id, now)
        self.limiter.succeeded(member.id)
        session = Session(member.id, member.role, now, now, secrets.token_urlsafe(24), member.name)
        with self._lock:
            self._sessions[session.token] = session
        return session

    def touch(self, session: Session, now: datetime) -> Session:
        """The session, seen now (role and name re-read); SessionExpiredError when it was
        signed out, inactive longer than the timeout, or the member was deactivated."""
        with self._lock:
            known = self._sessions.get(session.token)
            if known is None or now - known.last_seen > self.timeout or self._revoked(known):
                self._sessions.pop(session.token, None)
                raise SessionExpiredError()
            member = self._ctx.store.members.get(known.member_id)
            if member is None or not member.active or not member.pin_hash:
                self._sessions.pop(session.token, None)
                raise SessionExpiredError()
            fresh = replace(known, role=member.role, name=member.name, last_seen=max(now, known.last_seen))
            self._sessions[session.token] = fresh
            return fresh

    def actor(self, session: Session | None, now: datetime) -> str:
        """The member id to pass as `actor` for a write made now by this session
        (touches it; SessionExpiredError when it may no longer be used)."""
        if session is None:
            raise SessionExpiredError()
        return self.touch(session, now).member_id

    def is_valid(self, session: Session | None, now: datetime) -> bool:
        """True when `session` may still be used (does not extend it)."""
        if session is None:
            return False
        with self._lock:
            known = self._sessions.get(session.token)
        return known is not None and now - known.last_seen <= self.timeout and not self._revoked(known)

    def sign_out(self, session: Session) -> None:
        with self._lock:
            self._sessions.pop(session.token, None)

    def sign_out_member(self, member_id: str) -> None:
        """End every session of a member (PIN reset, deactivation), and remember it
        in the state so no session started before now is accepted again."""
        self.state.revoke(member_id, self._ctx.now())
        with self._lock:
            for token in [t for t, s in self._sessions.items() if s.member_id == member_id]:
                del self._sessions[token]

    def _revoked(self, session: Session) -> bool:
        revoked = self.state.revoked_at(session.member_id)
        if revoked is None:
            return False
        try:
            return session.started_at < revoked
        except TypeError:  # naive vs aware stamps (tests with naive clocks): compare as naive
            return session.started_at.replace(tzinfo=None) < revoked.replace(tzinfo=None)
