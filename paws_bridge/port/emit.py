"""Python `ast` -> source text: imports and helpers on top, markers turned into comments."""

from __future__ import annotations

import ast
import re

from .context import Context
from . import helpers

_MARKER = re.compile(r"""^(\s*)(?:'|\"\"\")__PAWS_PORT_(TODO|COMMENT)_(\d+)__(?:'|\"\"\")$""")


#: third-party modules (PEP 8's second import group), imported under their usual names
_THIRD_PARTY = {"pandas": "import pandas as pd"}


def _import_lines(modules: set[str]) -> list[str]:
    """One import block in PEP 8's order: standard library, third party, paws_bridge."""
    stdlib = sorted(m for m in modules if not m.startswith("paws_bridge")
                    and m not in _THIRD_PARTY)
    groups = [[f"import {m}" for m in stdlib],
              [_THIRD_PARTY[m] for m in sorted(modules) if m in _THIRD_PARTY],
              [f"import {m}" for m in sorted(m for m in modules if m.startswith("paws_bridge"))]]
    lines: list[str] = []
    for group in groups:
        if group:
            if lines:
                lines.append("")
            lines += group
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
            at = len(out)  # above the comments that introduce the function
            while at > 0 and out[at - 1].startswith("#"):
                at -= 1
            if at > 0 and out[at - 1] != "":
                out.insert(at, "")
            if out[-1] == "" or not out[-1].startswith("#"):
                pass
            continue_line = line
            out.append(continue_line)
            continue
        if out and out[-1] != "" and not line.startswith((" ", "#")) and i > 0 \
                and lines[i - 1].startswith(" ") and not line.startswith(("else", "elif",
                                                                          "except", "finally")):
            out.append("")
        out.append(line)
    return "\n".join(out)


def emit(stmts: list[ast.stmt], ctx: Context, origin: str) -> str:
    """The translated script's text."""
    modules = set(ctx.imports)
    needed = helpers.closure(ctx.helpers)
    for helper in needed:
        modules.update(helpers.modules(helper))
    module = ast.fix_missing_locations(ast.Module(body=stmts, type_ignores=[]))
    body = _spaced(_replace_markers(ast.unparse(module), ctx))
    parts = [f"# Translated from {origin} by `paws-bridge port`."]
    if ctx.todos:
        parts.append(f"# {len(ctx.todos)} piece(s) of R are left as `# TODO(port):` comments.")
    imports = _import_lines(modules)
    if imports:
        parts += [""] + imports
    for helper in needed:
        parts.append("\n" + helpers.source(helper))
    parts += ["", "", body] if body else []
    return "\n".join(parts).rstrip("\n") + "\n"
