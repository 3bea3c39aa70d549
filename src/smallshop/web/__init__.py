"""The browser side of `smallshop run`: flet-web behind a guard (see README.md)."""
