"""Threads in one process never lose an update; a second process is refused."""

import subprocess
import sys
import threading
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from smallshop.storage.interfaces import StoreLockedError
from smallshop.storage.tinydb_store import open_store

from storage_factories import customer, income, order

CHILD = Path(__file__).with_name("storage_child.py")


def _hammer(together, store, threads: int, saves: int) -> None:
    def work(t: int) -> None:
        for n in range(saves):
            day = date(2026, 1, 1) + timedelta(days=(t * saves + n) % 365)
            store.put(income(t * 100_000 + n, day))

    _, errors = together(threads, work)
    assert errors == []


@pytest.mark.parametrize("threads,saves", [(8, 200), (8, 500)])
def test_eight_threads_all_saves_present(tmp_path, threads, saves, together):
    store = open_store(tmp_path, backups=False)
    _hammer(together, store, threads, saves)
    assert len(store.incomes) == threads * saves
    store.close()
    again = open_store(tmp_path, backups=False)
    assert len(again.incomes) == threads * saves
    assert len({i.id for i in again.incomes.all()}) == threads * saves


def test_concurrent_edits_of_one_record_bump_versions_without_loss(tmp_path, together):
    store = open_store(tmp_path, backups=False)
    store.put(customer(1))

    def edit(t: int) -> int:
        for _ in range(50):
            with store.transaction() as tx:  # read-modify-write under the store lock
                current = tx.get(type(customer(1)), "c000001")
                tx.put(replace(current, notes=current.notes + "x"), expected_version=current.audit.version)
        return t

    done, errors = together(4, edit)
    assert errors == []
    final = store.customers.get("c000001")
    assert len(done) == 4 and final.notes == "x" * 200 and final.audit.version == 201


def test_readers_never_see_half_a_transaction(tmp_path):
    store = open_store(tmp_path, backups=False)
    stop = threading.Event()
    torn: list[str] = []
    errors: list[BaseException] = []
    reads: list[int] = []
    seen_counts: set[int] = set()

    def reader() -> None:
        try:
            while not stop.is_set():
                with store.reading():
                    orders = len(store.orders)
                    incomes = len(store.incomes)
                reads.append(1)
                seen_counts.add(orders)
                if orders != incomes:
                    torn.append(f"{orders} orders, {incomes} incomes")
        except BaseException as exc:  # noqa: BLE001 - a reader that died must fail the test
            errors.append(exc)

    thread = threading.Thread(target=reader)
    thread.start()
    for n in range(1, 201):
        if n % 20 == 0:  # on a busy machine the reader may not get the GIL: let it read once
            seen = len(reads)
            deadline = time.monotonic() + 10
            while len(reads) == seen and thread.is_alive() and time.monotonic() < deadline:
                time.sleep(0.001)
        with store.transaction() as tx:
            tx.put(order(n, date(2026, 11, 1) + timedelta(days=n % 30)))
            tx.put(income(n, date(2026, 12, 1), order_id=f"o{n:06d}"))
    stop.set()
    thread.join()
    assert errors == [] and torn == []
    # the reader really ran, and while the writer was busy (it saw counts between 0 and 200)
    assert len(reads) > 10 and len(seen_counts - {0, 200}) > 0, (len(reads), sorted(seen_counts)[:5])


def test_second_process_is_refused_with_the_folder_named(tmp_path):
    holder = subprocess.Popen([sys.executable, str(CHILD), "hold", str(tmp_path)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreLockedError) as err:
            open_store(tmp_path)
        assert err.value.key == "storage.locked"
        assert err.value.params["folder"] == str(tmp_path.resolve())
        second = subprocess.run([sys.executable, str(CHILD), "hold", str(tmp_path)],
                                capture_output=True, text=True, timeout=60, input="")
        assert second.returncode == 3
        assert second.stdout.strip() == f"locked storage.locked {tmp_path.resolve()}"
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    # once the first program has exited the folder opens again
    open_store(tmp_path).close()


def test_lock_is_released_on_close(tmp_path):
    open_store(tmp_path).close()
    second = subprocess.run([sys.executable, str(CHILD), "hold", str(tmp_path)],
                            capture_output=True, text=True, timeout=60, input="")
    assert second.returncode == 0 and second.stdout.strip() == "ready"
