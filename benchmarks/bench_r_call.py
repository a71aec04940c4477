"""Per-call time against a local static server: boto3 and paws_bridge (Python). Prints us/call.

    env -u LD_LIBRARY_PATH .venv/bin/python benchmarks/bench_r_call.py URL OP N
"""
import sys, time
import boto3, paws_bridge

url, op, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
args = {"resend_confirmation_code": dict(ClientId="c", Username="u"),
        "list_users": dict(UserPoolId="p")}[op]
cfg = dict(region_name="us-east-1", aws_access_key_id="A", aws_secret_access_key="S")
client = boto3.client("cognito-idp", endpoint_url=url, **cfg)
svc = paws_bridge.cognitoidentityprovider(config={"credentials": {"creds": {
    "access_key_id": "A", "secret_access_key": "S"}}, "endpoint": url, "region": "us-east-1"})
api = {"resend_confirmation_code": "resend_confirmation_code", "list_users": "list_users"}[op]
for label, fn in [("boto3", lambda: getattr(client, api)(**args)),
                  ("paws_bridge (Python)", lambda: getattr(svc, op)(**args))]:
    for _ in range(50):
        fn()
    best = []
    for _ in range(3):
        t = time.perf_counter()
        for _ in range(n):
            fn()
        best.append((time.perf_counter() - t) / n * 1e6)
    print(f"{label:22s} {op}: {min(best):8.1f} us/call")
