"""Reading the conformance corpus (recorded from paws) from the Python side.

paws's R values are mapped to the Python values the core returns (shape-driven):
character(0)/logical(0)/numeric(0)/zero-length POSIXct -> None, list() -> [] or {} by shape,
atomic vectors for list shapes -> lists, POSIXct -> epoch seconds, raw -> bytes.
R arguments are mapped to Python arguments the same way; vectors that only R can express
(NA, factors, numbers given for strings, longer vectors for scalars) raise `ROnly` and are
checked by the R test suite instead.
"""

from __future__ import annotations

import fnmatch
import json
import math
import os
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any

from botocore.model import Shape

CORPUS = Path(__file__).resolve().parents[1] / "conformance"
sys.path.insert(0, str(CORPUS / "tools"))
import typed_json as tj  # noqa: E402  (the corpus's own decoder)


class ROnly(Exception):
    """An argument vector that has no Python equivalent (checked from R instead)."""


def load(kind: str) -> list[dict[str, Any]]:
    if kind == "errors":
        return tj.load(CORPUS / "errors.json")
    vectors = []
    for path in sorted((CORPUS / kind).glob("*.json")):
        vectors.extend(tj.load(path))
    return vectors


def deviation(vector_id: str) -> dict[str, Any] | None:
    rules = json.loads((CORPUS / "deviations.json").read_text())["rules"]
    for rule in rules:
        if fnmatch.fnmatchcase(vector_id, rule["match"]):
            return rule
    return None


# --- R value -> Python value, by shape -------------------------------------------------------

def _atoms(r: tj.RValue) -> list[Any]:
    return list(r.values)


def _scalar(r: tj.RValue, shape: Shape) -> Any:
    kind = shape.type_name
    if r.rtype == "raw":
        return bytes(r.values)
    vals = _atoms(r)
    if not vals:
        return None
    if len(vals) != 1:
        raise AssertionError(f"expected a length-1 value, got {len(vals)}")
    v = vals[0]
    if v is tj.NA:
        return "NA"
    if kind == "timestamp":
        return float(v)
    return v


def from_r(t: Any, shape: Shape) -> Any:
    """paws's returned R value (typed JSON) -> the Python value the core should return."""
    r = t if isinstance(t, tj.RValue) else tj.decode(t)
    kind = shape.type_name
    if kind == "structure" and getattr(shape, "is_document_type", False):
        return document(r)
    if kind == "structure":
        assert r.rtype == "list", f"{shape.name}: expected a list, got {r.rtype}"
        names = r.names or []
        by_name = dict(zip(names, r.values))
        return {n: from_r(by_name[n], m) for n, m in shape.members.items() if n in by_name}
    if kind == "list":
        member = shape.member
        if r.rtype == "list":
            return [from_r(x, member) for x in r.values]
        if r.rtype == "raw":
            return [bytes(r.values)]
        return [from_r(tj.RValue(r.rtype, r.rclass, r.attributes, None, [x]), member)
                for x in r.values]
    if kind == "map":
        if r.rtype == "list":
            return {n: from_r(x, shape.value) for n, x in zip(r.names or [], r.values)}
        return {n: from_r(tj.RValue(r.rtype, r.rclass, r.attributes, None, [x]), shape.value)
                for n, x in zip(r.names or [], r.values)}
    return _scalar(r, shape)


def document(r: tj.RValue) -> Any:
    """A document as jsonlite parsed it -> the JSON value."""
    if r.rtype == "NULL":
        return None
    if r.rtype == "list":
        items = [document(x) for x in r.values]
        if r.names is not None:
            return dict(zip(r.names, items))
        return items
    vals = [None if v is tj.NA else v for v in r.values]
    return vals[0] if len(vals) == 1 else vals


# --- comparing -------------------------------------------------------------------------------

def compare(actual: Any, expected: Any, path: str = "$") -> list[str]:
    """Differences between the core's value and paws's (mapped), with paths."""
    out: list[str] = []
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{path}: expected a dict, got {type(actual).__name__}"]
        # jsonlite drops a JSON null inside a document; Python keeps it as None
        actual = {k: v for k, v in actual.items() if v is not None or k in expected}
        if list(actual) != list(expected):
            out.append(f"{path}: keys {list(actual)} != {list(expected)}")
        for k in expected:
            if k in actual:
                out += compare(actual[k], expected[k], f"{path}${k}")
        return out
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return [f"{path}: expected a list, got {actual!r}"]
        if len(actual) != len(expected):  # jsonlite drops nulls inside documents
            actual = [a for a in actual if a is not None]
        if len(actual) != len(expected):
            return [f"{path}: length {len(actual)} != {len(expected)}"]
        for i, (a, e) in enumerate(zip(actual, expected)):
            out += compare(a, e, f"{path}[[{i + 1}]]")
        return out
    if hasattr(actual, "epoch"):
        actual = actual.epoch
    if isinstance(expected, bool) or isinstance(actual, bool):
        ok = type(actual) is type(expected) and actual == expected
    elif isinstance(expected, (int, float)) and isinstance(actual, (int, float)):
        ok = (math.isnan(expected) and math.isnan(actual)) if isinstance(expected, float) \
            and math.isnan(expected) else float(actual) == float(expected)
    else:
        ok = type(actual) is type(expected) and actual == expected
    if not ok:
        out.append(f"{path}: {actual!r} != {expected!r}")
    return out


def json_equal(a: Any, b: Any) -> bool:
    """JSON values equal: object keys in any order, numbers to 12 significant digits."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(json_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(json_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b or math.isclose(a, b, rel_tol=1e-12)
    return a == b


# --- R arguments -> Python arguments ---------------------------------------------------------

def args_to_python(t: Any, shape: Shape) -> dict[str, Any]:
    r = tj.decode(t)
    return {n: _arg(x, shape.members[n], n) if n in shape.members else _plain(x)
            for n, x in zip(r.names or [], r.values)}


def _plain(r: tj.RValue) -> Any:
    return tj.to_plain(tj.encode(r))


def _arg(r: tj.RValue, shape: Shape, path: str) -> Any:
    if r.rtype == "NULL":
        return None
    if r.rclass and "factor" in r.rclass:
        raise ROnly(f"{path}: factor")
    kind = shape.type_name
    if kind == "structure" and getattr(shape, "is_document_type", False):
        if r.rclass:
            raise ROnly(f"{path}: classed value in a document")
        return document(r)
    if kind == "structure":
        if r.rtype != "list":
            raise ROnly(f"{path}: {r.rtype} for a structure")
        return {n: (_arg(x, shape.members[n], f"{path}.{n}") if n in shape.members
                    else _plain(x)) for n, x in zip(r.names or [], r.values)}
    if kind == "list":
        if r.rtype == "list":
            items = []
            for i, x in enumerate(r.values):
                if x.rtype != "list" and len(x.values) > 1:
                    raise ROnly(f"{path}[{i}]: vector inside a list")
                items.append(_arg(x, shape.member, f"{path}[{i}]"))
            return items
        return [_arg(tj.RValue(r.rtype, r.rclass, r.attributes, None, [v]), shape.member, path)
                for v in r.values]
    if kind == "map":
        if r.rtype != "list":
            raise ROnly(f"{path}: atomic vector for a map")
        return {n: _arg(x, shape.value, f"{path}.{n}") for n, x in zip(r.names or [], r.values)}
    # scalars
    if r.rtype == "raw":
        if kind != "blob":
            raise ROnly(f"{path}: raw for {kind}")
        return bytes(r.values)
    vals = list(r.values)
    if len(vals) == 0:
        return [] if r.rtype == "list" else None
    if len(vals) > 1:
        raise ROnly(f"{path}: vector longer than 1 for a scalar")
    v = vals[0]
    if v is tj.NA:
        raise ROnly(f"{path}: NA")
    if kind == "blob":
        raise ROnly(f"{path}: non-raw blob")
    if r.rclass and "POSIXct" in r.rclass:
        import datetime as dt
        return dt.datetime.fromtimestamp(v, tz=dt.timezone.utc)
    if kind in ("string",) and r.rtype != "character":
        raise ROnly(f"{path}: {r.rtype} for a string")
    if kind == "boolean" and r.rtype != "logical":
        raise ROnly(f"{path}: {r.rtype} for a boolean")
    if kind in ("integer", "long", "double", "float") and r.rtype == "character":
        raise ROnly(f"{path}: string for a number")
    if kind in ("integer", "long") and r.rtype == "double" and not float(v).is_integer():
        raise ROnly(f"{path}: fraction for an integer")
    return v


# --- the canned server -----------------------------------------------------------------------

class CannedServer:
    """The corpus's loopback canned-response server, run as a child process."""

    def __init__(self, script: Path | None = None) -> None:
        env = {k: v for k, v in os.environ.items() if k != "LD_LIBRARY_PATH"}
        self.proc = subprocess.Popen(
            [sys.executable, str(script or CORPUS / "tools" / "canned_server.py"), "--port", "0",
             "--max-seconds", "3600"], stdout=subprocess.PIPE, text=True, env=env)
        line = self.proc.stdout.readline()
        assert line.startswith("PORT "), line
        self.port = int(line.split()[1])
        self.endpoint = f"http://127.0.0.1:{self.port}"

    def _post(self, path: str, body: Any) -> Any:
        req = urllib.request.Request(self.endpoint + path, data=json.dumps(body).encode(),
                                     method="POST")
        with urllib.request.urlopen(req, timeout=10) as resp:
            return json.loads(resp.read() or b"null")

    def queue(self, responses: list[dict[str, Any]]) -> None:
        self._post("/__canned__/reset", {})
        self._post("/__canned__/queue", responses)

    def log(self) -> list[dict[str, Any]]:
        with urllib.request.urlopen(self.endpoint + "/__canned__/log", timeout=10) as resp:
            return json.loads(resp.read())

    def close(self) -> None:
        try:
            self._post("/__canned__/shutdown", {})
        except Exception:
            pass
        self.proc.terminate()
        self.proc.wait(timeout=10)
