"""Bit rot that still parses (issue 10): every data file's size and CRC-32 are kept in
DATA/checksums.json; one changed digit of an amount is refused at open (naming the
file), reported by `check` (exit 2), kept out of backups, refused in a backup being
restored, and `recover` takes the damaged file's records from the other sources.
A folder from before checksums gets its manifest at its first open (schema 5)."""

from __future__ import annotations

import json
import zipfile
from datetime import date, datetime, timedelta, timezone

import orjson
import pytest

from smallshop.cli import main
from smallshop.storage import checksums
from smallshop.storage.backups import validate_backup
from smallshop.storage.check import check_store
from smallshop.storage.interfaces import InvalidBackupError, StoreDamagedError
from smallshop.storage.recovery import recover
from smallshop.storage.restoring import restore_backup
from smallshop.storage.tinydb_store import open_store

from storage_factories import Clock, customer, order

MONTH = "orders/2026-11.json"


def _shop(folder):
    """Customer 1 and orders 1-3 (each 1.5 x 1250.00 som) in a daily backup; order 4
    saved after it. Everything checkpointed and closed."""
    clock = Clock(datetime(2026, 11, 28, 8, 0, tzinfo=timezone.utc))
    store = open_store(folder, clock=clock)
    store.bulk_load([customer(1)] + [order(n, date(2026, 11, n)) for n in range(1, 4)])
    clock.now += timedelta(days=1)
    assert store.maybe_backup() is not None
    store.put(order(4, date(2026, 11, 4)))
    store.close()
    return folder


def _rot_a_digit(path, record_id):
    """Turn the first digit of `record_id`'s unit price into another digit: still JSON,
    still a valid order, a different amount."""
    raw = path.read_bytes()
    at = raw.index(b'"unit_price":', raw.index(record_id.encode())) + len(b'"unit_price":')
    assert raw[at:at + 6] == b"125000"
    path.write_bytes(raw[:at] + b"7" + raw[at + 1:])
    tables = orjson.loads(path.read_bytes())  # it still parses, the amount is 7,250.00
    assert tables["orders"][record_id]["items"][0]["unit_price"] == 725000


@pytest.mark.parametrize("record_id", ["o000002", "o000004"])  # in the backup / saved after it
def test_one_changed_digit_of_an_amount_is_found_everywhere(tmp_path, capsys, record_id):
    data = _shop(tmp_path / "data")
    _rot_a_digit(data / MONTH, record_id)
    with pytest.raises(StoreDamagedError) as err:
        open_store(data)
    assert err.value.params["file"] == MONTH
    result = check_store(data)
    assert not result.ok and [p.key for p in result.problems if p.fatal] == ["storage.check.checksum"]
    assert main(["check", "--data-dir", str(data), "--lang", "en"]) == 4  # ExitCode.DAMAGED
    assert MONTH in capsys.readouterr().err

    report = recover(data, tmp_path / "saved")
    saved = open_store(tmp_path / "saved", backups=False)
    prices = {o.id: o.items[0].unit_price.tyiyn for o in saved.orders.all()}
    saved.close()
    assert sorted(prices) == ["o000001", "o000002", "o000003", "o000004"]
    # Orders 1-3: the backup holds these very versions, so its copies (undamaged) are
    # taken. Order 4 was saved after the backup: nothing else holds it, so it is kept
    # and named for a look, whichever record the damage was in.
    assert all(prices[o] == 125000 for o in ("o000001", "o000002", "o000003"))
    assert report.unverified == [(MONTH, "o000004")] and not report.complete
    assert prices["o000004"] == (725000 if record_id == "o000004" else 125000)


def test_the_app_never_backs_up_a_file_changed_behind_its_back(tmp_path):
    data = _shop(tmp_path / "data")
    store = open_store(data, backups=False)
    try:
        _rot_a_digit(data / MONTH, "o000002")  # while it runs
        with pytest.raises(StoreDamagedError) as err:
            store.backup(tmp_path / "out.zip")
        assert err.value.params["file"] == MONTH and not (tmp_path / "out.zip").exists()
    finally:
        store.close()


def test_a_backup_records_each_files_checksum_and_a_changed_member_is_refused(tmp_path):
    data = _shop(tmp_path / "data")
    store = open_store(data, backups=False)
    good = store.backup(tmp_path / "good.zip")
    store.close()
    with zipfile.ZipFile(good) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        files = {n: zf.read(n) for n in manifest["files"]}
    assert manifest["checksums"][MONTH] == list(checksums.key(files[MONTH]))
    at = files[MONTH].index(b'"unit_price":') + len(b'"unit_price":')
    files[MONTH] = files[MONTH][:at] + b"7" + files[MONTH][at + 1:]  # damaged before it was zipped
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("manifest.json", json.dumps(manifest))
        for name, raw in files.items():
            zf.writestr(name, raw)
    with pytest.raises(InvalidBackupError) as err:
        validate_backup(bad)
    assert err.value.why == "damaged_member" and err.value.params["member"] == MONTH
    with pytest.raises(InvalidBackupError) as err:
        restore_backup(tmp_path / "elsewhere", bad)
    assert err.value.why == "damaged_data" and err.value.params["member"] == MONTH


def test_a_deleted_data_file_or_manifest_is_damage(tmp_path):
    data = _shop(tmp_path / "data")
    (data / "customers.json").unlink()
    with pytest.raises(StoreDamagedError) as err:
        open_store(data)
    assert err.value.params["file"] == "customers.json"
    other = _shop(tmp_path / "other")
    (other / "checksums.json").unlink()
    with pytest.raises(StoreDamagedError) as err:
        open_store(other)
    assert err.value.params["file"] == "checksums.json"
    assert not check_store(other).ok


def test_a_folder_from_before_checksums_gets_them_at_its_first_open(tmp_path):
    """Migration: schema 4 had no checksums.json; the first open takes a backup, writes
    the manifest of the files as they are (after checking every one) and says schema 5."""
    data = _shop(tmp_path / "data")
    (data / "checksums.json").unlink()
    (data / "meta.json").write_bytes(orjson.dumps({"app": "smallshop", "schema_version": 4}))
    assert check_store(data).ok  # checked as schema 4: the files, without checksums
    store = open_store(data, clock=Clock(datetime(2026, 12, 1, tzinfo=timezone.utc)))
    assert store.migrated_from == 4 and validate_backup(store.migration_backup).schema_version == 4
    assert len(store.orders) == 4
    store.close()
    sums = checksums.read(data)
    assert sums.files[MONTH] == checksums.key((data / MONTH).read_bytes()) and not sums.pending
    assert orjson.loads((data / "meta.json").read_bytes())["schema_version"] == 5
    _rot_a_digit(data / MONTH, "o000001")
    with pytest.raises(StoreDamagedError):
        open_store(data)


def test_check_finds_a_field_of_the_wrong_type_even_with_a_matching_checksum(tmp_path):
    """A file edited by hand or by another program, its checksum written to match: a
    customer's name that is a list still decodes on the fast path (text fields are
    passed through), so `check` decodes strictly and names the file."""
    data = _shop(tmp_path / "data")
    path = data / "customers.json"
    tables = orjson.loads(path.read_bytes())
    first = next(iter(tables["customers"]))
    tables["customers"][first]["name"] = ["Айгүл", "Осмонова"]
    raw = orjson.dumps(tables)
    path.write_bytes(raw)
    sums = checksums.read(data)
    checksums.write(data, dict(sums.files, **{"customers.json": checksums.key(raw)}))
    result = check_store(data)
    assert not result.ok
    damaged = [p for p in result.problems if p.fatal and p.params.get("file") == "customers.json"]
    assert [(p.key, p.params["record_id"]) for p in damaged] == [("storage.check.bad_record", first)]
