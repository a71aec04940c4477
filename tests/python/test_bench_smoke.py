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
