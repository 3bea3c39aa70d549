"""What the benchmark's figures depend on, printed with them so a reader can tell
whether their run is comparable: the CPU (a VM's "AMD EPYC" hides the generation,
so family/model/stepping, clock and cache sizes too), the Python build (version,
optimisation flags), the JSON backends, the garbage collector, the code's commit,
and how busy the machine was (load average, the share of CPU time other processes
and the hypervisor took during the run).

Why it matters here (docs/performance.md, "Why the old figures did not
reproduce"): the orders list, search and month summary walk 15,000-50,000 objects
and are bound by the CPU caches, which other processes and other tenants of the host
share; the store load and SQLite's scans are not.
"""

from __future__ import annotations

import gc
import os
import platform
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _first(path: str, prefix: str) -> str:
    try:
        with open(path, encoding="utf-8") as lines:
            return next((line.split(":", 1)[1].strip() for line in lines if line.startswith(prefix)), "")
    except OSError:
        return ""


def _cache_size(level: int) -> str:
    """Size of the CPU's level-N data/unified cache as Linux reports it (per instance)."""
    base = Path("/sys/devices/system/cpu/cpu0/cache")
    try:
        for index in sorted(base.glob("index*")):
            if (index / "level").read_text().strip() == str(level) and \
                    (index / "type").read_text().strip() in ("Data", "Unified"):
                return (index / "size").read_text().strip()
    except OSError:
        pass
    return ""


def cpu() -> dict[str, Any]:
    return {
        "cpus": os.cpu_count(),
        "cpu_model": _first("/proc/cpuinfo", "model name") or platform.processor(),
        "cpu_family_model_stepping": "/".join(_first("/proc/cpuinfo", key) for key in
                                              ("cpu family", "model\t", "stepping")),
        "cpu_mhz": _first("/proc/cpuinfo", "cpu MHz"),
        "l2": _cache_size(2),
        "l3": _cache_size(3),
        "hypervisor": "yes" if " hypervisor" in _first("/proc/cpuinfo", "flags") else "no",
    }


def python_build() -> dict[str, Any]:
    flags = (sysconfig.get_config_var("PY_CFLAGS_NODIST") or "") + " " + (sysconfig.get_config_var("CONFIG_ARGS") or "")
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "executable": sys.executable,
        "built": " ".join(platform.python_build()),
        "pgo": "-fprofile-use" in flags or "--enable-optimizations" in flags,
        "lto": "-flto" in flags or "--with-lto" in flags,
        "shared_libpython": bool(sysconfig.get_config_var("Py_ENABLE_SHARED")),
    }


def json_backends() -> dict[str, str | None]:
    """Which JSON libraries are importable, with versions (storage/jsonbytes.py picks the first)."""
    found: dict[str, str | None] = {}
    for name in ("orjson", "msgspec"):
        try:
            module = __import__(name)
            found[name] = getattr(module, "__version__", "?")
        except ImportError:
            found[name] = None
    found["json"] = "stdlib"
    return found


def gc_state() -> dict[str, Any]:
    return {"enabled": gc.isenabled(), "threshold": list(gc.get_threshold()), "frozen": gc.get_freeze_count()}


def source_state() -> dict[str, Any]:
    """Which code was measured: the commit, and any uncommitted files under src/
    (the package is installed editable, so the working tree is what runs)."""
    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=10).stdout
        except (OSError, subprocess.SubprocessError):
            return ""

    dirty = [line[3:] for line in git("status", "--porcelain", "--", "src", "benchmarks").splitlines()]
    return {"commit": git("rev-parse", "--short", "HEAD").strip() or "unknown", "uncommitted_src": dirty}


def cpu_times() -> list[int] | None:
    """The machine's CPU time counters (/proc/stat "cpu" line), for busy_share()."""
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            return [int(x) for x in stat.readline().split()[1:]]
    except OSError:
        return None


def busy_share(before: list[int] | None, after: list[int] | None, own_cpu_s: float) -> dict[str, Any]:
    """Between two cpu_times(): the share of all CPUs' time that was busy, the share
    taken by processes other than this benchmark (with its children), and the
    hypervisor's steal time."""
    if not before or not after:
        return {}
    delta = [b - a for a, b in zip(before, after)]
    total = sum(delta[:8]) or 1
    idle = delta[3] + delta[4]
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    busy = total - idle
    others = max(0.0, busy - own_cpu_s * tick)
    return {"machine_busy_pct": round(100 * busy / total, 1),
            "others_busy_pct": round(100 * others / total, 1),
            "steal_pct": round(100 * delta[7] / total, 1) if len(delta) > 7 else None}


def load_average() -> list[float] | None:
    return [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None


def own_cpu_seconds() -> float:
    """CPU time of this process and its finished children."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def describe(folder: Path) -> dict[str, Any]:
    """Everything above plus RAM and the disk holding the data."""
    mem = _first("/proc/meminfo", "MemTotal").split()
    try:
        df = subprocess.run(["df", "-hT", str(folder)], capture_output=True, text=True, timeout=10).stdout
        disk = " ".join(df.splitlines()[-1].split()[:4])
    except (OSError, subprocess.SubprocessError, IndexError):
        disk = ""
    return {**cpu(), **python_build(), "ram_gb": round(int(mem[0]) / 1024 / 1024, 1) if mem else None,
            "disk": disk, "os": platform.platform(), "json_backends": json_backends(),
            "load_average": load_average()}
