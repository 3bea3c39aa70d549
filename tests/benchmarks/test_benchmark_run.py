"""The benchmark runs end to end on a tiny business and writes every figure.

No timing is asserted here (speed is read from the benchmark's output, not tested):
these tests only prove that `benchmarks/run.py --quick --json FILE` completes and
that its JSON carries every key of issue 6 as a number.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

REQUIRED = (
    "records", "save_ms_median", "save_ms_p95", "sqlite_save_ms_median", "search_ms_median",
    "sqlite_search_ms_median", "summary_ms_median", "sqlite_summary_ms_median", "load_ms",
    "peak_rss_mb", "edit_ms_median", "list_ms_median", "sqlite_list_ms_median",
)


def _report_exists() -> bool:
    try:
        from smallshop.reports import render_report  # noqa: F401
    except ImportError:
        return False
    return True


def test_quick_run_writes_every_figure(tmp_path):
    out = tmp_path / "bench.json"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--years", "1", "--json", str(out)],
        capture_output=True, text=True, encoding="utf-8", timeout=600, cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    figures = json.loads(out.read_text(encoding="utf-8"))
    wanted = REQUIRED + (("pdf_ms_median",) if _report_exists() else ())
    missing = [key for key in wanted if key not in figures]
    assert missing == []
    not_numbers = {k: figures[k] for k in wanted
                   if isinstance(figures[k], bool) or not isinstance(figures[k], (int, float))
                   or not math.isfinite(figures[k])}
    assert not_numbers == {}
    assert figures["records"] > 100
    assert all(figures[k] > 0 for k in wanted if k.endswith("_median"))
    # the printed table names every operation it measured
    for label in ("durable save", "orders list", "search", "month summary", "store load", "peak memory"):
        assert label in proc.stdout
    # ... every JSON backend (phones have no orjson) with its own figures ...
    assert list(figures["backends"]) == ["orjson", "msgspec", "json"]
    for name, fig in figures["backends"].items():
        for key in ("load_cpu_ms", "load_cold_cpu_ms", "save_ms_median", "edit_ms_median", "checkpoint_ms"):
            assert isinstance(fig[key], (int, float)) and fig[key] > 0, (name, key)
    # ... and what the figures depend on
    machine = figures["info"]["machine"]
    for key in ("cpu_family_model_stepping", "cpu_mhz", "l3", "python", "pgo", "load_average", "json_backends"):
        assert key in machine, key
    assert figures["info"]["json_backend"] == "orjson"
    assert figures["info"]["gc"]["frozen_after_open"] > 0
    assert figures["info"]["commit"] != "unknown"
    (run,) = figures["info"]["run_conditions"]
    assert run["load_average_before"] and "others_busy_pct" in run
    assert figures["runs"] == 1 and figures["spread"]["save_ms_median"][0] == figures["save_ms_median"]
    for text in ("Python 3.", "L3 ", "load average", "JSON backend", "other processes"):
        assert text in proc.stdout, text
