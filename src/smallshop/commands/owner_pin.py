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
from ..i18n import Translator
from ._common import data_dir_of, opened_store, profile_language, require_data, say, translator, utc_now
from ._parser import CommandLineParser

NAME = "owner-pin"
ORDER = 60
HELP = "guard.owner_pin.help"
DESCRIPTION = "guard.owner_pin.description"


def register(parser: CommandLineParser) -> None:
    parser.option("--name", help="guard.owner_pin.opt_name")
    parser.flag("--pin-stdin", help="guard.owner_pin.opt_pin_stdin")


def _read_pin(args: argparse.Namespace, t: Translator) -> str:
    if args.pin_stdin:
        return sys.stdin.readline().strip()
    first = getpass.getpass(t("guard.owner_pin.prompt") + " ")
    again = getpass.getpass(t("guard.owner_pin.prompt_again") + " ")
    if first.strip() != again.strip():
        raise DomainError([Problem("pin_again", "ui_sharing.setup.pins_differ")])
    return first.strip()


def run(args: argparse.Namespace) -> int:
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
    return 0
