"""[tool.flet] holds what `flet build apk|aab|windows` needs, read the way flet-cli reads it.

Flutter cannot be downloaded here, so the build itself never runs; what runs before
Flutter does, with flet-cli's own code where it is importable: its pyproject loader,
its dependency normaliser, and flet_platform_assets, which renders the launcher icons
and splash screens from assets/ exactly as `flet build` calls it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from flet_cli.utils.project_dependencies import get_project_dependencies
from flet_cli.utils.pyproject_toml import load_pyproject_toml
from flet_platform_assets import IconOptions, SplashOptions, load_source, parse_hex_color, render_icons, render_splash
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
get = load_pyproject_toml(ROOT)
APP = ROOT / get("tool.flet.app.path")
ASSETS = APP / "assets"  # flet build looks for icon.png / splash.png here


def test_the_app_entry_point_is_main_py_at_the_packed_root():
    main = APP / f"{get('tool.flet.app.module')}.py"
    assert main.is_file() and "packaged_main()" in main.read_text(encoding="utf-8")
    excluded = set(get("tool.flet.app.exclude"))
    # what the app needs at run time is packed; what it does not is left out
    assert not excluded & {"src", "locales", "assets", "main.py", "pyproject.toml"}
    assert {"tests", "docs", ".venv", "benchmarks", "src/smallshop.egg-info"} <= excluded


def test_identity_for_the_stores_and_the_about_box():
    assert get("tool.flet.org") and get("tool.flet.product") and get("tool.flet.company") and get("tool.flet.copyright")
    assert get("project.name") == "smallshop" and get("project.version")


def test_no_permission_is_asked_for_anywhere():
    assert get("tool.flet.permissions") == []
    android = get("tool.flet.android.permission")
    # Flet's template adds INTERNET unless told otherwise; every entry here must be a refusal
    assert android == {"android.permission.INTERNET": False}
    assert get("tool.flet.ios.info") is None and get("tool.flet.macos.entitlement") is None


def test_colours_parse_as_flet_parses_them():
    for key in ("tool.flet.icon_background", "tool.flet.android.adaptive_icon_background",
                "tool.flet.splash.color", "tool.flet.splash.dark_color"):
        assert parse_hex_color(get(key)), key
    assert get("tool.flet.splash.android") is True and get("tool.flet.android.split_per_abi") is True


@pytest.mark.parametrize("platform", ["android", "windows", "ios"])
def test_the_icon_renders_for_each_platform_without_warnings(platform):
    source, pre_rendered = load_source(ASSETS / "icon.png")
    assert source.size == (1024, 1024) and source.mode == "RGBA"
    options = IconOptions(background=parse_hex_color(get("tool.flet.icon_background")), application_id="kg.smallshop.smallshop")
    result = render_icons(source, options, platform=platform, pre_rendered=pre_rendered, derived=True)
    assert result.warnings == []
    assert result.assets or result.ico
    corner = source.getpixel((0, 0))
    assert corner[3] == 0  # transparent artwork: the background colour shows through


def test_the_splash_renders_on_both_colours_without_warnings():
    light, _ = load_source(ASSETS / "splash.png")
    options = SplashOptions(color=get("tool.flet.splash.color"), dark_color=get("tool.flet.splash.dark_color"))
    result = render_splash(light, None, options, platform="android")
    assert result.warnings == [] and result.assets


@pytest.mark.parametrize("system", ["Android", "iOS"])
def test_flet_build_hands_pip_the_markers_unchanged(system):
    """flet build passes each normalised requirement to pip; the phone markers survive."""
    passed = get_project_dependencies(get("project.dependencies"))
    phone = {"platform_system": system, "platform_version": "1;embedded", "extra": ""}
    installed = {Requirement(text).name for text in passed if Requirement(text).marker is None
                 or Requirement(text).marker.evaluate(phone)}
    assert "orjson" not in installed and "flet-web" not in installed
    assert {"flet", "flet-charts", "reportlab", "tinydb"} <= installed
