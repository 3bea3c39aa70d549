"""`smallshop run` (also plain `smallshop`): serve the app to the browser, offline.

Web mode with no_cdn (CanvasKit and fonts come from the installed flet-web, so
no internet is needed), served by smallshop.web (flet-web behind a guard that
checks Host and Origin and knows each connection's real address); prints the
address, opens the browser unless --no-browser. With --share and no owner PIN
yet it prints the one-time setup code the PC's setup form asks for. --desktop
opens Flet's desktop window when its client is available and says so clearly
(then serves the browser app) when it is not.
"""

from __future__ import annotations

import argparse
import os
import platform
import socket
import webbrowser
from pathlib import Path
from typing import Any, Callable

from ..i18n import Translator
from ._common import translator
from ._errors import CommandError, ExitCode
from ._params import NumberParam
from ._parser import CommandLineParser

NAME = "run"
ORDER = 0


HELP = "ui.run.help"
DESCRIPTION = "ui.run.description"
DEMO_HELP = "ui.run.opt_demo"


def register(parser: CommandLineParser) -> None:
    parser.option("--port", param=NumberParam(1, 65535), default=8550, help="ui.run.opt_port")
    parser.option("--host", help="ui.run.opt_host")
    parser.flag("--share", help="ui_sharing.run.opt_share")
    parser.flag("--no-browser", help="ui.run.opt_no_browser")
    parser.flag("--desktop", help="ui.run.opt_desktop")


def _say(t: Translator, key: str, **params: object) -> None:
    print(t(key, **params), flush=True)


def desktop_unavailable_reason() -> str | None:
    """None when Flet's desktop client can be started here, else a catalog key."""
    if platform.system() == "Linux" and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        return "ui.run.desktop_no_display"
    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(10)  # offline, the client download must fail fast, not hang
    try:
        import flet_desktop  # type: ignore[import-untyped]  # flet-desktop ships no type information

        flet_desktop.ensure_client_cached()  # downloads on first use: fails offline
    except Exception:
        return "ui.run.desktop_no_client"
    finally:
        socket.setdefaulttimeout(previous)
    return None


def _port_free(host: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET  # --host :: listens on IPv6 (and IPv4)
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def _browser_address(host: str, port: int) -> str:
    shown = "localhost" if host in ("127.0.0.1", "0.0.0.0", "::", "localhost") else host
    return f"http://{shown}:{port}"


def run(args: argparse.Namespace) -> int:
    import flet as ft

    from .. import paths
    from ..app import LOCAL_HOST, NETWORK_HOST, Runtime, StartupProblem, lan_addresses, open_runtime
    from ..app import remembered_sharing, resolve_data_dir, session_main
    from ..storage.location import demo_data_dir

    demo = bool(getattr(args, "demo", False))
    data_dir = resolve_data_dir(getattr(args, "data_dir", None))
    # --share (or the remembered Settings switch) opens the app to the home network;
    # otherwise only this computer can reach it.
    share = bool(getattr(args, "share", False)) or remembered_sharing(demo_data_dir(data_dir) if demo else data_dir)
    host = args.host or (NETWORK_HOST if share else LOCAL_HOST)
    args.host = host
    if not _port_free(host, args.port):  # before the data folder is locked
        raise CommandError("ui.run.port_busy", code=ExitCode.BUSY, port=args.port)
    runtime, problem = open_runtime(Path(data_dir), demo=demo, host=host, port=args.port)
    t = translator(args)  # --lang, the business's language (read from the folder), the system's
    if problem is not None:
        _say(t, problem.key, **problem.params)

    view = ft.AppView.WEB_BROWSER
    if args.desktop:
        reason = desktop_unavailable_reason()
        if reason is None:
            view = ft.AppView.FLET_APP
        else:
            _say(t, reason)

    address = _browser_address(args.host, args.port)
    if runtime is not None:
        _say(t, "ui.run.data_folder", folder=runtime.data_location)
    _say(t, "ui.run.address", address=address)
    if args.host in ("0.0.0.0", "::"):
        for lan in lan_addresses():
            _say(t, "ui.run.lan_address", address=f"http://{lan}:{args.port}")
        if args.host == "::":
            from ..app import ipv6_addresses

            for lan in ipv6_addresses():
                if not lan.startswith("fe80:"):  # browsers cannot open a link-local address
                    _say(t, "ui.run.lan_address", address=f"http://[{lan}]:{args.port}")
    _announce_setup_code(runtime, t)
    _say(t, "ui.run.stop_hint")

    def reopen() -> tuple[Runtime | None, StartupProblem | None]:  # after Recover on the damaged-data page: a new runtime, its own setup code
        opened, again = open_runtime(Path(data_dir), demo=demo, host=host, port=args.port)
        _announce_setup_code(opened, t)
        return opened, again

    main = session_main(runtime, problem, lang=getattr(args, "lang", None), reopen=reopen)
    try:
        if view == ft.AppView.WEB_BROWSER:
            if not args.no_browser and _has_browser():
                import threading

                threading.Timer(1.5, lambda: webbrowser.open(address)).start()
            _serve_browsers(main, runtime, args.host, args.port, str(paths.assets_dir()))
        else:
            ft.run(main, view=view, host=args.host, port=args.port, assets_dir=str(paths.assets_dir()), no_cdn=True)
    except KeyboardInterrupt:
        pass
    finally:
        if runtime is not None:
            runtime.close()
    return ExitCode.OK


def _announce_setup_code(runtime: Any, t: Translator) -> None:
    """With the app on the network and no owner PIN yet, print the one-time code the
    PC's setup form asks for (and any new one after five wrong tries)."""
    if runtime is None or runtime.setup_code is None:
        return
    runtime.setup_code.announce = lambda code: _say(t, "guard.run.setup_code_new", code=code)
    if not runtime.services.members.owner_can_sign_in():
        _say(t, "guard.run.setup_code", code=runtime.setup_code.code)


def _serve_browsers(main: Callable[..., Any], runtime: Any, host: str, port: int, assets_dir: str) -> None:
    """The browser app through smallshop.web (guarded; returns on Ctrl+C / SIGTERM)."""
    from ..app import server_addresses
    from ..web.guard import ServerNames
    from ..web.server import serve

    if runtime is not None:
        runtime.serves_web = True
    level = os.environ.get("FLET_LOG_LEVEL", "warning").lower()
    names = ServerNames(port, lambda: server_addresses(host))  # the LAN addresses, IPv6 ones when listening on "::"
    serve(main, host=host, port=port, assets_dir=assets_dir, names=names, log_level=level)


def _has_browser() -> bool:
    if platform.system() == "Linux" and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        return False
    try:
        webbrowser.get()
    except webbrowser.Error:
        return False
    return True
