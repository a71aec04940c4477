"""Benchmark: DynamoDB put_item / get_item / query (100 items) -- paws_bridge next to boto3.

    .venv/bin/python benchmarks/bench_dynamodb.py [--calls 200] [--rounds 2]
    .venv/bin/python benchmarks/bench_dynamodb.py --serve   # only start the endpoint: prints
                                                            # its URL (for bench_dynamodb.R)

The local endpoint (`paws-bridge local --keep-alive`, moto's DynamoDB behind it) runs in its
own process, so the server's work is not on the clients' clock; a table with 100 items is
made first. Per call, the contenders alternate in shuffled order each round
(benchlib.interleaved). Reported: median per-call times and paws_bridge / boto3 (target for
Python <= 1.05).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402

import benchlib  # noqa: E402
import paws_bridge  # noqa: E402

TABLE = "bench"
N_ITEMS = 100
KEY, SECRET, REGION = "AKID", "SECRET", "us-east-1"


def start_endpoint() -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen([sys.executable, "-m", "paws_bridge.local", "--keep-alive"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            env=benchlib.child_env())
    url = proc.stdout.readline().strip()
    if not url.startswith("http"):
        proc.kill()
        raise SystemExit("the local endpoint did not start")
    return proc, url


def item(i: int) -> dict:
    return {"pk": {"S": "p"}, "sk": {"N": str(i)}, "name": {"S": f"item {i}"},
            "tags": {"SS": ["a", "b"]}, "n": {"N": str(i * 1.5)}, "ok": {"BOOL": i % 2 == 0}}


def seed(url: str) -> None:
    ddb = boto3.client("dynamodb", endpoint_url=url, region_name=REGION,
                       aws_access_key_id=KEY, aws_secret_access_key=SECRET)
    ddb.create_table(TableName=TABLE, BillingMode="PAY_PER_REQUEST",
                     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                           {"AttributeName": "sk", "AttributeType": "N"}],
                     KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                                {"AttributeName": "sk", "KeyType": "RANGE"}])
    for i in range(N_ITEMS):
        ddb.put_item(TableName=TABLE, Item=item(i))


def measure(url: str, calls: int, rounds: int) -> list[dict]:
    b3 = boto3.client("dynamodb", endpoint_url=url, region_name=REGION,
                      aws_access_key_id=KEY, aws_secret_access_key=SECRET,
                      config=Config(retries={"total_max_attempts": 4, "mode": "standard"}))
    pb = paws_bridge.dynamodb(config={
        "credentials": {"creds": {"access_key_id": KEY, "secret_access_key": SECRET}},
        "endpoint": url, "region": REGION})
    one = item(7)
    key = {"pk": {"S": "p"}, "sk": {"N": "7"}}
    query = {"TableName": TABLE, "KeyConditionExpression": "pk = :p",
             "ExpressionAttributeValues": {":p": {"S": "p"}}}
    rows = []
    for op, b3_call, pb_call in [
        ("put_item", lambda: b3.put_item(TableName=TABLE, Item=one),
         lambda: pb.put_item(TableName=TABLE, Item=one)),
        ("get_item", lambda: b3.get_item(TableName=TABLE, Key=key),
         lambda: pb.get_item(TableName=TABLE, Key=key)),
        (f"query ({N_ITEMS} items)", lambda: b3.query(**query), lambda: pb.query(**query)),
    ]:
        assert len(pb.query(**query)["Items"]) == N_ITEMS
        stats = benchlib.interleaved({"boto3": b3_call, "paws_bridge": pb_call}, calls, rounds)
        ratio = stats["paws_bridge"]["median_ms"] / stats["boto3"]["median_ms"]
        cpu_ratio = stats["paws_bridge"]["cpu_ms"] / stats["boto3"]["cpu_ms"]
        for name, s in stats.items():
            rows.append(benchlib.row("dynamodb", f"{op}: {name}", s,
                                     **({"ratio_to_boto3": ratio, "cpu_ratio_to_boto3": cpu_ratio}
                                        if name == "paws_bridge" else {})))
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--calls", type=int, default=200, help="calls per contender per round")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--serve", action="store_true",
                    help="start and seed the endpoint, print its URL, wait for stdin to close")
    ap.add_argument("--out", type=Path, default=benchlib.RESULTS / "dynamodb.json")
    args = ap.parse_args(argv)
    proc, url = start_endpoint()
    try:
        seed(url)
        if args.serve:
            import signal
            signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # runs the finally below
            print(url, flush=True)
            sys.stdin.read()
            return 0
        rows = measure(url, args.calls, args.rounds)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    for r in rows:
        extra = (f"  ratio {r['ratio_to_boto3']:.3f} (cpu {r['cpu_ratio_to_boto3']:.3f})"
                 if "ratio_to_boto3" in r else "")
        print(f"{r['name']:<34} median {r['median_ms']:7.3f} ms  p95 {r['p95_ms']:7.3f} ms"
              f"  client cpu {r['cpu_ms']:7.3f} ms{extra}")
    path = benchlib.write("dynamodb.json", {"machine": benchlib.machine(), "calls": args.calls,
                                            "rounds": args.rounds, "items": N_ITEMS,
                                            "rows": rows}, args.out)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
