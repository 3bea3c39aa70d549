"""Steps the business-screen tests share, on top of conftest's UI.

Why not only `UI.fill`: Flutter only puts on-screen controls in the accessibility
tree, so a field below the fold must be scrolled to first; and a click followed at
once by typing can lose the first keystrokes, so `type_into` waits until the field
really has the focus and checks what it holds afterwards.
"""

from __future__ import annotations

import json
import re
import time
from typing import Any

from smallshop.i18n import get_translator

T = get_translator("ky")


def S(key: str, **params: Any) -> str:
    """A message of the business screens' catalog (ui_screens.json) in Kyrgyz."""
    return T("ui_screens." + key, **params)


def _norm(text: str) -> str:
    return " ".join(text.split())


class Screens:
    """Drive the orders/customers/money/debts screens through `ui` (conftest.UI)."""

    def __init__(self, ui: Any) -> None:
        self.ui = ui
        self.page = ui.page

    # --- finding ---------------------------------------------------------------
    def find(self, role: str, name: str, *, exact: bool = True) -> Any:
        """The first control with this role and accessible name, scrolling the
        screen down (then up) until Flutter has put it in the tree."""
        locator = self.page.get_by_role(role, name=name, exact=exact)
        if role == "button":
            # an icon button's name sits on its tooltip node; a tappable card's name
            # starts with its tooltip and goes on with the card's text
            locator = locator.or_(self.page.get_by_label(name, exact=True).get_by_role("button"))
            locator = locator.or_(self.page.get_by_role("button", name=re.compile("^" + re.escape(name) + r"\s")))
            # an icon button inside a text field: the tooltip node is its sibling
            locator = locator.or_(self.page.locator(f"flt-semantics[aria-label={json.dumps(name)}]"))
        size = self.page.viewport_size
        deadline = time.monotonic() + 10
        while not locator.count() and time.monotonic() < deadline:
            time.sleep(0.3)  # a screen that is still being drawn
        for direction in (1, -1):
            for _ in range(15):
                if locator.count():
                    return locator.first
                self.page.mouse.move(size["width"] * 0.6, size["height"] * 0.55)
                self.page.mouse.wheel(0, 350 * direction)
                time.sleep(0.5)
        if locator.count():
            return locator.first
        raise AssertionError(f"no {role} named {name!r} on the screen")

    def see(self, text: str, timeout: float = 30) -> None:
        """`text` is shown somewhere (own text, or inside a merged node's label),
        scrolling down and back up to bring it into the tree if needed."""
        deadline = time.monotonic() + min(timeout, 4)
        while time.monotonic() < deadline:
            if self.shows(text):
                return
            time.sleep(0.3)
        size = self.page.viewport_size
        for direction in (1, -1):
            for _ in range(15):
                self.page.mouse.move(size["width"] * 0.6, size["height"] * 0.55)
                self.page.mouse.wheel(0, 350 * direction)
                time.sleep(0.5)
                if self.shows(text):
                    return
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.shows(text):
                return
            time.sleep(0.5)
        shown = self.page.evaluate(
            """() => [...document.querySelectorAll('flt-semantics')].map(e =>
                   ((e.getAttribute('aria-label') || '') + ' | ' + (e.textContent || '')).slice(0, 200))"""
        )
        raise AssertionError(f"{text!r} is not shown; the screen reads: {shown}")

    def shows(self, text: str) -> bool:
        return self.page.evaluate(
            """t => [...document.querySelectorAll('flt-semantics')].some(e =>
                   ((e.getAttribute('aria-label') || '') + ' ' + (e.textContent || ''))
                   .replace(/\\s+/g, ' ').includes(t))""",
            _norm(text),
        )

    # --- acting ----------------------------------------------------------------
    def click(self, name: str, *, role: str = "button", exact: bool = True) -> None:
        self.find(role, name, exact=exact).click()
        time.sleep(0.5)

    def choose(self, option: str) -> None:
        """Pick a choice chip (chips are checkboxes in the accessibility tree)."""
        self.click(option, role="checkbox")

    def type_into(self, label: str, text: str) -> None:
        """Replace the content of the field labelled `label` with `text`, and check it."""
        field = self.find("textbox", label)
        got = None
        for _attempt in range(3):
            field.click()
            self.page.wait_for_function(
                "() => ['INPUT', 'TEXTAREA'].includes(document.activeElement?.tagName)", timeout=10_000
            )
            time.sleep(0.15)
            focused = self.page.evaluate("() => document.activeElement.getAttribute('aria-label') || ''")
            if not _norm(focused).startswith(_norm(label)):
                time.sleep(0.6)  # the screen was still scrolling: click again
                continue
            self.page.keyboard.press("Control+A")
            self.page.keyboard.type(text, delay=25)
            time.sleep(0.3)
            got = self.page.evaluate("() => document.activeElement.value")
            if got == text:
                return
        raise AssertionError(f"could not type {text!r} into {label!r} (it holds {got!r})")

    def value_of(self, label: str) -> str:
        """What the field labelled `label` holds (Flutter fills the DOM input on focus)."""
        self.find("textbox", label).click()
        self.page.wait_for_function(
            "() => ['INPUT', 'TEXTAREA'].includes(document.activeElement?.tagName)", timeout=10_000
        )
        time.sleep(0.2)
        return self.page.evaluate("() => document.activeElement.value")

    def nav(self, label_key: str) -> None:
        """A navigation destination: bottom bar tab on a phone, rail button on a PC,
        app bar menu item for the ones a phone keeps in the menu."""
        name = T(label_key)
        pattern = re.compile(rf"^{re.escape(name)}(\s|$)")
        deadline = time.monotonic() + 10
        while True:
            for role in ("tab", "button"):
                locator = self.page.get_by_role(role, name=pattern)
                if locator.count():
                    locator.first.click()
                    time.sleep(0.8)
                    return
            if time.monotonic() > deadline:
                break
            time.sleep(0.3)
        self.ui.menu(name)
        time.sleep(0.8)
