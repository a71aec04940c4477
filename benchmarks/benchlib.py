"""Small helpers shared by the Python benchmark scripts: timing, summaries, result files."""

from __future__ import annotations

import json
import os
import platform
import random
import statistics
import subprocess
import time
from pathlib import Path
from typing import Any, Callable

RESULTS = Path(__file__).resolve().parent / "results"


def summary(seconds: list[float]) -> dict[str, float]:
    """median, p95 and mean of per-call times, in milliseconds."""
    ms = sorted(s * 1e3 for s in seconds)
    p95 = ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))]
    return {"median_ms": statistics.median(ms), "p95_ms": p95,
            "mean_ms": statistics.fmean(ms), "n": len(ms)}


def interleaved(contenders: dict[str, Callable[[], Any]], calls: int, rounds: int,
                warmup: int = 20, seed: int = 1) -> dict[str, dict[str, float]]:
    """Time each contender `calls` times per round, `rounds` rounds, contenders in a shuffled
    order each round (so drift in the machine's load hits them alike). Per-call wall times
    are summarised; `cpu_ms` is this process's CPU time per call (the client's own cost:
    the server runs in another process)."""
    rng = random.Random(seed)
    for fn in contenders.values():
        for _ in range(warmup):
            fn()
    wall: dict[str, list[float]] = {k: [] for k in contenders}
    cpu: dict[str, float] = {k: 0.0 for k in contenders}
    names = list(contenders)
    clock, cpu_clock = time.perf_counter, time.process_time
    for _ in range(rounds):
        rng.shuffle(names)
        for name in names:
            fn, times = contenders[name], wall[name]
            c0 = cpu_clock()
            for _ in range(calls):
                t0 = clock()
                fn()
                times.append(clock() - t0)
            cpu[name] += cpu_clock() - c0
    return {k: {**summary(wall[k]), "cpu_ms": cpu[k] / (calls * rounds) * 1e3}
            for k in contenders}


def best_of(fn: Callable[[], Any], number: int, repeat: int = 5) -> float:
    """The fastest mean time of `number` calls over `repeat` runs, in milliseconds."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _ in range(number):
            fn()
        best = min(best, (time.perf_counter() - t0) / number)
    return best * 1e3


def machine() -> dict[str, Any]:
    """Where the figures came from."""
    cpu = platform.processor() or ""
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import botocore
    return {"cpu": cpu, "cores": os.cpu_count(), "os": platform.platform(),
            "python": platform.python_version(), "botocore": botocore.__version__,
            "date": time.strftime("%Y-%m-%d %H:%M:%S")}


def child_env() -> dict[str, str]:
    """The environment for child Pythons: R's LD_LIBRARY_PATH must not leak into them."""
    return {k: v for k, v in os.environ.items() if k != "LD_LIBRARY_PATH"}


def run_python(code: str, *args: str) -> str:
    import sys
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          check=True, env=child_env()).stdout


def write(name: str, data: dict[str, Any], out: Path | None = None) -> Path:
    path = out or RESULTS / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2) + "\n")
    return path


def row(group: str, name: str, stats: dict[str, float], **extra: Any) -> dict[str, Any]:
    return {"group": group, "name": name, **stats, **extra}
