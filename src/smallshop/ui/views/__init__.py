"""One screen per module; each exposes one @ft.component taking the AppState.

The router (ui/router.py) imports these lazily by name. See docs/ui.md.
"""
