"""Settings: a backup downloads as a real backup file; restoring asks first and
refuses a file that is not a backup, with a translated message."""

from __future__ import annotations

import re
import zipfile

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
    ui.click(T("ui.settings.restore_yes"))
    ui.see(_fixed_part(T.message("storage.invalid_backup")))
    ui.shot("restore-refused")

    # the real backup: confirmed, restored
    with ui.page.expect_file_chooser() as chooser:
        ui.click(T("ui.settings.restore"))
    chooser.value.set_files(str(backup))
    ui.see(T("ui.settings.restore_confirm_title"))
    ui.click(T("ui.settings.restore_yes"))
    ui.see(T("ui.settings.restored", file=backup.name), timeout=60_000)
    ui.click(T("ui.nav.home"))
    ui.see(T("ui.home.orders_due"))
