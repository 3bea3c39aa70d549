"""Fixtures for the services tests: a real TinyDB store in a temporary folder,
a clock the test can move, and a customer and a member to hang records on."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from smallshop.services import Services
from smallshop.storage.tinydb_store import open_store

TODAY = date(2026, 11, 20)


class Clock:
    """A clock that stands still until the test moves it."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


@pytest.fixture
def clock():
    """08:00 UTC on TODAY."""
    return Clock(datetime(TODAY.year, TODAY.month, TODAY.day, 8, 0, tzinfo=timezone.utc))


@pytest.fixture
def data_dir(tmp_path):
    """An empty data folder."""
    return tmp_path / "data"


@pytest.fixture
def services(data_dir, clock):
    """Services over a fresh store in data_dir (restore can reopen it)."""
    store = open_store(data_dir, clock=clock, backups=False)
    services = Services(store, clock=clock, reopen=lambda: open_store(data_dir, clock=clock, backups=False))
    yield services
    services.close()


@pytest.fixture
def owner(services):
    """The owner, as a member."""
    return services.settings.add_member({"name": "Гүлзат Ташиева", "role": "owner"}, actor=None)


@pytest.fixture
def customer(services, owner):
    """A customer made by the owner."""
    return services.customers.create(
        {"name": "Айгүл Осмонова", "phone": "0555 123 456", "address": "Кара-Дарыя", "notes": "Бою 164"},
        actor=owner.id,
    )


def count_all(services) -> int:
    """Every record in the store, to prove a refused operation saved nothing."""
    store = services.store
    return sum(
        len(getattr(store, name))
        for name in ("customers", "members", "orders", "incomes", "refunds", "expenses", "draws", "debts", "repayments",
                     "profiles", "plans", "assets", "job_months", "month_notes")
    )
