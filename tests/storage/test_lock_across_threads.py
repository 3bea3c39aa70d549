"""The data-folder lock belongs to the store, not to the thread that opened it:
the app opens the store on one thread and may close it (restore, demo switch)
from a worker thread; the folder must then be free again."""

import threading

from smallshop.storage.restoring import restore_backup
from smallshop.storage.tinydb_store import open_store

from smallshop.domain.models import Customer


def _in_thread(fn):
    errors = []

    def run():
        try:
            fn()
        except BaseException as exc:  # noqa: BLE001 - surfaced below
            errors.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    worker.join()
    if errors:
        raise errors[0]


def test_store_closed_on_another_thread_frees_the_folder(tmp_path):
    store = open_store(tmp_path / "data", backups=False)
    with store.transaction() as tx:
        tx.put(Customer(id="c1", name="Айгүл"))
    backup = store.backup(tmp_path / "copy.zip")
    _in_thread(store.close)

    # the same folder can be restored and reopened right away, from yet another thread
    _in_thread(lambda: restore_backup(tmp_path / "data", backup))
    reopened = open_store(tmp_path / "data", backups=False)
    try:
        assert [c.name for c in reopened.customers.all()] == ["Айгүл"]
    finally:
        reopened.close()
