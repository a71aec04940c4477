"""Per-call cost of paws_bridge against raw boto3 from Python, on one local endpoint.

Contenders, interleaved round by round in one process: boto3 and paws_bridge, for
resend_confirmation_code and for list_users returning 60 users of 10 attributes. Also: a
second cognitoidentityprovider() with the same config, and `import paws_bridge` (+ first
call) in fresh interpreters. Writes benchmarks/results/python.json.

    .venv/bin/python benchmarks/bench_python.py [--calls 300] [--rounds 2] [--endpoint-file F]

Without --endpoint-file it starts its own endpoint (benchmarks/endpoint.py) for the run.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchlib  # noqa: E402
from endpoint import KEY, REGION, SECRET, Endpoint  # noqa: E402

IMPORT_CODE = """
import time; t0 = time.perf_counter()
import paws_bridge
t1 = time.perf_counter()
svc = paws_bridge.cognitoidentityprovider(config={"credentials": {"creds": {
    "access_key_id": "%s", "secret_access_key": "%s"}}, "endpoint": "%s", "region": "%s"})
svc.resend_confirmation_code(ClientId="%s", Username="%s")
t2 = time.perf_counter()
print((t1 - t0) * 1e3, (t2 - t0) * 1e3)
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--calls", type=int, default=300, help="calls per contender per round")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--endpoint-file", type=Path, help="JSON line printed by endpoint.py")
    ap.add_argument("--out", type=Path, default=benchlib.RESULTS / "python.json")
    args = ap.parse_args(argv)

    with contextlib.ExitStack() as stack:
        if args.endpoint_file:
            info = json.loads(args.endpoint_file.read_text())
        else:
            info = stack.enter_context(Endpoint()).info
        rows = measure(info, args.calls, args.rounds)
    path = benchlib.write("python.json", {"machine": benchlib.machine(), "endpoint": info,
                                          "calls": args.calls, "rounds": args.rounds,
                                          "rows": rows}, args.out)
    for r in rows:
        print(f"{r['group']:<18} {r['name']:<40} median {r['median_ms']:8.3f} ms"
              f"  p95 {r['p95_ms']:8.3f} ms")
    print(f"wrote {path}")
    return 0


def measure(info: dict, calls: int, rounds: int) -> list[dict]:
    import boto3
    import paws_bridge

    url, client_id, pool_id, user = (info["endpoint"], info["client_id"], info["pool_id"],
                                      info["username"])
    # the same retry policy on both sides (paws_bridge's default: standard mode, 3 retries)
    from botocore.config import Config
    client = boto3.client("cognito-idp", endpoint_url=url, region_name=REGION,
                          aws_access_key_id=KEY, aws_secret_access_key=SECRET,
                          config=Config(retries={"total_max_attempts": 4, "mode": "standard"}))
    config = {"credentials": {"creds": {"access_key_id": KEY, "secret_access_key": SECRET}},
              "endpoint": url, "region": REGION}
    svc = paws_bridge.cognitoidentityprovider(config=config)
    assert len(svc.list_users(UserPoolId=pool_id)["Users"]) == 60

    rows = []
    ops = {
        "resend_confirmation_code": (
            lambda: client.resend_confirmation_code(ClientId=client_id, Username=user),
            lambda: svc.resend_confirmation_code(ClientId=client_id, Username=user)),
        "list_users (60 users)": (
            lambda: client.list_users(UserPoolId=pool_id),
            lambda: svc.list_users(UserPoolId=pool_id)),
    }
    for op, (raw, bridge) in ops.items():
        stats = benchlib.interleaved({"boto3": raw, "paws_bridge": bridge}, calls, rounds)
        rows.append(benchlib.row("call (Python)", f"boto3 {op}", stats["boto3"], op=op,
                                 contender="boto3"))
        rows.append(benchlib.row("call (Python)", f"paws_bridge {op}", stats["paws_bridge"],
                                 op=op, contender="paws_bridge",
                                 ratio=stats["paws_bridge"]["median_ms"]
                                 / stats["boto3"]["median_ms"],
                                 ratio_to=f"boto3 {op}", target=1.05))

    # a second service object with the same config (the first one built the client)
    n = max(50, calls)
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        paws_bridge.cognitoidentityprovider(config=config)
        times.append(time.perf_counter() - t0)
    rows.append(benchlib.row("setup (Python)", "second cognitoidentityprovider()",
                             benchlib.summary(times), target_ms=0.5))

    # import and first call, each in a fresh interpreter
    code = IMPORT_CODE % (KEY, SECRET, url, REGION, client_id, user)
    imports, firsts = [], []
    for _ in range(3):
        a, b = map(float, benchlib.run_python(code).split())
        imports.append(a / 1e3)
        firsts.append(b / 1e3)
    rows.append(benchlib.row("setup (Python)", "import paws_bridge", benchlib.summary(imports)))
    rows.append(benchlib.row("setup (Python)", "import + constructor + first call",
                             benchlib.summary(firsts)))
    return rows


if __name__ == "__main__":
    sys.exit(main())
