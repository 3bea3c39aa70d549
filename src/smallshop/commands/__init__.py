"""One module per `smallshop` subcommand (see smallshop/cli.py for the contract and
README.md here for the shared parts). ExitCode is the one table of exit codes."""

from ._errors import ExitCode

__all__ = ["ExitCode"]
