"""The Python benchmark runs end to end in a tiny configuration (no timing is asserted)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("moto")

REPO = Path(__file__).resolve().parents[2]
BENCH = REPO / "benchmarks"


def run(*args: str) -> str:
    env = {k: v for k, v in os.environ.items() if k != "LD_LIBRARY_PATH"}
    result = subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env,
                            cwd=REPO, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_python_benchmark_writes_its_table_and_json(tmp_path):
    out = run(str(BENCH / "bench_python.py"), "--calls", "3", "--rounds", "1",
              "--out", str(tmp_path / "python.json"))
    assert "paws_bridge resend_confirmation_code" in out
    data = json.loads((tmp_path / "python.json").read_text())
    names = {r["name"] for r in data["rows"]}
    assert {"boto3 resend_confirmation_code", "paws_bridge list_users (60 users)",
            "second cognitoidentityprovider()", "import paws_bridge"} <= names
    assert all(r["median_ms"] > 0 and r["p95_ms"] >= r["median_ms"] for r in data["rows"])
    ratios = [r for r in data["rows"] if "ratio" in r]
    assert len(ratios) == 2 and all(r["ratio"] > 0 for r in ratios)

    table = run(str(BENCH / "report.py"), "--results", str(tmp_path))
    assert "paws_bridge resend_confirmation_code" in table and "ratio" in table
    assert "QUOTED, not measured here" in table
    report = json.loads((tmp_path / "bench.json").read_text())
    assert report["table"] and report["machine"]["cpu"] is not None
    assert (tmp_path / "bench.png").stat().st_size > 0


def test_cold_start_benchmark_runs_fresh_r_processes(tmp_path):
    """make bench's R cold start: one round of fresh Rscripts against the seeded endpoint."""
    import shutil
    if shutil.which("Rscript") is None:
        pytest.fail("Rscript is not on the PATH (make setup installs R)")
    sys.path.insert(0, str(BENCH))
    from endpoint import Endpoint
    with Endpoint() as ep:
        info = tmp_path / "endpoint.json"
        info.write_text(json.dumps(ep.info) + "\n")
        out = run(str(BENCH / "cold_start.py"), "--endpoint-file", str(info), "--runs", "1",
                  "--out", str(tmp_path / "cold_start.json"))
    assert "paws.bridge library+constructor+call" in out
    data = json.loads((tmp_path / "cold_start.json").read_text())
    assert set(data["median_s"]) == {"bridge", "floor", "rscript"}
    assert all(v > 0 for v in data["median_s"].values())
    assert data["paws_median_s"] == 0.93 and data["target_ratio"] == 1.3
