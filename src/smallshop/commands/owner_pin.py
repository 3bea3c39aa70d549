"""`smallshop owner-pin [--name NAME] [--pin-stdin]`: set the owner's PIN again.

The recovery for a forgotten owner PIN (or an install where a helper got the first
PIN and the owner has none). It needs the computer that holds the data: it runs
there, opens the data folder itself (so smallshop must be closed first: the
folder is locked while the app runs) and is never reachable over the network.
The new PIN is typed twice without echo, or read from one line of stdin with
--pin-stdin (scripts, tests). The owner's wrong-PIN lock-out is cleared and her
other sessions end.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from ..domain.problems import DomainError, Problem
from ._common import (
    EXIT_OK,
    data_dir_of,
    guarded,
    help_text,
    opened_store,
    profile_language,
    require_data,
    say,
    translated_errors,
    translator,
    utc_now,
)

NAME = "owner-pin"
ORDER = 60


def register(subparsers: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        NAME, parents=[parent], help=help_text("guard.owner_pin.help"),
        description=help_text("guard.owner_pin.description"),
    )
    parser.add_argument("--demo", action="store_true", help=help_text("cli.opt_demo"))
    parser.add_argument("--name", default=None, help=help_text("guard.owner_pin.opt_name"))
    parser.add_argument("--pin-stdin", action="store_true", help=help_text("guard.owner_pin.opt_pin_stdin"))
    return translated_errors(parser)


def run(args: argparse.Namespace) -> int:
    return guarded(args, lambda: _run(args))


def _read_pin(args: argparse.Namespace, t) -> str:
    if args.pin_stdin:
        return sys.stdin.readline().strip()
    first = getpass.getpass(t("guard.owner_pin.prompt") + " ")
    again = getpass.getpass(t("guard.owner_pin.prompt_again") + " ")
    if first.strip() != again.strip():
        raise DomainError([Problem("pin_again", "ui_sharing.setup.pins_differ")])
    return first.strip()


def _run(args: argparse.Namespace) -> int:
    from ..services import Services
    from ..storage.state_file import SIGNIN_STATE_FILE, JsonStateFile

    folder = require_data(data_dir_of(args))
    with opened_store(folder, backups=False) as store:
        t = translator(args, profile_language(store))
        pin = _read_pin(args, t)
        services = Services(store, clock=utc_now, signin_keeper=JsonStateFile(folder / SIGNIN_STATE_FILE))
        owner = services.members.recover_owner_pin(pin, name=args.name)
        services.signin.limiter.succeeded(owner.id)
    say(t("guard.owner_pin.done", name=owner.name))
    return EXIT_OK
