"""The HTTP side of the local endpoint: a threaded loopback server speaking Cognito's JSON 1.1
protocol, with per-request latency, a request-rate quota and a code read-back API; every other
AWS service moto implements is served on the same port by moto's own server application
(moto.server, which routes by the request's signing scope), so a script that mixes Cognito
with DynamoDB, SQS, S3, ... runs against one endpoint."""

from __future__ import annotations

import http.server
import io
import itertools
import json
import logging
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import unquote

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


class _KeepAliveHandler(http.server.BaseHTTPRequestHandler):
    """HTTP/1.1 with persistent connections, serving the same WSGI app.

    werkzeug's development server closes every connection after one response (and drains the
    socket for 10 ms afterwards, which would swallow the next request on a kept connection),
    so with ``keep_alive=True`` requests are served by this small handler instead: the body is
    read in full by its Content-Length before the app runs, the response always carries a
    Content-Length, and the connection stays open until the client closes it. Requests
    without a Content-Length (chunked bodies) are answered and the connection closed.
    """

    protocol_version = "HTTP/1.1"
    server_version = "paws_bridge.local"
    sys_version = ""

    def setup(self) -> None:
        super().setup()
        # headers and body go out in two writes: without this, Nagle + delayed ACK add 40 ms
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass

    def _serve(self) -> None:
        length = self.headers.get("Content-Length")
        chunked = "chunked" in self.headers.get("Transfer-Encoding", "").lower()
        if chunked or (length is None and self.command not in ("GET", "HEAD", "DELETE")):
            self.close_connection = True
            body = b"" if chunked else self.rfile.read()
        else:
            body = self.rfile.read(int(length or 0))
        path, _, query = self.path.partition("?")
        host, port = self.server.server_address[:2]
        environ: dict[str, Any] = {
            "REQUEST_METHOD": self.command, "SCRIPT_NAME": "", "PATH_INFO": unquote(path),
            "QUERY_STRING": query, "SERVER_NAME": str(host), "SERVER_PORT": str(port),
            "SERVER_PROTOCOL": self.request_version, "REMOTE_ADDR": self.client_address[0],
            "CONTENT_LENGTH": str(len(body)),
            "wsgi.version": (1, 0), "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(body),
            "wsgi.errors": io.StringIO(), "wsgi.multithread": True,
            "wsgi.multiprocess": False, "wsgi.run_once": False,
        }
        for key, value in self.headers.items():
            key = key.upper().replace("-", "_")
            if key == "CONTENT_TYPE":
                environ[key] = value
            elif key != "CONTENT_LENGTH":
                environ[f"HTTP_{key}"] = value
        status_headers: list[Any] = []

        def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None):
            status_headers[:] = [status, headers]
            return lambda data: None

        chunks = self.server.app(environ, start_response)
        try:
            payload = b"".join(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
        status, headers = status_headers
        code, _, reason = status.partition(" ")
        self.send_response(int(code), reason)
        for name, value in headers:
            if name.lower() not in ("content-length", "connection", "transfer-encoding",
                                    "server", "date"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = _serve


class _KeepAliveServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, host: str, port: int, app: Any) -> None:
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.app = app
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()
        super().__init__((host, port), _KeepAliveHandler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._open_lock:
            self._open.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._open_lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def server_close(self) -> None:
        """Stop listening and end the kept connections (stop() frees everything)."""
        super().server_close()
        with self._open_lock:
            kept, self._open = self._open, set()
        for sock in kept:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class LocalCognito:
    """A local Cognito Identity Provider endpoint on top of moto.

    ``latency_ms`` delays every API answer by that many milliseconds without holding up
    other requests. ``rate_limit`` (requests per second across all clients, burst equal
    to the rate) answers the excess with HTTP 400 ``TooManyRequestsException``.
    ``resend_limit`` ResendConfirmationCode calls per user within ``resend_window``
    seconds are allowed; the next gets ``LimitExceededException`` (None: no limit).
    ``account_id`` picks the moto account holding this server's state (default: a fresh
    one per instance). ``keep_alive=True`` keeps connections open between requests, as AWS
    does (werkzeug's server, the default, closes each one after its response).
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
        keep_alive: bool = False,
    ) -> None:
        self.host = host
        self.keep_alive = keep_alive
        self.port = port
        self.latency_ms = latency_ms
        self._bucket: TokenBucket | None = None
        self.rate_limit = rate_limit
        self._state = LocalState(
            account_id=account_id or _new_account_id(),
            codes=CodeBook(resend_limit=resend_limit, resend_window=resend_window),
        )
        self._server: BaseWSGIServer | _KeepAliveServer | None = None
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
        if self.keep_alive:
            server: Any = _KeepAliveServer(self.host, self.port, self._wsgi)
            return self._serve_in_thread(server)
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
        return self._serve_in_thread(server)

    def _serve_in_thread(self, server: Any) -> LocalCognito:
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
        if not self._is_cognito(environ):
            return self._moto(environ, start_response)
        request = Request(environ)
        try:
            response = self._route(request)
        except Exception as err:  # a bug here or in moto must not kill the connection silently
            log.exception("paws_bridge.local: error handling %s", request.path)
            response = _aws_error(500, "InternalErrorException", f"{type(err).__name__}: {err}")
        return response(environ, start_response)

    @staticmethod
    def _is_cognito(environ: dict[str, Any]) -> bool:
        """Requests this endpoint answers itself: Cognito user pools (by target or signing
        scope), the control API, the JWKS document, and anything unsigned without a target
        (answered with a clear error)."""
        path = environ.get("PATH_INFO", "")
        if path.startswith(CONTROL_PREFIX) or path.endswith("/.well-known/jwks.json"):
            return True
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        if target:
            return target.startswith(TARGET_PREFIX)
        auth = environ.get("HTTP_AUTHORIZATION", "")
        if auth:
            return "/cognito-idp/" in auth
        # unsigned: query-protocol calls (STS AssumeRoleWithWebIdentity, ...) are moto's
        return not environ.get("CONTENT_TYPE", "").startswith(
            "application/x-www-form-urlencoded")

    def _moto(self, environ: dict[str, Any], start_response: Any) -> Any:
        """Every other service: moto's server application, one request at a time."""
        app = _moto_app()
        bucket = self._bucket
        if bucket is not None and not bucket.try_acquire():
            return _aws_error(400, "TooManyRequestsException", "Too many requests")(
                environ, start_response)
        if self.latency_ms:
            time.sleep(self.latency_ms / 1000.0)
        with MOTO_LOCK:
            return list(app(environ, start_response))

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
        bucket = self._bucket  # read once: rate_limit may be set to None meanwhile
        if bucket is not None and not bucket.try_acquire():
            return _aws_error(400, "TooManyRequestsException", "Too many requests")
        if self.latency_ms:
            time.sleep(self.latency_ms / 1000.0)  # in this request's thread only
        return self._dispatch(request, target[len(TARGET_PREFIX):])

    def _dispatch(self, request: Request, operation: str) -> Response:
        try:
            with MOTO_LOCK:  # all of moto, its response object included, one request at a time
                handler = LocalCognitoResponse(self._state)
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


_moto_lock = threading.Lock()
_moto_application: Any = None


def _moto_app() -> Any:
    """moto's WSGI application for all its services (built once; needs flask: the `local`
    extra)."""
    global _moto_application
    with _moto_lock:
        if _moto_application is None:
            from moto.server import DomainDispatcherApplication, create_backend_app
            _moto_application = DomainDispatcherApplication(create_backend_app)
        return _moto_application


@contextmanager
def serve(**kwargs: Any) -> Iterator[LocalCognito]:
    """Run a :class:`LocalCognito` (same keyword arguments) for the ``with`` block."""
    server = LocalCognito(**kwargs).start()
    try:
        yield server
    finally:
        server.stop()
