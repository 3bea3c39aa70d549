"""Helpers that read a rendered report back: text via pypdf and poppler, fonts via pdffonts."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from smallshop.reports import build_report_model

from .sample import PROFILE, known_month


def normalize(text: str) -> str:
    """One plain space between words: PDFs turn NBSP / line breaks into various spaces."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " ")).strip()


def pypdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def poppler_text(data: bytes, folder: Path) -> str:
    path = folder / "report.pdf"
    path.write_bytes(data)
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def pdf_fonts(data: bytes, folder: Path) -> list[dict[str, str]]:
    """pdffonts' table as dicts (name, type, emb, ...)."""
    path = folder / "fonts.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True).stdout
    lines = out.splitlines()[2:]
    rows = []
    for line in lines:
        parts = line.split()
        # name type [type2] encoding emb sub uni id gen: read from the right
        rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return rows


@pytest.fixture
def summary():
    """November 2026 of the hand-built workshop (totals in tests/reports/sample.py)."""
    return known_month()


@pytest.fixture
def profile():
    return PROFILE


@pytest.fixture
def model_for(summary, profile):
    """A function: language -> report model of the hand-built month."""
    from datetime import date

    def make(lang: str, **kwargs):
        return build_report_model(
            summary, profile, lang=lang, generated_on=date(2026, 12, 1), prepared_by="Гүлзат", **kwargs
        )

    return make
