"""Where the shipped, read-only resources (locales/, assets/) live.

They sit at the project's top level (next to pyproject.toml) so translators and
designers find them; an editable install and a source checkout both resolve them
from here. SMALLSHOP_RESOURCES overrides the root, e.g. in a packaged app.
"""

from __future__ import annotations

import os
from pathlib import Path


def resource_root() -> Path:
    """The folder that holds locales/ and assets/."""
    override = os.environ.get("SMALLSHOP_RESOURCES")
    if override:
        return Path(override)
    here = Path(__file__).resolve().parent
    for candidate in (here, here.parent, here.parent.parent):
        if (candidate / "locales").is_dir() and (candidate / "assets").is_dir():
            return candidate
    return here.parent.parent


def locales_dir() -> Path:
    return resource_root() / "locales"


def assets_dir() -> Path:
    return resource_root() / "assets"
