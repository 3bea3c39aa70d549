"""kill -9 a process that is saving, at random moments, many times (issue 6).

The child prints an id only after its save returned; every printed id must be in
the store afterwards, both halves of every two-file transaction, and the store
must always open. Half the children use a tiny log (a checkpoint every few saves,
so kills land inside checkpoints too), a quarter no log at all (every two-file
save writes journal.json and then both files, so kills land in the journal
path), and every fifth is killed at any moment, also while starting or replaying. Sized to run in about a minute on 2 cores.
"""

import os
import random
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from smallshop.storage.tinydb_store import open_store

from storage_factories import customer, income, order

CHILD = Path(__file__).with_name("storage_child.py")
KILLS = 120


def _dataset(data_dir: Path) -> int:
    rng = random.Random(1)
    records = [customer(n) for n in range(1, 301)]
    for n in range(1, 2001):
        day = date(2017, 1, 1) + timedelta(days=rng.randrange(3650))
        records.append(order(n, day))
        records.append(income(n, day, order_id=f"o{n:06d}"))
    store = open_store(data_dir, backups=False)
    count = store.bulk_load(records)
    store.close()
    return count


def test_kill9_while_saving_never_loses_an_acknowledged_save(tmp_path):
    base = _dataset(tmp_path)
    rng = random.Random(20261128)
    acked_single: list[int] = []
    acked_pairs: list[int] = []
    journal_pairs: list[int] = []  # acknowledged through journal.json (no log)
    killed_mid_run = 0
    for round_no in range(1, KILLS + 1):
        command = [sys.executable, str(CHILD), "write", str(tmp_path), str(round_no)]
        if round_no % 4 == 2:
            command.append("nolog")  # no log: two-file saves go through the journal, kills land there
        elif round_no % 2:
            command.append(str(4096 + 12 * 1024))  # small log: kills land in checkpoints too
        child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if round_no % 5 == 0:  # anywhere: while starting, opening, replaying the log, saving
            time.sleep(rng.uniform(0.05, 0.6))
            prefix = ""
        else:
            prefix = child.stdout.readline()
            assert prefix.strip() == "ready", child.stderr.read()
            time.sleep(rng.uniform(0.0, 0.04))
        os.kill(child.pid, signal.SIGKILL)
        out, err = child.communicate(timeout=30)
        assert child.returncode == -signal.SIGKILL, err
        assert "Traceback" not in err, err
        lines = (prefix + out).replace("ready", "").split()
        for kind, number in zip(lines[::2], lines[1::2]):
            (acked_pairs if kind == "pair" else acked_single).append(int(number))
            if kind == "pair" and round_no % 4 == 2:
                journal_pairs.append(int(number))
        killed_mid_run += bool(lines)
    assert killed_mid_run > KILLS // 2  # most kills hit a process busy saving
    store = open_store(tmp_path, backups=False)
    missing = [n for n in acked_single if store.incomes.get(f"i{n:06d}") is None]
    missing += [n for n in acked_pairs
                if store.orders.get(f"o{n:06d}") is None or store.incomes.get(f"i{n:06d}") is None]
    assert missing == []
    # no half transactions either: every order written by a child has its payment
    child_orders = [o for o in store.orders.all() if int(o.id[1:]) > 1_000_000]
    assert all(store.incomes.get("i" + o.id[1:]) is not None for o in child_orders)
    assert len(store.incomes) + len(store.orders) + len(store.customers) >= base + len(acked_single)
    assert not list(tmp_path.rglob("*.tmp-smallshop"))
    assert journal_pairs, "no acknowledged two-file save went through the journal"
