"""The first operation users care about, end to end through the core against the local
endpoint: resend -> confirm with and without a client secret, and every documented
ResendConfirmationCode error as the right PawsError subclass."""

from __future__ import annotations

import datetime as dt

import pytest

import paws_bridge

CREDS = {"creds": {"access_key_id": "local", "secret_access_key": "local"}}


def admin(endpoint):
    return paws_bridge.cognitoidentityprovider(credentials=CREDS, endpoint=endpoint,
                                               region="us-east-1")


def app(endpoint, **config):
    # no credentials at all: the model marks these operations as unauthenticated
    return paws_bridge.cognitoidentityprovider(config={"endpoint": endpoint,
                                                       "region": "us-east-1", **config})


def make_pool(endpoint, *, secret: bool, prevent_existence_errors: bool = False):
    svc = admin(endpoint)
    pool_id = svc.create_user_pool(PoolName="flow", AutoVerifiedAttributes=["email"])[
        "UserPool"]["Id"]
    client = svc.create_user_pool_client(
        UserPoolId=pool_id, ClientName="app", GenerateSecret=secret,
        PreventUserExistenceErrors="ENABLED" if prevent_existence_errors else None,
    )["UserPoolClient"]
    return pool_id, client["ClientId"], client["ClientSecret"]


def sign_up(svc, client_id, username="jane", **kw):
    return svc.sign_up(ClientId=client_id, Username=username, Password="Passw0rd!x",
                       UserAttributes=[{"Name": "email", "Value": f"{username}@example.com"}],
                       **kw)


def test_resend_then_confirm_without_a_secret(local_endpoint, local_cognito):
    pool_id, client_id, _ = make_pool(local_endpoint, secret=False)
    svc = app(local_endpoint)
    sign_up(svc, client_id)
    res = svc.resend_confirmation_code(ClientId=client_id, Username="jane")
    assert res == {"CodeDeliveryDetails": {"Destination": "j***@e***.com",
                                           "DeliveryMedium": "EMAIL",
                                           "AttributeName": "email"}}
    assert list(res["CodeDeliveryDetails"]) == ["Destination", "DeliveryMedium",
                                                "AttributeName"]  # shape order
    code = local_cognito.last_code("jane")
    assert svc.confirm_sign_up(ClientId=client_id, Username="jane",
                               ConfirmationCode=code) == {"Session": None}
    user = admin(local_endpoint).admin_get_user(UserPoolId=pool_id, Username="jane")
    assert user["UserStatus"] == "CONFIRMED"
    assert isinstance(user["UserCreateDate"], dt.datetime)
    assert user["UserCreateDate"].tzinfo is not None
    assert user["MFAOptions"] == [] and user["UserMFASettingList"] == []


def test_resend_then_confirm_with_client_secret(local_endpoint, local_cognito):
    _, client_id, secret = make_pool(local_endpoint, secret=True)
    svc = app(local_endpoint, client_secret=secret)
    sign_up(svc, client_id)  # SecretHash filled by the client_secret extension
    svc.resend_confirmation_code(ClientId=client_id, Username="jane")
    code = local_cognito.last_code("jane")
    svc.confirm_sign_up(ClientId=client_id, Username="jane", ConfirmationCode=code)
    assert secret not in repr(svc) and secret not in repr(svc.settings)


def test_explicit_secret_hash_is_kept(local_endpoint, local_cognito):
    _, client_id, secret = make_pool(local_endpoint, secret=True)
    plain = app(local_endpoint)
    h = paws_bridge.secret_hash("jane", client_id, secret)
    sign_up(plain, client_id, SecretHash=h)
    assert plain.resend_confirmation_code(ClientId=client_id, Username="jane",
                                          SecretHash=h)["CodeDeliveryDetails"]["Destination"]


def test_documented_errors_are_their_classes(local_endpoint, local_cognito):
    _, client_id, secret = make_pool(local_endpoint, secret=True)
    plain = app(local_endpoint)
    svc = app(local_endpoint, client_secret=secret)
    errors = svc.exceptions

    with pytest.raises(errors.ResourceNotFoundException) as info:
        svc.resend_confirmation_code(ClientId="no-such-client", Username="jane")
    assert info.value.status_code == 400
    assert info.value.message.startswith("ResourceNotFoundException (HTTP 400). ")

    with pytest.raises(errors.NotAuthorizedException) as info:  # SecretHash missing
        plain.resend_confirmation_code(ClientId=client_id, Username="jane")
    assert "secret hash" in info.value.message
    assert secret not in info.value.message and secret not in str(info.value.error_response)

    with pytest.raises(errors.NotAuthorizedException):  # SecretHash wrong
        plain.resend_confirmation_code(ClientId=client_id, Username="jane", SecretHash="x")

    with pytest.raises(errors.UserNotFoundException) as info:
        svc.resend_confirmation_code(ClientId=client_id, Username="nobody")
    assert isinstance(info.value, paws_bridge.PawsError)
    assert info.value.code == "UserNotFoundException"
    assert info.value.error_response["__type"].endswith("UserNotFoundException")

    sign_up(svc, client_id)
    svc.confirm_sign_up(ClientId=client_id, Username="jane",
                        ConfirmationCode=local_cognito.last_code("jane"))
    with pytest.raises(errors.InvalidParameterException) as info:
        svc.resend_confirmation_code(ClientId=client_id, Username="jane")
    assert info.value.message == ("InvalidParameterException (HTTP 400). "
                                  "User is already confirmed.")


def test_limit_exceeded_after_the_resend_limit(local_endpoint, local_cognito):
    _, client_id, _ = make_pool(local_endpoint, secret=False)
    local_cognito.resend_limit = 2
    svc = app(local_endpoint, max_retries=0)
    sign_up(svc, client_id)
    svc.resend_confirmation_code(ClientId=client_id, Username="jane")
    svc.resend_confirmation_code(ClientId=client_id, Username="jane")
    with pytest.raises(svc.exceptions.LimitExceededException) as info:
        svc.resend_confirmation_code(ClientId=client_id, Username="jane")
    assert info.value.message.endswith("Attempt limit exceeded, please try after some time.")


def test_prevent_user_existence_errors_simulates_delivery(local_endpoint):
    _, client_id, _ = make_pool(local_endpoint, secret=False, prevent_existence_errors=True)
    res = app(local_endpoint).resend_confirmation_code(ClientId=client_id, Username="ghost")
    assert res["CodeDeliveryDetails"]["DeliveryMedium"] in ("EMAIL", "SMS")


def test_throttling_is_retried_by_the_core(local_endpoint, local_cognito):
    _, client_id, _ = make_pool(local_endpoint, secret=False)
    svc = app(local_endpoint, max_retries=5)
    sign_up(svc, client_id)
    local_cognito.resend_limit = None
    local_cognito.rate_limit = 2
    for _ in range(4):  # beyond 2/s: TooManyRequests answers, retried with back-off
        svc.resend_confirmation_code(ClientId=client_id, Username="jane")
    none_left = app(local_endpoint, max_retries=0)
    with pytest.raises(none_left.exceptions.TooManyRequestsException):
        for _ in range(10):
            none_left.resend_confirmation_code(ClientId=client_id, Username="jane")
