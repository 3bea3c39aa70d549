"""Backups that must never be restored, made from a good one (issue 10).

`hostile(kind, good_zip, out_dir)` returns the path of a zip (or folder) of that
kind and the `why` the refusal must carry (storage.backup.<why>). Used by the
storage, CLI, service and browser tests, so every path refuses the same files.
"""

from __future__ import annotations

import io
import struct
import zlib
import zipfile
from pathlib import Path

import orjson

HOSTILE = [
    "newer_manifest",  # the manifest says schema 99
    "newer_meta",  # the manifest says 2, meta.json inside says 99
    "undecodable",  # an order without its fields
    "wrong_table",  # customers.json holding an "orders" table
    "v1_without_ids",  # schema-1 data whose documents have no ids
    "no_data_files",  # a manifest claiming thousands of records, no data files
    "empty",  # an honest backup of an empty folder
    "text_counts",  # the manifest's record counts are text
    "bomb",  # a 1 GB customers.json in ~1 MB (declared honestly)
    "ratio_bomb",  # 3 MB of zeros in a few KB: under the size cap, over the ratio cap
    "lying_bomb",  # declares 1 KB, unpacks to 30 MB
    "other_business",  # a good backup of another business
    "slip",  # a member named ../../evil.json
    "dangling",  # an order whose customer is not in it (the counts agree)
    "v1_unknown_table",  # schema-1 data with a table smallshop never had (it would be dropped)
    "v1_not_a_record",  # schema-1 data with a record that is not an object (it would be dropped)
    "rotted",  # a digit of an amount changed after its checksum was taken (still valid JSON)
    "wrong_type",  # a customer's name that is a list, an order's version that is text
]

WHY = {
    "newer_manifest": "too_new",
    "newer_meta": "too_new",
    "undecodable": "damaged_data",
    "wrong_table": "damaged_data",
    "v1_without_ids": "damaged_data",
    "no_data_files": "count_mismatch",
    "empty": "empty",
    "text_counts": "bad_manifest",
    "bomb": "too_big",
    "ratio_bomb": "bomb",
    "lying_bomb": "damaged_member",
    "other_business": "other_business",
    "slip": "unexpected_member",
    "dangling": "dangling",
    "v1_unknown_table": "damaged_data",
    "v1_not_a_record": "damaged_data",
    "rotted": "damaged_data",
    "wrong_type": "damaged_data",
}


def members(good_zip: Path) -> tuple[dict, dict[str, bytes]]:
    with zipfile.ZipFile(good_zip) as zf:
        manifest = orjson.loads(zf.read("manifest.json"))
        files = {name: zf.read(name) for name in manifest["files"]}
    return manifest, files


def write_zip(path: Path, manifest: dict, files: dict[str, bytes]) -> Path:
    """A zip of `files` whose manifest lists them all."""
    manifest = dict(manifest, files=sorted(files),  # checksums of what it holds, as smallshop writes them
                    checksums={n: [len(d), zlib.crc32(d)] for n, d in files.items() if n != "meta.json"})
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", orjson.dumps(manifest))
        for name, data in files.items():
            zf.writestr(name, data)
    return path


def _write_keeping_checksums(path: Path, manifest: dict, files: dict[str, bytes]) -> Path:
    """Like write_zip, but the manifest keeps the checksums it had (taken before the change)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", orjson.dumps(dict(manifest, files=sorted(files))))
        for name, data in files.items():
            zf.writestr(name, data)
    return path


def _zeros_member(zf: zipfile.ZipFile, name: str, size: int) -> None:
    """A member of `size` zero bytes, streamed (never `size` bytes in memory)."""
    block = bytes(1024 * 1024)
    info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    with zf.open(info, "w", force_zip64=True) as out:
        left = size
        while left:
            out.write(block[: min(left, len(block))])
            left -= min(left, len(block))


def hostile(kind: str, good_zip: Path, out_dir: Path) -> tuple[Path, str]:
    manifest, files = members(good_zip)
    out = out_dir / f"hostile-{kind}.zip"
    if kind == "newer_manifest":
        write_zip(out, dict(manifest, schema_version=99), files)
    elif kind == "newer_meta":
        write_zip(out, manifest, dict(files, **{"meta.json": b'{"app": "smallshop", "schema_version": 99}'}))
    elif kind == "undecodable":
        table = orjson.loads(files["customers.json"])
        first = next(iter(table["customers"]))
        table["customers"][first] = {"id": first, "created_on": "not a date"}
        write_zip(out, manifest, dict(files, **{"customers.json": orjson.dumps(table)}))
    elif kind == "wrong_type":  # every field there, but of the wrong JSON type
        table = orjson.loads(files["customers.json"])
        first = next(iter(table["customers"]))
        table["customers"][first]["name"] = ["Айгүл", "Осмонова"]
        write_zip(out, manifest, dict(files, **{"customers.json": orjson.dumps(table)}))
    elif kind == "wrong_table":
        customers = orjson.loads(files["customers.json"])
        write_zip(out, manifest, dict(files, **{"customers.json": orjson.dumps({"orders": customers["customers"]})}))
    elif kind == "v1_without_ids":
        customers = orjson.loads(files["customers.json"])["customers"]
        v1 = {"customers": {str(i): {k: v for k, v in doc.items() if k != "id"}
                            for i, doc in enumerate(customers.values(), 1)}}
        write_zip(out, {"app": "smallshop", "schema_version": 1, "created_at": manifest["created_at"],
                        "sequence": 1, "reason": "manual", "counts": {"customers": len(customers)}},
                  {"smallshop.json": orjson.dumps(v1)})
    elif kind == "no_data_files":
        write_zip(out, dict(manifest, counts={"orders": 5000, "customers": 900}),
                  {"meta.json": files["meta.json"]})
    elif kind == "empty":
        write_zip(out, dict(manifest, counts={}), {"meta.json": files["meta.json"]})
    elif kind == "text_counts":
        write_zip(out, dict(manifest, counts={k: str(v) for k, v in manifest["counts"].items()}), files)
    elif kind in ("bomb", "ratio_bomb"):
        size = 2**30 if kind == "bomb" else 3 * 2**20
        rest = {n: d for n, d in files.items() if n != "customers.json"}
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
            zf.writestr("manifest.json", orjson.dumps(dict(manifest, files=sorted([*rest, "customers.json"]))))
            for name, data in rest.items():
                zf.writestr(name, data)
            _zeros_member(zf, "customers.json", size)
    elif kind == "lying_bomb":
        _lying(out, manifest, files)
    elif kind == "other_business":
        profiles = orjson.loads(files["profiles.json"])
        for doc in profiles["profiles"].values():
            doc["business_name"] = "Соседнее ателье «Жибек»"
        write_zip(out, manifest, dict(files, **{"profiles.json": orjson.dumps(profiles)}))
    elif kind == "dangling":  # one order's customer is not in the backup (the counts agree)
        orders = sorted(n for n in files if n.startswith("orders/"))
        if orders:
            table = orjson.loads(files[orders[0]])
            first = next(iter(table["orders"]))
            table["orders"][first]["customer_id"] = "c-not-in-this-backup"
            write_zip(out, manifest, dict(files, **{orders[0]: orjson.dumps(table)}))
        else:
            from datetime import date
            from decimal import Decimal

            from smallshop.domain.models import Audit, LineItem, Order
            from smallshop.domain.money import Money
            from smallshop.storage.codec import encode

            doc = encode(Order(id="o-dangling", customer_id="c-not-in-this-backup", order_date=date(2026, 11, 3),
                               items=(LineItem("көйнөк", Decimal(1), Money(100000)),), audit=Audit(version=1)))
            counts = dict(manifest["counts"], orders=manifest["counts"].get("orders", 0) + 1)
            write_zip(out, dict(manifest, counts=counts),
                      dict(files, **{"orders/2026-11.json": orjson.dumps({"orders": {"o-dangling": doc}})}))
    elif kind in ("v1_unknown_table", "v1_not_a_record"):
        customers = orjson.loads(files["customers.json"])["customers"]
        v1 = {"customers": {str(i): doc for i, doc in enumerate(customers.values(), 1)}}
        if kind == "v1_unknown_table":
            v1["secrets"] = {"1": {"id": "s1", "note": "a table smallshop never had"}}
        else:
            v1["customers"][str(len(customers) + 1)] = ["not", "a", "record"]
        write_zip(out, {"app": "smallshop", "schema_version": 1, "created_at": manifest["created_at"],
                        "sequence": 1, "reason": "manual", "counts": {"customers": len(customers)}},
                  {"smallshop.json": orjson.dumps(v1)})
    elif kind == "rotted":  # the checksums are the good backup's: one digit changes after them
        priced = sorted(n for n in files if b'"unit_price":' in files[n])
        name, field = (priced[0], b'"unit_price":') if priced else ("customers.json", b'"version":')
        raw = files[name]
        at = raw.index(field) + len(field)
        digit = raw[at:at + 1]
        changed = raw[:at] + (b"7" if digit != b"7" else b"3") + raw[at + 1:]
        _write_keeping_checksums(out, manifest, dict(files, **{name: changed}))
    elif kind == "slip":
        write_zip(out, manifest, dict(files, **{"../../evil.json": b"{}"}))
    else:
        raise ValueError(kind)
    return out, WHY[kind]


def _lying(out: Path, manifest: dict, files: dict[str, bytes]) -> None:
    """customers.json whose headers declare 1,024 bytes while it inflates to 30 MB."""
    rest = {n: d for n, d in files.items() if n != "customers.json"}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", orjson.dumps(dict(manifest, files=sorted([*rest, "customers.json"]))))
        for name, data in rest.items():
            zf.writestr(name, data)
        zf.writestr("customers.json", b'{"customers": {}}' + b" " * (30 * 2**20))
    raw = bytearray(buffer.getvalue())
    # patch the uncompressed size in the local header and the central directory entry
    name = b"customers.json"
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := raw.find(signature, start)) != -1:
            name_len_at = 26 if signature == b"PK\x03\x04" else 28
            name_len = struct.unpack_from("<H", raw, start + name_len_at)[0]
            header = 30 if signature == b"PK\x03\x04" else 46
            if raw[start + header: start + header + name_len] == name:
                struct.pack_into("<I", raw, start + size_at, 1024)
            start += 4
    out.write_bytes(bytes(raw))
