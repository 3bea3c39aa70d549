"""Every record type survives encode -> JSON bytes -> decode unchanged."""

import dataclasses
import typing
from datetime import date, datetime, timezone
from decimal import Decimal

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smallshop.domain.models import RECORD_TYPES, Audit, Income, IncomeCategory, LineItem, Order
from smallshop.domain.money import Money
from smallshop.domain.period import Month
from smallshop.storage.codec import CodecError, decode, encode

st.register_type_strategy(Money, st.builds(Money, st.integers(min_value=-(10**15), max_value=10**15)))
st.register_type_strategy(Decimal, st.decimals(allow_nan=False, allow_infinity=False, places=3,
                                               min_value=-10**6, max_value=10**6))
st.register_type_strategy(Month, st.builds(Month, st.integers(1900, 9999), st.integers(1, 12)))
st.register_type_strategy(datetime, st.one_of(
    st.datetimes(), st.datetimes(timezones=st.just(timezone.utc))))

INT64 = st.integers(min_value=-(2**63), max_value=2**63 - 1)  # what JSON files hold


def records_of(cls):
    """Hypothesis builds from the type hints, with ints kept to 64 bits."""
    hints = typing.get_type_hints(cls)
    return st.builds(cls, **{f.name: INT64 for f in dataclasses.fields(cls) if hints[f.name] is int})


st.register_type_strategy(Audit, records_of(Audit))


@pytest.mark.parametrize("cls", RECORD_TYPES, ids=lambda c: c.__name__)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_round_trip_through_json_bytes(cls, data):
    record = data.draw(records_of(cls))
    doc = orjson.loads(orjson.dumps(encode(record)))
    assert decode(cls, doc) == record


def test_encoding_is_plain_and_stable():
    order = Order(id="o1", customer_id="c1", order_date=date(2026, 11, 3),
                  items=(LineItem("көйнөк", Decimal("1.5"), Money(125050)),),
                  audit=Audit(created_at=datetime(2026, 11, 3, 9, 30, tzinfo=timezone.utc), version=2))
    doc = encode(order)
    assert doc["order_date"] == "2026-11-03"
    assert doc["items"] == [{"description": "көйнөк", "quantity": "1.5", "unit_price": 125050}]
    assert doc["status"] == "new"
    assert doc["audit"]["created_at"] == "2026-11-03T09:30:00+00:00"
    assert doc["audit"]["version"] == 2


def test_missing_optional_fields_take_defaults():
    doc = {"id": "i1", "date": "2026-11-03", "amount": 100, "category": "other"}
    income = decode(Income, doc)
    assert income.description == "" and income.audit == Audit()


@pytest.mark.parametrize("bad", [
    {"date": "2026-11-03", "amount": 100, "category": "other"},  # no id
    {"id": "i1", "date": "03.11.2026", "amount": 100, "category": "other"},
    {"id": "i1", "date": "2026-11-03", "amount": 1.5, "category": "other"},  # float money
    {"id": "i1", "date": "2026-11-03", "amount": 100, "category": "bribe"},
    {"id": "i1", "date": "2026-11-03", "amount": "100", "category": "other"},
])
def test_bad_documents_raise_codec_error(bad):
    with pytest.raises(CodecError):
        decode(Income, bad)
    assert IncomeCategory.OTHER.value == "other"
