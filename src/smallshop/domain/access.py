"""Who may do what: the family roles and the PIN rule.

The owner may do everything; a helper takes orders, records payments, expenses and
repayments, but may not delete, change a debt's terms, the settings, the members,
or restore a backup (issue 5). Kept as one table so the services check it and the
UI can ask it which buttons to show. Pure data, no storage.
"""

from __future__ import annotations

from enum import StrEnum

from .models import Role
from .problems import Problem

PIN_MIN_DIGITS = 4
PIN_MAX_DIGITS = 6


class Action(StrEnum):
    CUSTOMER_CREATE = "customer.create"
    CUSTOMER_EDIT = "customer.edit"
    CUSTOMER_DELETE = "customer.delete"
    ORDER_CREATE = "order.create"
    ORDER_EDIT = "order.edit"
    ORDER_STATUS = "order.status"
    ORDER_PAYMENT = "order.payment"
    ORDER_DELETE = "order.delete"
    INCOME_CREATE = "income.create"
    INCOME_EDIT = "income.edit"
    INCOME_DELETE = "income.delete"
    REFUND_CREATE = "refund.create"  # money given back to a customer: the owner only
    REFUND_DELETE = "refund.delete"
    EXPENSE_CREATE = "expense.create"
    EXPENSE_EDIT = "expense.edit"
    EXPENSE_DELETE = "expense.delete"
    DRAW_CREATE = "draw.create"  # the owner's money for the household
    DRAW_EDIT = "draw.edit"
    DRAW_DELETE = "draw.delete"
    DEBT_CREATE = "debt.create"
    DEBT_EDIT = "debt.edit"  # terms, reschedule
    DEBT_DELETE = "debt.delete"
    REPAYMENT_CREATE = "repayment.create"
    REPAYMENT_DELETE = "repayment.delete"
    PROFILE_EDIT = "profile.edit"
    LANGUAGE_SET = "language.set"  # the display language: everyone
    MEMBERS_MANAGE = "members.manage"
    OWN_PIN_CHANGE = "pin.change_own"  # any member, for their own PIN
    BACKUP_CREATE = "backup.create"  # a backup into the PC's own backups folder
    BACKUP_DOWNLOAD = "backup.download"  # the whole data (with PIN hashes) to another device
    BACKUP_RESTORE = "backup.restore"
    BIN_RESTORE = "bin.restore"
    BIN_EMPTY = "bin.empty"
    ACTIVITY_VIEW = "activity.view"  # the whole family's activity feed
    SHARING_SET = "sharing.set"  # open or close the app to the home network (owner only)
    PLAN_EDIT = "plan.edit"  # issue 15: the business plan agreed with the caseworker
    ASSET_EDIT = "asset.edit"  # add or change an asset, record its status
    ASSET_DELETE = "asset.delete"
    JOBS_CONFIRM = "jobs.confirm"  # who worked in a month
    NOTES_EDIT = "notes.edit"  # the month's notes for the caseworker


HELPER_ACTIONS: frozenset[Action] = frozenset(
    {
        Action.CUSTOMER_CREATE,
        Action.CUSTOMER_EDIT,
        Action.ORDER_CREATE,
        Action.ORDER_EDIT,
        Action.ORDER_STATUS,
        Action.ORDER_PAYMENT,
        Action.INCOME_CREATE,
        Action.INCOME_EDIT,
        Action.EXPENSE_CREATE,
        Action.EXPENSE_EDIT,
        Action.REPAYMENT_CREATE,
        Action.LANGUAGE_SET,
        Action.OWN_PIN_CHANGE,
        Action.BACKUP_CREATE,
    }
)


def can(role: Role | str, action: Action | str) -> bool:
    """True when a member with `role` may do `action`."""
    role, action = Role(role), Action(action)
    return role is Role.OWNER or action in HELPER_ACTIONS


def pin_problems(pin: object, field: str = "pin") -> list[Problem]:
    """A PIN is 4 to 6 digits (0-9 only)."""
    text = "" if pin is None else str(pin).strip()
    if not text:
        return [Problem(field, "sharing.pin.required", {})]
    if not (text.isascii() and text.isdigit()) or not PIN_MIN_DIGITS <= len(text) <= PIN_MAX_DIGITS:
        return [Problem(field, "sharing.pin.invalid", {"min": PIN_MIN_DIGITS, "max": PIN_MAX_DIGITS})]
    return []
