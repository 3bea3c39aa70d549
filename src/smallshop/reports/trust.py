"""The report's identity and fingerprint, so a caseworker can match the files of
one report and see whether one was edited.

* `business_id`: a stable id of the business — the first 12 hex digits of the
  SHA-256 of "smallshop-business:" + the moment the business profile was first
  saved (ISO text). It lives in the data itself, so it survives backups and
  restores and never changes when the name or case id is edited; a profile never
  saved has "000000000000".
* `report_id`: "<business_id>-<YYYY-MM>-v<n>", n = the n-th export of that month
  (the app's export log; 1 when none is kept).
* `fingerprint`: the SHA-256 (64 lowercase hex digits) of the report's canonical
  JSON — the JSON document without its own "fingerprint" key, serialised with
  sorted keys, no spaces (separators "," and ":"), non-ASCII kept as UTF-8
  (ensure_ascii off), encoded UTF-8. docs/report-json.md shows how to recompute it.
  The PDF, CSV and XLSX made with the same options print the same fingerprint: it
  names the JSON they were made with.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from ..domain.models import BusinessProfile
from ..domain.period import Month

NO_BUSINESS_ID = "0" * 12


def business_id(profile: BusinessProfile) -> str:
    created = profile.audit.created_at
    if created is None:
        return NO_BUSINESS_ID
    return hashlib.sha256(f"smallshop-business:{created.isoformat()}".encode()).hexdigest()[:12]


def report_id_of(business: str, month: Month, sequence: int) -> str:
    return f"{business or NO_BUSINESS_ID}-{month}-v{max(sequence, 1)}"


def canonical_json(document: dict[str, Any]) -> bytes:
    """The bytes the fingerprint is taken of: the document without "fingerprint"."""
    body = {k: v for k, v in document.items() if k != "fingerprint"}
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def fingerprint_of(document: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(document)).hexdigest()


def grouped(fingerprint: str, size: int = 8) -> str:
    """"3f2a9c1e 0b7d…" for print: the same digits in groups a person can compare."""
    return " ".join(fingerprint[i:i + size] for i in range(0, len(fingerprint), size))


__all__ = ["NO_BUSINESS_ID", "business_id", "canonical_json", "fingerprint_of", "grouped", "report_id_of"]
