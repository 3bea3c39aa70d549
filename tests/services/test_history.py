"""Who did what: one history entry per change, in the same transaction, the
activity feed for the owner, conflicts naming who saved, and change listeners."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from smallshop.domain.history import FieldChange, HistoryAction
from smallshop.domain.problems import DomainError
from smallshop.i18n import get_translator
from smallshop.services.access import NotAllowedError
from smallshop.storage.interfaces import ConflictError

ITEMS = [{"description": "Көйнөк", "quantity": "1", "unit_price": "2500"}]


@pytest.fixture
def helper(services, owner):
    return services.settings.add_member({"name": "Айпери", "role": "helper"}, owner.id)


def _order(services, customer, actor, **form):
    return services.orders.create({"customer_id": customer.id, "order_date": "2026-11-18", **form}, ITEMS, actor)


def test_create_edit_and_status_leave_entries_with_the_changed_fields(services, owner, helper, customer, clock):
    order = _order(services, customer, helper.id, due_date="2026-11-25")
    clock.moment += timedelta(minutes=5)
    edited = services.orders.update(
        order.id, {"customer_id": customer.id, "order_date": "2026-11-18", "due_date": "2026-11-27", "notes": "көк"},
        [{"description": "Көйнөк", "quantity": "2", "unit_price": "2500"}], order.audit.version, owner.id)
    clock.moment += timedelta(minutes=5)
    services.orders.change_status(order.id, "in_progress", edited.audit.version, helper.id, clock().date())
    entries = services.history.history_of("order", order.id)
    assert [(e.action, e.actor) for e in entries] == [
        (HistoryAction.STATUS, helper.id), (HistoryAction.EDIT, owner.id), (HistoryAction.CREATE, helper.id)]
    assert entries[2].changes == () and entries[2].label == "Көйнөк"
    assert set(entries[1].changes) == {
        FieldChange("due_date", "2026-11-25", "2026-11-27"),
        FieldChange("notes", "", "көк"),
        FieldChange("items", "Көйнөк × 1 × 2500.00", "Көйнөк × 2 × 2500.00"),
    }
    assert entries[0].changes == (FieldChange("status", "new", "in_progress"),)
    assert entries[1].at == datetime(2026, 11, 20, 8, 5, tzinfo=timezone.utc)
    assert [e.seq for e in entries] == sorted((e.seq for e in entries), reverse=True)


def test_the_order_of_changes_holds_when_the_clock_stands_still_or_goes_back(services, owner, customer, clock):
    first = services.customers.create({"name": "Бурул"}, owner.id)
    clock.moment -= timedelta(days=40)  # someone set the PC's date back
    second = services.customers.create({"name": "Нурай"}, owner.id)
    feed = services.history.activity_feed(0, 10, actor=owner.id).items
    assert [e.record_id for e in feed][:2] == [second.id, first.id]
    assert feed[0].at < feed[1].at  # the stamps tell the truth; the sequence keeps the order


def test_an_edit_that_changes_nothing_adds_no_entry(services, owner, customer):
    services.customers.update(customer.id, {"name": customer.name, "phone": customer.phone,
                                            "address": customer.address, "notes": customer.notes},
                              customer.audit.version, owner.id)
    assert [e.action for e in services.history.history_of("customer", customer.id)] == [HistoryAction.CREATE]


def test_a_refused_save_leaves_no_history(services, owner, customer):
    before = len(services.store.history)
    order = _order(services, customer, owner.id)
    with pytest.raises(DomainError):
        services.orders.record_payment(order.id, {"amount": "99999"}, owner.id)
    assert len(services.store.history) == before + 1  # the order only


def test_the_deposit_and_its_order_are_two_entries_of_one_save(services, owner, customer):
    order = services.orders.create({"customer_id": customer.id}, ITEMS, owner.id, deposit={"amount": "1000"})
    payment = services.orders.payments_of(order.id)[0]
    assert [e.action for e in services.history.history_of("income", payment.id)] == [HistoryAction.CREATE]
    assert [e.action for e in services.history.history_of("order", order.id)] == [HistoryAction.CREATE]


def test_history_is_stored_one_file_per_month(services, owner, customer, clock, data_dir):
    services.customers.update(customer.id, {"name": "Айгүл"}, customer.audit.version, owner.id)
    clock.moment = datetime(2026, 12, 2, 8, 0, tzinfo=timezone.utc)
    services.customers.create({"name": "Бурул"}, owner.id)
    services.store.close()  # checkpoint the log into the files
    files = sorted(p.name for p in (data_dir / "history").glob("*.json"))
    assert files == ["2026-11.json", "2026-12.json"]


def test_activity_feed_newest_first_paged_and_owner_only(services, owner, helper, customer, clock):
    for n in range(5):
        clock.moment += timedelta(days=12)  # across several months
        services.customers.create({"name": f"Кардар {n}"}, helper.id)
    feed = services.history.activity_feed(0, 3, actor=owner.id)
    everything = services.history.activity_feed(0, 100, actor=owner.id)
    assert feed.total == everything.total == len(services.store.history) == 8
    assert [e.label for e in feed.items] == ["Кардар 4", "Кардар 3", "Кардар 2"]
    stamps = [e.at for e in everything.items]
    assert stamps == sorted(stamps, reverse=True)
    assert [e.label for e in services.history.activity_feed(3, 3, actor=owner.id).items] == [
        "Кардар 1", "Кардар 0", "Айгүл Осмонова"]
    assert services.history.member_names()[helper.id] == "Айпери"
    with pytest.raises(NotAllowedError):
        services.history.activity_feed(0, 10, actor=helper.id)


def test_the_second_save_names_who_saved_first(services, owner, helper, customer, clock):
    opened_by_owner = services.orders.get(_order(services, customer, owner.id).id)
    opened_by_helper = opened_by_owner
    clock.moment = datetime(2026, 11, 20, 9, 30, tzinfo=timezone.utc)
    services.orders.change_status(opened_by_helper.id, "in_progress", opened_by_helper.audit.version, helper.id,
                                  clock().date())
    with pytest.raises(ConflictError) as caught:
        services.orders.update(opened_by_owner.id, {"customer_id": customer.id, "notes": "A"}, ITEMS,
                               opened_by_owner.audit.version, owner.id)
    params = caught.value.params
    assert params["updated_by_name"] == "Айпери" and params["updated_by"] == helper.id
    expected_time = clock().astimezone().strftime("%Y-%m-%d %H:%M")
    assert params["updated_at"] == expected_time
    message = get_translator("ru").error(caught.value)
    assert "Айпери" in message and expected_time in message
    assert services.orders.get(opened_by_owner.id).notes == ""  # the helper's change is kept


@pytest.mark.parametrize("edit", ["customer", "income", "expense", "draw", "debt", "profile", "member"])
def test_every_edit_path_checks_the_version(services, owner, helper, customer, edit):
    s = services
    debt_form = {"lender": "Эже", "principal": "1000", "first_due_date": "2026-12-01", "instalment_count": "2",
                 "purpose": "business"}
    make = {
        "customer": lambda: customer,
        "income": lambda: s.finance.record_income({"amount": "10"}, owner.id),
        "expense": lambda: s.finance.record_expense({"amount": "10", "category": "rent"}, owner.id),
        "draw": lambda: s.finance.record_draw({"amount": "10"}, owner.id),
        "debt": lambda: s.debts.create(debt_form, owner.id),
        "profile": lambda: s.settings.update_profile({"business_name": "Цех", "owner_name": "Гүлзат"}, owner.id),
        "member": lambda: helper,
    }
    save = {
        "customer": lambda r, v: s.customers.update(r.id, {"name": "X"}, v, owner.id),
        "income": lambda r, v: s.finance.update_income(r.id, {"amount": "11"}, v, owner.id),
        "expense": lambda r, v: s.finance.update_expense(r.id, {"amount": "11", "category": "rent"}, v, owner.id),
        "draw": lambda r, v: s.finance.update_draw(r.id, {"amount": "11"}, v, owner.id),
        "debt": lambda r, v: s.debts.update(r.id, {**debt_form, "lender": "X"}, v, owner.id),
        "profile": lambda r, v: s.settings.update_profile({"business_name": "X", "owner_name": "Y"}, owner.id, v),
        "member": lambda r, v: s.settings.update_member(r.id, {"name": "X"}, v, owner.id),
    }
    record = make[edit]()
    save[edit](record, record.audit.version)
    with pytest.raises(ConflictError) as caught:
        save[edit](record, record.audit.version)
    assert caught.value.params["updated_by_name"] == "Гүлзат Ташиева"


def test_on_change_is_told_after_each_commit_and_a_failing_listener_never_fails_a_save(services, owner, customer):
    seen = []
    stop = services.on_change(lambda kind, record_id, actor: seen.append((kind, record_id, actor)))
    services.on_change(lambda *args: 1 / 0)
    order = services.orders.create({"customer_id": customer.id}, ITEMS, owner.id, deposit={"amount": "100"})
    payment = services.orders.payments_of(order.id)[0]
    assert seen == [("order", order.id, owner.id), ("income", payment.id, owner.id)]
    with pytest.raises(DomainError):
        services.orders.record_payment(order.id, {"amount": "999999"}, owner.id)
    assert len(seen) == 2  # nothing committed, nobody told
    stop()
    services.customers.create({"name": "Бурул"}, owner.id)
    assert len(seen) == 2


def test_a_conflict_found_under_the_store_lock_also_names_the_member(services, owner, helper, customer, clock):
    """The early check passed (the edit was read before), then someone saved: the
    write itself refuses, with the name and the local time."""
    from dataclasses import replace

    stale = services.customers.get(customer.id)
    clock.moment = datetime(2026, 11, 20, 10, 15, tzinfo=timezone.utc)
    services.customers.update(customer.id, {"name": "Айгүл (helper)"}, stale.audit.version, helper.id)
    with pytest.raises(ConflictError) as caught:
        with services.context.write(owner.id) as w:
            w.put(replace(stale, name="Айгүл (owner)"), expected_version=stale.audit.version, before=stale)
    assert caught.value.params["updated_by_name"] == "Айпери"
    assert caught.value.params["updated_at"] == clock().astimezone().strftime("%Y-%m-%d %H:%M")
    assert services.customers.get(customer.id).name == "Айгүл (helper)"
