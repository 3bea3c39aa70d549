"""The month's notes for the caseworker (issue 15): free text the owner writes on the
Reports screen (what happened, what she needs), one per month, printed in the report.
Saving an empty text keeps the record, empty, so the history shows it was cleared.
"""

from __future__ import annotations

from dataclasses import replace

from ..domain.access import Action
from ..domain.models import MonthNote
from ..domain.parsing import FormReader
from ..domain.period import Month
from .context import Context
from .jobs import _month

MAX_NOTE_LENGTH = 2000


class NotesService:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    def of_month(self, month: Month) -> MonthNote | None:
        return self._ctx.store.month_notes.get(str(month))

    def text_of(self, month: Month) -> str:
        """The month's notes ("" when none were written)."""
        note = self.of_month(month)
        return note.text if note is not None else ""

    def save(
        self, month: Month | str, text: str, actor: str | None, expected_version: int | None = None
    ) -> MonthNote:
        """Write the month's notes (owner only; at most 2000 characters, lines kept)."""
        self._ctx.allow(actor, Action.NOTES_EDIT)
        month = _month(month)
        reader = FormReader({"text": text})
        clean = reader.text("text", max_length=MAX_NOTE_LENGTH)
        reader.raise_if_problems()
        current = self.of_month(month)
        if current is not None:
            self._ctx.check_version(current, expected_version)
            if current.text == clean:
                return current
            record = replace(current, text=clean, audit=self._ctx.changed(current.audit, actor))
        else:
            record = MonthNote(id=str(month), month=month, text=clean, audit=self._ctx.created(actor))
        with self._ctx.write(actor) as w:
            return w.put(record, expected_version=expected_version if current is not None else None,
                         before=current)
