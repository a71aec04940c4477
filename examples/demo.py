"""The main job, from Python, against the embedded local Cognito endpoint:
create a pool and an app client with a secret, sign a user up, resend the confirmation code,
confirm with the code read back, and print the paws-shaped results.

    make demo            (or: .venv/bin/python examples/demo.py)

Set PAWS_BRIDGE_ENDPOINT to use an endpoint that is already running; otherwise one is started
in this process.
"""

from __future__ import annotations

import contextlib
import os
import pprint

import paws_bridge
from paws_bridge.local import serve


def main(endpoint: str, read_code) -> None:
    admin = paws_bridge.cognitoidentityprovider(config={
        "endpoint": endpoint, "region": "us-east-1",
        "credentials": {"creds": {"access_key_id": "local", "secret_access_key": "local"}}})
    pool = admin.create_user_pool(PoolName="demo", AutoVerifiedAttributes=["email"])
    pool_id = pool["UserPool"]["Id"]
    client = admin.create_user_pool_client(UserPoolId=pool_id, ClientName="demo-app",
                                           GenerateSecret=True)["UserPoolClient"]
    client_id, client_secret = client["ClientId"], client["ClientSecret"]
    print(f"pool {pool_id}, app client {client_id} (with a secret)\n")

    # The app's view: no AWS credentials needed; client_secret fills every SecretHash.
    app = paws_bridge.cognitoidentityprovider(config={
        "endpoint": endpoint, "region": "us-east-1", "client_secret": client_secret})

    print("sign_up ->")
    pprint.pprint(app.sign_up(ClientId=client_id, Username="jane", Password="Passw0rd!x",
                              UserAttributes=[{"Name": "email", "Value": "jane@example.com"}]),
                  sort_dicts=False)
    print("\nresend_confirmation_code ->")
    res = app.resend_confirmation_code(ClientId=client_id, Username="jane")
    pprint.pprint(res, sort_dicts=False)
    code = read_code("jane")
    print(f"\nthe code 'sent' to {res['CodeDeliveryDetails']['Destination']}: {code}")
    print("\nconfirm_sign_up ->")
    pprint.pprint(app.confirm_sign_up(ClientId=client_id, Username="jane",
                                      ConfirmationCode=code), sort_dicts=False)
    try:
        app.resend_confirmation_code(ClientId=client_id, Username="jane")
    except paws_bridge.PawsError as err:
        print(f"\nresending again fails as AWS does:\n  {type(err).__name__}: {err.message}")
    user = admin.admin_get_user(UserPoolId=pool_id, Username="jane")
    print(f"\nadmin_get_user -> UserStatus = {user['UserStatus']!r}, "
          f"created {user['UserCreateDate']:%Y-%m-%d %H:%M:%S} UTC")


def _http_code_reader(endpoint: str):
    import json
    import urllib.request

    def read(username: str) -> str:
        with urllib.request.urlopen(f"{endpoint}/_paws_bridge/codes?username={username}") as r:
            return json.loads(r.read())["last"]
    return read


if __name__ == "__main__":
    given = os.environ.get("PAWS_BRIDGE_ENDPOINT")
    with (contextlib.nullcontext(None) if given else serve()) as server:
        url = given or server.endpoint
        print(f"local Cognito endpoint: {url}\n")
        main(url, _http_code_reader(url) if given else server.last_code)
