"""reports layer: the caseworker's monthly report (see README.md).

One entry point, `render_report`, turns a MonthSummary and the BusinessProfile into the
bytes of a PDF, CSV or JSON file; `default_filename` names that file.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from ..domain.models import BusinessProfile
from ..domain.period import Month
from ..domain.summary_types import MonthSummary
from .csv_export import render_csv
from .json_export import SCHEMA_VERSION, render_json
from .model import ReportModel, build_report_model
from .pdf import render_pdf

Format = Literal["pdf", "csv", "json"]
FORMATS: tuple[str, ...] = ("pdf", "csv", "json")
LANGUAGES: tuple[str, ...] = ("ky", "ru", "en")
MEDIA_TYPES = {"pdf": "application/pdf", "csv": "text/csv; charset=utf-8", "json": "application/json"}
_RENDERERS = {"pdf": render_pdf, "csv": render_csv, "json": render_json}


def render_report(
    summary: MonthSummary,
    profile: BusinessProfile,
    *,
    fmt: Format,
    lang: str,
    generated_on: date,
    prepared_by: str,
    notes: str = "",
) -> bytes:
    """The whole report file as bytes; nothing is written anywhere."""
    if fmt not in _RENDERERS:
        raise ValueError(f"unknown report format: {fmt!r}")
    model = build_report_model(
        summary, profile, lang=lang, generated_on=generated_on, prepared_by=prepared_by, notes=notes
    )
    return _RENDERERS[fmt](model)


def default_filename(month: Month, lang: str, fmt: str) -> str:
    """smallshop-report-2026-11-ky.pdf"""
    return f"smallshop-report-{month}-{lang}.{fmt}"


__all__ = [
    "FORMATS",
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
