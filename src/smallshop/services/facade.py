"""The one object the UI and the CLI hold: every operation a user can do.

    services = Services(store, clock=lambda: datetime.now(timezone.utc))
    order = services.orders.create(form, items, actor=member_id, deposit={"amount": "500"})

Built from a Store (the storage interface, never TinyDB itself) and a clock, so
tests pass a fixed clock and a store in a temporary folder.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Callable

from ..storage.interfaces import Store
from .assets import AssetService
from .backups import BackupService
from .caseworker_report import CaseworkerReportService
from .report_exports import ExportLog
from .context import Context
from .customers import CustomerService
from .debts import DebtService
from .finance import FinanceService
from .history import HistoryService
from .jobs import JobsService
from .members import MemberService
from .notes import NotesService
from .orders import OrderService
from .plan import PlanService
from .recycle import RecycleBinService
from .reporting import ReportingService
from .settings import SettingsService
from .signin import DEFAULT_SESSION_TIMEOUT, SignInService
from .signin_state import StateKeeper


class Services:
    """Customers, orders, finance, debts, reporting, settings, backups, the family's
    members, sign-in, history and recycle bin, and the business plan, assets, jobs and
    the month's notes for the caseworker over one store."""

    def __init__(
        self,
        store: Store,
        clock: Callable[[], datetime],
        reopen: Callable[[], Store] | None = None,
        session_timeout: timedelta = DEFAULT_SESSION_TIMEOUT,
        signin_keeper: StateKeeper | None = None,
        sharing_switch: Callable[[bool], None] | None = None,
        export_keeper: StateKeeper | None = None,
    ) -> None:
        """`signin_keeper` keeps lock-outs and revocations across restarts (a file in
        the data folder in the app); `sharing_switch(on)` remembers the Settings
        switch (app.py writes it beside the data)."""
        self.context = Context(store, clock)
        self.customers = CustomerService(self.context)
        self.orders = OrderService(self.context)
        self.finance = FinanceService(self.context)
        self.debts = DebtService(self.context)
        self.reporting = ReportingService(self.context, self.orders)
        self.signin = SignInService(self.context, timeout=session_timeout, keeper=signin_keeper)
        self.members = MemberService(self.context, sessions_ended=self.signin.sign_out_member)
        self.settings = SettingsService(self.context, self.members, sharing_switch=sharing_switch)
        self.backups = BackupService(self.context, reopen=reopen)
        self.history = HistoryService(self.context)
        self.bin = RecycleBinService(self.context)
        self.plan = PlanService(self.context)  # issue 15: what the caseworker follows
        self.assets = AssetService(self.context)
        self.jobs = JobsService(self.context)
        self.notes = NotesService(self.context)
        self.report = CaseworkerReportService(self.context, self.reporting, self.plan, self.assets, self.jobs,
                                              self.notes, ExportLog(export_keeper))

    def on_change(self, callback: Callable[[str, str, str | None], None]) -> Callable[[], None]:
        """`callback(kind, record_id, actor)` after every committed change (kinds: "order",
        "customer", "income", ..., "bin"); returns a function that stops the calls.
        Called on the saving thread after the commit: forward it (e.g. to Flet pubsub),
        never block in it."""
        return self.context.on_change(callback)

    @property
    def store(self) -> Store:
        return self.context.store

    @property
    def data_dir(self) -> Path:
        return self.context.store.data_dir

    def close(self) -> None:
        self.context.store.close()
