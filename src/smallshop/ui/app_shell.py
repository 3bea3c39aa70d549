"""The frame around every screen: app bar, navigation, language, and the route's view.

Phone (< 600 px): app bar + one column + a bottom NavigationBar with the five
daily destinations; reports, settings and the languages are in the app bar menu.
PC: a NavigationRail with all seven destinations and the view beside it.
Before any of that: the first-run choice on an empty data folder, and the PIN
sign-in once sharing is set up.

`start_session(page, launcher)` is called by smallshop.app for each browser
session: it builds that session's AppState over the shared services and renders
the shell. The launcher (made in app.py, the only place that knows concrete
classes) supplies the services, where the data lives, and the first-run choice.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import date
from typing import Any, Callable, Protocol

import flet as ft

from . import theme
from .components.files import on_phone
from .router import NAV_ITEMS, PHONE_NAV_COUNT, match, view_function
from .state import AppState

log = logging.getLogger(__name__)

SESSION_CHECK_SECONDS = 20  # how often an open screen checks its sign-in is still valid


class Launcher(Protocol):
    """What app.py hands the UI (duck-typed; see smallshop.app.Runtime)."""

    services: Any
    data_location: str
    demo: bool

    def today(self) -> date: ...

    def needs_first_run(self) -> bool: ...

    def start_own(self) -> None: ...

    def prepare_demo(self) -> None: ...

    def start_demo(self) -> None: ...

    def report(self, month: Any, *, fmt: str, lang: str, prepared_by: str,
               with_names: bool = False) -> tuple[str, bytes]: ...

    # optional (the web server's Runtime): is_local_client(peer), needs_setup_code,
    # check_setup_code(code), setup_code_for(peer) -> the code for this PC's screen or None


class PageHost:
    """The page-facing side of AppState (navigation, locale, snackbars, pubsub)."""

    def __init__(self, page: ft.Page) -> None:
        self.page = page

    def navigate(self, route: str) -> None:
        try:
            self.page.navigate(route)
        except RuntimeError:  # no running loop (tests): the state already moved
            pass

    def set_locale(self, lang: str) -> None:
        self.page.locale_configuration = theme.locale_configuration(lang)
        self.page.update()

    def snack(self, message: str, *, error: bool = False) -> None:
        self.page.show_dialog(
            ft.SnackBar(
                ft.Text(message, color=ft.Colors.ON_ERROR if error else None),
                bgcolor=ft.Colors.ERROR if error else None,
                show_close_icon=True,
                duration=ft.Duration(seconds=6 if error else 3),
            )
        )

    def broadcast(self, message: Any) -> None:
        try:
            self.page.pubsub.send_others(message)
        except Exception as exc:  # pragma: no cover - a closed session
            log.debug("broadcast failed: %s", exc)


_app_context = ft.create_context(None)


def use_app() -> AppState:
    """The session's AppState from inside any component below the shell."""
    return ft.use_context(_app_context)


@ft.component
def Placeholder(app: AppState, title: str) -> ft.Control:
    """Shown for a screen whose module is not written yet."""
    return ft.Column([ft.Text(title, theme_style=ft.TextThemeStyle.HEADLINE_SMALL)])


def _nav_index(app: AppState, count: int) -> int | None:
    section = match(app.route).route.section
    for index, (route, *_rest) in enumerate(NAV_ITEMS[:count]):
        if route == section:
            return index
    return None


def _language_menu(app: AppState) -> ft.Control:
    from ..i18n.languages import language_name

    return ft.PopupMenuButton(
        icon=ft.Icons.TRANSLATE,
        tooltip=app.t("ui.language.choose"),
        items=[
            ft.PopupMenuItem(
                content=ft.Text(language_name(code), weight=ft.FontWeight.BOLD if code == app.lang else None),
                on_click=lambda _e, code=code: app.set_language(code),
            )
            for code in app.languages()
        ],
    )


def _phone_menu(app: AppState) -> ft.Control:
    """On a phone one menu holds reports, settings and the languages, so the
    screen's title keeps the app bar's width."""
    from ..i18n.languages import language_name

    items: list[ft.PopupMenuItem] = [
        ft.PopupMenuItem(
            icon=getattr(ft.Icons, icon),
            content=app.t(key),
            on_click=lambda _e, route=route: app.navigate(route),
        )
        for route, icon, _selected, key in NAV_ITEMS[PHONE_NAV_COUNT:]
    ]
    items += [
        ft.PopupMenuItem(
            icon=ft.Icons.CHECK if code == app.lang else ft.Icons.TRANSLATE,
            content=language_name(code),
            on_click=lambda _e, code=code: app.set_language(code),
        )
        for code in app.languages()
    ]
    items += _sign_out_items(app)
    return ft.PopupMenuButton(icon=ft.Icons.MORE_VERT, tooltip=app.t("ui.menu"), items=items)


def _sign_out_items(app: AppState) -> list[ft.PopupMenuItem]:
    """"Sign out (name)" at the end of the app bar menu once someone is signed in."""
    if app.session is None or app.member is None:
        return []
    return [
        ft.PopupMenuItem(),  # a divider
        ft.PopupMenuItem(
            icon=ft.Icons.LOGOUT,
            content=app.t("ui_sharing.signin.sign_out_name", name=app.member.name),
            on_click=lambda _e: app.sign_out(),
        ),
    ]


def _account_menu(app: AppState) -> ft.Control:
    """On a PC: who is signed in, and sign out."""
    return ft.PopupMenuButton(
        icon=ft.Icons.ACCOUNT_CIRCLE,
        tooltip=app.t("ui.signin.signed_in_as", name=app.member.name if app.member else ""),
        items=_sign_out_items(app)[1:],
    )


def _app_bar(app: AppState, title: str) -> ft.AppBar:
    actions: list[ft.Control] = []
    if app.demo:
        actions.append(
            ft.Container(
                ft.Text(app.t("ui.demo.badge"), size=12, color=ft.Colors.ON_TERTIARY_CONTAINER),
                bgcolor=ft.Colors.TERTIARY_CONTAINER,
                padding=ft.Padding.symmetric(horizontal=8, vertical=4),
                border_radius=8,
                tooltip=app.t("ui.demo.tooltip"),
            )
        )
    if app.is_phone and not app.first_run and app.gate() is None:
        actions.append(_phone_menu(app))
    else:
        actions.append(_language_menu(app))
        if app.session is not None and app.member is not None and app.gate() is None:
            actions.append(_account_menu(app))
    back = None
    current = match(app.route)
    if (current.route.pattern.count("/") > 1 or current.params) and app.gate() is None and not app.first_run:
        back = ft.IconButton(
            icon=ft.Icons.ARROW_BACK,
            tooltip=app.t("ui.action.back"),
            on_click=lambda _e: app.navigate(current.route.section),
        )
    return ft.AppBar(
        title=ft.Text(title, overflow=ft.TextOverflow.ELLIPSIS),
        leading=back,
        automatically_imply_leading=False,
        actions=actions,
        bgcolor=ft.Colors.SURFACE_CONTAINER,
    )


def _on_nav(app: AppState, index: int) -> None:
    route = NAV_ITEMS[index][0]
    app.navigate(route)


def _navigation_bar(app: AppState) -> ft.NavigationBar:
    # Flutter's bar always has a selected destination: on reports/settings (in the
    # app bar menu) the last bar destination stays highlighted.
    index = _nav_index(app, PHONE_NAV_COUNT)
    if index is None:
        index = getattr(app, "_last_bar_index", 0)
    app._last_bar_index = index
    return ft.NavigationBar(
        selected_index=index,
        destinations=[
            ft.NavigationBarDestination(
                icon=getattr(ft.Icons, icon),
                selected_icon=getattr(ft.Icons, selected),
                label=app.t(key),
            )
            for _route, icon, selected, key in NAV_ITEMS[:PHONE_NAV_COUNT]
        ],
        on_change=lambda e: _on_nav(app, int(e.control.selected_index)),
        label_behavior=ft.NavigationBarLabelBehavior.ALWAYS_SHOW,
    )


def _navigation_rail(app: AppState) -> ft.NavigationRail:
    return ft.NavigationRail(
        selected_index=_nav_index(app, len(NAV_ITEMS)),
        label_type=ft.NavigationRailLabelType.ALL,
        min_width=88,
        destinations=[
            ft.NavigationRailDestination(
                icon=getattr(ft.Icons, icon),
                selected_icon=getattr(ft.Icons, selected),
                label=app.t(key),
            )
            for _route, icon, selected, key in NAV_ITEMS
        ],
        on_change=lambda e: _on_nav(app, int(e.control.selected_index)),
        scrollable=True,
    )


def _body(app: AppState) -> tuple[str, ft.Control]:
    current = match(app.route)
    title = app.t(current.route.title_key)
    function = view_function(current.route)
    if function is None:
        return title, Placeholder(app, title)
    return title, function(app)


@ft.component
def Shell(app: AppState) -> list[ft.View]:
    page = ft.context.page

    def setup() -> None:
        def on_resize(e: Any) -> None:
            app.width = e.width

        def on_route(e: Any) -> None:
            app.route_changed(e.route)

        async def refresh() -> None:
            app.data_changed_elsewhere()

        async def on_message(message: Any) -> None:
            # Runs in the sender's context: re-enter this session's page so the
            # re-render is scheduled here, not on the sender's screen.
            if isinstance(message, dict) and message.get("type") == "data_changed":
                page.run_task(refresh)

        closed = asyncio.Event()

        async def watch_session() -> None:
            # An idle session returns to sign-in by itself, even if nobody touches the
            # screen; the loop ends as soon as the session closes (so a dropped
            # session's state is freed at once, not after the next check).
            while not closed.is_set():
                try:
                    await asyncio.wait_for(closed.wait(), SESSION_CHECK_SECONDS)
                    return
                except asyncio.TimeoutError:
                    pass
                try:
                    app.check_session()
                except Exception as exc:  # pragma: no cover - a closed page
                    log.debug("session check stopped: %r", exc)
                    return

        def on_close(_e: Any) -> None:  # the browser session is gone: stop checking it
            closed.set()

        page.on_close = on_close
        page.on_resize = on_resize
        page.on_route_change = on_route
        page.pubsub.subscribe(on_message)
        page.run_task(watch_session)
        if page.width:
            app.width = page.width
        app.route_changed(page.route or "/")

    ft.use_effect(setup, [])
    return [_app_context(app, lambda: _view(app, page))]


def _view(app: AppState, page: ft.Page) -> ft.View:
    # Every route passes here: with sharing on nothing of the app is built for a
    # screen that has not signed in (or a phone before the owner set up PINs).
    gate = app.gate()
    if gate in ("not_ready", "not_shared"):
        from .views.setup import NotSharedView

        body: ft.Control = NotSharedView(app, gate)
        title = app.t("ui.app_title")
    elif gate == "setup":
        from .views.setup import SetupView

        body = SetupView(app)
        title = app.t("ui_sharing.setup.title")
    elif app.first_run:
        from .views.first_run import FirstRunView

        body = FirstRunView(app)
        title = app.t("ui.app_title")
    elif gate == "sign_in":
        from .views.sign_in import SignInView

        body = SignInView(app)
        title = app.t("ui.signin.title")
    else:
        title, body = _body(app)
    page.title = f"{app.t('ui.app_title')} — {title}"
    padding = theme.PHONE_PADDING if app.is_phone else theme.DESKTOP_PADDING
    content = ft.Container(body, padding=padding, expand=True, alignment=ft.Alignment.TOP_LEFT)
    bare = app.first_run or gate is not None  # no navigation before these are done
    if app.is_phone or bare:
        controls: list[ft.Control] = [content]
        nav = None if bare else _navigation_bar(app)
    else:
        controls = [
            ft.Row(
                [_navigation_rail(app), ft.VerticalDivider(width=1), content],
                expand=True,
                spacing=0,
                vertical_alignment=ft.CrossAxisAlignment.STRETCH,
            )
        ]
        nav = None
    return ft.View(
        route="/",
        appbar=_app_bar(app, title),
        navigation_bar=nav,
        controls=controls,
        padding=0,
        spacing=0,
        **back_button(app, page),
    )


def back_button(app: AppState, page: ft.Page) -> dict[str, Any]:
    """What Android's back button does in the packaged app: the previous screen while
    there is one (the view refuses the pop and we navigate), else the system's default
    (leave the app). Only there: a browser's back button changes the route itself."""
    native_phone = on_phone(page) and not page.web
    if not native_phone or not app.can_go_back:
        return {"can_pop": True, "on_confirm_pop": None}

    async def on_confirm_pop(e: Any) -> None:
        app.go_back()
        await e.control.confirm_pop(False)

    return {"can_pop": False, "on_confirm_pop": on_confirm_pop}


def start_session(page: ft.Page, launcher: Launcher, *, lang: str | None = None, peer: str | None = None) -> AppState:
    """Build this session's state and render the shell (called by smallshop.app).
    `peer` is the connection's socket address as the server saw it (None for
    Flet's own window); `page.client_ip` is never read: the browser can set it."""
    page.theme = theme.theme()
    page.theme_mode = ft.ThemeMode.LIGHT
    page.padding = 0
    app = AppState(launcher, today=launcher.today, lang=lang, host=PageHost(page))
    app.peer = peer
    # With sharing on, the first run is the owner's PIN setup (on the PC), never the
    # demo-or-own choice: a phone must not switch the whole process to the demo.
    app.first_run = launcher.needs_first_run() and not app.shared and app.is_local
    app.act_as(app.default_member())
    if page.width:  # known before the first render: no desktop flash on a phone
        app.width = page.width
    app.route_changed(page.route or "/")
    page.locale_configuration = theme.locale_configuration(app.lang)
    page.title = app.t("ui.app_title")
    page.render_views(Shell, app)
    return app


def show_startup_error(page: ft.Page, lang: str | None, message_key: str, params: dict[str, Any], *,
                       recover: Callable[[], Any] | None = None,
                       on_recovered: Callable[[], None] | None = None) -> None:
    """A page that explains why the data could not be opened (locked, damaged).
    For damaged data, `recover` (slow: run off the event loop) saves everything
    intact into place; then `on_recovered` starts the app on the recovered data."""
    from ..i18n import get_translator

    t = get_translator(lang or "ky")
    page.theme = theme.theme()
    page.title = t("ui.app_title")
    page.locale_configuration = theme.locale_configuration(lang or "ky")
    status = ft.Text("", selectable=True)
    extra: list[ft.Control] = []
    if recover is not None:

        async def go(_: Any) -> None:
            button.disabled = True
            status.value = t("ui.recover.working")
            page.update()
            try:
                report = await asyncio.to_thread(recover)
            except Exception as exc:  # noqa: BLE001 - shown, the damaged folder is untouched
                log.warning("recovery failed: %r", exc)
                button.disabled = False
                status.value = t("ui.recover.failed", error=t.error(exc))
                page.update()
                return
            lost = _lost_lines(t, report)
            summary = t("ui.recover.done", records=report.records if report else 0)
            if lost:
                summary += "\n" + t("ui.recover.lost", count=len(lost)) + "\n" + "\n".join(lost)
            page.clean()
            if on_recovered is not None:
                on_recovered()
            page.show_dialog(ft.AlertDialog(title=ft.Text(t("ui.recover.title")), content=ft.Text(summary, selectable=True),
                                            actions=[ft.TextButton(t("ui.action.close"), on_click=lambda _e: page.pop_dialog())]))

        button = ft.FilledButton(t("ui.recover.button"), icon=ft.Icons.HEALING, on_click=go)
        extra = [ft.Text(t("ui.recover.hint"), color=theme.MUTED), button, status]
    page.add(
        ft.Container(
            ft.Column(
                [
                    ft.Icon(ft.Icons.ERROR_OUTLINE, color=ft.Colors.ERROR, size=48),
                    ft.Text(t("ui.startup.failed"), theme_style=ft.TextThemeStyle.HEADLINE_SMALL),
                    ft.Text(t(message_key, **params), selectable=True),
                    *extra,
                    ft.Text(t("ui.startup.help"), color=theme.MUTED),
                ],
                spacing=12,
            ),
            padding=24,
        )
    )


def _lost_lines(t: Any, report: Any) -> list[str]:
    """What recovery could not save, one translated line each (as the CLI says it)."""
    if report is None:
        return []
    lines = [t("cli.recover.lost_file", file=name) for name in report.lost_files]
    lines += [t("cli.recover.lost_record", file=name, record_id=rid) for name, rid in report.lost_records]
    lines += [t("cli.recover.lost_log_entry", offset=offset) for offset in report.damaged_log_entries]
    lines += [t("cli.recover.unverified", file=name, record_id=rid) for name, rid in getattr(report, "unverified", ())]
    if getattr(report, "dropped_last_entry", None) is not None:
        lines.append(t("cli.recover.dropped_last_entry", offset=report.dropped_last_entry))
    if report.log_unreadable:
        lines.append(t("cli.recover.log_unreadable"))
    return lines


__all__ = ["AppState", "Launcher", "PageHost", "Shell", "show_startup_error", "start_session", "use_app"]
