"""Unit tests of the core's pieces: config, inputs, outputs, errors, secrets, R text forms."""

from __future__ import annotations

import datetime as dt
import inspect
import pickle

import pytest

import paws_bridge
from paws_bridge import config as cfg
from paws_bridge import inputs, outputs
from paws_bridge.errors import PawsError, error_class, service_error
from paws_bridge.model import load_service
from paws_bridge.rtext import format_double, format_scalar

SPEC = load_service("cognitoidentityprovider")


def svc(**config):
    return paws_bridge.cognitoidentityprovider(config={"region": "us-east-1", **config})


# --- signatures and help -------------------------------------------------------------------

def test_resend_signature_is_paws_order():
    sig = inspect.signature(svc().resend_confirmation_code)
    assert [(p.name, p.default) for p in sig.parameters.values()] == [
        ("ClientId", inspect.Parameter.empty), ("SecretHash", None),
        ("UserContextData", None), ("Username", inspect.Parameter.empty),
        ("AnalyticsMetadata", None), ("ClientMetadata", None)]


def test_positional_calls_bind_in_paws_order():
    method = type(svc()).__dict__["resend_confirmation_code"]
    assert method.bind(("cid", None, None, "jane"), {}) == {
        "ClientId": "cid", "SecretHash": None, "UserContextData": None, "Username": "jane"}


def test_missing_and_unknown_arguments_are_type_errors():
    s = svc()
    with pytest.raises(TypeError, match="'Username'"):
        s.resend_confirmation_code(ClientId="x")
    with pytest.raises(TypeError, match="Bogus"):
        s.resend_confirmation_code(ClientId="x", Username="u", Bogus=1)


def test_help_reads_like_paws():
    doc = svc().resend_confirmation_code.__doc__
    assert doc.startswith("Resends the code")
    assert "[required]" in doc and "Username" in doc and "Request syntax" in doc


def test_every_model_operation_and_no_more():
    assert svc().operations() == [o for o in SPEC.operation_names]
    assert len(SPEC.operation_names) == len(SPEC.model.operation_names) == 153


# --- config --------------------------------------------------------------------------------

def test_unknown_config_keys_fail_as_paws():
    with pytest.raises(paws_bridge.ConfigError, match="^invalid name: bogus$"):
        svc(bogus=1)
    with pytest.raises(paws_bridge.ConfigError, match="invalid name: nope"):
        svc(credentials={"nope": 1})


def test_config_arguments_merge_and_aliases():
    s = cfg.resolve("cognito-idp", cfg.merge_config(
        {"timeout": 5, "max_retries": 1.0, "region": "eu-west-1"},
        credentials={"creds": {"access_key_id": "A", "secret_access_key": "S"}},
        region="us-west-2", endpoint="http://127.0.0.1:1"))
    assert (s.region, s.endpoint, s.timeout, s.connect_timeout, s.max_retries) == (
        "us-west-2", "http://127.0.0.1:1", 5.0, 60.0, 1)
    assert "'S'" not in repr(s) and "secret_access_key=<secret>" in repr(s)
    s = cfg.resolve("cognito-idp", {"connect_timeout": 2})
    assert (s.timeout, s.connect_timeout) == (60.0, 2.0)


def test_bad_config_values_name_the_key():
    with pytest.raises(paws_bridge.ConfigError, match="max_retries"):
        svc(max_retries=-1)
    with pytest.raises(paws_bridge.ConfigError, match="secret_access_key"):
        svc(credentials={"creds": {"access_key_id": "A"}})


def test_second_service_reuses_the_client():
    a, b = svc(max_retries=2), svc(max_retries=2)
    assert a._client is b._client
    assert svc(max_retries=1)._client is not a._client


def test_service_pickles_by_settings():
    s = svc(client_secret="very-secret")
    clone = pickle.loads(pickle.dumps(s))
    assert clone.settings == s.settings and "very-secret" not in repr(clone)


# --- inputs --------------------------------------------------------------------------------

def test_inputs_drop_empties_and_order_members():
    shape = SPEC.operation("resend_confirmation_code").input_shape
    out = inputs.prepare("op", shape, {
        "Username": "u", "ClientId": "", "SecretHash": None, "AnalyticsMetadata": {},
        "ClientMetadata": {"b": "2", "a": "1", "é": "3", "B": "0", "z": None},
        "UserContextData": {"EncodedData": "e", "IpAddress": None}})
    assert out == {"ClientId": "", "UserContextData": {"EncodedData": "e"}, "Username": "u",
                   "ClientMetadata": {"B": "0", "a": "1", "b": "2", "é": "3"}}
    assert list(out) == ["ClientId", "UserContextData", "Username", "ClientMetadata"]
    assert list(out["ClientMetadata"]) == ["B", "a", "b", "é"]


def test_scalar_for_list_and_integral_floats():
    shape = SPEC.operation("admin_delete_user_attributes").input_shape
    assert inputs.prepare("op", shape, {"UserPoolId": "p", "Username": "u",
                                        "UserAttributeNames": "email"})[
        "UserAttributeNames"] == ["email"]
    shape = SPEC.operation("list_users").input_shape
    assert inputs.prepare("op", shape, {"UserPoolId": "p", "Limit": 10.0})["Limit"] == 10


def test_every_problem_reported_at_once_with_its_path():
    shape = SPEC.operation("resend_confirmation_code").input_shape
    with pytest.raises(paws_bridge.ParamValidationError) as info:
        inputs.prepare("resend_confirmation_code", shape, {
            "ClientId": 1, "Username": "u", "ClientMetadata": {"a": 1},
            "UserContextData": {"Bogus": "x"}})
    problems = info.value.problems
    assert "ClientId: expected str, got int" in problems
    assert 'ClientMetadata["a"]: expected str, got int' in problems
    assert any(p.startswith("UserContextData: invalid name: Bogus") for p in problems)
    assert len(problems) == 3 and isinstance(info.value, ValueError)


def test_bad_input_fails_before_any_request():
    s = paws_bridge.cognitoidentityprovider(endpoint="http://127.0.0.1:9", region="us-east-1")
    with pytest.raises(paws_bridge.ParamValidationError):  # port 9: a request would fail
        s.resend_confirmation_code(ClientId="c", Username=["a", "b"])


# --- outputs -------------------------------------------------------------------------------

def test_outputs_fill_every_member_with_empties():
    shape = SPEC.operation("admin_get_user").output_shape
    value = outputs.empty_output(shape)
    assert list(value) == list(shape.members)
    assert value["Username"] is None and value["UserAttributes"] == []
    assert value["Enabled"] is None and value["UserCreateDate"] is None


def test_outputs_coerce_as_r_does():
    shape = SPEC.operation("admin_get_user").output_shape
    raw = (b'{"Username": 42, "Enabled": "true", "UserCreateDate": "1700000000.5", '
           b'"UserAttributes": [{"Name": "a", "Value": true}], "Unknown": 1}')
    value = outputs.build_output(shape, {"__paws_bridge_raw_body__": raw})
    assert value["Username"] == "42" and value["Enabled"] is True
    assert value["UserCreateDate"] == dt.datetime(2023, 11, 14, 22, 13, 20, 500000,
                                                  tzinfo=dt.timezone.utc)
    assert value["UserCreateDate"].epoch == 1700000000.5
    assert value["UserAttributes"] == [{"Name": "a", "Value": "TRUE"}]
    assert "Unknown" not in value


def test_first_duplicate_key_wins_and_null_body_is_empty():
    shape = SPEC.operation("get_group").output_shape
    value = outputs.build_output(shape, {"__paws_bridge_raw_body__":
                                         b'{"Group": {"GroupName": "a", "GroupName": "b"}}'})
    assert value["Group"]["GroupName"] == "a"
    for body in (b"null", b"[]", b"  ", b""):
        assert outputs.build_output(shape, {"__paws_bridge_raw_body__": body}) == \
            outputs.empty_output(shape)


def test_non_json_success_body_is_a_classed_error():
    shape = SPEC.operation("get_group").output_shape
    with pytest.raises(PawsError, match="not JSON"):
        outputs.build_output(shape, {"__paws_bridge_raw_body__": b"<html>"})


# --- errors --------------------------------------------------------------------------------

def test_error_message_code_and_classes():
    err = service_error(400, b'{"__type": "com.amazon#UserNotFoundException", '
                             b'"message": "User does not exist."}')
    assert err.message == "UserNotFoundException (HTTP 400). User does not exist."
    assert isinstance(err, svc().exceptions.UserNotFoundException)
    assert err.error_response["message"] == "User does not exist."
    assert pickle.loads(pickle.dumps(err)).message == err.message


def test_unreadable_error_bodies_keep_the_status():
    for body in (b"", b"{}", b"<html>oops</html>"):
        err = service_error(503, body)
        assert isinstance(err, PawsError) and err.status_code == 503
        assert err.message.startswith("UnknownError (HTTP 503). ")


def test_error_classes_are_shared_and_catchable():
    assert error_class("LimitExceededException") is svc().exceptions.LimitExceededException
    assert issubclass(error_class("Whatever"), paws_bridge.PawsBridgeError)


# --- secrets and R text --------------------------------------------------------------------

def test_secret_hash_known_value():
    # base64(HMAC-SHA256(key="secret", msg="jane" + "client")), computed with `openssl dgst -sha256 -hmac`
    assert paws_bridge.secret_hash("jane", "client", "secret") == \
        "MRPITOHaaXF3U2mXQ8u/9mU3u+IhlYGP0cF9VpZjE5M="


def test_client_secret_fills_secret_hash_and_auth_parameters():
    from paws_bridge.secrets import Secret, fill_secret_hash
    params = {"ClientId": "client", "Username": "jane"}
    fill_secret_hash(params, ("ClientId", "SecretHash", "Username"), Secret("secret"))
    assert params["SecretHash"] == paws_bridge.secret_hash("jane", "client", "secret")
    auth = {"ClientId": "client", "AuthParameters": {"USERNAME": "jane", "PASSWORD": "p"}}
    fill_secret_hash(auth, ("AuthFlow", "AuthParameters", "ClientId"), Secret("secret"))
    assert auth["AuthParameters"]["SECRET_HASH"] == params["SecretHash"]


@pytest.mark.parametrize("value, text", [
    (1e5, "1e+05"), (123456.0, "123456"), (0.1, "0.1"), (1 / 3, "0.333333333333333"),
    (1e-4, "1e-04"), (123456789012345678.0, "123456789012345680"), (1e15, "1e+15"),
    (-2.5, "-2.5"), (100.0, "100")])
def test_r_double_text(value, text):
    assert format_double(value) == text


def test_r_scalar_text():
    assert [format_scalar(x) for x in (True, 42, 2**40, 1.5)] == [
        "TRUE", "42", "1099511627776", "1.5"]


# --- the boto3 face of errors; what the repr says ------------------------------------------

def test_paws_error_is_a_botocore_client_error_with_its_response(monkeypatch):
    import pickle

    import botocore.exceptions
    from paws_bridge.errors import from_botocore

    body = b'{"__type": "com.amazon#UserNotFoundException", "message": "User does not exist."}'
    exc = botocore.exceptions.ClientError(
        {"Error": {"Code": "UserNotFoundException", "Message": "User does not exist."},
         "ResponseMetadata": {"HTTPStatusCode": 400, "RequestId": "r1"},
         "__paws_bridge_raw_body__": body}, "AdminGetUser")
    err = from_botocore(exc)
    assert isinstance(err, botocore.exceptions.ClientError)
    assert isinstance(err, paws_bridge.PawsError)
    assert str(err) == "UserNotFoundException (HTTP 400). User does not exist."
    assert err.operation_name == "AdminGetUser"
    assert err.response["Error"] == {"Code": "UserNotFoundException",
                                     "Message": "User does not exist."}
    assert err.response["ResponseMetadata"]["RequestId"] == "r1"
    assert "__paws_bridge_raw_body__" not in err.response
    again = pickle.loads(pickle.dumps(err))
    assert type(again).__name__ == "UserNotFoundException"
    assert again.response == err.response and again.operation_name == "AdminGetUser"


def test_paws_error_built_from_a_body_has_a_botocore_response():
    import botocore.exceptions
    err = service_error(400, b'{"__type": "x#NotAuthorizedException", "message": "no"}')
    try:
        raise err
    except botocore.exceptions.ClientError as e:
        assert e.response["Error"] == {"Code": "NotAuthorizedException", "Message": "no"}
        assert e.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_repr_shows_the_endpoint_and_region_in_effect(monkeypatch):
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("AWS_REGION", "eu-west-3")
    svc = paws_bridge.cognitoidentityprovider(
        credentials={"creds": {"access_key_id": "a", "secret_access_key": "b"}})
    text = repr(svc)
    assert "region=eu-west-3" in text and "endpoint=http://127.0.0.1:9" in text
    monkeypatch.delenv("AWS_ENDPOINT_URL")
    svc = paws_bridge.cognitoidentityprovider(region="ap-south-1")
    assert "endpoint=https://cognito-idp.ap-south-1.amazonaws.com" in repr(svc)
