"""services layer: see README.md. `Services` is the facade the UI and CLI hold."""

from .access import (
    EditConflictError,
    MemberInactiveError,
    NotAllowedError,
    SharingError,
    SignInRequiredError,
    UnknownMemberError,
)
from .backups import RestoreResult
from .context import Page
from .facade import Services
from .finance import EntryKind, MonthEntries
from .reporting import Dashboard, UpcomingInstalment
# the storage errors the UI meets, re-exported: the UI never imports storage
from ..storage.interfaces import ConflictError, NotFoundError, StorageError
from .signin import NoPinError, Session, SessionExpiredError, SignInLockedError, WrongPinError

__all__ = [
    "ConflictError",
    "Dashboard",
    "NotFoundError",
    "StorageError",
    "EditConflictError",
    "EntryKind",
    "MemberInactiveError",
    "MonthEntries",
    "NoPinError",
    "NotAllowedError",
    "Page",
    "RestoreResult",
    "Services",
    "Session",
    "SessionExpiredError",
    "SharingError",
    "SignInLockedError",
    "SignInRequiredError",
    "UnknownMemberError",
    "UpcomingInstalment",
    "WrongPinError",
]
