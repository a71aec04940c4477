"""The conformance corpus recorded from paws, checked through the Python side.

Outputs: the core's value must equal paws's value mapped to Python empties. Inputs: the
request body must be the same JSON as paws's. Errors: paws's message, code, status and
request count. Where paws has a plain bug, deviations.json says what we do instead.
"""

from __future__ import annotations

import json

import pytest

import paws_bridge
from paws_bridge.model import load_service

from conformance import (CannedServer, ROnly, args_to_python, compare, deviation, from_r,
                         json_equal, load)

SPEC = load_service("cognitoidentityprovider")
OUTPUTS = load("outputs")
INPUTS = load("inputs")
ERRORS = load("errors")
BY_ID = {v["id"]: v for v in OUTPUTS}


@pytest.fixture(scope="module")
def canned():
    server = CannedServer()
    yield server
    server.close()


def client(endpoint: str, max_retries: int = 0):
    return paws_bridge.cognitoidentityprovider(config={
        "credentials": {"creds": {"access_key_id": "AKID", "secret_access_key": "SECRET"}},
        "endpoint": endpoint, "region": "us-east-1", "max_retries": max_retries})


def _call(svc, vector, args_key="call_args"):
    op = SPEC.operation(vector["op"])
    args = args_to_python(vector[args_key], op.input_shape)
    return getattr(svc, vector["op"])(**args)


@pytest.mark.parametrize("vector", OUTPUTS, ids=[v["id"] for v in OUTPUTS])
def test_output(canned, vector):
    op = SPEC.operation(vector["op"])
    rule = deviation(vector["id"])
    canned.queue([{"status": vector["status"], "body": vector["body"]}])
    svc = client(canned.endpoint)
    if rule is not None:
        kind = rule["expect"]["kind"]
        if kind == "error_before_request":  # the call_args are refused (see deviations.json)
            with pytest.raises((paws_bridge.ParamValidationError, TypeError)):
                _call(svc, vector)
            assert canned.log() == []
            return
        value = _call(svc, vector)
        if kind == "value_as":
            other = BY_ID[rule["expect"]["vector"].format(op=vector["op"])]
            assert compare(value, from_r(other["expected"], op.output_shape)
                           if op.output_shape else {}) == []
        else:
            assert kind == "value" and isinstance(value, dict)
        return
    if "expected_error" in vector:
        pytest.fail("paws failed on this body and no deviation rule covers it")
    value = _call(svc, vector)
    expected = from_r(vector["expected"], op.output_shape) if op.output_shape else {}
    if op.output_shape is None or not op.output_shape.members:
        expected = {}
    assert compare(value, expected) == []


@pytest.mark.parametrize("vector", INPUTS, ids=[v["id"] for v in INPUTS])
def test_input(canned, vector):
    op = SPEC.operation(vector["op"])
    rule = deviation(vector["id"])
    try:
        args = args_to_python(vector["args"], op.input_shape)
    except ROnly as why:
        pytest.skip(f"R-only argument form ({why}); checked by the R suite")
    if rule is not None and rule.get("r_only"):
        pytest.skip("an R-only refusal (character(0) for a required argument)")
    canned.queue([{"status": 200, "body": "{}"}])
    svc = client(canned.endpoint)
    expect_error = (rule["expect"]["kind"] == "error_before_request" if rule is not None
                    else vector.get("expected_requests") == 0)
    if expect_error:
        with pytest.raises((paws_bridge.ParamValidationError, TypeError)):
            getattr(svc, vector["op"])(**args)
        assert canned.log() == []
        return
    getattr(svc, vector["op"])(**args)
    log = canned.log()
    assert len(log) == 1
    sent = log[0]
    assert sent["target"] == f"AWSCognitoIdentityProviderService.{op.api_name}"
    assert sent["content_type"] == "application/x-amz-json-1.1"
    want = (rule["expect"]["body"] if rule is not None and rule["expect"]["kind"] == "body"
            else json.loads(vector["expected_body"]))
    assert json_equal(json.loads(sent["body"]), want), (sent["body"], want)


@pytest.mark.parametrize("vector", ERRORS, ids=[v["id"] for v in ERRORS])
def test_error(canned, vector):
    op = SPEC.operation(vector["op"])
    rule = deviation(vector["id"])
    expected = vector["expected"]
    svc = client(canned.endpoint, vector.get("max_retries") or 0)
    canned.queue([{"status": r["status"], "body": r["body"]} for r in vector["responses"]])
    args = args_to_python(vector["call_args"], op.input_shape)
    if vector["id"].startswith("error/call_"):
        # R-level call errors; Python's equivalents are TypeError / ParamValidationError
        with pytest.raises((TypeError, paws_bridge.ParamValidationError)) as info:
            getattr(svc, vector["op"])(**args)
        if "Bogus" in json.dumps(vector["call_args"]):
            assert "Bogus" in str(info.value)
        assert canned.log() == []
        return
    want = rule["expect"] if rule is not None else {
        "kind": "error" if expected["outcome"] == "error" else "value",
        "message": "".join(tj_values(expected.get("message"))),
        "status_code": (tj_values(expected.get("status_code")) or [None])[0],
        "requests": expected["requests"],
    }
    if want["kind"] == "value":
        value = getattr(svc, vector["op"])(**args)
        assert isinstance(value, dict)
        if "value" in expected:
            assert compare(value, from_r(expected["value"], op.output_shape)) == []
    else:
        with pytest.raises(paws_bridge.PawsError) as info:
            getattr(svc, vector["op"])(**args)
        err = info.value
        if "message" in want:
            assert err.message == want["message"]
        if "message_prefix" in want:
            assert err.message.startswith(want["message_prefix"])
        if want.get("status_code") is not None:
            assert err.status_code == want["status_code"]
        assert isinstance(err.error_response, dict)
        if err.code != "UnknownError":
            assert isinstance(err, getattr(paws_bridge.errors, "error_class")(err.code))
    if "requests" in want:
        assert len(canned.log()) == want["requests"]


def tj_values(t):
    return [] if t is None else list(t.get("values") or [])


def test_every_operation_is_a_method():
    svc = client("http://127.0.0.1:9")
    for name in SPEC.operation_names:
        assert callable(getattr(svc, name))
    assert len(svc.operations()) == len(SPEC.model.operation_names)


def test_signatures_match_paws_formals():
    meta = json.loads((__import__("conformance").CORPUS / "meta.json").read_text())
    svc = client("http://127.0.0.1:9")
    import inspect
    for entry in meta["operations"]:
        sig = inspect.signature(getattr(svc, entry["op"]))
        assert list(sig.parameters) == entry["formals"], entry["op"]
        required = [n for n, p in sig.parameters.items() if p.default is inspect.Parameter.empty]
        assert sorted(required) == sorted(entry["required"]), entry["op"]
