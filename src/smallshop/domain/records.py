"""Every kind of business record, declared once (beancount's `ALL_DIRECTIVES`).

One row per record class: its kind name (history, the bin, change notices,
translation keys `sharing.kind.<name>`), its plural (the Store's repository
attribute, its folder and file names), the field holding its own date (picks its
month file; None = undated, one file), the fields that link it to other records
(storage keeps an index of each, maintained on write) and whether a delete puts
it in the recycle bin. Storage adds its two bookkeeping kinds (history, bin) in
`storage.layout`; everything else reads this table instead of listing kinds again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .models import (
    Asset,
    BusinessPlan,
    BusinessProfile,
    Customer,
    Debt,
    Expense,
    Income,
    Member,
    MonthJobs,
    MonthNote,
    Order,
    OwnerDraw,
    Refund,
    Repayment,
)


@dataclass(frozen=True)
class RecordKind:
    name: str  # "order"
    plural: str  # "orders": the Store's attribute, folder and file name
    cls: type
    date_field: str | None = None  # the record's own date; None = undated
    links: tuple[str, ...] = ()  # fields naming another record, indexed by storage
    binnable: bool = True  # a delete moves it into the recycle bin


RECORD_KINDS: tuple[RecordKind, ...] = (
    RecordKind("customer", "customers", Customer),
    RecordKind("member", "members", Member, binnable=False),
    RecordKind("order", "orders", Order, "order_date", links=("customer_id",)),
    RecordKind("income", "incomes", Income, "date", links=("order_id", "customer_id")),
    RecordKind("refund", "refunds", Refund, "date", links=("order_id", "customer_id")),
    RecordKind("expense", "expenses", Expense, "date", links=("order_id",)),
    RecordKind("draw", "draws", OwnerDraw, "date"),
    RecordKind("debt", "debts", Debt),
    RecordKind("repayment", "repayments", Repayment, "date", links=("debt_id",)),
    RecordKind("profile", "profiles", BusinessProfile, binnable=False),
    # issue 15: what the caseworker follows (schema 4); jobs and notes have the month as id
    RecordKind("plan", "plans", BusinessPlan, binnable=False),
    RecordKind("asset", "assets", Asset),
    RecordKind("job_month", "job_months", MonthJobs, binnable=False),
    RecordKind("month_note", "month_notes", MonthNote, binnable=False),
)
KIND_BY_NAME: dict[str, RecordKind] = {k.name: k for k in RECORD_KINDS}
KIND_BY_CLASS: dict[type, RecordKind] = {k.cls: k for k in RECORD_KINDS}
# record class -> kind name, and back (history, the bin, change notices)
KIND_NAMES: dict[type, str] = {k.cls: k.name for k in RECORD_KINDS}
CLASS_OF_KIND: dict[str, type] = {k.name: k.cls for k in RECORD_KINDS}
BIN_KINDS = frozenset(k.name for k in RECORD_KINDS if k.binnable)


def kind_of(record: Any) -> str:
    """The kind name of a record ("order")."""
    return KIND_NAMES[type(record)]


def record_sort_key(record: Any) -> tuple[Any, ...]:
    """The one order of records of a kind: by their own date (undated first), then
    when they were created, then id, so equal days always list the same way."""
    kind = KIND_BY_CLASS[type(record)]
    day = getattr(record, kind.date_field) if kind.date_field else None
    created = record.audit.created_at
    return (day.toordinal() if day else 0, created.isoformat() if created else "", record.id)
