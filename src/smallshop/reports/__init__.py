"""reports layer: the caseworker's monthly report (see README.md).

One entry point, `render_report`, turns a MonthSummary and the BusinessProfile (and
the ReportExtras the services gather: export count, earlier months changed, names or
not) into the bytes of a PDF, CSV, JSON or XLSX file; `default_filename` names that
file. `build_report` gives the model with its fingerprint, for the app's screen and
the export log.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Literal

from ..domain.models import BusinessProfile
from ..domain.period import Month
from ..domain.summary_types import MonthSummary
from ..i18n.languages import SUPPORTED
from .csv_export import render_csv
from .json_export import SCHEMA_VERSION, render_json, report_dict
from .model import EarlierMonthChange, ReportExtras, ReportModel, build_report_model
from .pdf import render_pdf
from .trust import business_id, fingerprint_of
from .xlsx_export import render_xlsx

Format = Literal["pdf", "csv", "json", "xlsx"]
FORMATS: tuple[str, ...] = ("pdf", "xlsx", "csv", "json")
LANGUAGES: tuple[str, ...] = SUPPORTED  # the one list, i18n.languages
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_RENDERERS = {"pdf": render_pdf, "csv": render_csv, "json": render_json, "xlsx": render_xlsx}


def build_report(
    summary: MonthSummary,
    profile: BusinessProfile,
    *,
    lang: str,
    generated_on: date,
    prepared_by: str,
    notes: str = "",
    extras: ReportExtras | None = None,
) -> ReportModel:
    """The report model with its fingerprint (the SHA-256 of its canonical JSON)."""
    model = build_report_model(summary, profile, lang=lang, generated_on=generated_on, prepared_by=prepared_by,
                               notes=notes, extras=extras)
    return replace(model, fingerprint=fingerprint_of(report_dict(model)))


def render_model(model: ReportModel, fmt: str) -> bytes:
    if fmt not in _RENDERERS:
        raise ValueError(f"unknown report format: {fmt!r}")
    return _RENDERERS[fmt](model)


def render_report(
    summary: MonthSummary,
    profile: BusinessProfile,
    *,
    fmt: Format,
    lang: str,
    generated_on: date,
    prepared_by: str,
    notes: str = "",
    extras: ReportExtras | None = None,
) -> bytes:
    """The whole report file as bytes; nothing is written anywhere."""
    if fmt not in _RENDERERS:  # before the work of building the model
        raise ValueError(f"unknown report format: {fmt!r}")
    return render_model(build_report(summary, profile, lang=lang, generated_on=generated_on,
                                     prepared_by=prepared_by, notes=notes, extras=extras), fmt)


def default_filename(month: Month, lang: str, fmt: str, *, with_names: bool = False) -> str:
    """smallshop-report-2026-11-ky.pdf; the owner's copy with names: ...-ky-names.pdf"""
    return f"smallshop-report-{month}-{lang}{'-names' if with_names else ''}.{fmt}"


__all__ = [
    "EarlierMonthChange",
    "FORMATS",
    "ReportExtras",
    "build_report",
    "business_id",
    "render_model",
    "render_xlsx",
    "LANGUAGES",
    "MEDIA_TYPES",
    "ReportModel",
    "SCHEMA_VERSION",
    "build_report_model",
    "default_filename",
    "render_csv",
    "render_json",
    "render_pdf",
    "render_report",
]
