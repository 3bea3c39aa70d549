"""Domain records <-> JSON-able dicts, so the files hold plain, stable JSON.

Generic over the frozen dataclasses of domain.models: each class's type hints are
read once and compiled into a list of per-field converters, which keeps loading
60,000 records well under a second. Encodings: Money -> int tyiyn, date/datetime ->
ISO text, Month -> "YYYY-MM", Decimal -> str, enums -> value, nested dataclasses -> dicts, tuples ->
lists. Fields missing from a document take the dataclass default (older files).
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from functools import lru_cache
from typing import Any, Callable

from ..domain.money import Money
from ..domain.period import Month

Converter = Callable[[Any], Any] | None  # None = the value is stored as is


class CodecError(ValueError):
    """A document does not fit its record type (wrong field type, bad date...)."""


def _optional(conv: Converter) -> Converter:
    if conv is None:
        return None
    return lambda value: None if value is None else conv(value)


def _tuple_of(conv: Converter) -> Callable[[Any], Any]:
    if conv is None:
        return tuple
    return lambda values: tuple(conv(v) for v in values)


def _list_of(conv: Converter) -> Callable[[Any], Any]:
    if conv is None:
        return list
    return lambda values: [conv(v) for v in values]


def _converters(hint: Any) -> tuple[Converter, Converter]:
    """(encode, decode) for one type hint; None means identity."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) != 1:
            raise TypeError(f"unsupported union {hint!r}")
        enc, dec = _converters(args[0])
        return _optional(enc), _optional(dec)
    if origin is tuple:
        enc, dec = _converters(typing.get_args(hint)[0])
        return _list_of(enc), _tuple_of(dec)
    if hint is Money:
        return (lambda m: m.tyiyn), (lambda v: Money(v))
    if hint is datetime:
        return (lambda d: d.isoformat()), datetime.fromisoformat
    if hint is Month:
        return str, _month
    if hint is date:
        return (lambda d: d.isoformat()), date.fromisoformat
    if hint is Decimal:
        return str, _decimal
    if isinstance(hint, type) and issubclass(hint, Enum):
        return (lambda e: e.value), hint
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return (lambda r: encode(r)), (lambda d: decode(hint, d))
    if hint in (str, int, bool):
        return None, None
    raise TypeError(f"unsupported field type {hint!r}")


def _month(text: Any) -> Month:
    if not isinstance(text, str):
        raise CodecError(f"month must be stored as text, got {text!r}")
    return Month.parse(text)


def _decimal(text: Any) -> Decimal:
    if not isinstance(text, str):
        raise CodecError(f"decimal must be stored as text, got {text!r}")
    return Decimal(text)


@lru_cache(maxsize=None)
def _plan(cls: type) -> tuple[tuple[str, Converter, Converter, bool], ...]:
    hints = typing.get_type_hints(cls)
    plan = []
    for f in dataclasses.fields(cls):
        enc, dec = _converters(hints[f.name])
        has_default = f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
        plan.append((f.name, enc, dec, has_default))
    return tuple(plan)


def encode(record: Any) -> dict[str, Any]:
    """The JSON-able dict of a domain dataclass instance."""
    out: dict[str, Any] = {}
    cls: type = type(record)
    for name, enc, _dec, _ in _plan(cls):
        value = getattr(record, name)
        out[name] = value if enc is None else enc(value)
    return out


def decode(cls: type, doc: dict[str, Any]) -> Any:
    """The `cls` instance a document describes; raises CodecError when it does not fit."""
    try:
        return _fast_decoder(cls)(doc)
    except Exception:  # a missing field or a bad value: the careful path says which
        return _decode_checked(cls, doc)


def decode_strict(cls: type, doc: dict[str, Any]) -> Any:
    """`decode`, and also refuse a text, whole-number or yes/no field holding another
    JSON type (a list as a customer's name). `decode` passes those through for speed,
    which is safe for files this code wrote; a restore and `check` read files that came
    from elsewhere, so they decode strictly."""
    _check_types(cls, doc)
    return decode(cls, doc)


_PLAIN = {str: (str,), int: (int,), bool: (bool,)}


@lru_cache(maxsize=None)
def _field_hints(cls: type) -> tuple[tuple[str, Any], ...]:
    """(field name, type hint) of a record class, resolved once (a restore checks
    every record of a backup)."""
    hints = typing.get_type_hints(cls)
    return tuple((f.name, hints[f.name]) for f in dataclasses.fields(cls))


def _check_types(cls: type, doc: Any) -> None:
    if not isinstance(doc, dict):
        raise CodecError(f"{cls.__name__}: not an object")
    for name, hint in _field_hints(cls):
        if name in doc:
            _check_value(hint, doc[name], f"{cls.__name__}.{name}")


def _check_value(hint: Any, value: Any, where: str) -> None:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        if value is None:
            return
        (hint,) = [a for a in typing.get_args(hint) if a is not type(None)]
        origin = typing.get_origin(hint)
    if origin is tuple:
        if not isinstance(value, list):
            raise CodecError(f"{where}: a list was expected, got {type(value).__name__}")
        for item in value:
            _check_value(typing.get_args(hint)[0], item, where)
    elif hint in _PLAIN:
        # bool is a subclass of int: a whole-number field must not hold true/false
        if not isinstance(value, _PLAIN[hint]) or (hint is int and isinstance(value, bool)):
            raise CodecError(f"{where}: {hint.__name__} expected, got {type(value).__name__}")
    elif hint is Money:  # stored as its whole number of tyiyn
        if not isinstance(value, int) or isinstance(value, bool):
            raise CodecError(f"{where}: an amount in tyiyn expected, got {type(value).__name__}")
    elif hint is not Month and isinstance(hint, type) and dataclasses.is_dataclass(hint):
        _check_types(hint, value)  # a nested record (Month, dates, enums: decode checks them)


def _decode_checked(cls: type, doc: dict[str, Any]) -> Any:
    kwargs: dict[str, Any] = {}
    try:
        if not isinstance(doc, dict):
            raise CodecError(f"{cls.__name__}: not an object")
        for name, _enc, dec, has_default in _plan(cls):
            if name in doc:
                value = doc[name]
                kwargs[name] = value if dec is None else dec(value)
            elif not has_default:
                raise CodecError(f"{cls.__name__}: missing field {name!r}")
        return cls(**kwargs)
    except CodecError:
        raise
    except (TypeError, ValueError, KeyError, ArithmeticError, AttributeError) as exc:
        raise CodecError(f"{cls.__name__}: {exc}") from exc


# --- the fast path: one generated function per class ---------------------------
def _expr(hint: Any, value: str, env: dict[str, Any]) -> str:
    """Python source decoding the JSON value `value` (an expression) of type `hint`."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        (inner,) = [a for a in typing.get_args(hint) if a is not type(None)]
        helper = f"_opt{len(env)}"
        inner_src = _expr(inner, "v", env)
        env[helper] = eval(f"lambda v: None if v is None else {inner_src}", env)  # noqa: S307
        return f"{helper}({value})"
    if origin is tuple:
        helper = f"_item{len(env)}"
        env[helper] = eval(f"lambda v: {_expr(typing.get_args(hint)[0], 'v', env)}", env)  # noqa: S307
        return f"tuple(map({helper}, {value}))"
    if hint in (str, int, bool):
        return value
    name = f"_t{len(env)}"
    if hint is Money:
        env[name] = Money
        return f"{name}({value})"
    if hint is datetime:
        env[name] = datetime.fromisoformat
        return f"{name}({value})"
    if hint is date:
        env[name] = date.fromisoformat
        return f"{name}({value})"
    if hint is Decimal:
        env[name] = _decimal
        return f"{name}({value})"
    if hint is Month:
        env[name] = _month
        return f"{name}({value})"
    if isinstance(hint, type) and issubclass(hint, Enum):
        env[name] = dict(hint._value2member_map_)
        return f"{name}[{value}]"
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        env[name] = _fast_decoder(hint)
        return f"{name}({value})"
    raise TypeError(f"unsupported field type {hint!r}")


@lru_cache(maxsize=None)
def _fast_decoder(cls: type) -> Callable[[dict[str, Any]], Any]:
    hints = typing.get_type_hints(cls)
    env: dict[str, Any] = {"_cls": cls}
    args = [f"{f.name}={_expr(hints[f.name], f'doc[{f.name!r}]', env)}" for f in dataclasses.fields(cls)]
    source = f"def _decode(doc):\n    return _cls({', '.join(args)})\n"
    exec(source, env)  # noqa: S102 - source built only from the dataclass's own fields
    decoder: Callable[[dict[str, Any]], Any] = env["_decode"]
    return decoder
