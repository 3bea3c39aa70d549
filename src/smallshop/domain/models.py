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
from .period import Month


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
    """What the borrowed money was for. Migration travel and health are the debts
    reintegration programmes watch (issue 15); debts saved before schema 4 keep
    business or household."""

    BUSINESS = "business"  # productive
    HOUSEHOLD = "household"
    MIGRATION = "migration"  # the trip abroad for work: tickets, recruiter, documents
    HEALTH = "health"
    EDUCATION = "education"
    OTHER = "other"


class LenderType(StrEnum):
    """Who lent the money (issue 15). Debts saved before schema 4 are "other"."""

    RELATIVES = "relatives"  # relatives, neighbours, friends
    MICROFINANCE = "microfinance"
    BANK = "bank"
    SHOP_CREDIT = "shop_credit"  # goods taken on credit from a shop or supplier
    OTHER = "other"


class Frequency(StrEnum):
    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"


class CaseworkerTitle(StrEnum):
    """How the programme calls the person who follows the family (the report's signature line)."""

    SOCIAL_WORKER = "social_worker"
    CASE_MANAGER = "case_manager"
    CONSULTANT = "consultant"


class AssetSource(StrEnum):
    GRANT = "grant"  # received from the reintegration programme
    OWN = "own"  # bought with the owner's own money (her contribution)
    LOAN = "loan"  # bought with borrowed money


class AssetStatus(StrEnum):
    IN_USE = "in_use"
    BROKEN = "broken"
    SOLD = "sold"
    LOST = "lost"


class WorkerKind(StrEnum):
    FAMILY = "family"  # a family member (usually from the members list)
    HIRED = "hired"  # someone from outside the family


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
    lender_type: LenderType = LenderType.OTHER  # schema 4; older debts are "other"
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
    programme_name: str = ""  # the reintegration programme that assisted the business
    caseworker_title: CaseworkerTitle = CaseworkerTitle.SOCIAL_WORKER
    audit: Audit = field(default_factory=Audit)


# --- what was agreed with the caseworker, and what the business has (issue 15) ---
@dataclass(frozen=True, slots=True)
class PlannedPurchase:
    item: str
    amount: Money
    month: Month  # when the purchase is planned


@dataclass(frozen=True, slots=True)
class BusinessPlan:
    """One per data folder (id "plan"): the business plan drawn up with the caseworker.
    Targets are per month; None = not set."""

    id: str = "plan"
    assistance_started: date | None = None  # when the programme's assistance began
    sales_target: Money | None = None  # monthly income from sales
    profit_target: Money | None = None  # monthly profit
    purchases: tuple[PlannedPurchase, ...] = ()
    audit: Audit = field(default_factory=Audit)


@dataclass(frozen=True, slots=True)
class AssetStatusChange:
    date: date  # from this day on the asset has `status`
    status: AssetStatus
    note: str = ""


@dataclass(frozen=True, slots=True)
class Asset:
    """Equipment the business has: received from the programme or bought. In use from
    `acquired_on` until its first dated change (`changes`, oldest first)."""

    id: str
    item: str
    value: Money
    acquired_on: date
    source: AssetSource
    changes: tuple[AssetStatusChange, ...] = ()
    notes: str = ""
    audit: Audit = field(default_factory=Audit)


@dataclass(frozen=True, slots=True)
class Worker:
    """One person who worked in the business in a month."""

    name: str
    kind: WorkerKind = WorkerKind.FAMILY
    member_id: str | None = None  # when the person is in the members list
    paid: bool = False
    woman: bool = False
    young: bool = False  # 18 to 35 years old (domain.jobs.YOUNG_AGES)


@dataclass(frozen=True, slots=True)
class MonthJobs:
    """Who worked in the business in a month, as confirmed by the owner (id = "YYYY-MM")."""

    id: str
    month: Month
    workers: tuple[Worker, ...] = ()
    audit: Audit = field(default_factory=Audit)


@dataclass(frozen=True, slots=True)
class MonthNote:
    """The owner's notes to the caseworker for one month (id = "YYYY-MM")."""

    id: str
    month: Month
    text: str = ""
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
    BusinessPlan,
    Asset,
    MonthJobs,
    MonthNote,
)
