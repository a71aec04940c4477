"""Help text from the model's documentation: the Python docstrings (and, through
scripts/gen_rd.py, the R help pages) read like paws's help pages."""

from __future__ import annotations

import html
import re
import textwrap

from .model import Operation

_TAG = re.compile(r"<[^>]+>")


def plain(doc: str | None) -> str:
    """The model's HTML documentation as plain paragraphs."""
    if not doc:
        return ""
    text = re.sub(r"</p>\s*|<br\s*/?>", "\n\n", doc)
    text = re.sub(r"<li>", "\n- ", text)
    text = html.unescape(_TAG.sub("", text))
    paras = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paras if p)


def docstring(op: Operation) -> str:
    """A paws-style help page for one operation as a docstring."""
    lines = [plain(op.documentation).split("\n\n")[0] if op.documentation else op.api_name, ""]
    rest = plain(op.documentation).split("\n\n")[1:]
    for para in rest:
        lines += textwrap.wrap(para, 88) + [""]
    lines += ["Usage:", f"    svc.{op.name}({', '.join(_usage(op))})", "", "Arguments:"]
    shape = op.input_shape
    for name in op.arguments:
        member = shape.members[name]
        req = "[required] " if name in op.required else ""
        desc = plain(member.documentation).split("\n\n")[0]
        lines += textwrap.wrap(f"{name}: {req}{desc}", 88, initial_indent="    ",
                               subsequent_indent="        ") or [f"    {name}: {req}"]
    if not op.arguments:
        lines.append("    (none)")
    lines += ["", "Value:", "    A dict with every member of the output shape "
              f"({op.output_shape.name if op.output_shape else 'empty'})."]
    return "\n".join(lines)


def _usage(op: Operation) -> list[str]:
    return [a if a in op.required else f"{a}=None" for a in op.arguments]
