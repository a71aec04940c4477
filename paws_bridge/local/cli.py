"""``paws-bridge local``: run the local Cognito endpoint in the foreground.

The first line of stdout is the endpoint URL (flushed at once), so a parent process can
read it and connect; the server then runs until SIGINT or SIGTERM.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Sequence


def build_parser(prog: str = "paws-bridge local") -> argparse.ArgumentParser:
    """The argument parser of ``paws-bridge local``."""
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Serve a local Cognito Identity Provider endpoint (moto plus "
        "ResendConfirmationCode, real codes, SecretHash checks). Prints the endpoint URL "
        "as the first line, then serves until interrupted.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: loopback)")
    parser.add_argument("--port", type=int, default=0, help="port (default: a free one)")
    parser.add_argument("--latency-ms", type=float, default=0, metavar="N",
                        help="answer each request after N milliseconds")
    parser.add_argument("--rate-limit", type=float, default=None, metavar="RPS",
                        help="refuse requests beyond RPS per second with TooManyRequestsException")
    parser.add_argument("--resend-limit", type=int, default=5, metavar="N",
                        help="ResendConfirmationCode calls per user per hour before "
                        "LimitExceededException (0: no limit; default 5)")
    parser.add_argument("--keep-alive", action="store_true",
                        help="keep connections open between requests, as AWS does "
                        "(default: close each after its response)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``paws-bridge local`` with ``argv`` (default: ``sys.argv[1:]``); returns the exit code."""
    args = build_parser().parse_args(argv)
    if args.rate_limit is not None and args.rate_limit <= 0:
        print("paws-bridge local: --rate-limit must be positive", file=sys.stderr)
        return 2

    from .server import LocalCognito  # imported here so --help stays fast

    server = LocalCognito(
        host=args.host, port=args.port, latency_ms=args.latency_ms,
        rate_limit=args.rate_limit, resend_limit=args.resend_limit or None,
        keep_alive=args.keep_alive,
    )
    try:
        server.start()
    except OSError as err:
        print(f"paws-bridge local: cannot listen on {args.host}:{args.port}: {err}", file=sys.stderr)
        return 1

    done = threading.Event()

    def _stop(signum: int, frame: object) -> None:
        done.set()

    previous = {}
    if threading.current_thread() is threading.main_thread():  # signal() only works there
        previous = {sig: signal.signal(sig, _stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        print(server.endpoint, flush=True)
        print(f"codes: GET {server.endpoint}/_paws_bridge/codes?username=NAME", file=sys.stderr, flush=True)
        while not done.wait(0.5):  # a timed wait keeps the main thread responsive to signals
            pass
    except KeyboardInterrupt:
        pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
