"""Issue 15 through the services on a real store: the plan, the asset register,
who worked, the month's notes and debts described — validated like every form
(nothing saved half-way), owner-only writes, kept across a reopen, a backup and
a restore."""

from __future__ import annotations

from datetime import date

import pytest

from smallshop.domain.models import AssetSource, AssetStatus, CaseworkerTitle, DebtPurpose, LenderType, WorkerKind
from smallshop.domain.money import Money
from smallshop.domain.period import Month
from smallshop.domain.problems import DomainError
from smallshop.services.access import NotAllowedError
from smallshop.storage.tinydb_store import open_store
from smallshop.services import Services

from .conftest import count_all

NOV = Month(2026, 11)
PLAN = {"assistance_started": "10.03.2026", "sales_target": "30 000", "profit_target": "12 000"}
PURCHASES = [{"item": "Оверлок", "amount": "25 000", "month": "2026-12"},
             {"item": "", "amount": "", "month": ""},
             {"item": "Кездеме кесүүчү стол", "amount": "6 000", "month": "2027-02"}]
MACHINE = {"item": "Тигүү машинасы Janome", "value": "18 000", "acquired_on": "2026-03-10", "source": "grant"}


@pytest.fixture
def helper(services, owner):
    return services.settings.add_member({"name": "Айпери", "role": "helper"}, actor=owner.id)


def test_the_plan_is_saved_whole_and_read_back(services, owner):
    assert services.plan.current().audit.version == 0 and services.plan.months_since_assistance(NOV) is None
    saved = services.plan.update(PLAN, PURCHASES, owner.id, lang="ru")
    plan = services.plan.current()
    assert plan == saved and plan.assistance_started == date(2026, 3, 10)
    assert (plan.sales_target, plan.profit_target) == (Money.som("30000"), Money.som("12000"))
    assert [(p.item, p.amount, p.month) for p in plan.purchases] == [
        ("Оверлок", Money.som("25000"), Month(2026, 12)), ("Кездеме кесүүчү стол", Money.som("6000"), Month(2027, 2))]
    assert services.plan.months_since_assistance(NOV) == 8
    again = services.plan.update({**PLAN, "profit_target": ""}, [], owner.id, saved.audit.version)
    assert again.profit_target is None and again.purchases == () and again.audit.version == saved.audit.version + 1


def test_a_bad_plan_names_every_field_and_saves_nothing(services, owner):
    before = count_all(services)
    with pytest.raises(DomainError) as caught:
        services.plan.update({"assistance_started": "31.02.2026", "sales_target": "-5", "profit_target": "abc"},
                             [{"item": "", "amount": "25 000", "month": "2026-13"}], owner.id)
    assert {p.field for p in caught.value.problems} == {
        "assistance_started", "sales_target", "profit_target", "purchases.0.item", "purchases.0.month"}
    with pytest.raises(DomainError) as caught:
        services.plan.update({"assistance_started": "2026-12-01"}, [], owner.id)  # after today (2026-11-20)
    assert [p.key for p in caught.value.problems] == ["error.plan.started_in_future"]
    assert count_all(services) == before and services.plan.current().audit.version == 0


def test_only_the_owner_writes_the_plan_assets_jobs_and_notes(services, owner, helper):
    before = count_all(services)
    for attempt in (
        lambda: services.plan.update(PLAN, [], helper.id),
        lambda: services.assets.create(MACHINE, helper.id),
        lambda: services.jobs.confirm(NOV, [{"name": "Айпери"}], helper.id),
        lambda: services.notes.save(NOV, "Жакшы ай", helper.id),
    ):
        with pytest.raises(NotAllowedError):
            attempt()
    assert count_all(services) == before


def test_an_asset_changes_status_by_date_and_the_register_follows(services, owner):
    machine = services.assets.create(MACHINE, owner.id, lang="ky")
    services.assets.create({**MACHINE, "item": "Үтүк", "value": "3 500"}, owner.id)
    services.assets.create({"item": "Стол", "value": "6000", "acquired_on": "2026-05-02", "source": "own"}, owner.id)
    broken = services.assets.change_status(machine.id, {"status": "broken", "date": "2026-10-05",
                                                        "note": "мотору күйүп кетти"}, machine.audit.version, owner.id)
    assert [(c.date, c.status, c.note) for c in broken.changes] == [
        (date(2026, 10, 5), AssetStatus.BROKEN, "мотору күйүп кетти")]
    reg = services.assets.register(date(2026, 11, 30))
    assert (reg.grant_value, reg.own_contribution, reg.in_use_count) == (Money.som("21500"), Money.som("6000"), 2)
    assert services.assets.register(date(2026, 9, 30)).in_use_count == 3
    entry = services.history.history_of("asset", machine.id)[0]
    assert entry.action.value == "status" and entry.label == "Тигүү машинасы Janome"
    with pytest.raises(DomainError) as caught:  # before the last change: refused, nothing changes
        services.assets.change_status(machine.id, {"status": "in_use", "date": "2026-09-01"},
                                      broken.audit.version, owner.id)
    assert [p.key for p in caught.value.problems] == ["error.asset.change_before_last"]
    assert services.assets.get(machine.id) == broken


def test_a_bad_asset_form_saves_nothing_and_a_mistake_goes_to_the_bin(services, owner):
    before = count_all(services)
    with pytest.raises(DomainError) as caught:
        services.assets.create({"item": "", "value": "0", "acquired_on": "вчера", "source": "gift"}, owner.id)
    assert {p.field for p in caught.value.problems} == {"item", "value", "acquired_on", "source"}
    assert count_all(services) == before
    made = services.assets.create(MACHINE, owner.id)
    services.assets.change_status(made.id, {"status": "sold", "date": "2026-11-01"}, made.audit.version, owner.id)
    with pytest.raises(DomainError) as caught:  # the day it came cannot move past its first change
        services.assets.update(made.id, {**MACHINE, "acquired_on": "2026-11-02"}, made.audit.version + 1, owner.id)
    assert [p.key for p in caught.value.problems] == ["error.asset.acquired_after_change"]
    services.assets.delete(made.id, owner.id)
    assert services.assets.all() == []
    services.bin.restore(made.id, owner.id)
    assert [a.source for a in services.assets.all()] == [AssetSource.GRANT]


def test_jobs_are_pre_filled_then_confirmed_per_month(services, owner, helper):
    services.finance.record_expense({"amount": "4000", "category": "wages", "date": "2026-11-10",
                                     "description": "Айпериге эмгек акы"}, owner.id)
    suggestion = services.jobs.suggestion(NOV)
    assert suggestion.source == "members"
    assert [(w.name, w.paid) for w in suggestion.workers] == [("Гүлзат Ташиева", False), ("Айпери", True)]
    assert services.jobs.of_month(NOV) is None and services.jobs.tally(NOV) is None
    rows = [{"name": w.name, "member_id": w.member_id or "", "kind": w.kind.value, "paid": w.paid,
             "woman": "true", "young": "true" if w.name == "Айпери" else ""} for w in suggestion.workers]
    rows.append({"name": "Салтанат", "kind": "hired", "paid": "yes", "woman": "yes"})
    confirmed = services.jobs.confirm("2026-11", rows, owner.id)
    assert confirmed.id == "2026-11" and services.jobs.of_month(NOV) == confirmed
    t = services.jobs.tally(NOV)
    assert (t.total, t.family, t.hired, t.paid, t.women, t.young) == (3, 2, 1, 2, 3, 1)
    december = services.jobs.suggestion(Month(2026, 12))
    assert december.source == "previous" and december.workers[2].kind is WorkerKind.HIRED
    with pytest.raises(DomainError):  # the same person twice: refused, the first list stays
        services.jobs.confirm(NOV, rows + [{"name": "салтанат", "kind": "hired"}], owner.id, confirmed.audit.version)
    assert services.jobs.of_month(NOV) == confirmed
    nobody = services.jobs.confirm(NOV, [], owner.id, confirmed.audit.version)
    assert nobody.workers == () and services.jobs.tally(NOV).total == 0
    assert services.jobs.suggestion(Month(2026, 12)).source == "members"  # an empty month is not copied


def test_the_months_notes_are_kept_per_month(services, owner):
    assert services.notes.text_of(NOV) == "" and services.notes.of_month(NOV) is None
    note = services.notes.save(NOV, "Айпери ооруп калды.\nДекабрда оверлок алабыз.", owner.id)
    assert services.notes.text_of(NOV) == "Айпери ооруп калды.\nДекабрда оверлок алабыз."
    assert services.notes.text_of(Month(2026, 10)) == ""
    with pytest.raises(DomainError):
        services.notes.save(NOV, "x" * 2001, owner.id, note.audit.version)
    cleared = services.notes.save(NOV, "", owner.id, note.audit.version)
    assert cleared.text == "" and services.notes.of_month(NOV).audit.version == note.audit.version + 1


def test_debts_are_described_by_lender_type_and_purpose(services, owner):
    form = {"lender": "Эжем", "principal": "60 000", "start_date": "2025-01-15", "first_due_date": "2025-03-01",
            "frequency": "monthly", "instalment_count": "20", "purpose": "migration", "lender_type": "relatives"}
    debt = services.debts.create(form, owner.id)
    assert (debt.lender_type, debt.purpose) == (LenderType.RELATIVES, DebtPurpose.MIGRATION)
    plain = services.debts.create({**form, "lender_type": "", "purpose": "health"}, owner.id)
    assert plain.lender_type is LenderType.OTHER  # not said: "other", as debts from before schema 4
    services.debts.record_repayment(debt.id, {"amount": "3000", "date": "2025-03-01"}, owner.id)
    changed = services.debts.update(debt.id, {**form, "lender_type": "microfinance", "purpose": "education"},
                                    debt.audit.version, owner.id)
    assert (changed.lender_type, changed.purpose) == (LenderType.MICROFINANCE, DebtPurpose.EDUCATION)
    with pytest.raises(DomainError) as caught:
        services.debts.create({**form, "lender_type": "uncle", "purpose": "fun"}, owner.id)
    assert {p.field for p in caught.value.problems} == {"lender_type", "purpose"}


def test_the_profile_holds_the_programme_and_the_caseworkers_title(services, owner):
    profile = services.settings.update_profile({"business_name": "Гүлзат тигүү", "owner_name": "Гүлзат",
                                                "programme_name": "IOM Кыргызстан", "caseworker_name": "Асель",
                                                "caseworker_title": "case_manager"}, owner.id)
    assert (profile.programme_name, profile.caseworker_title) == ("IOM Кыргызстан", CaseworkerTitle.CASE_MANAGER)
    with pytest.raises(DomainError):
        services.settings.update_profile({"business_name": "x", "owner_name": "y", "caseworker_title": "boss"},
                                         owner.id, profile.audit.version)


def test_everything_survives_a_reopen_a_backup_and_a_restore(services, owner, data_dir, clock):
    services.plan.update(PLAN, PURCHASES, owner.id)
    machine = services.assets.create(MACHINE, owner.id)
    services.assets.change_status(machine.id, {"status": "broken", "date": "2026-10-05"}, 1, owner.id)
    services.jobs.confirm(NOV, [{"name": "Гүлзат", "woman": "1"}], owner.id)
    services.notes.save(NOV, "Баары жакшы", owner.id)
    _, content = services.backups.backup_bytes(owner.id)
    wanted = (services.plan.current(), services.assets.all(), services.jobs.of_month(NOV), services.notes.of_month(NOV))
    services.notes.save(NOV, "кийин жазылды", owner.id, 1)
    services.assets.delete(machine.id, owner.id)
    services.backups.restore(content, owner.id)
    assert (services.plan.current(), services.assets.all(), services.jobs.of_month(NOV),
            services.notes.of_month(NOV)) == wanted
    services.close()
    store = open_store(data_dir, clock=clock, backups=False)
    again = Services(store, clock=clock)
    try:
        assert (again.plan.current(), again.assets.all(), again.jobs.of_month(NOV),
                again.notes.of_month(NOV)) == wanted
        assert {p.name for p in data_dir.glob("*.json")} >= {"assets.json", "job_months.json",
                                                           "month_notes.json", "plans.json"}
    finally:
        store.close()
