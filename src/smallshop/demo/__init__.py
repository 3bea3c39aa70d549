"""The demo business: a Jalal-Abad sewing workshop, generated deterministically.

    records = generate(months=12, seed=DEFAULT_SEED, today=date(2026, 11, 28))
    store.bulk_load(records)

One generator feeds `smallshop demo`, the tests and the benchmarks, so they all
describe the same business. Same seed and today -> the very same records.
"""

from __future__ import annotations

from datetime import date
from typing import Any

DEFAULT_SEED = 2026
DEFAULT_MONTHS = 12
DEFAULT_TODAY = date(2026, 11, 28)


def generate(
    months: int | None = None,
    years: int | None = None,
    seed: int = DEFAULT_SEED,
    today: date = DEFAULT_TODAY,
) -> list[Any]:
    """Every record of the demo business, for `months` (or `years`) up to `today`."""
    from .workshop import build

    if months is not None and years is not None:
        raise ValueError("give months or years, not both")
    span = months if months is not None else (years * 12 if years is not None else DEFAULT_MONTHS)
    if span < 1:
        raise ValueError("the demo needs at least one month")
    return build(span, seed, today)


__all__ = ["DEFAULT_MONTHS", "DEFAULT_SEED", "DEFAULT_TODAY", "generate"]
