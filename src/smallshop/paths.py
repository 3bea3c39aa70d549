"""Where the shipped, read-only resources (locales/, assets/) live.

In the repository they sit at the top level (next to pyproject.toml) so translators
and designers find them. Three ways of running smallshop find them in two places:

- an installed wheel (`pip install .`, not editable): the build copies them into the
  package (setup.py's build hook), so `importlib.resources.files("smallshop")` holds
  `locales/` and `assets/`;
- a checkout, an editable install, and the packaged app (`flet build` packs the
  project folder and main.py puts its src/ on sys.path): the folder above src/.

Nothing depends on the working directory. SMALLSHOP_RESOURCES overrides the root.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

_NEEDED = ("locales", "assets")


class ResourcesMissing(RuntimeError):
    """The install lacks locales/ and assets/: a broken build, not a user error."""


def _holds_resources(folder: Path) -> bool:
    return all((folder / name).is_dir() for name in _NEEDED)


def installed_root() -> Path | None:
    """The package folder when the resources were built into it (a wheel), else None."""
    package = resources.files("smallshop")
    if isinstance(package, Path) and _holds_resources(package):
        return package
    return None


def source_root() -> Path:
    """The project folder above src/ (a checkout, an editable install, the packaged app)."""
    return Path(__file__).resolve().parents[2]


def resource_root() -> Path:
    """The folder that holds locales/ and assets/."""
    override = os.environ.get("SMALLSHOP_RESOURCES")
    if override:
        return Path(override)
    installed = installed_root()
    if installed is not None:
        return installed
    tree = source_root()
    if _holds_resources(tree):
        return tree
    raise ResourcesMissing(
        f"smallshop's translations and fonts are missing: neither {resources.files('smallshop')} "
        f"nor {tree} holds locales/ and assets/. Reinstall smallshop from a wheel or a checkout."
    )


def locales_dir() -> Path:
    return resource_root() / "locales"


def assets_dir() -> Path:
    return resource_root() / "assets"
