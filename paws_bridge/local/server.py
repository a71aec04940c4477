"""The HTTP side of the local endpoint: a threaded loopback server speaking Cognito's JSON 1.1
protocol, with per-request latency, a request-rate quota and a code read-back API."""

from __future__ import annotations

import itertools
import json
import logging
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from moto import __version__ as moto_version
from moto.cognitoidp.responses import CognitoIdpJsonWebKeyResponse
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

from .backend import MOTO_LOCK, LocalCognitoResponse, LocalState
from .codes import CodeBook, SentCode
from .ratelimit import TokenBucket

log = logging.getLogger(__name__)

TARGET_PREFIX = "AWSCognitoIdentityProviderService."
CONTROL_PREFIX = "/_paws_bridge/"
JSON_11 = "application/x-amz-json-1.1"

# Each server gets its own moto account, so servers in one process do not see each
# other's pools. 12 digits like a real account id; far from moto's default 123456789012.
_account_ids = itertools.count(1)


def _new_account_id() -> str:
    return f"{900000000000 + next(_account_ids):012d}"


def _json(status: int, payload: Any, content_type: str = "application/json") -> Response:
    return Response(json.dumps(payload), status=status, content_type=content_type)


def _aws_error(status: int, code: str, message: str) -> Response:
    """An error in the JSON 1.1 shape botocore parses (``__type`` + ``message``)."""
    response = _json(status, {"__type": code, "message": message}, JSON_11)
    response.headers["x-amzn-ErrorType"] = code
    return response


class _QuietHandler(WSGIRequestHandler):
    """werkzeug's handler without per-request access logging (errors are still logged)."""

    @property
    def server_version(self) -> str:  # type: ignore[override]
        return "paws_bridge.local"

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


class LocalCognito:
    """A local Cognito Identity Provider endpoint on top of moto.

    ``latency_ms`` delays every API answer by that many milliseconds without holding up
    other requests. ``rate_limit`` (requests per second across all clients, burst equal
    to the rate) answers the excess with HTTP 400 ``TooManyRequestsException``.
    ``resend_limit`` ResendConfirmationCode calls per user within ``resend_window``
    seconds are allowed; the next gets ``LimitExceededException`` (None: no limit).
    ``account_id`` picks the moto account holding this server's state (default: a fresh
    one per instance).
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        latency_ms: float = 0,
        rate_limit: float | None = None,
        resend_limit: int | None = 5,
        resend_window: float = 3600.0,
        account_id: str | None = None,
    ) -> None:
        self.host = host
        self.port = port
        self.latency_ms = latency_ms
        self._bucket: TokenBucket | None = None
        self.rate_limit = rate_limit
        self._state = LocalState(
            account_id=account_id or _new_account_id(),
            codes=CodeBook(resend_limit=resend_limit, resend_window=resend_window),
        )
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None

    # -- configuration ----------------------------------------------------------------

    @property
    def rate_limit(self) -> float | None:
        """Requests per second allowed across all clients (None: unlimited)."""
        return None if self._bucket is None else self._bucket.rate

    @rate_limit.setter
    def rate_limit(self, rps: float | None) -> None:
        self._bucket = None if not rps else TokenBucket(rps)

    @property
    def resend_limit(self) -> int | None:
        """ResendConfirmationCode calls allowed per user within ``resend_window``."""
        return self._state.codes.resend_limit

    @resend_limit.setter
    def resend_limit(self, limit: int | None) -> None:
        self._state.codes.resend_limit = limit

    @property
    def account_id(self) -> str:
        """The moto account id holding this server's pools (also in their ARNs)."""
        return self._state.account_id

    # -- lifecycle --------------------------------------------------------------------

    @property
    def running(self) -> bool:
        """True between :meth:`start` and :meth:`stop`."""
        return self._server is not None

    @property
    def endpoint(self) -> str:
        """The URL to give clients as ``endpoint_url``, e.g. ``http://127.0.0.1:54321``."""
        if self._server is None:
            raise RuntimeError("LocalCognito is not running; call start() first")
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def start(self) -> LocalCognito:
        """Bind the port and serve in a background thread. Returns ``self``."""
        if self._server is not None:
            return self
        # Bind ourselves: werkzeug reports a busy port with sys.exit(), not an exception.
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((self.host, self.port))
            sock.listen(128)
            server = make_server(
                self.host, self.port, self._wsgi, threaded=True,
                request_handler=_QuietHandler, fd=sock.fileno(),
            )
        finally:
            sock.close()  # werkzeug serves on its own duplicate of the descriptor
        self.port = server.socket.getsockname()[1]
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05},
            name=f"paws_bridge.local:{self.port}", daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and free the port. State is kept until :meth:`reset`."""
        server, self._server = self._server, None
        if server is None:
            return
        server.shutdown()
        server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> LocalCognito:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- state ------------------------------------------------------------------------

    def reset(self) -> None:
        """Forget all pools, clients, users, codes, resend counts, and refill the quota."""
        self._state.reset()
        self.rate_limit = self.rate_limit

    def sent_codes(
        self,
        user_pool_id: str | None = None,
        username: str | None = None,
        client_id: str | None = None,
        purpose: str | None = None,
    ) -> list[SentCode]:
        """Codes "sent" so far, oldest first, filtered by any of the arguments.

        ``username`` matches the name the caller used or the pool's own Username;
        ``purpose`` is "SignUp", "ResendConfirmationCode" or "ForgotPassword".
        """
        return self._state.codes.sent(user_pool_id, username, client_id, purpose)

    def last_code(
        self,
        username: str,
        *,
        user_pool_id: str | None = None,
        client_id: str | None = None,
        purpose: str | None = None,
    ) -> str | None:
        """The most recent code sent to ``username`` (None when none was sent)."""
        sent = self.sent_codes(user_pool_id, username, client_id, purpose)
        return sent[-1].code if sent else None

    # -- HTTP -------------------------------------------------------------------------

    def _wsgi(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        try:
            response = self._route(request)
        except Exception as err:  # a bug here or in moto must not kill the connection silently
            log.exception("paws_bridge.local: error handling %s", request.path)
            response = _aws_error(500, "InternalErrorException", f"{type(err).__name__}: {err}")
        return response(environ, start_response)

    def _route(self, request: Request) -> Response:
        if request.path.startswith(CONTROL_PREFIX):
            return self._control(request)
        if request.method == "GET" and request.path.endswith("/.well-known/jwks.json"):
            return Response(CognitoIdpJsonWebKeyResponse.json_web_key, content_type="application/json")
        if request.method != "POST":
            return _json(404, {"message": f"Not found: {request.method} {request.path}"})
        target = request.headers.get("X-Amz-Target", "")
        if not target.startswith(TARGET_PREFIX):
            return _aws_error(400, "UnknownOperationException", f"Unknown target {target!r}")
        if self._bucket is not None and not self._bucket.try_acquire():
            return _aws_error(400, "TooManyRequestsException", "Too many requests")
        if self.latency_ms:
            time.sleep(self.latency_ms / 1000.0)  # in this request's thread only
        return self._dispatch(request, target[len(TARGET_PREFIX):])

    def _dispatch(self, request: Request, operation: str) -> Response:
        handler = LocalCognitoResponse(self._state)
        try:
            with MOTO_LOCK:
                status, headers, body = handler._dispatch(request, request.url, request.headers)
        except NotImplementedError:
            return _aws_error(
                400, "UnsupportedOperationException",
                f"{operation} is not implemented by the local endpoint (moto {moto_version})",
            )
        # moto carries the status in its headers and adds its own Server header.
        headers = {k: v for k, v in headers.items() if k.lower() not in ("status", "server")}
        return Response(body, status=int(status), headers=headers)

    def _control(self, request: Request) -> Response:
        action = request.path[len(CONTROL_PREFIX):].strip("/")
        if action == "codes" and request.method == "GET":
            args = request.args
            sent = self.sent_codes(
                user_pool_id=args.get("user_pool_id"), username=args.get("username"),
                client_id=args.get("client_id"), purpose=args.get("purpose"),
            )
            return _json(200, {
                "codes": [s.to_json() for s in sent],
                "last": sent[-1].code if sent else None,
            })
        if action == "reset" and request.method == "POST":
            self.reset()
            return _json(200, {"reset": True})
        if action == "health" and request.method == "GET":
            return _json(200, {"status": "ok", "account_id": self.account_id, "moto": moto_version})
        return _json(404, {"message": f"Unknown control request: {request.method} {request.path}"})


@contextmanager
def serve(**kwargs: Any) -> Iterator[LocalCognito]:
    """Run a :class:`LocalCognito` (same keyword arguments) for the ``with`` block."""
    server = LocalCognito(**kwargs).start()
    try:
        yield server
    finally:
        server.stop()
