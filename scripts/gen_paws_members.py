"""Write paws_bridge/data/paws_members/<service>.json: where paws's output shapes differ from
botocore's pinned model.

paws generated its code from an older copy of botocore's models, so an output structure in
botocore may have members paws does not return (or a member of another scalar type, e.g.
S3's `Expires`, a string in paws). paws's value has exactly its own members, so the bridge
reads the members paws has. This script reads the `.<svc>$<op>_output` shapes of paws's
generated `*_interfaces.R` (a paws checkout, e.g. commit 77115fa), walks them beside
botocore's output shapes and records, per botocore shape name, paws's member names in
paws's order and any scalar type that differs. Only shapes that differ are written.

    python scripts/gen_paws_members.py PAWS_CHECKOUT [SERVICE ...]

SERVICE is a paws constructor name (`s3`, `dynamodb`); none: every service of
tests/paws-api/services.json (paws's API as data) that botocore still has. The files are
named by botocore service name.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import botocore.session
from botocore import xform_name

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "paws_bridge" / "data" / "paws_members"
PAWS_API = ROOT / "tests" / "paws-api" / "services.json"
_TOKEN = re.compile(r'\s*(?:(?P<str>"(?:[^"\\]|\\.)*")|(?P<num>-?\d+(?:\.\d+)?L?)|'
                    r'(?P<id>[A-Za-z_.][A-Za-z0-9_.]*|`[^`]*`)|(?P<p>[(),=]))')


def _tokens(text: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            if text[pos:].strip() == "":
                break
            raise ValueError(f"cannot read R at {text[pos:pos + 40]!r}")
        kind = m.lastgroup
        out.append((kind, m.group(kind)))
        pos = m.end()
    return out


def _parse(tokens: list[tuple[str, str]], i: int = 0) -> tuple[Any, int]:
    """A call `f(a, n = b, ...)` -> ("call", f, [(name|None, value)]); literals as values."""
    kind, tok = tokens[i]
    if kind == "str":
        return json.loads(tok), i + 1
    if kind == "num":
        return tok, i + 1
    if kind == "id":
        if i + 1 < len(tokens) and tokens[i + 1] == ("p", "("):
            args, j = [], i + 2
            while tokens[j] != ("p", ")"):
                name = None
                if tokens[j][0] in ("id", "str") and tokens[j + 1] == ("p", "="):
                    name = tokens[j][1]
                    name = (json.loads(name) if tokens[j][0] == "str"
                            else name.strip("`"))
                    j += 2
                value, j = _parse(tokens, j)
                args.append((name, value))
                if tokens[j] == ("p", ","):
                    j += 1
            return ("call", tok, args), j + 1
        return tok, i + 1
    raise ValueError(f"unexpected {tok!r}")


def _shape(expr: Any) -> dict[str, Any]:
    """structure(<data>, tags = list(type = ...)) -> {"type", "members"/"member"}."""
    if not (isinstance(expr, tuple) and expr[1] == "structure"):
        return {"type": "unknown"}  # not a shape paws spells out (left as botocore has it)
    _, fn, args = expr
    data = args[0][1]
    tags = dict(next(v for n, v in args if n == "tags")[2])
    kind = tags.get("type", "string")
    out: dict[str, Any] = {"type": kind}
    if kind == "structure":
        out["members"] = {n: _shape(v) for n, v in data[2]} if data[1] == "list" else {}
    elif kind in ("list", "map"):
        inner = data[2] if isinstance(data, tuple) else []
        out["member"] = _shape(inner[0][1]) if inner else {"type": "unknown"}
    return out


def _diff(paws: dict[str, Any], shape: Any, out: dict[str, Any], seen: set[str]) -> None:
    kind = shape.type_name
    if kind == "structure" and paws.get("type") == "structure":
        if shape.name in seen:
            return
        seen.add(shape.name)
        pm = paws.get("members", {})
        types = {n: p["type"] for n, p in pm.items()
                 if n in shape.members and p["type"] != shape.members[n].type_name
                 and p["type"] not in ("structure", "list", "map", "unknown")}
        if list(pm) != list(shape.members) or types:
            out[shape.name] = {"members": list(pm), "types": types,
                               "missing": {n: p["type"] for n, p in pm.items()
                                           if n not in shape.members}}
        for n, p in pm.items():
            if n in shape.members:
                _diff(p, shape.members[n], out, seen)
    elif kind in ("list", "map") and paws.get("type") == kind:
        inner = shape.member if kind == "list" else shape.value
        _diff(paws["member"], inner, out, seen)


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    from paws_bridge import registry
    root = Path(argv[1])
    api = json.loads(PAWS_API.read_text())["services"]
    services = argv[2:] or sorted(api)
    session = botocore.session.get_session()
    OUT.mkdir(parents=True, exist_ok=True)
    written = 0
    for svc in services:
        info = registry.services().get(svc)
        source = root / "cran" / api[svc]["category"] / "R" / f"{svc}_interfaces.R"
        if info is None or not source.exists():
            print(f"{svc}: skipped ({'not in botocore' if info is None else 'no source'})")
            continue
        text = source.read_text()
        model = session.get_service_model(info.botocore)
        ops = {xform_name(o): o for o in model.operation_names}
        out: dict[str, Any] = {}
        seen: set[str] = set()
        for m in re.finditer(rf"^\.{svc}\$(\w+)_output <- function\(\.\.\.\) \{{\n.*?\n"
                             r"  shape <- (.*?)\n  return", text, re.S | re.M):
            op = ops.get(m.group(1))
            if op is None:
                continue
            shape = model.operation_model(op).output_shape
            if shape is None:
                continue
            expr, _ = _parse(_tokens(m.group(2)))
            _diff(_shape(expr), shape, out, seen)
        path = OUT / f"{info.botocore}.json"
        if out:
            path.write_text(json.dumps(out, indent=0, sort_keys=True) + "\n")
            written += 1
        elif path.exists():
            path.unlink()
    print(f"{written} services differ from botocore's output shapes -> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
