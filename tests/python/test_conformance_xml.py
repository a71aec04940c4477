"""The conformance-services corpus for the XML protocols (s3, sts, iam, sns, ec2), replayed
through the Python core: the request paws sent (bridge-mode rules of the corpus' replay tool),
then the value paws returned -- the R value the bridge gives (paws_bridge.r.xmlform, compared
with tools/typed_json.py) -- or paws's error (class, message, status, error_response)."""

from __future__ import annotations

import base64

import pytest

import paws_bridge
from paws_bridge.errors import PawsBridgeError, PawsError
from paws_bridge.model import load_service
from paws_bridge.r.xmlform import form

from services_corpus import (canned_server, deviation, load, python_args, request_diff,
                             tj)

SERVICES = ("s3", "sts", "iam", "sns", "ec2")
FILES = {s: load(s) for s in SERVICES}
VECTORS = [(s, v) for s in SERVICES for v in FILES[s]["vectors"]]


@pytest.fixture(scope="module")
def canned():
    server = canned_server()
    yield server
    server.close()


def _typed(node):
    """form() nodes -> typed JSON (raw vectors as base64, as the corpus writes them)."""
    if node["type"] == "raw":
        return dict(node, values=base64.b64encode(node["values"]).decode())
    if node["type"] == "list":
        return dict(node, values=[_typed(x) for x in node["values"]])
    return node


def client(service: str, endpoint: str):
    extra = tj.to_plain(FILES[service]["config"]) or {}
    return getattr(paws_bridge, service)(config={
        "credentials": {"creds": {"access_key_id": "AKID", "secret_access_key": "SECRET"}},
        "endpoint": endpoint, "region": "us-east-1", "max_retries": 0, **extra})


def _queue(canned, vector):
    canned.queue([{"status": ex["response"]["status"], "reason": ex["response"]["reason"],
                   "headers": ex["response"]["headers"],
                   "body_b64": ex["response"]["body_b64"]} for ex in vector["exchanges"]])


@pytest.mark.parametrize("service,vector", VECTORS, ids=[v["id"] for _, v in VECTORS])
def test_vector(canned, service, vector):
    assert deviation(vector["id"]) is None  # no XML vector has a rule (yet)
    spec = load_service(service)
    op = spec.operation(vector["op"])
    _queue(canned, vector)
    svc = client(service, canned.endpoint)
    args = python_args(vector["args"])
    tokens = vector.get("idempotency_tokens", [])
    try:
        value = getattr(svc, vector["op"])(**args)
        error = None
    except PawsBridgeError as exc:
        value, error = None, exc
    sent = canned.log()
    assert len(sent) == len(vector["exchanges"]), f"requests: {len(sent)}"
    for got, ex in zip(sent, vector["exchanges"]):
        assert request_diff(got, ex["request"], tokens) == []
    if vector["outcome"] == "value":
        assert error is None, f"unexpected error: {error}"
        got = _typed(form(op.output_shape, value, spec.model.protocol))
        assert tj.diff(got, vector["expected"]) == []
        return
    want = vector["expected_error"]
    assert isinstance(error, PawsError), f"expected a paws_error, got {error!r}"
    assert error.message == tj.to_plain(want["message"])
    assert error.status_code == tj.to_plain(want["status_code"])
    want_resp = tj.to_plain(want["error_response"]) or {}
    assert error.error_response == want_resp
