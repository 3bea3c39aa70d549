"""Wires the app together: one store and one Services object per process, shared
by every browser session, then Flet serves the UI.

This is one of the few places allowed to name concrete classes (the TinyDB
store); the ui package only ever sees the Services facade through `Runtime`.
`smallshop run` (commands/run.py) calls `serve()`; a packaged app (`flet build`)
runs this module directly and gets the same thing with the packaged data folder.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import os
import socket
import threading
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import flet as ft

from . import paths
from .domain.records import RECORD_KINDS
from .storage.location import DEMO_SUFFIX, demo_data_dir  # noqa: F401 - run.py and tests use them from here

log = logging.getLogger(__name__)

def resolve_data_dir(option: str | None) -> Path:
    """--data-dir, else $SMALLSHOP_DATA_DIR, else the per-user (or packaged app) folder."""
    if option:
        return Path(option).expanduser()
    from .storage.location import default_data_dir  # SMALLSHOP_DATA_DIR, FLET_APP_STORAGE_DATA, user folder

    return Path(default_data_dir())


def _now() -> datetime:
    return datetime.now().astimezone()


SHARING_FILE = "sharing.json"  # {"share": true}: the Settings switch, kept beside the data
LOCAL_HOST = "127.0.0.1"
NETWORK_HOST = "0.0.0.0"


def _session_timeout() -> timedelta:
    """Inactivity before a signed-in screen returns to sign-in (default 4 h;
    SMALLSHOP_SESSION_MINUTES changes it, e.g. for a shop PC in a busy room)."""
    try:
        minutes = float(os.environ.get("SMALLSHOP_SESSION_MINUTES", "240"))
    except ValueError:
        minutes = 240.0
    return timedelta(minutes=max(minutes, 0.05))


def _open_services(data_dir: Path, sharing_switch: Any = None) -> Any:
    from .services import Services
    from .storage.state_file import REPORT_EXPORTS_FILE, SIGNIN_STATE_FILE, JsonStateFile
    from .storage.tinydb_store import open_store

    store = open_store(data_dir)
    return Services(store, clock=_now, reopen=lambda: open_store(data_dir), session_timeout=_session_timeout(),
                    signin_keeper=JsonStateFile(Path(data_dir) / SIGNIN_STATE_FILE), sharing_switch=sharing_switch,
                    export_keeper=JsonStateFile(Path(data_dir) / REPORT_EXPORTS_FILE))


def lan_addresses() -> list[str]:
    """This computer's IPv4 addresses on the home network, best first, found
    without internet: the UDP "connect" trick towards a private address (no packet
    is sent; the OS just picks the interface), then every address of the host
    name. Loopback addresses are left out; may be empty (no network)."""
    found: list[str] = []
    for probe in ("192.168.255.255", "10.255.255.255", "172.31.255.255"):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            try:
                sock.connect((probe, 1))
                found.append(sock.getsockname()[0])
            except OSError:
                continue
    for name in {socket.gethostname(), socket.getfqdn()}:
        try:
            found += [info[4][0] for info in socket.getaddrinfo(name, None, socket.AF_INET)]
        except OSError:
            continue
    unique: list[str] = []
    for address in found:
        try:
            ip = ipaddress.IPv4Address(address)
        except ValueError:
            continue
        if not (ip.is_loopback or ip.is_unspecified or ip.is_link_local) and address not in unique:
            unique.append(address)
    return sorted(unique, key=lambda a: not ipaddress.IPv4Address(a).is_private)


def ipv6_addresses() -> list[str]:
    """This computer's own IPv6 addresses other than loopback (global, unique-local
    and link-local, without a zone), found without internet: /proc/net/if_inet6 on
    Linux, the host name's addresses, and the UDP "connect" trick (no packet sent).
    May be empty (no IPv6)."""
    found: list[str] = []
    try:
        with open("/proc/net/if_inet6", encoding="ascii") as table:
            for line in table:
                digits = line.split()[0] if line.split() else ""
                if len(digits) == 32:
                    found.append(":".join(digits[i:i + 4] for i in range(0, 32, 4)))
    except OSError:
        pass
    for name in {socket.gethostname(), socket.getfqdn()}:
        try:
            found += [info[4][0] for info in socket.getaddrinfo(name, None, socket.AF_INET6)]
        except OSError:
            continue
    for probe in ("fd00::1", "2000::1"):
        try:
            with socket.socket(socket.AF_INET6, socket.SOCK_DGRAM) as sock:
                sock.connect((probe, 1))
                found.append(sock.getsockname()[0])
        except OSError:
            continue
    unique: list[str] = []
    for address in found:
        try:
            ip = ipaddress.IPv6Address(str(address).split("%", 1)[0])
        except ValueError:
            continue
        if not (ip.is_loopback or ip.is_unspecified or ip.is_multicast or ip.ipv4_mapped) and str(ip) not in unique:
            unique.append(str(ip))
    return unique


def server_addresses(host: str) -> list[str]:
    """The addresses a browser may name this server by, besides the localhost names
    (smallshop.web.guard.ServerNames): the LAN IPv4 addresses, and the IPv6 ones
    when the server listens on IPv6 (host "::", or one IPv6 address)."""
    names = list(lan_addresses())
    bare = (host or "").strip("[]")
    if ":" in bare:
        if bare == "::":
            names += ipv6_addresses()
        else:
            names.append(bare)
    elif bare not in ("", LOCAL_HOST, NETWORK_HOST, "localhost"):
        names.append(bare)  # --host <one address of this PC>
    return names


def is_local_client(peer: str | None) -> bool:
    """True for a connection from this computer: a loopback socket peer
    (smallshop.web.connection.is_loopback_peer, which also reads ::ffff:127.0.0.1),
    or None (Flet's own desktop window and the packaged app, which are not web
    servers). A blank or unreadable address is NOT this PC: in the web server the
    peer comes from the socket (smallshop.web.connection), never from the browser."""
    if peer is None:
        return True
    from .web.connection import is_loopback_peer

    return is_loopback_peer(peer)


def remembered_sharing(data_dir: Path) -> bool:
    try:
        return bool(json.loads((Path(data_dir) / SHARING_FILE).read_text(encoding="utf-8")).get("share"))
    except (OSError, ValueError, AttributeError):
        return False


def remember_sharing(data_dir: Path, on: bool) -> None:
    from .storage.files import replace_atomically  # the one atomic write

    replace_atomically(Path(data_dir) / SHARING_FILE, json.dumps({"share": bool(on)}).encode("utf-8"))


def _is_empty(services: Any) -> bool:
    store = services.store
    return all(len(getattr(store, kind.plural)) == 0 for kind in RECORD_KINDS)


def make_demo(data_dir: Path, months: int = 12) -> None:
    """Create the demo business (smallshop.demo, the same generator as `smallshop
    demo`) in `data_dir`, ending today."""
    from .demo import generate
    from .storage.tinydb_store import open_store

    store = open_store(data_dir)
    try:
        store.bulk_load(generate(months=months, today=date.today()))
    finally:
        store.close()


class Runtime:
    """What every session shares: the services over the one open store.

    `start_demo` (the first-run choice) creates the demo business in its own
    folder and switches the process to it; the real folder stays untouched.
    """

    def __init__(self, data_dir: Path, *, demo: bool = False, host: str = LOCAL_HOST, port: int = 8550) -> None:
        self.data_dir = Path(data_dir)
        self.demo = demo
        self.host, self.port = host, port  # where the server listens (set by `run`)
        self.serves_web = False  # set by `run` when browsers connect through smallshop.web (peer known)
        self._lock = threading.Lock()
        self.services = _open_services(self.data_dir, self._remember_switch)
        self._was_empty = _is_empty(self.services)
        self._share = host not in (LOCAL_HOST, "localhost", "::1") or remembered_sharing(self.data_dir)
        self.setup_code = SetupCode() if self.listening_on_network else None

    # --- sharing on the home network ---------------------------------------
    @property
    def sharing(self) -> bool:
        """Phones may open the app (then every session signs in with a PIN)."""
        return self._share

    @property
    def listening_on_network(self) -> bool:
        return self.host not in (LOCAL_HOST, "localhost", "::1")

    def set_sharing(self, on: bool, actor: str | None = None) -> None:
        """The Settings switch (owner only, and on only once she has a PIN: the
        services check both): remembered beside the data; the network address is
        opened at the next start when the app listens on this PC only."""
        self.services.settings.set_sharing(bool(on), actor)

    def _remember_switch(self, on: bool) -> None:
        remember_sharing(self.data_dir, on)
        self._share = bool(on)

    # --- PC-only actions (creating the owner) -------------------------------
    def check_setup_code(self, code: str | None) -> bool:
        """Creating the owner from this PC's browser while the app listens on the
        network also needs the one-time code printed in the terminal (run.py)."""
        return True if self.setup_code is None else self.setup_code.check(code)

    @property
    def needs_setup_code(self) -> bool:
        return self.setup_code is not None

    def setup_code_for(self, peer: str | None) -> str | None:
        """The one-time code to show on the setup screen, for this PC's own screen only
        (a loopback socket peer, or Flet's own window): never to another computer,
        whatever it sends. None when no code is needed."""
        if self.setup_code is None or not is_local_client(peer):
            return None
        return self.setup_code.code

    def phone_addresses(self) -> list[str]:
        return [f"http://{ip}:{self.port}" for ip in lan_addresses()]

    def is_local_client(self, peer: str | None) -> bool:
        return is_local_client(peer)

    @property
    def data_location(self) -> str:
        return str(self.data_dir)

    def today(self) -> date:
        return date.today()

    def needs_first_run(self) -> bool:
        """An empty real data folder: offer the demo business or a fresh start."""
        if self.demo or not self._was_empty:
            return False
        return _is_empty(self.services)

    def start_own(self) -> None:
        self._was_empty = False

    def prepare_demo(self) -> None:
        """Create the demo business in its folder if it is not there yet. Slow
        (months of records): call it off the event loop."""
        target = demo_data_dir(self.data_dir)
        if not (target.is_dir() and any(target.iterdir())):
            make_demo(target)

    def start_demo(self) -> None:
        """Switch the process to the demo business. Opens the store, so call it on
        the thread that serves the sessions (the store's file lock is per thread)."""
        with self._lock:
            if self.demo:
                return
            self.prepare_demo()
            target = demo_data_dir(self.data_dir)
            services = _open_services(target, self._remember_switch)
            previous = self.services
            self.services, self.data_dir, self.demo = services, target, True
            try:
                previous.close()
            except Exception as exc:  # pragma: no cover - closing an idle store
                log.warning("closing the empty store failed: %s", exc)

    def report(self, month: Any, *, fmt: str, lang: str, prepared_by: str,
               with_names: bool = False) -> tuple[str, bytes]:
        """The caseworker report of `month` as (file name, bytes) — PDF, XLSX, CSV or JSON;
        `with_names` for the owner's own copy (services.report renders it)."""
        return self.services.report.export(month, fmt=fmt, lang=lang, prepared_by=prepared_by,
                                           with_names=with_names, today=self.today())

    def close(self) -> None:
        self.services.close()


class SetupCode:
    """A one-time code for creating the owner on this PC while the app listens on
    the home network: printed in the terminal (run.py), typed into the setup form.
    Five wrong tries make a new code (printed again), so it cannot be guessed."""

    MAX_WRONG = 5

    def __init__(self, announce: Any = None) -> None:
        self.announce = announce or (lambda code: None)
        self._lock = threading.Lock()
        self._new()

    def _new(self) -> None:
        import secrets

        self.code = f"{secrets.randbelow(10**6):06d}"
        self.wrong = 0

    def check(self, code: str | None) -> bool:
        import hmac

        with self._lock:
            if hmac.compare_digest(str(code or "").strip().encode(), self.code.encode()):
                return True
            self.wrong += 1
            if self.wrong >= self.MAX_WRONG:
                self._new()
                self.announce(self.code)
            return False


@dataclass
class StartupProblem:
    """A storage error met while opening the data: shown translated, printed and as a page."""

    key: str
    params: dict[str, Any]

    @classmethod
    def of(cls, exc: BaseException) -> "StartupProblem":
        key = getattr(exc, "key", "ui.startup.unexpected")
        params = dict(getattr(exc, "params", {}) or {})
        if key == "storage.damaged" and not params.get("backup"):
            key = "storage.damaged_no_backup"
        if key == "ui.startup.unexpected":
            params = {"error": str(exc)}
        return cls(key, {k: ("" if v is None else v) for k, v in params.items()})


def open_runtime(
    data_dir: Path, *, demo: bool = False, host: str = LOCAL_HOST, port: int = 8550
) -> tuple[Runtime | None, StartupProblem | None]:
    folder = demo_data_dir(data_dir) if demo else Path(data_dir)
    try:
        if demo and not (folder.is_dir() and any(folder.iterdir())):
            make_demo(folder)
        return Runtime(folder, demo=demo, host=host, port=port), None
    except Exception as exc:
        log.info("could not open %s: %r", folder, exc)
        return None, StartupProblem.of(exc)


RECOVERABLE = ("storage.damaged", "storage.damaged_no_backup")


def recover_in_place(folder: Path) -> Any:
    """The damaged-data screen's Recover: everything intact goes into a new folder
    beside the data (storage.recovery; the damaged folder is only read), which then
    replaces the data like a restore (the damaged data kept in replaced-<stamp>/),
    all under the folder's lock (storage.restoring.recover_in_place).
    Returns the recovery report (what was saved, exactly what was not)."""
    from .storage.restoring import recover_in_place as recover_and_swap

    return recover_and_swap(folder)


def session_main(runtime: Runtime | None, problem: StartupProblem | None, lang: str | None = None, *,
                 reopen: Any = None):
    """The function Flet calls for every new browser session. With `reopen` (how to
    open the runtime again), a damaged folder's page offers Recover; after it, this
    and every later session gets the recovered data."""
    current_state: dict[str, Any] = {"runtime": runtime, "problem": problem}
    lock = threading.Lock()

    def recover() -> Any:  # called off the event loop by the damaged-data page
        from .web.connection import current as current_connection

        connection = current_connection()  # asyncio.to_thread carries the context over
        if connection is not None and not is_local_client(connection.peer):
            raise PermissionError("recover is for this PC only")  # the page never offers it there
        with lock:
            report = None
            if current_state["runtime"] is None:
                folder = Path(current_state["problem"].params["folder"])
                report = recover_in_place(folder)
                opened, again = reopen()
                current_state.update(runtime=opened, problem=again)
                if opened is None:
                    raise RuntimeError(again.key if again else "reopen failed")
            return report

    def main(page: ft.Page) -> None:
        from .ui.app_shell import show_startup_error, start_session
        from .web.connection import current

        connection = current()
        if connection is not None:
            connection.session = page.session
            connection.transport = getattr(page.session, "connection", None)
            if connection.ended:  # the client left before its first screen: nothing to draw
                from .web.sessions import connection_closed

                connection.signed_in = lambda: False
                connection_closed(connection)
                return

        def start() -> None:
            shared = current_state["runtime"]
            if connection is not None or getattr(runtime, "serves_web", False):
                shared.serves_web = True
            # The peer comes from the guarded connection's socket; in the web server a
            # session without one is never "this PC".
            peer = connection.peer if connection is not None else ("" if shared.serves_web else None)
            app = start_session(page, shared, lang=lang, peer=peer)
            if connection is not None:
                connection.signed_in = lambda: app.gate() is None  # signed in, or no sign-in needed here

        if current_state["runtime"] is None:
            shown: StartupProblem = current_state["problem"]
            # Only this PC may see the folder and backup paths or press Recover (it
            # replaces the live data): other computers are told to fix it on the PC.
            if connection is not None and not is_local_client(connection.peer):
                shown = StartupProblem("ui.startup.fix_on_pc", {})
            can_recover = reopen is not None and shown.key in RECOVERABLE and shown.params.get("folder")
            show_startup_error(page, lang, shown.key, shown.params, recover=recover if can_recover else None,
                               on_recovered=start)
            return
        start()

    return main


def packaged_main() -> None:
    """Entry point of a packaged app (`flet build`): data in FLET_APP_STORAGE_DATA."""
    folder = resolve_data_dir(None)
    runtime, problem = open_runtime(folder)
    ft.run(session_main(runtime, problem, reopen=lambda: open_runtime(folder)), assets_dir=str(paths.assets_dir()))


if __name__ == "__main__":
    packaged_main()
