"""Small record makers for the storage tests (real domain records, fixed values),
and a clock the test sets by hand."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from smallshop.domain.models import (
    Audit,
    Customer,
    Expense,
    ExpenseCategory,
    Income,
    IncomeCategory,
    LineItem,
    Order,
)
from smallshop.domain.money import Money


def customer(n: int = 1, name: str = "Айгүл Асанова") -> Customer:
    return Customer(id=f"c{n:06d}", name=name, phone="+996 555 123 456",
                    created_on=date(2026, 1, 5))


def order(n: int = 1, day: date = date(2026, 11, 3), customer_id: str = "c000001") -> Order:
    return Order(id=f"o{n:06d}", customer_id=customer_id, order_date=day,
                 items=(LineItem("көйнөк", Decimal("1.5"), Money(125000)),),
                 due_date=date(2026, 11, 20), notes="бели 70",
                 audit=Audit(created_at=datetime(2026, 11, 3, 9, 30), created_by="m1"))


def income(n: int = 1, day: date = date(2026, 11, 3), amount: int = 50000,
           order_id: str | None = None) -> Income:
    return Income(id=f"i{n:06d}", date=day, amount=Money(amount),
                  category=IncomeCategory.ORDER_PAYMENT if order_id else IncomeCategory.WALK_IN_SALE,
                  order_id=order_id)


def expense(n: int = 1, day: date = date(2026, 11, 4)) -> Expense:
    return Expense(id=f"e{n:06d}", date=day, amount=Money(30000), category=ExpenseCategory.MATERIALS)


class Clock:
    """A store clock that shows `now` until the test moves it."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now
