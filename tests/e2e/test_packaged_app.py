"""The packaged app starts the way `flet build` packs it, and keeps its data where a phone lets it.

`flet build apk|windows` copies the project folder ([tool.flet.app] path ".", minus its
exclude list and Flet's default excludes: hidden entries, venvs, __pycache__) and runs
main.py with the dependencies it installed and FLET_APP_STORAGE_DATA set; the app folder
is read-only there. Here: that copy, run by a Python that sees the venv's
site-packages but not the editable install (so smallshop comes only from the copy), in
web mode, with HOME and the working directory pointing at empty folders. One flow in
Chromium (first run -> own business -> profile saved) must leave its data in the app
storage folder and nothing anywhere else.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import time
import tomllib
from datetime import datetime
import urllib.request
from pathlib import Path

import pytest

from smallshop.i18n import get_translator

from conftest import ROOT, START_TIMEOUT, UI, free_port

T = get_translator("ky")
BUSINESS = "Айгүл тигүү цехи"
OWNER = "Айгүл Токтосунова"

# Runs main.py like the packaged app's Python does: no bytecode written (-B; the app folder
# is read-only on a phone and flet build compiles ahead), no site processing (so the editable
# install's .pth never puts the checkout on sys.path), the venv's site-packages for the
# dependencies, then reports where smallshop came from.
LAUNCHER = """
import runpy, sys, threading
sys.path.append({site!r})
def where():
    import smallshop, smallshop.paths
    print("SMALLSHOP_FROM", smallshop.__file__, flush=True)
    print("RESOURCES_FROM", smallshop.paths.resource_root(), flush=True)
threading.Timer(3, where).start()
sys.argv = [{main!r}]
runpy.run_path({main!r}, run_name="__main__")
"""


def packed_copy(target: Path) -> Path:
    """The project folder as `flet build` packs it (serious_python copies it minus excludes)."""
    from flet_cli.utils.app_excludes import find_default_excludes

    app = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["flet"]["app"]
    source = (ROOT / app["path"]).resolve()
    explicit = ["build", *app.get("exclude", [])]
    excluded = {os.path.normpath(p) for p in explicit + find_default_excludes(source, [], explicit)}

    def ignore(folder: str, names: list[str]) -> set[str]:
        rel = os.path.relpath(folder, source)
        return {n for n in names if os.path.normpath(os.path.join(rel, n)) in excluded}

    shutil.copytree(source, target, ignore=ignore)
    assert (target / f"{app['module']}.py").is_file()
    return target / f"{app['module']}.py"


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*")}


@pytest.fixture
def packaged(tmp_path: Path, browser):
    """The packed copy running main.py in web mode; yields (url, folders, log)."""
    app_dir, storage, home, cwd = (tmp_path / name for name in ("app", "storage", "home", "cwd"))
    main = packed_copy(app_dir)
    for folder in (storage, home, cwd):
        folder.mkdir()
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SMALLSHOP_", "PYTHON", "FLET_"))}
    env.update(
        HOME=str(home), XDG_DATA_HOME=str(home / ".local" / "share"), PYTHONDONTWRITEBYTECODE="1",
        PYTHONUNBUFFERED="1", FLET_APP_STORAGE_DATA=str(storage), FLET_APP_STORAGE_TEMP=str(tmp_path / "temp"),
        FLET_FORCE_WEB_SERVER="1", FLET_SERVER_IP="127.0.0.1", FLET_SERVER_PORT=str(port),
        FLET_WEB_NO_CDN="1", FLET_LOG_LEVEL="warning",
    )
    before = snapshot(app_dir)
    launcher = LAUNCHER.format(site=sysconfig.get_paths()["purelib"], main=str(main))
    log_path = tmp_path / "app.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen([sys.executable, "-I", "-S", "-B", "-c", launcher], cwd=cwd, env=env,
                                   stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            assert process.poll() is None, log_path.read_text(errors="replace")
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                assert time.monotonic() < deadline, log_path.read_text(errors="replace")
                time.sleep(0.3)
        folders = {"app": app_dir, "storage": storage, "home": home, "cwd": cwd, "before": before}
        try:
            yield url, folders, process, log_path
        finally:
            if process.poll() is None:
                process.terminate()
                process.wait(timeout=15)


def test_packaged_app_runs_from_its_copy_and_keeps_data_in_app_storage(packaged, browser):
    url, folders, process, log_path = packaged
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ky-KG")
    try:
        page = context.new_page()
        page.goto(url)

        ui = UI(page, "packaged-phone").ready()
        ui.see(T("ui.first_run.welcome"))
        ui.shot("packaged-first-run")
        ui.click(T("ui.first_run.own_button"))
        ui.see(T("ui.settings.profile"))
        ui.fill(T("ui.settings.business_name"), BUSINESS)
        ui.fill(T("ui.settings.owner_name"), OWNER)
        ui.click(T("ui.settings.save_profile"))
        ui.see(T("ui.settings.profile_saved"))
        ui.shot("packaged-profile-saved")
    finally:
        context.close()
    process.terminate()
    process.wait(timeout=15)
    log = log_path.read_text(encoding="utf-8", errors="replace")

    app = folders["app"]
    assert f"SMALLSHOP_FROM {app / 'src' / 'smallshop' / '__init__.py'}" in log, log
    assert f"RESOURCES_FROM {app}" in log, log
    assert "Traceback" not in log and "unknown translation key" not in log, log

    from smallshop.storage.tinydb_store import open_store

    data_dir = folders["storage"] / "smallshop"

    store = open_store(data_dir)
    try:
        from smallshop.services import Services

        profile = Services(store, clock=lambda: datetime.now().astimezone()).settings.profile()
        assert (profile.business_name, profile.owner_name) == (BUSINESS, OWNER)
    finally:
        store.close()
    assert snapshot(app) == folders["before"], "the app folder is read-only on a phone: nothing may be written there"
    assert list(folders["cwd"].iterdir()) == []
    assert not [p for p in folders["home"].rglob("*") if "smallshop" in p.name.lower()]
