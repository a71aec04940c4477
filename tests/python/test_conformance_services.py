"""The services corpus recorded from paws (tests/conformance-services), replayed from Python.

For each vector: the recorded response is served by the corpus's canned server; the request
the bridge sends must match paws's under the README's bridge-mode rules (method, path after
percent-decoding, query pairs, the headers that matter, the body as a JSON value; integrity
headers as one group; idempotency tokens paws filled only need to be UUIDs); the value must
equal paws's (mapped to Python by shape, tests/python/conformance.py), errors as recorded or
as deviations.json / the generic bridge rules say.
"""

from __future__ import annotations

import base64
import fnmatch
import json
import re
import urllib.parse
from pathlib import Path
from typing import Any

import pytest

import paws_bridge
from paws_bridge.model import load_service

from services_corpus import _INTEGRITY, _header_set  # noqa: E402 - one copy of the header rules
from conformance import (CannedServer, ROnly, args_to_python, compare, document, from_r,
                         json_equal)

CORPUS = Path(__file__).resolve().parents[1] / "conformance-services"
SERVICES = ["dynamodb", "sqs", "kms", "secretsmanager", "ssm", "cloudwatchlogs", "lambda"]
FILES = {s: json.loads((CORPUS / f"{s}.json").read_text()) for s in SERVICES}
VECTORS = [(s, v) for s in SERVICES for v in FILES[s]["vectors"]]
RULES = json.loads((CORPUS / "deviations.json").read_text())["rules"]


def _rule(vector: dict[str, Any]) -> dict[str, Any] | None:
    for rule in RULES:
        if fnmatch.fnmatchcase(vector["id"], rule["match"]):
            return rule["expect"]
    if vector["outcome"] != "error":
        return None
    # the generic bridge rules (README "Replay")
    if not vector["exchanges"]:
        return {"kind": "error_before_request"}
    classes = vector["expected_error"]["class"]
    if "paws_error" not in (classes.get("values", []) if isinstance(classes, dict) else classes):
        status = int(vector["exchanges"][-1]["response"]["status"])
        if status >= 300:
            return {"kind": "error", "status_code": status}
        return {"kind": "value"}
    return None


@pytest.fixture(scope="module")
def canned():
    server = CannedServer(CORPUS / "tools" / "service_canned_server.py")
    yield server
    server.close()


# --- requests ----------------------------------------------------------------------------

_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
                   r"[0-9a-fA-F]{12}$")
TOKEN = "<idempotency-token>"


def _mask(body: Any, tokens: list[str], check: bool) -> Any:
    if isinstance(body, dict):
        body = dict(body)
        for k in tokens:
            if k in body and (not check or (isinstance(body[k], str) and _UUID.match(body[k]))):
                body[k] = TOKEN
    return body


def request_diff(got: dict[str, Any], want: dict[str, Any], tokens: list[str]) -> list[str]:
    d = []
    if got["method"] != want["method"]:
        d.append(f"method {got['method']} != {want['method']}")
    gp, wp = urllib.parse.unquote(got["path"]), urllib.parse.unquote(want["path"])
    if gp != wp:
        d.append(f"path {got['path']!r} != {want['path']!r}")
    gq = sorted((k, TOKEN if k in tokens and _UUID.match(v) else v) for k, v in got["query_pairs"])
    wq = sorted((k, TOKEN if k in tokens else v) for k, v in want["query_pairs"])
    if gq != wq:
        d.append(f"query {gq} != {wq}")
    gh, wh = _header_set(got["headers"]), _header_set(want["headers"])
    gi = [h for h in gh if _INTEGRITY.match(h)]
    wi = [h for h in wh if _INTEGRITY.match(h)]
    if wi and not gi:
        d.append(f"no integrity header (paws sent {wi})")
    gh = [h for h in gh if h not in gi]
    wh = [h for h in wh if h not in wi]
    if gh != wh:
        d.append(f"headers: extra {sorted(set(gh) - set(wh))}, missing {sorted(set(wh) - set(gh))}")
    gb = base64.b64decode(got["body_b64"] or "")
    wb = base64.b64decode(want.get("body_b64") or "")
    if gb != wb:
        try:
            gj, wj = json.loads(gb or b"null"), json.loads(wb or b"null")
        except ValueError:
            d.append(f"body {gb[:300]!r} != {wb[:300]!r}")
        else:
            if not json_equal(_mask(gj, tokens, True), _mask(wj, tokens, False)):
                d.append(f"body (json) {gb[:400]!r} != {wb[:400]!r}")
    return d


# --- one vector ----------------------------------------------------------------------------

def _client(service: str, endpoint: str):
    return getattr(paws_bridge, service)(config={
        "credentials": {"creds": {"access_key_id": "AKID", "secret_access_key": "SECRET"}},
        "endpoint": endpoint, "region": "us-east-1", "max_retries": 0})


def restrict(actual: Any, expected: Any) -> Any:
    """`actual` without the members paws's (older) model did not have.

    paws generated its code from an older copy of botocore's models; members added since are
    in the bridge's value (botocore's pinned model) and not in paws's. They are left out of
    the comparison; every member paws returns must be there, in paws's order.
    """
    if isinstance(expected, dict) and isinstance(actual, dict):
        return {k: restrict(v, expected[k]) if k in expected else v
                for k, v in actual.items() if k in expected}
    if isinstance(expected, list) and isinstance(actual, list) and len(actual) == len(expected):
        return [restrict(a, e) for a, e in zip(actual, expected)]
    return actual


def _values(t: Any) -> list[Any]:
    return [] if t is None else list(t.get("values") or [])


@pytest.mark.parametrize("service,vector", VECTORS, ids=[v["id"] for _, v in VECTORS])
def test_vector(canned, service, vector):
    spec = load_service(service)
    op = spec.operation(vector["op"])
    try:
        args = args_to_python(vector["args"], op.input_shape) if op.input_shape else {}
    except ROnly as why:
        pytest.skip(f"R-only argument form ({why}); checked by the R replay")
    canned.queue([ex["response"] for ex in vector["exchanges"]])
    svc = _client(service, canned.endpoint)
    rule = _rule(vector)
    outcome: Any
    try:
        outcome = getattr(svc, vector["op"])(**args)
    except (paws_bridge.PawsBridgeError, TypeError) as exc:
        outcome = exc
    sent = canned.log()
    tokens = list(vector.get("idempotency_tokens") or [])

    if rule is None or rule["kind"] == "requests_as_recorded":
        assert len(sent) == len(vector["exchanges"]), "number of requests"
        problems = []
        for got, ex in zip(sent, vector["exchanges"]):
            problems += request_diff(got, ex["request"], tokens)
        assert problems == []
    if rule is None:
        if vector["outcome"] == "value":
            assert not isinstance(outcome, Exception), outcome
            shape = op.output_shape
            expected = from_r(vector["expected"], shape) if shape is not None and \
                shape.members else {}
            assert compare(restrict(outcome, expected), expected) == []
        else:
            want = vector["expected_error"]
            assert isinstance(outcome, paws_bridge.PawsError), outcome
            assert outcome.message == "".join(_values(want["message"]))
            assert outcome.status_code == _values(want["status_code"])[0]
            assert outcome.error_response == document(
                __import__("typed_json").decode(want["error_response"]))
            assert isinstance(outcome, paws_bridge.errors.error_class(outcome.code))
        return
    kind = rule["kind"]
    if kind == "error_before_request":
        assert sent == [] and isinstance(outcome, Exception)
    elif kind in ("value", "requests_as_recorded"):
        assert not isinstance(outcome, Exception), outcome
    elif kind == "error":
        assert isinstance(outcome, paws_bridge.PawsError), outcome
        if "status_code" in rule:
            assert outcome.status_code == rule["status_code"]
        if "message" in rule:
            assert outcome.message == rule["message"]
        if "message_prefix" in rule:
            assert outcome.message.startswith(rule["message_prefix"])
        if "message_contains" in rule:
            assert rule["message_contains"] in outcome.message
    else:
        pytest.fail(f"unknown deviation kind {kind}")


def test_a_recursive_shape_is_read_as_parsed_where_it_recurs():
    """paws's generated interfaces stop where a shape recurs inside itself: DynamoDB's
    AttributeValue has every member at the top, but inside its L and M only what was sent
    (dynamodb/012_scan, 015_update_item)."""
    import json

    from paws_bridge.model import load_service
    from paws_bridge.outputs import build_output
    op = load_service("dynamodb").operation("scan")
    body = json.dumps({"Items": [{"Credits": {"L": [{"S": "vocals"}, {"BOOL": True}]},
                                  "Info": {"M": {"a": {"M": {"b": {"N": "1"}}}}}}]})
    item = build_output(op.output_shape, {"__paws_bridge_raw_body__": body.encode()})["Items"][0]
    assert item["Credits"]["L"] == [{"S": "vocals"}, {"BOOL": True}]
    assert item["Info"]["M"] == {"a": {"M": {"b": {"N": "1"}}}}
    assert item["Credits"]["S"] is None and item["Credits"]["SS"] == []  # the top: every member
