"""Which fields each form has, read with domain.parsing.FormReader.

One function per form: it reads every field, collects every problem, and raises
one DomainError listing them all, so the caller saves nothing. Field names here are
the names the UI and the CLI use (problems carry them, so messages land next to
the right field). Values may be what the user typed or already-typed values
(Money, date, Decimal, enum members): FormReader reads their text form.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from ..domain import debts as debt_rules
from ..domain import orders as order_rules
from ..domain.models import (
    AssetSource,
    AssetStatus,
    CaseworkerTitle,
    Debt,
    DebtPurpose,
    ExpenseCategory,
    Frequency,
    IncomeCategory,
    LenderType,
    LineItem,
    Order,
    PaymentMethod,
    PlannedPurchase,
    Role,
    Worker,
    WorkerKind,
)
from ..domain.money import ZERO
from ..domain.parsing import FormReader
from ..domain.problems import Problem

MAX_INSTALMENTS = debt_rules.MAX_INSTALMENTS


def decimal_mark_of(lang: str | None) -> str | None:
    """The decimal mark of a language ("," in Kyrgyz and Russian, "." in English), so
    "1,250" typed in English is 1250; None (no language given) guesses from the text."""
    if not lang:
        return None
    return "." if str(lang).lower().startswith("en") else ","


def _default(reader: FormReader, field: str, value: date | None) -> date | None:
    """A date field that falls back to `value` when left blank."""
    if value is not None and not reader.raw(field).strip():
        return value
    return reader.date(field)


def _flag(value: Any, default: bool) -> bool:
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("1", "true", "yes", "on")


def read_customer_form(form: Mapping[str, Any], default_created_on: date | None) -> dict[str, Any]:
    reader = FormReader(form)
    fields = {
        "name": reader.name("name"),
        "phone": reader.phone("phone"),
        "address": reader.text("address", max_length=200),
        "notes": reader.text("notes"),
        "created_on": _default(reader, "created_on", default_created_on),
    }
    reader.raise_if_problems()
    return fields


def read_items(reader: FormReader, items: Sequence[Mapping[str, Any]]) -> tuple[LineItem, ...]:
    """Line items; rows left entirely blank are skipped. Fields: items.<n>.<name>."""
    lines = []
    for number, row in enumerate(items or ()):
        if all(not str(v if v is not None else "").strip() for v in row.values()):
            continue
        prefix = f"items.{number}."
        row_reader = FormReader({prefix + k: v for k, v in row.items()}, decimal_mark=reader.decimal_mark)
        description = row_reader.name(prefix + "description")
        quantity = row_reader.quantity(prefix + "quantity") if row_reader.raw(prefix + "quantity").strip() else 1
        unit_price = row_reader.amount(prefix + "unit_price", allow_zero=True)
        reader.extend(row_reader.problems)
        # ok means every required reader gave a value; the None checks say so to the type checker
        if row_reader.ok and description is not None and quantity is not None and unit_price is not None:
            lines.append(LineItem(description=description, quantity=Decimal(quantity), unit_price=unit_price))
    return tuple(lines)


def read_order_form(
    form: Mapping[str, Any],
    items: Sequence[Mapping[str, Any]],
    default_order_date: date,
    *,
    decimal_mark: str | None = None,
) -> dict[str, Any]:
    reader = FormReader(form, decimal_mark=decimal_mark)
    fields: dict[str, Any] = {
        "customer_id": reader.optional_id("customer_id"),
        "order_date": _default(reader, "order_date", default_order_date),
        "due_date": reader.date("due_date", required=False),
        "assignee_id": reader.optional_id("assignee_id"),
        "notes": reader.text("notes"),
        "items": read_items(reader, items),
    }
    # the rules of a whole order (items present, due date not before the order
    # date...) are checked on what could be read, so every problem comes at once
    draft = Order(
        id="",
        customer_id=fields["customer_id"] or "",
        order_date=fields["order_date"] or date.min,
        items=fields["items"],
        due_date=fields["due_date"] if fields["order_date"] else None,
    )
    item_problem = any(p.field.startswith("items.") for p in reader.problems)
    for problem in order_rules.validate_order(draft):
        if problem.field == "items" and item_problem:
            continue  # a row with a problem is not "no items"
        if not reader.has_problem(problem.field):
            reader.add(problem)
    reader.raise_if_problems()
    return fields


def _read_payment(reader: FormReader, prefix: str, default_date: date | None) -> dict[str, Any]:
    return {
        "amount": reader.amount(prefix + "amount"),
        "date": _default(reader, prefix + "date", default_date),
        "method": reader.choice(prefix + "method", PaymentMethod, default=PaymentMethod.CASH),
        "description": reader.text(prefix + "description", max_length=500),
    }


def read_deposit_form(form: Mapping[str, Any], default_date: date | None, *, decimal_mark: str | None = None) -> dict[str, Any] | None:
    """A deposit taken with a new order; None when its amount is left blank.
    Problems are named deposit.<field>."""
    if not str(form.get("amount") if form.get("amount") is not None else "").strip():
        return None
    reader = FormReader({f"deposit.{k}": v for k, v in form.items()}, decimal_mark=decimal_mark)
    fields = _read_payment(reader, "deposit.", default_date)
    reader.raise_if_problems()
    return fields


def read_payment_form(form: Mapping[str, Any], default_date: date, *, decimal_mark: str | None = None) -> dict[str, Any]:
    reader = FormReader(form, decimal_mark=decimal_mark)
    fields = _read_payment(reader, "", default_date)
    reader.raise_if_problems()
    return fields


def read_income_form(form: Mapping[str, Any], default_date: date, *, decimal_mark: str | None = None) -> dict[str, Any]:
    reader = FormReader(form, decimal_mark=decimal_mark)
    fields = _read_payment(reader, "", default_date)
    fields["category"] = reader.choice("category", IncomeCategory, default=IncomeCategory.WALK_IN_SALE)
    fields["order_id"] = reader.optional_id("order_id")
    fields["customer_id"] = reader.optional_id("customer_id")
    reader.raise_if_problems()
    return fields


def read_expense_form(form: Mapping[str, Any], default_date: date, *, decimal_mark: str | None = None) -> dict[str, Any]:
    reader = FormReader(form, decimal_mark=decimal_mark)
    fields = _read_payment(reader, "", default_date)
    fields["category"] = reader.choice("category", ExpenseCategory)
    fields["order_id"] = reader.optional_id("order_id")
    reader.raise_if_problems()
    return fields


read_draw_form = read_payment_form  # an owner's draw has exactly a payment's fields


def read_debt_form(form: Mapping[str, Any], default_date: date, *, decimal_mark: str | None = None) -> dict[str, Any]:
    reader = FormReader(form, decimal_mark=decimal_mark)
    fields: dict[str, Any] = {
        "lender": reader.name("lender"),
        "principal": reader.amount("principal"),
        "interest": reader.amount("interest", required=False, allow_zero=True),
        "start_date": _default(reader, "start_date", default_date),
        "first_due_date": reader.date("first_due_date"),
        "frequency": reader.choice("frequency", Frequency, default=Frequency.MONTHLY),
        "instalment_count": reader.integer("instalment_count", minimum=1, maximum=MAX_INSTALMENTS),
        "purpose": reader.choice("purpose", DebtPurpose),
        "lender_type": reader.choice("lender_type", LenderType, default=LenderType.OTHER),
        "notes": reader.text("notes"),
    }
    if fields["interest"] is None:
        fields["interest"] = ZERO
    if all(fields[name] is not None for name in ("principal", "start_date", "first_due_date", "instalment_count")):
        draft = Debt(id="", schedule=(), **{**fields, "lender": fields["lender"] or "-",
                                              "purpose": fields["purpose"] or DebtPurpose.BUSINESS,
                                              "lender_type": fields["lender_type"] or LenderType.OTHER})
        for problem in debt_rules.validate_debt(draft):
            if not reader.has_problem(problem.field):
                reader.add(problem)
    reader.raise_if_problems()
    return fields


def read_repayment_form(form: Mapping[str, Any], default_date: date, *, decimal_mark: str | None = None) -> dict[str, Any]:
    reader = FormReader(form, decimal_mark=decimal_mark)
    fields = _read_payment(reader, "", default_date)
    fields["note"] = fields.pop("description")
    reader.raise_if_problems()
    return fields


def read_profile_form(form: Mapping[str, Any]) -> dict[str, Any]:
    reader = FormReader(form)
    fields = {
        "business_name": reader.name("business_name"),
        "owner_name": reader.name("owner_name"),
        "location": reader.text("location", max_length=200),
        "caseworker_name": reader.text("caseworker_name", max_length=120),
        "case_id": reader.text("case_id", max_length=60),
        "programme_name": reader.text("programme_name", max_length=120),
        "caseworker_title": reader.choice("caseworker_title", CaseworkerTitle,
                                          default=CaseworkerTitle.SOCIAL_WORKER),
    }
    reader.raise_if_problems()
    return fields


def read_member_form(form: Mapping[str, Any], *, default_role: Role = Role.HELPER) -> dict[str, Any]:
    reader = FormReader(form)
    fields = {
        "name": reader.name("name"),
        "role": reader.choice("role", Role, default=default_role),
        "assignable": _flag(form.get("assignable"), True),
        "active": _flag(form.get("active"), True),
    }
    reader.raise_if_problems()
    return fields


# --- issue 15: the business plan, the asset register, jobs ----------------------
def _blank_row(row: Mapping[str, Any]) -> bool:
    return all(not str(v if v is not None else "").strip() for v in row.values())


def read_plan_form(
    form: Mapping[str, Any], purchases: Sequence[Mapping[str, Any]], *, decimal_mark: str | None = None
) -> dict[str, Any]:
    """The plan: assistance_started (optional date), sales_target and profit_target
    (optional amounts, zero allowed), and purchase rows {item, amount, month}
    (problems named purchases.<n>.<field>; rows left blank are skipped)."""
    reader = FormReader(form, decimal_mark=decimal_mark)
    fields: dict[str, Any] = {
        "assistance_started": reader.date("assistance_started", required=False),
        "sales_target": reader.amount("sales_target", required=False, allow_zero=True),
        "profit_target": reader.amount("profit_target", required=False, allow_zero=True),
    }
    rows = []
    for number, row in enumerate(purchases or ()):
        if _blank_row(row):
            continue
        prefix = f"purchases.{number}."
        row_reader = FormReader({prefix + k: v for k, v in row.items()}, decimal_mark=decimal_mark)
        item = row_reader.name(prefix + "item")
        amount = row_reader.amount(prefix + "amount")
        month = row_reader.month(prefix + "month")
        reader.extend(row_reader.problems)
        if row_reader.ok and item is not None and amount is not None and month is not None:  # ok: all read
            rows.append(PlannedPurchase(item=item, amount=amount, month=month))
    fields["purchases"] = tuple(rows)
    reader.raise_if_problems()
    return fields


def read_asset_form(form: Mapping[str, Any], default_date: date, *, decimal_mark: str | None = None) -> dict[str, Any]:
    """An asset: item, value (more than zero), acquired_on (blank: today), source, notes."""
    reader = FormReader(form, decimal_mark=decimal_mark)
    fields = {
        "item": reader.name("item"),
        "value": reader.amount("value"),
        "acquired_on": _default(reader, "acquired_on", default_date),
        "source": reader.choice("source", AssetSource),
        "notes": reader.text("notes", max_length=500),
    }
    reader.raise_if_problems()
    return fields


def read_asset_status_form(form: Mapping[str, Any], default_date: date) -> dict[str, Any]:
    """A status change: status, date (blank: today), note."""
    reader = FormReader(form)
    fields = {
        "status": reader.choice("status", AssetStatus),
        "date": _default(reader, "date", default_date),
        "note": reader.text("note", max_length=500),
    }
    reader.raise_if_problems()
    return fields


def read_workers(rows: Sequence[Mapping[str, Any]]) -> tuple[Worker, ...]:
    """Worker rows {name, kind, member_id, paid, woman, young}; blank names with no
    member are skipped. Problems are named workers.<n>.<field>."""
    reader = FormReader({})
    workers = []
    for number, row in enumerate(rows or ()):
        if not str(row.get("name") or "").strip() and not row.get("member_id"):
            continue
        prefix = f"workers.{number}."
        row_reader = FormReader({prefix + k: v for k, v in row.items()})
        name = row_reader.name(prefix + "name")
        kind = row_reader.choice(prefix + "kind", WorkerKind, default=WorkerKind.FAMILY)
        reader.extend(row_reader.problems)
        if row_reader.ok and name is not None and kind is not None:  # ok: both read
            workers.append(Worker(
                name=name, kind=kind, member_id=row_reader.optional_id(prefix + "member_id"),
                paid=_flag(row.get("paid"), False), woman=_flag(row.get("woman"), False),
                young=_flag(row.get("young"), False),
            ))
    reader.raise_if_problems()
    return tuple(workers)
