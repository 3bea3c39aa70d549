"""services layer: see README.md. `Services` is the facade the UI and CLI hold."""

from .context import Page
from .facade import Services
from .finance import EntryKind, MonthEntries

__all__ = ["EntryKind", "MonthEntries", "Page", "Services"]
