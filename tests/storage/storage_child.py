"""A separate process for the storage tests (second process, kill -9, crashes).

    python storage_child.py hold DATA          open, print "ready", wait for stdin to close
    python storage_child.py write DATA SEED [LOG_BYTES|nolog]   save forever; print an id only
                                                         after its save returned (small LOG_BYTES:
                                                         a checkpoint every few saves; nolog: no
                                                         log, so every two-file save goes through
                                                         the journal)
    python storage_child.py crash-mid-apply DATA   (no log) die (os._exit) after the first file
                                                   of a two-file transaction, journal on disk
    python storage_child.py crash-mid-checkpoint DATA   save through the log, then die after
                                                        the first file of the checkpoint
"""

from __future__ import annotations

import os
import random
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from storage_factories import income, order  # noqa: E402

from smallshop.storage import checksums, files, tinydb_store  # noqa: E402
from smallshop.storage.interfaces import StoreLockedError  # noqa: E402


def main() -> int:
    mode, data_dir = sys.argv[1], Path(sys.argv[2])
    if mode == "write" and len(sys.argv) > 4 and sys.argv[4] == "nolog":
        tinydb_store.WAL_ENABLED = False  # files + journal for every save
    elif mode == "write" and len(sys.argv) > 4:
        tinydb_store.WAL_CAPACITY = int(sys.argv[4])  # a small log: checkpoints all the time
    if mode == "crash-mid-apply":
        tinydb_store.WAL_ENABLED = False  # big transactions: files + journal, no log
    try:
        # no automatic backups while writing or crashing: a backup checkpoints the log itself
        store = tinydb_store.open_store(data_dir, backups=mode not in ("write", "crash-mid-checkpoint"))
    except StoreLockedError as exc:
        print(f"locked {exc.key} {exc.params['folder']}", flush=True)
        return 3
    if mode == "hold":
        print("ready", flush=True)
        sys.stdin.read()
        return 0
    if mode == "crash-mid-apply":
        real = files.atomic_write
        seen = []

        def dying_write(path, data, *, sync_dir=True):
            if path.name not in ("journal.json", "checksums.json"):
                seen.append(path)
                if len(seen) == 2:
                    os._exit(9)  # the second data file is never written
            real(path, data, sync_dir=sync_dir)

        tinydb_store.atomic_write = checksums.atomic_write = dying_write
        with store.transaction() as tx:
            tx.put(order(900001, date(2026, 11, 5)))
            tx.put(income(900001, date(2026, 12, 5), order_id="o900001"))
        return 1  # not reached
    if mode == "crash-mid-checkpoint":
        with store.transaction() as tx:  # durable in the log
            tx.put(order(900001, date(2026, 11, 5)))
            tx.put(income(900001, date(2026, 12, 5), order_id="o900001"))
        real = files.atomic_write
        seen = []

        def dying_write(path, data, *, sync_dir=True):
            if path.name != "checksums.json":  # (written before and after the files)
                seen.append(path)
                if len(seen) == 2:
                    os._exit(9)  # the checkpoint wrote one of the two files
            real(path, data, sync_dir=sync_dir)

        tinydb_store.atomic_write = checksums.atomic_write = dying_write
        store.checkpoint()
        return 1  # not reached
    if mode == "write":
        rng = random.Random(int(sys.argv[3]))
        n = int(sys.argv[3]) * 1_000_000
        print("ready", flush=True)
        while True:
            n += 1
            day = date(2017, 1, 1) + timedelta(days=rng.randrange(3650))
            if n % 3 == 0:
                with store.transaction() as tx:  # two files: one log entry, or the journal (nolog)
                    tx.put(order(n, day))
                    tx.put(income(n, day + timedelta(days=rng.randrange(40)), order_id=f"o{n:06d}"))
                print(f"pair {n}", flush=True)
            else:
                store.put(income(n, day))
                print(f"one {n}", flush=True)
    return 2


if __name__ == "__main__":
    sys.exit(main())
