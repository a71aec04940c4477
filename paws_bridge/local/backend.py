"""moto's Cognito backend, extended with what a test double of AWS needs and moto 5.2.1 lacks.

``LocalCognitoResponse`` subclasses moto's ``CognitoIdpResponse`` (the JSON 1.1 front of
``cognitoidp_backends``). Every operation moto implements is served by moto itself; this
module adds ResendConfirmationCode, real 6-digit confirmation codes (SignUp, resend,
ForgotPassword) that ConfirmSignUp / ConfirmForgotPassword require, SecretHash checks
(SignUp, confirmations, forgot-password, and SECRET_HASH in every auth flow and challenge),
Cognito-style masked ``CodeDeliveryDetails``, and an account per server instance.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from moto.cognitoidp.exceptions import (
    CodeMismatchException,
    InvalidParameterException,
    NotAuthorizedError,
    ResourceNotFoundError,
    UserNotFoundError,
)
from moto.cognitoidp.models import (
    CognitoIdpUser,
    CognitoIdpUserPool,
    CognitoIdpUserPoolClient,
    UserStatus,
    cognitoidp_backends,
)
from moto.cognitoidp.responses import CognitoIdpResponse
from moto.core.exceptions import JsonRESTError
from moto.core.responses import ActionResult

from .codes import CodeBook, SentCode, new_code
from .masking import mask_email, mask_phone, simulated_destination

#: moto's backends are process-global and not thread-safe; the server dispatches every
#: request under this lock (latency is slept outside it, so waits never serialise).
MOTO_LOCK = threading.RLock()

# moto's ForgotPassword returns its code in this header, prefixed.
_MOTO_FORGOT_HEADER = "x-moto-forgot-password-confirmation-code"
_MOTO_FORGOT_PREFIX = "moto-confirmation-code:"

_MISMATCH = "Invalid verification code provided, please try again."


class LimitExceededException(JsonRESTError):
    """Cognito's answer once a user has asked for too many codes."""

    def __init__(self) -> None:
        super().__init__(
            "LimitExceededException", "Attempt limit exceeded, please try after some time."
        )


@dataclass
class LocalState:
    """What belongs to one server instance: its moto account and its code book."""

    account_id: str
    codes: CodeBook = field(default_factory=CodeBook)

    def reset(self) -> None:
        """Drop every pool, user and code of this instance's account."""
        with MOTO_LOCK:
            if self.account_id in cognitoidp_backends:
                cognitoidp_backends[self.account_id].reset()
        self.codes.clear()


def expected_secret_hash(client_secret: str, client_id: str, username: str) -> str:
    """SecretHash = base64(HMAC-SHA256(key=client secret, msg=username + client id))."""
    digest = hmac.new(
        client_secret.encode("utf-8"), (username + client_id).encode("utf-8"), hashlib.sha256
    ).digest()
    return base64.b64encode(digest).decode("ascii")


class LocalCognitoResponse(CognitoIdpResponse):
    """moto's Cognito responder bound to one :class:`LocalState`."""

    def __init__(self, state: LocalState) -> None:
        super().__init__()
        self.state = state

    # -- moto hooks -------------------------------------------------------------------

    def get_current_account(self) -> str:
        # Any credentials (or none) map to this server's own account: that is what keeps
        # two servers in one process apart.
        return self.state.account_id

    def call_action(self) -> Any:
        try:
            self._reject_foreign_client()
        except JsonRESTError as err:
            status, headers, body = self._transform_response(
                self.response_headers,
                (err.description, {**dict(err.get_headers()), "status": err.code}),
            )
            return status, *self._enrich_response(headers, body)
        return super().call_action()

    # -- helpers ----------------------------------------------------------------------

    def _body(self) -> dict[str, Any]:
        try:
            body = json.loads(self.body or "{}")
        except ValueError:
            return {}
        return body if isinstance(body, dict) else {}

    def _find_client(
        self, client_id: str | None
    ) -> tuple[CognitoIdpUserPool, CognitoIdpUserPoolClient] | None:
        """The pool and client for ``client_id`` in this server's account (any region)."""
        if not client_id or self.state.account_id not in cognitoidp_backends:
            return None
        for backend in list(cognitoidp_backends[self.state.account_id].values()):
            for pool in getattr(backend, "user_pools", {}).values():
                client = pool.clients.get(client_id)
                if client is not None:
                    return pool, client
        return None

    def _reject_foreign_client(self) -> None:
        # moto resolves client-scoped (unsigned) calls by searching every account, so a
        # client id created on another server in this process would otherwise work here.
        body = self._body()
        client_id = body.get("ClientId")
        if client_id and "UserPoolId" not in body and self._find_client(client_id) is None:
            raise ResourceNotFoundError(f"User pool client {client_id} does not exist.")

    def _client(self) -> tuple[CognitoIdpUserPool, CognitoIdpUserPoolClient]:
        client_id = self._get_param("ClientId")
        found = self._find_client(client_id)
        if found is None:
            raise ResourceNotFoundError(f"User pool client {client_id} does not exist.")
        return found

    def _check_secret_hash(self, client: CognitoIdpUserPoolClient, username: str) -> None:
        if not client.generate_secret:
            return
        given = self._get_param("SecretHash")
        expected = expected_secret_hash(client.secret, client.id, username or "")
        if not given or not hmac.compare_digest(str(given), expected):
            raise NotAuthorizedError(f"Unable to verify secret hash for client {client.id}")

    def _check_map_secret_hash(self, client: CognitoIdpUserPoolClient, member: str) -> None:
        """SECRET_HASH inside AuthParameters / ChallengeResponses, as Cognito checks it.

        Missing: "Client <id> is configured for secret but secret was not received"; wrong:
        "Unable to verify secret hash for client <id>". The user is USERNAME; in the refresh
        token flows (no USERNAME) it is the user the refresh token was issued to.
        """
        if not client.generate_secret:
            return
        params = self._get_param(member) or {}
        given = params.get("SECRET_HASH") if isinstance(params, dict) else None
        if not given:
            raise NotAuthorizedError(
                f"Client {client.id} is configured for secret but secret was not received")
        username = params.get("USERNAME")
        if not username and params.get("REFRESH_TOKEN"):
            username = self._refresh_token_user(params["REFRESH_TOKEN"])
        if username is None:
            return  # a refresh token this server never issued: moto answers for it
        expected = expected_secret_hash(client.secret, client.id, str(username))
        if not hmac.compare_digest(str(given), expected):
            raise NotAuthorizedError(f"Unable to verify secret hash for client {client.id}")

    def _refresh_token_user(self, token: str) -> str | None:
        for backend in list(cognitoidp_backends[self.state.account_id].values()):
            for pool in getattr(backend, "user_pools", {}).values():
                entry = pool.refresh_tokens.get(token)
                if entry:
                    return entry[1]
        return None

    @staticmethod
    def _prevents_user_existence_errors(client: CognitoIdpUserPoolClient) -> bool:
        return client.extended_config.get("PreventUserExistenceErrors") == "ENABLED"

    @staticmethod
    def _verification_target(
        pool: CognitoIdpUserPool, user: CognitoIdpUser | None
    ) -> tuple[str, str] | None:
        """(attribute name, raw value) a verification code goes to, per AutoVerifiedAttributes.

        When both are auto-verified Cognito texts the code, so phone_number wins.
        """
        auto = pool.extended_config.get("AutoVerifiedAttributes") or []
        attrs = user.attribute_lookup if user is not None else {}
        for name in ("phone_number", "email"):
            if name in auto and attrs.get(name):
                return name, attrs[name]
        return None

    @staticmethod
    def _delivery(attribute: str, value: str) -> dict[str, str]:
        if attribute == "phone_number":
            return {"Destination": mask_phone(value), "DeliveryMedium": "SMS", "AttributeName": attribute}
        return {"Destination": mask_email(value), "DeliveryMedium": "EMAIL", "AttributeName": attribute}

    def _send(
        self,
        purpose: str,
        pool: CognitoIdpUserPool,
        client: CognitoIdpUserPoolClient,
        username: str,
        user: CognitoIdpUser,
        target: tuple[str, str] | None,
        code: str | None = None,
    ) -> SentCode:
        attribute, value = target if target else (None, None)
        sent = SentCode(
            code=code or new_code(),
            purpose=purpose,
            user_pool_id=pool.id,
            client_id=client.id,
            username=username,
            canonical_username=user.username,
            destination=value,
            delivery_medium=(None if attribute is None else "SMS" if attribute == "phone_number" else "EMAIL"),
            attribute_name=attribute,
            sent_at=time.time(),
        )
        self.state.codes.record(sent)
        return sent

    def _existing_user(self, pool: CognitoIdpUserPool, username: str) -> CognitoIdpUser:
        user = pool._get_user(username) if username else None
        if user is None:
            raise UserNotFoundError("User does not exist.")
        return user

    # -- operations moto has, made stricter -------------------------------------------

    def sign_up(self) -> ActionResult:
        """SignUp with SecretHash check, a real code and AutoVerifiedAttributes delivery."""
        pool, client = self._client()
        username = self._get_param("Username")
        self._check_secret_hash(client, username)
        result = super().sign_up()
        payload: dict[str, Any] = result.result  # type: ignore[assignment]
        user = pool._get_user(username)
        target = self._verification_target(pool, user)
        self._send("SignUp", pool, client, username, user, target)
        if target is not None and not payload.get("UserConfirmed"):
            payload["CodeDeliveryDetails"] = self._delivery(*target)
        else:
            payload.pop("CodeDeliveryDetails", None)
        return result

    def confirm_sign_up(self) -> ActionResult:
        """ConfirmSignUp requiring the latest code sent by SignUp/ResendConfirmationCode."""
        pool, client = self._client()
        username = self._get_param("Username")
        self._check_secret_hash(client, username)
        user = self._existing_user(pool, username)
        if user.status == UserStatus.CONFIRMED:
            raise NotAuthorizedError("User cannot be confirmed. Current status is CONFIRMED")
        code = self._get_param("ConfirmationCode") or ""
        if not self.state.codes.check(pool.id, user.username, "signup", code):
            raise CodeMismatchException(_MISMATCH)
        result = super().confirm_sign_up()
        self.state.codes.consume(pool.id, user.username, "signup")
        return result

    def forgot_password(self) -> ActionResult:
        """ForgotPassword with SecretHash check, UserNotFound, and a readable code."""
        pool, client = self._client()
        username = self._get_param("Username")
        self._check_secret_hash(client, username)
        user = pool._get_user(username) if username else None
        if user is None and not self._prevents_user_existence_errors(client):
            raise UserNotFoundError("Username/client id combination not found.")
        result = super().forgot_password()
        payload: dict[str, Any] = result.result  # type: ignore[assignment]
        moto_code = self.response_headers.pop(_MOTO_FORGOT_HEADER, None)
        if user is not None and moto_code:
            details = payload.get("CodeDeliveryDetails") or {}
            attribute = details.get("AttributeName", "email")
            value = user.attribute_lookup.get(attribute)
            target = (attribute, value) if value else None
            self._send(
                "ForgotPassword", pool, client, username, user, target,
                code=str(moto_code).removeprefix(_MOTO_FORGOT_PREFIX),
            )
            if target is not None:
                payload["CodeDeliveryDetails"] = self._delivery(*target)
        return result

    def confirm_forgot_password(self) -> ActionResult:
        """ConfirmForgotPassword requiring the latest ForgotPassword code."""
        pool, client = self._client()
        username = self._get_param("Username")
        self._check_secret_hash(client, username)
        user = self._existing_user(pool, username)
        code = self._get_param("ConfirmationCode") or ""
        if not self.state.codes.check(pool.id, user.username, "forgot", code):
            raise CodeMismatchException(_MISMATCH)
        # moto accepts any code not carrying its own prefix, so the plain code passes on.
        result = super().confirm_forgot_password()
        self.state.codes.consume(pool.id, user.username, "forgot")
        return result

    def initiate_auth(self) -> ActionResult:
        """InitiateAuth with Cognito's SECRET_HASH check in AuthParameters (every flow)."""
        _pool, client = self._client()
        self._check_map_secret_hash(client, "AuthParameters")
        return super().initiate_auth()

    def admin_initiate_auth(self) -> ActionResult:
        """AdminInitiateAuth with Cognito's SECRET_HASH check in AuthParameters."""
        _pool, client = self._client()
        self._check_map_secret_hash(client, "AuthParameters")
        return super().admin_initiate_auth()

    def respond_to_auth_challenge(self) -> ActionResult:
        """RespondToAuthChallenge with the SECRET_HASH check in ChallengeResponses."""
        _pool, client = self._client()
        self._check_map_secret_hash(client, "ChallengeResponses")
        return super().respond_to_auth_challenge()

    def admin_respond_to_auth_challenge(self) -> ActionResult:
        """AdminRespondToAuthChallenge with the SECRET_HASH check in ChallengeResponses."""
        _pool, client = self._client()
        self._check_map_secret_hash(client, "ChallengeResponses")
        return super().admin_respond_to_auth_challenge()

    # -- operations moto lacks --------------------------------------------------------

    def resend_confirmation_code(self) -> ActionResult:
        """ResendConfirmationCode, with the errors and limits Cognito applies."""
        pool, client = self._client()
        username = self._get_param("Username") or ""
        self._check_secret_hash(client, username)
        auto = pool.extended_config.get("AutoVerifiedAttributes") or []
        user = pool._get_user(username) if username else None
        if user is None:
            if not self._prevents_user_existence_errors(client):
                raise UserNotFoundError("Username/client id combination not found.")
            medium = "SMS" if "phone_number" in auto else "EMAIL"
            return ActionResult({"CodeDeliveryDetails": {
                "Destination": simulated_destination(username, medium),
                "DeliveryMedium": medium,
                "AttributeName": "phone_number" if medium == "SMS" else "email",
            }})
        if user.status == UserStatus.CONFIRMED:
            raise InvalidParameterException("User is already confirmed.")
        if not auto:
            raise InvalidParameterException("Cannot resend codes. Auto verification not turned on.")
        target = self._verification_target(pool, user)
        if target is None:
            raise InvalidParameterException(
                "User has no attribute matching desired auto verified attributes"
            )
        if not self.state.codes.take_resend_slot(pool.id, user.username):
            raise LimitExceededException()
        self._send("ResendConfirmationCode", pool, client, username, user, target)
        return ActionResult({"CodeDeliveryDetails": self._delivery(*target)})


__all__ = [
    "MOTO_LOCK",
    "LimitExceededException",
    "LocalCognitoResponse",
    "LocalState",
    "expected_secret_hash",
]
