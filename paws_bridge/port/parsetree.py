"""R source -> R's own parse tree, read with `parse()` + `getParseData()` through rpy2.

R parses; Python only reads the table getParseData() returns (one row per token or
expression, each with its parent) and turns it into a tree of `PNode`s. String constants are
decoded by R too (`eval(str2lang(text))`), so every escape means what it means in R.

This module is the only one of the translator that talks to R.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class RParseError(ValueError):
    """R's parser refused the source; the message is R's."""


@dataclass
class PNode:
    """One row of getParseData(): a terminal token or an `expr` with children in source order."""

    id: int
    token: str
    text: str
    line1: int
    col1: int
    line2: int
    col2: int
    terminal: bool
    children: list["PNode"] = field(default_factory=list)
    value: str | None = None  # the decoded value of a STR_CONST

    def exprs(self) -> list["PNode"]:
        """The non-terminal children (sub-expressions)."""
        return [c for c in self.children if not c.terminal]

    def tokens(self) -> list[str]:
        """The children's token names, in order (the shape of the construct)."""
        return [c.token for c in self.children]


@dataclass
class Comment:
    """A `# ...` comment with the line it is on (and whether code precedes it there)."""

    line: int
    col: int
    text: str


@dataclass
class ParseResult:
    """The top-level expressions of a script, its comments, and its lines."""

    top: list[PNode]
    comments: list[Comment]
    lines: list[str]


_R_PARSE = r"""
function(src) {
  exprs <- tryCatch(parse(text = src, keep.source = TRUE, encoding = "UTF-8"),
                    error = function(e) e)
  if (inherits(exprs, "error")) return(list(error = conditionMessage(exprs)))
  d <- getParseData(exprs, includeText = TRUE)
  if (is.null(d)) d <- data.frame(line1 = integer(0), col1 = integer(0), line2 = integer(0),
      col2 = integer(0), id = integer(0), parent = integer(0), token = character(0),
      terminal = logical(0), text = character(0))
  strs <- d$text[d$token == "STR_CONST"]
  values <- vapply(strs, function(t) enc2utf8(as.character(eval(str2lang(t)))), "",
                   USE.NAMES = FALSE)
  list(line1 = d$line1, col1 = d$col1, line2 = d$line2, col2 = d$col2, id = d$id,
       parent = d$parent, token = d$token, terminal = d$terminal, text = enc2utf8(d$text),
       strings = values)
}
"""

_parser = None


def _r_parser():
    global _parser
    if _parser is None:
        import rpy2.robjects as ro  # embeds R in this process on first use
        _parser = ro.r(_R_PARSE)
    return _parser


def parse_r(source: str) -> ParseResult:
    """Parse R source with R's parser and return its tree.

    Raises:
        RParseError: the source is not valid R (the message is R's).
    """
    import rpy2.robjects as ro

    res = _r_parser()(ro.StrVector([source]))
    names = list(res.names)
    if "error" in names:
        raise RParseError(str(res.rx2("error")[0]))
    col = {n: list(res.rx2(n)) for n in names}
    nodes: dict[int, PNode] = {}
    parents: dict[int, int] = {}
    comments: list[Comment] = []
    strings = iter(col["strings"])
    for i in range(len(col["id"])):
        token = col["token"][i]
        if token == "COMMENT":
            comments.append(Comment(int(col["line1"][i]), int(col["col1"][i]), col["text"][i]))
            continue
        node = PNode(id=int(col["id"][i]), token=token, text=col["text"][i],
                     line1=int(col["line1"][i]), col1=int(col["col1"][i]),
                     line2=int(col["line2"][i]), col2=int(col["col2"][i]),
                     terminal=bool(col["terminal"][i]))
        if token == "STR_CONST":
            node.value = next(strings)
        nodes[node.id] = node
        parents[node.id] = int(col["parent"][i])
    top: list[PNode] = []
    for nid, node in nodes.items():
        parent = parents[nid]
        if parent in nodes:
            nodes[parent].children.append(node)
        elif parent <= 0:
            top.append(node)
    order = lambda n: (n.line1, n.col1, -n.line2, -n.col2, n.id)  # noqa: E731
    for node in nodes.values():
        node.children.sort(key=order)
    top.sort(key=order)
    comments.sort(key=lambda c: (c.line, c.col))
    return ParseResult(top=top, comments=comments, lines=source.splitlines())


_deparser = None


def deparse(text: str) -> str:
    """R's deparse() of one expression's source, as R writes it in messages
    (`nchar(x)>3` -> `nchar(x) > 3`)."""
    global _deparser
    import rpy2.robjects as ro
    if _deparser is None:
        _deparser = ro.r("function(t) paste(deparse(str2lang(t)), collapse = ' ')")
    return str(_deparser(ro.StrVector([text]))[0])
