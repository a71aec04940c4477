"""R parse tree (getParseData rows) -> a small R syntax tree the translator walks.

Each `expr` row of R's parse data has a shape given by its children's tokens: `expr '(' ...
')'` is a call, `expr '$' SYMBOL` a member, `IF '(' expr ')' expr` an if, and so on. `build()`
recognises those shapes; one it does not know becomes an `Unknown` node, which the
translator turns into a TODO line rather than guessing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .parsetree import PNode


@dataclass
class RNode:
    """Base of the R syntax nodes; `text` is the node's R source, `line1`/`line2` its lines."""

    text: str = field(default="", kw_only=True, repr=False)
    line1: int = field(default=0, kw_only=True, repr=False)
    line2: int = field(default=0, kw_only=True, repr=False)


@dataclass
class Num(RNode):
    value: int | float
    integer: bool = False  # written with an L suffix


@dataclass
class Str(RNode):
    value: str


@dataclass
class Const(RNode):
    """TRUE, FALSE, NULL, NA and its typed forms, Inf, NaN."""

    name: str


@dataclass
class Name(RNode):
    name: str


@dataclass
class NsGet(RNode):
    """`pkg::name` (or `pkg:::name`)."""

    pkg: str
    name: str


@dataclass
class Arg:
    """One argument of a call: `name = value`, or positional when name is None.

    `value` is None for an empty argument (`x[1, ]`).
    """

    name: str | None
    value: RNode | None


@dataclass
class Call(RNode):
    fn: RNode
    args: list[Arg]


@dataclass
class Dollar(RNode):
    """`obj$name` (or `obj@name` when at is True)."""

    obj: RNode
    name: str
    at: bool = False


@dataclass
class Index(RNode):
    """`obj[[...]]` (double) or `obj[...]`."""

    obj: RNode
    args: list[Arg]
    double: bool


@dataclass
class BinOp(RNode):
    op: str  # the R operator text: "+", "==", "&&", "%in%", ":", "|>" ...
    left: RNode
    right: RNode


@dataclass
class UnaryOp(RNode):
    op: str  # "-", "+", "!", "~"
    operand: RNode


@dataclass
class Assign(RNode):
    """`target <- value`, `target = value`, `value -> target` (and `<<-`, `->>`)."""

    target: RNode
    value: RNode
    op: str


@dataclass
class Paren(RNode):
    expr: RNode


@dataclass
class Block(RNode):
    stmts: list[RNode]


@dataclass
class If(RNode):
    cond: RNode
    then: RNode
    orelse: RNode | None


@dataclass
class For(RNode):
    var: str
    seq: RNode
    body: RNode


@dataclass
class While(RNode):
    cond: RNode
    body: RNode


@dataclass
class Repeat(RNode):
    body: RNode


@dataclass
class Param:
    name: str
    default: RNode | None


@dataclass
class Function(RNode):
    params: list[Param]
    body: RNode


@dataclass
class Next(RNode):
    pass


@dataclass
class Break(RNode):
    pass


@dataclass
class Unknown(RNode):
    """A construct this builder does not recognise (kept as a TODO by the translator)."""

    what: str


_BINARY = {"'+'", "'-'", "'*'", "'/'", "'^'", "GT", "GE", "LT", "LE", "EQ", "NE", "AND",
           "AND2", "OR", "OR2", "SPECIAL", "':'", "'~'", "PIPE", "'?'"}
_ASSIGN = {"LEFT_ASSIGN", "EQ_ASSIGN", "RIGHT_ASSIGN"}
_CONSTS = {"TRUE", "FALSE", "NULL", "NA", "NA_integer_", "NA_real_", "NA_character_",
           "NA_complex_", "Inf", "NaN"}


def _unquote(name: str) -> str:
    """A backquoted R name (`` `__type` ``) without its quotes."""
    return name[1:-1] if len(name) >= 2 and name[0] == name[-1] == "`" else name


def _pos(node: RNode, p: PNode) -> RNode:
    node.text, node.line1, node.line2 = p.text, p.line1, p.line2
    return node


def build(p: PNode) -> RNode:
    """The R syntax node for one parse-data `expr` (or terminal) row."""
    return _pos(_build(p), p)


def _num(text: str) -> RNode:
    if text in _CONSTS:
        return Const(text)
    integer = text.endswith("L")
    body = text[:-1] if integer else text
    if body.endswith("i"):
        return Unknown(f"complex number {text}")
    try:
        value = int(body, 16) if body.lower().startswith("0x") else float(body)
    except ValueError:
        return Unknown(f"number {text}")
    if integer or (isinstance(value, float) and value.is_integer() and abs(value) < 2**53):
        value = int(value)
    return Num(value, integer=integer)


def _args(children: list[PNode]) -> list[Arg]:
    """Split the children between the brackets of a call or index into arguments."""
    args: list[Arg] = []
    name: str | None = None
    value: RNode | None = None
    seen = False
    for c in children:
        if c.token == "','":
            args.append(Arg(name, value))
            name, value, seen = None, None, False
        elif c.token in ("SYMBOL_SUB", "STR_CONST") and not seen and c.terminal:
            name = c.value if c.token == "STR_CONST" else _unquote(c.text)
            seen = True
        elif c.token == "NULL_CONST" and not seen and c.terminal:
            name, seen = "NULL", True  # `NULL = value`: rare, kept as a name
        elif c.token == "EQ_SUB":
            pass
        else:
            value = build(c)
            seen = True
    if args or seen or value is not None:
        args.append(Arg(name, value))
    return args


def _formals(children: list[PNode]) -> list[Param]:
    params: list[Param] = []
    for c in children:
        if c.token == "SYMBOL_FORMALS":
            params.append(Param(_unquote(c.text), None))
        elif not c.terminal and params:
            params[-1].default = build(c)
    return params


def _build(p: PNode) -> RNode:
    if p.terminal:
        t = p.token
        if t == "NUM_CONST":
            return _num(p.text)
        if t == "STR_CONST":
            return Str(p.value if p.value is not None else p.text)
        if t == "NULL_CONST":
            return Const("NULL")
        if t in ("SYMBOL", "SYMBOL_FUNCTION_CALL"):
            return Name(_unquote(p.text))
        if t == "NEXT":
            return Next()
        if t == "BREAK":
            return Break()
        return Unknown(f"token {t}")
    kids = p.children
    toks = p.tokens()
    if len(kids) == 1:
        return _build(kids[0])
    if len(toks) >= 3 and toks[0] in ("SYMBOL_PACKAGE",) and toks[1] in ("NS_GET", "NS_GET_INT"):
        return NsGet(kids[0].text, kids[2].text)
    if toks[0] == "expr" and len(toks) >= 3 and toks[1] == "'('" and toks[-1] == "')'":
        return Call(build(kids[0]), _args(kids[2:-1]))
    if toks[0] == "expr" and len(toks) == 3 and toks[1] in ("'$'", "'@'"):
        member = kids[2].value if kids[2].token == "STR_CONST" else _unquote(kids[2].text)
        return Dollar(build(kids[0]), member, at=toks[1] == "'@'")
    if toks[0] == "expr" and len(toks) >= 4 and toks[1] == "LBB":
        return Index(build(kids[0]), _args(kids[2:-2]), double=True)
    if toks[0] == "expr" and len(toks) >= 3 and toks[1] == "'['":
        return Index(build(kids[0]), _args(kids[2:-1]), double=False)
    if len(toks) == 3 and toks[1] in _ASSIGN:
        op = kids[1].text
        if toks[1] == "RIGHT_ASSIGN":
            return Assign(build(kids[2]), build(kids[0]), op)
        return Assign(build(kids[0]), build(kids[2]), op)
    if len(toks) == 3 and toks[1] in _BINARY:
        return BinOp(kids[1].text, build(kids[0]), build(kids[2]))
    if len(toks) == 2 and toks[0] in ("'-'", "'+'", "'!'", "'~'", "'?'"):
        return UnaryOp(kids[0].text, build(kids[1]))
    if toks[0] == "'('" and len(toks) == 3:
        return Paren(build(kids[1]))
    if toks[0] == "'{'":
        return Block([build(c) for c in kids[1:-1] if c.token != "';'"])
    if toks[0] == "IF":
        cond, then = build(kids[2]), build(kids[4])
        orelse = build(kids[6]) if len(kids) > 6 and toks[5] == "ELSE" else None
        return If(cond, then, orelse)
    if toks[0] == "FOR":
        fc = kids[1].children  # forcond: '(' SYMBOL IN expr ')'
        return For(_unquote(fc[1].text), build(fc[3]), build(kids[2]))
    if toks[0] == "WHILE":
        return While(build(kids[2]), build(kids[4]))
    if toks[0] == "REPEAT":
        return Repeat(build(kids[1]))
    if toks[0] in ("FUNCTION", "'\\\\'"):
        return Function(_formals(kids[2:-2]), build(kids[-1]))
    return Unknown(" ".join(toks))
