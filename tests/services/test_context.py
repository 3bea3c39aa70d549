"""Ids, audit stamps and the local calendar day shared by every sub-service."""

from __future__ import annotations

import time
from datetime import date, datetime, timezone

import pytest

from smallshop.services.context import Context, page_of


@pytest.fixture
def bishkek(monkeypatch):
    """The computer's time zone is Asia/Bishkek (UTC+6)."""
    monkeypatch.setenv("TZ", "Asia/Bishkek")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_today_is_the_local_calendar_day(bishkek):
    late_evening_utc = datetime(2026, 11, 19, 20, 30, tzinfo=timezone.utc)  # 02:30 on the 20th in Bishkek
    assert Context(None, lambda: late_evening_utc).today() == date(2026, 11, 20)
    assert Context(None, lambda: datetime(2026, 11, 19, 20, 30)).today() == date(2026, 11, 19)  # naive = local


def test_ids_are_unique_uuid4_hex():
    ids = {Context.new_id() for _ in range(1000)}
    assert len(ids) == 1000 and all(len(i) == 32 and i[12] == "4" for i in ids)


def test_page_of_clamps_offset_and_limit():
    page = page_of(list(range(10)), offset=8, limit=5)
    assert (list(page.items), page.total, page.has_more) == ([8, 9], 10, False)
    assert list(page_of([1, 2], offset=-3, limit=1).items) == [1]
