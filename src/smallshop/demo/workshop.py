"""Makes the demo workshop's records: one deterministic story from a seed and a day.

The same (seed, today, months) always gives the same records, ids included, so the
demo command, the tests and the benchmarks all see one business. About 125 orders a
month (a busy workshop: ten years make about 15,000 orders and 60,000 records).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta

from ..domain.debts import build_schedule
from ..domain.models import (
    Asset,
    AssetSource,
    AssetStatus,
    AssetStatusChange,
    Audit,
    BusinessPlan,
    BusinessProfile,
    CaseworkerTitle,
    Customer,
    Debt,
    DebtPurpose,
    Expense,
    ExpenseCategory,
    Frequency,
    Income,
    IncomeCategory,
    LenderType,
    LineItem,
    Member,
    MonthJobs,
    MonthNote,
    Order,
    OrderStatus,
    OwnerDraw,
    PaymentMethod,
    PlannedPurchase,
    Repayment,
    Role,
    Worker,
    WorkerKind,
)
from ..domain.money import Money
from ..domain.period import Month
from . import catalog as c

LOCAL_OFFSET = timedelta(hours=6)  # Kyrgyzstan, UTC+6, no daylight saving
ORDERS_PER_MONTH = 125
WALK_INS_PER_MONTH = 55
SEASON = {1: 0.8, 2: 0.85, 3: 1.15, 4: 1.0, 5: 1.05, 6: 1.0, 7: 1.05, 8: 1.35, 9: 1.0, 10: 1.0, 11: 1.0, 12: 1.15}


@dataclass
class _Ctx:
    rng: random.Random
    today: date
    members: list[Member] = field(default_factory=list)
    records: list[Any] = field(default_factory=list)

    def new_id(self) -> str:
        return f"{self.rng.getrandbits(128):032x}"

    def audit(self, day: date, by: Member | None = None) -> Audit:
        """Saved once, during working hours of `day` (local time)."""
        member = by or self.someone()
        moment = datetime.combine(day, time(self.rng.randint(8, 19), self.rng.randint(0, 59)))
        stamp = (moment - LOCAL_OFFSET).replace(tzinfo=timezone.utc)
        return Audit(created_at=stamp, created_by=member.id, updated_at=stamp, updated_by=member.id, version=1)

    def someone(self) -> Member:
        return self.rng.choices(self.members, weights=(5, 2, 2, 1))[0]

    def method(self, cash: float = 0.7, mobile: float = 0.25) -> PaymentMethod:
        roll = self.rng.random()
        if roll < cash:
            return PaymentMethod.CASH
        return PaymentMethod.MOBILE if roll < cash + mobile else PaymentMethod.BANK

    def som(self, low: int, high: int, step: int = 10) -> Money:
        return Money.som(self.rng.randrange(low // step, high // step + 1) * step)


def _round_to(amount: Money, step_som: int) -> Money:
    step = step_som * 100
    return Money(max(step, (amount.tyiyn + step // 2) // step * step))


# --- people ------------------------------------------------------------------
def _profile_and_members(ctx: _Ctx, first_day: date) -> None:
    for name, role in c.MEMBERS:
        member = Member(id=ctx.new_id(), name=name, role=Role(role), assignable=True)
        ctx.members.append(member)
    owner = ctx.members[0]
    ctx.members = [
        Member(id=m.id, name=m.name, role=m.role, audit=ctx.audit(first_day, owner)) for m in ctx.members
    ]
    ctx.records.extend(ctx.members)
    ctx.records.append(BusinessProfile(language="ky", caseworker_title=CaseworkerTitle.SOCIAL_WORKER,
                                       audit=ctx.audit(first_day, owner), **c.BUSINESS))


def _phone(rng: random.Random) -> str:
    prefix = rng.choice(c.MOBILE_PREFIXES)
    digits = f"{rng.randrange(1_000_000):06d}"
    if rng.random() < 0.5:
        return f"0{prefix} {digits[:3]} {digits[3:]}"
    return f"+996 {prefix} {digits[:2]} {digits[2:4]} {digits[4:]}"


def _customer(ctx: _Ctx, day: date) -> Customer:
    rng = ctx.rng
    russian = rng.random() < 0.15
    female = rng.random() < 0.85
    if russian:
        first = rng.choice(c.RU_FEMALE if female else c.RU_MALE)
        surname = rng.choice(c.RU_SURNAMES)
    else:
        first = rng.choice(c.KY_FEMALE if female else c.KY_MALE)
        surname = rng.choice(c.KY_SURNAMES)
    if female and not surname.endswith(("о", "Ким", "ко")):
        surname += "а"
    notes = ""
    if rng.random() < 0.6:
        template = c.RU_MEASURE if russian else c.KY_MEASURE
        height = rng.randint(150, 176)
        chest = rng.randint(84, 118)
        notes = template.format(height=height, chest=chest, waist=chest - rng.randint(12, 22), hips=chest + rng.randint(2, 12))
    return Customer(
        id=ctx.new_id(),
        name=f"{first} {surname}",
        phone=_phone(rng) if rng.random() < 0.92 else "",
        address=rng.choice(c.VILLAGES),
        notes=notes,
        created_on=day,
        audit=ctx.audit(day),
    )


# --- orders and their money -------------------------------------------------
def _items(ctx: _Ctx, month: int, russian: bool) -> tuple[tuple[LineItem, ...], int]:
    rng = ctx.rng
    weights = [(p[5] or {}).get(month, 1) for p in c.PRODUCTS]
    count = rng.choices((1, 2, 3), weights=(6, 3, 1))[0]
    items, lead = [], 1
    for product in rng.choices(c.PRODUCTS, weights=weights, k=count):
        ky, ru, (low, high), quantities, (fast, slow), _ = product
        step = 10 if high < 1000 else 50
        items.append(LineItem(description=ru if russian else ky, quantity=Decimal(rng.choice(quantities)),
                              unit_price=ctx.som(low, high, step)))
        lead = max(lead, rng.randint(fast, slow))
    return tuple(items), lead


def _income(ctx: _Ctx, day: date, amount: Money, order: Order, description: str = "") -> Income:
    return Income(
        id=ctx.new_id(), date=day, amount=amount, category=IncomeCategory.ORDER_PAYMENT,
        method=ctx.method(), order_id=order.id, customer_id=order.customer_id,
        description=description, audit=ctx.audit(day),
    )


def _order(ctx: _Ctx, day: date, customer: Customer, russian: bool) -> None:
    rng, today = ctx.rng, ctx.today
    items, lead = _items(ctx, day.month, russian)
    due = day + timedelta(days=lead)
    notes = rng.choice(c.ORDER_NOTES_RU if russian else c.ORDER_NOTES_KY) if rng.random() < 0.5 else ""
    order = Order(id=ctx.new_id(), customer_id=customer.id, order_date=day, items=items, due_date=due,
                  assignee_id=rng.choice(ctx.members).id, notes=notes, audit=ctx.audit(day))
    total = order.total
    records = ctx.records

    # cancelled soon after it was taken
    if rng.random() < 0.035:
        cancelled_on = min(today, day + timedelta(days=rng.randint(0, 5)))
        records.append(_with(order, status=OrderStatus.CANCELLED, cancelled_on=cancelled_on))
        return

    # material bought for this order (so the order has a profit)
    if total >= Money.som(1200) and rng.random() < 0.75:
        bought = min(today, day + timedelta(days=rng.randint(0, 2)))
        what = items[0].description
        records.append(Expense(
            id=ctx.new_id(), date=bought, amount=_round_to(total * Decimal(rng.randint(35, 55)) * Decimal("0.01"), 10),
            category=ExpenseCategory.MATERIALS, method=ctx.method(0.8, 0.2), order_id=order.id,
            description=rng.choice(c.MATERIAL_FOR_ORDER).format(what=what), audit=ctx.audit(bought),
        ))

    paid = Money(0)
    if total >= Money.som(600) and rng.random() < 0.72:
        deposit = _round_to(total * Decimal(rng.randint(30, 50)) * Decimal("0.01"), 100).min(total)
        records.append(_income(ctx, day, deposit, order, "Алдын ала төлөм"))
        paid = deposit
    if total >= Money.som(3000) and lead >= 6 and rng.random() < 0.3:  # a second part while it is sewn
        midway = day + timedelta(days=rng.randint(2, lead - 4))
        part = _round_to((total - paid) * Decimal("0.4"), 100).min(total - paid)
        if midway < today and part.is_positive:
            records.append(_income(ctx, midway, part, order, "Тигилип жатканда төлөдү"))
            paid += part

    # when it is finished: mostly around the due date, a few get stuck
    delay = rng.randint(-3, 4) if rng.random() > 0.02 else rng.randint(15, 40)
    finished = max(day, due + timedelta(days=delay))
    if finished > today:
        elapsed = (today - day).days / max(1, lead)
        status = OrderStatus.NEW if elapsed < 0.2 else OrderStatus.IN_PROGRESS if elapsed < 0.8 else OrderStatus.READY
        records.append(_with(order, status=status))
        return
    records.append(_with(order, status=OrderStatus.DELIVERED, delivered_on=finished))

    rest = total - paid
    if rest.is_zero:
        return
    roll = rng.random()
    if roll < 0.88:
        records.append(_income(ctx, finished, rest, order))
    elif roll < 0.95:
        part = _round_to(rest * Decimal("0.5"), 50).min(rest)
        records.append(_income(ctx, finished, part, order))
        later = finished + timedelta(days=rng.randint(10, 60))
        if later <= today and part < rest:
            records.append(_income(ctx, later, rest - part, order, "Калган карызы"))
    else:  # paid later; a few of the last year's are still owed today
        later = finished + timedelta(days=rng.randint(5, 90))
        long_ago = (today - finished).days > 365
        if later <= today and (long_ago or rng.random() < 0.7):
            records.append(_income(ctx, later, rest, order, "Карызын төлөдү"))


def _with(order: Order, **changes: Any) -> Order:
    from dataclasses import replace

    return replace(order, **changes)


# --- the rest of a month's money ----------------------------------------------
def _month_money(ctx: _Ctx, month: Month) -> None:
    rng, records = ctx.rng, ctx.records
    last = min(month.last_day, ctx.today)
    days = (last - month.first_day).days + 1

    def day_in_month() -> date:
        return month.first_day + timedelta(days=rng.randrange(days))

    for _ in range(int(rng.gauss(WALK_INS_PER_MONTH, 6) * days / 30)):
        description, (low, high) = rng.choice(c.WALK_IN)
        when = day_in_month()
        records.append(Income(id=ctx.new_id(), date=when, amount=ctx.som(low, high), category=IncomeCategory.WALK_IN_SALE,
                              method=ctx.method(0.8, 0.2), description=description, audit=ctx.audit(when)))
    for category, description, (low, high), times in c.RECURRING_EXPENSES:
        for _ in range(times):
            when = day_in_month() if category not in ("rent", "utilities") else min(last, month.first_day + timedelta(days=rng.randint(3, 9)))
            records.append(Expense(id=ctx.new_id(), date=when, amount=ctx.som(low, high), category=ExpenseCategory(category),
                                   method=ctx.method(0.75, 0.2), description=description, audit=ctx.audit(when, ctx.members[0])))
    for category, description, (low, high), chance in c.OCCASIONAL_EXPENSES:
        if rng.random() < chance:
            when = day_in_month()
            records.append(Expense(id=ctx.new_id(), date=when, amount=ctx.som(low, high, 50), category=ExpenseCategory(category),
                                   method=ctx.method(0.9, 0.1), description=description, audit=ctx.audit(when, ctx.members[0])))
    for _ in range(rng.randint(3, 5) if days > 20 else rng.randint(1, 2)):
        when = day_in_month()
        records.append(OwnerDraw(id=ctx.new_id(), date=when, amount=ctx.som(2000, 7000, 500), method=ctx.method(0.85, 0.15),
                                 description=rng.choice(c.DRAW_NOTES), audit=ctx.audit(when, ctx.members[0])))


# --- debts ----------------------------------------------------------------------
def _debts(ctx: _Ctx) -> None:
    """Two debts: relatives (the plane ticket home and her mother's treatment: migration
    travel, no interest; exactly one instalment missed) and a microfinance lender
    (business: the overlock and a fourth machine; flat interest, monthly on the last day)."""
    rng, today, owner = ctx.rng, ctx.today, ctx.members[0]
    ten_months_ago = today - relativedelta(months=10)
    relatives_start = ten_months_ago.replace(day=20)
    relatives_first = (relatives_start + relativedelta(months=1)).replace(day=15)
    relatives = _debt(ctx, "Бакыт Ташиев (агасы)", Money.som(60000), Money(0), relatives_start, relatives_first,
                      DebtPurpose.MIGRATION, "Москвадан учак билети жана апамдын дарылануусу үчүн",
                      LenderType.RELATIVES)
    lender_start = (today - relativedelta(months=7)).replace(day=10)
    # due on the 31st: short months clamp to their last day (30th, 28th/29th)
    lender_first = (lender_start + relativedelta(months=1)).replace(day=1) + relativedelta(day=31)
    if lender_first.day != 31:
        lender_first = lender_first + relativedelta(months=1, day=31)
    lender = _debt(ctx, "МФК «Береке Кредит»", Money.som(80000), Money.som(14400), lender_start, lender_first,
                   DebtPurpose.BUSINESS, "Оверлок жана төртүнчү тигүү машинасы", LenderType.MICROFINANCE)

    due_before = [i for i in relatives.schedule if i.due_date < today]
    for number, instalment in enumerate(due_before[:-1]):  # the last one due is missed
        paid_on = min(today - timedelta(days=1), instalment.due_date + timedelta(days=rng.randint(-3, 5)))
        ctx.records.append(Repayment(id=ctx.new_id(), debt_id=relatives.id, date=max(relatives_start, paid_on),
                                     amount=instalment.amount, method=ctx.method(0.6, 0.4),
                                     note="Агама берилди", audit=ctx.audit(paid_on, owner)))
    for instalment in lender.schedule:
        if instalment.due_date > today:
            break
        paid_on = max(lender_start, instalment.due_date - timedelta(days=rng.randint(0, 3)))
        ctx.records.append(Repayment(id=ctx.new_id(), debt_id=lender.id, date=paid_on, amount=instalment.amount,
                                     method=PaymentMethod.BANK, note="Ай сайынкы төлөм", audit=ctx.audit(paid_on, owner)))


def _debt(ctx: _Ctx, lender: str, principal: Money, interest: Money, start: date, first_due: date,
          purpose: DebtPurpose, notes: str, lender_type: LenderType) -> Debt:
    schedule = build_schedule(principal, interest, first_due, Frequency.MONTHLY, 12)
    debt = Debt(id=ctx.new_id(), lender=lender, principal=principal, start_date=start, first_due_date=first_due,
                frequency=Frequency.MONTHLY, instalment_count=12, purpose=purpose, interest=interest,
                lender_type=lender_type, schedule=schedule, notes=notes, audit=ctx.audit(start, ctx.members[0]))
    ctx.records.append(debt)
    return debt


# --- the whole story -------------------------------------------------------------
def build(months: int, seed: int, today: date) -> list[Any]:
    ctx = _Ctx(rng=random.Random(seed), today=today)
    span = Month.of(today).back(months)
    first_day = span[0].first_day
    _profile_and_members(ctx, first_day)
    rng = ctx.rng
    customers = [_customer(ctx, first_day + timedelta(days=rng.randrange(0, 20))) for _ in range(40)]
    customers.sort(key=lambda cu: cu.created_on)
    ctx.records.extend(customers)
    russian = {cu.id for cu in customers if not _is_kyrgyz(cu.name)}
    for month in span:
        last = min(month.last_day, today)
        days = (last - month.first_day).days + 1
        count = max(1, round(rng.gauss(ORDERS_PER_MONTH * SEASON[month.month], 8) * days / month.last_day.day))
        for day in sorted(month.first_day + timedelta(days=rng.randrange(days)) for _ in range(count)):
            if rng.random() < 0.12 or not customers:
                customer = _customer(ctx, day)
                customers.append(customer)
                ctx.records.append(customer)
                if not _is_kyrgyz(customer.name):
                    russian.add(customer.id)
            else:
                customer = rng.choice(customers)
            _order(ctx, day, customer, customer.id in russian)
        _month_money(ctx, month)
    _debts(ctx)
    _programme(ctx, span)  # last, so the records above stay what they were before issue 15
    return ctx.records


# --- what the programme follows (issue 15) ------------------------------------------
def _programme(ctx: _Ctx, span: list[Month]) -> None:
    """The plan made with the caseworker a month before the first month of data, the
    three sewing machines and the iron the programme gave, what she bought herself or
    with the microfinance loan (one machine broke and was repaired, the iron broke this
    autumn), who worked each month (the mother, her three daughters, a neighbour
    seamstress and a cutter paid by the piece) confirmed for every month but the
    current one, and notes for the caseworker in the last months."""
    today, owner = ctx.today, ctx.members[0]
    started = (span[0].first_day - relativedelta(months=1)).replace(day=14)
    delivered = started + timedelta(days=10)
    ctx.records.append(BusinessPlan(
        assistance_started=started, sales_target=Money.som(c.SALES_TARGET), profit_target=Money.som(c.PROFIT_TARGET),
        purchases=tuple(PlannedPurchase(item, Money.som(som), Month.of(started + relativedelta(months=after)))
                        for item, som, after in c.PLANNED),
        audit=ctx.audit(started, owner)))

    def asset(item: str, som: int, on: date, source: AssetSource, *changes: AssetStatusChange) -> None:
        changes = tuple(ch for ch in changes if on <= ch.date <= today)
        ctx.records.append(Asset(id=ctx.new_id(), item=item, value=Money.som(som), acquired_on=on, source=source,
                                 changes=changes, audit=ctx.audit(max([on, *(ch.date for ch in changes)]), owner)))

    repaired = today - relativedelta(months=3)
    for number, (item, som) in enumerate(c.GRANT_ITEMS):
        if number == 1:  # the second machine broke and came back from repair a week later
            asset(item, som, delivered, AssetSource.GRANT,
                  AssetStatusChange(repaired - timedelta(days=7), AssetStatus.BROKEN, "Мотору күйүп кетти"),
                  AssetStatusChange(repaired, AssetStatus.IN_USE, "Оңдотулду"))
        elif item == "Буу үтүк":
            asset(item, som, delivered, AssetSource.GRANT,
                  AssetStatusChange(today - timedelta(days=20), AssetStatus.BROKEN, "Ысыбай калды"))
        else:
            asset(item, som, delivered, AssetSource.GRANT)
    for item, som in c.OWN_ITEMS:
        asset(item, som, min(today, delivered + relativedelta(months=1)), AssetSource.OWN)
    loan_day = (today - relativedelta(months=7)).replace(day=10)  # the microfinance debt's start (see _debts)
    if loan_day >= delivered:
        for item, som in c.LOAN_ITEMS:
            asset(item, som, loan_day + timedelta(days=2), AssetSource.LOAN)

    members = ctx.members
    for month in span[:-1]:
        workers = tuple(
            Worker(name=name, kind=WorkerKind.FAMILY if index is not None else WorkerKind.HIRED,
                   member_id=members[index].id if index is not None else None, paid=paid, woman=woman, young=young)
            for index, name, paid, woman, young in c.WORKERS)
        ctx.records.append(MonthJobs(id=str(month), month=month, workers=workers,
                                     audit=ctx.audit(min(today, month.last_day), owner)))
    for month, text in zip(span[-1 - len(c.NOTES):-1], c.NOTES):
        ctx.records.append(MonthNote(id=str(month), month=month, text=text,
                                     audit=ctx.audit(min(today, month.last_day), owner)))


def _is_kyrgyz(name: str) -> bool:
    first = name.split()[0]
    return first in c.KY_FEMALE or first in c.KY_MALE
