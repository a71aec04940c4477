"""The `paws-bridge` console command: `paws-bridge local ...`, `paws-bridge port ...`.

Each subcommand's module is imported only when it runs, so `paws-bridge --help` is instant.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

COMMANDS = {
    "local": ("paws_bridge.local.cli", "serve a local Cognito endpoint (prints its URL first)"),
    "port": ("paws_bridge.port.cli", "translate a paws R script into Python"),
}


def main(argv: Sequence[str] | None = None) -> int:
    """Dispatch to a subcommand; returns its exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(
        prog="paws-bridge", description="paws, implemented once in Python on boto3.",
        epilog="Run 'paws-bridge COMMAND --help' for a command's options.")
    parser.add_argument("command", choices=sorted(COMMANDS),
                        help="; ".join(f"{k}: {v[1]}" for k, v in sorted(COMMANDS.items())))
    parser.add_argument("args", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    if not argv or argv[0] in ("-h", "--help"):
        parser.print_help()
        return 0 if argv else 2
    ns = parser.parse_args(argv[:1])
    from importlib import import_module
    module = import_module(COMMANDS[ns.command][0])
    return int(module.main(argv[1:]) or 0)


if __name__ == "__main__":
    sys.exit(main())
