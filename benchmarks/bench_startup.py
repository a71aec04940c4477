"""Benchmark: start-up cost with 400+ services registered, against boto3, in one run.

    .venv/bin/python benchmarks/bench_startup.py [--runs 15]

Each measurement is a fresh Python process (so nothing is cached in memory; the OS file cache
is warm for both alike); the contenders alternate, run by run, so drift in the machine's load
hits them alike. Reported: medians, and the ratios issue 9 sets targets for:

  import          `import paws_bridge` / `import boto3`            target <= 1.2
  first client    first `paws_bridge.dynamodb()` / first `boto3.client("dynamodb")`,
                  each after its own import, timed alone          target <= 1.3
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchlib  # noqa: E402

CODE = {
    "import boto3": "import time; t=time.perf_counter(); import boto3; "
                    "print((time.perf_counter()-t)*1e3)",
    "import paws_bridge": "import time; t=time.perf_counter(); import paws_bridge; "
                          "print((time.perf_counter()-t)*1e3)",
    "boto3.client('dynamodb')": (
        "import time, boto3; t=time.perf_counter(); "
        "boto3.client('dynamodb', region_name='us-east-1', aws_access_key_id='AKID', "
        "aws_secret_access_key='SECRET'); print((time.perf_counter()-t)*1e3)"),
    "paws_bridge.dynamodb()": (
        "import time, paws_bridge; t=time.perf_counter(); "
        "paws_bridge.dynamodb(region='us-east-1', credentials={'creds': {'access_key_id': "
        "'AKID', 'secret_access_key': 'SECRET'}}); print((time.perf_counter()-t)*1e3)"),
}
TARGETS = {"import": 1.2, "first client": 1.3}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=15, help="processes per contender")
    ap.add_argument("--out", type=Path, default=benchlib.RESULTS / "startup.json")
    args = ap.parse_args(argv)
    times: dict[str, list[float]] = {k: [] for k in CODE}
    for _ in range(args.runs):
        for name, code in CODE.items():
            times[name].append(float(benchlib.run_python(code).strip().splitlines()[-1]))
    med = {k: statistics.median(v) for k, v in times.items()}
    ratios = {
        "import": med["import paws_bridge"] / med["import boto3"],
        "first client": med["paws_bridge.dynamodb()"] / med["boto3.client('dynamodb')"],
    }
    for k, v in med.items():
        print(f"{k:<28} median {v:8.1f} ms")
    for k, r in ratios.items():
        print(f"ratio {k:<22} {r:5.2f}  (target <= {TARGETS[k]})")
    path = benchlib.write("startup.json", {"machine": benchlib.machine(), "runs": args.runs,
                                           "median_ms": med, "ratios": ratios,
                                           "targets": TARGETS}, args.out)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
