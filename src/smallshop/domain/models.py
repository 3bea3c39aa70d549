"""The business records: immutable values, changed by making new ones.

Every stored record has a string `id` and an `audit` (who/when/version). Ids are
made by the services (uuid4 hex); versions are bumped by the store on each save
and checked so a second family member cannot silently overwrite the first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from .money import ZERO, Money


# --- enums (values are stable storage/JSON codes and translation key suffixes) ---
class OrderStatus(StrEnum):
    NEW = "new"
    IN_PROGRESS = "in_progress"
    READY = "ready"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"


class PaymentMethod(StrEnum):
    CASH = "cash"
    MOBILE = "mobile"  # mobile money (e.g. MBank, O!Dengi, Elsom)
    BANK = "bank"


class IncomeCategory(StrEnum):
    ORDER_PAYMENT = "order_payment"  # deposit or payment against an order
    WALK_IN_SALE = "walk_in_sale"  # sold on the spot, no order
    OTHER = "other"


class ExpenseCategory(StrEnum):
    MATERIALS = "materials"  # fabric, thread, buttons
    EQUIPMENT = "equipment"  # equipment & repairs
    RENT = "rent"
    UTILITIES = "utilities"
    TRANSPORT = "transport"
    WAGES = "wages"
    OTHER = "other"


class DebtPurpose(StrEnum):
    BUSINESS = "business"  # productive
    HOUSEHOLD = "household"


class Frequency(StrEnum):
    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"


class Role(StrEnum):
    OWNER = "owner"
    HELPER = "helper"


@dataclass(frozen=True, slots=True)
class Audit:
    """Who made and last changed a record, and its version (0 = never saved)."""

    created_at: datetime | None = None
    created_by: str | None = None  # member id
    updated_at: datetime | None = None
    updated_by: str | None = None
    version: int = 0


# --- people ------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Customer:
    id: str
    name: str
    phone: str = ""
    address: str = ""  # village / street
    notes: str = ""  # e.g. body measurements
    created_on: date | None = None  # first contact; "new customers" in a month
    audit: Audit = field(default_factory=Audit)


@dataclass(frozen=True, slots=True)
class Member:
    """A family member who uses the app and can be assigned orders."""

    id: str
    name: str
    role: Role = Role.HELPER
    assignable: bool = True
    active: bool = True
    pin_hash: str | None = field(default=None, repr=False)  # salted slow hash; never exported nor logged
    audit: Audit = field(default_factory=Audit)


# --- orders ------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class LineItem:
    description: str
    quantity: Decimal
    unit_price: Money

    @property
    def total(self) -> Money:
        return self.unit_price * self.quantity


@dataclass(frozen=True, slots=True)
class Order:
    id: str
    customer_id: str
    order_date: date
    items: tuple[LineItem, ...]
    status: OrderStatus = OrderStatus.NEW
    due_date: date | None = None
    assignee_id: str | None = None  # Member.id
    notes: str = ""  # measurements, fabric
    delivered_on: date | None = None
    cancelled_on: date | None = None
    audit: Audit = field(default_factory=Audit)

    @property
    def total(self) -> Money:
        return Money.total(item.total for item in self.items)


# --- money in and out --------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Income:
    """Money received: a deposit/payment on an order, or a walk-in sale."""

    id: str
    date: date
    amount: Money
    category: IncomeCategory
    method: PaymentMethod = PaymentMethod.CASH
    order_id: str | None = None
    customer_id: str | None = None
    description: str = ""
    audit: Audit = field(default_factory=Audit)


@dataclass(frozen=True, slots=True)
class Refund:
    """Money given back to a customer: a cancelled order's deposit, an overpayment.

    Against an order (`order_id`, the customer follows the order) or against a
    customer's money paid on account (`customer_id` only). It lowers income in
    its own month and never rewrites the month the money came in.
    """

    id: str
    date: date
    amount: Money
    method: PaymentMethod = PaymentMethod.CASH
    order_id: str | None = None
    customer_id: str | None = None
    description: str = ""
    audit: Audit = field(default_factory=Audit)


@dataclass(frozen=True, slots=True)
class Expense:
    id: str
    date: date
    amount: Money
    category: ExpenseCategory
    method: PaymentMethod = PaymentMethod.CASH
    order_id: str | None = None  # a material bought for one order -> order profit
    description: str = ""
    audit: Audit = field(default_factory=Audit)


@dataclass(frozen=True, slots=True)
class OwnerDraw:
    """Money the owner took home for the household: not an expense."""

    id: str
    date: date
    amount: Money
    method: PaymentMethod = PaymentMethod.CASH
    description: str = ""
    audit: Audit = field(default_factory=Audit)


# --- debts the owner has -----------------------------------------------------
@dataclass(frozen=True, slots=True)
class Instalment:
    due_date: date
    amount: Money


@dataclass(frozen=True, slots=True)
class Debt:
    """Money the entrepreneur borrowed. `schedule` is stored as rows, made once
    from the terms by domain.debts.build_schedule (and only remade while no
    repayment exists)."""

    id: str
    lender: str
    principal: Money
    start_date: date  # when the money was received
    first_due_date: date
    frequency: Frequency
    instalment_count: int
    purpose: DebtPurpose
    interest: Money = ZERO  # flat interest: total added over the whole loan
    schedule: tuple[Instalment, ...] = ()
    notes: str = ""
    audit: Audit = field(default_factory=Audit)

    @property
    def total_due(self) -> Money:
        return self.principal + self.interest


@dataclass(frozen=True, slots=True)
class Repayment:
    id: str
    debt_id: str
    date: date
    amount: Money
    method: PaymentMethod = PaymentMethod.CASH
    note: str = ""
    audit: Audit = field(default_factory=Audit)


# --- settings ----------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class BusinessProfile:
    """One per data folder: who the business is, for the report header."""

    id: str = "profile"
    business_name: str = ""
    owner_name: str = ""
    location: str = ""
    caseworker_name: str = ""
    case_id: str = ""
    language: str = "ky"
    audit: Audit = field(default_factory=Audit)


RECORD_TYPES: tuple[type, ...] = (
    Customer,
    Member,
    Order,
    Income,
    Refund,
    Expense,
    OwnerDraw,
    Debt,
    Repayment,
    BusinessProfile,
)
