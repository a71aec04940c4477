"""Conversion costs, with R embedded in this Python process through rpy2 (no network).

  outputs (Python)  a raw list_users body -> paws's Python value (decode + build by shape)
  outputs (R)       that Python value -> the R value paws returns (paws_bridge.r.convert)
  inputs (R)        an R argument list with nested structures -> Python (what host.call reads)
  inputs (Python)   those arguments normalized and validated (paws_bridge.inputs.prepare)

for a 60-user page (10 attributes each) and a synthetic 10,000-user result (same users).
`--memory` instead reports, in a fresh process, the peak RSS of converting the 10,000 users
(decode, build, R value) over the process's RSS before it. Writes results/convert.json.

    .venv/bin/python benchmarks/bench_convert.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchlib  # noqa: E402


def users_body(n: int) -> bytes:
    """A ListUsers answer as Cognito writes it: n users of 10 attributes."""
    names = ["sub", "email", "email_verified", "name", "given_name", "family_name",
             "phone_number", "phone_number_verified", "locale", "zoneinfo"]
    users = [{"Username": f"user{i:05d}",
              "Attributes": [{"Name": a, "Value": f"{a}-value-{i}"} for a in names],
              "UserCreateDate": 1700000000.123 + i, "UserLastModifiedDate": 1700000100.5 + i,
              "Enabled": True, "UserStatus": "CONFIRMED"} for i in range(n)]
    return json.dumps({"Users": users, "PaginationToken": "next-page"}).encode()


def groups_body(n: int) -> bytes:
    """A ListGroups answer: n groups, each a flat structure of 7 scalar members."""
    groups = [{"GroupName": f"group{i:05d}", "UserPoolId": "us-east-1_abc",
               "Description": f"group number {i}", "RoleArn": f"arn:aws:iam::1:role/r{i}",
               "Precedence": i, "LastModifiedDate": 1700000100.5 + i,
               "CreationDate": 1700000000.25 + i} for i in range(n)]
    return json.dumps({"Groups": groups, "NextToken": "next-page"}).encode()


NESTED_ARGS = """list(
  UserPoolId = "us-east-1_abc", Username = "jane",
  UserAttributes = lapply(1:10, function(i) list(Name = paste0("custom:a", i),
                                                  Value = paste("value", i))),
  ValidationData = list(list(Name = "v1", Value = "x"), list(Name = "v2", Value = "y")),
  TemporaryPassword = NULL, ForceAliasCreation = TRUE, MessageAction = "SUPPRESS",
  DesiredDeliveryMediums = c("EMAIL", "SMS"),
  ClientMetadata = list(source = "bench", batch = "7", region = "eu"))"""


def start_r():
    import rpy2.rinterface as ri
    ri.initr()
    from paws_bridge.r import sexp, to_r
    sexp.api()
    return ri, SimpleNamespace(api=sexp.api, output_builder=to_r.output_builder)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="few repetitions (smoke test)")
    ap.add_argument("--memory", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, default=benchlib.RESULTS / "convert.json")
    args = ap.parse_args(argv)
    if args.memory:
        return memory()

    ri, cv = start_r()
    import paws_bridge
    from paws_bridge import inputs, outputs
    from paws_bridge.r import host

    svc = paws_bridge.cognitoidentityprovider(region="us-east-1")
    shape = svc.operation("list_users").output_shape
    rows = []
    for n, number in ((60, 200), (10_000, 3)):
        if args.quick:
            number = 2 if n == 60 else 1
        body = users_body(n)
        raw = {outputs.RAW_BODY_KEY: body}
        value = outputs.build_output(shape, raw)
        to_r = cv.output_builder(shape)
        py_ms = benchlib.best_of(lambda: outputs.build_output(shape, raw), number)
        r_ms = benchlib.best_of(lambda: to_r(value), number)
        label = f"{n} users" if n == 60 else f"{n:,} users (synthetic)"
        rows.append({"group": "convert", "name": f"outputs (Python): {label}",
                     "median_ms": py_ms})
        rows.append({"group": "convert", "name": f"outputs (R value): {label}",
                     "median_ms": r_ms, "target_ms": 1.0 if n == 60 else 100.0})

    # a 10,000-item result of flat items (~80,000 R objects rather than ~330,000)
    gshape = svc.operation("list_groups").output_shape
    graw = {outputs.RAW_BODY_KEY: groups_body(10_000)}
    gvalue = outputs.build_output(gshape, graw)
    g_to_r = cv.output_builder(gshape)
    number = 1 if args.quick else 3
    rows.append({"group": "convert", "name": "outputs (Python): 10,000 groups (synthetic)",
                 "median_ms": benchlib.best_of(lambda: outputs.build_output(gshape, graw),
                                               number)})
    rows.append({"group": "convert", "name": "outputs (R value): 10,000 groups (synthetic)",
                 "median_ms": benchlib.best_of(lambda: g_to_r(gvalue), number),
                 "target_ms": 100.0})

    op = svc.operation("admin_create_user")
    r_args = ri.evalr(NESTED_ARGS)
    # as the R wrapper hands them over: every formal, in model order, NULL when unset
    given = dict(zip(r_args.names, r_args))
    ordered = ri.ListSexpVector([given.get(a, ri.NULL) for a in op.arguments])
    ordered.names = ri.StrSexpVector(list(op.arguments))
    sexp = ordered.__sexp__._cdata
    params = host.read_arguments(op, sexp)
    number = 2 if args.quick else 2000
    rows.append({"group": "convert", "name": "inputs (R -> Python): nested admin_create_user",
                 "median_ms": benchlib.best_of(lambda: host.read_arguments(op, sexp), number)})
    rows.append({"group": "convert", "name": "inputs (prepare): nested admin_create_user",
                 "median_ms": benchlib.best_of(
                     lambda: inputs.prepare(op.name, op.input_shape, params), number)})

    mem = json.loads(benchlib.run_python(
        f"import runpy, sys; sys.argv = [{__file__!r}, '--memory']; "
        f"runpy.run_path({__file__!r}, run_name='__main__')"))
    rows.append({"group": "memory", "name": "peak RSS, 10,000-user conversion",
                 "value_mb": mem["peak_mb"], "delta_mb": mem["delta_mb"],
                 "body_mb": mem["body_mb"]})
    path = benchlib.write("convert.json", {"machine": benchlib.machine(), "rows": rows},
                          args.out)
    for r in rows:
        if "median_ms" in r:
            print(f"{r['name']:<52} {r['median_ms']:9.3f} ms")
        else:
            print(f"{r['name']:<52} {r['value_mb']:9.1f} MB peak "
                  f"(+{r['delta_mb']:.1f} MB for a {r['body_mb']:.1f} MB body)")
    print(f"wrote {path}")
    return 0


def memory() -> int:
    """Peak RSS of one 10,000-user conversion, body to R value (run in a fresh process)."""
    _ri, cv = start_r()
    import paws_bridge
    from paws_bridge import outputs
    shape = paws_bridge.cognitoidentityprovider(region="us-east-1").operation(
        "list_users").output_shape
    to_r = cv.output_builder(shape)
    outputs.build_output(shape, {outputs.RAW_BODY_KEY: users_body(2)})  # compile builders
    to_r(outputs.build_output(shape, {outputs.RAW_BODY_KEY: users_body(2)}))
    body = users_body(10_000)
    import gc
    gc.collect()
    with open("/proc/self/clear_refs", "w") as f:  # reset the peak (VmHWM) to the current RSS
        f.write("5")
    before = _status_mb("VmRSS")
    x = cv.api().lib.Rf_protect(to_r(outputs.build_output(shape, {outputs.RAW_BODY_KEY: body})))
    peak = _status_mb("VmHWM")
    cv.api().lib.Rf_unprotect(1)
    del x
    print(json.dumps({"peak_mb": peak, "delta_mb": peak - before, "body_mb": len(body) / 2**20}))
    return 0


def _status_mb(field: str) -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    raise KeyError(field)


if __name__ == "__main__":
    sys.exit(main())
