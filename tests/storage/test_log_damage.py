"""A damaged write-ahead log is never taken for a torn tail (issue 10).

The log holds ten acknowledged saves that are not yet in the data files (as after
a crash). One bit is flipped at each of many offsets: the store must then either
open with every one of the ten saves, or refuse to open naming wal.log (and
`check` report it) - never open with some of them silently missing. The one
exception is the last entry: a crash while it was being appended leaves exactly
such an entry, and it was never acknowledged, so it is taken for a torn tail.
"""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from smallshop.storage import tinydb_store
from smallshop.storage.check import check_store
from smallshop.storage.interfaces import StoreDamagedError
from smallshop.storage.tinydb_store import open_store
from smallshop.storage.wal import ENTRY, HEADER_SIZE, WalDamagedError, read_log

from storage_factories import customer, income

SAVES = 10


def _crashed_with_saves_in_log(folder):
    """A folder whose last SAVES saves live only in wal.log; returns the entries' offsets."""
    store = open_store(folder, backups=False)
    store.bulk_load([customer(n) for n in range(1, 4)])
    offsets = []
    for n in range(1, SAVES + 1):
        offsets.append(store._wal.offset)
        store.put(income(n, date(2026, 11, n), amount=1000 * n))
    offsets.append(store._wal.offset)  # end of the last entry
    store._wal.close()  # as after kill -9: no checkpoint, the saves are only in the log
    store._file_lock.release()
    del tinydb_store._REGISTRY[folder.resolve()]
    return offsets


def _flip(raw: bytes, offset: int) -> bytes:
    damaged = bytearray(raw)
    damaged[offset] ^= 1 << (offset % 8)
    return bytes(damaged)


def _entry_of(offset, bounds):
    for index in range(SAVES):
        if bounds[index] <= offset < bounds[index + 1]:
            return index
    return None


def test_one_flipped_bit_anywhere_never_loses_an_acknowledged_save_silently(tmp_path):
    folder = tmp_path / "data"
    bounds = _crashed_with_saves_in_log(folder)
    log = folder / "wal.log"
    raw = log.read_bytes()
    generation, entries = read_log(log)
    assert len(entries) == SAVES
    refused = 0
    for offset in list(range(0, 24)) + list(range(HEADER_SIZE, bounds[-1] + 64)):
        damaged = _flip(raw, offset)
        log.write_bytes(damaged)
        index = _entry_of(offset, bounds)
        try:
            _gen, survived = read_log(log)
        except WalDamagedError:
            refused += 1
            assert offset < 20 or index is not None, offset  # the header's magic/generation/crc, or an entry
            continue
        if index == SAVES - 1:  # the last entry: indistinguishable from a crash mid-append
            assert survived in (entries, entries[:-1]), offset
        else:
            assert survived == entries, f"bit flipped at byte {offset} (entry {index}) lost saves silently"
    # every flip in the header fields and in entries 1..9 was refused
    first_nine = bounds[SAVES - 1] - bounds[0]
    assert refused >= 20 + first_nine


@pytest.mark.parametrize("entry", [0, 4, 8])
@pytest.mark.parametrize("where", ["length", "generation", "crc", "payload"])
def test_the_store_refuses_a_damaged_entry_and_check_says_so(tmp_path, entry, where):
    folder = tmp_path / "data"
    bounds = _crashed_with_saves_in_log(folder)
    offset = bounds[entry] + {"length": 1, "generation": 4, "crc": 13, "payload": ENTRY.size + 7}[where]
    log = folder / "wal.log"
    damaged = _flip(log.read_bytes(), offset)
    log.write_bytes(damaged)
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file() and p.name != ".lock"}
    with pytest.raises(StoreDamagedError) as err:
        open_store(folder, backups=False)
    assert err.value.params["file"] == "wal.log"
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file() and p.name != ".lock"} == before
    result = check_store(folder)
    assert not result.ok
    assert [p.params["file"] for p in result.problems if p.fatal] == ["wal.log"]


def test_a_sample_of_flips_through_the_real_open(tmp_path):
    """The same promise through open_store itself (every 37th byte of the entries)."""
    master = tmp_path / "master"
    bounds = _crashed_with_saves_in_log(master)
    raw = (master / "wal.log").read_bytes()
    opened = refused = 0
    for offset in range(bounds[0], bounds[-1], 37):
        folder = tmp_path / f"f{offset}"
        shutil.copytree(master, folder)
        (folder / "wal.log").write_bytes(_flip(raw, offset))
        index = _entry_of(offset, bounds)
        try:
            store = open_store(folder, backups=False)
        except StoreDamagedError as exc:
            assert exc.params["file"] == "wal.log"
            refused += 1
            continue
        saved = len(store.incomes)
        store.close()
        opened += 1
        assert index == SAVES - 1 and saved == SAVES - 1, (offset, index, saved)
        shutil.rmtree(folder)
    assert refused > 0 and refused + opened == len(range(bounds[0], bounds[-1], 37))
