"""Amounts typed in the user's language: "1,250" is 1250 in English, and in
Kyrgyz/Russian "1.250" is 1250 (the comma is the decimal mark there)."""

from __future__ import annotations

import pytest

from smallshop.domain.money import Money
from smallshop.domain.problems import DomainError


@pytest.mark.parametrize("lang, typed, som", [("en", "1,250", 1250), ("ru", "1.250", 1250), ("ky", "1 250,5", "1250.5"),
                                              ("en", "1,250.50", "1250.50")])
def test_the_language_settles_the_decimal_mark(services, owner, customer, lang, typed, som):
    sale = services.finance.record_income({"amount": typed}, owner.id, lang=lang)
    assert sale.amount == Money.som(som)
    order = services.orders.create({"customer_id": customer.id},
                                   [{"description": "Көйнөк", "unit_price": typed}], owner.id,
                                   deposit={"amount": typed}, lang=lang)
    assert order.total == Money.som(som) and services.orders.account(order.id).balance == Money.som(0)
    expense = services.finance.record_expense({"amount": typed, "category": "materials"}, owner.id, lang=lang)
    assert expense.amount == Money.som(som)
    debt = services.debts.create({"lender": "Эже", "principal": typed, "first_due_date": "2026-12-01",
                                  "instalment_count": "1", "purpose": "business"}, owner.id, lang=lang)
    assert debt.principal == Money.som(som)
    assert services.debts.record_repayment(debt.id, {"amount": typed}, owner.id, lang=lang).amount == Money.som(som)


def test_without_a_language_an_ambiguous_amount_is_asked_again(services, owner):
    with pytest.raises(DomainError) as caught:
        services.finance.record_income({"amount": "1,250"}, owner.id)
    assert caught.value.problems[0].key == "error.amount.ambiguous"
    with pytest.raises(DomainError) as caught:  # in Russian 1,250 would be 1.250 som: three decimals
        services.finance.record_income({"amount": "1,250"}, owner.id, lang="ru")
    assert caught.value.problems[0].key == "error.amount.too_many_decimals"
