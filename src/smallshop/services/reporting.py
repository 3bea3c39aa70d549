"""The month summary and the dashboard: read-only views over the stored records."""

from __future__ import annotations

from .context import Context


class ReportingService:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx
