"""The JSON contract (storage/jsonbytes.py) held by every backend: orjson, msgspec
and the standard library's json. orjson is the reference: for any input, a
fallback gives the same bytes, the same value (types included) or the same refusal.
A phone has no orjson, so a fallback that drifted would write files or read
damaged ones differently from the desktop that shares the folder."""

from __future__ import annotations

import ast
import math
import os
import shutil
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smallshop.domain.models import RECORD_TYPES
from smallshop.storage import jsonbytes, tinydb_store
from smallshop.storage.codec import encode
from smallshop.storage.files import DamagedFileError, read_json_file
from smallshop.storage.jsonbytes import JSONDecodeError, JSONEncodeError
from smallshop.storage.tinydb_store import open_store

from storage_factories import Clock, customer, expense, income, order
from test_codec import records_of

BACKENDS = jsonbytes.available()
NAMES = sorted(BACKENDS)


def test_every_backend_is_installed_for_the_tests():
    # msgspec is a test dependency so its path is always exercised (no skips)
    assert NAMES == ["json", "msgspec", "orjson"]


@pytest.fixture(params=NAMES)
def backend(request):
    return BACKENDS[request.param]


def typed(value):
    """A value with its types spelled out: 1 and 1.0 and True differ."""
    if isinstance(value, dict):
        return ("dict", tuple((k, typed(v)) for k, v in value.items()))
    if isinstance(value, list):
        return ("list", tuple(typed(v) for v in value))
    if isinstance(value, float) and math.isnan(value):
        return ("float", "nan")
    return (type(value).__name__, value)


def reference_loads(raw):
    """orjson's reading: ("ok", typed value) or ("error",)."""
    try:
        return ("ok", typed(orjson.loads(raw)))
    except orjson.JSONDecodeError:
        return ("error",)


def backend_loads(backend, raw):
    try:
        return ("ok", typed(backend.loads(raw)))
    except JSONDecodeError as exc:
        assert isinstance(exc, ValueError)
        return ("error",)


# --- values the store writes: identical bytes ---------------------------------------
texts = st.text(st.characters(blacklist_categories=("Cs",)))  # any str without lone surrogates
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**63), max_value=2**64 - 1) | texts,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(texts, inner, max_size=5),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=json_values)
def test_same_bytes_as_orjson_and_the_same_value_back(backend, value):
    assert backend.dumps(value) == orjson.dumps(value)
    assert backend.dumps_indented(value) == orjson.dumps(value, option=orjson.OPT_INDENT_2)
    assert typed(backend.loads(orjson.dumps(value))) == typed(value)


@pytest.mark.parametrize("cls", RECORD_TYPES, ids=lambda c: c.__name__)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_record_documents_are_the_same_bytes(backend, cls, data):
    doc = {"orders": {"x1": encode(data.draw(records_of(cls)))}}
    assert backend.dumps(doc) == orjson.dumps(doc)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.floats(allow_nan=False, allow_infinity=False))
def test_floats_read_back_exactly(backend, value):
    # floats are the one place the spelling may differ (1e-7 / 1e-07); the store writes none
    assert backend.loads(backend.dumps([value])) == [value]
    assert backend.loads(orjson.dumps([value])) == [value]


def test_nan_and_infinity_are_written_as_null_as_orjson_does(backend):
    assert backend.dumps([math.nan, math.inf, -math.inf]) == b"[null,null,null]"


# --- hostile input: the same refusal or the same value ------------------------------
HOSTILE = [
    b"", b" ", b"\n", b"{", b'{"a":1}x', b'{"a":1}{}', b"\xff", b'"\xed\xa0\x80"', b'"\\ud800"',
    b'"\\udc00x"', b'["\\uD83D"]', b'{"\\ud800":1}', b"NaN", b"[Infinity]", b"-Infinity", b"1e400",
    b"-1e400", b"\xef\xbb\xbf{}", b"\xfe\xff\x00[\x00]", b"\xff\xfe[\x00]\x00", b'"\x01"', b"[1,]",
    b'{"a":1,}', b"'a'", b"\x00", b"[\x00]", b"01", b"+1", b".5", b"1.", b"--1", b"[1 2]", b'{"a" 1}',
    b"{1:2}", b"tru", b"nul", b"[" * 2000 + b"]" * 2000, b'{"a":' * 2000 + b"1" + b"}" * 2000,
    b'"\\x41"', b'"\\u12"', b'"abc', b"\x1f", b"/* c */ 1", b"[1] // c",
]
ODD_BUT_VALID = [
    b'{"a":1}\n', b"  [] ", b'"\\ud83d\\ude00"', b'"\\u0000"', b"-0", b"1.0", b"1E2", b"0.1e-400",
    b'{"a":1,"a":2}', b"18446744073709551615", b"18446744073709551616", b"-9223372036854775808",
    b"-9223372036854775809", b'[99999999999999999999999]', b'{"k":12345678901234567890}',
    b'"12345678901234567890abc"', b'"\\\\ud800"', b"[" * 200 + b"]" * 200, "\"көйнөк\"".encode(),
    b'"\\u043a"', b'"\\/"', b"1.7976931348623157e308", b"5e-324", b'"\xf0\x9f\x98\x80"',
]


@pytest.mark.parametrize("raw", HOSTILE, ids=lambda b: repr(b[:20]))
def test_bad_input_is_refused_by_every_backend(backend, raw):
    assert reference_loads(raw) == ("error",)  # the reference refuses it too
    assert backend_loads(backend, raw) == ("error",)


@pytest.mark.parametrize("raw", ODD_BUT_VALID, ids=lambda b: repr(b[:20]))
def test_odd_valid_input_reads_as_orjson_reads_it(backend, raw):
    expected = reference_loads(raw)
    assert expected[0] == "ok"
    assert backend_loads(backend, raw) == expected


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=json_values, cut=st.integers(min_value=0, max_value=200), junk=st.binary(max_size=4),
       data=st.data())
def test_damaged_documents_read_as_orjson_reads_them(backend, value, cut, junk, data):
    raw = orjson.dumps(value)
    at = data.draw(st.integers(min_value=0, max_value=len(raw)))
    mangled = raw[:at] + junk + raw[at + cut % 3:]
    assert backend_loads(backend, mangled) == reference_loads(mangled)


def test_a_damaged_file_is_named_whatever_the_backend(monkeypatch, tmp_path, backend):
    monkeypatch.setattr(jsonbytes, "BACKEND", backend)
    for name, raw in {"cut.json": b'{"orders": {"o1": {"id": "o1"', "bom.json": b"\xef\xbb\xbf{}",
                      "nan.json": b'{"orders": NaN}', "empty.json": b""}.items():
        (tmp_path / name).write_bytes(raw)
        with pytest.raises(DamagedFileError) as caught:
            read_json_file(tmp_path / name)
        assert caught.value.path == tmp_path / name


# --- what cannot be written: refused, never written differently ---------------------
REFUSED_BY_ALL = [{1: 2}, {None: 1}, {("a",): 1}, 2**64, -(2**63) - 1, 10**30, "\ud800", ["a\udfff"],
                  {"k": "\ud83d"}, b"x", bytearray(b"x"), {1, 2}, object(), Decimal("1.5"),
                  {"deep": [[[Decimal("1")]]]}]
FALLBACKS_REFUSE = [date(2026, 11, 28), datetime(2026, 11, 28, tzinfo=timezone.utc)]


@pytest.mark.parametrize("value", REFUSED_BY_ALL, ids=repr)
def test_values_outside_the_data_model_are_refused(backend, value):
    with pytest.raises(orjson.JSONEncodeError):
        orjson.dumps(value)  # the reference refuses it
    with pytest.raises(JSONEncodeError) as caught:
        backend.dumps(value)
    assert isinstance(caught.value, TypeError)


@pytest.mark.parametrize("value", FALLBACKS_REFUSE, ids=repr)
@pytest.mark.parametrize("name", ["json", "msgspec"])
def test_fallbacks_refuse_what_the_store_never_writes_rather_than_guess(name, value):
    # orjson writes dates natively; codec.encode hands the store ISO text instead
    with pytest.raises(JSONEncodeError):
        BACKENDS[name].dumps({"when": value})


def _nested(levels: int) -> list:
    value: list = []
    for _ in range(levels - 1):
        value = [value]
    return value


@pytest.mark.parametrize("levels", [255, 256, 1100])
def test_too_deep_to_write_is_refused(backend, levels):
    with pytest.raises(orjson.JSONEncodeError):
        orjson.dumps(_nested(levels))
    with pytest.raises(JSONEncodeError):
        backend.dumps(_nested(levels))


def test_as_deep_as_orjson_writes_is_written(backend):
    assert backend.dumps(_nested(254)) == orjson.dumps(_nested(254))


# --- the store on each backend -------------------------------------------------------
CLOCK = Clock(datetime(2026, 11, 28, 9, 0, tzinfo=timezone.utc))


def _fill(folder: Path, monkeypatch) -> None:
    store = open_store(folder, backups=False, clock=CLOCK)
    with store.transaction() as tx:
        tx.put(customer(1))
        tx.put(order(1))
        tx.put(income(1, order_id="o000001"))
    store.put(expense(1))
    store.checkpoint()
    store.put(income(2, day=date(2026, 12, 1)))  # left in the log: replayed at the next open
    store._wal.close()  # what kill -9 leaves: no checkpoint, no close
    store._file_lock.release()
    monkeypatch.delitem(tinydb_store._REGISTRY, folder.resolve())


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*.json"))}


def test_a_folder_written_with_orjson_opens_and_saves_identically_on_every_backend(monkeypatch, tmp_path):
    monkeypatch.setattr(jsonbytes, "BACKEND", BACKENDS["orjson"])
    _fill(tmp_path / "orig", monkeypatch)
    results = {}
    for name in NAMES:
        monkeypatch.setattr(jsonbytes, "BACKEND", BACKENDS[name])
        folder = tmp_path / name
        shutil.copytree(tmp_path / "orig", folder, ignore=shutil.ignore_patterns(".lock"))
        store = open_store(folder, backups=False, clock=CLOCK)
        assert sorted(r.id for r in store.incomes.all()) == ["i000001", "i000002"]
        assert store.orders.get("o000001").items == order(1).items
        store.put(expense(2))
        store.close()
        results[name] = _snapshot(folder)
    assert results["json"] == results["orjson"]
    assert results["msgspec"] == results["orjson"]
    assert "expenses/2026-11.json" in results["orjson"]


def test_only_jsonbytes_imports_orjson():
    """Everything else goes through the fallback-capable module."""
    src = Path(jsonbytes.__file__).resolve().parents[1]
    offenders = []
    for path in src.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            if any(n.split(".")[0] in ("orjson", "msgspec") for n in names) and path.name != "jsonbytes.py":
                offenders.append(str(path))
    assert offenders == []


def test_the_backend_can_be_chosen_and_a_wrong_name_is_refused(monkeypatch):
    monkeypatch.setenv("SMALLSHOP_JSON", "json")
    assert jsonbytes._choose().name == "json"
    monkeypatch.setenv("SMALLSHOP_JSON", "simplejson")
    with pytest.raises(RuntimeError, match="simplejson"):
        jsonbytes._choose()
    monkeypatch.delenv("SMALLSHOP_JSON")
    assert jsonbytes._choose().name == "orjson"


PHONE = """
import sys
for name in {missing!r}:
    sys.modules[name] = None  # as on a phone: the wheel does not exist there
from datetime import date
from smallshop.storage import jsonbytes
from smallshop.storage.tinydb_store import open_store
from storage_factories import income
store = open_store(sys.argv[1], backups=False)
store.put(income(7, day=date(2026, 11, 5)))
store.close()
store = open_store(sys.argv[1], backups=False)
print(jsonbytes.BACKEND_NAME, [r.id for r in store.incomes.all()])
store.close()
"""


@pytest.mark.parametrize(("missing", "expected"), [(["orjson"], "msgspec"), (["orjson", "msgspec"], "json")])
def test_without_orjson_the_store_runs_on_a_fallback(tmp_path, missing, expected):
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "SMALLSHOP_JSON"}
    env["PYTHONPATH"] = os.pathsep.join([str(Path(__file__).parent), env.get("PYTHONPATH", "")])
    done = subprocess.run([sys.executable, "-c", PHONE.format(missing=missing), str(tmp_path)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [expected, "['i000007']"]
