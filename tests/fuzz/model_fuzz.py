"""A fuzzer driven by the service models: argument sets for every operation, valid and invalid,
sent from Python and (in one R process) from R against a recording server.

Every generated value carries what the caller meant: the JSON the model says must be sent, or
the path of a value that cannot mean anything sendable (NaN for a string, 2.5 for an integer,
a lone surrogate, an environment...). Each call must then either

* send exactly one request whose decoded body equals the expected JSON ("sent correctly"), or
* raise a clear error before sending: ParamValidationError / R's paws_bridge_invalid_argument
  naming the argument, or the signature's own TypeError / R error for a missing argument
  ("refused").

Anything else is counted: a request sent for an invalid value or with another body ("silent
wrong send"), a refusal of a valid call ("wrong refusal"), any other exception ("crash").

`python -m tests.fuzz.model_fuzz --python 7000 --r 3000` is `make fuzz`; tests/python/
test_fuzz.py runs a small seeded sample.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "tools"))

import paws_bridge  # noqa: E402
from fault_server import FaultServer  # noqa: E402
from paws_bridge.model import load_service  # noqa: E402
from paws_bridge.shapes import is_document  # noqa: E402

#: JSON-protocol services the bridge covers (the body is the whole input; rest-json/xml
#: protocols put members in the URI and headers and are left to their own suites)
SERVICES = ("cognitoidentityprovider", "dynamodb", "sqs", "kms", "secretsmanager", "ssm",
            "cloudwatchlogs")
DROP = "<drop>"  # the expected JSON of a value that is not sent
MAX_DEPTH = 4
INT_BOUNDS = {"integer": (-2**31, 2**31 - 1), "long": (-2**63, 2**63 - 1)}
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


@dataclass
class Gen:
    """A generated value: the Python value, the R value descriptor, what must be sent."""

    py: Any
    r: Any  # R descriptor (see fuzz_driver.R), or None when this value has no R form here
    expected: Any  # JSON value, or DROP
    bad: tuple | None = None  # path of the first value that must be refused


def _r(kind: str, values: Any = None, names: Any = None) -> dict[str, Any]:
    return {"k": kind, "v": values, "n": names}


# --- scalars ------------------------------------------------------------------------------

_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12)


def _mix(valid: st.SearchStrategy[Gen], bad: st.SearchStrategy[Gen],
         one_in: int = 12) -> st.SearchStrategy[Gen]:
    """Mostly valid values; one in `one_in` is one that must be refused."""
    return st.integers(0, one_in - 1).flatmap(lambda i: bad if i == 0 else valid)


def _string(shape) -> st.SearchStrategy[Gen]:
    valid = _text.map(lambda s: Gen(s, _r("chr", [s]), s))
    bad = st.sampled_from([
        Gen(float("nan"), _r("dbl", ["NaN"]), None, ()),
        Gen(float("inf"), _r("dbl", ["Inf"]), None, ()),
        Gen("a\ud800b", _r("badutf8"), None, ()),
        Gen(["a", ["b"]], _r("list", [_r("list", [_r("chr", ["b"])])]), None, ()),
        Gen({"x": "y"}, _r("env"), None, ()),
        Gen(object(), _r("fun"), None, ()),
        Gen(3, _r("lgl", [None]), None, ()),   # R: NA
    ])
    return _mix(valid, bad)


def _integer(shape) -> st.SearchStrategy[Gen]:
    low, high = INT_BOUNDS[shape.type_name]
    meta = shape.metadata
    low, high = max(low, meta.get("min", low)), min(high, meta.get("max", high))
    ints = st.integers(low, high)
    valid = st.one_of(
        ints.map(lambda i: Gen(i, _r("int", [i]) if abs(i) < 2**31 else _r("dbl", [float(i)])
                               if abs(i) < 2**53 else None, i)),
        ints.filter(lambda i: abs(i) < 2**53).map(lambda i: Gen(float(i), _r("dbl", [float(i)]), i)))
    out_of_range = [v for v in (low - 1, high + 1, 10**20) if not (low <= v <= high)]
    bad = st.sampled_from([
        Gen(float("nan"), _r("dbl", ["NaN"]), None, ()),
        Gen(float("-inf"), _r("dbl", ["-Inf"]), None, ()),
        Gen(2.5, _r("dbl", [2.5]), None, ()),
        Gen(True, _r("lgl", [True]), None, ()),
        Gen("7", None, None, ()),  # R: a string of digits is a number, as paws reads it
    ] + [Gen(v, _r("dbl", [float(v)]), None, ()) for v in out_of_range])
    return _mix(valid, bad)


def _double(shape) -> st.SearchStrategy[Gen]:
    valid = st.floats(-1e12, 1e12, allow_nan=False).map(lambda f: Gen(f, _r("dbl", [f]), f))
    bad = st.sampled_from([Gen(float("nan"), _r("dbl", ["NaN"]), None, ()),
                           Gen(float("inf"), _r("dbl", ["Inf"]), None, ()),
                           Gen(False, _r("lgl", [False]), None, ())])
    return _mix(valid, bad)


def _boolean(shape) -> st.SearchStrategy[Gen]:
    valid = st.booleans().map(lambda b: Gen(b, _r("lgl", [b]), b))
    bad = st.sampled_from([Gen(1, _r("lgl", [None]), None, ()),
                           Gen("yes", _r("chr", ["yes"]), None, ())])
    return _mix(valid, bad)


def _timestamp(shape) -> st.SearchStrategy[Gen]:
    secs = st.integers(0, 4_000_000_000)
    valid = secs.map(lambda s: Gen(EPOCH + dt.timedelta(seconds=s), _r("posix", [float(s)]), s))
    bad = st.sampled_from([Gen("not a date", _r("chr", ["not a date"]), None, ()),
                           Gen(float("nan"), _r("posix", ["NaN"]), None, ())])
    return _mix(valid, bad)


def _blob(shape) -> st.SearchStrategy[Gen]:
    valid = st.binary(min_size=1, max_size=8).map(
        lambda b: Gen(b, _r("raw", base64.b64encode(b).decode()), base64.b64encode(b).decode()))
    bad = st.just(Gen(12, _r("dbl", [12.0]), None, ()))
    return _mix(valid, bad)


def _document(shape) -> st.SearchStrategy[Gen]:
    leaf = st.one_of(st.integers(-1000, 1000), st.booleans(), _text)
    valid = st.dictionaries(st.text("abc", min_size=1, max_size=3), leaf, min_size=1,
                            max_size=3).map(lambda d: Gen(d, None, d))
    bad = st.just(Gen({"a": float("nan")}, _r("list", [_r("dbl", ["NaN"])], ["a"]), None, ()))
    return _mix(valid, bad)


_SCALARS = {"string": _string, "integer": _integer, "long": _integer, "float": _double,
            "double": _double, "boolean": _boolean, "timestamp": _timestamp, "blob": _blob}


# --- containers ---------------------------------------------------------------------------

def _at(gen: Gen, part: Any) -> Gen:
    """`gen` one level down: its bad path gains `part` in front."""
    if gen.bad is not None:
        gen.bad = (part,) + gen.bad
    return gen


def _explicitly_empty(v: Any) -> bool:
    return isinstance(v, (list, tuple, dict, bytes)) and len(v) == 0


def value_strategy(shape, depth: int = 0) -> st.SearchStrategy[Gen]:
    if is_document(shape):
        return _document(shape)
    kind = shape.type_name
    if kind in _SCALARS:
        return _SCALARS[kind](shape)
    if depth >= MAX_DEPTH:  # an explicitly empty container: left out in both languages
        if kind == "list":
            return st.just(Gen([], _r("list", []), DROP))
        return st.just(Gen({}, _r("list", [], []), DROP))
    if kind == "list":
        return _list(shape, depth)
    if kind == "map":
        return _map(shape, depth)
    return structure_strategy(shape, depth)


def _list(shape, depth: int) -> st.SearchStrategy[Gen]:
    item = value_strategy(shape.member, depth + 1)

    def build(items: list[Gen]) -> Gen:
        items = [_at(g, i) for i, g in enumerate(items)]
        expected = [g.expected for g in items if g.expected != DROP]
        bad = next((g.bad for g in items if g.bad is not None), None)
        r = _r("list", [g.r for g in items]) if all(g.r is not None for g in items) else None
        return Gen([g.py for g in items], r, expected if expected else DROP, bad)

    return st.lists(item, max_size=3).map(build)


def _map(shape, depth: int) -> st.SearchStrategy[Gen]:
    value = value_strategy(shape.value, depth + 1)
    keys = st.text("abcXY_-", min_size=1, max_size=4)

    def build(pairs: dict[str, Gen]) -> Gen:
        items = {k: _at(g, k) for k, g in pairs.items()}
        expected = {k: g.expected for k, g in sorted(items.items()) if g.expected != DROP}
        bad = next((g.bad for g in items.values() if g.bad is not None), None)
        r = (_r("list", [g.r for g in items.values()], list(items))
             if items and all(g.r is not None for g in items.values()) else
             (_r("list", [], []) if not items else None))
        return Gen({k: g.py for k, g in items.items()}, r, expected if expected else DROP, bad)

    return st.dictionaries(keys, value, max_size=3).map(build)


def structure_strategy(shape, depth: int = 0, top: bool = False) -> st.SearchStrategy[Gen]:
    members = shape.members
    required = set(shape.required_members)
    union = bool(getattr(shape, "is_tagged_union", False))

    @st.composite
    def build(draw) -> Gen:
        names = list(members)
        chosen = [n for n in names if n in required or draw(st.booleans())]
        if union and chosen:
            chosen = [draw(st.sampled_from(chosen))]
        gens: dict[str, Gen] = {}
        for name in chosen:
            g = draw(value_strategy(members[name], depth + 1))
            gens[name] = _at(g, name)
        expected: dict[str, Any] = {}
        bad = next((g.bad for g in gens.values() if g.bad is not None), None)
        for name in names:
            if name not in gens:
                continue
            g = gens[name]
            if g.expected != DROP:
                expected[name] = g.expected
            elif name in required and bad is None and not _explicitly_empty(g.py):
                bad = (name,)  # a required member holding nothing: refused
        r_ok = all(g.r is not None for g in gens.values())
        r = _r("list", [g.r for g in gens.values()], list(gens)) if r_ok else None
        if top:
            return Gen({n: g.py for n, g in gens.items()}, r, expected, bad)
        return Gen({n: g.py for n, g in gens.items()}, r, expected if expected else DROP, bad)

    return build()


# --- cases --------------------------------------------------------------------------------

@dataclass
class Case:
    service: str
    op: str
    args: Gen


def case_strategy(services=SERVICES) -> st.SearchStrategy[Case]:
    specs = [(s, load_service(s)) for s in services]

    @st.composite
    def build(draw) -> Case:
        service, spec = draw(st.sampled_from(specs))
        op = spec.operation(draw(st.sampled_from(list(spec.operation_names))))
        if op.input_shape is None:
            return Case(service, op.name, Gen({}, _r("list", [], []), {}))
        return Case(service, op.name, draw(structure_strategy(op.input_shape, top=True)))

    return build()


# --- judging ------------------------------------------------------------------------------

@dataclass
class Tally:
    counts: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)

    def fail(self, kind: str, text: str) -> None:
        self.counts[kind] += 1
        if len(self.failures) < 20:
            self.failures.append(f"{kind}: {text}")

    def merge(self, other: "Tally") -> None:
        self.counts.update(other.counts)
        self.failures.extend(other.failures[: 20 - len(self.failures)])


def json_equal(a: Any, b: Any) -> bool:
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(json_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(json_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b or math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-9)
    return a == b


def judge_sent(tally: Tally, case: Case, body: str | None, where: str) -> None:
    label = f"{where} {case.service}.{case.op}"
    if case.args.bad is not None:
        tally.fail("silent wrong send", f"{label}: sent although {case.args.bad} is invalid")
        return
    got = json.loads(body) if body else {}
    shape = load_service(case.service).operation(case.op).input_shape
    for name in list(got):  # botocore fills idempotency tokens the caller left out (model)
        member = shape.members.get(name) if shape is not None else None
        if member is not None and member.metadata.get("idempotencyToken") \
                and name not in case.args.expected:
            del got[name]
    if not json_equal(got, case.args.expected):
        tally.fail("silent wrong send", f"{label}: sent {body[:200]!r}, meant "
                                        f"{json.dumps(case.args.expected)[:200]}")
        return
    tally.counts["sent correctly"] += 1


def judge_refused(tally: Tally, case: Case, message: str, where: str) -> None:
    label = f"{where} {case.service}.{case.op}"
    if case.args.bad is None and "the endpoint rules need" in message:
        # a required member given explicitly empty ({} / list()) is left out, as paws does;
        # where botocore's endpoint rules read that member, the call cannot be built
        tally.counts["refused with a clear error"] += 1
        return
    if case.args.bad is None:
        tally.fail("wrong refusal", f"{label}: {message[:300]}")
        return
    # the first bad value's argument, or (when several are bad: R reads all, the core
    # checks what R passed on) another argument the caller gave
    names = [str(case.args.bad[0])] if case.args.bad else []
    names += [str(n) for n in (case.args.py if isinstance(case.args.py, dict) else {})]
    if names and not any(n in message for n in names):
        tally.fail("unclear refusal", f"{label}: {message[:200]} (bad: {case.args.bad})")
        return
    tally.counts["refused with a clear error"] += 1


def client(service: str, endpoint: str):
    return getattr(paws_bridge, service)(config={
        "endpoint": endpoint, "region": "us-east-1", "max_retries": 0,
        "credentials": {"creds": {"access_key_id": "AKIDFUZZ", "secret_access_key": "fuzz"}}})


def run_python(n: int, seed: int | None, server: FaultServer) -> Tally:
    """n generated calls from Python (seeded when `seed` is given)."""
    tally = Tally()
    clients = {s: client(s, server.endpoint) for s in SERVICES}

    @settings(max_examples=n, database=None, deadline=None, derandomize=seed is not None,
              suppress_health_check=list(HealthCheck))
    @given(case=case_strategy())
    def one(case: Case) -> None:
        tally.counts["generated"] += 1
        before = server.count()
        svc = clients[case.service]
        try:
            getattr(svc, case.op)(**case.args.py)
        except paws_bridge.NotSupportedError as exc:  # refused before sending, by name
            if server.requests(before):
                tally.fail("silent wrong send", f"python {case.op}: sent, then not supported")
            tally.counts["not supported (refused before sending)"] += 1
            tally.counts["refused with a clear error"] += 1
            return
        except (paws_bridge.ParamValidationError, TypeError) as exc:
            sent = server.requests(before)
            if sent:
                tally.fail("silent wrong send", f"python {case.op}: refused after sending")
            judge_refused(tally, case, str(exc), "python")
            return
        except Exception as exc:  # noqa: BLE001 - a crash is what we count
            tally.fail("crashes", f"python {case.service}.{case.op}: "
                                  f"{type(exc).__name__}: {str(exc)[:200]}")
            return
        sent = server.requests(before)
        if len(sent) != 1:
            tally.fail("silent wrong send", f"python {case.op}: {len(sent)} requests")
            return
        judge_sent(tally, case, sent[0]["body"], "python")

    one()
    return tally


def r_cases(n: int, seed: int | None) -> list[Case]:
    cases: list[Case] = []

    @settings(max_examples=n * 2, database=None, deadline=None,
              derandomize=seed is not None, suppress_health_check=list(HealthCheck))
    @given(case=case_strategy())
    def collect(case: Case) -> None:
        if len(cases) < n and case.args.r is not None:
            cases.append(case)

    collect()
    return cases


def run_r(n: int, seed: int | None, server: FaultServer) -> Tally:
    """n generated calls from one R process (R values built from the descriptors)."""
    tally = Tally()
    cases = r_cases(n, seed)
    with tempfile.TemporaryDirectory() as tmp:
        inp, out = Path(tmp) / "cases.json", Path(tmp) / "outcomes.json"
        inp.write_text(json.dumps({"endpoint": server.endpoint, "cases": [
            {"service": c.service, "op": c.op, "args": c.args.r} for c in cases]}))
        env = {k: v for k, v in os.environ.items() if k != "LD_LIBRARY_PATH"}
        env.setdefault("RETICULATE_PYTHON", sys.executable)
        env["R_PROFILE_USER"] = "/dev/null"
        before = server.count()
        proc = subprocess.run(["Rscript", str(ROOT / "tests" / "fuzz" / "fuzz_driver.R"),
                               str(inp), str(out)], env=env, capture_output=True, text=True,
                              timeout=1800)
        if proc.returncode != 0 or not out.exists():
            tally.fail("crashes", f"R process exited {proc.returncode}: "
                                  f"{(proc.stderr or proc.stdout)[-800:]}")
            return tally
        outcomes = json.loads(out.read_text())
    sent = server.requests(before)
    bodies = iter(sent)
    for case, outcome in zip(cases, outcomes):
        tally.counts["generated"] += 1
        status = outcome["status"]
        if status == "ok":
            nxt = next(bodies, None)
            if nxt is None:
                tally.fail("silent wrong send", f"R {case.op}: ok without a request")
                continue
            judge_sent(tally, case, nxt["body"], "R")
        elif status == "refused":
            judge_refused(tally, case, outcome["message"], "R")
        elif status == "unsupported":
            tally.counts["not supported (refused before sending)"] += 1
            tally.counts["refused with a clear error"] += 1
        else:
            tally.fail("crashes", f"R {case.service}.{case.op}: {outcome['message'][:300]}")
    if next(bodies, None) is not None:
        tally.fail("silent wrong send", "R: more requests than successful calls")
    return tally


def report(tally: Tally) -> str:
    c = tally.counts
    lines = [f"generated: {c['generated']}",
             f"refused with a clear error: {c['refused with a clear error']}",
             f"sent correctly: {c['sent correctly']}",
             f"  of which operations not supported yet (event streams): "
             f"{c['not supported (refused before sending)']}",
             f"crashes: {c['crashes']}",
             f"silent wrong sends: {c['silent wrong send']}",
             f"wrong refusals: {c['wrong refusal']}",
             f"unclear refusals: {c['unclear refusal']}"]
    return "\n".join(lines + tally.failures)


def ok(tally: Tally) -> bool:
    c = tally.counts
    return not (c["crashes"] or c["silent wrong send"] or c["wrong refusal"]
                or c["unclear refusal"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", type=int, default=7000)
    parser.add_argument("--r", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args(argv)
    start = time.monotonic()
    total = Tally()
    with FaultServer(["ok"], {}) as server:
        if args.python:
            t = run_python(args.python, args.seed, server)
            print(f"-- from Python ({time.monotonic() - start:.0f} s)\n{report(t)}", flush=True)
            total.merge(t)
        if args.r:
            t = run_r(args.r, args.seed, server)
            print(f"-- from R, one process ({time.monotonic() - start:.0f} s)\n{report(t)}",
                  flush=True)
            total.merge(t)
    print(f"== total ({time.monotonic() - start:.0f} s)\n{report(total)}")
    return 0 if ok(total) else 1


if __name__ == "__main__":
    sys.exit(main())
