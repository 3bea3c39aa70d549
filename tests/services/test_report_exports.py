"""Issue 15: the export log behind the report id's version and "changes to earlier months",
with a real store and a real log file in a temporary folder."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import pytest

from smallshop.domain.period import Month
from smallshop.services import Services
from smallshop.services.report_exports import ExportLog
from smallshop.storage.state_file import REPORT_EXPORTS_FILE, JsonStateFile
from smallshop.storage.tinydb_store import open_store


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def shop(tmp_path):
    clock = Clock()
    store = open_store(tmp_path / "data", clock=clock)
    log_file = tmp_path / "data" / REPORT_EXPORTS_FILE
    services = Services(store, clock=clock, export_keeper=JsonStateFile(log_file))
    yield services, clock, log_file
    store.close()


def _report(services, month, fmt="json", today=date(2026, 11, 2)):
    name, data = services.report.export(month, fmt=fmt, lang="en", prepared_by="x", today=today)
    return json.loads(data) if fmt == "json" else data


def test_each_export_is_logged_and_numbers_the_report(shop):
    services, clock, log_file = shop
    services.finance.record_income({"date": "2026-10-10", "amount": "1000", "category": "walk_in_sale"}, actor=None)
    first = _report(services, Month(2026, 10))
    assert first["report_id"].endswith("-2026-10-v1")
    clock.now += timedelta(minutes=5)
    again = _report(services, Month(2026, 10), fmt="pdf")
    assert isinstance(again, bytes)
    third = _report(services, Month(2026, 10))
    assert third["report_id"].endswith("-2026-10-v3")
    saved = json.loads(log_file.read_text(encoding="utf-8"))["exports"]
    assert [e["format"] for e in saved] == ["json", "pdf", "json"]
    assert saved[0]["fingerprint"] == first["fingerprint"] and saved[0]["figures"]["income"] == "1000.00"
    assert saved[0]["complete"] is True
    # a new process reads the same log
    assert ExportLog(JsonStateFile(log_file)).sequence(Month(2026, 10)) == 4


def test_a_change_to_a_month_already_reported_shows_in_the_next_report(shop):
    services, clock, _ = shop
    kept = services.finance.record_income({"date": "2026-10-10", "amount": "1000", "category": "walk_in_sale"},
                                          actor=None)
    bought = services.finance.record_expense({"date": "2026-10-12", "amount": "300", "category": "materials"},
                                             actor=None)
    _report(services, Month(2026, 10))  # October, exported on 2 November
    assert _report(services, Month(2026, 11))["changes_to_earlier_months"] == []
    clock.now += timedelta(days=3)  # later, October's books change
    services.finance.record_income({"date": "2026-10-20", "amount": "500", "category": "walk_in_sale"}, actor=None)
    services.finance.update_income(kept.id, {"date": "2026-10-10", "amount": "1200", "category": "walk_in_sale"},
                                   actor=None, expected_version=kept.audit.version)
    services.finance.delete("expense", bought.id, None, bought.audit.version)
    november = _report(services, Month(2026, 11), today=date(2026, 11, 5))
    (change,) = november["changes_to_earlier_months"]
    assert change == {"month": "2026-10", "exported_on": "2026-11-02", "added": 1, "changed": 1, "deleted": 1,
                      "income_change": "700.00", "expenses_change": "-300.00", "debt_paid_change": "0.00"}
    assert november["attention"]["changed_months"] == ["2026-10"] and "changes" in november["attention"]["alerts"]
    # October exported again: its copy matches the books, nothing to report
    _report(services, Month(2026, 10), today=date(2026, 11, 5))
    assert _report(services, Month(2026, 11), today=date(2026, 11, 5))["changes_to_earlier_months"] == []


def test_a_damaged_log_starts_empty_and_never_stops_a_report(tmp_path):
    path = tmp_path / REPORT_EXPORTS_FILE
    path.write_text("{not json", encoding="utf-8")
    log = ExportLog(JsonStateFile(path))
    assert log.entries() == [] and log.sequence(Month(2026, 10)) == 1
