"""Cognito's SecretHash, and the `client_secret` config extension that fills it in.

SecretHash = base64(HMAC-SHA256(key = client secret, message = username + client id)).
paws has no helper for it. With `config = list(client_secret = "...")` (our extension; paws
would refuse the key) the bridge fills every SecretHash the caller left out: the `SecretHash`
argument of operations that have one, and `SECRET_HASH` in `AuthParameters` /
`ChallengeResponses`. The secret never appears in a repr, a log line or an error message.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Any

from . import redact


class Secret:
    """A string that does not show itself: repr and str print `<secret>`."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value
        redact.remember(value)  # masked in botocore's and urllib3's logs from now on

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "<secret>"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and hmac.compare_digest(self._value, other._value)

    def __hash__(self) -> int:
        return hash(("Secret", self._value))

    def __reduce__(self):
        return (Secret, (self._value,))


def secret_hash(username: str, client_id: str, client_secret: str | Secret) -> str:
    """Cognito's SecretHash for `username` and an app client with a secret."""
    key = client_secret.reveal() if isinstance(client_secret, Secret) else client_secret
    digest = hmac.new(key.encode("utf-8"), (username + client_id).encode("utf-8"),
                      hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


_MAP_MEMBERS = ("AuthParameters", "ChallengeResponses")


def fill_secret_hash(params: dict[str, Any], members: tuple[str, ...] | Any,
                     client_secret: Secret) -> None:
    """Fill SecretHash / SECRET_HASH in `params` (in place) where the caller left it out.

    `members` are the operation's input members: only operations that have the members
    Cognito uses (`ClientId` with `SecretHash`+`Username`, or with `AuthParameters` /
    `ChallengeResponses`) are touched.
    """
    client_id = params.get("ClientId")
    if not isinstance(client_id, str) or not client_id:
        return
    if "SecretHash" in members and params.get("SecretHash") in (None, ""):
        username = params.get("Username")
        if isinstance(username, str) and username:
            params["SecretHash"] = secret_hash(username, client_id, client_secret)
    for name in _MAP_MEMBERS:
        if name not in members:
            continue
        mapping = params.get(name)
        if not isinstance(mapping, dict) or mapping.get("SECRET_HASH"):
            continue
        username = mapping.get("USERNAME") or params.get("Username")
        if isinstance(username, str) and username:
            params[name] = {**mapping, "SECRET_HASH": secret_hash(username, client_id,
                                                                  client_secret)}
