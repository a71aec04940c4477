"""The calls-mapping table: R function calls -> Python expressions.

Each entry binds the R call's arguments the way R would (by name, then by position) and
builds the Python equivalent. A function not in the table and not defined by the script
is untranslatable: it becomes a TODO line rather than a guess.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Callable

from . import expressions as E
from . import pyast as P
from .context import PAWS_PACKAGES, Context, Untranslatable, operation_names, py_name, service_names
from .rast import Arg, Call, Dollar, Function, Index, Name, NsGet, Num, RNode, Str

Handler = Callable[[Context, "Bound"], ast.expr]
TABLE: dict[str, Handler] = {}

#: Calls handled by the statement translator (they are statements in Python).
STATEMENT_CALLS = frozenset({"stop", "return", "tryCatch", "try", "library", "require",
                             "requireNamespace", "suppressMessages",
                             "suppressPackageStartupMessages", "Sys.setenv", "stopifnot",
                             "on.exit", "set.seed", "warning"})

#: Packages whose functions the table maps when called as pkg::fn.
MAPPED_PACKAGES = frozenset({"base", "utils", "stats", "jsonlite"}) | PAWS_PACKAGES


@dataclass
class Bound:
    """A call's arguments matched to formals: `args[name]`, and `dots` for `...`."""

    call: Call
    args: dict[str, RNode]
    dots: list[Arg]

    def has(self, name: str) -> bool:
        return name in self.args

    def get(self, name: str) -> RNode | None:
        return self.args.get(name)


def bind(call: Call, formals: list[str]) -> Bound:
    """R's argument matching (exact names, then positions); `...` collects the rest."""
    args: dict[str, RNode] = {}
    dots: list[Arg] = []
    named = [f for f in formals if f != "..."]
    dots_at = formals.index("...") if "..." in formals else None
    positional: list[RNode] = []
    for a in call.args:
        if a.value is None:
            raise Untranslatable("an empty argument")
        if a.name is not None and a.name in named and a.name not in args:
            args[a.name] = a.value
        elif a.name is not None:
            if dots_at is None:
                raise Untranslatable(f"unknown argument {a.name}= to {fn_label(call)}")
            dots.append(a)
        else:
            positional.append(a.value)
    # positions fill formals before `...`; after it, only names match (R's rule)
    before = [f for f in formals[: dots_at if dots_at is not None else len(formals)]
              if f not in args]
    for f in before:
        if not positional:
            break
        args[f] = positional.pop(0)
    if positional:
        if dots_at is None:
            raise Untranslatable(f"too many arguments to {fn_label(call)}")
        dots.extend(Arg(None, v) for v in positional)
    return Bound(call, args, dots)


def fn_label(call: Call) -> str:
    fn = call.fn
    if isinstance(fn, Name):
        return f"{fn.name}()"
    if isinstance(fn, NsGet):
        return f"{fn.pkg}::{fn.name}()"
    return "a function"


def r(*names: str, formals: list[str]) -> Callable[[Callable[[Context, Bound], ast.expr]],
                                                   Callable[[Context, Bound], ast.expr]]:
    """Register a handler for R functions `names` with the given formals."""
    def register(fn: Callable[[Context, Bound], ast.expr]):
        def handler(ctx: Context, call: Call) -> ast.expr:
            return fn(ctx, bind(call, formals))
        for n in names:
            TABLE[n] = handler  # type: ignore[assignment]
        return fn
    return register


def x(node: RNode | None, ctx: Context) -> ast.expr:
    """Translate an argument (a missing one is an error of the script, kept as TODO)."""
    if node is None:
        raise Untranslatable("a required argument is missing")
    return E.expr(node, ctx)


def flag(b: Bound, name: str, default: bool) -> bool:
    """A logical argument that must be a literal TRUE/FALSE for the mapping to be exact."""
    node = b.get(name)
    if node is None:
        return default
    value = E.expr(node, Context()) if not isinstance(node, Name) else None
    if isinstance(value, ast.Constant) and isinstance(value.value, bool):
        return value.value
    raise Untranslatable(f"{name}= must be TRUE or FALSE written out")


def no_extra(b: Bound, *names: str) -> None:
    """Refuse the given arguments (their R meaning has no counterpart in the mapping)."""
    for n in names:
        if b.has(n):
            raise Untranslatable(f"the argument {n}= of {fn_label(b.call)}")


def no_dots(b: Bound) -> None:
    """Refuse arguments beyond the mapped ones (R would pass them on to methods)."""
    if b.dots:
        raise Untranslatable(f"extra arguments to {fn_label(b.call)}")


# --- dispatch ------------------------------------------------------------------------------

def translate_call(call: Call, ctx: Context) -> ast.expr:
    """Translate any R call used as a value."""
    fn = call.fn
    if isinstance(fn, Dollar):
        return method_call(call, fn, ctx)
    if isinstance(fn, NsGet):
        if fn.name in service_names() and fn.pkg in PAWS_PACKAGES:
            return service_constructor(call, ctx)
        if fn.pkg in MAPPED_PACKAGES and fn.name in TABLE:
            return TABLE[fn.name](ctx, call)
        raise Untranslatable(f"no Python mapping for {fn.pkg}::{fn.name}()")
    if isinstance(fn, Name):
        n = fn.name
        if n in ctx.functions or (n in ctx.assigned and n not in TABLE):
            return user_call(P.name(py_name(n)), call, ctx)
        if n in service_names():
            return service_constructor(call, ctx)
        if n in STATEMENT_CALLS:
            raise Untranslatable(f"{n}() used as a value")
        if n in TABLE:
            return TABLE[n](ctx, call)
        raise Untranslatable(f"no Python mapping for the R function {n}()")
    if isinstance(fn, (Call,)):
        return user_call(E.expr(fn, ctx), call, ctx)
    raise Untranslatable("a call of a computed function")


def user_call(func: ast.expr, call: Call, ctx: Context) -> ast.Call:
    """A call of a function the script defines: positions and names carried over."""
    args, kwargs = [], {}
    for a in call.args:
        if a.value is None:
            raise Untranslatable("an empty argument")
        if a.name is None:
            if kwargs:
                raise Untranslatable("a positional argument after a named one")
            args.append(E.expr(a.value, ctx))
        else:
            kwargs[py_name(a.name)] = E.expr(a.value, ctx)
    return P.call(func, args, kwargs)


def method_call(call: Call, fn: Dollar, ctx: Context) -> ast.expr:
    """`svc$operation(...)`: the service method, paws's argument names kept as they are."""
    target = E.dollar(fn, ctx)
    if not isinstance(target, ast.Attribute):
        return user_call(target, call, ctx)
    args, kwargs = [], {}
    for a in call.args:
        if a.value is None:
            raise Untranslatable("an empty argument")
        if a.name is None:
            args.append(E.expr(a.value, ctx))
        else:
            if not a.name.isidentifier():
                raise Untranslatable(f"the argument name {a.name}")
            kwargs[a.name] = E.expr(a.value, ctx)
    return P.call(target, args, kwargs)


def service_constructor(call: Call, ctx: Context) -> ast.expr:
    fn = call.fn
    svc = fn.name if isinstance(fn, (Name, NsGet)) else ""
    b = bind(call, ["config", "credentials", "endpoint", "region"])
    ctx.need("paws_bridge")
    return P.call(f"paws_bridge.{svc}", [], {k: x(v, ctx) for k, v in b.args.items()})


# --- literals ------------------------------------------------------------------------------

def _items(args: list[Arg], ctx: Context, what: str) -> ast.expr:
    if not args:
        return ast.List(elts=[], ctx=ast.Load())
    names = [a.name for a in args]
    if any(a.value is None for a in args):
        raise Untranslatable(f"an empty element in {what}")
    if all(n is not None for n in names):
        return ast.Dict(keys=[P.const(n) for n in names],
                        values=[E.expr(a.value, ctx) for a in args])  # type: ignore[arg-type]
    if any(n is not None for n in names):
        raise Untranslatable(f"{what} with some elements named and some not")
    return ast.List(elts=[E.expr(a.value, ctx) for a in args], ctx=ast.Load())  # type: ignore[arg-type]


def _literal(node: RNode | None) -> bool:
    from .rast import Const, UnaryOp
    return isinstance(node, (Str, Num)) or (isinstance(node, Const) and node.name in
                                           ("TRUE", "FALSE")) or (
        isinstance(node, UnaryOp) and node.op == "-" and isinstance(node.operand, Num))


def list_(ctx: Context, call: Call) -> ast.expr:
    """`list(a = 1)` -> dict; `list(1, 2)` -> list."""
    return _items(call.args, ctx, "list()")


def c_(ctx: Context, call: Call) -> ast.expr:
    """`c()` of literals is a list literal; of other values, R's concatenation (`_c`)."""
    args = call.args
    if not args:
        # R's NULL; an empty list here so that the usual accumulator (`x <- c()`, then
        # `x <- c(x, v)` and `length(x)`) works. is.null() on it differs: see porting.md.
        return ast.List(elts=[], ctx=ast.Load())
    if all(a.name is not None for a in args):
        return _items(args, ctx, "c()")
    if any(a.name is not None for a in args):
        raise Untranslatable("c() with some elements named and some not")
    if all(_literal(a.value) for a in args):
        if len(args) == 1:
            return E.expr(args[0].value, ctx)  # type: ignore[arg-type]
        return _items(args, ctx, "c()")
    ctx.helpers.add("c")
    return P.call("_c", [E.expr(a.value, ctx) for a in args])  # type: ignore[arg-type]


TABLE["list"] = list_
TABLE["c"] = c_


@r("character", "numeric", "logical", "integer", "double", formals=["length"])
def _empty_vector(ctx: Context, b: Bound) -> ast.expr:
    n = b.get("length")
    if n is None or (isinstance(n, Num) and n.value == 0):
        return ast.List(elts=[], ctx=ast.Load())
    raise Untranslatable("a vector of a given length")


@r("append", formals=["x", "values", "after"])
def _append(ctx: Context, b: Bound) -> ast.expr:
    no_extra(b, "after")
    ctx.helpers.add("c")
    return P.call("_c", [x(b.get("x"), ctx), x(b.get("values"), ctx)])


# --- output --------------------------------------------------------------------------------

def _simple(node: ast.expr) -> bool:
    """Safe to place inside an f-string (no quotes or backslashes of its own to clash)."""
    for sub in ast.walk(node):
        if isinstance(sub, ast.Constant) and isinstance(sub.value, str):
            if any(ch in sub.value for ch in "\\'\"{}\n"):
                return False
        if isinstance(sub, (ast.Lambda, ast.ListComp, ast.IfExp, ast.JoinedStr)):
            return False
    return True


def _is_string(node: ast.expr) -> bool:
    """An expression the translator built to produce a string (literal, f-string, % or join)."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return _is_string(node.left)
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("join", "upper", "lower", "strip", "replace", "strftime")
            or isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            and node.func.id == "str")


def concat(parts: list[ast.expr], sep: ast.expr) -> ast.expr:
    """R's paste of scalars: an f-string when that stays readable, else `sep.join(...)`."""
    if len(parts) == 1:
        return parts[0] if _is_string(parts[0]) else P.call("str", parts)
    literal = lambda p: isinstance(p, ast.Constant) and isinstance(p.value, str)  # noqa: E731
    if isinstance(sep, ast.Constant) and isinstance(sep.value, str) and all(map(literal, parts)):
        return P.const(sep.value.join(p.value for p in parts))  # type: ignore[attr-defined]
    if isinstance(sep, ast.Constant) and isinstance(sep.value, str) and all(map(_simple, parts)):
        values: list[ast.expr] = []
        for i, p in enumerate(parts):
            if i and sep.value:
                values.append(P.const(sep.value))
            if isinstance(p, ast.Constant) and isinstance(p.value, str):
                values.append(P.const(p.value))
            else:
                values.append(ast.FormattedValue(value=p, conversion=-1, format_spec=None))
        return ast.JoinedStr(values=values)
    strs = [p if isinstance(p, ast.Constant) and isinstance(p.value, str)
            else P.call("str", [p]) for p in parts]
    return P.call(P.attr(sep, "join"), [ast.List(elts=strs, ctx=ast.Load())])


def _paste(ctx: Context, b: Bound, default_sep: str) -> ast.expr:
    parts = [E.expr(a.value, ctx) for a in b.dots if a.value is not None]
    if any(a.name is not None for a in b.dots):
        raise Untranslatable(f"unknown argument to {fn_label(b.call)}")
    sep = x(b.get("sep"), ctx) if b.has("sep") else P.const(default_sep)
    if b.has("collapse"):
        if len(parts) != 1:
            raise Untranslatable("paste(..., collapse=) of several vectors")
        collapse = x(b.get("collapse"), ctx)
        return P.call(P.attr(collapse, "join"), [P.call("map", [P.name("str"), parts[0]])])
    if not parts:
        return P.const("")
    return concat(parts, sep)


@r("paste", formals=["...", "sep", "collapse"])
def _paste_(ctx: Context, b: Bound) -> ast.expr:
    return _paste(ctx, b, " ")


@r("paste0", formals=["...", "collapse"])
def _paste0(ctx: Context, b: Bound) -> ast.expr:
    return _paste(ctx, b, "")


@r("sprintf", formals=["fmt", "..."])
def _sprintf(ctx: Context, b: Bound) -> ast.expr:
    if any(a.name for a in b.dots):
        raise Untranslatable("named arguments to sprintf()")
    values = [E.expr(a.value, ctx) for a in b.dots]  # type: ignore[arg-type]
    return ast.BinOp(left=x(b.get("fmt"), ctx), op=ast.Mod(),
                     right=ast.Tuple(elts=values, ctx=ast.Load()))


@r("print", formals=["x", "..."])
def _print(ctx: Context, b: Bound) -> ast.expr:
    no_dots(b)
    return P.call("print", [x(b.get("x"), ctx)])


@r("writeLines", formals=["text", "con", "sep"])
def _writelines(ctx: Context, b: Bound) -> ast.expr:
    no_extra(b, "con", "sep")
    return P.call("print", [x(b.get("text"), ctx)])


@r("str", formals=["object", "..."])
def _str(ctx: Context, b: Bound) -> ast.expr:
    no_dots(b)
    ctx.need("pprint")
    return P.call("pprint.pprint", [x(b.get("object"), ctx)])


def _file(ctx: Context, node: RNode | None) -> dict[str, ast.expr]:
    if node is None:
        return {}
    if isinstance(node, Call) and isinstance(node.fn, Name) and node.fn.name in ("stderr", "stdout"):
        ctx.need("sys")
        return {"file": P.dotted(f"sys.{node.fn.name}")}
    raise Untranslatable("cat(file=) other than stderr()/stdout()")


@r("cat", formals=["...", "file", "sep", "fill", "labels", "append"])
def _cat(ctx: Context, b: Bound) -> ast.expr:
    no_extra(b, "fill", "labels", "append")
    if any(a.name for a in b.dots):
        raise Untranslatable("named arguments to cat()")
    values = [E.expr(a.value, ctx) for a in b.dots]  # type: ignore[arg-type]
    kwargs: dict[str, ast.expr] = {}
    if b.has("sep"):
        kwargs["sep"] = x(b.get("sep"), ctx)
    kwargs["end"] = P.const("")
    kwargs.update(_file(ctx, b.get("file")))
    return P.call("print", values, kwargs)


@r("message", formals=["...", "domain", "appendLF"])
def _message(ctx: Context, b: Bound) -> ast.expr:
    no_extra(b, "domain", "appendLF")
    ctx.need("sys")
    parts = [E.expr(a.value, ctx) for a in b.dots]  # type: ignore[arg-type]
    return P.call("print", [concat(parts, P.const("")) if parts else P.const("")],
                  {"file": P.dotted("sys.stderr")})


@r("conditionMessage", formals=["c"])
def _condition_message(ctx: Context, b: Bound) -> ast.expr:
    return P.call("str", [x(b.get("c"), ctx)])


@r("invisible", formals=["x"])
def _invisible(ctx: Context, b: Bound) -> ast.expr:
    return x(b.get("x"), ctx) if b.has("x") else P.const(None)


# --- strings -------------------------------------------------------------------------------

def _method(name: str, method: str, formals: list[str]) -> None:
    @r(name, formals=formals)
    def handler(ctx: Context, b: Bound) -> ast.expr:
        no_extra(b, *formals[1:])
        return P.call(P.attr(x(b.get(formals[0]), ctx), method))


_method("toupper", "upper", ["x"])
_method("tolower", "lower", ["x"])
_method("trimws", "strip", ["x", "which", "whitespace"])


@r("nchar", formals=["x", "type", "allowNA", "keepNA"])
def _nchar(ctx: Context, b: Bound) -> ast.expr:
    no_extra(b, "type", "allowNA", "keepNA")
    return P.call("len", [x(b.get("x"), ctx)])


@r("substr", "substring", formals=["x", "start", "stop"])
def _substr(ctx: Context, b: Bound) -> ast.expr:
    start = P.minus_one(x(b.get("start"), ctx))
    stop = x(b.get("stop"), ctx) if b.has("stop") else None
    return P.sub(x(b.get("x"), ctx), ast.Slice(lower=start, upper=stop, step=None))


@r("startsWith", formals=["x", "prefix"])
def _startswith(ctx: Context, b: Bound) -> ast.expr:
    return P.call(P.attr(x(b.get("x"), ctx), "startswith"), [x(b.get("prefix"), ctx)])


@r("endsWith", formals=["x", "suffix"])
def _endswith(ctx: Context, b: Bound) -> ast.expr:
    return P.call(P.attr(x(b.get("x"), ctx), "endswith"), [x(b.get("suffix"), ctx)])


@r("grepl", formals=["pattern", "x", "ignore.case", "perl", "fixed", "useBytes"])
def _grepl(ctx: Context, b: Bound) -> ast.expr:
    no_extra(b, "ignore.case", "useBytes")
    pattern, subject = x(b.get("pattern"), ctx), x(b.get("x"), ctx)
    if flag(b, "fixed", False):
        return P.compare(pattern, ast.In(), subject)
    ctx.need("re")
    return P.compare(P.call("re.search", [pattern, subject]), ast.IsNot(), P.const(None))


def _sub(count: int) -> Handler:
    def handler(ctx: Context, b: Bound) -> ast.expr:
        no_extra(b, "ignore.case", "useBytes")
        pattern, repl = x(b.get("pattern"), ctx), x(b.get("replacement"), ctx)
        subject = x(b.get("x"), ctx)
        if flag(b, "fixed", False):
            return P.call(P.attr(subject, "replace"), [pattern, repl] +
                          ([P.const(count)] if count else []))
        ctx.need("re")
        return P.call("re.sub", [pattern, repl, subject], {"count": P.const(count)} if count else {})
    return handler


r("sub", formals=["pattern", "replacement", "x", "ignore.case", "perl", "fixed", "useBytes"])(_sub(1))
r("gsub", formals=["pattern", "replacement", "x", "ignore.case", "perl", "fixed", "useBytes"])(_sub(0))


@r("strsplit", formals=["x", "split", "fixed", "perl", "useBytes"])
def _strsplit(ctx: Context, b: Bound) -> ast.expr:
    no_extra(b, "useBytes")
    subject, split = x(b.get("x"), ctx), x(b.get("split"), ctx)
    if flag(b, "fixed", False):
        parts = P.call(P.attr(subject, "split"), [split])
    else:
        ctx.need("re")
        parts = P.call("re.split", [split, subject])
    return ast.List(elts=[parts], ctx=ast.Load())  # R returns a list of one vector per string


@r("format", formals=["x", "format", "..."])
def _format(ctx: Context, b: Bound) -> ast.expr:
    no_dots(b)
    if b.has("format"):
        return P.call(P.attr(x(b.get("x"), ctx), "strftime"), [x(b.get("format"), ctx)])
    return P.call("str", [x(b.get("x"), ctx)])


# --- vectors and lists ---------------------------------------------------------------------

def _builtin(name: str, py: str, formals: list[str]) -> None:
    @r(name, formals=formals)
    def handler(ctx: Context, b: Bound) -> ast.expr:
        no_extra(b, *formals[1:])
        return P.call(py, [x(b.get(formals[0]), ctx)])




#: Python expressions that certainly make a list (so R's length() is len()).
_LISTY_CALLS = frozenset({"_c", "sorted", "list", "range", "paws_bridge.paginate"})


def _is_listy(node: ast.expr, ctx: Context) -> bool:
    if isinstance(node, (ast.List, ast.ListComp, ast.Dict, ast.Tuple)):
        return True
    if isinstance(node, ast.Name):
        return node.id in ctx.list_vars
    if isinstance(node, ast.Call):
        return ast.unparse(node.func) in _LISTY_CALLS
    return False


@r("length", formals=["x"])
def _length(ctx: Context, b: Bound) -> ast.expr:
    """len() on what is certainly a list; else R's rule (a scalar has length 1, None 0)."""
    value = x(b.get("x"), ctx)
    if _is_listy(value, ctx):
        return P.call("len", [value])
    ctx.helpers.add("length")
    return P.call("_length", [value])


_builtin("as.character", "str", ["x"])
_builtin("as.numeric", "float", ["x"])
_builtin("as.double", "float", ["x"])
_builtin("as.integer", "int", ["x"])
_builtin("abs", "abs", ["x"])
_builtin("sort", "sorted", ["x", "decreasing"])
_builtin("any", "any", ["x"])
_builtin("all", "all", ["x"])


@r("floor", "ceiling", "sqrt", formals=["x"])
def _math(ctx: Context, b: Bound) -> ast.expr:
    fn = b.call.fn
    rname = fn.name if isinstance(fn, (Name, NsGet)) else ""
    ctx.need("math")
    return P.call("math." + {"ceiling": "ceil"}.get(rname, rname), [x(b.get("x"), ctx)])


@r("round", formals=["x", "digits"])
def _round(ctx: Context, b: Bound) -> ast.expr:
    return P.call("round", [x(b.get("x"), ctx)] + ([x(b.get("digits"), ctx)]
                                                    if b.has("digits") else []))


@r("max", "min", "sum", formals=["...", "na.rm"])
def _reduce(ctx: Context, b: Bound) -> ast.expr:
    if b.has("na.rm"):
        raise Untranslatable("na.rm=")
    fn = b.call.fn
    rname = fn.name if isinstance(fn, (Name, NsGet)) else ""
    values = [E.expr(a.value, ctx) for a in b.dots]  # type: ignore[arg-type]
    if rname == "sum" and len(values) > 1:
        return P.call("sum", [ast.List(elts=values, ctx=ast.Load())])
    return P.call(rname, values)


@r("rev", formals=["x"])
def _rev(ctx: Context, b: Bound) -> ast.expr:
    return P.call("list", [P.call("reversed", [x(b.get("x"), ctx)])])


@r("unique", formals=["x", "..."])
def _unique(ctx: Context, b: Bound) -> ast.expr:
    no_dots(b)
    return P.call("list", [P.call("dict.fromkeys", [x(b.get("x"), ctx)])])


@r("names", formals=["x"])
def _names(ctx: Context, b: Bound) -> ast.expr:
    return P.call("list", [x(b.get("x"), ctx)])


@r("head", formals=["x", "n"])
def _head(ctx: Context, b: Bound) -> ast.expr:
    n = x(b.get("n"), ctx) if b.has("n") else P.const(6)
    if isinstance(n, ast.Constant) and n.value < 0:
        raise Untranslatable("head() with a negative n")
    return P.sub(x(b.get("x"), ctx), ast.Slice(lower=None, upper=n, step=None))


@r("tail", formals=["x", "n"])
def _tail(ctx: Context, b: Bound) -> ast.expr:
    n = x(b.get("n"), ctx) if b.has("n") else P.const(6)
    if not (isinstance(n, ast.Constant) and isinstance(n.value, int) and n.value > 0):
        raise Untranslatable("tail() with an n other than a positive number")
    return P.sub(x(b.get("x"), ctx), ast.Slice(lower=P.const(-n.value), upper=None, step=None))


@r("seq_along", formals=["along.with"])
def _seq_along(ctx: Context, b: Bound) -> ast.expr:
    return P.call("range", [P.const(1), P.plus_one(P.call("len", [x(b.get("along.with"), ctx)]))])


@r("seq_len", formals=["length.out"])
def _seq_len(ctx: Context, b: Bound) -> ast.expr:
    return P.call("range", [P.const(1), P.plus_one(x(b.get("length.out"), ctx))])


@r("setdiff", "intersect", formals=["x", "y"])
def _sets(ctx: Context, b: Bound) -> ast.expr:
    fn = b.call.fn
    keep = ast.NotIn() if isinstance(fn, (Name, NsGet)) and fn.name == "setdiff" else ast.In()
    item = P.name("_v")
    return ast.ListComp(elt=item, generators=[ast.comprehension(
        target=P.store("_v"), iter=P.call("list", [P.call("dict.fromkeys", [x(b.get("x"), ctx)])]),
        ifs=[P.compare(item, keep, x(b.get("y"), ctx))], is_async=0)])


def _mapper(ctx: Context, fun: RNode | None, extra: list[Arg]) -> tuple[str, ast.expr]:
    """The loop variable and element expression for `FUN` applied to each element."""
    if fun is None:
        raise Untranslatable("no FUN given")
    extra_args = [E.expr(a.value, ctx) for a in extra if a.name is None]  # type: ignore[arg-type]
    extra_kw = {py_name(a.name): E.expr(a.value, ctx) for a in extra if a.name}  # type: ignore[arg-type]
    if isinstance(fun, Function) and len(fun.params) >= 1 and not extra:
        try:
            body = E.unblock(fun.body)
            if len(fun.params) == 1 and not _is_statement(body):
                var = py_name(fun.params[0].name)
                return var, E.expr(body, ctx)
        except Untranslatable:
            pass
    var = "_x"
    if isinstance(fun, Name) and fun.name in TABLE and fun.name not in ctx.assigned:
        # an R function passed by name (`lapply(xs, nchar)`): map the call it stands for
        call = Call(fun, [Arg(None, Name(var))] + extra)
        return var, TABLE[fun.name](ctx, call)
    func = E.expr(fun, ctx)
    return var, P.call(func, [P.name(var)] + extra_args, extra_kw)


def _is_statement(node: RNode) -> bool:
    return isinstance(node, Call) and isinstance(node.fn, Name) and node.fn.name in STATEMENT_CALLS


def comprehension(var: str, elt: ast.expr, iterable: ast.expr, cond: ast.expr | None = None
                  ) -> ast.ListComp:
    return ast.ListComp(elt=elt, generators=[ast.comprehension(
        target=P.store(var), iter=iterable, ifs=[cond] if cond is not None else [], is_async=0)])


@r("lapply", "sapply", formals=["X", "FUN", "...", "simplify", "USE.NAMES"])
def _lapply(ctx: Context, b: Bound) -> ast.expr:
    if b.has("simplify") or b.has("USE.NAMES"):
        raise Untranslatable("sapply(simplify=/USE.NAMES=)")
    var, elt = _mapper(ctx, b.get("FUN"), b.dots)
    return comprehension(var, elt, x(b.get("X"), ctx))


@r("vapply", formals=["X", "FUN", "FUN.VALUE", "...", "USE.NAMES"])
def _vapply(ctx: Context, b: Bound) -> ast.expr:
    if b.has("USE.NAMES"):
        raise Untranslatable("vapply(USE.NAMES=)")
    var, elt = _mapper(ctx, b.get("FUN"), b.dots)
    return comprehension(var, elt, x(b.get("X"), ctx))


@r("Filter", formals=["f", "x"])
def _filter(ctx: Context, b: Bound) -> ast.expr:
    var, cond = _mapper(ctx, b.get("f"), [])
    return comprehension(var, P.name(var), x(b.get("x"), ctx), cond)


# --- predicates ----------------------------------------------------------------------------

@r("is.null", "is.na", formals=["x"])
def _is_null(ctx: Context, b: Bound) -> ast.expr:
    value = x(b.get("x"), ctx)
    if (isinstance(value, ast.Subscript) and isinstance(value.slice, ast.Constant)
            and isinstance(value.slice.value, str)) or (
            isinstance(value, ast.Subscript) and isinstance(b.get("x"), (Dollar, Index))
            and not isinstance(value.slice, (ast.Constant, ast.BinOp))):
        # R gives NULL for a name the list lacks; Python's [] would raise KeyError
        value = P.call(P.attr(value.value, "get"), [value.slice])
    return P.compare(value, ast.Is(), P.const(None))


@r("isTRUE", formals=["x"])
def _is_true(ctx: Context, b: Bound) -> ast.expr:
    return P.compare(x(b.get("x"), ctx), ast.Is(), P.const(True))


@r("isFALSE", formals=["x"])
def _is_false(ctx: Context, b: Bound) -> ast.expr:
    return P.compare(x(b.get("x"), ctx), ast.Is(), P.const(False))


@r("identical", formals=["x", "y"])
def _identical(ctx: Context, b: Bound) -> ast.expr:
    return P.compare(x(b.get("x"), ctx), ast.Eq(), x(b.get("y"), ctx))


@r("nzchar", formals=["x", "keepNA"])
def _nzchar(ctx: Context, b: Bound) -> ast.expr:
    no_extra(b, "keepNA")
    return P.compare(P.call("len", [x(b.get("x"), ctx)]), ast.Gt(), P.const(0))


_TYPES = {"is.character": "str", "is.numeric": "(int, float)", "is.logical": "bool",
          "is.list": "(list, dict)", "is.function": "callable"}


@r(*_TYPES, formals=["x"])
def _is_type(ctx: Context, b: Bound) -> ast.expr:
    fn = b.call.fn
    rname = fn.name if isinstance(fn, (Name, NsGet)) else ""
    value = x(b.get("x"), ctx)
    if rname == "is.function":
        return P.call("callable", [value])
    if rname == "is.numeric":
        return ast.BoolOp(op=ast.And(), values=[
            P.call("isinstance", [value, ast.Tuple(elts=[P.name("int"), P.name("float")],
                                                   ctx=ast.Load())]),
            ast.UnaryOp(op=ast.Not(), operand=P.call("isinstance", [value, P.name("bool")]))])
    if rname == "is.list":
        return P.call("isinstance", [value, ast.Tuple(elts=[P.name("list"), P.name("dict")],
                                                      ctx=ast.Load())])
    return P.call("isinstance", [value, P.name(_TYPES[rname])])


@r("inherits", formals=["x", "what", "which"])
def _inherits(ctx: Context, b: Bound) -> ast.expr:
    no_extra(b, "which")
    what = b.get("what")
    if not isinstance(what, Str):
        raise Untranslatable("inherits() with a class that is not a string literal")
    return P.call("isinstance", [x(b.get("x"), ctx), error_class(what.value, ctx)])


def error_class(r_class: str, ctx: Context) -> ast.expr:
    """The Python exception class for an R condition class used by a handler."""
    from .context import error_codes
    if r_class == "paws_error":
        ctx.need("paws_bridge")
        return P.dotted("paws_bridge.PawsError")
    if r_class in ("error", "simpleError", "condition"):
        return P.name("Exception")
    if r_class in error_codes():
        if ctx.top_service:
            return P.attr(P.attr(P.name(ctx.top_service), "exceptions"), r_class)
        ctx.need("paws_bridge")
        ctx.need("paws_bridge.errors")
        return P.call("paws_bridge.errors.error_class", [P.const(r_class)])
    raise Untranslatable(f"the condition class {r_class!r} has no Python exception")


# --- environment, time, files --------------------------------------------------------------

@r("Sys.getenv", formals=["x", "unset", "names", "allowNA"])
def _getenv(ctx: Context, b: Bound) -> ast.expr:
    no_extra(b, "names", "allowNA")
    ctx.need("os")
    if not b.has("x"):
        return P.call("dict", [P.dotted("os.environ")])
    unset = x(b.get("unset"), ctx) if b.has("unset") else P.const("")
    return P.call("os.environ.get", [x(b.get("x"), ctx), unset])


@r("Sys.time", formals=[])
def _sys_time(ctx: Context, b: Bound) -> ast.expr:
    ctx.need("datetime")
    return P.call("datetime.datetime.now", [P.dotted("datetime.timezone.utc")])


@r("Sys.Date", formals=[])
def _sys_date(ctx: Context, b: Bound) -> ast.expr:
    ctx.need("datetime")
    return P.call("datetime.date.today")


@r("as.POSIXct", formals=["x", "tz", "..."])
def _posixct(ctx: Context, b: Bound) -> ast.expr:
    no_dots(b)
    value = b.get("x")
    if not isinstance(value, Str):
        raise Untranslatable("as.POSIXct() of something other than a date-time string")
    ctx.need("datetime")
    parsed = P.call("datetime.datetime.fromisoformat", [P.const(value.value)])
    tz = b.get("tz")
    if tz is None:
        return P.call(P.attr(parsed, "astimezone"))  # R reads it in the local time zone
    if isinstance(tz, Str) and tz.value in ("UTC", "GMT"):
        return P.call(P.attr(parsed, "replace"), [], {"tzinfo": P.dotted("datetime.timezone.utc")})
    raise Untranslatable("as.POSIXct() with a time zone other than UTC/GMT")


@r("Sys.sleep", formals=["time"])
def _sleep(ctx: Context, b: Bound) -> ast.expr:
    ctx.need("time")
    return P.call("time.sleep", [x(b.get("time"), ctx)])


@r("file.exists", formals=["..."])
def _file_exists(ctx: Context, b: Bound) -> ast.expr:
    if len(b.dots) != 1:
        raise Untranslatable("file.exists() of several files")
    ctx.need("os")
    return P.call("os.path.exists", [x(b.dots[0].value, ctx)])


@r("readLines", formals=["con", "n", "ok", "warn", "encoding", "skipNul"])
def _readlines(ctx: Context, b: Bound) -> ast.expr:
    no_extra(b, "n", "ok", "encoding", "skipNul")
    ctx.helpers.add("read_lines")
    return P.call("_read_lines", [x(b.get("con"), ctx)])


@r("commandArgs", formals=["trailingOnly"])
def _command_args(ctx: Context, b: Bound) -> ast.expr:
    if not flag(b, "trailingOnly", False):
        raise Untranslatable("commandArgs() without trailingOnly = TRUE")
    ctx.need("sys")
    return P.sub(P.dotted("sys.argv"), ast.Slice(lower=P.const(1), upper=None, step=None))


@r("quit", "q", formals=["save", "status", "runLast"])
def _quit(ctx: Context, b: Bound) -> ast.expr:
    no_extra(b, "runLast")
    ctx.need("sys")
    return P.call("sys.exit", [x(b.get("status"), ctx)] if b.has("status") else [])


# --- JSON ----------------------------------------------------------------------------------

@r("toJSON", formals=["x", "auto_unbox", "pretty", "..."])
def _to_json(ctx: Context, b: Bound) -> ast.expr:
    no_dots(b)
    if not flag(b, "auto_unbox", False):
        raise Untranslatable("toJSON() without auto_unbox = TRUE writes scalars as arrays")
    ctx.need("json")
    kwargs = {"default": P.name("str")}
    if flag(b, "pretty", False):
        kwargs["indent"] = P.const(2)
    return P.call("json.dumps", [x(b.get("x"), ctx)], kwargs)


@r("fromJSON", "parse_json", formals=["txt", "simplifyVector"])
def _from_json(ctx: Context, b: Bound) -> ast.expr:
    ctx.need("json")
    return P.call("json.loads", [x(b.get("txt"), ctx)])


# --- paws ----------------------------------------------------------------------------------

_PAGING = ("PageSize", "MaxItems", "StartingToken", "StopOnSameToken")


def _operation(node: RNode | None, ctx: Context) -> tuple[ast.expr, str, dict[str, ast.expr]]:
    """`svc$list_users(UserPoolId = ...)` as (service, "list_users", {arguments})."""
    if not (isinstance(node, Call) and isinstance(node.fn, Dollar)
            and node.fn.name in operation_names()):
        raise Untranslatable("paginate() of something other than svc$operation(...)")
    if any(a.name is None for a in node.args):
        raise Untranslatable("a paginated call with positional arguments")
    return (E.expr(node.fn.obj, ctx), node.fn.name,
            {a.name: E.expr(a.value, ctx) for a in node.args if a.name and a.value is not None})


def _paging(ctx: Context, b: Bound) -> dict[str, ast.expr]:
    return {k: x(b.get(k), ctx) for k in _PAGING if b.has(k)}


@r("paginate", formals=["Operation", "PageSize", "MaxItems", "StartingToken", "StopOnSameToken"])
def _paginate(ctx: Context, b: Bound) -> ast.expr:
    svc, op, params = _operation(b.get("Operation"), ctx)
    ctx.need("paws_bridge")
    return P.call("paws_bridge.paginate", [P.attr(svc, op)], {**params, **_paging(ctx, b)})


@r("paginate_lapply", "paginate_sapply",
   formals=["Operation", "FUN", "...", "PageSize", "MaxItems", "StartingToken",
            "StopOnSameToken", "simplify"])
def _paginate_apply(ctx: Context, b: Bound) -> ast.expr:
    if b.has("simplify"):
        raise Untranslatable("paginate_sapply(simplify=)")
    svc, op, params = _operation(b.get("Operation"), ctx)
    var, elt = _mapper(ctx, b.get("FUN"), b.dots)
    pages = P.call(P.attr(svc, "paginate"), [P.const(op)], {**params, **_paging(ctx, b)})
    return comprehension(var, elt, pages)


@r("secret_hash", formals=["username", "client_id", "client_secret"])
def _secret_hash(ctx: Context, b: Bound) -> ast.expr:
    ctx.need("paws_bridge")
    return P.call("paws_bridge.secret_hash", [x(b.get(k), ctx) for k in
                                              ("username", "client_id", "client_secret")])


def _struct() -> Handler:
    """paws.common's config()/credentials()/creds(): the arguments given, as a dict (the
    bridge treats the defaults paws.common fills in as unset)."""
    def handler(ctx: Context, b: Bound) -> ast.expr:
        no_dots(b)
        return ast.Dict(keys=[P.const(k) for k in b.args],
                        values=[x(v, ctx) for v in b.args.values()])
    return handler


r("config", formals=["credentials", "endpoint", "region", "close_connection", "max_retries",
                     "connect_timeout", "s3_force_path_style", "sts_regional_endpoint",
                     "signature_version", "client_secret"])(_struct())
r("credentials", formals=["creds", "profile", "anonymous"])(_struct())
r("creds", formals=["access_key_id", "secret_access_key", "session_token", "access_token",
                    "expiration"])(_struct())
