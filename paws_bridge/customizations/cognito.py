"""Cognito user pools: the `client_secret` config extension fills SecretHash.

paws has no helper for it. With `config = list(client_secret = "...")` the service fills every
SecretHash the caller left out (see secrets.fill_secret_hash): the `SecretHash` argument and
`SECRET_HASH` in `AuthParameters` / `ChallengeResponses`.
"""

from __future__ import annotations

from typing import Any

from ..secrets import fill_secret_hash
from . import Customization, register


@register
class Cognito(Customization):
    service = "cognito-idp"

    def prepare(self, service: Any, operation: Any, params: dict) -> dict:
        secret = service.settings.client_secret
        if secret is None:
            return params
        params = dict(params)
        fill_secret_hash(params, operation.arguments, secret)
        return params
