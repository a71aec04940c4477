"""The conformance-services corpus (recorded from paws for 12 services) read from Python.

Requests are compared with the rules of the corpus' replay tool in bridge mode
(tools/replay_services.R): method, percent-decoded path, query and the headers that matter
as multisets, integrity headers (Content-MD5 / x-amz-checksum-*) as one group, form bodies as
decoded pairs, XML bodies as canonical XML, anything else byte for byte.
"""

from __future__ import annotations

import base64
import fnmatch
import json
import re
import sys
import urllib.parse
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).resolve().parents[1] / "conformance-services"
sys.path.insert(0, str(CORPUS / "tools"))
import typed_json as tj  # noqa: E402  (the corpus's own decoder)


def load(service: str) -> dict[str, Any]:
    return json.loads((CORPUS / f"{service}.json").read_text(encoding="utf-8"))


def deviation(vector_id: str) -> dict[str, Any] | None:
    rules = json.loads((CORPUS / "deviations.json").read_text())["rules"]
    for rule in rules:
        if fnmatch.fnmatchcase(vector_id, rule["match"]):
            return rule
    return None


# --- requests ------------------------------------------------------------------------------

_COMPARED = {"content-type", "content-md5", "range", "cache-control", "content-disposition",
             "content-encoding", "content-language", "expires"}
_IGNORED_AMZ = {"x-amz-date", "x-amz-security-token", "x-amz-content-sha256",
                "x-amz-user-agent"}
_INTEGRITY = re.compile(r"^(content-md5|x-amz-checksum-[a-z0-9]+|x-amz-sdk-checksum-algorithm"
                        r"|x-amz-trailer|x-amz-decoded-content-length): ")


def _header_set(headers: list[list[str]]) -> list[str]:
    out = []
    for name, value in headers:
        n = name.lower()
        if n in _COMPARED or n.startswith("if-") or (n.startswith("x-amz-")
                                                     and n not in _IGNORED_AMZ):
            out.append(f"{n}: {value.strip()}")
    return sorted(out)


def _pairs(pairs: list[list[str]], tokens: list[str]) -> list[str]:
    return sorted(f"{k}={'<token>' if k in tokens else v}" for k, v in pairs)


def _canon(text: bytes) -> Any:
    try:
        root = ET.fromstring(text)
    except ET.ParseError:
        return None
    namespaces = set()

    def walk(e: Any) -> Any:
        tag = e.tag
        if tag.startswith("{"):
            ns, _, tag = tag[1:].partition("}")
            namespaces.add(ns)
        kids = list(e)
        return (tag, tuple(sorted(e.attrib.items())), (e.text or "") if not kids else None,
                tuple(walk(k) for k in kids))

    tree = walk(root)
    return sorted(namespaces), tree


def body_diff(got: bytes, want_req: dict[str, Any], tokens: list[str]) -> list[str]:
    want = base64.b64decode(want_req.get("body_b64") or "")
    if got == want:
        return []
    ct = ""
    for k, v in want_req["headers"]:
        if k.lower() == "content-type":
            ct = v.lower()
    if "x-www-form-urlencoded" in ct:
        g = _pairs(urllib.parse.parse_qsl(got.decode(), keep_blank_values=True), tokens)
        w = _pairs(urllib.parse.parse_qsl(want.decode(), keep_blank_values=True), tokens)
        return [] if g == w else [f"body (form): {sorted(set(g) - set(w))} != "
                                  f"{sorted(set(w) - set(g))}"]
    if want.lstrip().startswith(b"<"):
        cw = _canon(want)
        if cw is not None and _canon(got) == cw:
            return []
    return [f"body: {got[:300]!r} != expected {want[:300]!r}"]


def request_diff(got: dict[str, Any], want: dict[str, Any], tokens: list[str]) -> list[str]:
    d = []
    if got["method"] != want["method"]:
        d.append(f"method {got['method']} != {want['method']}")
    gp, wp = urllib.parse.unquote(got["path"]), urllib.parse.unquote(want["path"])
    if gp != wp:
        d.append(f"path {got['path']!r} != {want['path']!r}")
    gq, wq = _pairs(got["query_pairs"], tokens), _pairs(want["query_pairs"], tokens)
    if gq != wq:
        d.append(f"query {gq} != {wq}")
    gh, wh = _header_set(got["headers"]), _header_set(want["headers"])
    gi = [h for h in gh if _INTEGRITY.match(h)]
    wi = [h for h in wh if _INTEGRITY.match(h)]
    if wi and not gi:
        d.append(f"headers: no integrity header (paws sent {wi})")
    gh = [h for h in gh if not _INTEGRITY.match(h)]
    wh = [h for h in wh if not _INTEGRITY.match(h)]
    if gh != wh:
        d.append(f"headers: extra {sorted(set(gh) - set(wh))}, missing "
                 f"{sorted(set(wh) - set(gh))}")
    d += body_diff(base64.b64decode(got["body_b64"] or ""), want, tokens)
    return d


# --- the canned server ----------------------------------------------------------------------

def canned_server() -> Any:
    """tools/service_canned_server.py as a child process (conformance.CannedServer)."""
    from conformance import CannedServer
    return CannedServer(CORPUS / "tools" / "service_canned_server.py")


# --- R arguments -> Python arguments ---------------------------------------------------------

def python_args(t: Any) -> dict[str, Any]:
    """The recorded R arguments as Python arguments (raw -> bytes, length-1 vectors ->
    scalars, unnamed lists -> lists, named lists -> dicts, POSIXct -> datetimes)."""
    r = tj.decode(t)
    return {n: _plain(x, n) for n, x in zip(r.names or [], r.values)}


def _plain(r: Any, name: str = "") -> Any:
    import datetime as dt
    if r.rtype == "NULL":
        return None
    if r.rtype == "raw":
        return bytes(r.values)
    if r.rtype == "list":
        items = [_plain(x) for x in r.values]
        if r.names is not None:
            return dict(zip(r.names, items))
        return items
    vals = [None if v is tj.NA else v for v in r.values]
    if r.rclass and "POSIXct" in r.rclass:
        vals = [dt.datetime.fromtimestamp(v, tz=dt.timezone.utc) for v in vals]
    if r.rtype == "integer":
        vals = [int(v) for v in vals]
    return vals[0] if len(vals) == 1 else vals
