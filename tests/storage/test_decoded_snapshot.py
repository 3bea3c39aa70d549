"""The decoded snapshot (storage/decoded_snapshot.py) speeds opening up and is never
trusted over the data files and the log: a file whose bytes changed in any way is
decoded from the file, a damaged file is still named, a damaged or foreign
snapshot is ignored, and nothing but record types can be built from it."""

from __future__ import annotations

import dataclasses
import io
import pickle
import shutil
import zlib
from datetime import date, datetime, timezone

import pytest
from storage_factories import Clock, customer, expense, income, order

from smallshop.storage import decoded_snapshot, opening, tinydb_store
from smallshop.storage.restoring import restore_backup
from smallshop.storage.decoded_snapshot import HEAD, MAGIC, DecodedSnapshot
from smallshop.storage.interfaces import StoreDamagedError
from smallshop.storage.jsonbytes import dumps, loads
from smallshop.storage.layout import SNAPSHOT_FILE, data_files
from smallshop.storage.tinydb_store import open_store

CLOCK = Clock(datetime(2026, 11, 28, 9, 0, tzinfo=timezone.utc))
REPOS = ("customers", "orders", "incomes", "expenses", "history", "bin")


def _rewrite(folder, rel, data):
    """A file changed as smallshop itself writes it (its checksum recorded too: a change
    behind smallshop's back is damage, tests/storage/test_checksums.py), while the
    snapshot still describes the old bytes (a crash before the snapshot was written)."""
    from smallshop.storage import checksums

    sums = checksums.read(folder)
    if data is None:
        (folder / rel).unlink()
        sums.files.pop(rel)
        checksums.write(folder, sums.files)
    else:
        checksums.write_files(folder, sums, {rel: data})


def _fill(folder):
    store = open_store(folder, backups=False, clock=CLOCK)
    for n in range(1, 4):
        store.put(customer(n, name=f"Айгүл {n}"))
    with store.transaction() as tx:
        tx.put(order(1))
        tx.put(income(1, order_id="o000001"))
    for n in range(2, 6):
        store.put(income(n, day=date(2026, 12, n)))
    store.put(expense(1))
    first = store.customers.get("c000001")
    store.put(dataclasses.replace(first, name="Айгүл Асанова"), expected_version=first.audit.version)
    store.close()


def _contents(folder):
    """Everything a reader sees, in the order the repositories give it."""
    store = open_store(folder, backups=False, clock=CLOCK)
    try:
        return {name: getattr(store, name).all() for name in REPOS}
    finally:
        store.close()


def _no_decoding(monkeypatch):
    """Opening must not decode any document (it all comes from the snapshot)."""
    def refuse(cls, doc):
        raise AssertionError(f"decoded a {cls.__name__} from a file")
    monkeypatch.setattr(opening, "decode", refuse)


def _decoded_files(monkeypatch):
    """Which files get decoded from JSON at the next open."""
    seen = []
    real = opening.StoreOpening._read_partition

    def spy(self, rel, raw):
        seen.append(rel)
        return real(self, rel, raw)

    monkeypatch.setattr(opening.StoreOpening, "_read_partition", spy)
    return seen


@pytest.fixture
def folder(tmp_path):
    _fill(tmp_path / "data")
    return tmp_path / "data"


def test_close_writes_a_snapshot_and_open_uses_it_with_the_same_records_in_the_same_order(folder, monkeypatch):
    assert (folder / SNAPSHOT_FILE).is_file()
    with_snapshot = _contents(folder)
    (folder / SNAPSHOT_FILE).unlink()
    from_files = _contents(folder)  # this close writes the snapshot again
    assert with_snapshot == from_files
    in_file = list(loads((folder / "customers.json").read_bytes())["customers"])
    assert [c.id for c in with_snapshot["customers"]] == in_file  # the order a reader of the file gets
    _no_decoding(monkeypatch)
    assert _contents(folder) == from_files


def test_a_file_changed_after_the_snapshot_is_read_from_the_file(folder, monkeypatch):
    path = folder / "incomes" / "2026-12.json"
    doc = loads(path.read_bytes())
    doc["incomes"]["i000003"]["description"] = "changed while smallshop was closed"
    _rewrite(folder, "incomes/2026-12.json", dumps(doc))
    seen = _decoded_files(monkeypatch)
    store = open_store(folder, backups=False, clock=CLOCK)
    assert store.incomes.get("i000003").description == "changed while smallshop was closed"
    store.close()
    assert seen == ["incomes/2026-12.json"]  # every other file came from the snapshot


def test_a_change_that_keeps_the_size_is_still_seen(folder):
    path = folder / "customers.json"
    raw = path.read_bytes()
    changed = raw.replace("Айгүл 2".encode(), "Айгүл 7".encode())
    assert len(changed) == len(raw) and changed != raw
    _rewrite(folder, "customers.json", changed)
    names = {c.name for c in _contents(folder)["customers"]}
    assert "Айгүл 7" in names and "Айгүл 2" not in names


@pytest.mark.parametrize("damage", [b"", b"{\"incomes\": {", b"\x00" * 40, b"[1, 2, 3]"])
def test_a_damaged_file_is_named_although_the_snapshot_has_its_records(folder, damage):
    (folder / "incomes" / "2026-12.json").write_bytes(damage)
    with pytest.raises(StoreDamagedError) as caught:
        open_store(folder, backups=False, clock=CLOCK)
    assert caught.value.params["file"] == "incomes/2026-12.json"


def test_a_record_copied_into_a_second_file_is_damage_with_or_without_the_snapshot(folder):
    nov = loads((folder / "incomes" / "2026-11.json").read_bytes())
    dec_path = folder / "incomes" / "2026-12.json"
    dec = loads(dec_path.read_bytes())
    dec["incomes"]["i000001"] = nov["incomes"]["i000001"]
    dec_path.write_bytes(dumps(dec))
    with pytest.raises(StoreDamagedError) as caught:
        open_store(folder, backups=False, clock=CLOCK)
    assert caught.value.params["file"] == "incomes/2026-12.json"


def test_a_deleted_file_loses_its_records_as_without_a_snapshot(folder):
    _rewrite(folder, "expenses/2026-11.json", None)
    assert _contents(folder)["expenses"] == []


def test_saves_after_a_crash_come_from_the_log_not_the_old_snapshot(folder, monkeypatch):
    store = open_store(folder, backups=False, clock=CLOCK)
    store.put(income(9, day=date(2026, 12, 20), amount=77700))
    # kill -9: no checkpoint, no close, no new snapshot
    store._wal.close()
    store._file_lock.release()
    monkeypatch.delitem(tinydb_store._REGISTRY, folder.resolve())
    seen = _decoded_files(monkeypatch)
    incomes = {r.id: r for r in _contents(folder)["incomes"]}
    assert incomes["i000009"].amount.tyiyn == 77700
    assert "incomes/2026-12.json" in seen  # replayed from the log: decoded, not from the snapshot


def test_a_checkpoint_after_the_snapshot_makes_only_that_file_decoded(folder, monkeypatch):
    store = open_store(folder, backups=False, clock=CLOCK)
    store.put(expense(2, day=date(2026, 11, 9)))
    store.checkpoint()  # the file changes on disk ...
    store._wal.close()  # ... then the process dies before close writes a new snapshot
    store._file_lock.release()
    monkeypatch.delitem(tinydb_store._REGISTRY, folder.resolve())
    seen = _decoded_files(monkeypatch)
    assert {e.id for e in _contents(folder)["expenses"]} == {"e000001", "e000002"}
    assert seen == ["expenses/2026-11.json"]


def _flip(path, at):
    raw = bytearray(path.read_bytes())
    raw[at] ^= 0x40
    path.write_bytes(bytes(raw))


@pytest.mark.parametrize("where", ["magic", "index", "blob", "cut", "empty", "garbage"])
def test_a_damaged_snapshot_is_ignored(folder, monkeypatch, where):
    path = folder / SNAPSHOT_FILE
    expected = _contents(folder)
    size = path.stat().st_size
    if where == "magic":
        _flip(path, 2)
    elif where == "index":
        _flip(path, HEAD.size + 5)
    elif where == "blob":
        _flip(path, size - 30)
    elif where == "cut":
        path.write_bytes(path.read_bytes()[: size // 2])
    elif where == "empty":
        path.write_bytes(b"")
    else:
        path.write_bytes(b"not a snapshot at all" * 100)
    assert _contents(folder) == expected
    assert DecodedSnapshot.read(folder) is not None  # and the close wrote a good one again


def test_a_snapshot_of_other_record_classes_is_ignored(folder, monkeypatch):
    expected = _contents(folder)
    monkeypatch.setattr(decoded_snapshot, "FINGERPRINT", "an older smallshop")
    seen = _decoded_files(monkeypatch)
    assert _contents(folder) == expected
    assert seen == data_files(folder)  # every file decoded


def _forge(folder, rel, payload: bytes):
    """A snapshot whose entry for `rel` matches the file's size and CRC but holds `payload`."""
    raw = (folder / rel).read_bytes()
    index = dumps({"fingerprint": decoded_snapshot.FINGERPRINT,
                   "files": {rel: [len(raw), zlib.crc32(raw), 0, len(payload), zlib.crc32(payload)]}})
    (folder / SNAPSHOT_FILE).write_bytes(HEAD.pack(MAGIC, len(index), zlib.crc32(index)) + index + payload)


class _Evil:
    def __reduce__(self):
        import os
        return (os.mkdir, (str(EVIL_DIR),))


EVIL_DIR = None


def test_a_forged_snapshot_cannot_run_code(folder, tmp_path):
    global EVIL_DIR
    EVIL_DIR = tmp_path / "pwned"
    _forge(folder, "customers.json", pickle.dumps([_Evil()]))
    store = open_store(folder, backups=False, clock=CLOCK)
    assert len(store.customers) == 3  # decoded from the file
    store.close()
    assert not EVIL_DIR.exists()


def test_a_forged_snapshot_with_records_of_the_wrong_kind_or_month_is_not_used(folder):
    expected = _contents(folder)
    decoded_snapshot_blob = decoded_snapshot._blob
    _forge(folder, "incomes/2026-12.json", decoded_snapshot_blob([expense(5)]))
    assert _contents(folder) == expected
    _forge(folder, "incomes/2026-12.json", decoded_snapshot_blob([income(5, day=date(2026, 10, 1))]))
    assert _contents(folder) == expected
    _forge(folder, "incomes/2026-12.json", decoded_snapshot_blob([income(2, day=date(2026, 12, 2))] * 2))
    assert _contents(folder) == expected


def test_a_restored_backup_is_read_from_its_files(tmp_path):
    data = tmp_path / "data"
    _fill(data)
    store = open_store(data, backups=False, clock=CLOCK)
    backup = store.backup(tmp_path / "before.zip")
    store.put(income(8, day=date(2026, 12, 8)))
    store.close()  # the snapshot now has i000008
    restore_backup(data, backup)
    assert "i000008" not in {r.id for r in _contents(data)["incomes"]}
    assert not list(data.glob("replaced-*/*.extra"))  # the old snapshot was set aside with its files


def test_the_snapshot_is_not_in_backups(folder, tmp_path):
    import zipfile

    store = open_store(folder, backups=False, clock=CLOCK)
    backup = store.backup(tmp_path / "b.zip")
    store.close()
    assert not any(SNAPSHOT_FILE in n for n in zipfile.ZipFile(backup).namelist())


def test_equal_values_are_shared_but_never_merged_across_spellings():
    from decimal import Decimal

    from smallshop.domain.models import LineItem
    from smallshop.domain.money import Money

    a = order(1)
    b = order(2)
    c = dataclasses.replace(order(3), items=(LineItem("көйнөк", Decimal("1.50"), Money(125000)),))
    back = pickle.loads(decoded_snapshot._blob([a, b, c]))  # noqa: S301 - our own bytes
    assert back == [a, b, c]
    assert back[0].items[0] is back[1].items[0]  # shared
    assert str(back[2].items[0].quantity) == "1.50"  # not merged with 1.5


def test_the_unpickler_refuses_anything_but_record_types():
    for evil in (pickle.dumps(print), pickle.dumps(shutil.rmtree), pickle.dumps(io.BytesIO)):
        with pytest.raises(pickle.UnpicklingError):
            decoded_snapshot._RecordUnpickler(io.BytesIO(evil)).load()


def test_the_daily_backup_refreshes_the_snapshot_for_an_app_that_is_killed(tmp_path, monkeypatch):
    """Phones kill apps rather than close them: the snapshot must not wait for a close."""
    data = tmp_path / "data"
    _fill(data)
    clock = Clock(datetime(2026, 11, 28, 9, 0, tzinfo=timezone.utc))
    store = open_store(data, clock=clock)  # backups on: today's daily backup is made at open
    store.put(income(9, day=date(2026, 12, 9)))
    clock.now = datetime(2026, 11, 29, 10, 0, tzinfo=timezone.utc)
    store.put(income(10, day=date(2026, 12, 10)))  # the next day's first save makes the backup
    store._wal.close()  # killed
    store._file_lock.release()
    monkeypatch.delitem(tinydb_store._REGISTRY, data.resolve())
    _no_decoding(monkeypatch)
    store = open_store(data, backups=False, clock=clock)
    assert {"i000009", "i000010"} <= {r.id for r in store.incomes.all()}
    store.close()


def test_a_read_only_open_writes_no_snapshot(folder):
    (folder / SNAPSHOT_FILE).unlink()
    store = open_store(folder, read_only=True, clock=CLOCK)
    assert len(store.incomes) == 5
    store.close()
    assert not (folder / SNAPSHOT_FILE).exists()
