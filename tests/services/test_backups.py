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
