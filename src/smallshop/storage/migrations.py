"""Numbered schema upgrades, run at open with a backup taken first.

The schema version lives in DATA/meta.json. Each Migration turns the raw documents
of version `number - 1` (kind -> list of JSON dicts) into those of `number`; the
store then writes them in the current file layout. To change the schema: bump
layout.SCHEMA_VERSION and append a Migration here with a test on an old folder.

Schema 1 was the first layout: one TinyDB file DATA/smallshop.json with a table per
kind and counter ids. Schema 2 (current) is one file per kind and per month, keyed
by the record's own id, every document with an audit version of at least 1.
Schema 3 has the same files plus a new kind, refunds (DATA/refunds/<month>.json).
Nothing is rewritten on the way, but the number must change: a smallshop of schema 2
does not know refunds, so it would count income without them and leave them out of
its backups; with schema 3 in meta.json it refuses the folder ("made by a newer
smallshop") instead.
Schema 4 (current, issue 15) adds the business plan (plans.json), the asset register
(assets.json), who worked each month (job_months.json) and the month's notes for the
caseworker (month_notes.json), and describes debts: a lender type (relatives,
microfinance, bank, shop credit, other) and more purposes (migration travel, health,
education, other). Old debts keep their purpose (business or household: both still
mean the same) and get the lender type "other", written into each debt document
(also debts in the recycle bin) so the files say what the app shows: nobody
described the lender yet. The owner can set it on the debt's form at any time, also
after repayments.
Schema 5 (current) adds DATA/checksums.json, each data file's size and CRC-32
(checksums.py), written by the upgrade; a schema-4 smallshop would write files without
keeping it true, so the number moves again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Iterator

from . import checksums
from .files import DamagedFileError, atomic_write, dumps, read_json_file, sync_dir_quietly
from .layout import (
    APP_NAME,
    JOURNAL_FILE,
    WAL_FILE,
    KIND_BY_NAME,
    KINDS,
    META_FILE,
    SCHEMA_VERSION,
    V1_FILE,
    data_files,
    kind_of_partition,
)

log = logging.getLogger(__name__)

RawDocs = dict[str, list[dict[str, Any]]]  # kind name -> documents


@dataclass(frozen=True)
class Migration:
    number: int  # the schema version this step produces
    description: str
    upgrade: Callable[[RawDocs], RawDocs]


def _v1_to_v2(docs: RawDocs) -> RawDocs:
    """Give every document an audit with version >= 1 (schema 1 had none)."""
    out: RawDocs = {}
    for kind, items in docs.items():
        upgraded = []
        for doc in items:
            doc = dict(doc)
            audit = dict(doc["audit"]) if isinstance(doc.get("audit"), dict) else {}
            version = audit.get("version") or 0
            audit["version"] = max(1, version if type(version) is int else 0)
            doc["audit"] = audit
            upgraded.append(doc)
        out[kind] = upgraded
    return out


def _v2_to_v3(docs: RawDocs) -> RawDocs:
    """Refunds are a new kind; no existing document changes."""
    return docs


def _v4_to_v5(docs: RawDocs) -> RawDocs:
    """Checksums: DATA/checksums.json is written (migrate's _finish); no document changes."""
    return docs


def _v3_to_v4(docs: RawDocs) -> RawDocs:
    """Debts get lender_type "other" (unknown); the plan, assets, jobs and notes are new kinds."""

    def described(debt: dict[str, Any]) -> dict[str, Any]:
        return debt if "lender_type" in debt else {**debt, "lender_type": "other"}

    out = dict(docs)
    out["debts"] = [described(doc) for doc in docs.get("debts", [])]
    out["bin"] = [{**doc, "debt": described(doc["debt"])} if isinstance(doc.get("debt"), dict) else doc
                  for doc in docs.get("bin", [])]
    return out


MIGRATIONS: tuple[Migration, ...] = (
    Migration(2, "one file per kind and month; audit versions", _v1_to_v2),
    Migration(3, "refunds: a new kind that older versions must not open", _v2_to_v3),
    Migration(4, "plan, assets, jobs, notes; debts get a lender type", _v3_to_v4),
    Migration(5, "a checksum of every data file (checksums.json) that older versions would not keep", _v4_to_v5),
)
# The oldest schema whose files this version reads unchanged (a read-only disk cannot be
# upgraded: schema 4 differs only by the checksum manifest, so it is read without one).
READABLE_AS_IS = 4


class MigrationError(Exception):
    pass


def load_raw(data_dir: Path, version: int) -> RawDocs:
    """Every document of a folder in schema `version` (raises DamagedFileError)."""
    docs: RawDocs = {k.name: [] for k in KINDS}
    if version == 1:
        tables = read_json_file(data_dir / V1_FILE)
        if not isinstance(tables, dict):
            raise DamagedFileError(data_dir / V1_FILE, "not a TinyDB file")
        for name, table in tables.items():
            # Nothing is dropped on the way: a table smallshop never had, or a record that
            # is not an object, means this is not what it claims to be (refused, named).
            if name == "_default" and table == {}:  # TinyDB's own empty default table
                continue
            if name not in KIND_BY_NAME or not isinstance(table, dict):
                raise DamagedFileError(data_dir / V1_FILE, f"unknown table {name!r}")
            if not all(isinstance(doc, dict) for doc in table.values()):
                raise DamagedFileError(data_dir / V1_FILE, f"a {name} record that is not an object")
            docs[name].extend(table.values())
        return docs
    for rel in data_files(data_dir):
        kind = kind_of_partition(rel)
        tables = read_json_file(data_dir / rel)
        if kind is None or not isinstance(tables, dict):
            raise DamagedFileError(data_dir / rel, "not a data file")
        docs[kind.name].extend((tables.get(kind.name) or {}).values())
    return docs


def _check_ids(data_dir: Path, version: int, docs: RawDocs) -> None:
    """Every document needs a text id and, for dated kinds, a date: without them
    it has no file to go to (DamagedFileError, nothing written)."""
    source = data_dir / (V1_FILE if version == 1 else META_FILE)
    for name, items in docs.items():
        kind = KIND_BY_NAME[name]
        for doc in items:
            if not isinstance(doc.get("id"), str) or not doc["id"]:
                raise DamagedFileError(source, f"a {name} record without an id")
            if kind.date_field is not None:
                try:
                    kind.partition_of_doc(doc)
                except (KeyError, TypeError, ValueError, IndexError) as exc:
                    raise DamagedFileError(source, f"a {name} record without a date") from exc


def write_current(data_dir: Path, docs: RawDocs) -> None:
    """Write documents in the current layout (each file atomically), their checksum
    manifest, then meta."""
    partitions: dict[str, dict[str, dict[str, Any]]] = {}
    for name, items in docs.items():
        kind = KIND_BY_NAME[name]
        for doc in items:
            rel = kind.partition_of_doc(doc)
            partitions.setdefault(rel, {kind.name: {}})[kind.name][str(doc["id"])] = doc
    sums = checksums.Sums()
    checksums.write_files(data_dir, sums, {rel: dumps(tables) for rel, tables in partitions.items()})
    _finish(data_dir, sums)


def _finish(data_dir: Path, sums: checksums.Sums) -> None:
    """The manifest of every data file present (the ones just written included),
    then meta.json: a folder of the current schema always has its manifest."""
    for rel in data_files(data_dir):
        if rel not in sums.files:
            sums.files[rel] = checksums.key((data_dir / rel).read_bytes())
    checksums.write(data_dir, sums.files)
    write_meta(data_dir)


def write_meta(data_dir: Path, version: int = SCHEMA_VERSION) -> None:
    atomic_write(data_dir / META_FILE, dumps({"app": APP_NAME, "schema_version": version}))


def fold_log(data_dir: Path) -> None:
    """Write a leftover journal's files and the write-ahead log's saves into the data
    files (a checkpoint, as opening does after the replay), then drop both. Run before
    the before-migration backup: it must hold every acknowledged save, and the log's
    entries are in the old schema, so they must not be replayed after the upgrade.
    One file at a time. A damaged log raises DamagedFileError naming it (nothing
    written). A manifest, if the folder has one, is kept true (checksums.py)."""
    from .tables import _apply_ops, _valid_tables
    from .wal import WalDamagedError, read_log

    journal_path, log_path = data_dir / JOURNAL_FILE, data_dir / WAL_FILE
    if not journal_path.exists() and not log_path.exists():
        return
    pending: dict[str, Any] = {}
    if journal_path.exists():
        try:
            journal = read_json_file(journal_path)
        except DamagedFileError:
            journal = None
        files = journal.get("files") if isinstance(journal, dict) and journal.get("complete") is True else None
        if isinstance(files, dict) and all(_valid_tables(t, kind_of_partition(rel)) for rel, t in files.items()):
            pending = files  # complete: committed; an incomplete one never was
    ops: dict[str, list[dict[str, Any]]] = {}
    if log_path.exists():
        try:
            entries = read_log(log_path)[1]
        except (WalDamagedError, OSError) as exc:
            raise DamagedFileError(log_path, str(exc)) from exc
        for entry in entries:
            for rel, change in entry.items():
                if kind_of_partition(rel) is None or not isinstance(change, dict):
                    raise DamagedFileError(log_path, f"an entry for {rel!r}")
                ops.setdefault(rel, []).append(change)
    try:
        sums = checksums.read(data_dir)
    except DamagedFileError:
        sums = None
    for rel in sorted(set(pending) | set(ops)):
        if rel in pending:
            tables = pending[rel]
        else:
            tables = read_json_file(data_dir / rel) if (data_dir / rel).exists() else {}
        payload = dumps(_apply_ops(rel, tables, ops.get(rel)))
        if sums is not None:
            checksums.write_files(data_dir, sums, {rel: payload})
        else:
            atomic_write(data_dir / rel, payload)
    for path in (log_path, journal_path):
        if path.exists():
            path.unlink()
    sync_dir_quietly(data_dir)


def migrate(data_dir: Path, version: int, *, clock: Callable[[], datetime], backup: bool = True) -> Path | None:
    """Upgrade `data_dir` from `version` to SCHEMA_VERSION; returns the backup taken
    first (`backup=False`: none, for a restore's staging folder). From schema 2 on the
    files keep their layout, so they are upgraded one at a time (a restore's check of
    a big backup must not hold it all)."""
    from .backups import Rotation  # backups imports layout only; keep the graph flat

    if version >= 2:
        fold_log(data_dir)  # saves only in the log go into the files, so into the backup too
    taken = None
    if backup:
        files = {}
        for name in [META_FILE, V1_FILE, *data_files(data_dir)]:
            if (data_dir / name).exists():
                files[name] = (data_dir / name).read_bytes()
        counts: dict[str, int] = {}
        for name, items in (load_raw(data_dir, version).items() if version == 1 else
                            ((name, items) for _rel, name, items in _raw_files(data_dir))):
            counts[name] = counts.get(name, 0) + len(items)
        taken = Rotation(data_dir, clock).add(files, counts, "before-migration", schema_version=version)
        del files
        log.info("backup %s taken before migrating %s from schema %d", taken, data_dir, version)
    steps = [step for step in MIGRATIONS if step.number > version]
    if version == 1:
        docs = load_raw(data_dir, version)
        _check_ids(data_dir, version, docs)
        for step in steps:
            docs = step.upgrade(docs)
        write_current(data_dir, docs)
        (data_dir / V1_FILE).unlink(missing_ok=True)
        sync_dir_quietly(data_dir)
    else:
        sums = checksums.Sums()
        for rel, name, items in _raw_files(data_dir):
            docs = {name: items}
            _check_ids(data_dir, version, docs)
            for step in steps:
                docs = step.upgrade(docs)
            if docs[name] != items:  # every step from 2 on keeps each document in its file
                kind = KIND_BY_NAME[name]
                if any(kind.partition_of_doc(doc) != rel for doc in docs[name]):
                    raise MigrationError(f"a step moved a document out of {rel}")
                checksums.write_files(data_dir, sums, {rel: dumps({name: {doc["id"]: doc for doc in docs[name]}})})
        _finish(data_dir, sums)
    for step in steps:
        log.info("migrated to schema %d: %s", step.number, step.description)
    return taken


def _raw_files(data_dir: Path) -> Iterator[tuple[str, str, list[dict[str, Any]]]]:
    """(file, kind name, documents) of each data file in turn (DamagedFileError)."""
    for rel in data_files(data_dir):
        kind = kind_of_partition(rel)
        tables = read_json_file(data_dir / rel)
        if kind is None or not isinstance(tables, dict) or not isinstance(tables.get(kind.name) or {}, dict):
            raise DamagedFileError(data_dir / rel, "not a data file")
        yield rel, kind.name, list((tables.get(kind.name) or {}).values())
