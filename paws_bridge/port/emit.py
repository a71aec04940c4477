"""Python `ast` -> source text: imports and helpers on top, markers turned into comments."""

from __future__ import annotations

import ast
import re

from .context import Context
from .helpers import HELPERS

_MARKER = re.compile(r"""^(\s*)(?:'|\"\"\")__PAWS_PORT_(TODO|COMMENT)_(\d+)__(?:'|\"\"\")$""")


def _import_lines(modules: set[str]) -> list[str]:
    stdlib = sorted(m for m in modules if not m.startswith("paws_bridge"))
    ours = sorted(m for m in modules if m.startswith("paws_bridge"))
    lines = [f"import {m}" for m in stdlib]
    if stdlib and ours:
        lines.append("")
    lines += [f"import {m}" for m in ours]
    return lines


def _replace_markers(code: str, ctx: Context) -> str:
    out: list[str] = []
    for line in code.splitlines():
        m = _MARKER.match(line)
        if not m:
            out.append(line)
            continue
        indent, kind, index = m.group(1), m.group(2), int(m.group(3))
        if kind == "COMMENT":
            out.append(indent + ctx.comments[index].text)
            continue
        item = ctx.todos[index]
        out.append(f"{indent}# TODO(port): {item.reason} (R line {item.line})")
        out.extend(f"{indent}# {r_line}".rstrip() for r_line in item.source.splitlines())
    return "\n".join(out)


def _spaced(code: str) -> str:
    """A blank line around top-level function definitions, as people write them."""
    lines = code.splitlines()
    out: list[str] = []
    for i, line in enumerate(lines):
        starts_def = line.startswith("def ")
        if starts_def and out and out[-1] != "":
            out.append("")
        if out and out[-1] != "" and not line.startswith((" ", "#")) and i > 0 \
                and lines[i - 1].startswith(" ") and not line.startswith(("else", "elif",
                                                                          "except", "finally")):
            out.append("")
        out.append(line)
    return "\n".join(out)


def emit(stmts: list[ast.stmt], ctx: Context, origin: str) -> str:
    """The translated script's text."""
    modules = set(ctx.imports)
    for helper in ctx.helpers:
        modules.update(HELPERS[helper][0])
    module = ast.fix_missing_locations(ast.Module(body=stmts, type_ignores=[]))
    body = _spaced(_replace_markers(ast.unparse(module), ctx))
    parts = [f"# Translated from {origin} by `paws-bridge port`."]
    if ctx.todos:
        parts.append(f"# {len(ctx.todos)} piece(s) of R are left as `# TODO(port):` comments.")
    imports = _import_lines(modules)
    if imports:
        parts += [""] + imports
    for helper in sorted(ctx.helpers):
        parts.append("\n" + HELPERS[helper][1].strip("\n"))
    parts += ["", "", body] if body else []
    return "\n".join(parts).rstrip("\n") + "\n"
