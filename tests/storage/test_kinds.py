"""The record kinds are listed once (domain.records.RECORD_KINDS); the storage layout
and the Store protocol must name the same kinds with the same record classes."""

from __future__ import annotations

import typing

from smallshop.domain.history import BinEntry, HistoryEntry
from smallshop.domain.records import RECORD_KINDS as DOMAIN_KINDS
from smallshop.storage.interfaces import Repository, Store
from smallshop.storage.layout import KINDS, RECORD_KINDS


def test_layout_has_one_kind_per_domain_record_class_plus_history_and_bin():
    assert [(k.name, k.cls, k.date_field, k.links) for k in RECORD_KINDS] == [
        (k.plural, k.cls, k.date_field, k.links) for k in DOMAIN_KINDS]
    assert [(k.name, k.cls) for k in KINDS[len(RECORD_KINDS):]] == [("history", HistoryEntry), ("bin", BinEntry)]
    assert len({k.name for k in KINDS}) == len(KINDS)


def test_store_protocol_declares_a_repository_of_each_kind():
    hints = typing.get_type_hints(Store)
    repositories = {name: typing.get_args(hint)[0] for name, hint in hints.items()
                    if typing.get_origin(hint) is Repository}
    assert repositories == {k.name: k.cls for k in KINDS}


def test_a_refund_is_stored_by_its_month_and_read_back_after_reopening(tmp_path):
    """Issue 11 added the refund kind: its own folder, one file per month of its date."""
    from datetime import date

    from smallshop.domain.models import Audit, PaymentMethod, Refund
    from smallshop.domain.money import Money
    from smallshop.storage.tinydb_store import open_store

    refund = Refund("f1", date(2026, 3, 10), Money.som("600.50"), PaymentMethod.MOBILE, order_id="o1",
                    customer_id="c1", description="буйрутма жокко чыгарылды", audit=Audit())
    store = open_store(tmp_path / "data", backups=False)
    with store.transaction() as tx:
        tx.put(refund)
    store.close()
    assert (tmp_path / "data" / "refunds" / "2026-03.json").is_file()
    again = open_store(tmp_path / "data", backups=False)
    try:
        [back] = again.refunds.between(date(2026, 3, 1), date(2026, 3, 31))
        assert (back.amount, back.method, back.order_id, back.description) == (
            Money.som("600.50"), PaymentMethod.MOBILE, "o1", "буйрутма жокко чыгарылды")
    finally:
        again.close()


def test_issue_15_kinds_are_backed_up_and_recovered_like_every_other_kind(tmp_path):
    """The plan, assets, jobs and notes have their own files; a backup holds them, and a
    damaged assets.json comes back from the newest backup through `recover`."""
    from datetime import date, datetime, timezone

    from smallshop.domain.models import (Asset, AssetSource, AssetStatus, AssetStatusChange, Audit, BusinessPlan,
                                         MonthJobs, MonthNote, PlannedPurchase, Worker)
    from smallshop.domain.money import Money
    from smallshop.domain.period import Month
    from smallshop.storage.backups import validate_backup
    from smallshop.storage.recovery import recover
    from smallshop.storage.tinydb_store import open_store

    nov = Month(2026, 11)
    records = [
        BusinessPlan(assistance_started=date(2026, 3, 10), sales_target=Money.som("30000"),
                     purchases=(PlannedPurchase("Оверлок", Money.som("25000"), Month(2026, 12)),), audit=Audit()),
        Asset("a1", "Тигүү машинасы", Money.som("18000"), date(2026, 3, 10), AssetSource.GRANT,
              (AssetStatusChange(date(2026, 10, 5), AssetStatus.BROKEN, "мотор"),), audit=Audit()),
        MonthJobs("2026-11", nov, (Worker("Айпери", woman=True, young=True),), audit=Audit()),
        MonthNote("2026-11", nov, "Жакшы ай", audit=Audit()),
    ]
    data = tmp_path / "data"
    store = open_store(data, clock=lambda: datetime(2026, 11, 28, tzinfo=timezone.utc))
    store.bulk_load(records)
    backup = store.backup()
    store.close()
    counts = validate_backup(backup).counts
    assert {k: counts[k] for k in ("plans", "assets", "job_months", "month_notes")} == dict.fromkeys(
        ("plans", "assets", "job_months", "month_notes"), 1)
    (data / "assets.json").write_bytes(b"\x00garbage")
    report = recover(data, tmp_path / "saved")
    assert report.from_backup == ["assets.json"]
    again = open_store(tmp_path / "saved", backups=False)
    try:
        back = [again.plans.get("plan"), again.assets.get("a1"), again.job_months.get("2026-11"),
                again.month_notes.get("2026-11")]
        assert [(type(r), r.id) for r in back] == [(type(r), r.id) for r in records]
        assert back[1].changes == records[1].changes and back[2].workers == records[2].workers
        assert back[0].purchases == records[0].purchases
    finally:
        again.close()
