"""The local endpoint is as strict as Cognito about SECRET_HASH in auth flows and challenges."""

from __future__ import annotations

import pytest

pytest.importorskip("moto")

from botocore.exceptions import ClientError  # noqa: E402

from test_local_endpoint import PASSWORD, Pool, cognito, error_of, server  # noqa: E402,F401

FLOWS = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH",
         "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"]


def confirmed_user(cognito) -> Pool:
    pool = Pool(cognito)
    cognito.update_user_pool_client(UserPoolId=pool.pool_id, ClientId=pool.client_id,
                                    ExplicitAuthFlows=FLOWS)
    pool.sign_up()
    cognito.admin_confirm_sign_up(UserPoolId=pool.pool_id, Username="jane")
    return pool


def auth(cognito, pool, op, flow, params):
    extra = {"UserPoolId": pool.pool_id} if op == "admin_initiate_auth" else {}
    return getattr(cognito, op)(ClientId=pool.client_id, AuthFlow=flow,
                                AuthParameters=params, **extra)


@pytest.mark.parametrize("op,flow", [("initiate_auth", "USER_PASSWORD_AUTH"),
                                     ("admin_initiate_auth", "ADMIN_USER_PASSWORD_AUTH")])
def test_auth_flows_need_the_right_secret_hash(cognito, op, flow):
    pool = confirmed_user(cognito)
    base = {"USERNAME": "jane", "PASSWORD": PASSWORD}
    with pytest.raises(ClientError) as missing:
        auth(cognito, pool, op, flow, base)
    assert error_of(missing) == ("NotAuthorizedException", f"Client {pool.client_id} is "
                                 "configured for secret but secret was not received")
    with pytest.raises(ClientError) as wrong:
        auth(cognito, pool, op, flow, {**base, "SECRET_HASH": pool.hash("john")})
    assert error_of(wrong) == ("NotAuthorizedException",
                               f"Unable to verify secret hash for client {pool.client_id}")
    tokens = auth(cognito, pool, op, flow, {**base, "SECRET_HASH": pool.hash("jane")})
    refresh = tokens["AuthenticationResult"]["RefreshToken"]
    # the refresh flow: the hash is the token's user's
    with pytest.raises(ClientError) as no_hash:
        auth(cognito, pool, op, "REFRESH_TOKEN_AUTH", {"REFRESH_TOKEN": refresh})
    assert error_of(no_hash)[0] == "NotAuthorizedException"
    with pytest.raises(ClientError) as other:
        auth(cognito, pool, op, "REFRESH_TOKEN_AUTH",
             {"REFRESH_TOKEN": refresh, "SECRET_HASH": pool.hash("john")})
    assert error_of(other)[1] == f"Unable to verify secret hash for client {pool.client_id}"
    again = auth(cognito, pool, op, "REFRESH_TOKEN_AUTH",
                 {"REFRESH_TOKEN": refresh, "SECRET_HASH": pool.hash("jane")})
    assert again["AuthenticationResult"]["AccessToken"]


@pytest.mark.parametrize("op", ["respond_to_auth_challenge", "admin_respond_to_auth_challenge"])
def test_challenge_responses_need_the_secret_hash(cognito, op):
    pool = confirmed_user(cognito)
    extra = {"UserPoolId": pool.pool_id} if op.startswith("admin") else {}
    with pytest.raises(ClientError) as missing:
        getattr(cognito, op)(ClientId=pool.client_id, ChallengeName="NEW_PASSWORD_REQUIRED",
                             Session="s" * 20, ChallengeResponses={"USERNAME": "jane",
                                                              "NEW_PASSWORD": PASSWORD},
                             **extra)
    assert error_of(missing) == ("NotAuthorizedException", f"Client {pool.client_id} is "
                                 "configured for secret but secret was not received")
    with pytest.raises(ClientError) as wrong:
        getattr(cognito, op)(ClientId=pool.client_id, ChallengeName="NEW_PASSWORD_REQUIRED",
                             Session="s" * 20, ChallengeResponses={
                                 "USERNAME": "jane", "NEW_PASSWORD": PASSWORD,
                                 "SECRET_HASH": pool.hash("john")}, **extra)
    assert error_of(wrong)[1] == f"Unable to verify secret hash for client {pool.client_id}"


def test_clients_without_a_secret_need_no_hash(cognito):
    pool_id = cognito.create_user_pool(PoolName="p")["UserPool"]["Id"]
    client_id = cognito.create_user_pool_client(
        UserPoolId=pool_id, ClientName="public",
        ExplicitAuthFlows=FLOWS)["UserPoolClient"]["ClientId"]
    cognito.sign_up(ClientId=client_id, Username="jane", Password=PASSWORD)
    cognito.admin_confirm_sign_up(UserPoolId=pool_id, Username="jane")
    out = cognito.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
                                AuthParameters={"USERNAME": "jane", "PASSWORD": PASSWORD})
    assert out["AuthenticationResult"]["AccessToken"]
