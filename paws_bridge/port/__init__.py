"""paws R script -> Python: `paws-bridge port script.R`.

R's own parser reads the script (through rpy2); the translator walks that parse tree and
writes Python on paws_bridge. What has no faithful equivalent is kept as commented R under
a `# TODO(port):` line, and counted: nothing is dropped silently.

    from paws_bridge.port import translate
    result = translate(open("signup.R").read(), "signup.R")
    print(result.python)          # valid Python source
    for todo in result.todos:     # what is left for a person
        print(todo.line, todo.reason)

Every emitted line keeps the R line's meaning for the values the script can see, or is a
TODO that raises NotImplementedError at run time (unless it only prints or loads).

Modules: parsetree (R parse data), rast (R syntax nodes), scan (what names are),
expressions, statements, calls (the mapping table), runtime (R's behaviours the output
needs, copied into it by helpers), emit (Python text), verify (run R and the translation
on a seeded local endpoint and compare: `paws-bridge port --verify`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .context import Context, Todo
from .parsetree import RParseError, parse_r

__all__ = ["translate", "translate_file", "PortResult", "Todo", "RParseError"]


@dataclass
class PortResult:
    """The Python text of a translated script and the TODOs left in it."""

    python: str
    todos: list[Todo]


def translate(source: str, origin: str = "script.R") -> PortResult:
    """Translate R source (a paws script) into Python source.

    Raises:
        RParseError: the source is not valid R.
    """
    from . import rast, scan, statements
    from .emit import emit

    parsed = parse_r(source)
    nodes = [rast.build(p) for p in parsed.top]
    ctx = Context(comments=parsed.comments)
    scan.scan(nodes, ctx)
    stmts = statements.block(nodes, ctx, statements.NONE)
    stmts += statements.comments_before(len(parsed.lines) + 2, ctx)
    python = emit(stmts, ctx, origin)
    compile(python, origin.removesuffix(".R") + ".py", "exec")  # the output is always Python
    return PortResult(python=python, todos=list(ctx.todos))


def translate_file(path: str | Path) -> PortResult:
    """Translate the R script at `path`."""
    p = Path(path)
    return translate(p.read_text(encoding="utf-8"), p.name)
