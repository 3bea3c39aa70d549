"""Property tests: every amount written the ways people and our screens write it parses back exactly."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smallshop.domain.money import Money
from smallshop.domain.parsing import MAX_AMOUNT, parse_amount, parse_quantity
from smallshop.i18n import get_translator

amounts = st.integers(min_value=1, max_value=MAX_AMOUNT.tyiyn).map(Money)
SPACES = ["", " ", "\u00a0", "\u202f", "\u2009"]


def _write(money: Money, group: str, mark: str, decimals: bool, suffix: str) -> str:
    """How a person might write `money`: grouped by `group`, decimals after `mark`."""
    whole, cents = divmod(money.tyiyn, 100)
    digits = f"{whole:,}".replace(",", group)
    text = digits + (f"{mark}{cents:02d}" if decimals or cents else "")
    return text + suffix


@given(amounts, st.sampled_from(SPACES), st.sampled_from([",", "."]), st.booleans(),
       st.sampled_from(["", " сом", "сом", " som", " KGS"]))
def test_written_amounts_parse_back(money, group, mark, decimals, suffix):
    assert parse_amount(_write(money, group, mark, decimals, suffix)) == money


@given(amounts)
def test_storage_form_round_trip(money):
    assert parse_amount(money.to_decimal_str()) == money
    assert parse_amount(money.to_decimal_str().replace(".", ",")) == money


@pytest.mark.parametrize("lang, mark", [("en", "."), ("ru", ","), ("ky", ",")])
@given(money=amounts)
def test_what_the_screens_show_parses_back(lang, mark, money):
    """An amount copied from a screen (formatted by the translator) is read back exactly."""
    t = get_translator(lang)
    assert parse_amount(t.money(money), decimal_mark=mark) == money
    assert parse_amount(t.money(money, always_decimals=True), decimal_mark=mark) == money


@given(st.lists(amounts, max_size=30))
def test_sums_of_parsed_amounts_are_exact(moneys):
    parsed = [parse_amount(m.to_decimal_str()) for m in moneys]
    assert Money.total(parsed).tyiyn == sum(m.tyiyn for m in moneys)
    assert Money.total(parsed).to_decimal() == sum((m.to_decimal() for m in moneys), Decimal(0))


@given(st.decimals(min_value=Decimal("0.001"), max_value=Decimal(100_000), places=3))
def test_quantities_round_trip(quantity):
    assert parse_quantity(str(quantity)) == quantity
    assert parse_quantity(str(quantity).replace(".", ",")) == quantity


from smallshop.domain.parsing import (  # noqa: E402
    MAX_QUANTITY, clean_name, clean_phone, clean_text, parse_date, parse_integer, parse_month,
)
from smallshop.domain.problems import DomainError  # noqa: E402

typed = st.one_of(
    st.text(max_size=60),
    st.text(alphabet="0123456789 ,.-+eE\u00a0\u202fсомsKGS'_", max_size=40),
    st.from_regex(r"-?[0-9 ]{0,30}[.,]?[0-9]{0,6}", fullmatch=True),
)


@given(typed, st.sampled_from([None, ",", "."]))
def test_any_text_gives_an_amount_or_a_problem_never_a_crash(text, mark):
    try:
        money = parse_amount(text, decimal_mark=mark)
    except DomainError as error:
        assert len(error.problems) == 1 and error.problems[0].key.startswith("error.amount.")
    else:
        assert Money(1) <= money <= MAX_AMOUNT


@given(typed)
def test_any_text_gives_a_quantity_or_a_problem(text):
    try:
        quantity = parse_quantity(text)
    except DomainError as error:
        assert error.problems[0].key.startswith("error.quantity.")
    else:
        assert 0 < quantity <= MAX_QUANTITY


@given(st.text(max_size=300))
def test_any_text_is_cleaned_or_refused(text):
    for call, prefix in ((clean_name, "error.name."), (clean_text, "error.text."), (clean_phone, "error.phone."),
                         (parse_date, "error.date."), (parse_month, "error.month."),
                         (lambda t: parse_integer(t, "n", minimum=1, maximum=360), "error.integer.")):
        try:
            value = call(text)
        except DomainError as error:
            assert error.problems[0].key.startswith(prefix)
        else:
            if call is clean_name:
                assert value == value.strip() and "  " not in value and 0 < len(value) <= 120
