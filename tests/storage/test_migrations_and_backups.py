"""Schema upgrades take a backup first; rotating backups stay bounded and pick the
newest by sequence, whatever the clock or the records' dates do."""

import zipfile
from datetime import date, datetime, timedelta, timezone

import orjson
import pytest

from smallshop.storage import migrations
from smallshop.storage.backups import KEEP, Rotation, newest_good_backup, validate_backup
from smallshop.storage.layout import SCHEMA_VERSION
from smallshop.storage.tinydb_store import StoreTooNewError, open_store

from storage_factories import Clock, customer, income, order

V1 = {  # what schema 1 looked like: one TinyDB file, counter ids, no audit
    "customers": {"1": {"id": "c1", "name": "Айбек", "phone": "0555 11 22 33"}},
    "orders": {"1": {"id": "o1", "customer_id": "c1", "order_date": "2025-03-10",
                     "items": [{"description": "чапан", "quantity": "1", "unit_price": 300000}],
                     "status": "ready"}},
    "incomes": {"1": {"id": "i1", "date": "2025-03-10", "amount": 100000, "category": "order_payment",
                      "order_id": "o1"},
                "2": {"id": "i2", "date": "2025-04-01", "amount": 200000, "category": "order_payment",
                      "order_id": "o1"}},
}


def _old_folder(path):
    path.mkdir()
    (path / "meta.json").write_bytes(orjson.dumps({"app": "smallshop", "schema_version": 1}))
    (path / "smallshop.json").write_bytes(orjson.dumps(V1))
    return path


def test_migration_from_schema_1_takes_a_backup_first(tmp_path):
    data = _old_folder(tmp_path / "data")
    original = (data / "smallshop.json").read_bytes()
    store = open_store(data, clock=Clock(datetime(2026, 11, 28, tzinfo=timezone.utc)))
    assert store.migrated_from == 1
    backup = store.migration_backup
    info = validate_backup(backup)
    assert info.reason == "before-migration" and info.schema_version == 1
    with zipfile.ZipFile(backup) as zf:
        assert zf.read("smallshop.json") == original  # the old data, byte for byte
    assert store.customers.get("c1").audit.version == 1
    assert [i.id for i in store.incomes.between(date(2025, 4, 1), date(2025, 4, 30))] == ["i2"]
    assert store.orders.get("o1").items[0].unit_price.tyiyn == 300000
    assert not (data / "smallshop.json").exists()
    assert orjson.loads((data / "meta.json").read_bytes())["schema_version"] == SCHEMA_VERSION
    store.close()
    again = open_store(data)
    assert again.migrated_from is None and len(again.incomes) == 2


def test_migration_without_meta_file_and_a_second_open_is_a_no_op(tmp_path):
    data = _old_folder(tmp_path / "data")
    (data / "meta.json").unlink()
    open_store(data, backups=False).close()
    backups_before = sorted((data / "backups").glob("*.zip"))
    assert len(backups_before) == 1
    open_store(data, backups=False).close()
    assert sorted((data / "backups").glob("*.zip")) == backups_before


def test_each_migration_step_is_numbered_and_reaches_the_current_version():
    numbers = [m.number for m in migrations.MIGRATIONS]
    assert numbers == sorted(numbers) == list(range(2, SCHEMA_VERSION + 1))
    docs = migrations.MIGRATIONS[0].upgrade({"customers": [{"id": "c", "name": "x"}]})
    assert docs["customers"][0]["audit"] == {"version": 1}


def test_data_from_a_newer_smallshop_is_refused_untouched(tmp_path):
    (tmp_path / "meta.json").write_bytes(b'{"app": "smallshop", "schema_version": 99}')
    with pytest.raises(StoreTooNewError) as err:
        open_store(tmp_path)
    assert err.value.params["version"] == 99
    assert (tmp_path / "meta.json").read_bytes() == b'{"app": "smallshop", "schema_version": 99}'


def test_daily_backups_rotate_and_stay_bounded(tmp_path):
    clock = Clock(datetime(2026, 1, 1, 9, 0, tzinfo=timezone.utc))
    store = open_store(tmp_path, clock=clock)
    store.put(customer(1))  # the first record: the first daily backup, at 09:00 (an empty store has none)
    for day in range(40):
        clock.now += timedelta(hours=12)
        store.put(income(day + 1, date(2026, 1, 1) + timedelta(days=day)))  # maybe_backup after commits
    daily = [i for i in Rotation(tmp_path, clock).entries() if i.reason == "daily"]
    assert len(daily) == KEEP["daily"]
    assert [i.sequence for i in daily] == sorted(i.sequence for i in daily)
    gaps = [b.created_at - a.created_at for a, b in zip(daily, daily[1:])]
    assert all(g >= timedelta(days=1) for g in gaps)  # at most one a day
    newest = newest_good_backup(tmp_path)
    assert newest == daily[-1].path
    assert validate_backup(newest).counts["incomes"] == 40  # taken right after the last save (day 20)


def test_clock_moved_back_does_not_confuse_newest_or_rotation(tmp_path):
    clock = Clock(datetime(2026, 11, 28, 9, 0, tzinfo=timezone.utc))
    store = open_store(tmp_path, clock=clock)
    store.put(customer(1))
    clock.now += timedelta(days=1)
    store.put(customer(2))  # second daily backup, 2 customers
    clock.now = datetime(2025, 1, 1, tzinfo=timezone.utc)  # the phone's clock was reset
    store.put(order(1, date(2030, 5, 5)))  # a record dated in the future, too
    newest = newest_good_backup(tmp_path)
    info = validate_backup(newest)
    assert info.created_at.year == 2025  # stamped with the (wrong) clock...
    assert info.counts == {**info.counts, "customers": 2, "orders": 1}  # ...yet it is the newest data
    assert info.sequence == max(i.sequence for i in Rotation(tmp_path, clock).entries())
    for _ in range(30):  # the clock keeps running from the wrong date
        clock.now += timedelta(days=1)
        store.put(customer(3))
    entries = Rotation(tmp_path, clock).entries()
    assert len([i for i in entries if i.reason == "daily"]) == KEEP["daily"]
    assert validate_backup(newest_good_backup(tmp_path)).counts["customers"] == 3
    assert store.orders.between(date(2030, 5, 1), date(2030, 5, 31))[0].id == "o000001"


def test_backups_can_be_switched_off(tmp_path):
    store = open_store(tmp_path, backups=False)
    store.put(customer(1))
    assert not (tmp_path / "backups").exists()


def test_maybe_backup_with_an_explicit_now(tmp_path):
    clock = Clock(datetime(2026, 11, 28, 8, 0, tzinfo=timezone.utc))
    store = open_store(tmp_path, clock=clock)
    store.put(customer(1))  # the first daily backup, right after the first record
    assert store.maybe_backup(clock.now + timedelta(hours=23)) is None
    made = store.maybe_backup(clock.now + timedelta(days=1))
    assert made is not None and validate_backup(made).created_at == clock.now + timedelta(days=1)
    assert store.maybe_backup(clock.now + timedelta(days=1, hours=1)) is None


def test_an_empty_store_is_not_backed_up_but_a_bulk_load_is(tmp_path):
    """Opening a new folder must not spend the day's backup on nothing: the demo is
    loaded right after, and that is what the day's backup must hold."""
    folder = tmp_path / "data"
    store = open_store(folder)
    try:
        assert list((folder / "backups").glob("*.zip")) == []
        store.bulk_load([customer(i) for i in range(3)])
        made = list((folder / "backups").glob("*.zip"))
        assert len(made) == 1
        validate_backup(made[0])
        with zipfile.ZipFile(made[0]) as archive:
            manifest = orjson.loads(archive.read("manifest.json"))
        assert manifest["counts"]["customers"] == 3
    finally:
        store.close()


def test_a_schema_2_folder_becomes_current_with_every_record_and_a_backup_first(tmp_path):
    """Schema 3 only adds refunds, but the number must move so an older smallshop refuses
    the folder instead of counting income without its refunds (migrations.py)."""
    data = tmp_path / "data"
    store = open_store(data, backups=False)
    store.put(customer(1))
    store.put(order(1, customer_id="c000001"))
    store.put(income(1))
    store.close()
    (data / "meta.json").write_bytes(orjson.dumps({"app": "smallshop", "schema_version": 2}))
    before = {p.relative_to(data).as_posix(): p.read_bytes()
              for p in data.rglob("*.json") if p.name not in ("meta.json", "checksums.json") and "backups" not in p.parts}

    again = open_store(data, clock=Clock(datetime(2026, 11, 28, tzinfo=timezone.utc)))
    assert SCHEMA_VERSION >= 3 and again.migrated_from == 2
    assert validate_backup(again.migration_backup).schema_version == 2
    assert [c.id for c in again.customers.all()] == ["c000001"]
    assert [o.id for o in again.orders.all()] == ["o000001"] and len(again.incomes) == 1
    again.close()
    assert orjson.loads((data / "meta.json").read_bytes())["schema_version"] == SCHEMA_VERSION
    after = {p.relative_to(data).as_posix(): p.read_bytes()
             for p in data.rglob("*.json") if p.name not in ("meta.json", "checksums.json") and "backups" not in p.parts}
    assert {k: orjson.loads(v) for k, v in after.items() if k in before} == \
        {k: orjson.loads(v) for k, v in before.items()}


def test_a_schema_3_folder_becomes_4_and_its_debts_get_the_lender_type_other(tmp_path):
    """Schema 4 (issue 15) describes debts: every old debt, also one in the recycle bin,
    is written with lender_type "other" (nobody described it yet) and keeps its purpose;
    the other records are unchanged and a backup of the schema-3 folder comes first."""
    from smallshop.domain.history import bin_entry
    from smallshop.domain.models import Audit, Debt, DebtPurpose, Frequency, LenderType
    from smallshop.domain.money import Money

    def debt(n: int, purpose: DebtPurpose) -> Debt:
        return Debt(id=f"d{n}", lender="Апам", principal=Money.som("30000"), start_date=date(2026, 3, 1),
                    first_due_date=date(2026, 4, 1), frequency=Frequency.MONTHLY, instalment_count=3,
                    purpose=purpose, audit=Audit(version=1))

    data = tmp_path / "data"
    store = open_store(data, backups=False)
    store.put(customer(1))
    store.put(debt(1, DebtPurpose.HOUSEHOLD))
    store.put(bin_entry(debt(2, DebtPurpose.BUSINESS), datetime(2026, 5, 1, tzinfo=timezone.utc), None, Audit()))
    store.close()
    for name in ("debts.json", "bin.json"):  # what a schema-3 smallshop wrote: no lender_type
        raw = orjson.loads((data / name).read_bytes())
        for doc in raw[name[:-5]].values():
            (doc.get("debt") or doc).pop("lender_type")
        (data / name).write_bytes(orjson.dumps(raw))
    (data / "meta.json").write_bytes(orjson.dumps({"app": "smallshop", "schema_version": 3}))
    customers_before = (data / "customers.json").read_bytes()

    again = open_store(data, clock=Clock(datetime(2026, 11, 28, tzinfo=timezone.utc)))
    try:
        assert again.migrated_from == 3 and validate_backup(again.migration_backup).schema_version == 3
        [kept] = again.debts.all()
        assert (kept.purpose, kept.lender_type, kept.principal) == (DebtPurpose.HOUSEHOLD, LenderType.OTHER,
                                                                    Money.som("30000"))
        assert again.bin.get("d2").record.lender_type is LenderType.OTHER
    finally:
        again.close()
    assert orjson.loads((data / "debts.json").read_bytes())["debts"]["d1"]["lender_type"] == "other"
    assert orjson.loads((data / "bin.json").read_bytes())["bin"]["d2"]["debt"]["lender_type"] == "other"
    assert orjson.loads((data / "customers.json").read_bytes()) == orjson.loads(customers_before)
    assert orjson.loads((data / "meta.json").read_bytes())["schema_version"] == SCHEMA_VERSION


def test_a_save_only_in_the_log_is_in_the_before_migration_backup(tmp_path):
    """The before-migration backup copied the data files only: a save still in
    wal.log (a crash, or an old smallshop killed) was missing from it, so restoring
    that backup lost it. The log is now written into the files first."""
    from smallshop.storage import tinydb_store
    from smallshop.storage.restoring import restore_backup

    data = tmp_path / "data"
    store = open_store(data, backups=False)
    store.put(customer(1))
    store.close()
    store = open_store(data, backups=False)
    store.put(customer(2, name="Бурулай"))  # only in the log: the program is then killed
    store._wal.close()
    store._file_lock.release()
    del tinydb_store._REGISTRY[data.resolve()]
    assert b"c000002" not in (data / "customers.json").read_bytes()
    (data / "meta.json").write_bytes(orjson.dumps({"app": "smallshop", "schema_version": 2}))

    again = open_store(data, clock=Clock(datetime(2026, 11, 28, tzinfo=timezone.utc)))
    backup = again.migration_backup
    assert [c.id for c in again.customers.all()] == ["c000001", "c000002"]
    again.close()
    with zipfile.ZipFile(backup) as zf:
        assert b"c000002" in zf.read("customers.json")
    restore_backup(tmp_path / "elsewhere", backup)
    restored = open_store(tmp_path / "elsewhere", backups=False)
    assert [c.id for c in restored.customers.all()] == ["c000001", "c000002"]
    restored.close()


@pytest.mark.parametrize("tables", [
    dict(V1, secrets={"1": {"id": "s1", "pin": "1234"}}),  # a table smallshop never had
    dict(V1, customers={"1": V1["customers"]["1"], "2": ["not", "a", "record"]}),
    dict(V1, customers=["not", "a", "table"]),
])
def test_schema_1_data_with_something_it_cannot_keep_is_refused_not_cut(tmp_path, tables):
    """Schema-1 data silently lost a table it did not know and any record that was not
    an object; now the folder (or backup) is refused naming the file, and left as it was."""
    from smallshop.storage.interfaces import StoreDamagedError

    data = _old_folder(tmp_path / "data")
    (data / "smallshop.json").write_bytes(orjson.dumps(tables))
    before = {p.name: p.read_bytes() for p in data.iterdir() if p.is_file()}
    with pytest.raises(StoreDamagedError) as err:
        open_store(data, clock=Clock(datetime(2026, 11, 28, tzinfo=timezone.utc)))
    assert err.value.params["file"] == "smallshop.json"
    assert {p.name: p.read_bytes() for p in data.iterdir() if p.is_file() and p.name != ".lock"} == before
