"""The family members section of Settings: who may use the app, with which role.

The owner adds a member (name, role, PIN), makes a member an owner or a helper
(services.members.set_role: the last owner who can sign in stays one), resets a
member's PIN, deactivates or activates a member (their history stays). A helper sees the list and can change
only their own PIN. Buttons follow `domain.access.can`; the services check again
and a refusal shows its translated message.

The first PIN is always the owner's own (issue 9): adding someone with a PIN
while no owner has one opens, right there, a panel that explains why and sets
her PIN (the setup form); saving it signs her in and then adds the member.
"""

from __future__ import annotations

from typing import Any

import flet as ft

from ...domain.access import Action
from ...domain.models import Role
from .. import theme
from ..components import choice_field, form_error, section, text_field, use_form
from ..state import AppState
from .setup import SetupForm, pin_field

BLANK = {"name": "", "role": Role.HELPER.value, "pin": "", "assignable": True}


def _run(app: AppState, action: Any, success: str) -> bool:
    try:
        action()
    except Exception as exc:  # NotAllowedError, a bad PIN, last owner...
        app.show_error(exc)
        return False
    app.changed(success)
    return True


@ft.component
def PinDialogBody(app: AppState, member: Any, on_close: Any) -> ft.Control:
    """The new PIN for one member, typed twice."""
    form = use_form({"pin": "", "pin_again": ""})
    t = app.t

    def save(_: Any = None) -> None:
        def action(values: dict[str, Any]) -> Any:
            from ...domain.problems import DomainError, Problem

            if str(values.get("pin", "")).strip() != str(values.get("pin_again", "")).strip():
                raise DomainError([Problem("pin_again", "ui_sharing.setup.pins_differ")])
            return app.services.members.reset_pin(member.id, str(values["pin"]).strip(), actor=app.actor)

        if form.submit(app, action, success_key="ui_sharing.members.pin_reset_done") is not None:
            on_close()

    return ft.Column(
        [
            pin_field(app, form, "pin", "ui_sharing.members.new_pin"),
            pin_field(app, form, "pin_again", "ui_sharing.setup.pin_again", on_submit=save),
            form_error(app, form),
            ft.Row(
                [
                    ft.FilledButton(t("ui_sharing.members.save_pin"), icon=ft.Icons.PASSWORD, on_click=save),
                    ft.TextButton(t("ui.action.cancel"), on_click=lambda _e: on_close()),
                ],
                wrap=True,
            ),
        ],
        tight=True,
        spacing=10,
        width=320,
    )


def _member_tile(app: AppState, member: Any, on_pin: Any) -> ft.Control:
    t = app.t
    manage = app.can(Action.MEMBERS_MANAGE)
    is_me = app.member is not None and app.member.id == member.id
    details = [t(f"sharing.role.{member.role.value}")]
    if member.assignable:
        details.append(t("ui.settings.makes_orders"))
    if not member.active:
        details.append(t("ui.settings.inactive"))
    if is_me:
        details.append(t("ui_sharing.members.you"))
    buttons: list[ft.Control] = []
    if manage or (is_me and app.can(Action.OWN_PIN_CHANGE)):
        buttons.append(ft.TextButton(t("ui_sharing.members.reset_pin"), icon=ft.Icons.PASSWORD,
                                     tooltip=t("ui_sharing.members.reset_pin_for", name=member.name),
                                     on_click=lambda _e: on_pin(member)))
    if not app.sharing_on and member.active and not is_me:  # before PINs: pick who records on this screen
        def use_as(_e: Any, m: Any = member) -> None:
            app.act_as(m)
            app.notify(t("ui.settings.now_using", name=m.name))

        buttons.append(ft.TextButton(t("ui.settings.use_as"), on_click=use_as,
                                     tooltip=t("ui.settings.use_as_tooltip", name=member.name)))
    if manage and not is_me:
        other = Role.HELPER if member.role == Role.OWNER else Role.OWNER
        buttons.append(ft.TextButton(
            t(f"ui_sharing.members.make_{other.value}"),
            icon=ft.Icons.SUPERVISOR_ACCOUNT if other == Role.OWNER else ft.Icons.PERSON_OUTLINE,
            tooltip=t(f"ui_sharing.members.make_{other.value}_name", name=member.name),
            on_click=lambda _e: _run(app, lambda: app.services.members.set_role(
                member.id, other, actor=app.actor, expected_version=member.audit.version),
                t("ui_sharing.members.role_changed", name=member.name, role=t(f"sharing.role.{other.value}")))))
        if member.active:
            buttons.append(ft.TextButton(
                t("ui_sharing.members.deactivate"), icon=ft.Icons.PERSON_OFF,
                tooltip=t("ui_sharing.members.deactivate_name", name=member.name),
                on_click=lambda _e: _run(app, lambda: app.services.members.deactivate(
                    member.id, actor=app.actor, expected_version=member.audit.version),
                    t("ui_sharing.members.deactivated", name=member.name))))
        else:
            buttons.append(ft.TextButton(
                t("ui_sharing.members.activate"), icon=ft.Icons.PERSON,
                tooltip=t("ui_sharing.members.activate_name", name=member.name),
                on_click=lambda _e: _run(app, lambda: app.services.members.activate(
                    member.id, actor=app.actor, expected_version=member.audit.version),
                    t("ui_sharing.members.activated", name=member.name))))
    return ft.Container(
        ft.Column(
            [
                ft.Row(
                    [
                        ft.Icon(ft.Icons.PERSON if member.role == Role.OWNER else ft.Icons.PERSON_OUTLINE,
                                color=None if member.active else theme.MUTED),
                        ft.Column(
                            [ft.Text(member.name, weight=ft.FontWeight.W_600,
                                     color=None if member.active else theme.MUTED),
                             ft.Text(" · ".join(details), size=13, color=theme.MUTED)],
                            spacing=0,
                            tight=True,
                            expand=True,
                        ),
                    ],
                ),
                *([ft.Row(buttons, wrap=True, spacing=0)] if buttons else []),
            ],
            spacing=2,
            tight=True,
        ),
        padding=ft.Padding.symmetric(vertical=4),
    )


@ft.component
def MembersSection(app: AppState) -> ft.Control:
    t = app.t
    members = ft.use_memo(lambda: app.services.settings.members(), [app.data_version])
    form = use_form(dict(BLANK))
    pin_for, set_pin_for = ft.use_state(None)
    owner_first, set_owner_first = ft.use_state(False)

    def add(_: Any = None) -> None:
        if str(form.get("pin", "") or "").strip() and not app.owner_can_sign_in:
            set_owner_first(True)  # her own PIN first, then this member's
            return
        added = form.submit(app, lambda values: app.services.members.add(values, actor=app.actor),
                            success_key="ui.settings.member_added")
        if added is not None:
            form.reset(dict(BLANK))

    def after_owner_pin() -> None:
        set_owner_first(False)
        add()

    rows = [_member_tile(app, m, set_pin_for) for m in members]
    if pin_for is not None:
        rows.append(section(t("ui_sharing.members.reset_pin_for", name=pin_for.name),
                            PinDialogBody(app, pin_for, lambda: set_pin_for(None), key=f"pin-{pin_for.id}")))
    parts: list[ft.Control] = [
        ft.Text(t("ui.settings.members_hint"), color=theme.MUTED, size=13),
        *(rows or [ft.Text(t("ui.settings.no_members"), color=theme.MUTED)]),
    ]
    if app.can(Action.MEMBERS_MANAGE) and owner_first and not app.owner_can_sign_in:
        # in place of the add form, where she was looking: her own PIN, then this member
        name = str(form.get("name", "") or "").strip() or t("guard.members.this_member")
        parts += [
            ft.Divider(),
            ft.Text(t("guard.members.owner_first_title"), weight=ft.FontWeight.W_600),
            ft.Text(t("guard.members.owner_first_text", name=name)),
            SetupForm(app, after_owner_pin, button=t("guard.members.owner_first_button", name=name),
                      success_key=None, key="owner-first"),
            ft.TextButton(t("ui.action.cancel"), on_click=lambda _e: set_owner_first(False)),
        ]
    elif app.can(Action.MEMBERS_MANAGE):
        role_options = [(Role.HELPER.value, t("sharing.role.helper")), (Role.OWNER.value, t("sharing.role.owner"))]
        parts += [
            ft.Divider(),
            ft.Text(t("ui_sharing.members.add_title"), weight=ft.FontWeight.W_600),
            text_field(app, form, "name", "ui.settings.member_name"),
            choice_field(app, form, "role", "ui_sharing.members.role", role_options),
            pin_field(app, form, "pin", "ui_sharing.members.pin"),
            ft.Checkbox(
                label=t("ui.settings.member_assignable"),
                value=bool(form.get("assignable", True)),
                on_change=lambda e: form.set("assignable", bool(e.control.value)),
            ),
            form_error(app, form),
            ft.OutlinedButton(t("ui.settings.add_member"), icon=ft.Icons.PERSON_ADD, on_click=add),
        ]
    return section(t("ui.settings.members"), *parts)
