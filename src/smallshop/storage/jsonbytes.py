"""JSON text <-> Python values for every file the store writes, with or without orjson.

orjson is the fast path, but it has no Android/iOS wheel; msgspec is among Flet's
prebuilt mobile packages and the standard library's json works everywhere. All
three are held to orjson's contract (tests/storage/test_jsonbytes.py runs it
against each):

- `dumps` gives compact UTF-8 bytes (no spaces, non-ASCII as is) - byte for byte
  what orjson writes, so files, log entries and their CRCs do not depend on the
  backend; `dumps(..., indent=True)` is orjson's OPT_INDENT_2. One exception:
  a float is written as the shortest text that reads back to the same float, and
  the exponent's spelling differs (orjson 1e-7, json 1e-07); the store writes no
  floats (Money is integer tyiyn, quantities are Decimal text).
- it encodes dict (str keys), list, tuple, str, int, bool, None and float
  (NaN/infinity as null), at most 254 containers deep; anything else - non-str keys, integers outside 64 bits,
  lone surrogates, bytes, dates... - raises `JSONEncodeError` (a TypeError).
  orjson itself also encodes dataclasses, dates and enums natively; the store never
  hands it those (codec.encode makes plain values first), so the fallbacks refuse
  them rather than guess.
- `loads` accepts only strict UTF-8 JSON: no BOM, no NaN/Infinity, no lone
  surrogates, no numbers that overflow a float, nesting under ~1000 levels;
  integers beyond 64 bits decode as floats (as orjson does). Anything else raises
  `JSONDecodeError` (json.JSONDecodeError, a ValueError).

The backend is picked once at import: `SMALLSHOP_JSON=orjson|msgspec|json` if set
(benchmarks, tests), else the first of orjson, msgspec, json that imports.
docs/performance.md has each one's figures (`benchmarks/run.py` measures all).
"""

from __future__ import annotations

import json
import math
import os
import re
from typing import Any, Callable

JSONDecodeError = json.JSONDecodeError


class JSONEncodeError(TypeError):
    """A value outside the JSON data model the store writes."""


MAX_DEPTH = 1024  # orjson's reading limit; deeper documents are refused by every backend
MAX_WRITE_DEPTH = 254  # orjson writes at most 254 nested containers
_I64_MIN, _U64_MAX = -(2**63), 2**64 - 1
# Only documents holding an escaped UTF-16 surrogate (maybe a lone one) or a number
# of 19+ digits (maybe beyond 64 bits) need the careful path. Checked without a
# regex (one over 33 MB cost 0.25-0.55 s): every byte becomes "0" (a digit), "s"
# (what may precede a number: , : [ - whitespace) or "." (anything else, so digit
# runs inside hex ids do not count), then one fast substring search.
_SURROGATE = re.compile(rb"\\u[dD][89a-fA-F]")
_CLASSES = bytes(48 if chr(b).isdigit() and b < 128 else 115 if b in b",:[- \t\r\n" else 46
                 for b in range(256))
_LONG_NUMBER = b"s" + b"0" * 19


def _needs_care(raw: bytes | bytearray | memoryview | str) -> bool:
    if isinstance(raw, str):
        return True  # rare (the store reads bytes); the careful path handles it
    if b"\\u" in raw and _SURROGATE.search(raw) is not None:
        return True
    return _LONG_NUMBER in b"s" + bytes(raw).translate(_CLASSES)


class Backend:
    """One way to turn values into JSON bytes and back; see the module docstring."""

    name: str

    def __init__(self, name: str, dumps: Callable[[Any], bytes], dumps_indented: Callable[[Any], bytes],
                 loads: Callable[[bytes], Any]) -> None:
        self.name = name
        self.dumps = dumps
        self.dumps_indented = dumps_indented
        self.loads = loads


# --- orjson ------------------------------------------------------------------------
def _orjson() -> Backend:
    import orjson

    def dumps(value: Any, option: int = 0) -> bytes:
        try:
            return orjson.dumps(value, option=option)
        except orjson.JSONEncodeError as exc:
            raise JSONEncodeError(str(exc)) from exc

    # orjson.JSONDecodeError is a json.JSONDecodeError already
    return Backend("orjson", dumps, lambda v: dumps(v, orjson.OPT_INDENT_2), orjson.loads)


# --- the fallbacks: plain values checked in Python, encoded by msgspec or json --------
def _plain(value: Any, depth: int = 0) -> Any:
    """`value` if it is in the data model orjson and the fallbacks agree on (floats
    that are not finite become None, as orjson writes them); else JSONEncodeError."""
    kind = type(value)
    if kind is str or kind is bool or value is None:
        return value
    if kind is int:
        if not _I64_MIN <= value <= _U64_MAX:
            raise JSONEncodeError("Integer exceeds 64-bit range")
        return value
    if kind is float:
        return value if math.isfinite(value) else None
    if depth >= MAX_WRITE_DEPTH:
        raise JSONEncodeError("Recursion limit reached")
    if kind is dict:
        out = {}
        for key, item in value.items():
            if type(key) is not str:
                raise JSONEncodeError("Dict key must be str")
            out[key] = _plain(item, depth + 1)
        return out
    if kind is list or kind is tuple:
        return [_plain(item, depth + 1) for item in value]
    raise JSONEncodeError(f"Type is not JSON serializable: {kind.__name__}")


def _utf8(text: str) -> bytes:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as exc:  # a lone surrogate
        raise JSONEncodeError("str is not valid UTF-8: surrogates not allowed") from exc


def _check_decoded(value: Any, depth: int = 0) -> Any:
    """Refuse what orjson refuses after a permissive parse: lone surrogates, deep
    nesting; integers beyond 64 bits become floats (orjson's reading)."""
    kind = type(value)
    if kind is str:
        _decoded_text(value)
        return value
    if kind is int:
        return value if _I64_MIN <= value <= _U64_MAX else float(value)
    if kind is dict or kind is list:
        if depth >= MAX_DEPTH:
            raise JSONDecodeError("recursion limit exceeded", "", 0)
        if kind is dict:
            return {_decoded_text(k): _check_decoded(v, depth + 1) for k, v in value.items()}
        return [_check_decoded(v, depth + 1) for v in value]
    return value


def _decoded_text(text: str) -> str:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise JSONDecodeError("lone surrogate in string", "", 0) from exc
    return text


def _refuse_constant(name: str) -> Any:
    raise JSONDecodeError(f"{name} is not JSON", name, 0)


def _finite_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise JSONDecodeError("number out of range", text, 0)
    return number


_STDLIB_DECODER = json.JSONDecoder(parse_constant=_refuse_constant, parse_float=_finite_float)


def _text(raw: bytes | bytearray | memoryview | str) -> str:
    """Strict UTF-8 (no BOM stripping, no UTF-16 guessing as json.loads would do)."""
    return raw if isinstance(raw, str) else bytes(raw).decode("utf-8")


def _careful_loads(raw: bytes) -> Any:
    """The standard library's parse, then orjson's checks on the values."""
    try:
        text = _text(raw)
        return _check_decoded(_STDLIB_DECODER.decode(text))
    except JSONDecodeError:
        raise
    except (ValueError, RecursionError) as exc:  # bad UTF-8, too deep for the parser
        raise JSONDecodeError(str(exc) or type(exc).__name__, "", 0) from exc


def _stdlib() -> Backend:
    compact = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False,
                               allow_nan=False)
    indented = json.JSONEncoder(ensure_ascii=False, indent=2, check_circular=False, allow_nan=False)

    def loads(raw: bytes) -> Any:
        if not raw:
            raise JSONDecodeError("Input is a zero-length, empty document", "", 0)
        # the careful path's checks walk every value; they are needed only when
        # the text holds a surrogate escape or a huge integer
        if not _needs_care(raw):
            try:
                return _STDLIB_DECODER.decode(_text(raw))
            except JSONDecodeError:
                raise
            except (ValueError, RecursionError) as exc:
                raise JSONDecodeError(str(exc) or type(exc).__name__, "", 0) from exc
        return _careful_loads(raw)

    return Backend("json", lambda v: _utf8(compact.encode(_plain(v))),
                   lambda v: _utf8(indented.encode(_plain(v))), loads)


def _msgspec() -> Backend:
    import msgspec

    decoder = msgspec.json.Decoder()
    encoder = msgspec.json.Encoder()

    def dumps(value: Any) -> bytes:
        try:
            return encoder.encode(_plain(value))
        except UnicodeEncodeError as exc:
            raise JSONEncodeError("str is not valid UTF-8: surrogates not allowed") from exc

    def loads(raw: bytes) -> Any:
        if _needs_care(raw):
            return _careful_loads(raw)  # msgspec keeps huge integers exact; orjson does not
        try:
            return decoder.decode(raw)
        except msgspec.DecodeError as exc:
            raise JSONDecodeError(str(exc), "", 0) from exc
        except RecursionError as exc:
            raise JSONDecodeError("recursion limit exceeded", "", 0) from exc

    return Backend("msgspec", dumps, lambda v: msgspec.json.format(dumps(v), indent=2), loads)


FACTORIES: dict[str, Callable[[], Backend]] = {"orjson": _orjson, "msgspec": _msgspec, "json": _stdlib}


def available() -> dict[str, Backend]:
    """Every backend that can be imported here, by name (tests and benchmarks)."""
    found = {}
    for name, factory in FACTORIES.items():
        try:
            found[name] = factory()
        except ImportError:
            continue
    return found


def _choose() -> Backend:
    wanted = os.environ.get("SMALLSHOP_JSON", "").strip()
    if wanted:
        if wanted not in FACTORIES:
            raise RuntimeError(f"SMALLSHOP_JSON={wanted!r}: use one of {', '.join(FACTORIES)}")
        return FACTORIES[wanted]()  # an ImportError here is meant: the asked-for one is missing
    for factory in FACTORIES.values():
        try:
            return factory()
        except ImportError:
            continue
    raise AssertionError("unreachable: the standard library's json always imports")


BACKEND = _choose()
BACKEND_NAME = BACKEND.name


def dumps(value: Any, *, indent: bool = False) -> bytes:
    """Compact UTF-8 JSON (orjson's bytes); `indent=True` for files people read."""
    return BACKEND.dumps_indented(value) if indent else BACKEND.dumps(value)


def loads(raw: bytes) -> Any:
    """The value of strict UTF-8 JSON text; JSONDecodeError when it is not."""
    return BACKEND.loads(raw)
