"""How the benchmarks time things: repeat a call, keep every duration, report
median and 95th percentile.

One helper shared by the smallshop side and the SQLite baseline, so both are
measured the same way (perf_counter around the call only, warm-up calls
discarded, a time budget so a slow operation cannot stall the whole run).
"""

from __future__ import annotations

import math
import resource
import statistics
import sys
import time
from typing import Any, Callable


def measure(call: Callable[[int], Any], reps: int, *, budget_s: float = 30.0, warmup: int = 1,
            min_reps: int = 5) -> list[float]:
    """Durations in ms of `call(i)` for i = 0..reps-1 (stops early, after at least
    `min_reps`, once `budget_s` seconds are spent). Warm-up calls are not kept."""
    for i in range(warmup):
        call(-1 - i)
    durations: list[float] = []
    started = time.perf_counter()
    for i in range(reps):
        t0 = time.perf_counter()
        call(i)
        durations.append((time.perf_counter() - t0) * 1000.0)
        if len(durations) >= min_reps and time.perf_counter() - started > budget_s:
            break
    return durations


def once_ms(call: Callable[[], Any]) -> tuple[float, Any]:
    """One timed call: (ms, result)."""
    t0 = time.perf_counter()
    result = call()
    return (time.perf_counter() - t0) * 1000.0, result


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile (p95 of 20 values is the 19th smallest)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def summarise(prefix: str, durations: list[float]) -> dict[str, float]:
    """{prefix_ms_median, prefix_ms_p95, prefix_n} rounded for reading."""
    return {
        f"{prefix}_ms_median": round(statistics.median(durations), 3),
        f"{prefix}_ms_p95": round(percentile(durations, 0.95), 3),
        f"{prefix}_n": len(durations),
    }


def high_water_mb() -> float | None:
    """Linux's VmHWM (peak RSS of this process image), a cross-check of ru_maxrss:
    after fork+exec, ru_maxrss also counts the parent's peak at the fork."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def peak_rss_mb() -> float:
    """This process's peak resident memory (ru_maxrss is KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    divisor = 1024 * 1024 if sys.platform == "darwin" else 1024
    return round(peak / divisor, 1)
