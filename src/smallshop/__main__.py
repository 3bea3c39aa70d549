"""`python -m smallshop` is the same as the `smallshop` command."""

from .cli import main

raise SystemExit(main())
