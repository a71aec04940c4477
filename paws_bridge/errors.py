"""The one exception hierarchy of paws_bridge, and the one place botocore's errors are mapped.

    PawsBridgeError
    ├── PawsError                 an error answer from the service (paws's `paws_error`);
    │   │                         also a botocore ClientError (`.response`, `.operation_name`)
    │   └── <one subclass per modelled error code>, e.g. UserNotFoundException
    ├── ParamValidationError      bad arguments, found before any request (also a ValueError)
    ├── ConfigError               a bad `config` list (also a ValueError)
    ├── CredentialsError          no credentials where the operation needs a signature
    └── ConnectionError_          the endpoint could not be reached (also a ConnectionError)
        └── TimeoutError_         no complete answer within `timeout` on any attempt
                                  (also a TimeoutError)
"""

from __future__ import annotations

import json
import threading
from typing import Any

import botocore.exceptions


class PawsBridgeError(Exception):
    """Root of every error paws_bridge raises."""


class PawsError(PawsBridgeError, botocore.exceptions.ClientError):
    """An error answer from the service, shaped as paws's `paws_error` condition.

    It is also a ``botocore.exceptions.ClientError``, so boto3 code catches it unchanged
    (``except ClientError as e: e.response["Error"]["Code"]``).

    Attributes:
        message: ``"<Code> (HTTP <status>). <Message>"``, exactly as paws writes it.
        code: the error code (``"UserNotFoundException"``), the part of ``__type`` after ``#``.
        status_code: the HTTP status (int).
        error_response: the decoded error body (a dict; ``{}`` when the body was not JSON).
        body: the raw error body text.
        response: botocore's error response: ``{"Error": {"Code", "Message"},
            "ResponseMetadata": {"HTTPStatusCode", ...}, ...}`` (as botocore fills it).
        operation_name: the API name of the operation (``"AdminGetUser"``); ``None`` when
            the error was not raised by a call.
    """

    code: str = "UnknownError"

    def __init__(self, message: str, *, code: str, status_code: int | None,
                 error_response: dict[str, Any] | None = None, body: str = "",
                 response: dict[str, Any] | None = None,
                 operation_name: str | None = None) -> None:
        # botocore's ClientError.__init__ would write its own message; paws's is kept
        Exception.__init__(self, message)
        self.message = message
        self.code = code
        self.status_code = status_code
        self.error_response = error_response if error_response is not None else {}
        self.body = body
        self.operation_name = operation_name
        self.response = (response if response is not None
                         else _client_error_response(code, status_code, self.error_response))

    def __str__(self) -> str:
        return self.message

    def __reduce__(self):  # picklable across processes (batch executors)
        return (_rebuild_paws_error, (type(self).__name__, self.message, self.code,
                                      self.status_code, self.error_response, self.body,
                                      self.response, self.operation_name))


def _client_error_response(code: str, status_code: int | None,
                           fields: dict[str, Any]) -> dict[str, Any]:
    """botocore's `ClientError.response` for an error answer it did not parse itself."""
    message = fields.get("message", fields.get("Message", ""))
    response: dict[str, Any] = {k: v for k, v in fields.items()
                                if k not in ("__type", "message", "Message")}
    response["Error"] = {"Code": code, "Message": "" if message is None else str(message)}
    response["ResponseMetadata"] = {"HTTPStatusCode": status_code}
    return response


class ParamValidationError(PawsBridgeError, ValueError):
    """Arguments that cannot be sent; `problems` lists each one as "path: what is wrong"."""

    def __init__(self, operation: str, problems: list[str]) -> None:
        self.operation = operation
        self.problems = list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        n = len(self.problems)
        super().__init__(
            f"invalid argument{'s' if n != 1 else ''} for {operation} "
            f"({n} problem{'s' if n != 1 else ''}):\n{lines}")


class ConfigError(PawsBridgeError, ValueError):
    """A bad `config`, `credentials`, `endpoint` or `region` given to a service constructor."""


class CredentialsError(PawsBridgeError):
    """No credentials could be found for an operation that must be signed."""


class ConnectionError_(PawsBridgeError, ConnectionError):
    """The endpoint could not be reached (after retries)."""


class TimeoutError_(ConnectionError_, TimeoutError):
    """Every attempt waited `timeout` seconds (config) without a complete response, or the
    connection could not be made within `connect_timeout`."""


# --- error classes per code --------------------------------------------------------------

_classes: dict[str, type[PawsError]] = {}
_classes_lock = threading.Lock()


def error_class(code: str) -> type[PawsError]:
    """The PawsError subclass for an error code (created once, shared by all services)."""
    cls = _classes.get(code)
    if cls is None:
        with _classes_lock:
            cls = _classes.get(code)
            if cls is None:
                cls = type(code, (PawsError,), {"code": code, "__module__": "paws_bridge.errors",
                                                "__doc__": f"The service answered {code}."})
                _classes[code] = cls
    return cls


def _rebuild_paws_error(name, message, code, status_code, error_response, body,
                        response=None, operation_name=None):
    cls = error_class(name) if name != "PawsError" else PawsError
    return cls(message, code=code, status_code=status_code, error_response=error_response,
               body=body, response=response, operation_name=operation_name)


class ServiceExceptions:
    """`svc.exceptions`: one attribute per error code the service's model declares."""

    def __init__(self, codes: tuple[str, ...]) -> None:
        self._codes = codes
        for code in codes:
            setattr(self, code, error_class(code))
        self.PawsError = PawsError

    def __dir__(self):
        return list(self._codes) + ["PawsError"]

    def __repr__(self) -> str:
        return f"<exceptions: {', '.join(self._codes)}>"


# --- mapping from botocore -----------------------------------------------------------------

def decode_body(raw: bytes | str | None) -> dict[str, Any] | None:
    """Decode an error body as paws does (a JSON object; the first of duplicate keys wins).

    Returns None when the body is empty or not a JSON object.
    """
    if not raw:
        return None
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
    try:
        value = json.loads(text, object_pairs_hook=first_wins)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def first_wins(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object hook where the first of duplicate keys wins (jsonlite's reading)."""
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k not in out:
            out[k] = v
    return out


def service_error(status: int | None, raw_body: bytes | str | None,
                  fallback_code: str | None = None,
                  fallback_message: str | None = None,
                  header_code: str | None = None) -> PawsError:
    """Build the PawsError for an error answer from its status and raw body.

    `header_code` is the x-amzn-errortype header (REST-JSON), which paws reads first.
    """
    body_text = (raw_body.decode("utf-8", "replace") if isinstance(raw_body, bytes)
                 else (raw_body or ""))
    decoded = decode_body(body_text)
    fields = decoded or {}
    code = header_code or fields.get("__type") or fields.get("code") or fields.get("Code")
    if isinstance(code, str) and code:
        code = code.rsplit("#", 1)[-1].split(":", 1)[0]  # botocore's reading of __type
    else:
        code = None
    if code is None and fallback_code and not fallback_code.isdigit():
        code = fallback_code
    code = code or "UnknownError"
    if decoded is not None:
        message = fields.get("message", fields.get("Message"))
        message = "" if message is None else str(message)
    elif body_text.strip():
        message = body_text.strip()[:500]
    else:
        message = fallback_message or "unknown error"
    text = f"{code} (HTTP {status if status is not None else 'NA'}). {message}"
    cls = error_class(code) if code != "UnknownError" else PawsError
    return cls(text, code=code, status_code=status, error_response=fields, body=body_text)


RAW_BODY_KEY = "__paws_bridge_raw_body__"
RAW_XML_KEY = "__paws_bridge_raw_xml__"  # an answer of the XML protocols (protocols/xml.py)
ERROR_TYPE_KEY = "__paws_bridge_error_type__"  # the x-amzn-errortype header, when sent


def from_botocore(exc: Exception) -> PawsBridgeError:
    """Map any exception botocore raises during a call to the paws_bridge hierarchy."""
    if isinstance(exc, botocore.exceptions.ClientError):
        resp = exc.response or {}
        status = resp.get("ResponseMetadata", {}).get("HTTPStatusCode")
        raw = resp.get(RAW_BODY_KEY)
        err = resp.get("Error", {})
        if resp.get(RAW_XML_KEY):
            from .protocols.xml import error_from_response
            mapped = error_from_response(status, raw, exc.operation_name, err.get("Message"))
        else:
            mapped = service_error(status, raw, err.get("Code"), err.get("Message"),
                                   header_code=resp.get(ERROR_TYPE_KEY))
        # the ClientError face: botocore's response as it filled it (our private keys aside)
        mapped.response = {k: v for k, v in resp.items()
                           if k not in (RAW_BODY_KEY, ERROR_TYPE_KEY, RAW_XML_KEY)}
        mapped.operation_name = exc.operation_name
        return mapped
    if isinstance(exc, botocore.exceptions.NoCredentialsError):
        return CredentialsError(
            "no AWS credentials found: set config$credentials$creds, a profile, the "
            "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY environment variables, or use "
            "credentials = list(anonymous = TRUE) for operations that need no signature")
    if isinstance(exc, botocore.exceptions.ReadTimeoutError):
        return TimeoutError_(f"timed out: no complete response within the timeout "
                             f"(config$timeout), on every attempt ({exc})")
    if isinstance(exc, botocore.exceptions.ConnectTimeoutError):
        return TimeoutError_(f"timed out connecting: no connection within connect_timeout, "
                             f"on every attempt ({exc})")
    if isinstance(exc, (botocore.exceptions.EndpointConnectionError,
                        botocore.exceptions.ConnectionClosedError)):
        return ConnectionError_(str(exc))
    if isinstance(exc, botocore.exceptions.ParamValidationError):
        return ParamValidationError("request", [str(exc)])
    if isinstance(exc, botocore.exceptions.BotoCoreError):
        return PawsBridgeError(str(exc))
    return exc  # not botocore's: let it through unchanged
