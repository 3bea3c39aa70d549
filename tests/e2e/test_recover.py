"""The damaged-data page offers Recover (issue 10): a folder whose write-ahead log
header is damaged, with a customer saved only in that log, opens again after one
click, and the customer saved after the last backup is there."""

from __future__ import annotations

from datetime import date

from smallshop.cli import main
from smallshop.domain.models import Customer
from smallshop.i18n import get_translator
from smallshop.storage import tinydb_store
from smallshop.storage.tinydb_store import open_store

T = get_translator("ky")


def test_recover_from_the_damaged_data_page(start_server, desktop, tmp_path):
    folder = tmp_path / "data"
    assert main(["demo", "--data-dir", str(folder), "--months", "1", "--today", "2026-11-28", "--lang", "ky"]) == 0
    store = open_store(folder, backups=False)
    store.put(Customer(id="burulai", name="Бурулай Калыбекова", phone="0700 111 222", created_on=date(2026, 11, 28)))
    store._wal.close()  # a crash: the new customer is only in the log
    store._file_lock.release()
    del tinydb_store._REGISTRY[folder.resolve()]
    log = folder / "wal.log"
    raw = bytearray(log.read_bytes())
    raw[0:8] = b"damaged!"
    log.write_bytes(bytes(raw))

    server = start_server(folder, lang="ky")
    ui = desktop(server, "/")
    ui.see(T("ui.startup.failed"))
    ui.shot("damaged-data-page")
    ui.click(T("ui.recover.button"), exact=True)
    ui.see(T("ui.recover.title"), timeout=90_000)
    ui.shot("recovered")
    ui.click(T("ui.action.close"), exact=True)
    ui.goto("/customers")
    ui.fill(T("ui_screens.customers.search"), "Бурулай")
    ui.see("Бурулай Калыбекова", timeout=30_000)
    assert (folder / "wal.log").read_bytes()[:8] != b"damaged!"
    kept = [p for p in folder.iterdir() if p.name.startswith("replaced-")]
    assert len(kept) == 1 and (kept[0] / "wal.log").read_bytes()[:8] == b"damaged!"
