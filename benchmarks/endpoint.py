"""The benchmark endpoint: a local Cognito (paws_bridge.local) seeded with what the benchmarks call.

Seeds a pool that auto-verifies e-mail with an app client without a secret and one unconfirmed
user to resend codes to (no resend limit), and a second pool with exactly 60 users of 10
attributes each (one list_users page). Prints one JSON line -- {"endpoint", "pool_id", "client_id", "username",
"keep_alive"} -- then serves until SIGTERM/SIGINT.

    python benchmarks/endpoint.py [--close]      # --close: one connection per request

`start()` runs it as a child process for a benchmark script (the server must not share the
benchmark's interpreter: its threads would compete for the GIL with the calls being timed).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

KEY, SECRET, REGION = "AKIAEXAMPLEEXAMPLE00", "secret", "us-east-1"
N_USERS = 60


def seed(endpoint: str) -> dict[str, str]:
    import boto3
    idp = boto3.client("cognito-idp", endpoint_url=endpoint, region_name=REGION,
                       aws_access_key_id=KEY, aws_secret_access_key=SECRET)
    resend = idp.create_user_pool(PoolName="resend", AutoVerifiedAttributes=["email"])
    client = idp.create_user_pool_client(UserPoolId=resend["UserPool"]["Id"], ClientName="app")
    client_id = client["UserPoolClient"]["ClientId"]
    idp.sign_up(ClientId=client_id, Username="resend-me", Password="Passw0rd!!",
                UserAttributes=[{"Name": "email", "Value": "resend.me@example.com"}])
    pool = idp.create_user_pool(PoolName="users")["UserPool"]
    for i in range(N_USERS):
        # nine given attributes + the `sub` Cognito adds = 10 per user
        attrs = {"email": f"user{i:02d}@example.com", "email_verified": "true",
                 "name": f"User Number {i}", "given_name": "User", "family_name": f"N{i}",
                 "phone_number": f"+1555{i:07d}", "phone_number_verified": "false",
                 "locale": "en-GB", "zoneinfo": "Europe/London"}
        idp.admin_create_user(UserPoolId=pool["Id"], Username=f"user{i:02d}",
                              UserAttributes=[{"Name": k, "Value": v} for k, v in attrs.items()],
                              MessageAction="SUPPRESS")
    return {"pool_id": pool["Id"], "client_id": client_id, "username": "resend-me"}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--close", action="store_true",
                    help="close the connection after each response (the endpoint's default)")
    args = ap.parse_args(argv)
    from paws_bridge.local import LocalCognito
    server = LocalCognito(resend_limit=None, keep_alive=not args.close).start()
    info = {"endpoint": server.endpoint, "keep_alive": not args.close, **seed(server.endpoint)}
    print(json.dumps(info), flush=True)
    done = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: done.set())
    done.wait()
    server.stop()
    return 0


class Endpoint:
    """A running endpoint.py child: `.info` (the seeded ids), `.stop()`."""

    def __init__(self, close: bool = False) -> None:
        env = {k: v for k, v in os.environ.items() if k != "LD_LIBRARY_PATH"}
        cmd = [sys.executable, str(Path(__file__)), *(["--close"] if close else [])]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, env=env)
        line = self.proc.stdout.readline()
        if not line:
            self.proc.wait(10)
            raise RuntimeError(f"benchmark endpoint exited with {self.proc.returncode}")
        self.info = json.loads(line)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()

    def __enter__(self) -> "Endpoint":
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


if __name__ == "__main__":
    sys.exit(main())
