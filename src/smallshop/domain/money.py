"""Money: exact amounts in Kyrgyz som, held as integer tyiyn (1 som = 100 tyiyn).

Floats never enter: arithmetic is on ints, multiplication by a Decimal quantity
rounds half-up to the tyiyn. Parsing what a user typed lives in domain.parsing;
formatting for a language lives in i18n.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable

CURRENCY = "KGS"
TYIYN_PER_SOM = 100


@dataclass(frozen=True, order=True, slots=True)
class Money:
    """An exact amount of KGS. `tyiyn` is the whole number of hundredths."""

    tyiyn: int = 0

    def __post_init__(self) -> None:
        if not isinstance(self.tyiyn, int) or isinstance(self.tyiyn, bool):
            raise TypeError(f"Money needs integer tyiyn, got {self.tyiyn!r}")

    # --- construction -------------------------------------------------
    @classmethod
    def som(cls, value: int | str | Decimal) -> "Money":
        """Money from a whole or decimal som value: Money.som("1250.50")."""
        if isinstance(value, float):
            raise TypeError("Money never takes a float")
        amount = (Decimal(value) * TYIYN_PER_SOM).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        return cls(int(amount))

    @classmethod
    def from_decimal_str(cls, text: str) -> "Money":
        """Inverse of `to_decimal_str` (storage and JSON use "1250.00")."""
        return cls.som(Decimal(text))

    @staticmethod
    def total(amounts: Iterable["Money"]) -> "Money":
        return Money(sum(m.tyiyn for m in amounts))

    # --- views ---------------------------------------------------------
    def to_decimal(self) -> Decimal:
        return Decimal(self.tyiyn) / TYIYN_PER_SOM

    def to_decimal_str(self) -> str:
        """Always two decimals, dot separator, no grouping: "1250.00", "-5.10"."""
        return f"{self.to_decimal():.2f}"

    def __str__(self) -> str:
        return self.to_decimal_str()

    @property
    def is_zero(self) -> bool:
        return self.tyiyn == 0

    @property
    def is_negative(self) -> bool:
        return self.tyiyn < 0

    @property
    def is_positive(self) -> bool:
        return self.tyiyn > 0

    def __bool__(self) -> bool:
        # Zero and None must never look alike: `if amount:` hid a missing amount
        # behind a zero one. Say what is meant: is_zero / is_positive / is None.
        raise TypeError("Money has no truth value: use is_zero, is_positive or `is None`")

    # --- arithmetic ----------------------------------------------------
    def __add__(self, other: "Money") -> "Money":
        if not isinstance(other, Money):
            return NotImplemented
        return Money(self.tyiyn + other.tyiyn)

    def __radd__(self, other: object) -> "Money":
        if other == 0:  # lets sum() start from 0
            return self
        if isinstance(other, Money):
            return Money(other.tyiyn + self.tyiyn)
        return NotImplemented

    def __sub__(self, other: "Money") -> "Money":
        if not isinstance(other, Money):
            return NotImplemented
        return Money(self.tyiyn - other.tyiyn)

    def __neg__(self) -> "Money":
        return Money(-self.tyiyn)

    def __abs__(self) -> "Money":
        return Money(abs(self.tyiyn))

    def __mul__(self, factor: int | Decimal) -> "Money":
        if isinstance(factor, bool) or not isinstance(factor, (int, Decimal)):
            return NotImplemented
        if isinstance(factor, int):
            return Money(self.tyiyn * factor)
        exact = (Decimal(self.tyiyn) * factor).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        return Money(int(exact))

    __rmul__ = __mul__

    def min(self, other: "Money") -> "Money":
        return self if self.tyiyn <= other.tyiyn else other

    def max(self, other: "Money") -> "Money":
        return self if self.tyiyn >= other.tyiyn else other

    def split(self, parts: int) -> list["Money"]:
        """Split into `parts` equal amounts; the last takes the remainder.

        10000.00 / 3 -> 3333.33, 3333.33, 3333.34. The sum is always exact.
        """
        if parts < 1:
            raise ValueError("parts must be >= 1")
        base = int(self.tyiyn / parts)  # truncates toward zero for negatives too
        shares = [Money(base)] * (parts - 1)
        return shares + [Money(self.tyiyn - base * (parts - 1))]


ZERO = Money(0)
