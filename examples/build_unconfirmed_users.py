"""Build examples/unconfirmed_users.ipynb (and run it with --execute).

    .venv/bin/python examples/build_unconfirmed_users.py --execute

The notebook runs against the local Cognito endpoint, so it needs no AWS account.
"""

from __future__ import annotations

from notebook_builder import HERE, main

NOTEBOOK = HERE / "unconfirmed_users.ipynb"

CELLS = [
    ("md", """# Resend confirmation codes to every unconfirmed user

List a pool's users into a data frame, pick the unconfirmed ones, and resend all of them a
code in one batch call, which retries throttling, records every other error per row and
never loses a row.

This runs against the local Cognito endpoint that ships with paws_bridge (`paws_bridge.local`),
with 20 ms latency per request and a quota of 50 requests per second, like a small real
pool. Against AWS, leave out `endpoint=` and the local server."""),
    ("code", """import matplotlib.pyplot as plt
import pandas as pd

import paws_bridge
from paws_bridge.local import LocalCognito

cognito = LocalCognito(latency_ms=20).start()
svc = paws_bridge.cognitoidentityprovider(
    config={"credentials": {"creds": {"access_key_id": "AKIAEXAMPLE", "secret_access_key": "x"}}},
    endpoint=cognito.endpoint, region="eu-west-1")
svc"""),
    ("md", """## A pool with a few hundred users

300 people sign up; codes go by SMS to those with a phone number and by email to the rest.
Two thirds confirm."""),
    ("code", """pool_id = svc.create_user_pool(
    PoolName="customers", AutoVerifiedAttributes=["email", "phone_number"])["UserPool"]["Id"]
client_id = svc.create_user_pool_client(
    UserPoolId=pool_id, ClientName="web")["UserPoolClient"]["ClientId"]

signups = pd.DataFrame({"Username": [f"customer{i:03d}" for i in range(300)]})
signups["Password"] = "Passw0rd!!"
signups["UserAttributes"] = [
    [{"Name": "email", "Value": f"customer{i:03d}@example.com"}]
    + ([{"Name": "phone_number", "Value": f"+1555{i:07d}"}] if i % 4 == 0 else [])
    for i in range(300)]
signed_up = paws_bridge.batch_call(svc.sign_up, signups, ClientId=client_id)
confirmed = paws_bridge.batch_call(svc.admin_confirm_sign_up,
                              signups.loc[signups.index % 3 != 0, ["Username"]],
                              UserPoolId=pool_id)
signed_up.status.value_counts().to_dict(), confirmed.status.value_counts().to_dict()"""),
    ("md", """## Every user as a row

`svc.paginate()` yields pages lazily; `to_frame()` turns them into one table, typed by the
service model, with each user attribute as its own column."""),
    ("code", """users = paws_bridge.to_frame(svc.paginate("list_users", UserPoolId=pool_id, PageSize=60))
print(users.dtypes)
users.head()"""),
    ("code", """unconfirmed = users.loc[users.UserStatus == "UNCONFIRMED", ["Username", "email", "phone_number"]]
len(users), len(unconfirmed)"""),
    ("md", """Meanwhile a colleague deletes three of them, and the pool's quota tightens to 50
requests per second: the batch below meets both."""),
    ("code", """for name in unconfirmed.Username.iloc[:3]:
    svc.admin_delete_user(UserPoolId=pool_id, Username=name)
cognito.rate_limit = 50"""),
    ("md", """## Resend them all

Columns named like the operation's arguments are sent (`Username`); the other columns ride
along into the result. `ClientId` is the same for every row."""),
    ("code", """result = paws_bridge.batch_call(svc.resend_confirmation_code, unconfirmed,
                           ClientId=client_id, max_workers=8)
result.head()"""),
    ("code", """print(result.attrs["stats"])
result.groupby(["status", "error_code"], dropna=False).size()"""),
    ("code", """result[result.status != "ok"][["Username", "status", "error_code", "error_message"]]"""),
    ("code", """fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9, 3.2))
result.status.value_counts().plot.bar(ax=ax1, title="rows by status", rot=0)
(result["CodeDeliveryDetails.DeliveryMedium"].fillna("(none)")
    .value_counts().plot.bar(ax=ax2, title="codes by delivery medium", rot=0))
fig.tight_layout()
plt.show()"""),
    ("md", """Every unconfirmed user has a row: a code was sent (`ok`), or the reason it was not is
in `error_code`. Rows that failed can be retried with
`paws_bridge.batch_call(svc.resend_confirmation_code, result[result.status != "ok"][["Username"]], ...)`."""),
    ("code", """cognito.stop()"""),
]


if __name__ == "__main__":
    raise SystemExit(main(CELLS, NOTEBOOK, __doc__.split("\n\n")[0]))
