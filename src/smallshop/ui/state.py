"""The state one browser session shares across every screen.

`AppState` is an observable plain-Python object: a component that receives it as
an argument (or reads it with `use_app()`) re-renders when one of its public
fields changes. It holds what every view needs — the Services facade, the
translator of the current language, today's date, the signed-in family member,
the current route — and the actions that change them (navigate, switch
language, notify after a save). Business data stays in the services; views
ask them and re-ask when `data_version` moves.

Nothing here touches a Flet page directly except through the small `Host`
protocol, so the state is testable without a browser (tests/ui).
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Callable, Protocol

import flet as ft

from ..domain.models import Member, Role
from ..i18n import get_translator
from ..i18n.languages import SUPPORTED, normalize_language

if TYPE_CHECKING:  # typing only
    from ..services import Services
    from ..services.signin import Session

log = logging.getLogger(__name__)

PHONE_MAX_WIDTH = 600  # below this: bottom navigation bar, one column
HISTORY_LIMIT = 30  # screens the back button can return through


class Host(Protocol):
    """What the state needs from the page (implemented by app_shell.PageHost)."""

    def navigate(self, route: str) -> None: ...

    def set_locale(self, lang: str) -> None: ...

    def snack(self, message: str, *, error: bool = False) -> None: ...

    def broadcast(self, message: Any) -> None: ...


class _NoHost:
    def navigate(self, route: str) -> None:  # pragma: no cover - trivial
        pass

    def set_locale(self, lang: str) -> None:  # pragma: no cover - trivial
        pass

    def snack(self, message: str, *, error: bool = False) -> None:  # pragma: no cover
        log.info("snack: %s", message)

    def broadcast(self, message: Any) -> None:  # pragma: no cover - trivial
        pass


@ft.observable
class AppState:
    """One session's view of the app. Public fields trigger a re-render when set."""

    def __init__(
        self,
        launcher: Any,
        *,
        today: Callable[[], date],
        lang: str | None = None,
        host: Host | None = None,
    ) -> None:
        self._launcher = launcher  # has .services, .data_location, .demo (see app.Runtime)
        self._today_fn = today
        self._host: Host = host or _NoHost()
        self.lang = normalize_language(lang or self._stored_language())
        self.t = get_translator(self.lang)
        self.today = today()
        self.member: Member | None = None
        self.session: Session | None = None  # once signed in (sharing on)
        self.route = "/"
        self.history: list[str] = []  # the screens behind this one, for the phone's back button
        self.params: dict[str, str] = {}
        self.width: float = 1280
        self.data_version = 0  # bumped after every save, here or in another session
        self.first_run = False  # an empty data folder: offer demo or own business
        # The connection's socket peer address, set once by start_session from the
        # server side of the connection (never from anything the browser sends);
        # None: Flet's own window or the packaged app, which are this device.
        self.peer: str | None = None

    # --- what views read --------------------------------------------------
    @property
    def services(self) -> Services:
        """The smallshop.services.Services facade (shared by every session)."""
        return self._launcher.services

    @property
    def data_location(self) -> str:
        """The data folder, for Settings ("where the data lives")."""
        return str(getattr(self._launcher, "data_location", ""))

    @property
    def demo(self) -> bool:
        """True when this is the demo business (its own folder, never real data)."""
        return bool(getattr(self._launcher, "demo", False))

    @property
    def launcher(self) -> Any:
        return self._launcher

    @property
    def sharing_on(self) -> bool:
        """True once some member has a PIN: then each session signs in."""
        members = getattr(self.services, "members", None)
        try:
            return bool(members is not None and not members.needs_setup())
        except Exception:
            return False

    @property
    def actor(self) -> str | None:
        """The member id to stamp on records this session saves. With sharing on it
        comes from the signed-in session (touched now); an expired session signs
        this screen out and the write is refused with a translated message."""
        if self.session is not None:
            try:
                return self.services.signin.actor(self.session, datetime.now().astimezone())
            except Exception as exc:
                log.info("session ended: %r", exc)
                self.session, self.member = None, None
                return None
        return self.member.id if self.member else None

    def needs_sign_in(self) -> bool:
        return self.sharing_on and self.session is None

    # --- sharing on the home network (issue 5) ------------------------------
    @property
    def shared(self) -> bool:
        """The app is open to phones on the home network (run --share or the Settings switch)."""
        return bool(getattr(self._launcher, "sharing", False))

    @property
    def is_local(self) -> bool:
        """This screen is on the PC that runs smallshop (not a phone): its
        connection comes from a loopback address."""
        check = getattr(self._launcher, "is_local_client", None)
        return True if check is None else bool(check(self.peer))

    @property
    def owner_can_sign_in(self) -> bool:
        """Some active owner has a PIN (then PINs may be given to others)."""
        try:
            return bool(self.services.members.owner_can_sign_in())
        except Exception:
            return False

    def gate(self) -> str | None:
        """What stands before the app on this screen: "setup" (sharing is on and
        no owner has a PIN yet: only on the PC itself), "not_ready" (a phone while
        that setup is not done), "not_shared" (a phone after sharing was switched
        off), "sign_in", or None (the app)."""
        if not self.is_local:
            if not self.shared:
                return "not_shared"
            if not self.sharing_on:
                return "not_ready"
        elif self.shared and not self.sharing_on:
            return "setup"
        return "sign_in" if self.needs_sign_in() else None

    @property
    def role(self) -> Role:
        """The member's role as stored now (an owner demoted in another session
        loses the owner buttons at once); the local owner before sharing is set up."""
        if self.member is not None:
            current = self._current_member()
            if current is None or not current.active:
                return Role.HELPER
            return current.role
        return Role.HELPER if self.sharing_on else Role.OWNER

    def _current_member(self) -> Member | None:
        try:
            return self.services.store.members.get(self.member.id) if self.member else None
        except Exception:
            return None

    def can(self, action: Any) -> bool:
        """May this screen's member do `action` (domain.access.Action)? For showing
        buttons only: the services check again on every write."""
        from ..domain.access import can

        if self.sharing_on and self.session is None:
            return False
        return can(self.role, action)

    def require_actor(self) -> str | None:
        """The actor for an export/backup handler: with sharing on a live session
        is required (raises SignInRequiredError, which t.error translates)."""
        actor = self.actor
        if self.sharing_on and actor is None:
            from ..services.access import SignInRequiredError

            raise SignInRequiredError(action="export")
        return actor

    def check_session(self) -> bool:
        """Called now and then: a session idle past the timeout signs this screen
        out (back to sign-in, with a message). True when it ended now."""
        if self.session is None:
            return False
        try:
            valid = self.services.signin.is_valid(self.session, datetime.now().astimezone())
        except Exception:
            valid = False
        if valid:
            return False
        self.session, self.member = None, None
        self._host.snack(self.t("ui_sharing.signin.expired"))
        return True

    def _touch(self) -> None:
        if self.session is not None:
            try:
                self.session = self.services.signin.touch(self.session, datetime.now().astimezone())
            except Exception as exc:
                log.info("session ended: %r", exc)
                self.session, self.member = None, None
                self._host.snack(self.t("ui_sharing.signin.expired"))

    def sign_in_with_pin(self, member_id: str, pin: str) -> None:
        """Sign this screen in (WrongPinError, SignInLockedError... are raised for the view)."""
        session = self.services.signin.sign_in(member_id, pin, datetime.now().astimezone())
        self.member = self.services.settings.member(session.member_id)
        self.session = session

    def sign_out(self) -> None:
        if self.session is not None:
            try:
                self.services.signin.sign_out(self.session)
            except Exception as exc:  # pragma: no cover - already gone
                log.info("sign out: %r", exc)
        self.session, self.member = None, None

    @property
    def is_phone(self) -> bool:
        return self.width < PHONE_MAX_WIDTH

    def attach(self, host: Host) -> None:
        self._host = host

    # --- actions ----------------------------------------------------------
    def navigate(self, route: str) -> None:
        """Go to a route such as "/orders/new" or f"/customers/{customer.id}"."""
        from .router import match  # local import: router imports views lazily

        self._touch()
        if route != self.route:
            self._remember(self.route)
        self.route, self.params = route, match(route).params
        self._host.navigate(route)

    def route_changed(self, route: str) -> None:
        """The browser changed the route (back button, typed URL)."""
        from .router import match

        if route != self.route:
            self._touch()
            if self.history and self.history[-1] == route:
                self.history.pop()  # the browser went back one screen
            else:
                self._remember(self.route)
            self.route, self.params = route, match(route).params

    @property
    def can_go_back(self) -> bool:
        return bool(self.history)

    def go_back(self) -> bool:
        """The phone's back button: return to the previous screen (False at the first)."""
        from .router import match

        if not self.history:
            return False
        self._touch()
        self.route = self.history.pop()
        self.params = match(self.route).params
        self._host.navigate(self.route)
        return True

    def _remember(self, route: str) -> None:
        if not self.history or self.history[-1] != route:
            self.history.append(route)
        del self.history[:-HISTORY_LIMIT]

    def set_language(self, lang: str, *, remember: bool = True) -> None:
        """Switch every visible word (our catalogs and Material widgets) now."""
        lang = normalize_language(lang)
        if remember:
            try:
                self.services.settings.set_language(lang, actor=self.actor)
            except Exception as exc:  # a failed save must not block the switch
                log.warning("could not remember language: %s", exc)
                self._host.snack(self.t.error(exc) if hasattr(self.t, "error") else str(exc), error=True)
        self.t = get_translator(lang)
        self.lang = lang
        self._host.set_locale(lang)

    def refresh_day(self) -> None:
        """Re-read today's date (a session left open past midnight)."""
        self.today = self._today_fn()

    def changed(self, message: str | None = None) -> None:
        """Call after a successful save: views re-ask the services, other family
        members' screens refresh too, and `message` (already translated) shows."""
        self.data_version += 1
        self._host.broadcast({"type": "data_changed"})
        if message:
            self._host.snack(message)

    def data_changed_elsewhere(self) -> None:
        self.data_version += 1

    def notify(self, message: str) -> None:
        self._host.snack(message)

    def show_error(self, error: BaseException | str) -> None:
        """A translated message for a StorageError/DomainError (or a ready string)."""
        text = error if isinstance(error, str) else self.t.error(error)
        self._host.snack(text, error=True)

    def act_as(self, member: Member | None) -> None:
        """Record as `member` on this screen (only before sharing is set up;
        afterwards a screen changes person by signing in with a PIN)."""
        if not self.sharing_on:
            self.member = member

    # --- helpers ----------------------------------------------------------
    def _stored_language(self) -> str | None:
        try:
            return self.services.settings.language()
        except Exception as exc:  # services not ready or store unreadable
            log.warning("no stored language: %s", exc)
            return None

    @staticmethod
    def languages() -> tuple[str, ...]:
        return SUPPORTED

    def default_member(self) -> Member | None:
        """The owner (or the first active member) to act as until someone picks;
        nobody when sharing is on (each screen signs in with a PIN)."""
        if self.sharing_on:
            return None
        try:
            members = [m for m in self.services.settings.members() if m.active]
        except Exception:
            return None
        owners = [m for m in members if m.role == Role.OWNER]
        return (owners or members or [None])[0]
