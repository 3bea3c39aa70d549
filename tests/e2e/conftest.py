"""Browser tests: the real app in a subprocess, driven by Debian's Chromium.

Fixtures (see docs/ui.md):
- `demo_server` (per test module): `smallshop run --demo` over a fresh temp folder;
  `empty_server` (per test): a fresh empty data folder (first-run screen).
- `phone` / `desktop`: `open(server, route="/") -> UI` at 390x844 / 1280x800.
- `expected_demo`: the Services of an identical demo business built in this test
  process (same generator, same seed, same today) to compute expected figures,
  since the app's own folder is locked by the app.

Flutter draws on a canvas; tests read its accessibility tree. `UI.ready()` clicks
the `flt-semantics-placeholder` so the tree appears. Chromium missing: the tests fail
(README's test command installs it).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

ROOT = Path(__file__).resolve().parents[2]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
START_TIMEOUT = 90  # seconds for the server to answer (2 shared cores)
UI_TIMEOUT = 30_000  # ms for an element to appear


def _chromium() -> str | None:
    return os.environ.get("SMALLSHOP_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


def _missing(reason: str) -> None:
    """The browser tests are part of the suite: without a browser they fail, never skip
    (README's test command installs Debian's chromium)."""
    pytest.fail(f"browser tests cannot run: {reason}")


def shots_dir() -> Path:
    """Screenshots go to $SMALLSHOP_SHOTS or <repo>/tmp/e2e-shots (ignored by git)."""
    folder = Path(os.environ.get("SMALLSHOP_SHOTS") or ROOT / "tmp" / "e2e-shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class AppServer:
    """`python -m smallshop run` in a subprocess on a free port."""

    data_dir: Path
    demo: bool = False
    lang: str | None = None
    share: bool = False  # `run --share`: listens on the home network, sign-in for everyone
    host: str | None = None  # `run --host` (e.g. "::" to listen on IPv6 too)
    env: dict[str, str] = field(default_factory=dict)
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None
    log_path: Path | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "AppServer":
        command = [sys.executable, "-m", "smallshop", "run", "--no-browser", "--port", str(self.port),
                   "--data-dir", str(self.data_dir)]
        if self.demo:
            command.append("--demo")
        if self.lang:
            command += ["--lang", self.lang]
        if self.share:
            command.append("--share")
        if self.host:
            command += ["--host", self.host]
        self.log_path = self.data_dir.parent / f"server-{self.port}.log"
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "FLET_LOG_LEVEL": "warning", **self.env}
        self._log = open(self.log_path, "wb")
        self.process = subprocess.Popen(command, cwd=ROOT, stdout=self._log, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"smallshop run exited {self.process.returncode}:\n{self.log()}")
            try:
                with urllib.request.urlopen(self.url, timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"smallshop run did not answer within {START_TIMEOUT} s:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path else ""

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if getattr(self, "_log", None):
            self._log.close()


class UI:
    """One browser tab on the app, with helpers that find controls by accessible name."""

    def __init__(self, page: Any, name: str) -> None:
        self.page = page
        self.name = name

    def ready(self) -> "UI":
        self.page.wait_for_selector("flt-semantics-placeholder", state="attached", timeout=UI_TIMEOUT)
        self.page.locator("flt-semantics-placeholder").evaluate("el => el.click()")
        self.page.wait_for_selector("flt-semantics", state="attached", timeout=UI_TIMEOUT)
        return self

    # --- finding -------------------------------------------------------
    def button(self, name: str | re.Pattern, exact: bool = False) -> Any:
        return self.page.get_by_role("button", name=name, exact=exact).first

    def textbox(self, label: str | re.Pattern) -> Any:
        return self.page.get_by_role("textbox", name=label).first

    def text(self, text: str | re.Pattern, exact: bool = False) -> Any:
        """A node showing `text`: as its own text, or inside the label Flutter
        gives a merged group (a card or list tile reads as one node)."""
        return self.page.get_by_text(text, exact=exact).or_(self.page.get_by_label(text, exact=exact)).first

    # --- acting ----------------------------------------------------------
    def see(self, text: str | re.Pattern, timeout: int = UI_TIMEOUT, exact: bool = False) -> Any:
        locator = self.text(text, exact=exact)
        locator.wait_for(state="attached", timeout=timeout)
        return locator

    def click(self, name: str | re.Pattern, role: str = "button", exact: bool = False) -> None:
        """Click a control by its accessible name: a button's text, or the
        tooltip of an icon button (Flutter puts the tooltip on a wrapping node)."""
        locator = self.page.get_by_role(role, name=name, exact=exact)
        if role == "button":
            locator = locator.or_(self.page.get_by_label(name, exact=True).get_by_role("button"))
        locator = locator.first
        locator.wait_for(state="attached", timeout=UI_TIMEOUT)
        locator.click()

    def switch_language(self, code: str) -> None:
        """Use the app bar's language menu, whatever language is showing now."""
        from smallshop.i18n import SUPPORTED, get_translator, language_name

        keys = ("ui.language.choose", "ui.menu")  # the PC's language menu, the phone's app menu
        names = "|".join(re.escape(get_translator(lang)(key)) for lang in SUPPORTED for key in keys)
        self.click(re.compile(f"^({names})$"))
        self.click(language_name(code), role="menuitem", exact=True)

    def menu(self, item: str) -> None:
        """On a phone: open the app bar menu and choose `item` (reports, settings)."""
        from smallshop.i18n import SUPPORTED, get_translator

        names = "|".join(re.escape(get_translator(lang)("ui.menu")) for lang in SUPPORTED)
        self.click(re.compile(f"^({names})$"))
        self.click(item, role="menuitem", exact=True)

    def fill(self, label: str | re.Pattern, value: str) -> None:
        """Replace a text field's content (found by its label) by typing `value`."""
        box = self.textbox(label)
        box.wait_for(state="attached", timeout=UI_TIMEOUT)
        # Typing before Flutter has focused its text editor loses the first keys. Right
        # after a redraw (a language switch) Flutter may draw the field focused while the
        # browser's focus stays on <body>: a second click hands the focus over. A redraw
        # while typing can also drop keys: the field's value is read back, and typed again
        # (at most three times) until it holds exactly `value`.
        for attempt in range(3):
            box.click()
            try:
                self.page.wait_for_function(
                    "() => document.activeElement && ['INPUT', 'TEXTAREA'].includes(document.activeElement.tagName)",
                    timeout=UI_TIMEOUT // 3,
                )
            except PlaywrightTimeout:
                if attempt == 2:
                    raise
                continue
            self.page.wait_for_timeout(150)
            self.page.keyboard.press("Control+A")
            self.page.keyboard.press("Backspace")
            if value:
                self.page.keyboard.type(value, delay=10)
            self.page.wait_for_timeout(100)
            if self.page.evaluate("() => document.activeElement && document.activeElement.value") == value:
                return
            if attempt < 2:
                self.page.wait_for_timeout(500)
        # a field that formats what is typed (or a label that focuses another input) can
        # hold something else: the test's own checks of the screen decide

    def goto(self, route: str) -> "UI":
        self.page.goto(self.page.url.split("/", 3)[0] + "//" + self.page.url.split("/", 3)[2] + route)
        return self.ready()

    def shot(self, label: str) -> Path:
        path = shots_dir() / f"{label}-{self.name}.png"
        self.page.wait_for_timeout(600)  # the accessibility tree updates before the frame is painted
        self.page.screenshot(path=str(path))
        return path

    def semantics_overflow(self) -> list[str]:
        """Accessibility nodes that stick out of the window on the right (a row
        that does not fit the screen), as 'label @ right-edge'."""
        return self.page.evaluate(
            """() => [...document.querySelectorAll('flt-semantics')]
                 .map(e => [e.getAttribute('aria-label') || e.innerText || '', e.getBoundingClientRect()])
                 .filter(([_, r]) => r.width > 0 && r.right > window.innerWidth + 1)
                 .map(([n, r]) => `${n.slice(0, 40)} @ ${Math.round(r.right)}`)"""
        )


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One Chromium per test module. Playwright's sync API keeps an asyncio loop running in
    the main thread while it is open; a session-wide one broke every later test that calls
    asyncio.run() (tests/web, tests/ui run after tests/e2e in the whole suite)."""
    executable = _chromium()
    if not executable:
        _missing("Chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _opener(browser: Any, viewport: dict, name: str, request: Any) -> Iterator[Callable[..., UI]]:
    contexts: list[Any] = []

    def open_page(server: AppServer, route: str = "/", *, width: int | None = None, host: str | None = None) -> UI:
        """`host`: open by another address of this machine (its LAN IP = a phone on the Wi-Fi)."""
        size = dict(viewport, width=width or viewport["width"])
        context = browser.new_context(viewport=size, accept_downloads=True, locale="ky-KG")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(UI_TIMEOUT)
        page.goto((f"http://{host}:{server.port}" if host else server.url) + route)
        return UI(page, f"{name}{size['width']}").ready()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def phone(browser: Any, request: Any) -> Iterator[Callable[..., UI]]:
    """open(server, route="/") -> UI at phone size (390x844)."""
    yield from _opener(browser, PHONE, "phone", request)


@pytest.fixture
def desktop(browser: Any, request: Any) -> Iterator[Callable[..., UI]]:
    """open(server, route="/") -> UI at desktop size (1280x800)."""
    yield from _opener(browser, DESKTOP, "desktop", request)


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory, browser: Any) -> Iterator[AppServer]:
    """The app over the demo business (its own folder), one per test module."""
    server = AppServer(tmp_path_factory.mktemp("demo") / "data", demo=True).start()
    yield server
    server.stop()


@pytest.fixture
def empty_server(tmp_path: Path, browser: Any) -> Iterator[AppServer]:
    """The app over a brand-new empty data folder (first run)."""
    server = AppServer(tmp_path / "data").start()
    yield server
    server.stop()


@pytest.fixture
def start_server(browser: Any) -> Iterator[Callable[..., AppServer]]:
    """start(data_dir, demo=False, lang=None, share=False, env=None) -> a running AppServer over a folder the
    test prepared itself (e.g. with PINs set up); stopped after the test."""
    started: list[AppServer] = []

    def start(data_dir: Path, *, demo: bool = False, lang: str | None = None, share: bool = False,
              env: dict[str, str] | None = None) -> AppServer:
        server = AppServer(Path(data_dir), demo=demo, lang=lang, share=share, env=dict(env or {})).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture(scope="module")
def expected_demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Services over an identical demo business, built here, to compute expected figures."""
    from smallshop.app import make_demo
    from smallshop.services import Services
    from smallshop.storage.tinydb_store import open_store

    folder = tmp_path_factory.mktemp("expected") / "demo"
    make_demo(folder)
    store = open_store(folder)
    yield Services(store, clock=lambda: datetime.now().astimezone())
    store.close()


@pytest.fixture
def today() -> date:
    return date.today()
