"""The one object the UI and the CLI hold: every operation a user can do.

    services = Services(store, clock=lambda: datetime.now(timezone.utc))
    order = services.orders.create(form, items, actor=member_id, deposit={"amount": "500"})

Built from a Store (the storage interface, never TinyDB itself) and a clock, so
tests pass a fixed clock and a store in a temporary folder.
"""

from __future__ import annotations

from datetime import datetime
from typing import Callable

from ..storage.interfaces import Store
from .backups import BackupService
from .context import Context
from .customers import CustomerService
from .debts import DebtService
from .finance import FinanceService
from .orders import OrderService
from .reporting import ReportingService
from .settings import SettingsService


class Services:
    """Customers, orders, finance, debts, reporting, settings and backups over one store."""

    def __init__(
        self,
        store: Store,
        clock: Callable[[], datetime],
        reopen: Callable[[], Store] | None = None,
    ) -> None:
        self.context = Context(store, clock)
        self.customers = CustomerService(self.context)
        self.orders = OrderService(self.context)
        self.finance = FinanceService(self.context)
        self.debts = DebtService(self.context)
        self.reporting = ReportingService(self.context, self.orders)
        self.settings = SettingsService(self.context)
        self.backups = BackupService(self.context, reopen=reopen)

    @property
    def store(self) -> Store:
        return self.context.store

    @property
    def data_dir(self):
        return self.context.store.data_dir

    def close(self) -> None:
        self.context.store.close()
