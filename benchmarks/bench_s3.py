"""S3 from Python: paws_bridge beside boto3 on one local endpoint (moto's server).

put_object / get_object of 1 KB and 64 MB, list_objects_v2 of 1,000 keys (per call,
interleaved rounds), and get_object of a 256 MB object once each: throughput and this
process's peak memory above its level before the call (VmHWM reset through clear_refs).
Writes benchmarks/results/s3_python.json.

    python benchmarks/bench_s3.py ENDPOINT [--calls 30] [--rounds 2]
"""

from __future__ import annotations

import argparse
import gc
import time

import boto3
import botocore.config

import paws_bridge
from benchlib import interleaved, machine, write

KB, MB = 1024, 1024 * 1024


def rss_peak_reset() -> None:
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")


def vm(field: str) -> int:
    for line in open("/proc/self/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise KeyError(field)


def once(fn) -> dict[str, float]:
    """Wall time, and the peak resident memory above the level before, of one call."""
    gc.collect()
    rss_peak_reset()
    base = vm("VmRSS")
    t0 = time.perf_counter()
    value = fn()
    seconds = time.perf_counter() - t0
    peak = vm("VmHWM") - base
    del value
    return {"seconds": seconds, "peak_bytes": peak}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("endpoint")
    ap.add_argument("--calls", type=int, default=30)
    ap.add_argument("--rounds", type=int, default=2)
    opts = ap.parse_args()
    cfg = {"credentials": {"creds": {"access_key_id": "test", "secret_access_key": "test"}},
           "endpoint": opts.endpoint, "region": "us-east-1", "s3_force_path_style": True}
    pb = paws_bridge.s3(config=cfg)
    b3 = boto3.client("s3", endpoint_url=opts.endpoint, region_name="us-east-1",
                      aws_access_key_id="test", aws_secret_access_key="test",
                      config=botocore.config.Config(s3={"addressing_style": "path"}))
    bucket = "bench-s3"
    pb.create_bucket(Bucket=bucket)
    small, big, huge = b"x" * KB, b"y" * (64 * MB), b"z" * (256 * MB)
    b3.put_object(Bucket=bucket, Key="small", Body=small)
    b3.put_object(Bucket=bucket, Key="big", Body=big)
    b3.put_object(Bucket=bucket, Key="huge", Body=huge)
    del huge
    for i in range(1000):
        b3.put_object(Bucket=bucket, Key=f"list/{i:04d}", Body=b"")
    assert len(pb.list_objects_v2(Bucket=bucket, Prefix="list/")["Contents"]) == 1000

    rows = {}
    rows["put_object 1 KB"] = interleaved({
        "boto3": lambda: b3.put_object(Bucket=bucket, Key="small", Body=small),
        "paws_bridge": lambda: pb.put_object(Bucket=bucket, Key="small", Body=small),
    }, opts.calls, opts.rounds, warmup=5)
    rows["get_object 1 KB"] = interleaved({
        "boto3": lambda: b3.get_object(Bucket=bucket, Key="small")["Body"].read(),
        "paws_bridge": lambda: pb.get_object(Bucket=bucket, Key="small")["Body"],
    }, opts.calls, opts.rounds, warmup=5)
    rows["list_objects_v2 1,000 keys"] = interleaved({
        "boto3": lambda: b3.list_objects_v2(Bucket=bucket, Prefix="list/"),
        "paws_bridge": lambda: pb.list_objects_v2(Bucket=bucket, Prefix="list/"),
    }, max(3, opts.calls // 5), opts.rounds, warmup=2)
    rows["put_object 64 MB"] = interleaved({
        "boto3": lambda: b3.put_object(Bucket=bucket, Key="big2", Body=big),
        "paws_bridge": lambda: pb.put_object(Bucket=bucket, Key="big2", Body=big),
    }, 2, opts.rounds, warmup=1)
    rows["get_object 64 MB"] = interleaved({
        "boto3": lambda: b3.get_object(Bucket=bucket, Key="big")["Body"].read(),
        "paws_bridge": lambda: pb.get_object(Bucket=bucket, Key="big")["Body"],
    }, 2, opts.rounds, warmup=1)
    for name, r in rows.items():
        r["ratio"] = r["paws_bridge"]["median_ms"] / r["boto3"]["median_ms"]
    huge_b3 = once(lambda: b3.get_object(Bucket=bucket, Key="huge")["Body"].read())
    huge_pb = once(lambda: pb.get_object(Bucket=bucket, Key="huge")["Body"])
    size = 256 * MB
    big_object = {
        "size_bytes": size,
        "boto3": {**huge_b3, "MB_per_s": size / MB / huge_b3["seconds"],
                  "peak_x_object": huge_b3["peak_bytes"] / size},
        "paws_bridge": {**huge_pb, "MB_per_s": size / MB / huge_pb["seconds"],
                        "peak_x_object": huge_pb["peak_bytes"] / size},
    }
    big_object["throughput_ratio"] = (big_object["paws_bridge"]["MB_per_s"]
                                      / big_object["boto3"]["MB_per_s"])
    out = {"machine": machine(), "per_call": rows, "get_object_256MB": big_object}
    path = write("s3_python.json", out)
    for name, r in rows.items():
        print(f"{name:28s} boto3 {r['boto3']['median_ms']:8.2f} ms  paws_bridge "
              f"{r['paws_bridge']['median_ms']:8.2f} ms  ratio {r['ratio']:.2f}")
    for who in ("boto3", "paws_bridge"):
        b = big_object[who]
        print(f"get_object 256 MB {who:12s} {b['MB_per_s']:7.0f} MB/s  peak "
              f"{b['peak_x_object']:.2f} x object")
    print(f"-> {path}")


if __name__ == "__main__":
    main()
