"""Cold start from R: a fresh `Rscript` doing library(paws.bridge), a constructor and one call,
against paws's figure and a reticulate floor measured in the same run.

Contenders, each a fresh process, interleaved round by round (so machine drift hits all alike):
  bridge   library(paws.bridge); svc <- cognitoidentityprovider(...); svc$list_users(...)
  floor    reticulate::import("boto3")  (the least any reticulate-started bridge could cost)
  rscript  Rscript -e NULL  (R's own start-up, for reference)
paws itself is not installable here; its median (0.93 s, measured for issue 11 on the same
kind of machine: library(paws) + constructor + the same call) is the reference. Target:
bridge median <= 1.3 x 0.93 s.

    python benchmarks/cold_start.py --endpoint-file FILE [--runs 7] [--out results/cold_start.json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

PAWS_MEDIAN_S = 0.93
TARGET_RATIO = 1.3


def _scripts(info: dict[str, str]) -> dict[str, str]:
    bridge = (
        "library(paws.bridge); "
        "svc <- cognitoidentityprovider(config = list(credentials = list(creds = list("
        f"access_key_id = 'AKIAEXAMPLEEXAMPLE00', secret_access_key = 'secret')), "
        f"region = 'us-east-1', endpoint = '{info['endpoint']}')); "
        f"r <- svc$list_users(UserPoolId = '{info['pool_id']}', Limit = 1); "
        "stopifnot(length(r$Users) == 1L)")
    return {"bridge": bridge, "floor": "invisible(reticulate::import('boto3'))",
            "rscript": "NULL"}


def _time(code: str, env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(["Rscript", "-e", code], env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--endpoint-file", required=True)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--out", default=str(Path(__file__).parent / "results" / "cold_start.json"))
    args = ap.parse_args()
    info = json.loads(Path(args.endpoint_file).read_text().splitlines()[0])
    env = dict(os.environ, R_PROFILE_USER="/dev/null",
               RETICULATE_PYTHON=os.environ.get("RETICULATE_PYTHON", sys.executable))
    scripts = _scripts(info)
    for code in scripts.values():  # warm the file cache; not counted
        _time(code, env)
    times: dict[str, list[float]] = {name: [] for name in scripts}
    for _ in range(args.runs):
        for name, code in scripts.items():
            times[name].append(_time(code, env))
    med = {name: statistics.median(ts) for name, ts in times.items()}
    low = {name: min(ts) for name, ts in times.items()}
    ratio = med["bridge"] / PAWS_MEDIAN_S
    result = {"runs": args.runs, "median_s": med, "min_s": low, "times_s": times,
              "bridge_over_floor": med["bridge"] / med["floor"],
              "load_average": os.getloadavg()[0],
              "paws_median_s": PAWS_MEDIAN_S, "ratio_to_paws": ratio,
              "target_ratio": TARGET_RATIO, "met": ratio <= TARGET_RATIO}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=1) + "\n")
    print(f"cold start, median of {args.runs} fresh Rscript processes:")
    print(f"  paws.bridge library+constructor+call  {med['bridge']:.2f} s  "
          f"= {ratio:.2f} x paws ({PAWS_MEDIAN_S} s; target <= {TARGET_RATIO} x)"
          f"  {'MET' if result['met'] else 'NOT MET'}")
    print(f"  reticulate::import('boto3') floor     {med['floor']:.2f} s  "
          f"(paws.bridge = {result['bridge_over_floor']:.2f} x the floor)")
    print(f"  Rscript -e NULL                       {med['rscript']:.2f} s")
    print(f"  fastest run: paws.bridge {low['bridge']:.2f} s, floor {low['floor']:.2f} s, "
          f"Rscript {low['rscript']:.2f} s; load average {result['load_average']:.1f}"
          + ("  (a busy machine: medians are inflated)" if result["load_average"] > 2 else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
