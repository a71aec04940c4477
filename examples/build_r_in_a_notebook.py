"""Build examples/r_in_a_notebook.ipynb (and run it with --execute).

    .venv/bin/python examples/build_r_in_a_notebook.py --execute

A Python notebook that hands paws_bridge results to R through rpy2's `%R` magic: R gets
exactly the value paws would have returned. It runs against the local Cognito endpoint, so it
needs no AWS account (R and rpy2 must be installed: `make setup`).
"""

from __future__ import annotations

from notebook_builder import HERE, main

NOTEBOOK = HERE / "r_in_a_notebook.ipynb"

CELLS = [
    ("md", """# paws_bridge results in R, from a Python notebook

**Needs:** R (Debian: `apt-get install r-base-core`) and `pip install "paws-bridge[notebooks]"`
(rpy2 for the `%R` magic, moto for the local endpoint, ipykernel). No AWS account.

Call Cognito from Python, then work on the result in R: after `%load_ext paws_bridge.r`,
`%R -i res` gives R the very value the R package paws returns for the same call (absent
strings as `character(0)`, times as `POSIXct` in GMT, numbers as doubles, lists of strings as
character vectors), and `%R -o` brings R values back as paws_bridge's Python values.

This runs against the local Cognito endpoint that ships with paws_bridge; against AWS, leave
out `endpoint=` and the local server."""),
    ("code", """import paws_bridge
from paws_bridge.local import LocalCognito

cognito = LocalCognito().start()
svc = paws_bridge.cognitoidentityprovider(
    config={"credentials": {"creds": {"access_key_id": "AKIAEXAMPLE", "secret_access_key": "x"}}},
    endpoint=cognito.endpoint, region="eu-west-1")

pool_id = svc.create_user_pool(PoolName="customers",
                               AutoVerifiedAttributes=["email"])["UserPool"]["Id"]
client_id = svc.create_user_pool_client(UserPoolId=pool_id,
                                        ClientName="web")["UserPoolClient"]["ClientId"]
for i in range(6):
    svc.sign_up(ClientId=client_id, Username=f"customer{i}", Password="Passw0rd!!",
                UserAttributes=[{"Name": "email", "Value": f"customer{i}@example.com"}])
for i in range(0, 6, 2):
    svc.admin_confirm_sign_up(UserPoolId=pool_id, Username=f"customer{i}")"""),
    ("md", """## A call in Python

`res` is an ordinary Python dict, shaped like paws's value: every member is there, and the
ones the service left out are `None` or `[]`."""),
    ("code", """res = svc.admin_get_user(UserPoolId=pool_id, Username="customer1")
res"""),
    ("md", """## The same value in R

`%load_ext paws_bridge.r` loads rpy2's `%R` magic with paws_bridge's converter; `-i res`
copies `res` into R. `str()` shows paws's types: `POSIXct` for the dates, `list()` for the
empty lists."""),
    ("code", """%load_ext paws_bridge.r"""),
    ("code", """%%R -i res
str(res)"""),
    ("md", """A member the service left out is `None` in Python and, as in paws, an empty vector of
its type in R: `sign_up` returns no `Session` here, so R gets `character(0)`."""),
    ("code", """signed = svc.sign_up(ClientId=client_id, Username="newcomer", Password="Passw0rd!!",
                     UserAttributes=[{"Name": "email", "Value": "newcomer@example.com"}])
signed["Session"] is None"""),
    ("code", """%%R -i signed
str(signed)
identical(signed$Session, character(0))"""),
    ("md", """## A small computation in R

All users of the pool, one row each (base R only), and a count by status."""),
    ("code", """users = svc.list_users(UserPoolId=pool_id)"""),
    ("code", """%%R -i users -o summary
attr_of <- function(u, name) {
  for (a in u$Attributes) if (identical(a$Name, name)) return(a$Value)
  NA_character_
}
frame <- data.frame(
  username = vapply(users$Users, function(u) u$Username, ""),
  email = vapply(users$Users, attr_of, "", "email"),
  status = vapply(users$Users, function(u) u$UserStatus, ""),
  created = .POSIXct(vapply(users$Users, function(u) as.numeric(u$UserCreateDate), 0),
                     tz = "GMT"))
print(frame)
summary <- as.list(table(frame$status))
summary"""),
    ("md", """## Back in Python

`-o summary` brought R's named list back as a dict. R values shaped like a Cognito structure
come back as paws_bridge's Python values, empties included: here R changes one user and
returns it."""),
    ("code", """summary"""),
    ("code", """%%R -i res -o edited
edited <- res
edited$UserStatus <- "CONFIRMED"
edited$UserAttributes <- list()"""),
    ("code", """edited"""),
    ("code", """assert edited == {**res, "UserStatus": "CONFIRMED", "UserAttributes": []}
cognito.stop()"""),
]


if __name__ == "__main__":
    raise SystemExit(main(CELLS, NOTEBOOK, __doc__.split("\n\n")[0]))
