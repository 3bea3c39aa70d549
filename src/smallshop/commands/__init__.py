"""One module per `smallshop` subcommand (see smallshop/cli.py for the contract)."""
