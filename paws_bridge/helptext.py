"""Help text from the model's documentation, in the structure paws's help pages have.

One structured view of an operation's help (`operation_help(op)`: title, description,
usage, arguments, value syntax, request syntax) serves two renderings: the Python
docstrings (`docstring(op)`, used by service.py) and the R help pages that
scripts/gen_rd.py writes (`rd.py` there renders the same pieces as Rd).

The model's documentation is HTML (p, code, a, ul/ol/li, dl/dt/dd, b, i, note,
important). `parse_html()` turns it into a small tree of blocks and inlines:

    blocks:  ("para", [inline, ...])
             ("list", ordered: bool, [[block, ...], ...])      one block list per item
             ("deflist", [([inline, ...], [block, ...]), ...]) term, description
    inlines: ("text", str) | ("code", str) | ("emph", [inline]) | ("strong", [inline])
             ("link", url, [inline])
"""

from __future__ import annotations

import html.parser
import re
import textwrap
from dataclasses import dataclass
from typing import Any

from .model import Operation

Inline = tuple
Block = tuple

_BLOCK_TAGS = {"p", "ul", "ol", "dl", "note", "important", "div", "li", "dt", "dd",
               "pre", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "td", "th"}
_VOID_TAGS = {"br", "hr", "img", "wbr"}


# --- HTML -> tree ------------------------------------------------------------------------

class _Node:
    __slots__ = ("tag", "attrs", "children")

    def __init__(self, tag: str, attrs: dict[str, str | None]):
        self.tag = tag
        self.attrs = attrs
        self.children: list[_Node | str] = []


class _DomBuilder(html.parser.HTMLParser):
    """A forgiving DOM: unclosed tags close with their parent, stray end tags are ignored."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = _Node(tag.lower(), dict(attrs))
        self.stack[-1].children.append(node)
        if node.tag not in _VOID_TAGS:
            self.stack.append(node)
        elif node.tag == "br":
            node.tag = "br"

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(_Node(tag.lower(), dict(attrs)))

    def handle_endtag(self, tag):
        tag = tag.lower()
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def _is_block(node: _Node | str) -> bool:
    return isinstance(node, _Node) and node.tag in _BLOCK_TAGS


def _text_of(node: _Node | str) -> str:
    if isinstance(node, str):
        return node
    if node.tag == "br":
        return " "
    return "".join(_text_of(c) for c in node.children)


def _inlines(children: list[_Node | str]) -> list[Inline]:
    out: list[Inline] = []
    for child in children:
        if isinstance(child, str):
            out.append(("text", child))
        elif child.tag == "code":
            out.append(("code", " ".join(_text_of(child).split())))
        elif child.tag in ("i", "em"):
            out.append(("emph", _inlines(child.children)))
        elif child.tag in ("b", "strong"):
            out.append(("strong", _inlines(child.children)))
        elif child.tag == "a":
            href = (child.attrs.get("href") or "").strip()
            inner = _inlines(child.children)
            out.append(("link", href, inner) if href.startswith(("http://", "https://"))
                       else ("text", _text_of(child)))
        elif child.tag == "br":
            out.append(("text", " "))
        else:  # unknown inline markup: keep its content
            out.extend(_inlines(child.children))
    return _tidy(out)


def _tidy(inlines: list[Inline]) -> list[Inline]:
    """Collapse whitespace, merge adjacent text, trim the ends; drop empty nodes."""
    merged: list[Inline] = []
    for node in inlines:
        if node[0] == "text":
            text = re.sub(r"\s+", " ", node[1])
            if merged and merged[-1][0] == "text":
                merged[-1] = ("text", merged[-1][1] + text)
            elif text:
                merged.append(("text", text))
        elif node[0] == "code":
            if node[1]:
                merged.append(node)
        elif node[0] == "link":
            merged.append(node if _plain_inlines(node[2]).strip() else ("text", node[1]))
        elif _plain_inlines(node[1]).strip():
            merged.append(node)
    merged = [("text", re.sub(r" {2,}", " ", n[1])) if n[0] == "text" else n for n in merged]
    if merged and merged[0][0] == "text":
        merged[0] = ("text", merged[0][1].lstrip())
    if merged and merged[-1][0] == "text":
        merged[-1] = ("text", merged[-1][1].rstrip())
    return [n for n in merged if not (n[0] == "text" and not n[1])]


def _blocks(children: list[_Node | str]) -> list[Block]:
    out: list[Block] = []
    pending: list[_Node | str] = []

    def flush() -> None:
        inl = _inlines(pending)
        if inl:
            out.append(("para", inl))
        pending.clear()

    for child in children:
        if not _is_block(child):
            pending.append(child)
            continue
        flush()
        tag = child.tag
        if tag in ("ul", "ol"):
            items = [_blocks(li.children) for li in child.children
                     if isinstance(li, _Node) and li.tag == "li"]
            items = [item for item in items if item]
            if items:
                out.append(("list", tag == "ol", items))
        elif tag == "dl":
            entries: list[tuple[list[Inline], list[Block]]] = []
            for node in child.children:
                if not isinstance(node, _Node):
                    continue
                if node.tag == "dt":
                    entries.append((_inlines(node.children), []))
                elif node.tag == "dd":
                    if not entries:
                        entries.append(([], []))
                    entries[-1][1].extend(_blocks(node.children))
            if entries:
                out.append(("deflist", entries))
        else:  # p, note, important, div, li outside a list, ...: their content as blocks
            out.extend(_blocks(child.children))
    flush()
    return out


def parse_html(doc: str | None) -> list[Block]:
    """The model's HTML documentation as a list of blocks."""
    if not doc:
        return []
    builder = _DomBuilder()
    builder.feed(doc)
    builder.close()
    return _blocks(builder.root.children)


# --- plain text rendering ------------------------------------------------------------------

def _plain_inlines(inlines: list[Inline]) -> str:
    parts = []
    for node in inlines:
        kind = node[0]
        if kind == "text":
            parts.append(node[1])
        elif kind == "code":
            parts.append(node[1])
        elif kind in ("emph", "strong"):
            parts.append(_plain_inlines(node[1]))
        elif kind == "link":
            parts.append(_plain_inlines(node[2]))
    return "".join(parts)


def plain_blocks(blocks: list[Block], width: int = 88, indent: str = "") -> str:
    """Blocks as wrapped plain text, paragraphs separated by blank lines."""
    chunks: list[str] = []
    for block in blocks:
        if block[0] == "para":
            text = _plain_inlines(block[1])
            chunks.append("\n".join(textwrap.wrap(text, width, initial_indent=indent,
                                                  subsequent_indent=indent)) or indent)
        elif block[0] == "list":
            lines = []
            for n, item in enumerate(block[2], 1):
                bullet = f"{n}. " if block[1] else "- "
                body = plain_blocks(item, width, indent + " " * len(bullet))
                lines.append(indent + bullet + body[len(indent) + len(bullet):])
            chunks.append("\n".join(lines))
        elif block[0] == "deflist":
            lines = []
            for term, desc in block[1]:
                lines.append(indent + _plain_inlines(term))
                if desc:
                    lines.append(plain_blocks(desc, width, indent + "    "))
            chunks.append("\n".join(lines))
    return "\n\n".join(chunks)


def plain(doc: str | None) -> str:
    """The model's HTML documentation as plain paragraphs (unwrapped, one per line pair)."""
    return "\n\n".join(_plain_inlines(b[1]) if b[0] == "para" else plain_blocks([b], 10**6)
                       for b in parse_html(doc))


def first_sentence(blocks: list[Block]) -> str:
    """The first sentence of the first paragraph, without its full stop (paws's title)."""
    for block in blocks:
        if block[0] == "para":
            text = _plain_inlines(block[1]).strip()
            match = re.match(r"(.+?[.!?])(\s+[A-Z(\"]|$)", text)
            sentence = match.group(1) if match else text
            return sentence[:-1] if sentence.endswith(".") else sentence
    return ""


# --- syntax of values (paws's "Value" and "Request syntax" sections) ------------------------

_SCALARS = {
    "string": '"string"',
    "boolean": "TRUE|FALSE",
    "integer": "123",
    "long": "123",
    "float": "123.0",
    "double": "123.0",
    "timestamp": 'as.POSIXct(\n  "2015-01-01"\n)',
    "blob": "raw",
}


def shape_syntax(shape: Any, indent: int = 0, path: tuple[str, ...] = ()) -> str:
    """A shape as the R list syntax paws's help pages show (`list(Name = "string", ...)`)."""
    pad = "  " * (indent + 1)
    close = "  " * indent
    kind = shape.type_name
    if kind == "structure":
        if shape.name in path:  # a recursive shape: show it once
            return "list()"
        if shape.metadata.get("document"):
            return "list()"
        inner = [f"{pad}{name} = {shape_syntax(member, indent + 1, path + (shape.name,))}"
                 for name, member in shape.members.items()]
        return "list(\n" + ",\n".join(inner) + f"\n{close})" if inner else "list()"
    if kind == "list":
        return f"list(\n{pad}{shape_syntax(shape.member, indent + 1, path)}\n{close})"
    if kind == "map":
        return f"list(\n{pad}{shape_syntax(shape.value, indent + 1, path)}\n{close})"
    if kind == "string" and shape.enum:
        return "|".join(f'"{v}"' for v in shape.enum)
    scalar = _SCALARS.get(kind, "list()")
    if "\n" in scalar:
        scalar = scalar.replace("\n", "\n" + close)
    return scalar


def value_syntax(op: Operation) -> str | None:
    """paws's value syntax for an operation's output, or None when it returns `list()`."""
    shape = op.output_shape
    if shape is None or not shape.members:
        return None
    return shape_syntax(shape)


def request_syntax(op: Operation, prefix: str = "svc$") -> str:
    """paws's request syntax: `svc$op(\\n  Arg = "string",\\n  ...\\n)`."""
    shape = op.input_shape
    if shape is None or not shape.members:
        return f"{prefix}{op.name}()"
    body = shape_syntax(shape)
    return f"{prefix}{op.name}(" + body[len("list("):]


# --- one operation's help -------------------------------------------------------------------

@dataclass(frozen=True)
class Argument:
    name: str
    required: bool
    blocks: list[Block]


@dataclass(frozen=True)
class OperationHelp:
    """Everything a paws help page of one operation shows."""

    service: str  # paws constructor name, e.g. "cognitoidentityprovider"
    name: str  # snake_case operation name
    api_name: str
    title: str
    description: list[Block]
    arguments: list[Argument]
    value: str | None  # the value's list syntax, or None for an empty list
    request: str  # the request syntax
    paginator: dict[str, Any] | None

    @property
    def topic(self) -> str:
        return f"{self.service}_{self.name}"

    def usage(self, prefix: str = "svc$", width: int = 80) -> str:
        """`svc$op(A, B = NULL, ...)`, one argument a line when it is too long for one."""
        args = [a.name if a.required else f"{a.name} = NULL" for a in self.arguments]
        one_line = f"{prefix}{self.name}({', '.join(args)})"
        if len(one_line) <= width or not args:
            return one_line
        return f"{prefix}{self.name}(\n" + ",\n".join(f"  {a}" for a in args) + "\n)"


def operation_help(op: Operation) -> OperationHelp:
    """The structured help of one operation, from the model."""
    description = parse_html(op.documentation)
    shape = op.input_shape
    arguments = [Argument(name, name in op.required,
                          parse_html(shape.members[name].documentation))
                 for name in op.arguments]
    return OperationHelp(
        service=op.service.paws_name, name=op.name, api_name=op.api_name,
        title=first_sentence(description) or op.api_name, description=description,
        arguments=arguments, value=value_syntax(op), request=request_syntax(op),
        paginator=dict(op.paginator) if op.paginator else None)


def docstring(op: Operation) -> str:
    """A paws-style help page for one operation as a Python docstring."""
    h = operation_help(op)
    lines = [h.title, ""]
    body = plain_blocks(h.description)
    if body:
        lines += [body, ""]
    usage = h.usage(prefix="svc.").replace(" = NULL", "=None")
    lines += ["Usage:", textwrap.indent(usage, "    "), "", "Arguments:"]
    for arg in h.arguments:
        first = plain_blocks(arg.blocks[:1], 10**6) if arg.blocks else ""
        text = f"{arg.name}: {'[required] ' if arg.required else ''}{first}".rstrip()
        lines += textwrap.wrap(text, 88, initial_indent="    ", subsequent_indent="        ")
    if not h.arguments:
        lines.append("    (none)")
    lines += ["", "Value:"]
    if h.value is None:
        lines.append("    An empty dict.")
    else:
        lines += ["    A dict with every member of the output shape; in R, a list with "
                  "this syntax:", textwrap.indent(h.value, "    ")]
    if h.arguments:
        lines += ["", "Request syntax (R's list form; in Python, dicts and lists):",
                  textwrap.indent(request_syntax(op, prefix="svc$"), "    ")]
    if h.paginator:
        lines += ["", "Paginated: see `paws_bridge.paginate` (input token "
                  f"{h.paginator['input_token']}, results in {h.paginator.get('result_key')})."]
    return "\n".join(lines)
