"""`paws-bridge port`: translate a paws R script into Python on paws_bridge."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

DESCRIPTION = """\
Translate a paws R script into Python that uses paws_bridge.

R's own parser reads the script (R and the Python package rpy2 must be installed). Service
constructors, svc$operation(...) calls, R literals, $ and [[ ]] access, assignments, if/for/
while/function, tryCatch (into try/except on paws_bridge.PawsError and its per-code
subclasses), paginate()/paginate_lapply()/paginate_sapply() and common base R functions
(paste, sprintf, cat, message, length, is.null, stop, Sys.getenv, ...) are translated.

Whatever has no faithful Python equivalent is kept as commented R under a
'# TODO(port): <reason>' line; the number of such places is printed at the end (on stderr).
Nothing is dropped silently. See docs/porting.md for what differs from R.
"""

EPILOG = """\
examples:
  paws-bridge port signup.R -o signup.py    write signup.py
  paws-bridge port signup.R                 print the Python on stdout
  paws-bridge port signup.R --check         only list what would be left for a person
  paws-bridge port *.R --check --strict     fail (exit 1) when anything would be left
  paws-bridge port signup.R --verify        run R and the Python on a local endpoint, compare

exit status: 0 translated; 1 --strict and TODOs left, or --verify found a difference;
2 bad usage, unreadable file or invalid R.
"""


def build_parser(prog: str = "paws-bridge port") -> argparse.ArgumentParser:
    """The argument parser of `paws-bridge port`."""
    parser = argparse.ArgumentParser(prog=prog, description=DESCRIPTION, epilog=EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("scripts", nargs="+", metavar="script.R", help="paws R script(s)")
    parser.add_argument("-o", "--output", metavar="script.py",
                        help="where to write the Python ('-' or omitted: stdout); with "
                        "several scripts, a directory")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; report what would be left as TODO(port)")
    parser.add_argument("--strict", action="store_true",
                        help="exit with status 1 when any TODO(port) is left")
    parser.add_argument("--verify", action="store_true",
                        help="run the R script (on paws.bridge, use_bridge()) and its "
                        "translation against a freshly seeded local endpoint, and report "
                        "whether their variables agree or the R line where they first "
                        "differ (exit 1 when any script differs)")
    return parser


def _destination(script: Path, output: str | None, many: bool) -> Path | None:
    if output is None or output == "-":
        return None
    out = Path(output)
    if many or out.is_dir():
        return out / (script.stem + ".py")
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Run `paws-bridge port` with `argv` (default: sys.argv[1:]); returns the exit code."""
    args = build_parser().parse_args(argv)
    from . import RParseError, translate_file  # imported late: --help must not start R

    code_lines = todo_lines = 0
    many = len(args.scripts) > 1
    if many and args.output not in (None, "-") and not args.check:
        Path(args.output).mkdir(parents=True, exist_ok=True)
    total = 0
    for name in args.scripts:
        script = Path(name)
        try:
            result = translate_file(script)
        except OSError as err:
            print(f"paws-bridge port: cannot read {script}: {err.strerror}", file=sys.stderr)
            return 2
        except RParseError as err:
            print(f"paws-bridge port: {script} is not valid R: {err}", file=sys.stderr)
            return 2
        total += len(result.todos)
        lines, left = coverage(script.read_text(encoding="utf-8"), result)
        code_lines += lines
        todo_lines += left
        for item in result.todos:
            print(f"{script}:{item.line}: TODO(port): {item.reason}", file=sys.stderr)
        if args.check:
            continue
        dest = _destination(script, args.output, many)
        if dest is None:
            sys.stdout.write(result.python)
        else:
            dest.write_text(result.python, encoding="utf-8")
            print(f"paws-bridge port: wrote {dest}", file=sys.stderr)
    verb = "would be" if args.check else "were"
    print(f"paws-bridge port: {total} TODO(port) item(s) {verb} left for a person",
          file=sys.stderr)
    if code_lines:
        done = code_lines - todo_lines
        print(f"paws-bridge port: {done} of {code_lines} R code lines translated without a "
              f"TODO ({100 * done / code_lines:.1f}%)", file=sys.stderr)
    differ = 0
    if args.verify:
        differ = _verify([Path(n) for n in args.scripts])
    return 1 if (args.strict and total) or differ else 0


def coverage(source: str, result) -> tuple[int, int]:
    """(R code lines, of which inside a TODO): lines with code, not only a comment."""
    code = {i for i, line in enumerate(source.splitlines(), 1)
            if line.strip() and not line.strip().startswith("#")}
    left: set[int] = set()
    for item in result.todos:
        left.update(range(item.line, item.line + item.source.count("\n") + 1))
    return len(code), len(code & left)


def _verify(scripts: list[Path]) -> int:
    """Run each script in R and as Python on one local endpoint; print the verdicts."""
    from ..local import serve
    from .verify import verify
    differ = 0
    with serve() as local:
        for script in scripts:
            verdict = verify(script, local)
            print(f"paws-bridge port --verify: {verdict}", file=sys.stderr)
            differ += not verdict.equal
    return differ
