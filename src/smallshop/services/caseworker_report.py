"""The caseworker's monthly report as a file: what `smallshop report` and the app's
Reports screen export (issue 15).

Gathers what the report needs beyond the month summary — 12 months of trend, the
business's stable id, whether customers are named (the owner's own copy), the
business plan, the asset register on the cut-off day, who worked (as the owner
confirmed it), the month's notes for the caseworker, and from the export log the
report's version and the earlier months changed since their report — renders it
with smallshop.reports (imported when a report is made, so opening the app does not
load reportlab) and returns the file's name and bytes. The only thing written is
the export log (report_exports.ExportLog), never a record.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..domain.period import Month
from .assets import AssetService
from .context import Context
from .jobs import JobsService
from .notes import NotesService
from .plan import PlanService
from .report_exports import FIGURES, Export, ExportLog, count_changes
from .reporting import ReportingService

REPORT_TREND_MONTHS = 12


class CaseworkerReportService:
    def __init__(self, ctx: Context, reporting: ReportingService, plan: PlanService, assets: AssetService,
                 jobs: JobsService, notes: NotesService, exports: ExportLog | None = None) -> None:
        self._ctx = ctx
        self.exports = exports or ExportLog()
        self._reporting = reporting
        self._plan, self._assets, self._jobs, self._notes = plan, assets, jobs, notes

    def model(self, month: Month | str, *, lang: str, prepared_by: str, with_names: bool = False,
              notes: str | None = None, today: date | None = None) -> Any:
        """The report model (reports.ReportModel) with its fingerprint. `notes` None: the
        month's notes the owner wrote for the caseworker (services.notes)."""
        from ..reports import ReportExtras, build_report, business_id

        month = month if isinstance(month, Month) else Month.parse(month)
        today = today if today is not None else self._ctx.today()
        summary = self._reporting.month_summary(month, today, trend_months=REPORT_TREND_MONTHS)
        profile = self._ctx.store.profiles.get("profile")
        if profile is None:
            from ..domain.models import BusinessProfile

            profile = BusinessProfile()
        extras = ReportExtras(
            with_names=with_names,
            sequence=self.exports.sequence(month),
            changes=self.changes_before(month, today),
            business_id=business_id(profile),
            caseworker_title=profile.caseworker_title.value,
            programme_name=profile.programme_name,
            plan=self._plan.current(),
            assets=self._assets.register(summary.current.as_of),
            jobs=self._jobs.tally(month),
        )
        if notes is None:
            notes = self._notes.text_of(month)
        return build_report(summary, profile, lang=lang, generated_on=today, prepared_by=prepared_by,
                            notes=notes, extras=extras)

    def export(self, month: Month | str, *, fmt: str, lang: str, prepared_by: str, with_names: bool = False,
               notes: str | None = None, today: date | None = None) -> tuple[str, bytes]:
        """(file name, bytes) of the report in `fmt` (pdf, xlsx, csv, json)."""
        from ..reports import default_filename, render_model

        model = self.model(month, lang=lang, prepared_by=prepared_by, with_names=with_names, notes=notes,
                           today=today)
        data = render_model(model, fmt)
        now = model.summary.current
        self.exports.record(Export(
            month=model.month, at=self._ctx.now(), report_id=model.report_id, fingerprint=model.fingerprint,
            fmt=fmt, lang=lang, with_names=with_names, complete=not now.in_progress,
            figures={key: getattr(now, key) for key in FIGURES},
        ))
        return default_filename(model.month, lang, fmt, with_names=with_names), data

    def changes_before(self, month: Month, today: date) -> tuple[Any, ...]:
        """Each of the 12 months before `month` whose latest complete report was
        exported and whose records were added, changed or deleted since: counts, and
        how its income, expenses and debt repaid moved (now - as exported)."""
        from ..reports import EarlierMonthChange

        store = self._ctx.store
        found = []
        for earlier in month.back(13)[:-1]:
            export = self.exports.last_complete(earlier)
            if export is None:
                continue
            start, end = earlier.first_day, earlier.last_day
            records = [*store.incomes.between(start, end), *store.refunds.between(start, end),
                       *store.expenses.between(start, end), *store.draws.between(start, end),
                       *(r for r in store.repayments.all() if earlier.contains(r.date)),
                       *(o for o in store.orders.all() if earlier.contains(o.order_date)),
                       *(d for d in store.debts.all() if earlier.contains(d.start_date))]
            counted = count_changes(records, store.bin.all(), earlier, export.at)
            if not counted.any:
                continue
            figures = self._reporting.month_summary(earlier, today).current
            moved = {key: getattr(figures, key) - export.figures.get(key, getattr(figures, key)) for key in FIGURES}
            found.append(EarlierMonthChange(earlier, export.at.date(), counted.added, counted.changed,
                                            counted.deleted, moved["income"], moved["expenses"], moved["debt_paid"]))
        return tuple(found)
