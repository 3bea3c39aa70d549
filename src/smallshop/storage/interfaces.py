"""What the rest of smallshop may know about storage: repositories, transactions,
and the errors a user can meet. Nothing outside storage/ imports tinydb.

Guarantees every implementation keeps:
- a transaction that returned is on disk (fsync'd) and all-or-nothing across files;
- one lock serialises every read-modify-write of a store, so concurrent sessions
  of one process never lose an update; reads never see half a transaction;
- `put` with `expected_version` refuses a stale write (ConflictError).
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import date
from pathlib import Path
from typing import Any, Generic, Iterable, Protocol, TypeVar

from ..domain.models import (
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
from ..domain.history import BinEntry, HistoryEntry

R = TypeVar("R")
T = TypeVar("T")  # a record passed through (put returns the record as stored)


class StorageError(Exception):
    """Base of errors a user can meet; `key`/`params` translate the message."""

    key = "storage.error"

    def __init__(self, message: str = "", **params: Any) -> None:
        super().__init__(message or self.key)
        self.params = params


class StoreLockedError(StorageError):
    """Another smallshop process already has this data folder open."""

    key = "storage.locked"  # params: folder


class StoreDamagedError(StorageError):
    """A data file cannot be read. It is left untouched; `backup` can restore it."""

    key = "storage.damaged"  # params: file, backup (may be None -> storage.damaged_no_backup)


class DiskWriteError(StorageError):
    """The disk refused a write (full, read-only...). Nothing was changed."""

    key = "storage.write_failed"  # params: file, reason


class DataFolderError(DiskWriteError):
    """The data folder cannot be created or used (not a folder, no permission...)."""

    key = "storage.folder_unusable"  # params: folder, reason


class ReadOnlyFolderError(DataFolderError):
    """The data folder cannot be written (a failing disk remounted read-only, a
    locked SD card...). `open_store(..., read_only=True)` still reads it, so a
    rescue backup can be made elsewhere."""

    key = "storage.read_only"  # params: folder, reason


class ConflictError(StorageError):
    """Someone saved this record after you opened it. Reload and redo your edit."""

    key = "storage.conflict"  # params: record_id, updated_by, updated_at


class NotFoundError(StorageError):
    key = "storage.not_found"  # params: record_id


class StoreTooNewError(StorageError):
    """The data folder was written by a newer smallshop (higher schema version)."""

    key = "storage.too_new"  # params: folder, version


class StoreClosedError(StorageError):
    """The store was closed (e.g. during a restore); reopen it."""

    key = "storage.closed"  # params: folder


class InvalidBackupError(StorageError):
    """A file or folder offered for restore would not open; nothing was replaced.

    `why` names what is wrong and picks the message (storage.backup.<why>, e.g.
    too_new, damaged_member, too_big, empty, other_business); without it the
    generic storage.invalid_backup. params: file, reason (English detail for the
    log) and the why's own (member, version, limit, kind, expected, found...)."""

    def __init__(self, message: str = "", *, why: str | None = None, **params: Any) -> None:
        super().__init__(message, **params)
        self._why = why

    @property
    def why(self) -> str | None:
        return self._why

    @property
    def key(self) -> str:  # type: ignore[override]  # a property, so the translator's params never hold "key"
        return f"storage.backup.{self._why}" if self._why else "storage.invalid_backup"


class Repository(Protocol, Generic[R]):
    """Read access to one kind of record (reads are served from memory)."""

    def get(self, record_id: str) -> R | None: ...

    def all(self) -> list[R]: ...

    def between(self, start: date, end: date) -> list[R]:
        """Records whose own date (Order.order_date, Income.date, ...) is in
        [start, end]. Undated kinds return all()."""
        ...

    def where(self, field: str, value: Any) -> list[R]:
        """Records whose link `field` is `value` (an index lookup, never a scan)."""
        ...

    def __len__(self) -> int: ...


class Transaction(Protocol):
    def put(self, record: T, *, expected_version: int | None = None) -> T:
        """Insert or replace `record` (matched by type and id). Returns the record
        as stored, with audit.version bumped. With expected_version, raises
        ConflictError when the stored version differs."""
        ...

    def delete(self, kind: type, record_id: str, *, expected_version: int | None = None) -> None: ...


class Store(Protocol):
    data_dir: Path
    customers: Repository[Customer]
    members: Repository[Member]
    orders: Repository[Order]
    incomes: Repository[Income]
    refunds: Repository[Refund]  # money given back to customers (issue 11)
    expenses: Repository[Expense]
    draws: Repository[OwnerDraw]
    debts: Repository[Debt]
    repayments: Repository[Repayment]
    profiles: Repository[BusinessProfile]
    plans: Repository[BusinessPlan]  # issue 15: one business plan ("plan")
    assets: Repository[Asset]  # the asset register
    job_months: Repository[MonthJobs]  # who worked, per month (id "YYYY-MM")
    month_notes: Repository[MonthNote]  # the owner's notes to the caseworker (id "YYYY-MM")
    history: Repository[HistoryEntry]  # append-only, dated by `day` (one file per month)
    bin: Repository[BinEntry]  # the recycle bin

    def transaction(self) -> AbstractContextManager[Transaction]:
        """Atomic, durable, serialised. On exception inside, nothing changes."""
        ...

    def reading(self) -> AbstractContextManager[Any]:
        """Hold the store's lock across several reads: no save lands in between."""
        ...

    def bulk_load(self, records: Iterable[Any]) -> int:
        """Fast initial import (demo data, restore): writes each file once."""
        ...

    def backup(self, destination: Path | None = None, *, reason: str = "manual") -> Path:
        """A consistent backup file; default location is the rotating backups folder."""
        ...

    def counts(self) -> dict[str, int]:
        """How many records of each kind."""
        ...

    def backup_status(self) -> dict[str, Any]:
        """The last daily backup, why the last one failed, the second backup folder."""
        ...

    def set_backup_copy_folder(self, folder: Path | None) -> None:
        """Choose (None: forget) the folder every daily backup is also copied to."""
        ...

    def close(self) -> None: ...
