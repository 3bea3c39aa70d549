"""The `smallshop` command line. (Placeholder until the CLI lands.)"""

from __future__ import annotations

import argparse

from . import __version__


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="smallshop")
    parser.add_argument("--version", action="version", version=f"smallshop {__version__}")
    parser.parse_args(argv)
    return 0
