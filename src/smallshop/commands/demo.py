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

from ._common import data_dir_of, has_data, opened_store, say, translator, utc_now
from ._errors import CommandError, UsageError
from ._params import DateParam, NumberParam
from ._parser import CommandLineParser

NAME = "demo"
ORDER = 20
HELP = "cli.demo.help"
DESCRIPTION = "cli.demo.description"
DEMO_BY_DEFAULT = True  # the demo goes into <data folder>-demo unless --data-dir says otherwise
MAX_MONTHS = 50 * 12


def register(parser: CommandLineParser) -> None:
    from ..demo import DEFAULT_MONTHS, DEFAULT_SEED

    parser.option("--months", param=NumberParam(1, MAX_MONTHS), help="cli.demo.opt_months",
                  help_params={"default": DEFAULT_MONTHS})
    parser.option("--years", param=NumberParam(1, MAX_MONTHS // 12), help="cli.demo.opt_years")
    parser.option("--seed", param=NumberParam(metavar="S"), default=DEFAULT_SEED, help="cli.demo.opt_seed",
                  help_params={"default": DEFAULT_SEED})
    parser.option("--today", param=DateParam(), help="cli.demo.opt_today")
    parser.flag("--force", help="cli.demo.opt_force")


def run(args: argparse.Namespace) -> int:
    from ..demo import generate

    if args.months is not None and args.years is not None:
        raise UsageError("cli.args.exclusive", option="--months", other="--years")
    t = translator(args)
    folder = data_dir_of(args).resolve()
    months = args.months if args.years is None else args.years * 12
    today = args.today or date.today()  # the local calendar day

    aside = None
    if has_data(folder):
        if not _looks_like_data(folder):
            raise CommandError("cli.demo.not_a_data_folder", folder=str(folder))
        if not args.force:
            raise CommandError("cli.demo.refused", folder=str(folder))
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
    return 0


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
