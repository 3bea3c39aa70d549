"""What needs the caseworker's attention in a month: the few facts she reads first.

Pure: built from a MonthSummary (and what the business plan says), returned as
data like a `Problem` — a stable key, whether it is an alert, a translation key
and its params — so the report (PDF, CSV, JSON, XLSX) and the Reports screen show
the same box in any language. The figures' definitions are in domain/books.py
(DEFINITIONS) and domain/README.md.

The facts, in the order a caseworker decides whether to call:
  * overdue debt instalments: each debt with money overdue, since when;
  * money customers have owed for over 90 days (count, amount, ages; no names);
  * whether the month is complete or counted "up to" a day;
  * money in vs money out (income against expenses + household + debt repaid);
  * debt instalments falling due in the next month;
  * months since the programme's assistance started, income from sales against the
    business plan's target, equipment from the programme not in use;
  * records changed in months whose report was already exported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Mapping

from .assets import AssetRegister
from .books import LONG_OWED_DAYS, LongOwed, owed_longer_than
from .models import AssetStatus, BusinessPlan
from .money import Money
from .period import Month
from .plan import months_since_assistance
from .summary_types import MonthFigures, MonthSummary

AGES_SHOWN = 6  # the longest-owed customers' ages in the line; all of them are in the JSON


@dataclass(frozen=True, slots=True)
class Attention:
    """One line of the box: `message` is a translation key, `params` its values."""

    key: str
    alert: bool
    message: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def text(self, t: Any) -> str:
        """The line in `t`'s language (`t` is an i18n Translator; a list of months
        is written out month by month)."""
        return str(t(self.message, **{k: _shown(t, v) for k, v in self.params.items() if k != "debt_id"}))


def _shown(t: Any, value: Any) -> Any:
    """Amounts with their tyiyn (one way within a line), dates as 30.11.2026."""
    if isinstance(value, tuple):
        return ", ".join(t.month(m) for m in value)
    if isinstance(value, Money):
        return t.money(value, always_decimals=True)
    if isinstance(value, date):
        return t.date(value, "short")
    if isinstance(value, Decimal):
        return t.percent(value)
    return value


@dataclass(frozen=True, slots=True)
class CashFlow:
    """Money in and out of the month (cash basis)."""

    money_in: Money  # all income (less refunds)
    expenses: Money
    owner_draws: Money
    debt_paid: Money

    @property
    def money_out(self) -> Money:
        return self.expenses + self.owner_draws + self.debt_paid

    @property
    def balance(self) -> Money:
        return self.money_in - self.money_out


def cash_flow(figures: MonthFigures) -> CashFlow:
    return CashFlow(figures.income, figures.expenses, figures.owner_draws, figures.debt_paid)


def share_of(part: Money, whole: Money) -> Decimal | None:
    """part / whole as a fraction kept to 4 places (0.8125 = 81.25 %); None when whole is not positive."""
    if not whole.is_positive:
        return None
    return (Decimal(part.tyiyn) / Decimal(whole.tyiyn)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def long_owed(figures: MonthFigures) -> LongOwed:
    return owed_longer_than(figures.receivable_lines, figures.as_of, LONG_OWED_DAYS)


def due_next_month(figures: MonthFigures) -> Money:
    return Money.total(d.due_next_month for d in figures.debts)


def what_needs_attention(
    summary: MonthSummary,
    *,
    plan: BusinessPlan | None = None,
    assets: AssetRegister | None = None,
    changed_months: tuple[Month, ...] = (),
) -> tuple[Attention, ...]:
    """The box's lines, alerts and reassurances alike, in reading order."""
    now = summary.current
    items: list[Attention] = []
    overdue = [d for d in now.debts if d.overdue.is_positive]
    for debt in overdue:
        items.append(Attention("debt_overdue", True, "attention.debt_overdue", {
            "lender": debt.lender, "lender_type": debt.lender_type, "amount": debt.overdue,
            "since": debt.overdue_since or now.as_of, "debt_id": debt.debt_id,
        }))
    if not overdue:
        items.append(Attention("debt_overdue", False, "attention.no_debt_overdue"))

    old = long_owed(now)
    if old.customers:
        items.append(Attention("long_owed", True, "attention.long_owed", {
            "customers": old.customers, "amount": old.amount, "days": old.days,
            "ages": ", ".join(str(age) for age in old.ages[:AGES_SHOWN]) + (", …" if len(old.ages) > AGES_SHOWN else ""),
        }))
    else:
        items.append(Attention("long_owed", False, "attention.no_long_owed", {"days": old.days}))

    if now.in_progress:
        items.append(Attention("month", True, "attention.month_partial", {"date": now.as_of}))
    else:
        items.append(Attention("month", False, "attention.month_complete", {"date": now.as_of}))

    cash = cash_flow(now)
    items.append(Attention("cash", cash.balance.is_negative, "attention.cash", {
        "money_in": cash.money_in, "money_out": cash.money_out, "expenses": cash.expenses,
        "owner_draws": cash.owner_draws, "debt_paid": cash.debt_paid, "balance": cash.balance,
    }))

    due = due_next_month(now)
    following = summary.month.next()
    if due.is_positive:
        items.append(Attention("due_next_month", False, "attention.due_next_month",
                               {"month": following, "amount": due}))
    else:
        items.append(Attention("due_next_month", False, "attention.nothing_due_next_month", {"month": following}))

    months = months_since_assistance(plan, summary.month) if plan is not None else None
    if plan is not None and plan.assistance_started is not None and months is not None:
        items.append(Attention("assistance", False, "attention.assistance", {
            "months": months, "since": plan.assistance_started,
        }))
    else:
        items.append(Attention("assistance", False, "attention.assistance_unknown"))

    if plan is not None and plan.sales_target is not None and plan.sales_target.is_positive:
        below = now.sales_income.tyiyn < plan.sales_target.tyiyn
        # a month not over is not yet behind its monthly target: said, not flagged
        items.append(Attention("sales_target", below and not now.in_progress,
                               "attention.sales_below_target" if below
                               else "attention.sales_target_met", {
            "sales": now.sales_income, "target": plan.sales_target,
            "share": share_of(now.sales_income, plan.sales_target),
        }))

    if assets is not None:
        grant = assets.grant_lines()
        idle = [line for line in grant if line.status is not AssetStatus.IN_USE]
        if idle:
            items.append(Attention("assets", True, "attention.assets_not_in_use", {
                "items": ", ".join(line.item for line in idle), "count": len(idle), "of": len(grant),
            }))
        elif grant:
            items.append(Attention("assets", False, "attention.assets_in_use", {"count": len(grant)}))

    if changed_months:
        items.append(Attention("changes", True, "attention.changes", {
            "months": tuple(changed_months), "count": len(changed_months),
        }))
    return tuple(items)


__all__ = [
    "Attention",
    "CashFlow",
    "cash_flow",
    "due_next_month",
    "long_owed",
    "share_of",
    "what_needs_attention",
]
