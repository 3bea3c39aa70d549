"""Backups that really exist (issue 10): a deleted backups folder gets a new daily
backup at the next save, not a day later; a failed daily backup is reported and
retried a few minutes later (not on every save); each daily backup is also copied
to a second folder, with "last copied" kept."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta, timezone

import pytest

from smallshop.storage import backups
from smallshop.storage.backups import validate_backup
from smallshop.storage.tinydb_store import DataFolderError, open_store

from storage_factories import Clock, customer


@pytest.fixture
def clock():
    return Clock(datetime(2026, 11, 28, 8, 0, tzinfo=timezone.utc))


def test_a_deleted_backups_folder_is_noticed_at_the_next_save(tmp_path, clock):
    store = open_store(tmp_path, clock=clock)
    store.put(customer(1))
    assert len(list((tmp_path / "backups").glob("*-daily.zip"))) == 1
    shutil.rmtree(tmp_path / "backups")
    assert store.backup_status()["missing"] is True  # noticed (Home shows it)…
    clock.now += timedelta(minutes=5)
    store.put(customer(2))  # …and made again at once, not a day later
    made = list((tmp_path / "backups").glob("*-daily.zip"))
    assert len(made) == 1 and validate_backup(made[0]).counts["customers"] == 2
    assert store.backup_status()["missing"] is False
    store.close()


def test_a_failed_daily_backup_is_reported_and_retried(tmp_path, clock, monkeypatch):
    store = open_store(tmp_path, clock=clock)
    real_write = backups.write_backup
    calls = []

    def full_disk(*args, **kwargs):
        calls.append(1)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backups, "write_backup", full_disk)
    store.put(customer(1))
    assert store.backup_status()["problem"] == "No space left on device" and len(calls) == 1
    store.put(customer(2))
    assert len(calls) == 1  # not on every save
    clock.now += timedelta(minutes=11)
    monkeypatch.setattr(backups, "write_backup", real_write)
    store.put(customer(3))  # retried, and it works now
    status = store.backup_status()
    assert status["problem"] is None and status["last_backup"] == clock.now
    assert len(list((tmp_path / "backups").glob("*-daily.zip"))) == 1
    store.close()


def test_each_daily_backup_is_copied_to_the_second_folder(tmp_path, clock):
    data, stick = tmp_path / "data", tmp_path / "usb"
    stick.mkdir()
    store = open_store(data, clock=clock)
    store.put(customer(1))
    store.set_backup_copy_folder(stick)  # the newest backup goes there at once
    assert [p.name for p in stick.iterdir()] == [p.name for p in (data / "backups").glob("*.zip")]
    assert store.backup_status()["last_copied"] == clock.now.isoformat()
    for day in range(1, 17):
        clock.now += timedelta(days=1)
        store.put(customer(day + 1))
    copies = sorted(stick.glob("backup-*-daily.zip"))
    assert len(copies) == 14 and validate_backup(copies[-1]).counts["customers"] == 17
    assert store.backup_status()["last_copied"] == clock.now.isoformat()
    store.close()
    # the choice is remembered with the data
    again = open_store(data, clock=clock)
    assert again.backup_status()["copy_folder"] == str(stick)
    again.close()


def test_an_unplugged_stick_is_shown_not_raised(tmp_path, clock):
    data, stick = tmp_path / "data", tmp_path / "usb"
    stick.mkdir()
    store = open_store(data, clock=clock)
    store.put(customer(1))
    store.set_backup_copy_folder(stick)
    stick.rmdir() if not any(stick.iterdir()) else shutil.rmtree(stick)
    clock.now += timedelta(days=1)
    store.put(customer(2))  # the save works; the copy problem is kept for the owner
    assert "USB" in store.backup_status()["copy_problem"]
    with pytest.raises(DataFolderError):
        store.set_backup_copy_folder(tmp_path / "not-there")
    store.close()
