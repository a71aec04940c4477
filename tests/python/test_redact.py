"""Secrets never shown: not in config errors, not in botocore's or urllib3's DEBUG logs."""

from __future__ import annotations

import logging

import pytest

import paws_bridge
from paws_bridge import redact
from paws_bridge.errors import ConfigError

pytest.importorskip("moto")

from local_svc import PASSWORD, service  # noqa: E402

SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
SESSION_TOKEN = "IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKENvalue0123456789abcdef"


@pytest.mark.parametrize("key,value", [
    ("client_secret", ("CLIENTSECRET123", "x")),
    ("client_secret", ["CLIENTSECRET123"] * 2),
    ("client_secret", {"a": "CLIENTSECRET123"}),
    ("client_secret", b"CLIENTSECRET123"),
    ("secret_access_key", ("CLIENTSECRET123", "x")),
    ("secret_access_key", b"CLIENTSECRET123"),
    ("session_token", {"t": "CLIENTSECRET123"}),
    ("session_token", ["CLIENTSECRET123", "x"]),
])
def test_config_errors_name_the_type_never_the_value(key, value):
    if key == "client_secret":
        config = {"client_secret": value}
    else:
        creds = {"access_key_id": "AKIAEXAMPLE", "secret_access_key": "s", key: value}
        config = {"credentials": {"creds": creds}}
    with pytest.raises(ConfigError) as err:
        paws_bridge.cognitoidentityprovider(config=config, region="us-east-1")
    text = str(err.value)
    assert key in text and type(value).__name__ in text
    assert "CLI" not in text and "SECRET" not in text


def test_redact_masks_headers_query_and_sensitive_members():
    redact.add_sensitive_members({"Password", "AuthParameters"})
    text = redact.redact(
        "headers={'X-Amz-Security-Token': b'TOKEN0123', 'Authorization': b'AWS4-HMAC-SHA256 "
        "Credential=AKIDX/20260101/us-east-1/cognito-idp/aws4_request, SignedHeaders=host, "
        "Signature=abcdef0123'} body=b'{\"Password\": \"pa\\\\\"ss\", \"AuthParameters\": "
        "{\"PASSWORD\": \"p1\", \"SECRET_HASH\": \"h\"}, \"AuthFlow\": \"USER_AUTH\"}' "
        "url=https://x/?X-Amz-Signature=feed&X-Amz-Credential=AKIDX%2F2026")
    for secret in ("TOKEN0123", "AKIDX", "abcdef0123", "pa\\\\\"ss", "p1", "feed"):
        assert secret not in text, (secret, text)
    assert '"AuthFlow": "USER_AUTH"' in text and "SignedHeaders=host" in text


@pytest.fixture
def debug_log(caplog):
    """Every record of botocore, urllib3 and boto3 at DEBUG, as text (formatted)."""
    caplog.set_level(logging.DEBUG)
    for name in ("botocore", "urllib3", "boto3"):
        logging.getLogger(name).setLevel(logging.DEBUG)
    yield caplog
    for name in ("botocore", "urllib3", "boto3"):
        logging.getLogger(name).setLevel(logging.WARNING)


def _logged(caplog) -> str:
    lines = []
    for rec in caplog.records:
        lines.append(rec.getMessage())
        if rec.exc_text:
            lines.append(rec.exc_text)
    return "\n".join(lines)


def test_debug_log_of_sign_up_auth_flow_and_session_token_shows_no_secret(
        local_endpoint, debug_log):
    admin = service(local_endpoint)
    pool = admin.create_user_pool(PoolName="p")["UserPool"]["Id"]
    client = admin.create_user_pool_client(
        UserPoolId=pool, ClientName="app", GenerateSecret=True,
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH",
                           "ALLOW_REFRESH_TOKEN_AUTH"])["UserPoolClient"]
    client_id, client_secret = client["ClientId"], client["ClientSecret"]
    app = service(local_endpoint, client_secret=client_secret)
    debug_log.clear()

    app.sign_up(ClientId=client_id, Username="jane", Password=PASSWORD,
                UserAttributes=[{"Name": "email", "Value": "jane@example.com"}])
    admin.admin_confirm_sign_up(UserPoolId=pool, Username="jane")
    auth = app.initiate_auth(AuthFlow="USER_PASSWORD_AUTH", ClientId=client_id,
                             AuthParameters={"USERNAME": "jane", "PASSWORD": PASSWORD})
    tokens = auth["AuthenticationResult"]
    assert tokens["AccessToken"] and tokens["RefreshToken"]
    app.get_user(AccessToken=tokens["AccessToken"])
    with_token = paws_bridge.cognitoidentityprovider(
        config={"credentials": {"creds": {"access_key_id": "ASIAEXAMPLESESSION01",
                                          "secret_access_key": SECRET_KEY,
                                          "session_token": SESSION_TOKEN}}},
        endpoint=local_endpoint, region="eu-west-1")
    with_token.admin_get_user(UserPoolId=pool, Username="jane")

    text = _logged(debug_log)
    # the log is really the DEBUG log of these calls (request and response bodies included)
    assert "x-amz-security-token" in text.lower() and "AdminGetUser" in text
    assert "Response body" in text and '"UserStatus": "CONFIRMED"' in text
    secret_hash = paws_bridge.secret_hash("jane", client_id, client_secret)
    for secret in (PASSWORD, client_secret, secret_hash, tokens["AccessToken"],
                   tokens["IdToken"], tokens["RefreshToken"], SECRET_KEY, SESSION_TOKEN):
        assert secret not in text, f"a secret is in the DEBUG log: {secret[:6]}..."
    assert "***" in text
    signatures = [r.getMessage() for r in debug_log.records if r.getMessage().startswith("Signature:")]
    assert signatures and all(s.split()[-1] == "***" for s in signatures)
