"""A read-only data folder (a failing disk remounted read-only, issue 10): check,
summary, report and backup -o ELSEWHERE still work and say why nothing changes;
the app names the problem and how to rescue a copy. The folder is really
read-only: a bind mount remounted ro in a private mount namespace (unshare)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import pytest

from smallshop.domain.models import Customer
from smallshop.storage import tinydb_store
from smallshop.storage.tinydb_store import open_store

from .conftest import DEMO_TODAY

SRC = Path(__file__).resolve().parents[2] / "src"

SCRIPT = r"""
set -u
mount --bind "$DATA" "$DATA" && mount -o remount,ro,bind "$DATA" "$DATA" || exit 99
touch "$DATA/probe" 2>/dev/null && exit 98
run() { echo "== $1"; shift; "$PY" -m smallshop "$@" --data-dir "$DATA" --lang en; echo "rc=$?"; }
run check check
run summary summary --month 2026-11 --format json
run report report --month 2026-11 --format json -o "$OUT/report.json"
run backup backup -o "$OUT/rescue.zip"
run backup_here backup
run restore restore "$OUT/rescue.zip"
echo "== app"
"$PY" -c "from smallshop.app import open_runtime; from pathlib import Path; import sys; r, p = open_runtime(Path(sys.argv[1])); print(p.key)" "$DATA"
"""


@pytest.fixture
def crashed_demo(demo_dir):
    """The demo folder with one more customer saved only in the log (a crash)."""
    store = open_store(demo_dir, backups=False)
    store.put(Customer(id="rescued", name="Бурулай", phone="0700 111 222", created_on=date(2026, 11, 28)))
    store._wal.close()
    store._file_lock.release()
    del tinydb_store._REGISTRY[demo_dir.resolve()]
    return demo_dir


def test_read_only_folder_still_gives_check_summary_report_and_a_rescue_backup(crashed_demo, tmp_path):
    assert shutil.which("unshare"), "util-linux unshare is needed for a real read-only mount"
    out = tmp_path / "out"
    out.mkdir()
    before = {p: p.read_bytes() for p in crashed_demo.rglob("*") if p.is_file()}
    env = {"DATA": str(crashed_demo), "OUT": str(out), "PY": sys.executable, "PYTHONPATH": str(SRC),
           "PATH": "/usr/bin:/bin:/usr/sbin:/sbin", "HOME": str(tmp_path)}
    proc = subprocess.run(["unshare", "-rm", "sh", "-c", SCRIPT], capture_output=True, text=True, env=env,
                          timeout=300)
    text = proc.stdout + proc.stderr
    assert proc.returncode == 0, text
    assert "Traceback" not in text and "Something went wrong" not in text, text
    sections = {part.split("\n", 1)[0].strip(): part for part in proc.stdout.split("== ")[1:]}
    assert "rc=0" in sections["check"], text
    assert "rc=0" in sections["summary"] and "rc=0" in sections["report"] and "rc=0" in sections["backup"], text
    assert "read-only" in proc.stderr
    assert "rc=6" in sections["backup_here"] and "rc=6" in sections["restore"], text  # ExitCode.DISK
    assert sections["app"].split("\n")[1].strip() == "storage.read_only"
    # the rescue backup holds the save that was only in the log, and restores elsewhere
    with zipfile.ZipFile(out / "rescue.zip") as zf:
        customers = json.loads(zf.read("customers.json"))["customers"]
    assert "rescued" in customers
    assert json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert {p: p.read_bytes() for p in crashed_demo.rglob("*") if p.is_file()} == before
    assert DEMO_TODAY
