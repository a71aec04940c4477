"""One validation before any request: every value that cannot mean what the caller meant is
refused, naming its path in Python syntax; nothing is sent."""

from __future__ import annotations

import math

import pytest

import paws_bridge
from paws_bridge import inputs
from paws_bridge.model import load_service

SPEC = load_service("cognitoidentityprovider")


def problems(op: str, **params) -> list[str]:
    with pytest.raises(paws_bridge.ParamValidationError) as info:
        inputs.prepare(op, SPEC.operation(op).input_shape, params)
    return info.value.problems


@pytest.mark.parametrize("value,text", [
    (float("nan"), "Limit: expected a number, got nan"),
    (float("inf"), "Limit: expected a number, got inf"),
    (2.5, "Limit: expected a whole number, got 2.5"),
    (True, "Limit: expected int, got bool"),
    (10**20, "Limit: 100000000000000000000 is out of range (the model allows 0 to 60)"),
    (61, "Limit: 61 is out of range (the model allows 0 to 60)"),
    (-1, "Limit: -1 is out of range"),
    ("10", "Limit: expected int, got str"),
    ([[1]], "Limit: expected int, got list"),
])
def test_bad_integers(value, text):
    found = problems("list_users", UserPoolId="p", Limit=value)
    assert any(p.startswith(text) for p in found), found


def test_integral_floats_are_integers():
    out = inputs.prepare("list_users", SPEC.operation("list_users").input_shape,
                         {"UserPoolId": "p", "Limit": 10.0})
    assert out["Limit"] == 10 and type(out["Limit"]) is int


@pytest.mark.parametrize("value,text", [
    (float("nan"), "Username: expected str, got float"),
    ("\ud800", "Username: string is not valid Unicode: a lone surrogate (U+D800) at position 0"),
    (["a", ["b"]], "Username: expected str, got list"),
    ({"a": 1}, "Username: expected str, got dict"),
    (object(), "Username: expected str, got object"),
    (b"x", "Username: expected str, got bytes"),
])
def test_bad_strings(value, text):
    found = problems("resend_confirmation_code", ClientId="c", Username=value)
    assert any(p.startswith(text) for p in found), found


def test_paths_are_python_syntax_and_all_problems_are_listed():
    found = problems(
        "admin_update_user_attributes", UserPoolId="p", Username="u",
        UserAttributes=[{"Name": "email", "Value": 1}, {"Name": None, "Value": "x"},
                        {"Nom": "y"}],
        ClientMetadata={"k\ud800": "v", "a b": math.inf})
    assert 'UserAttributes[0]["Value"]: expected str, got int' in found
    assert any(p.startswith('UserAttributes[1]["Name"]: required member given as None')
               for p in found)
    assert any(p.startswith("UserAttributes[2]: invalid name: Nom") for p in found)
    assert any(p.startswith("ClientMetadata: key is not valid Unicode") for p in found)
    assert 'ClientMetadata["a b"]: expected str, got float' in found


def test_r_syntax_for_r_callers():
    with pytest.raises(paws_bridge.ParamValidationError) as info:
        inputs.prepare("admin_update_user_attributes",
                       SPEC.operation("admin_update_user_attributes").input_shape,
                       {"UserPoolId": "p", "Username": "u",
                        "UserAttributes": [{"Name": "email", "Value": 1}],
                        "ClientMetadata": {"a b": 1}}, syntax="r")
    assert "UserAttributes[[1]]$Value: expected str, got int" in info.value.problems
    assert "ClientMetadata$`a b`: expected str, got int" in info.value.problems


def test_a_string_for_a_list_of_structures_names_the_argument():
    found = problems("admin_update_user_attributes", UserPoolId="p", Username="u",
                     UserAttributes="x")
    assert found == ["UserAttributes[0]: expected a dict (named list) for structure "
                     "AttributeType, got str"]


@pytest.mark.parametrize("empty", [[None], [{}], [None, {"Name": None}]])
def test_required_members_holding_nothing_are_refused(empty):
    found = problems("admin_update_user_attributes", UserPoolId="p", Username="u",
                     UserAttributes=empty)
    assert found and "UserAttributes" in found[0], found


def test_an_explicitly_empty_required_list_is_left_out_as_paws_does():
    op = SPEC.operation("admin_update_user_attributes")
    assert inputs.prepare(op.name, op.input_shape, {"UserPoolId": "p", "Username": "u",
                                                    "UserAttributes": []}) == {
        "UserPoolId": "p", "Username": "u"}


def test_booleans_and_doubles():
    assert problems("admin_set_user_mfa_preference", UserPoolId="p", Username="u",
                    SMSMfaSettings={"Enabled": 1}) == [
        'SMSMfaSettings["Enabled"]: expected bool, got int']


def test_documents_must_be_json():
    op = SPEC.operation("create_managed_login_branding")
    with pytest.raises(paws_bridge.ParamValidationError) as info:
        inputs.prepare(op.name, op.input_shape, {"UserPoolId": "p", "ClientId": "c",
                                                 "Settings": {"a": [1, float("nan")],
                                                              "b": object()}})
    assert any(p.startswith('Settings["a"][1]: expected a number, got nan')
               for p in info.value.problems)
    assert any(p.startswith('Settings["b"]: a document holds') for p in info.value.problems)


def test_nothing_is_sent_for_a_refused_call():
    # port 9 (discard): a request would fail with a connection error, not a validation error
    svc = paws_bridge.cognitoidentityprovider(config={
        "endpoint": "http://127.0.0.1:9", "region": "us-east-1", "max_retries": 0,
        "credentials": {"anonymous": True}})
    with pytest.raises(paws_bridge.ParamValidationError, match="Limit"):
        svc.list_users(UserPoolId="p", Limit=float("nan"))
