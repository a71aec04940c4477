"""The HTTP attempt, bounded: a deadline per attempt and a body checked against its length.

botocore's `read_timeout` bounds each socket read, not the wait for a response: a server that
sends one byte a second (or accepts and says nothing between reads) can hold a call for ever,
and a body cut short of its Content-Length reaches the parser as broken JSON. This module wraps
the client's HTTP session so that

* every attempt has a deadline (`timeout` seconds from the start of the attempt, connect and
  response together): a watchdog thread shuts the socket down when it passes, and the attempt
  fails with botocore's ReadTimeoutError -- a transient error that botocore's standard retry
  mode retries, so a stalled server fails a call after at most `timeout x attempts` plus
  back-off (errors.py maps the last one to TimeoutError_);
* a body shorter than its Content-Length fails the attempt with ConnectionClosedError, the
  network fault it is, retried the same way (botocore turns off urllib3's own check).

`install(client, timeout)` is called once per botocore client (config.py).
"""

from __future__ import annotations

import heapq
import itertools
import os
import socket
import threading
import time
from typing import Any

import botocore.awsrequest
from botocore.exceptions import ConnectionClosedError, ReadTimeoutError

_local = threading.local()


class _Watchdog:
    """One daemon thread that shuts down sockets whose attempt outlived its deadline."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int]] = []
        self._armed: dict[int, dict[str, Any]] = {}
        self._ids = itertools.count()
        self._pid = -1

    def _ensure_thread(self) -> None:
        if self._pid != os.getpid():  # first use, or a forked child (threads do not survive)
            self._pid = os.getpid()
            self._heap.clear()
            self._armed.clear()
            threading.Thread(target=self._run, name="paws_bridge-deadline", daemon=True).start()

    def arm(self, deadline: float) -> dict[str, Any]:
        """Start watching an attempt; its socket is attached later (`attach`)."""
        entry: dict[str, Any] = {"deadline": deadline, "sock": None, "fired": False}
        with self._cond:
            self._ensure_thread()
            key = next(self._ids)
            entry["key"] = key
            self._armed[key] = entry
            earliest = not self._heap or deadline < self._heap[0][0]
            heapq.heappush(self._heap, (deadline, key))
            if earliest:
                self._cond.notify()
        return entry

    def disarm(self, entry: dict[str, Any]) -> None:
        with self._cond:
            self._armed.pop(entry["key"], None)

    def _run(self) -> None:
        with self._cond:
            while True:
                now = time.monotonic()
                while self._heap and (self._heap[0][1] not in self._armed
                                      or self._heap[0][0] <= now):
                    _deadline, key = heapq.heappop(self._heap)
                    entry = self._armed.pop(key, None)
                    if entry is not None:
                        self._fire(entry)
                wait = self._heap[0][0] - now if self._heap else None
                self._cond.wait(wait)

    @staticmethod
    def _fire(entry: dict[str, Any]) -> None:
        entry["fired"] = True
        sock = entry["sock"]
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


_watchdog = _Watchdog()


class _WatchedConnection:
    """Mixed into botocore's connection classes: hands the socket to the current attempt."""

    def getresponse(self, *args: Any, **kwargs: Any) -> Any:
        entry = getattr(_local, "entry", None)
        if entry is not None:
            entry["sock"] = self.sock
            remaining = entry["deadline"] - time.monotonic()
            if remaining <= 0:
                raise ReadTimeoutError(endpoint_url=getattr(_local, "url", ""))
            if self.sock is not None and (self.sock.gettimeout() or remaining) > remaining:
                self.sock.settimeout(remaining)
        return super().getresponse(*args, **kwargs)  # type: ignore[misc]


class _HTTPConnection(_WatchedConnection, botocore.awsrequest.AWSHTTPConnection):
    pass


class _HTTPSConnection(_WatchedConnection, botocore.awsrequest.AWSHTTPSConnection):
    pass


class _HTTPPool(botocore.awsrequest.AWSHTTPConnectionPool):
    ConnectionCls = _HTTPConnection


class _HTTPSPool(botocore.awsrequest.AWSHTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection


_NO_BODY_STATUS = (204, 304)


class BoundedSession:
    """Wraps botocore's URLLib3Session: one deadline per attempt, the body length checked."""

    def __init__(self, inner: Any, timeout: float) -> None:
        self._inner = inner
        self.timeout = float(timeout)
        pools = {"http": _HTTPPool, "https": _HTTPSPool}
        # the dict is shared with proxy managers botocore creates later
        inner._pool_classes_by_scheme.update(pools)
        inner._manager.pool_classes_by_scheme = inner._pool_classes_by_scheme

    def send(self, request: Any) -> Any:
        entry = _watchdog.arm(time.monotonic() + self.timeout)
        _local.entry, _local.url = entry, request.url
        try:
            response = self._inner.send(request)
        except Exception as exc:
            if entry["fired"] and not isinstance(exc, ReadTimeoutError):
                raise ReadTimeoutError(endpoint_url=request.url) from exc
            raise
        finally:
            _local.entry = None
            _watchdog.disarm(entry)
        if entry["fired"]:
            raise ReadTimeoutError(endpoint_url=request.url)
        _check_length(request, response)
        return response

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def _check_length(request: Any, response: Any) -> None:
    """A body shorter than its Content-Length is a broken connection, not a bad body."""
    if request.stream_output or request.method == "HEAD" or \
            response.status_code in _NO_BODY_STATUS or 100 <= response.status_code < 200:
        return
    announced = response.headers.get("content-length")
    if announced is None or not announced.strip().isdigit():
        return
    got = len(response.content or b"")
    if got < int(announced):
        raise ConnectionClosedError(
            endpoint_url=request.url, request=request,
            error=f"the response body ended after {got} of {int(announced)} bytes")


def install(client: Any, timeout: float) -> None:
    """Bound every attempt of `client` to `timeout` seconds and check body lengths."""
    endpoint = client._endpoint
    if not isinstance(endpoint.http_session, BoundedSession):
        endpoint.http_session = BoundedSession(endpoint.http_session, timeout)
