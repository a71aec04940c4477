"""A small HTTP server that answers each request with the next fault of a plan (stdlib only).

It listens on 127.0.0.1 only, records every request it reads, and is bounded: a stall or a
drip never lasts longer than ``--max-stall`` seconds, and the whole server stops after
``--lifetime`` seconds. It is used by the Python tests (imported) and by the R tests (run as a
child process: ``python fault_server.py --plan 500,ok`` prints ``PORT <n>`` and serves).

Faults, one per request, in plan order (when the plan runs out, the last entry repeats):

==========  ====================================================================
``ok``      200 with the success body (``--ok-body``, a JSON object)
``500``     500 with a JSON ``InternalErrorException`` body
``503``     503 with a JSON ``ServiceUnavailable`` body
``throttle`` 400 with a JSON ``ThrottlingException`` body
``toomany`` 400 with a JSON ``TooManyRequestsException`` body
``reset``   the connection is reset (RST) after the request is read
``close``   the connection is closed without an answer
``stall``   nothing is sent until the client gives up (bounded by --max-stall)
``drip``    headers, then one byte of a long body every 0.2 s (a slowloris answer)
``truncate`` 200 announcing a longer Content-Length than the body it sends
``nonjson`` 200 with a body that is not JSON
``html``    502 with an HTML page, as a load balancer sends
``html200`` 200 with an HTML page
==========  ====================================================================

Control (JSON over HTTP, on the same port): ``POST /__plan`` with ``{"plan": [...],
"ok_body": {...}}`` replaces the plan and forgets the log; ``GET /__log`` returns the requests
read so far (``[{"target": ..., "body": ...}]``).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import struct
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

FAULTS = ("ok", "500", "503", "throttle", "toomany", "reset", "close", "stall", "drip",
          "truncate", "nonjson", "html", "html200")
HTML = b"<html><head><title>502 Bad Gateway</title></head><body>bad gateway</body></html>"


class FaultServer(ThreadingHTTPServer):
    """The server: a plan of faults, a request log, bounded stalls."""

    daemon_threads = True

    def __init__(self, plan: list[str] | None = None, ok_body: dict[str, Any] | None = None,
                 max_stall: float = 30.0, port: int = 0) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.lock = threading.Lock()
        self.max_stall = max_stall
        self.stopping = threading.Event()
        self.connections: set[socket.socket] = set()
        self.set_plan(plan or ["ok"], ok_body or {})

    @property
    def port(self) -> int:
        return self.server_address[1]

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def set_plan(self, plan: list[str], ok_body: dict[str, Any] | None = None) -> None:
        unknown = [p for p in plan if p not in FAULTS]
        if unknown or not plan:
            raise ValueError(f"unknown faults {unknown}; known: {', '.join(FAULTS)}")
        with self.lock:
            self.plan = list(plan)
            self.index = 0
            self.log: list[dict[str, Any]] = []
            if ok_body is not None:
                self.ok_body = json.dumps(ok_body).encode()

    def next_fault(self, target: str, body: bytes) -> str:
        with self.lock:
            self.log.append({"target": target, "body": body.decode("utf-8", "replace"),
                             "time": time.monotonic()})
            fault = self.plan[min(self.index, len(self.plan) - 1)]
            self.index += 1
            return fault

    def requests(self, start: int = 0) -> list[dict[str, Any]]:
        """The requests read so far (from the `start`-th on)."""
        with self.lock:
            return self.log[start:]

    def count(self) -> int:
        with self.lock:
            return len(self.log)

    def start(self) -> "FaultServer":
        threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True).start()
        return self

    def stop(self) -> None:
        """Stop as a killed process would: no new connections, open ones cut."""
        self.stopping.set()
        self.shutdown()
        self.server_close()
        with self.lock:
            open_now = list(self.connections)
        for conn in open_now:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def __enter__(self) -> "FaultServer":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()


class _Handler(BaseHTTPRequestHandler):
    server: FaultServer
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: Any) -> None:  # quiet
        pass

    def setup(self) -> None:
        super().setup()
        with self.server.lock:
            self.server.connections.add(self.connection)

    def finish(self) -> None:
        with self.server.lock:
            self.server.connections.discard(self.connection)
        try:
            super().finish()
        except OSError:
            pass

    def _json(self, status: int, body: bytes, ctype: str = "application/x-amz-json-1.1") -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("x-amzn-RequestId", "fault-server")
        self.end_headers()
        self.wfile.write(body)

    def _error(self, status: int, code: str, message: str) -> None:
        self._json(status, json.dumps({"__type": code, "message": message}).encode())

    def do_GET(self) -> None:
        if self.path == "/__log":
            self._json(200, json.dumps(self.server.requests()).encode(), "application/json")
        else:
            self._error(404, "NotFound", "no such path")

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if self.path == "/__plan":
            spec = json.loads(body or b"{}")
            try:
                self.server.set_plan(spec.get("plan") or ["ok"], spec.get("ok_body"))
            except ValueError as err:
                self._error(400, "BadPlan", str(err))
                return
            self._json(200, b"{}", "application/json")
            return
        if self.server.stopping.is_set():
            self.close_connection = True
            return
        fault = self.server.next_fault(self.path, body)
        getattr(self, "_fault_" + fault.replace("500", "e500").replace("503", "e503"))()

    # -- faults -------------------------------------------------------------------------
    def _fault_ok(self) -> None:
        self._json(200, self.server.ok_body)

    def _fault_e500(self) -> None:
        self._error(500, "InternalErrorException", "injected internal error")

    def _fault_e503(self) -> None:
        self._error(503, "ServiceUnavailable", "injected unavailability")

    def _fault_throttle(self) -> None:
        self._error(400, "ThrottlingException", "Rate exceeded")

    def _fault_toomany(self) -> None:
        self._error(400, "TooManyRequestsException", "Too many requests")

    def _fault_reset(self) -> None:
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True

    def _fault_close(self) -> None:
        self.connection.shutdown(socket.SHUT_RDWR)
        self.close_connection = True

    def _wait(self, seconds: float) -> bool:
        """Sleep up to `seconds` (bounded by the server); False once the server stops."""
        return not self.server.stopping.wait(min(seconds, self.server.max_stall))

    def _fault_stall(self) -> None:
        self._wait(self.server.max_stall)
        self.close_connection = True

    def _fault_drip(self) -> None:
        body = b'{"CodeDeliveryDetails": {"Destination": "' + b"x" * 4000 + b'"}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/x-amz-json-1.1")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.flush()
        deadline = time.monotonic() + self.server.max_stall
        try:
            for i in range(len(body)):
                if time.monotonic() > deadline or not self._wait(0.2):
                    break
                self.wfile.write(body[i:i + 1])
                self.wfile.flush()
        except OSError:
            pass
        self.close_connection = True

    def _fault_truncate(self) -> None:
        body = self.server.ok_body + b" " * 200
        self.send_response(200)
        self.send_header("Content-Type", "application/x-amz-json-1.1")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[: max(1, len(body) // 3)])
        self.wfile.flush()
        self.connection.shutdown(socket.SHUT_RDWR)
        self.close_connection = True

    def _fault_nonjson(self) -> None:
        self._json(200, b"this is not JSON")

    def _fault_html(self) -> None:
        self._json(502, HTML, "text/html")

    def _fault_html200(self) -> None:
        self._json(200, HTML, "text/html")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plan", default="ok", help="comma-separated faults")
    parser.add_argument("--ok-body", default="{}", help="the success body (JSON object)")
    parser.add_argument("--max-stall", type=float, default=30.0)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--port-file", help="write the port here (and do not watch stdin)")
    parser.add_argument("--lifetime", type=float, default=600.0,
                        help="stop after this many seconds")
    args = parser.parse_args(argv)
    server = FaultServer(args.plan.split(","), json.loads(args.ok_body), args.max_stall,
                         args.port)
    server.start()
    print(f"PORT {server.port}", flush=True)
    if args.port_file:
        with open(args.port_file + ".tmp", "w") as f:
            f.write(str(server.port))
        os.replace(args.port_file + ".tmp", args.port_file)
    try:
        if args.port_file:  # a background child: runs for its lifetime (or until killed)
            time.sleep(args.lifetime)
        else:  # stop at the end of the lifetime, or when the parent closes our stdin
            watcher = threading.Thread(target=lambda: sys.stdin.read(), daemon=True)
            watcher.start()
            watcher.join(args.lifetime)
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
