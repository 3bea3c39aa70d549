"""Who did what: the append-only history of changes, and the recycle bin.

A family shares one business, so the owner must see who recorded, changed or
deleted what (issue 5). Every change to a record writes one `HistoryEntry` in the
same transaction; an edit lists its changed fields as old -> new display text
(plain JSON-able strings, never a PIN hash). Deleting a record moves it into a
`BinEntry` so the owner can restore it. Pure values and functions, no clock.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import Enum, StrEnum
from typing import Any

from .models import (
    Asset,
    Audit,
    Customer,
    Debt,
    Expense,
    Income,
    MonthJobs,
    MonthNote,
    Order,
    OwnerDraw,
    Refund,
    Repayment,
)
from .money import Money
from .records import BIN_KINDS, kind_of


class HistoryAction(StrEnum):
    CREATE = "create"
    EDIT = "edit"
    STATUS = "status"
    DELETE = "delete"
    RESTORE = "restore"


# fields never shown in history (secrets, bookkeeping)
HIDDEN_FIELDS = frozenset({"id", "audit", "pin_hash"})
PIN_FIELD = "pin"  # the change shown (without values) when a PIN is set or reset


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One changed field of an edit, as display text (ISO dates, "1250.00" money)."""

    field: str
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One change to one record. Stored per month of `day` (the local day of `at`)."""

    id: str
    day: date
    at: datetime
    action: HistoryAction
    kind: str  # a records.RECORD_KINDS name
    record_id: str
    actor: str | None = None  # member id (None: the local owner before sharing)
    label: str = ""  # the record's name when it changed (customer name, lender, ...)
    changes: tuple[FieldChange, ...] = ()
    seq: int = 0  # order of the changes (1, 2, 3 ...), kept even if the clock is set back
    audit: Audit = field(default_factory=Audit)


@dataclass(frozen=True, slots=True)
class BinEntry:
    """A deleted record, kept until the owner restores it or empties the bin.
    Exactly one of the record fields is set (the codec stores it as is)."""

    id: str  # the deleted record's id (a record is in the bin at most once)
    kind: str
    deleted_at: datetime
    deleted_by: str | None = None
    label: str = ""
    customer: Customer | None = None
    order: Order | None = None
    income: Income | None = None
    refund: Refund | None = None
    expense: Expense | None = None
    draw: OwnerDraw | None = None
    debt: Debt | None = None
    repayment: Repayment | None = None
    asset: Asset | None = None
    audit: Audit = field(default_factory=Audit)

    @property
    def record(self) -> Any:
        return getattr(self, self.kind)


def bin_entry(record: Any, deleted_at: datetime, deleted_by: str | None, audit: Audit) -> BinEntry:
    kind = kind_of(record)
    if kind not in BIN_KINDS:
        raise TypeError(f"{kind} records are not deleted into the bin")
    return BinEntry(
        id=record.id, kind=kind, deleted_at=deleted_at, deleted_by=deleted_by, label=label_of(record),
        audit=audit, **{kind: record},
    )


def label_of(record: Any) -> str:
    """A short human name of a record for lists of changes."""
    for name in ("name", "lender", "business_name", "description", "item"):
        value = getattr(record, name, None)
        if isinstance(value, str) and value:
            return value
    if isinstance(record, (MonthJobs, MonthNote)):
        return str(record.month)
    if isinstance(record, Order):
        return ", ".join(item.description for item in record.items)[:80]
    amount = getattr(record, "amount", None)
    if isinstance(amount, Money):
        return show(amount)
    return ""


def show(value: Any) -> str:
    """A value as neutral display text the UI can show or re-format."""
    if value is None:
        return ""
    if isinstance(value, Money):
        return value.to_decimal_str()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, tuple):
        return "; ".join(show(v) for v in value)
    if dataclasses.is_dataclass(value):
        return " × ".join(show(getattr(value, f.name)) for f in dataclasses.fields(value))
    return str(value)


def changes_between(old: Any, new: Any) -> tuple[FieldChange, ...]:
    """The fields that differ between two versions of a record (old -> new).
    A changed PIN shows as the field "pin" without any value."""
    found = []
    for f in dataclasses.fields(new):
        before, after = getattr(old, f.name), getattr(new, f.name)
        if before == after:
            continue
        if f.name == "pin_hash":
            found.append(FieldChange(PIN_FIELD, "", ""))
        elif f.name not in HIDDEN_FIELDS:
            found.append(FieldChange(f.name, show(before), show(after)))
    return tuple(found)
