"""`smallshop demo`: fill a data folder with the demo sewing workshop.

Refuses a folder that already holds anything unless --force is given; with
--force the old folder is moved aside (kept, never deleted) before the demo is
written, so demo data never mixes with real data.
"""

from __future__ import annotations

import argparse
import os
from collections import Counter
from datetime import date
from pathlib import Path

from ..domain.parsing import parse_date
from ._common import (
    EXIT_OK,
    EXIT_USER,
    command_parser,
    complain,
    data_dir_of,
    guarded,
    has_data,
    help_text,
    opened_store,
    say,
    translator,
    utc_now,
)

NAME = "demo"
ORDER = 20


def register(subparsers: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> argparse.ArgumentParser:
    from ..demo import DEFAULT_MONTHS, DEFAULT_SEED

    parser = command_parser(subparsers, parent, NAME)
    span = parser.add_mutually_exclusive_group()
    span.add_argument("--months", type=int, metavar="N", help=help_text("cli.demo.opt_months", default=DEFAULT_MONTHS))
    span.add_argument("--years", type=int, metavar="N", help=help_text("cli.demo.opt_years"))
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, metavar="S", help=help_text("cli.demo.opt_seed", default=DEFAULT_SEED))
    parser.add_argument("--today", metavar="YYYY-MM-DD", help=help_text("cli.demo.opt_today"))
    parser.add_argument("--force", action="store_true", help=help_text("cli.demo.opt_force"))
    return parser


def run(args: argparse.Namespace) -> int:
    return guarded(args, lambda: _run(args))


def _run(args: argparse.Namespace) -> int:
    from ..demo import generate

    t = translator(args)
    folder = data_dir_of(args, demo_by_default=True).resolve()
    months = args.months
    if args.years is not None:
        months = args.years * 12
    if months is not None and not 1 <= months <= 50 * 12:
        complain(t("cli.demo.bad_span"))
        return EXIT_USER
    today = parse_date(args.today, "today") if args.today else date.today()  # the local calendar day

    aside = None
    if has_data(folder):
        if not _looks_like_data(folder):
            complain(t("cli.demo.not_a_data_folder", folder=str(folder)))
            return EXIT_USER
        if not args.force:
            complain(t("cli.demo.refused", folder=str(folder)))
            return EXIT_USER
        aside = _move_aside(folder)

    records = generate(months=months, seed=args.seed, today=today)
    with opened_store(folder, backups=False) as store:  # no automatic backup of the empty folder
        count = store.bulk_load(records)
        store.backup(reason="daily")  # the day's backup of the demo, so `check` finds a good one
    kinds = Counter(type(r).__name__ for r in records)
    if aside is not None:
        say(t("cli.demo.moved_aside", folder=str(aside)))
    first = min(r.order_date for r in records if type(r).__name__ == "Order")
    # numeric dates: a sentence never ends "2 дек. 2026 г..", and Kyrgyz needs no CLDR abbreviation
    say(t("cli.demo.created", folder=str(folder), records=count,
          start=t.date(first, "short"), today=t.date(today, "short")))
    say(t("cli.demo.counts", customers=kinds["Customer"], orders=kinds["Order"], incomes=kinds["Income"],
          expenses=kinds["Expense"], draws=kinds["OwnerDraw"], debts=kinds["Debt"], repayments=kinds["Repayment"]))
    say(t("cli.demo.next", month=f"{today.year:04d}-{today.month:02d}"))
    return EXIT_OK


def _looks_like_data(folder: Path) -> bool:
    """Only a smallshop data folder is ever moved aside, never e.g. a home folder."""
    from ..storage.layout import BACKUP_DIR, LOCK_FILE, data_entries

    return bool(data_entries(folder)) or (folder / BACKUP_DIR).is_dir() or (folder / LOCK_FILE).exists()


def _move_aside(folder: Path) -> Path:
    """Rename the folder to <name>-before-demo-<stamp> next to it, after making sure
    no other smallshop has it open (opening takes the folder's lock)."""
    from ..storage.interfaces import StoreDamagedError

    try:
        with opened_store(folder, backups=False):
            pass  # StoreLockedError when another program uses it
    except StoreDamagedError:
        pass  # damaged data is kept aside like any other
    stamp = utc_now().strftime("%Y%m%dT%H%M%S")
    aside = folder.with_name(f"{folder.name}-before-demo-{stamp}")
    os.replace(folder, aside)
    return aside


__all__ = ["NAME", "ORDER", "register", "run"]
