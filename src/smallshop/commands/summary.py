"""`smallshop summary --month YYYY-MM`: the month's figures as text or JSON.

Text is for a person, in their language (ky, ru or en); JSON is for scripts and
the caseworker's spreadsheets: English keys, amounts as decimal strings "1250.00".
"""

from __future__ import annotations

import argparse
import json

from ..domain.money import Money
from ..domain.summary_types import MonthSummary
from ..i18n import Translator
from ..reports.figures import summary_to_dict
from ._common import data_dir_of, opened_store, profile_language, require_data, say, translator, utc_now
from ._params import ChoiceParam, MonthParam
from ._parser import CommandLineParser

NAME = "summary"
ORDER = 30
HELP = "cli.summary.help"
DESCRIPTION = "cli.summary.description"


def register(parser: CommandLineParser) -> None:
    parser.option("--month", param=MonthParam(), required=True, help="cli.summary.opt_month")
    parser.option("--format", param=ChoiceParam("text", "json"), default="text", help="cli.summary.opt_format")


def run(args: argparse.Namespace) -> int:
    from ..services import Services

    folder = require_data(data_dir_of(args))  # a bad month was refused before this (MonthParam)
    with opened_store(folder, backups=False, args=args, read_only_ok=True) as store:  # reading only
        services = Services(store, clock=utc_now)
        profile = services.settings.profile()
        summary = services.reporting.month_summary(args.month)
        business = profile_language(store)  # None before a profile is saved (profile() would say "ky")
    if args.format == "json":  # the report JSON's keys and values (reports.figures)
        say(json.dumps(summary_to_dict(summary, profile), ensure_ascii=False, indent=2))
        return 0
    t = translator(args, business)
    say(render_text(summary, t, profile.business_name))
    return 0


def render_text(summary: MonthSummary, t: Translator, business_name: str = "") -> str:
    """The summary as lines of text in the translator's language. Every amount has
    two decimals ("520 630,00 сом"), as in the PDF, so figures in a list read alike."""
    now, before = summary.current, summary.previous

    def money(amount: Money) -> str:
        return t.money(amount, always_decimals=True)

    def phrase(key: str, **params: object) -> str:
        return t(key, **{name: money(v) if isinstance(v, Money) else v for name, v in params.items()})

    lines = []
    title = phrase("cli.summary.title", business=business_name, month=now.month) if business_name else phrase(
        "cli.summary.title_no_name", month=now.month
    )
    lines += [title, "=" * len(title)]
    if now.in_progress:
        lines.append(phrase("cli.summary.in_progress", date=now.as_of, previous=before.as_of))
    if not now.has_activity:
        lines.append(phrase("cli.summary.no_activity"))

    compare = "cli.summary.previous_same_days" if before.as_of < before.month.last_day else "cli.summary.previous"

    def row(key: str, value: Money | str, previous: Money | None = None) -> None:
        line = f"{phrase(key)}: {value if isinstance(value, str) else money(value)}"
        if previous is not None:
            line += "  " + phrase(compare, value=previous)
        lines.append(line)

    row("report.figure.income", now.income, before.income)
    row("report.figure.sales_income", now.sales_income, before.sales_income)
    if now.refunds.is_positive or before.refunds.is_positive:
        row("report.figure.refunds", now.refunds, before.refunds)
    lines.append("  " + phrase("report.total_received") + ": " + money(now.income_received))
    for category, amount in now.income_by_category.items():
        if not amount.is_zero:
            lines.append(f"  {t.enum(category)}: {money(amount)}")
    lines.append("  " + phrase("cli.summary.by_method") + ": " + ", ".join(
        f"{t.enum(method)} {money(amount)}" for method, amount in now.income_by_method.items() if not amount.is_zero
    ))
    row("report.figure.credit_sales", now.credit_sales)
    row("cli.summary.expenses", now.expenses, before.expenses)
    for expense_category, amount in now.expenses_by_category.items():
        if not amount.is_zero:
            lines.append(f"  {t.enum(expense_category)}: {money(amount)}")
    row("cli.summary.profit", now.profit, before.profit)
    row("cli.summary.owner_draws", now.owner_draws, before.owner_draws)
    lines.append(phrase("cli.summary.orders", taken=now.orders_taken, delivered=now.orders_delivered, open=now.orders_open))
    lines.append(phrase("cli.summary.customers", new=now.new_customers, active=now.active_customers))
    row("report.figure.receivables", now.receivables, before.receivables)
    for line in now.receivable_lines[:5]:
        lines.append("  " + phrase("cli.summary.receivable_line", name=line.customer_name, amount=line.amount, since=line.since))
    row("report.figure.advances", now.advances, before.advances)
    for advance in now.advance_lines[:5]:
        lines.append(f"  {advance.customer_name}: {money(advance.amount)}")
    lines.append("")
    lines.append(phrase("cli.summary.debts"))
    for move in now.debts:
        lines.append("  " + phrase(
            "cli.summary.debt_line", lender=move.lender, purpose=move.purpose, opening=move.opening_balance,
            paid=move.paid, new=move.new_borrowing, closing=move.closing_balance, overdue=move.overdue,
        ))
    row("cli.summary.debt_paid", now.debt_paid)
    row("cli.summary.debt_outstanding", now.debt_outstanding)
    row("cli.summary.debt_overdue", now.debt_overdue)
    row("cli.summary.debt_service", t.percent(now.debt_service_ratio))
    lines.append("")
    lines.append(phrase("cli.summary.trend"))
    for point in summary.trend:
        lines.append("  " + phrase("cli.summary.trend_line", month=point.month, income=point.income,
                                   expenses=point.expenses, profit=point.profit))
    return "\n".join(lines)

