"""services layer: see README.md. `Services` is the facade the UI and CLI hold."""

from .backups import RestoreResult
from .context import Page
from .facade import Services
from .finance import EntryKind, MonthEntries
from .reporting import Dashboard, UpcomingInstalment

__all__ = ["Dashboard", "EntryKind", "MonthEntries", "Page", "RestoreResult", "Services", "UpcomingInstalment"]
