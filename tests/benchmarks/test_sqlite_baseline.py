"""The SQLite baseline answers the same questions correctly, so the comparison is honest."""

from __future__ import annotations

import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from smallshop.domain.models import (
    Customer, Expense, ExpenseCategory, Income, IncomeCategory, LineItem, Order, OrderStatus,
    OwnerDraw, PaymentMethod,
)
from smallshop.domain.money import Money

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import sqlite_baseline  # noqa: E402


@pytest.fixture
def db(tmp_path):
    """A baseline database of two customers, three orders and a month of money."""
    aigul = Customer(id="c1", name="Асанова Айгуль", phone="0555 123 456")
    maria = Customer(id="c2", name="Петрова Мария")
    sheet = (LineItem("Постельное бельё", Decimal(1), Money.som(2500)),)
    records = [
        aigul, maria,
        Order(id="o1", customer_id="c1", order_date=date(2026, 10, 3), items=sheet),
        Order(id="o2", customer_id="c2", order_date=date(2026, 11, 5), items=sheet,
              status=OrderStatus.DELIVERED, delivered_on=date(2026, 11, 20), notes="ткань бязь"),
        Order(id="o3", customer_id="c1", order_date=date(2026, 11, 9),
              items=(LineItem("Платье", Decimal(2), Money.som(900)),)),
        Income(id="i1", date=date(2026, 11, 5), amount=Money.som(1000), category=IncomeCategory.ORDER_PAYMENT),
        Income(id="i2", date=date(2026, 11, 30), amount=Money.som("250.50"), category=IncomeCategory.WALK_IN_SALE,
               method=PaymentMethod.MOBILE),
        Income(id="i3", date=date(2026, 12, 1), amount=Money.som(7), category=IncomeCategory.WALK_IN_SALE),
        Expense(id="e1", date=date(2026, 11, 2), amount=Money.som(300), category=ExpenseCategory.MATERIALS),
        OwnerDraw(id="d1", date=date(2026, 11, 15), amount=Money.som(500)),
    ]
    path = tmp_path / "base.sqlite"
    assert sqlite_baseline.build_database(records, path) == len(records)
    conn = sqlite_baseline.connect(path)
    yield conn
    conn.close()


def test_list_is_newest_first_with_customer_names(db):
    total, rows = sqlite_baseline.list_orders(db, limit=2)
    assert total == 3
    assert [(order["id"], name) for order, name in rows] == [("o3", "Асанова Айгуль"), ("o2", "Петрова Мария")]


@pytest.mark.parametrize("text, ids", [
    ("асанова", ["o3", "o1"]),  # customer name, any case, Cyrillic
    ("БЯЗЬ", ["o2"]),  # notes
    ("платье", ["o3"]),  # items
    ("123 456", ["o3", "o1"]),  # phone
    ("нет такого", []),
])
def test_search_matches_names_items_notes_any_case(db, text, ids):
    total, rows = sqlite_baseline.search_orders(db, text)
    assert total == len(ids)
    assert [order["id"] for order, _ in rows] == ids


def test_month_aggregate_sums_only_that_month(db):
    figures = sqlite_baseline.month_aggregate(db, "2026-11-01", "2026-11-30")
    assert figures["income_by_category"] == {"order_payment": 100000, "walk_in_sale": 25050}
    assert figures["income_by_method"] == {"cash": 100000, "mobile": 25050}
    assert figures["expenses_by_category"] == {"materials": 30000}
    assert figures["draws"] == 50000
    assert (figures["orders_taken"], figures["orders_delivered"]) == (2, 1)


def test_save_and_edit_are_committed(db, tmp_path):
    sqlite_baseline.save_income(db, date(2026, 11, 28), 1)
    sqlite_baseline.edit_order(db, "o1", 7)
    other = sqlite_baseline.connect(tmp_path / "base.sqlite")  # a second connection sees both
    assert other.execute("SELECT COUNT(*) FROM incomes").fetchone()[0] == 4
    assert sqlite_baseline.search_orders(other, "benchmark edit 7")[0] == 1
    other.close()
