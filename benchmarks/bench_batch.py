"""Benchmark: ResendConfirmationCode to N users with paws_bridge.batch_call() vs a plain boto3 loop.

Against the local endpoint (paws_bridge.local), with per-request latency and/or a request-rate
quota. Runs, each starting with a full quota:

  boto3 loop      a hand-written serial loop over a default boto3 client, errors caught per row
  batch serial    paws_bridge.batch_call(..., max_workers=1)
  batch 8         paws_bridge.batch_call(..., max_workers=8)
  batch 8 core    the same, keeping the core's botocore retries (core_retries=True)

Prints a table and writes JSON to benchmarks/results/. Targets from issue 6:
  --latency-ms 50: batch 8 >= 6x batch serial;
  --rate-limit 50: batch 8 sustains >= 90% of 50/s with every row accounted for.

    .venv/bin/python benchmarks/bench_batch.py --latency-ms 50
    .venv/bin/python benchmarks/bench_batch.py --rate-limit 50
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from pathlib import Path
from typing import Any, Callable

import boto3
from botocore.exceptions import ClientError

import paws_bridge
from paws_bridge.local import LocalCognito

RESULTS = Path(__file__).resolve().parent / "results"
KEY, SECRET = "AKIAEXAMPLEEXAMPLE00", "secret"


def setup(server: LocalCognito, n: int) -> tuple[Any, str, list[str]]:
    """A pool auto-verifying email with n unconfirmed users; (service, client id, names)."""
    svc = paws_bridge.cognitoidentityprovider(
        config={"credentials": {"creds": {"access_key_id": KEY, "secret_access_key": SECRET}}},
        endpoint=server.endpoint, region="eu-west-1")
    pool = svc.create_user_pool(PoolName="bench", AutoVerifiedAttributes=["email"])["UserPool"]
    client_id = svc.create_user_pool_client(UserPoolId=pool["Id"],
                                            ClientName="app")["UserPoolClient"]["ClientId"]
    names = [f"user{i:05d}" for i in range(n)]
    for name in names:
        svc.sign_up(ClientId=client_id, Username=name, Password="Passw0rd!!",
                    UserAttributes=[{"Name": "email", "Value": f"{name}@example.com"}])
    return svc, client_id, names


def boto3_loop(server: LocalCognito, client_id: str, names: list[str]) -> dict[str, Any]:
    """What a notebook does today: a loop, a default client, errors caught and counted."""
    client = boto3.client("cognito-idp", endpoint_url=server.endpoint, region_name="eu-west-1",
                          aws_access_key_id=KEY, aws_secret_access_key=SECRET)
    ok = errors = 0
    codes: dict[str, int] = {}
    for name in names:
        try:
            client.resend_confirmation_code(ClientId=client_id, Username=name)
            ok += 1
        except ClientError as exc:
            errors += 1
            code = exc.response["Error"]["Code"]
            codes[code] = codes.get(code, 0) + 1
    return {"ok": ok, "error": errors, "not_run": 0, "error_codes": codes}


def batch_run(svc: Any, client_id: str, names: list[str], workers: int,
              core_retries: bool) -> dict[str, Any]:
    result = paws_bridge.batch_call(svc.resend_confirmation_code, {"Username": names},
                               ClientId=client_id, max_workers=workers, progress=False,
                               core_retries=core_retries)
    counts = result["status"].value_counts().to_dict()
    codes = result["error_code"].dropna().value_counts().to_dict()
    stats = result.attrs["stats"]
    return {"ok": counts.get("ok", 0), "error": counts.get("error", 0),
            "not_run": counts.get("not_run", 0), "rows_back": len(result),
            "error_codes": codes, "calls": stats["calls"],
            "throttled_answers": stats["throttled"], "rate_cuts": stats["rate_cuts"]}


def timed(fn: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    start = time.perf_counter()
    out = fn()
    out["seconds"] = time.perf_counter() - start
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--users", type=int, default=2000)
    ap.add_argument("--latency-ms", type=float, default=0.0)
    ap.add_argument("--rate-limit", type=float, default=None)
    ap.add_argument("--workers", type=int, default=8)
    ap.add_argument("--runs", default="boto3,serial,batch,core",
                    help="comma-separated subset of boto3,serial,batch,core")
    args = ap.parse_args(argv)
    runs = args.runs.split(",")

    server = LocalCognito(resend_limit=None).start()
    try:
        t0 = time.perf_counter()
        svc, client_id, names = setup(server, args.users)
        print(f"set up {args.users} users in {time.perf_counter() - t0:.1f}s")
        server.latency_ms = args.latency_ms
        plan = {
            "boto3": ("boto3 loop", lambda: boto3_loop(server, client_id, names)),
            "serial": ("batch serial", lambda: batch_run(svc, client_id, names, 1, False)),
            "batch": (f"batch {args.workers}",
                      lambda: batch_run(svc, client_id, names, args.workers, False)),
            "core": (f"batch {args.workers} core",
                     lambda: batch_run(svc, client_id, names, args.workers, True)),
        }
        results: dict[str, dict[str, Any]] = {}
        for key in runs:
            label, fn = plan[key]
            server.rate_limit = args.rate_limit  # a full quota for every run
            results[key] = timed(fn)
            results[key]["label"] = label
            results[key]["rows_per_s"] = args.users / results[key]["seconds"]
            print(f"  {label}: {results[key]['seconds']:.2f}s", flush=True)
    finally:
        server.stop()

    n = args.users
    summary: dict[str, Any] = {}
    if "serial" in results and "batch" in results:
        summary["speedup_batch_vs_serial"] = results["serial"]["seconds"] / results["batch"]["seconds"]
    if "boto3" in results and "serial" in results:
        summary["per_row_overhead_ms_serial_vs_boto3"] = (
            (results["serial"]["seconds"] - results["boto3"]["seconds"]) / n * 1000)
    if args.rate_limit and "batch" in results:
        summary["batch_fraction_of_rate_limit"] = results["batch"]["rows_per_s"] / args.rate_limit
        summary["batch_every_row_ok"] = results["batch"]["ok"] == n
    print()
    print(f"{n} x ResendConfirmationCode, latency {args.latency_ms:g} ms, "
          f"rate limit {args.rate_limit or 'none'}")
    print(f"{'run':<16}{'seconds':>9}{'rows/s':>9}{'ok':>7}{'error':>7}{'not run':>9}"
          f"{'calls':>8}{'throttled':>11}  errors")
    for r in results.values():
        print(f"{r['label']:<16}{r['seconds']:>9.2f}{r['rows_per_s']:>9.1f}{r['ok']:>7}"
              f"{r['error']:>7}{r['not_run']:>9}{r.get('calls', n):>8}"
              f"{r.get('throttled_answers', '-'):>11}  {r['error_codes'] or ''}")
    for k, v in summary.items():
        print(f"{k}: {v:.3f}" if isinstance(v, float) else f"{k}: {v}")

    RESULTS.mkdir(parents=True, exist_ok=True)
    tag = f"lat{args.latency_ms:g}" + (f"-rate{args.rate_limit:g}" if args.rate_limit else "")
    out = RESULTS / f"bench_batch-{tag}.json"
    out.write_text(json.dumps({
        "users": n, "latency_ms": args.latency_ms, "rate_limit": args.rate_limit,
        "workers": args.workers, "python": platform.python_version(),
        "machine": platform.machine(), "runs": results, "summary": summary,
    }, indent=2, default=str) + "\n")
    print(f"wrote {out.relative_to(RESULTS.parent.parent)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
