"""Settings: a backup downloads as a real backup file; restoring asks first,
refuses a file that is not a backup and a backup that would not open, with a
translated message (the app stays usable), and a good backup of different data
really replaces the data."""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path

import orjson

from smallshop.i18n import get_translator

T = get_translator("ky")


def _fixed_part(template: str) -> str:
    """The longest piece of a message that does not depend on its parameters."""
    return max((piece.strip(" .:") for piece in re.split(r"\{[a-z_]+\}", template)), key=len)


def test_download_backup_and_restore_it(demo_server, desktop, tmp_path):
    ui = desktop(demo_server, "/settings")
    ui.see(T("ui.settings.backups"))
    with ui.page.expect_download(timeout=60_000) as info:
        ui.click(T("ui.settings.download_backup"))
    backup = tmp_path / info.value.suggested_filename
    info.value.save_as(backup)
    assert backup.name.startswith("smallshop-backup-") and zipfile.is_zipfile(backup)

    # a file that is not a backup: refused, translated, nothing replaced
    junk = tmp_path / "notes.zip"
    junk.write_bytes(b"this is not a backup")
    with ui.page.expect_file_chooser() as chooser:
        ui.click(T("ui.settings.restore"))
    chooser.value.set_files(str(junk))
    ui.click(T("ui.settings.restore_yes"), exact=True)
    ui.see(_fixed_part(T.message("storage.backup.not_zip")), timeout=60_000)
    ui.shot("restore-refused")

    # a backup made by a newer smallshop: refused with its own message, nothing replaced
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from hostile_backups import hostile, members, write_zip

    newer, _ = hostile("newer_meta", backup, tmp_path)
    with ui.page.expect_file_chooser() as chooser:
        ui.click(T("ui.settings.restore"))
    chooser.value.set_files(str(newer))
    ui.click(T("ui.settings.restore_yes"), exact=True)
    ui.see(_fixed_part(T.message("storage.backup.too_new")), timeout=60_000)
    ui.shot("restore-too-new-refused")

    # a 1 GB customers.json packed in ~1 MB: refused from its sizes, the app stays responsive
    bomb, _ = hostile("bomb", backup, tmp_path)
    with ui.page.expect_file_chooser() as chooser:
        ui.click(T("ui.settings.restore"))
    chooser.value.set_files(str(bomb))
    ui.click(T("ui.settings.restore_yes"), exact=True)
    ui.see(_fixed_part(T.message("storage.backup.too_big")), timeout=60_000)
    ui.shot("restore-bomb-refused")

    # a good backup of DIFFERENT data (one more customer): restored, and the data changed
    manifest, files = members(backup)
    customers = orjson.loads(files["customers.json"])
    template = next(iter(customers["customers"].values()))
    customers["customers"]["restoredcustomer"] = dict(template, id="restoredcustomer", name="Бурулай Калыбекова",
                                                     phone="0700 111 222")
    counts = dict(manifest["counts"], customers=manifest["counts"]["customers"] + 1)
    different = write_zip(tmp_path / "different.zip", dict(manifest, counts=counts),
                          dict(files, **{"customers.json": orjson.dumps(customers)}))
    with ui.page.expect_file_chooser() as chooser:
        ui.click(T("ui.settings.restore"))
    chooser.value.set_files(str(different))
    ui.see(T("ui.settings.restore_confirm_title"))
    ui.click(T("ui.settings.restore_yes"), exact=True)
    ui.see(T("ui.settings.restored", file=different.name), timeout=60_000)
    ui.goto("/customers")
    ui.fill(T("ui_screens.customers.search"), "Бурулай")
    ui.see("Бурулай Калыбекова", timeout=30_000)
    ui.shot("restored-different-data")


def test_second_backup_folder_and_the_missing_backup_banner(demo_server, desktop, tmp_path):
    """Settings: the owner chooses a USB folder, the newest backup lands there and
    "last copied" shows; with the backups folder deleted, Home says so."""
    import shutil

    from smallshop.storage.location import demo_data_dir

    stick = tmp_path / "usb"
    stick.mkdir()
    ui = desktop(demo_server, "/settings")
    ui.see(T("ui.settings.copy_folder_hint"))
    ui.fill(T("ui.settings.copy_folder"), str(stick))
    ui.click(T("ui.settings.copy_folder_save"), exact=True)
    ui.see(T("ui.settings.copy_folder_saved", folder=str(stick)), timeout=30_000)
    assert len(list(stick.glob("backup-*.zip"))) == 1
    ui.see(_fixed_part(T.message("ui.settings.last_copied")), timeout=30_000)
    ui.shot("second-backup-folder")

    data = demo_data_dir(demo_server.data_dir)
    shutil.rmtree(data / "backups")
    ui.goto("/")
    ui.see(_fixed_part(T.message("ui.backup.banner_missing")), timeout=30_000)
    ui.shot("backup-missing-banner")
