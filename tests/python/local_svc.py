"""Helpers shared by the frames/paginate/batch tests: a paws_bridge service on the local
endpoint, and a pool of users to work on."""

from __future__ import annotations

from typing import Any

import paws_bridge

CREDS = {"creds": {"access_key_id": "AKIAEXAMPLEEXAMPLE00", "secret_access_key": "secret"}}
PASSWORD = "Passw0rd!!"


def service(endpoint: str, **config: Any):
    """A cognitoidentityprovider service for the local endpoint (extra config merged in)."""
    return paws_bridge.cognitoidentityprovider(
        config={"credentials": CREDS, **config}, endpoint=endpoint, region="eu-west-1")


def pool_with_users(svc, n: int, *, secret: bool = False) -> tuple[str, str, str | None]:
    """A pool auto-verifying email, an app client, and n unconfirmed users u000...

    Returns (pool id, client id, client secret or None).
    """
    pool = svc.create_user_pool(PoolName="batch", AutoVerifiedAttributes=["email"])["UserPool"]
    client = svc.create_user_pool_client(UserPoolId=pool["Id"], ClientName="app",
                                         GenerateSecret=secret)["UserPoolClient"]
    signer = svc
    if secret:
        signer = service(svc.settings.endpoint, client_secret=client["ClientSecret"])
    for i in range(n):
        signer.sign_up(ClientId=client["ClientId"], Username=f"u{i:03d}", Password=PASSWORD,
                       UserAttributes=[{"Name": "email", "Value": f"u{i:03d}@example.com"}])
    return pool["Id"], client["ClientId"], client.get("ClientSecret")
