"""The local Cognito endpoint (paws_bridge.local), driven with raw boto3 clients only."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import boto3
import pytest
from botocore import UNSIGNED
from botocore.config import Config
from botocore.exceptions import ClientError

pytest.importorskip("moto")

from paws_bridge.local import LocalCognito, serve  # noqa: E402
from paws_bridge.local.masking import mask_email, mask_phone  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "Passw0rd!!"
# No retries: a TooManyRequests or other error must reach the test, not be retried away.
# (botocore's "max_attempts" counts retries after the first try, so max_attempts=1 would
# still retry once; "total_max_attempts" counts the first try.)
NO_RETRY = Config(retries={"total_max_attempts": 1, "mode": "standard"})


def make_client(endpoint: str, signed: bool = True):
    """A plain boto3 cognito-idp client for ``endpoint`` (any credentials work)."""
    config = NO_RETRY if signed else NO_RETRY.merge(Config(signature_version=UNSIGNED))
    return boto3.client(
        "cognito-idp", endpoint_url=endpoint, region_name="eu-west-1",
        aws_access_key_id="AKIAEXAMPLEEXAMPLE00", aws_secret_access_key="secret", config=config,
    )


def secret_hash(client_id: str, client_secret: str, username: str) -> str:
    digest = hmac.new(client_secret.encode(), (username + client_id).encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def error_of(excinfo: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    err = excinfo.value.response["Error"]
    return err["Code"], err["Message"]


@pytest.fixture(scope="module")
def server():
    with LocalCognito() as srv:
        yield srv


@pytest.fixture
def cognito(server):
    server.latency_ms = 0
    server.rate_limit = None
    server.resend_limit = 5
    server.reset()
    return make_client(server.endpoint)


class Pool:
    """A pool + app client with a secret, and helpers to call it correctly."""

    def __init__(self, cognito, auto_verified=("email",), prevent_existence_errors=False):
        self.cognito = cognito
        self.pool_id = cognito.create_user_pool(
            PoolName="test", AutoVerifiedAttributes=list(auto_verified)
        )["UserPool"]["Id"]
        extra = {"PreventUserExistenceErrors": "ENABLED"} if prevent_existence_errors else {}
        client = cognito.create_user_pool_client(
            UserPoolId=self.pool_id, ClientName="app", GenerateSecret=True, **extra
        )["UserPoolClient"]
        self.client_id = client["ClientId"]
        self.client_secret = client["ClientSecret"]

    def hash(self, username: str) -> str:
        return secret_hash(self.client_id, self.client_secret, username)

    def sign_up(self, username="jane", email="jane.doe@example.com", **attrs):
        attributes = [{"Name": "email", "Value": email}] if email else []
        attributes += [{"Name": k, "Value": v} for k, v in attrs.items()]
        return self.cognito.sign_up(
            ClientId=self.client_id, Username=username, Password=PASSWORD,
            SecretHash=self.hash(username), UserAttributes=attributes,
        )

    def resend(self, username="jane"):
        return self.cognito.resend_confirmation_code(
            ClientId=self.client_id, Username=username, SecretHash=self.hash(username)
        )

    def confirm(self, code, username="jane"):
        return self.cognito.confirm_sign_up(
            ClientId=self.client_id, Username=username, ConfirmationCode=code,
            SecretHash=self.hash(username),
        )


# -- masking --------------------------------------------------------------------------


def test_masking_follows_cognito():
    assert mask_email("john@example.com") == "j***@e***.com"
    assert mask_email("jane.doe@mail.example.co.uk") == "j***@m***.uk"
    assert mask_phone("+15555551234") == "+*******1234"


# -- SignUp and SecretHash ------------------------------------------------------------


def test_sign_up_with_secret_hash_sends_a_code(server, cognito):
    pool = Pool(cognito)
    answer = pool.sign_up()
    assert answer["UserConfirmed"] is False
    assert answer["CodeDeliveryDetails"] == {
        "Destination": "j***@e***.com", "DeliveryMedium": "EMAIL", "AttributeName": "email",
    }
    code = server.last_code("jane")
    assert code is not None and len(code) == 6 and code.isdigit()
    [sent] = server.sent_codes(user_pool_id=pool.pool_id)
    assert (sent.purpose, sent.destination, sent.client_id) == ("SignUp", "jane.doe@example.com", pool.client_id)


@pytest.mark.parametrize("operation", ["sign_up", "confirm_sign_up", "forgot_password", "resend_confirmation_code"])
@pytest.mark.parametrize("given", ["wrong", "missing"])
def test_wrong_or_missing_secret_hash_is_not_authorized(cognito, operation, given):
    pool = Pool(cognito)
    pool.sign_up()
    params = {"ClientId": pool.client_id, "Username": "jane"}
    if given == "wrong":
        params["SecretHash"] = pool.hash("someone-else")
    params.update({
        "sign_up": {"Username": "john", "Password": PASSWORD},
        "confirm_sign_up": {"ConfirmationCode": "123456"},
    }.get(operation, {}))
    with pytest.raises(ClientError) as excinfo:
        getattr(cognito, operation)(**params)
    assert error_of(excinfo) == (
        "NotAuthorizedException", f"Unable to verify secret hash for client {pool.client_id}",
    )
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_client_without_secret_needs_no_hash_and_unsigned_requests_work(server, cognito):
    pool_id = cognito.create_user_pool(PoolName="p", AutoVerifiedAttributes=["email"])["UserPool"]["Id"]
    client_id = cognito.create_user_pool_client(UserPoolId=pool_id, ClientName="public")["UserPoolClient"]["ClientId"]
    unsigned = make_client(server.endpoint, signed=False)
    unsigned.sign_up(ClientId=client_id, Username="bob", Password=PASSWORD,
                     UserAttributes=[{"Name": "email", "Value": "bob@example.org"}])
    answer = unsigned.resend_confirmation_code(ClientId=client_id, Username="bob")
    assert answer["CodeDeliveryDetails"]["Destination"] == "b***@e***.org"
    unsigned.confirm_sign_up(ClientId=client_id, Username="bob", ConfirmationCode=server.last_code("bob"))
    assert cognito.admin_get_user(UserPoolId=pool_id, Username="bob")["UserStatus"] == "CONFIRMED"


# -- ResendConfirmationCode and ConfirmSignUp -----------------------------------------


def test_resend_read_back_and_confirm(server, cognito):
    pool = Pool(cognito)
    pool.sign_up()
    first = server.last_code("jane")
    answer = pool.resend()
    assert answer["CodeDeliveryDetails"] == {
        "Destination": "j***@e***.com", "DeliveryMedium": "EMAIL", "AttributeName": "email",
    }
    latest = server.last_code("jane", client_id=pool.client_id)
    assert [s.purpose for s in server.sent_codes(username="jane")] == ["SignUp", "ResendConfirmationCode"]

    # Another process reads the same codes over HTTP.
    query = urllib.parse.urlencode({"username": "jane", "user_pool_id": pool.pool_id})
    with urllib.request.urlopen(f"{server.endpoint}/_paws_bridge/codes?{query}") as reply:
        body = json.load(reply)
    assert body["last"] == latest
    assert [c["code"] for c in body["codes"]] == [first, latest]
    assert body["codes"][-1]["destination"] == "jane.doe@example.com"

    if first != latest:  # only the latest code is valid
        with pytest.raises(ClientError) as excinfo:
            pool.confirm(first)
        assert error_of(excinfo)[0] == "CodeMismatchException"
    with pytest.raises(ClientError) as excinfo:
        pool.confirm("not-a-code")
    assert error_of(excinfo) == ("CodeMismatchException", "Invalid verification code provided, please try again.")

    pool.confirm(latest)
    assert cognito.admin_get_user(UserPoolId=pool.pool_id, Username="jane")["UserStatus"] == "CONFIRMED"

    with pytest.raises(ClientError) as excinfo:
        pool.resend()
    assert error_of(excinfo) == ("InvalidParameterException", "User is already confirmed.")


def test_resend_for_unknown_client_is_resource_not_found(cognito):
    with pytest.raises(ClientError) as excinfo:
        cognito.resend_confirmation_code(ClientId="1234567890abcdefghijklmnop", Username="jane")
    code, message = error_of(excinfo)
    assert code == "ResourceNotFoundException"
    assert "1234567890abcdefghijklmnop" in message


def test_resend_for_unknown_user(cognito):
    pool = Pool(cognito)
    with pytest.raises(ClientError) as excinfo:
        pool.resend("nobody")
    assert error_of(excinfo) == ("UserNotFoundException", "Username/client id combination not found.")
    with pytest.raises(ClientError) as excinfo:
        cognito.forgot_password(ClientId=pool.client_id, Username="nobody", SecretHash=pool.hash("nobody"))
    assert error_of(excinfo)[0] == "UserNotFoundException"


def test_resend_for_unknown_user_with_prevent_user_existence_errors(server, cognito):
    pool = Pool(cognito, prevent_existence_errors=True)
    details = pool.resend("nobody@example.com")["CodeDeliveryDetails"]
    assert details == {"Destination": "n***@e***.com", "DeliveryMedium": "EMAIL", "AttributeName": "email"}
    assert server.sent_codes(username="nobody@example.com") == []


def test_resend_limit(server, cognito):
    server.resend_limit = 3
    pool = Pool(cognito)
    pool.sign_up()
    for _ in range(3):
        pool.resend()
    with pytest.raises(ClientError) as excinfo:
        pool.resend()
    assert error_of(excinfo) == ("LimitExceededException", "Attempt limit exceeded, please try after some time.")
    # The limit is per user.
    pool.sign_up("john", "john@example.com")
    pool.resend("john")


def test_phone_verification_goes_by_sms(server, cognito):
    pool = Pool(cognito, auto_verified=("phone_number",))
    answer = pool.sign_up(email=None, phone_number="+15555551234")
    expected = {"Destination": "+*******1234", "DeliveryMedium": "SMS", "AttributeName": "phone_number"}
    assert answer["CodeDeliveryDetails"] == expected
    assert pool.resend()["CodeDeliveryDetails"] == expected
    assert server.sent_codes(username="jane")[-1].delivery_medium == "SMS"


def test_forgot_password_code_is_required(server, cognito):
    pool = Pool(cognito)
    pool.sign_up()
    pool.confirm(server.last_code("jane"))
    answer = cognito.forgot_password(ClientId=pool.client_id, Username="jane", SecretHash=pool.hash("jane"))
    assert answer["CodeDeliveryDetails"]["Destination"] == "j***@e***.com"
    code = server.last_code("jane", purpose="ForgotPassword")
    assert code is not None and len(code) == 6
    with pytest.raises(ClientError) as excinfo:
        cognito.confirm_forgot_password(ClientId=pool.client_id, Username="jane", SecretHash=pool.hash("jane"),
                                        ConfirmationCode="bad", Password="N3wPassw0rd!!")
    assert error_of(excinfo)[0] == "CodeMismatchException"
    cognito.confirm_forgot_password(ClientId=pool.client_id, Username="jane", SecretHash=pool.hash("jane"),
                                    ConfirmationCode=code, Password="N3wPassw0rd!!")
    auth = cognito.initiate_auth(
        ClientId=pool.client_id, AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "jane", "PASSWORD": "N3wPassw0rd!!", "SECRET_HASH": pool.hash("jane")},
    )
    assert auth["AuthenticationResult"]["AccessToken"]


# -- HTTP behaviour: quotas, latency, isolation, lifecycle -----------------------------


def test_rate_limit_gives_too_many_requests():
    with serve(rate_limit=5) as srv:
        client = make_client(srv.endpoint)
        outcomes = []
        for _ in range(15):
            try:
                client.list_user_pools(MaxResults=1)
                outcomes.append("ok")
            except ClientError as err:
                outcomes.append(err.response["Error"]["Code"])
                assert err.response["Error"]["Message"] == "Too many requests"
                assert err.response["ResponseMetadata"]["HTTPStatusCode"] == 400
        assert outcomes[:5] == ["ok"] * 5
        assert "TooManyRequestsException" in outcomes
        time.sleep(0.5)  # tokens come back at 5 per second
        client.list_user_pools(MaxResults=1)


def test_latency_does_not_serialise_concurrent_requests():
    latency, n = 200, 8
    with serve(latency_ms=latency) as srv:
        clients = [make_client(srv.endpoint) for _ in range(n)]
        started = time.monotonic()
        with ThreadPoolExecutor(n) as pool:
            list(pool.map(lambda c: c.list_user_pools(MaxResults=1), clients))
        elapsed = time.monotonic() - started
    assert latency / 1000 <= elapsed < n * latency / 1000 / 2, elapsed


@pytest.mark.parametrize("keep_alive", [False, True])
def test_concurrent_sign_ups_all_succeed(keep_alive):
    # moto is not thread-safe: 16 threads signing up, reading their codes back (in process and
    # over HTTP) and confirming, on two servers of one process, must all get their answer
    n, workers = 200, 16
    switch = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)  # switch threads often, so that a race shows
    try:
        with serve(keep_alive=keep_alive, resend_limit=None) as srv, serve() as other:
            client, other_client = make_client(srv.endpoint), make_client(other.endpoint)
            pool_id = client.create_user_pool(
                PoolName="race", AutoVerifiedAttributes=["email"])["UserPool"]["Id"]
            client_id = client.create_user_pool_client(
                UserPoolId=pool_id, ClientName="app")["UserPoolClient"]["ClientId"]

            def one(i: int) -> str:
                name = f"racer{i:03d}"
                try:
                    client.sign_up(ClientId=client_id, Username=name, Password=PASSWORD,
                                   UserAttributes=[{"Name": "email", "Value": f"{name}@e.com"}])
                    url = f"{srv.endpoint}/_paws_bridge/codes?username={name}"
                    with urllib.request.urlopen(url, timeout=30) as answer:
                        code = json.load(answer)["last"]
                    assert code == srv.last_code(name)
                    client.confirm_sign_up(ClientId=client_id, Username=name,
                                           ConfirmationCode=code)
                    if i % 10 == 0:  # another server's account, in the same moto
                        other_client.list_user_pools(MaxResults=5)
                    return "ok"
                except Exception as exc:  # noqa: BLE001 - every failure is reported below
                    return f"{name}: {type(exc).__name__}: {exc}"

            with ThreadPoolExecutor(workers) as pool:
                outcomes = list(pool.map(one, range(n)))
            failures = [o for o in outcomes if o != "ok"]
            assert failures == []
            users = client.list_users(UserPoolId=pool_id, Limit=60)
            assert len(srv.sent_codes(purpose="SignUp")) == n
    finally:
        sys.setswitchinterval(switch)
    assert {u["UserStatus"] for u in users["Users"]} == {"CONFIRMED"}


def test_servers_have_separate_state():
    with serve() as a, serve() as b:
        ca, cb = make_client(a.endpoint), make_client(b.endpoint)
        pool_id = ca.create_user_pool(PoolName="only-on-a")["UserPool"]["Id"]
        client_id = ca.create_user_pool_client(UserPoolId=pool_id, ClientName="c")["UserPoolClient"]["ClientId"]
        assert [p["Id"] for p in ca.list_user_pools(MaxResults=10)["UserPools"]] == [pool_id]
        assert cb.list_user_pools(MaxResults=10)["UserPools"] == []
        with pytest.raises(ClientError) as excinfo:
            cb.sign_up(ClientId=client_id, Username="x", Password=PASSWORD)
        assert error_of(excinfo)[0] == "ResourceNotFoundException"
        a.reset()
        assert ca.list_user_pools(MaxResults=10)["UserPools"] == []


def test_start_is_fast_and_stop_frees_the_port():
    started = time.monotonic()
    srv = LocalCognito().start()
    assert time.monotonic() - started < 0.5
    port = srv.port
    assert srv.endpoint == f"http://127.0.0.1:{port}"
    make_client(srv.endpoint).list_user_pools(MaxResults=1)
    srv.stop()
    with socket.socket() as sock:  # the port can be bound again at once
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))
    with pytest.raises(RuntimeError):
        srv.endpoint  # noqa: B018


def test_keep_alive_serves_many_requests_on_one_connection():
    import http.client
    with serve(keep_alive=True, resend_limit=None) as srv:
        conn = http.client.HTTPConnection(srv.host, srv.port, timeout=5)
        target = {"X-Amz-Target": "AWSCognitoIdentityProviderService.ListUserPools",
                  "Content-Type": "application/x-amz-json-1.1"}
        for _ in range(3):  # the same socket each time: a closed one would raise here
            conn.request("POST", "/", body=b'{"MaxResults": 5}', headers=target)
            reply = conn.getresponse()
            assert reply.status == 200 and reply.getheader("Connection") is None
            assert json.loads(reply.read()) == {"UserPools": []}
        conn.request("GET", "/_paws_bridge/health")
        assert json.loads(conn.getresponse().read())["status"] == "ok"
        conn.close()
        # boto3 through a kept connection: errors, codes and the control API as usual
        pool = Pool(make_client(srv.endpoint))
        pool.sign_up()
        assert srv.last_code("jane") is not None
    assert not srv.running


def test_http_reset_and_health(server, cognito):
    Pool(cognito).sign_up()
    with urllib.request.urlopen(f"{server.endpoint}/_paws_bridge/health") as reply:
        assert json.load(reply)["status"] == "ok"
    request = urllib.request.Request(f"{server.endpoint}/_paws_bridge/reset", method="POST")
    with urllib.request.urlopen(request) as reply:
        assert json.load(reply) == {"reset": True}
    assert server.sent_codes() == []
    assert cognito.list_user_pools(MaxResults=10)["UserPools"] == []


# -- console entry and pytest plugin --------------------------------------------------


def child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "LD_LIBRARY_PATH"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return env


def test_cli_prints_the_endpoint_first_and_stops_on_sigterm():
    proc = subprocess.Popen(
        [sys.executable, "-m", "paws_bridge.local", "--latency-ms", "1", "--resend-limit", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=child_env(), cwd=REPO,
    )
    try:
        first = proc.stdout.readline().strip()
        assert first.startswith("http://127.0.0.1:"), first
        assert make_client(first).list_user_pools(MaxResults=1)["UserPools"] == []
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_cli_main_rejects_bad_rate_limit(capsys):
    from paws_bridge.local.cli import main

    assert main(["--rate-limit", "0"]) == 2
    assert "--rate-limit" in capsys.readouterr().err


def test_pytest_plugin_fixtures(tmp_path):
    (tmp_path / "test_uses_plugin.py").write_text(textwrap.dedent("""
        import boto3

        def client(url):
            return boto3.client("cognito-idp", endpoint_url=url, region_name="us-east-1",
                                aws_access_key_id="a", aws_secret_access_key="b")

        def test_first(local_endpoint, local_cognito):
            assert local_endpoint == local_cognito.endpoint
            client(local_endpoint).create_user_pool(PoolName="p")
            local_cognito.latency_ms = 5

        def test_second_starts_clean(local_endpoint, local_cognito):
            assert client(local_endpoint).list_user_pools(MaxResults=10)["UserPools"] == []
            assert local_cognito.latency_ms == 0
    """))
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         # load by module name whether or not the entry point is installed
         "-p", "no:paws_bridge_local", "-p", "paws_bridge.local.pytest_plugin", str(tmp_path)],
        capture_output=True, text=True, env=child_env(), cwd=tmp_path, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout
