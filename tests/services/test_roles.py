"""Roles enforced in the services: every action tried by an owner and by a helper.

The table below names one service call per domain.access.Action; a helper's
forbidden call must raise NotAllowedError and change nothing on disk, an allowed
one must go through. A test checks the table covers every action.
"""

from __future__ import annotations

import pytest

from smallshop.domain.access import HELPER_ACTIONS, Action, can
from smallshop.domain.models import Role
from smallshop.i18n import get_translator
from smallshop.services.access import NotAllowedError, SignInRequiredError, UnknownMemberError

from .conftest import TODAY, count_all


@pytest.fixture
def world(services, owner, customer):
    """An owner (with a PIN), a helper, and one record of every kind to act on."""
    services.members.reset_pin(owner.id, "1357", owner.id)
    helper = services.settings.add_member({"name": "Айпери", "role": "helper", "pin": "2468"}, owner.id)
    spare = services.customers.create({"name": "Бурул"}, owner.id)
    order = services.orders.create(
        {"customer_id": customer.id, "order_date": "2026-11-10", "due_date": "2026-11-25"},
        [{"description": "Көйнөк", "quantity": "1", "unit_price": "3000"}], owner.id,
    )
    bare_order = services.orders.create(
        {"customer_id": customer.id, "order_date": "2026-11-11"},
        [{"description": "Шым", "quantity": "1", "unit_price": "900"}], owner.id,
    )
    income = services.finance.record_income({"amount": "500", "date": "2026-11-12"}, owner.id)
    expense = services.finance.record_expense({"amount": "200", "category": "materials", "date": "2026-11-12"},
                                              owner.id)
    draw = services.finance.record_draw({"amount": "300", "date": "2026-11-12"}, owner.id)
    debt_form = {"lender": "Эже", "principal": "12000", "start_date": "2026-10-01",
                 "first_due_date": "2026-11-01", "instalment_count": "6", "purpose": "business"}
    debt = services.debts.create(debt_form, owner.id)
    bare_debt = services.debts.create({**debt_form, "lender": "Байке"}, owner.id)
    repayment = services.debts.record_repayment(debt.id, {"amount": "1000", "date": "2026-11-05"}, owner.id)
    services.orders.record_payment(order.id, {"amount": "500", "date": "2026-11-11"}, owner.id)
    refund = services.orders.refund(order.id, {"amount": "50", "date": "2026-11-12"}, owner.id)
    asset = services.assets.create({"item": "Тигүү машинасы", "value": "18000", "acquired_on": "2026-03-10",
                                    "source": "grant"}, owner.id)
    return {
        "refund": refund, "asset": asset,
        "owner": owner, "helper": helper, "customer": customer, "spare": spare, "order": order,
        "bare_order": bare_order, "income": income, "expense": expense, "draw": draw, "debt": debt,
        "debt_form": debt_form, "bare_debt": bare_debt, "repayment": repayment,
    }


def _fresh(services, w, name):
    """The record as stored now (its current version)."""
    getters = {
        "customer": services.customers.get, "spare": services.customers.get, "order": services.orders.get,
        "bare_order": services.orders.get, "debt": services.debts.get, "bare_debt": services.debts.get,
    }
    return getters[name](w[name].id)


ACTIONS = {
    Action.CUSTOMER_CREATE: lambda s, a, w: s.customers.create({"name": "Жаңы"}, a),
    Action.CUSTOMER_EDIT: lambda s, a, w: s.customers.update(
        w["customer"].id, {"name": "Айгүл О."}, _fresh(s, w, "customer").audit.version, a),
    Action.CUSTOMER_DELETE: lambda s, a, w: s.customers.delete(w["spare"].id, a),
    Action.ORDER_CREATE: lambda s, a, w: s.orders.create(
        {"customer_id": w["customer"].id}, [{"description": "Жоолук", "unit_price": "400"}], a),
    Action.ORDER_EDIT: lambda s, a, w: s.orders.update(
        w["order"].id, {"customer_id": w["customer"].id, "order_date": "2026-11-10", "notes": "узун"},
        [{"description": "Көйнөк", "quantity": "1", "unit_price": "3000"}], _fresh(s, w, "order").audit.version, a),
    Action.ORDER_STATUS: lambda s, a, w: s.orders.change_status(
        w["order"].id, "in_progress", _fresh(s, w, "order").audit.version, a, TODAY),
    Action.ORDER_PAYMENT: lambda s, a, w: s.orders.record_payment(w["order"].id, {"amount": "100"}, a),
    Action.ORDER_DELETE: lambda s, a, w: s.orders.delete(w["bare_order"].id, a),
    Action.INCOME_CREATE: lambda s, a, w: s.finance.record_income({"amount": "50"}, a),
    Action.INCOME_EDIT: lambda s, a, w: s.finance.update_income(
        w["income"].id, {"amount": "550", "date": "2026-11-12"}, w["income"].audit.version, a),
    Action.INCOME_DELETE: lambda s, a, w: s.finance.delete("income", w["income"].id, a),
    Action.REFUND_CREATE: lambda s, a, w: s.orders.refund(w["order"].id, {"amount": "100"}, a),
    Action.REFUND_DELETE: lambda s, a, w: s.finance.delete("refund", w["refund"].id, a),
    Action.EXPENSE_CREATE: lambda s, a, w: s.finance.record_expense({"amount": "70", "category": "transport"}, a),
    Action.EXPENSE_EDIT: lambda s, a, w: s.finance.update_expense(
        w["expense"].id, {"amount": "210", "category": "materials", "date": "2026-11-12"},
        w["expense"].audit.version, a),
    Action.EXPENSE_DELETE: lambda s, a, w: s.finance.delete("expense", w["expense"].id, a),
    Action.DRAW_CREATE: lambda s, a, w: s.finance.record_draw({"amount": "100"}, a),
    Action.DRAW_EDIT: lambda s, a, w: s.finance.update_draw(
        w["draw"].id, {"amount": "350", "date": "2026-11-12"}, w["draw"].audit.version, a),
    Action.DRAW_DELETE: lambda s, a, w: s.finance.delete("draw", w["draw"].id, a),
    Action.DEBT_CREATE: lambda s, a, w: s.debts.create({**w["debt_form"], "lender": "Жаңы"}, a),
    Action.DEBT_EDIT: lambda s, a, w: s.debts.update(
        w["bare_debt"].id, {**w["debt_form"], "lender": "Байке", "instalment_count": "12"},
        _fresh(s, w, "bare_debt").audit.version, a),
    Action.DEBT_DELETE: lambda s, a, w: s.debts.delete(w["bare_debt"].id, a),
    Action.REPAYMENT_CREATE: lambda s, a, w: s.debts.record_repayment(w["debt"].id, {"amount": "500"}, a),
    Action.REPAYMENT_DELETE: lambda s, a, w: s.debts.delete_repayment(w["repayment"].id, a),
    Action.PROFILE_EDIT: lambda s, a, w: s.settings.update_profile({"business_name": "Цех", "owner_name": "Гүлзат"}, a),
    Action.LANGUAGE_SET: lambda s, a, w: s.settings.set_language("ru", a),
    Action.MEMBERS_MANAGE: lambda s, a, w: s.settings.add_member({"name": "Нурай", "pin": "9090"}, a),
    Action.OWN_PIN_CHANGE: lambda s, a, w: s.members.reset_pin(a, "8080", a),
    Action.BACKUP_CREATE: lambda s, a, w: s.backups.backup_now(a),
    Action.BACKUP_DOWNLOAD: lambda s, a, w: s.backups.backup_bytes(a),
    Action.BACKUP_RESTORE: lambda s, a, w: s.backups.restore(s.backups.backup_now(w["owner"].id), a),
    Action.BIN_RESTORE: lambda s, a, w: s.bin.items(a),
    Action.BIN_EMPTY: lambda s, a, w: s.bin.empty(a),
    Action.ACTIVITY_VIEW: lambda s, a, w: s.history.activity_feed(0, 10, actor=a),
    Action.SHARING_SET: lambda s, a, w: s.settings.set_sharing(True, a),
    Action.PLAN_EDIT: lambda s, a, w: s.plan.update({"sales_target": "30000"}, [], a),
    Action.ASSET_EDIT: lambda s, a, w: s.assets.change_status(
        w["asset"].id, {"status": "broken", "date": "2026-11-01"}, w["asset"].audit.version, a),
    Action.ASSET_DELETE: lambda s, a, w: s.assets.delete(w["asset"].id, a),
    Action.JOBS_CONFIRM: lambda s, a, w: s.jobs.confirm("2026-11", [{"name": "Айпери", "woman": "1"}], a),
    Action.NOTES_EDIT: lambda s, a, w: s.notes.save("2026-11", "Баары жакшы", a),
}


def test_the_table_covers_every_action():
    assert set(ACTIONS) == set(Action)


@pytest.mark.parametrize("role", [Role.OWNER, Role.HELPER])
@pytest.mark.parametrize("action", list(Action))
def test_every_action_for_every_role(services, world, action, role):
    actor = world["owner"].id if role is Role.OWNER else world["helper"].id
    if can(role, action):
        ACTIONS[action](services, actor, world)
        return
    before = (count_all(services), len(services.store.history), len(services.store.bin),
              {c.id: c.audit.version for c in services.store.customers.all()})
    with pytest.raises(NotAllowedError) as caught:
        ACTIONS[action](services, actor, world)
    assert caught.value.params["action"] == action.value
    after = (count_all(services), len(services.store.history), len(services.store.bin),
             {c.id: c.audit.version for c in services.store.customers.all()})
    assert after == before


def test_helper_rights_are_exactly_the_issue_list():
    assert {a.value for a in HELPER_ACTIONS} == {
        "customer.create", "customer.edit", "order.create", "order.edit", "order.status", "order.payment",
        "income.create", "income.edit", "expense.create", "expense.edit", "repayment.create",
        "language.set", "pin.change_own", "backup.create",
    }


@pytest.mark.parametrize("lang, word", [("en", "owner"), ("ru", "владелец"), ("ky", "ээси")])
def test_not_allowed_is_translated(services, world, lang, word):
    with pytest.raises(NotAllowedError) as caught:
        services.orders.delete(world["bare_order"].id, world["helper"].id)
    assert word in get_translator(lang).error(caught.value).lower()


def test_once_sharing_is_on_an_anonymous_or_unknown_actor_is_refused(services, world):
    with pytest.raises(SignInRequiredError):
        services.customers.create({"name": "Кимдир"}, None)
    with pytest.raises(UnknownMemberError):
        services.customers.create({"name": "Кимдир"}, "not-a-member")
    assert "sign in" in get_translator("en").error(SignInRequiredError(action="x")).lower()


def test_a_deactivated_member_can_do_nothing(services, world):
    helper = world["helper"]
    services.members.deactivate(helper.id, world["owner"].id)
    from smallshop.services.access import MemberInactiveError

    with pytest.raises(MemberInactiveError):
        services.customers.create({"name": "Кимдир"}, helper.id)


def test_without_sharing_the_local_owner_does_everything(services, customer):
    """No member has a PIN: actor None (the PC's owner) may delete, as before issue 5."""
    services.customers.delete(customer.id, None)
    assert services.customers.search().total == 0
    assert [e.id for e in services.bin.items(None)] == [customer.id]
