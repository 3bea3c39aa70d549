"""Backups through the service: now, as bytes, and restore (validated first)."""

from __future__ import annotations

import zipfile

import pytest

from smallshop.storage.interfaces import InvalidBackupError


def test_backup_now_and_as_bytes(services, customer):
    path = services.backups.backup_now()
    assert path.is_file() and zipfile.is_zipfile(path)
    name, content = services.backups.backup_bytes()
    assert name.startswith("smallshop-backup-") and name.endswith(".zip")
    assert content[:2] == b"PK" and services.backups.data_dir == services.store.data_dir


def test_restore_from_bytes_brings_the_old_data_back(services, customer, owner):
    _, content = services.backups.backup_bytes()
    services.customers.create({"name": "Ольга"}, owner.id)
    assert services.customers.search().total == 2
    result = services.backups.restore(content)
    assert [c.name for c in services.customers.search().items] == ["Айгүл Осмонова"]
    assert result.replaced.is_dir() and result.counts["customers"] == 1
    # the store behind every sub-service is the reopened one
    services.customers.create({"name": "Бурул"}, owner.id)
    assert services.customers.search().total == 2


def test_a_file_that_is_not_a_backup_changes_nothing(services, customer, tmp_path):
    bad = tmp_path / "notes.zip"
    bad.write_bytes(b"this is not a zip")
    with pytest.raises(InvalidBackupError):
        services.backups.restore(bad)
    with pytest.raises(InvalidBackupError):
        services.backups.restore(b"PK\x03\x04 broken")
    assert [c.name for c in services.customers.search().items] == ["Айгүл Осмонова"]


@pytest.mark.parametrize("kind", __import__("hostile_backups").HOSTILE)
def test_each_hostile_backup_is_refused_and_the_app_stays_usable(services, customer, owner, tmp_path, kind):
    """The store is never closed for a backup that would not open: the next save works."""
    from hostile_backups import hostile

    services.settings.update_profile({"business_name": "Гүлзаттын ательеси", "owner_name": "Гүлзат"}, actor=owner.id)
    good = services.store.backup(tmp_path / "good.zip")
    services.customers.create({"name": "Ольга"}, owner.id)
    path, why = hostile(kind, good, tmp_path)
    with pytest.raises(InvalidBackupError) as err:
        services.backups.restore(path.read_bytes())
    assert err.value.why == why
    assert sorted(c.name for c in services.customers.search().items) == ["Айгүл Осмонова", "Ольга"]
    services.customers.create({"name": "Бурул"}, owner.id)  # not "the data folder is closed"
    assert services.customers.search().total == 3
    assert not list(services.backups.data_dir.glob(".restoring-*"))


def test_restore_keeps_the_replaced_data_as_a_backup_and_reports_progress(services, customer, owner):
    _, content = services.backups.backup_bytes()
    services.customers.create({"name": "Ольга"}, owner.id)
    seen = []
    result = services.backups.restore(content, progress=seen.append)
    assert seen[-1] == 1.0 and seen == sorted(seen) and len(seen) >= 3
    assert services.backups.validate(result.before_restore).counts["customers"] == 2
    assert [c.name for c in services.customers.search().items] == ["Айгүл Осмонова"]


def test_status_and_the_second_backup_folder(services, customer, owner, tmp_path):
    assert not services.backups.status().needs_attention or services.backups.status().missing
    services.backups.backup_now(owner.id)
    stick = tmp_path / "usb"
    stick.mkdir()
    status = services.backups.set_copy_folder(str(stick), owner.id)
    assert status.copy_folder == str(stick) and status.last_copied is not None
    assert len(list(stick.glob("*.zip"))) == 1
    with pytest.raises(Exception) as err:
        services.backups.set_copy_folder(str(tmp_path / "nope"), owner.id)
    assert getattr(err.value, "key", "") == "storage.folder_unusable"
    assert services.backups.set_copy_folder("", owner.id).copy_folder is None
