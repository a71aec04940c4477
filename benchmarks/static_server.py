"""A loopback HTTP server that answers every POST with one fixed JSON body (for call-overhead
benchmarks: boto3 vs paws_bridge from Python vs paws.bridge from R, same server, same answer).

    python benchmarks/static_server.py BODY.json   # prints its URL, serves until killed
"""

from __future__ import annotations

import http.server
import socket
import sys


def main() -> None:
    body = open(sys.argv[1], "rb").read() if len(sys.argv) > 1 else b"{}"

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def setup(self):
            super().setup()
            # headers and body go out in two writes: without this, Nagle + delayed ACK add 40 ms
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(200)
            self.send_header("Content-Type", "application/x-amz-json-1.1")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(f"http://127.0.0.1:{srv.server_address[1]}", flush=True)
    srv.serve_forever()


if __name__ == "__main__":
    main()
