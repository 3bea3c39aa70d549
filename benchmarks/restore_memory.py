"""Peak memory of `smallshop restore`, for real data and for the worst the limits admit.

Issue 10 asks that a restore stays under 200 MB of memory for any input file. This
makes a ten-year demo business (the current data every restore replaces here), a
backup of it, the largest valid backups the limits in storage/backups.py admit, and
hostile inputs near those limits; then restores each one over a fresh copy of the
current data in a child process (`smallshop restore`, the real CLI) and reports the
child's peak resident memory (VmHWM, read by the child itself when it ends),
its exit code and its wall time.

    .venv/bin/python benchmarks/restore_memory.py              # ~2-3 minutes
    .venv/bin/python benchmarks/restore_memory.py --years 1    # quicker, smaller current data
    .venv/bin/python benchmarks/restore_memory.py --json out.json

Figures: docs/performance.md ("Restore memory"). No test asserts them.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from smallshop.domain.models import Audit, BusinessProfile, Customer, Income, IncomeCategory
from smallshop.domain.money import Money
from smallshop.storage import backups
from smallshop.storage.codec import encode
from smallshop.storage.jsonbytes import dumps
from smallshop.storage.layout import SCHEMA_VERSION

# The child reads its own VmHWM (peak resident set) when it ends. Not ru_maxrss: on
# Linux a child's ru_maxrss starts from its parent's size at fork, and the parent here
# holds the generated inputs.
CHILD = """
import os, sys
if os.environ.get("RESTORE_MEMORY_AS_APP"):
    # the app's process: Flet, its web server and every screen are loaded before the restore
    import flet, flet_web.fastapi, smallshop.app, smallshop.web.server, smallshop.ui.app_shell, smallshop.ui.router
    import pkgutil, importlib, smallshop.ui.views as views
    for m in pkgutil.iter_modules(views.__path__):
        importlib.import_module(f"smallshop.ui.views.{m.name}")
from smallshop.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
with open("/proc/self/status") as status:
    peak = next(line.split()[1] for line in status if line.startswith("VmHWM"))
print("PEAK_KB", peak, code, file=sys.stderr)
"""

LIMIT_MB = 200


def _meta() -> bytes:
    return dumps({"app": "smallshop", "schema_version": SCHEMA_VERSION})


def _zip(path: Path, files: dict[str, bytes], counts: dict[str, int]) -> Path:
    return backups.write_backup(path, files, counts, created_at=datetime.now(timezone.utc),
                                reason="manual", sequence=1)


def _incomes(n: int, description: str = "") -> dict[str, bytes]:
    """`n` small valid incomes, one month file after another, each file under the
    per-file limit, plus a customer and the profile (same business as the demo)."""
    files: dict[str, bytes] = {"meta.json": _meta()}
    profile = BusinessProfile(business_name="", audit=Audit(version=1))
    files["profiles.json"] = dumps({"profiles": {profile.id: encode(profile)}})
    files["customers.json"] = dumps({"customers": {"c1": encode(Customer(id="c1", name="a", audit=Audit(version=1)))}})
    month, table, size = date(1950, 1, 1), {}, 0
    for i in range(n):
        doc = encode(Income(id=f"{i:x}", date=month, amount=Money(1), category=IncomeCategory.WALK_IN_SALE,
                            description=description, audit=Audit(version=1)))
        doc = {k: v for k, v in doc.items() if v not in (None, "") and k != "audit"} | {"audit": {"version": 1}}
        table[doc["id"]] = doc
        size += len(dumps(doc)) + 4
        if size > backups.MAX_MEMBER_BYTES * 0.95:
            files[f"incomes/{month:%Y-%m}.json"] = dumps({"incomes": table})
            month, table, size = (month + timedelta(days=32)).replace(day=1), {}, 0
    if table:
        files[f"incomes/{month:%Y-%m}.json"] = dumps({"incomes": table})
    return files


def _counts(files: dict[str, bytes]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for name, raw in files.items():
        if name != "meta.json":
            (kind, table), = json.loads(raw).items()
            counts[kind] = counts.get(kind, 0) + len(table)
    return counts


def _fit_total(n: int, description: str) -> int:
    """How many records of this shape fit under the total limit."""
    one = len(dumps({"id": f"{n:x}", "date": "1950-01-01", "amount": 1, "category": "walk_in_sale",
                     "description": description, "audit": {"version": 1}})) + 4
    return min(n, int(backups.MAX_TOTAL_BYTES * 0.97 // one))


def make_inputs(work: Path, ten: Path) -> dict[str, tuple[Path, str]]:
    """name -> (input, what it is)."""
    inputs = {"ten_years": (ten, "a backup of the ten-year demo business")}
    most = _fit_total(backups.MAX_RECORDS, "")
    files = _incomes(most - 2)
    inputs["most_records"] = (_zip(work / "most_records.zip", files, _counts(files)),
                              f"valid: {most:,} tiny records, the most the limits admit")
    text = "ш" * 400  # 800 bytes of UTF-8 each
    fit = _fit_total(backups.MAX_RECORDS, text)
    files = _incomes(fit - 2, text)
    inputs["most_bytes"] = (_zip(work / "most_bytes.zip", files, _counts(files)),
                            f"valid: {fit:,} records with long texts, up to the total size limit")
    per_record = int(backups.MAX_TOTAL_BYTES * 0.90 // backups.MAX_RECORDS)
    text = "x" * (per_record - len(dumps({"id": "fffff", "date": "1950-01-01", "amount": 1,
                                          "category": "walk_in_sale", "description": "", "audit": {"version": 1}})) - 4)
    both = _fit_total(backups.MAX_RECORDS, text)
    files = _incomes(both - 2, text)
    inputs["most_of_both"] = (_zip(work / "most_of_both.zip", files, _counts(files)),
                              f"valid: {both:,} records of {per_record} bytes, at both the record and the size limit")
    files = _incomes(backups.MAX_RECORDS + 10)
    inputs["too_many_records"] = (_zip(work / "too_many.zip", files, _counts(files)),
                                  "refused: more records than the limit, every file valid")
    strings = b'{"customers": {"x": [' + b",".join(
        b'"%x"' % i for i in range(backups.MAX_MEMBER_BYTES // 9)) + b"]}}"
    files = {"meta.json": _meta(), "customers.json": strings}
    inputs["hostile_strings"] = (_zip(work / "strings.zip", files, {"customers": 1}),
                                 "refused: one file near the per-file limit of short distinct strings")
    files = _incomes(most - 2)
    files["customers.json"] = dumps({"customers": {}})
    bad = sorted(n for n in files if n.startswith("incomes/"))[-1]
    table = json.loads(files[bad])
    last = next(reversed(table["incomes"]))
    table["incomes"][last]["customer_id"] = "nobody"
    files[bad] = dumps(table)
    inputs["hostile_dangling"] = (_zip(work / "dangling.zip", files, _counts(files)),
                                  "refused after every file: the most records, the last one refers to nobody")
    with tempfile.TemporaryDirectory() as tmp:
        good = Path(tmp) / "good.zip"
        shutil.copy(ten, good)
        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
        from hostile_backups import hostile  # the tests' own hostile backups

        for kind in ("bomb", "lying_bomb"):
            path, _why = hostile(kind, good, work)
            inputs[kind] = (path, f"refused: tests/hostile_backups.py {kind}")
    return inputs


def run(work: Path, current: Path, source: Path, *, as_app: bool = False) -> dict[str, object]:
    target = work / "run"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(current, target, ignore=shutil.ignore_patterns(".lock"))
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", CHILD, "restore", str(source), "--data-dir", str(target),
                           "--lang", "en", "--other-business"], capture_output=True, text=True,
                          env=dict(os.environ, RESTORE_MEMORY_AS_APP="1") if as_app else None)
    seconds = time.perf_counter() - started
    peak = next(line for line in done.stderr.splitlines() if line.startswith("PEAK_KB")).split()
    message = [line for line in (done.stdout + done.stderr).splitlines() if not line.startswith("PEAK_KB")]
    return {"peak_mb": round(int(peak[1]) / 1024, 1), "exit": int(peak[2]), "seconds": round(seconds, 2),
            "input_mb": round(source.stat().st_size / 2**20, 2), "said": message[0][:110] if message else ""}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument("--as-app", action="store_true",
                        help="load Flet, its web server and every screen in the child first, as the app's process has")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="smallshop-restore-memory-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        current = work / "current"
        if not current.exists():
            smallshop = [sys.executable, "-m", "smallshop"]
            subprocess.run(smallshop + ["demo", "--years", str(args.years), "--data-dir", str(current)],
                           check=True, capture_output=True)
            subprocess.run(smallshop + ["backup", "-o", str(work / "ten.zip"), "--data-dir", str(current)],
                           check=True, capture_output=True)
        inputs = make_inputs(work, work / "ten.zip")
        print(f"limits: {backups.MAX_MEMBER_BYTES // 2**20} MB per file, {backups.MAX_TOTAL_BYTES // 2**20} MB "
              f"in all, {backups.MAX_RECORDS:,} records, ratio {backups.MAX_RATIO}; current data: "
              f"the {args.years}-year demo")
        results = {}
        for name, (source, what) in inputs.items():
            results[name] = dict(run(work, current, source, as_app=args.as_app), what=what)
            r = results[name]
            flag = "" if r["peak_mb"] < LIMIT_MB else f"  OVER {LIMIT_MB} MB"
            print(f"{name:18} {r['input_mb']:7.2f} MB in  peak {r['peak_mb']:6.1f} MB  exit {r['exit']}  "
                  f"{r['seconds']:5.1f} s  {what}{flag}")
        if args.json:
            args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
