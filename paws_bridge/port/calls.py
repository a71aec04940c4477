"""The calls-mapping table: R function calls -> Python expressions.

Each entry binds the R call's arguments the way R would (by name, then by position) and
builds the Python equivalent. A function not in the table and not defined by the script
is untranslatable: it becomes a TODO line rather than a guess.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import Callable

from . import expressions as E
from . import pyast as P
from .context import PAWS_PACKAGES, Context, Untranslatable, py_name, service_names
from .rast import Arg, Call, Dollar, Function, Index, Name, NsGet, Num, RNode, Str
from .scan import is_constructor

Handler = Callable[[Context, "Bound"], ast.expr]
TABLE: dict[str, Handler] = {}

#: Calls handled by the statement translator (they are statements in Python).
STATEMENT_CALLS = frozenset({"stop", "return", "tryCatch", "try", "library", "require",
                             "requireNamespace", "suppressMessages",
                             "suppressPackageStartupMessages", "Sys.setenv", "stopifnot",
                             "on.exit", "set.seed", "warning"})

#: Packages whose functions the table maps when called as pkg::fn.
MAPPED_PACKAGES = frozenset({"base", "utils", "stats", "jsonlite", "purrr", "dplyr", "tibble",
                             "glue", "openssl", "digest", "magrittr", "base64enc"}) | PAWS_PACKAGES


#: R functions whose mapping works on whole columns inside dplyr verbs
MASK_SAFE = frozenset({"is.na", "nchar", "toupper", "tolower", "trimws", "startsWith", "grepl",
                       "n", "c", "abs", "round", "desc"})


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
    if isinstance(fn, Index) and fn.double and len(fn.args) == 1 and isinstance(fn.args[0].value, Str):
        # svc[["op"]](...) is svc$op(...)
        as_dollar = Dollar(fn.obj, fn.args[0].value.value, text=fn.text, line1=fn.line1,
                           line2=fn.line2)
        return method_call(call, as_dollar, ctx)
    if isinstance(fn, Index) and fn.double and E.is_service(fn.obj, ctx) and len(fn.args) == 1:
        method = P.call("getattr", [E.expr(fn.obj, ctx), x(fn.args[0].value, ctx)])
        return _call_with(method, call, ctx, keep_names=True)
    if isinstance(fn, Dollar):
        return method_call(call, fn, ctx)
    if isinstance(fn, NsGet):
        if fn.name in service_names() and fn.pkg in PAWS_PACKAGES and is_constructor(call):
            return service_constructor(call, ctx)
        if fn.pkg in MAPPED_PACKAGES and fn.name in TABLE:
            return TABLE[fn.name](ctx, call)
        raise Untranslatable(f"no Python mapping for {fn.pkg}::{fn.name}()")
    if ctx.mask is not None:
        label = fn.name if isinstance(fn, (Name, NsGet)) else ""
        if label not in MASK_SAFE or (isinstance(fn, Name) and label in ctx.functions):
            raise Untranslatable(f"{label or 'a call'}() inside a dplyr verb (applied to whole "
                                 "columns there)")
    if isinstance(fn, Name):
        n = fn.name
        if n in ctx.functions or (n in ctx.assigned and n not in TABLE):
            return _call_with(P.name(py_name(n)), call, ctx, keep_names=False,
                              formals=ctx.formals.get(n))
        if n in service_names() and is_constructor(call):
            return service_constructor(call, ctx)
        if n in STATEMENT_CALLS:
            raise Untranslatable(f"{n}() used as a value")
        if n in TABLE:
            return TABLE[n](ctx, call)
        raise Untranslatable(f"no Python mapping for the R function {n}()")
    if isinstance(fn, (Call,)):
        return user_call(E.expr(fn, ctx), call, ctx)
    raise Untranslatable("a call of a computed function")


def _is_dots(node: RNode | None) -> bool:
    return isinstance(node, Name) and node.name == "..."


def _call_with(func: ast.expr, call: Call, ctx: Context, keep_names: bool,
               formals: list[str] | None = None) -> ast.Call:
    """A Python call with the R call's arguments: positions, names (paws's names kept as
    they are for operations, snake_case for the script's own functions) and `...` passed
    on as *args, **kwargs."""
    args: list[ast.expr] = []
    keywords: list[ast.keyword] = []
    for a in call.args:
        if a.value is None:
            raise Untranslatable("an empty argument")
        if _is_dots(a.value):
            if not ctx.dots:
                raise Untranslatable("`...` outside a function that has it")
            args.append(ast.Starred(value=P.name("args"), ctx=ast.Load()))
            keywords.append(ast.keyword(arg=None, value=P.name("kwargs")))
        elif a.name is None:
            if keywords and not keep_names:
                raise Untranslatable("a positional argument after a named one")
            args.append(E.expr(a.value, ctx))
        else:
            if keep_names and not a.name.isidentifier():
                raise Untranslatable(f"the argument name {a.name}")
            # a name that matches no formal goes on through `...`: as it is written
            passed_on = formals is not None and "..." in formals and a.name not in formals
            if (keep_names or passed_on) and not a.name.isidentifier():
                raise Untranslatable(f"the argument name {a.name}")
            keywords.append(ast.keyword(arg=a.name if keep_names or passed_on
                                        else py_name(a.name), value=E.expr(a.value, ctx)))
    # Python wants **kwargs last: move it behind the named arguments
    keywords.sort(key=lambda k: k.arg is None)
    return ast.Call(func=func, args=args, keywords=keywords)


def user_call(func: ast.expr, call: Call, ctx: Context) -> ast.Call:
    """A call of a function the script defines: positions and names carried over."""
    return _call_with(func, call, ctx, keep_names=False)


def method_call(call: Call, fn: Dollar, ctx: Context) -> ast.expr:
    """`svc$operation(...)`: the service method, paws's argument names kept as they are."""
    target = E.dollar(fn, ctx)
    if not isinstance(target, ast.Attribute):
        return user_call(target, call, ctx)
    return _call_with(target, call, ctx, keep_names=True)


def service_constructor(call: Call, ctx: Context) -> ast.expr:
    fn = call.fn
    svc = fn.name if isinstance(fn, (Name, NsGet)) else ""
    b = bind(call, ["config", "credentials", "endpoint", "region"])
    ctx.need("paws_bridge")
    from ..registry import python_name
    return P.call(f"paws_bridge.{python_name(svc)}", [], {k: x(v, ctx) for k, v in b.args.items()})


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
    """`list(a = 1)` -> dict; `list(1, 2)` -> list; `list(...)` -> what the caller gave."""
    if len(call.args) == 1 and _is_dots(call.args[0].value):
        if not ctx.dots:
            raise Untranslatable("`...` outside a function that has it")
        ctx.helpers.add("dots_list")
        return P.call("_dots_list", [P.name("args"), P.name("kwargs")])
    if any(_is_dots(a.value) for a in call.args):
        raise Untranslatable("list() of `...` and other elements")
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
    if isinstance(node, ast.Attribute) and node.attr == "message":
        return True
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("join", "upper", "lower", "strip", "replace", "strftime",
                                   "decode", "hexdigest", "get")
            and not (node.func.attr == "get" and ast.unparse(node.func) != "os.environ.get")
            or isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            and node.func.id in ("str", "_r_str"))


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


#: R functions whose value is certainly one string
_TEXT_CALLS = frozenset({"paste", "paste0", "sprintf", "toupper", "tolower", "trimws",
                         "Sys.getenv", "conditionMessage", "as.character", "format", "substr",
                         "substring", "sub", "gsub", "glue", "base64_encode", "base64_enc",
                         "sha256", "hmac", "digest", "secret_hash", "toJSON", "basename"})
#: R functions whose value is certainly one whole number (R integer)
_INTEGER_CALLS = frozenset({"length", "nchar", "nrow", "ncol", "as.integer", "seq_len"})


def is_text(node: RNode, ctx: Context) -> bool:
    """True when the R value is certainly one string (so Python formats it as R does)."""
    if isinstance(node, Str):
        return True
    if isinstance(node, Name):
        return node.name in ctx.string_vars
    if isinstance(node, Call) and isinstance(node.fn, (Name, NsGet)):
        if node.fn.name in ("sha256", "hmac"):
            return False  # raw with a key or raw input; handled by their own mapping
        return node.fn.name in _TEXT_CALLS
    if isinstance(node, Dollar) and isinstance(node.obj, Name) and node.obj.name in ctx.error_vars:
        return node.name == "message"
    return False


def is_integer(node: RNode, ctx: Context) -> bool:
    """True when the R value is certainly a whole number R prints without a decimal."""
    if isinstance(node, Num):
        return node.integer or abs(node.value) < 100000
    if isinstance(node, Call) and isinstance(node.fn, (Name, NsGet)):
        return node.fn.name in _INTEGER_CALLS
    if isinstance(node, Name):
        return node.name in ctx.int_vars
    return False


def as_text(node: RNode, value: ast.expr, ctx: Context) -> ast.expr:
    """`value` as R's as.character() writes it: strings as they are, whole numbers with
    str(), anything else through `_r_str` (TRUE, 1e+05, 0.333333333333333, NULL -> "")."""
    if is_text(node, ctx) or _is_string(value):
        return value
    from .rast import Const
    if isinstance(node, Const) and node.name.startswith("NA"):
        return P.const("NA")
    if isinstance(value, ast.Constant):  # a literal: written now, as R writes it
        from .runtime import _r_str
        return P.const(_r_str(value.value))
    if is_integer(node, ctx):
        return value
    ctx.helpers.add("r_str")
    return P.call("_r_str", [value])


def paste_parts(nodes: list[RNode], sep: str, ctx: Context) -> ast.expr:
    """paste()/paste0()/stop()/message() of single values, formatted as R formats them."""
    parts = [as_text(n, E.expr(n, ctx), ctx) for n in nodes]
    if not parts:
        return P.const("")
    return concat(parts, P.const(sep))


def _paste(ctx: Context, b: Bound, default_sep: str) -> ast.expr:
    if any(a.name is not None for a in b.dots):
        raise Untranslatable(f"unknown argument to {fn_label(b.call)}")
    nodes = [a.value for a in b.dots if a.value is not None]
    if b.has("collapse"):
        if len(nodes) != 1:
            raise Untranslatable("paste(..., collapse=) of several vectors")
        collapse = x(b.get("collapse"), ctx)
        ctx.helpers.add("r_str")
        return P.call(P.attr(collapse, "join"), [P.call("map", [P.name("_r_str"),
                                                               x(nodes[0], ctx)])])
    sep_node = b.get("sep")
    if sep_node is not None and not isinstance(sep_node, Str):
        raise Untranslatable("paste(sep=) that is not a string literal")
    sep = sep_node.value if isinstance(sep_node, Str) else default_sep
    return paste_parts(nodes, sep, ctx)


@r("paste", formals=["...", "sep", "collapse"])
def _paste_(ctx: Context, b: Bound) -> ast.expr:
    return _paste(ctx, b, " ")


@r("paste0", formals=["...", "collapse"])
def _paste0(ctx: Context, b: Bound) -> ast.expr:
    return _paste(ctx, b, "")


_CONVERSION = re.compile(r"%(?:%|([-+ 0#]*)(\d*)(?:\.(\d+))?([sdifeEgGxXo]))")


@r("sprintf", formals=["fmt", "..."])
def _sprintf(ctx: Context, b: Bound) -> ast.expr:
    """sprintf() of a literal format: `%s` values formatted as R does, the rest by `%`."""
    if any(a.name for a in b.dots):
        raise Untranslatable("named arguments to sprintf()")
    fmt = b.get("fmt")
    if not isinstance(fmt, Str):
        raise Untranslatable("sprintf() of a format that is not a string literal")
    kinds = [m.group(4) for m in _CONVERSION.finditer(fmt.value) if m.group(0) != "%%"]
    if "*" in fmt.value or len(kinds) != len(b.dots):
        raise Untranslatable("sprintf() whose conversions do not match its arguments")
    values = []
    for kind, a in zip(kinds, b.dots):
        value = E.expr(a.value, ctx)  # type: ignore[arg-type]
        values.append(as_text(a.value, value, ctx) if kind == "s" else value)  # type: ignore[arg-type]
    if len(values) == 1:
        return ast.BinOp(left=P.const(fmt.value), op=ast.Mod(),
                         right=ast.Tuple(elts=values, ctx=ast.Load()))
    return ast.BinOp(left=P.const(fmt.value), op=ast.Mod(),
                     right=ast.Tuple(elts=values, ctx=ast.Load()))


@r("glue", formals=["...", ".sep", ".envir", ".open", ".close", ".na", ".null", ".trim"])
def _glue(ctx: Context, b: Bound) -> ast.expr:
    """glue("Hello {name}") as an f-string; the R inside braces is translated."""
    from . import rast
    from .parsetree import parse_r
    for extra in (".sep", ".envir", ".open", ".close", ".na", ".null", ".trim"):
        no_extra(b, extra)
    unnamed = [a for a in b.dots if a.name is None]
    named = {a.name: a.value for a in b.dots if a.name is not None}
    if len(unnamed) != 1 or not isinstance(unnamed[0].value, Str):
        raise Untranslatable("glue() of anything but one string literal")
    template = unnamed[0].value.value
    if "\n" in template:
        raise Untranslatable("a multi-line glue() template (glue trims its indentation)")
    parts: list[ast.expr] = []
    i, text = 0, ""
    while i < len(template):
        ch = template[i]
        if template.startswith("{{", i) or template.startswith("}}", i):
            text += ch
            i += 2
            continue
        if ch == "{":
            end = template.find("}", i)
            if end < 0:
                raise Untranslatable("an unclosed brace in glue()")
            if text:
                parts.append(P.const(text))
                text = ""
            code = template[i + 1:end]
            nodes = [rast.build(p) for p in parse_r(code).top]
            if len(nodes) != 1:
                raise Untranslatable("glue() braces with several expressions")
            node = nodes[0]
            if isinstance(node, Name) and node.name in named:
                node = named[node.name]  # type: ignore[assignment]
            parts.append(as_text(node, E.expr(node, ctx), ctx))
            i = end + 1
            continue
        text += ch
        i += 1
    if text:
        parts.append(P.const(text))
    return concat(parts, P.const("")) if parts else P.const("")


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
    text = paste_parts([a.value for a in b.dots if a.value is not None], "", ctx)
    return P.call("print", [text], {"file": P.dotted("sys.stderr")})


@r("conditionMessage", formals=["c"])
def _condition_message(ctx: Context, b: Bound) -> ast.expr:
    return P.call("str", [x(b.get("c"), ctx)])


@r("suppressWarnings", "suppressMessages", formals=["expr", "classes"])
def _suppress(ctx: Context, b: Bound) -> ast.expr:
    """The value of `expr` (R's muffling changes no value; Python may still print)."""
    no_extra(b, "classes")
    return x(b.get("expr"), ctx)


@r("invisible", formals=["x"])
def _invisible(ctx: Context, b: Bound) -> ast.expr:
    return x(b.get("x"), ctx) if b.has("x") else P.const(None)


# --- strings -------------------------------------------------------------------------------

def _method(name: str, method: str, formals: list[str]) -> None:
    @r(name, formals=formals)
    def handler(ctx: Context, b: Bound) -> ast.expr:
        no_extra(b, *formals[1:])
        value = x(b.get(formals[0]), ctx)
        if ctx.mask is not None:
            value = P.attr(value, "str")
        return P.call(P.attr(value, method))


_method("toupper", "upper", ["x"])
_method("tolower", "lower", ["x"])
_method("trimws", "strip", ["x", "which", "whitespace"])


@r("nchar", formals=["x", "type", "allowNA", "keepNA"])
def _nchar(ctx: Context, b: Bound) -> ast.expr:
    """len() of what is certainly a string; else R's rule (the characters of the value as
    R writes it: nchar(123) is 3)."""
    no_extra(b, "type", "allowNA", "keepNA")
    node = b.get("x")
    value = x(node, ctx)
    if ctx.mask is not None:
        return P.call(P.attr(P.attr(value, "str"), "len"))
    if is_text(node, ctx) or _is_string(value):  # type: ignore[arg-type]
        return P.call("len", [value])
    if isinstance(value, ast.Constant) and value.value is not None:
        from .runtime import _nchar
        return P.const(_nchar(value.value))  # nchar(12345) is 5
    ctx.helpers.add("nchar")
    return P.call("_nchar", [value])


@r("substr", "substring", formals=["x", "start", "stop"])
def _substr(ctx: Context, b: Bound) -> ast.expr:
    start = P.minus_one(x(b.get("start"), ctx))
    stop = x(b.get("stop"), ctx) if b.has("stop") else None
    return P.sub(x(b.get("x"), ctx), ast.Slice(lower=start, upper=stop, step=None))


@r("startsWith", formals=["x", "prefix"])
def _startswith(ctx: Context, b: Bound) -> ast.expr:
    if ctx.mask is not None:
        return P.call(P.attr(P.attr(x(b.get("x"), ctx), "str"), "startswith"),
                      [x(b.get("prefix"), ctx)])
    return P.call(P.attr(x(b.get("x"), ctx), "startswith"), [x(b.get("prefix"), ctx)])


@r("endsWith", formals=["x", "suffix"])
def _endswith(ctx: Context, b: Bound) -> ast.expr:
    return P.call(P.attr(x(b.get("x"), ctx), "endswith"), [x(b.get("suffix"), ctx)])


def regex(ctx: Context, b: Bound, pattern_arg: str = "pattern") -> ast.expr:
    """The Python pattern for R's `pattern` with its perl/ignore.case flags: converted now
    when it is a literal (an error in the conversion leaves a TODO), at run time otherwise."""
    from .runtime import _r_regex
    perl = flag(b, "perl", False)
    ignore_case = flag(b, "ignore.case", False)
    node = b.get(pattern_arg)
    if isinstance(node, Str):
        try:
            return P.const(_r_regex(node.value, perl=perl, ignore_case=ignore_case))
        except NotImplementedError as err:
            raise Untranslatable(f"the regular expression {node.value!r}: {err}") from None
    ctx.helpers.add("r_regex")
    kwargs = {}
    if perl:
        kwargs["perl"] = P.const(True)
    if ignore_case:
        kwargs["ignore_case"] = P.const(True)
    return P.call("_r_regex", [x(node, ctx)], kwargs)


def _fixed(b: Bound) -> bool:
    fixed = flag(b, "fixed", False)
    if fixed and flag(b, "ignore.case", False):
        raise Untranslatable("fixed = TRUE with ignore.case = TRUE (R ignores ignore.case)")
    return fixed


@r("grepl", formals=["pattern", "x", "ignore.case", "perl", "fixed", "useBytes"])
def _grepl(ctx: Context, b: Bound) -> ast.expr:
    no_extra(b, "useBytes")
    subject = x(b.get("x"), ctx)
    if _fixed(b):
        return P.compare(x(b.get("pattern"), ctx), ast.In(), subject)
    ctx.need("re")
    if ctx.mask is not None:
        return P.call(P.attr(P.attr(subject, "str"), "contains"), [regex(ctx, b)],
                      {"regex": P.const(True)})
    return P.compare(P.call("re.search", [regex(ctx, b), subject]), ast.IsNot(), P.const(None))


def _replacement(ctx: Context, b: Bound) -> ast.expr:
    from .runtime import _r_replacement
    node = b.get("replacement")
    perl = flag(b, "perl", False)
    if isinstance(node, Str):
        try:
            return P.const(_r_replacement(node.value, perl=perl))
        except NotImplementedError as err:
            raise Untranslatable(f"the replacement {node.value!r}: {err}") from None
    ctx.helpers.add("r_replacement")
    return P.call("_r_replacement", [x(node, ctx)], {"perl": P.const(True)} if perl else {})


def _sub(count: int) -> Handler:
    def handler(ctx: Context, b: Bound) -> ast.expr:
        no_extra(b, "useBytes")
        subject = x(b.get("x"), ctx)
        if _fixed(b):
            repl = x(b.get("replacement"), ctx)
            return P.call(P.attr(subject, "replace"), [x(b.get("pattern"), ctx), repl] +
                          ([P.const(count)] if count else []))
        ctx.need("re")
        return P.call("re.sub", [regex(ctx, b), _replacement(ctx, b), subject],
                      {"count": P.const(count)} if count else {})
    return handler


r("sub", formals=["pattern", "replacement", "x", "ignore.case", "perl", "fixed", "useBytes"])(_sub(1))
r("gsub", formals=["pattern", "replacement", "x", "ignore.case", "perl", "fixed", "useBytes"])(_sub(0))


@r("strsplit", formals=["x", "split", "fixed", "perl", "useBytes"])
def _strsplit(ctx: Context, b: Bound) -> ast.expr:
    """strsplit(x, split)[[1]]: R drops one trailing empty piece; split = "" splits into
    characters; a zero-length match is refused."""
    no_extra(b, "useBytes")
    subject = x(b.get("x"), ctx)
    split = b.get("split")
    if isinstance(split, Str) and split.value == "":
        parts: ast.expr = P.call("list", [subject])
    else:
        ctx.helpers.add("strsplit")
        if _fixed(b):
            parts = P.call("_strsplit", [subject, x(split, ctx)], {"fixed": P.const(True)})
        else:
            b.args["pattern"] = split  # type: ignore[assignment]
            parts = P.call("_strsplit", [subject, regex(ctx, b)])
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
_LISTY_CALLS = frozenset({"_c", "sorted", "list", "range", "paws_bridge.paginate",
                          "_bind_rows", "_data_frame"})


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


@r("as.character", formals=["x"])
def _as_character(ctx: Context, b: Bound) -> ast.expr:
    node = b.get("x")
    return as_text(node, x(node, ctx), ctx)  # type: ignore[arg-type]


_NUMBER_TEXT = re.compile(r"\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*")


def _coerce(helper: str, py_literal: str | None) -> Handler:
    def handler(ctx: Context, b: Bound) -> ast.expr:
        node = b.get("x")
        value = x(node, ctx)
        if py_literal and isinstance(node, Str) and _NUMBER_TEXT.fullmatch(node.value):
            return P.call(py_literal, [value])  # a number written as text: exact as is
        if py_literal == "float" and isinstance(node, Num):
            return P.const(float(node.value))
        ctx.helpers.add(helper)
        return P.call("_" + helper, [value])
    return handler


for _name in ("as.numeric", "as.double"):
    r(_name, formals=["x"])(_coerce("as_numeric", "float"))
r("as.integer", formals=["x"])(_coerce("as_integer", None))
r("as.logical", formals=["x"])(_coerce("as_logical", None))
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
    """The keys of a named list (a dict); NULL (None) for an unnamed one, as in R."""
    node = b.get("x")
    if _named_list(node, ctx):
        return P.call("list", [x(node, ctx)])
    ctx.helpers.add("names")
    return P.call("_names", [x(node, ctx)])


@r("match.arg", formals=["arg", "choices", "several.ok"])
def _match_arg(ctx: Context, b: Bound) -> ast.expr:
    no_extra(b, "several.ok")
    arg = b.get("arg")
    if b.has("choices"):
        choices = x(b.get("choices"), ctx)
    elif isinstance(arg, Name) and arg.name in ctx.choices:
        choices = ast.List(elts=[P.const(c) for c in ctx.choices[arg.name]], ctx=ast.Load())
    else:
        raise Untranslatable("match.arg() of an argument without a vector of choices")
    ctx.helpers.add("match_arg")
    return P.call("_match_arg", [x(arg, ctx), choices])


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


def _mapper(ctx: Context, fun: RNode | None, extra: list[Arg], arity: int = 1
            ) -> tuple[list[str], ast.expr]:
    """The loop variables and element expression for `FUN` applied to each element: an R
    function literal's body inline, a purrr lambda (`~ .x$Name`), a string (purrr's
    extractor, `map_chr(users, "Username")`), or a call of the named function."""
    from .rast import UnaryOp
    if fun is None:
        raise Untranslatable("no FUN given")
    if any(_is_dots(a.value) for a in extra):
        raise Untranslatable("`...` passed on to FUN")
    extra_args = [E.expr(a.value, ctx) for a in extra if a.name is None]  # type: ignore[arg-type]
    extra_kw = {py_name(a.name): E.expr(a.value, ctx) for a in extra if a.name}  # type: ignore[arg-type]
    if isinstance(fun, Function) and len(fun.params) == arity and not extra \
            and all(p.default is None and p.name != "..." for p in fun.params):
        try:
            body = E.unblock(fun.body)
            if not _is_statement(body):
                saved = dict(ctx.aliases)
                for p in fun.params:
                    ctx.aliases.pop(p.name, None)
                try:
                    return [py_name(p.name) for p in fun.params], E.expr(body, ctx)
                finally:
                    ctx.aliases = saved
        except Untranslatable:
            pass
    if isinstance(fun, UnaryOp) and fun.op == "~" and not extra:
        names = ["_x"] if arity == 1 else ["_x", "_y"]
        saved = dict(ctx.aliases)
        ctx.aliases.update({".x": "_x", ".": "_x", "..1": "_x"})
        if arity == 2:
            ctx.aliases.update({".y": "_y", "..2": "_y"})
        try:
            return names, E.expr(fun.operand, ctx)
        finally:
            ctx.aliases = saved
    names = ["_x"] if arity == 1 else ["_x", "_y"]
    if isinstance(fun, Str) and arity == 1 and not extra:
        return names, P.sub(P.name("_x"), P.const(fun.value))
    if isinstance(fun, Name) and fun.name in TABLE and fun.name not in ctx.assigned:
        # an R function passed by name (`lapply(xs, nchar)`): map the call it stands for
        call = Call(fun, [Arg(None, Name(v)) for v in names] + extra)
        return names, TABLE[fun.name](ctx, call)
    func = E.expr(fun, ctx)
    return names, P.call(func, [P.name(v) for v in names] + extra_args, extra_kw)


def _is_statement(node: RNode) -> bool:
    return isinstance(node, Call) and isinstance(node.fn, Name) and node.fn.name in STATEMENT_CALLS


def comprehension(var: str | list[str], elt: ast.expr, iterable: ast.expr,
                  cond: ast.expr | None = None) -> ast.ListComp:
    target: ast.expr = P.store(var) if isinstance(var, str) else (
        P.store(var[0]) if len(var) == 1 else ast.Tuple(elts=[P.store(v) for v in var],
                                                         ctx=ast.Store()))
    return ast.ListComp(elt=elt, generators=[ast.comprehension(
        target=target, iter=iterable, ifs=[cond] if cond is not None else [], is_async=0)])


def _named_list(node: RNode | None, ctx: Context) -> bool:
    """A value the script made a named list (a dict): R's apply functions keep its names."""
    return isinstance(node, Name) and (node.name in ctx.dict_vars or node.name in ctx.result_vars)


def _character_vector(node: RNode | None, ctx: Context) -> bool:
    """A literal character vector c("a", "b"): sapply() names its result by it."""
    return (isinstance(node, Call) and isinstance(node.fn, Name) and node.fn.name == "c"
            and len(node.args) > 1 and all(isinstance(a.value, Str) for a in node.args))


def _apply(ctx: Context, xs: RNode | None, fun: RNode | None, extra: list[Arg],
           use_names: bool) -> ast.expr:
    """lapply()/sapply()/map(): a list comprehension; over a named list, a dict one (R keeps
    the names); sapply over a character vector names the result by it (USE.NAMES)."""
    (var,), elt = _mapper(ctx, fun, extra)
    iterable = x(xs, ctx)
    if _named_list(xs, ctx):
        return ast.DictComp(key=P.name("_k"), value=elt, generators=[ast.comprehension(
            target=ast.Tuple(elts=[P.store("_k"), P.store(var)], ctx=ast.Store()),
            iter=P.call(P.attr(iterable, "items")), ifs=[], is_async=0)])
    # sapply over a character vector names its (atomic) result by it: the names are
    # dropped here, as toJSON drops them; the values and their order are R's
    return comprehension(var, elt, iterable)


@r("lapply", formals=["X", "FUN", "..."])
def _lapply(ctx: Context, b: Bound) -> ast.expr:
    return _apply(ctx, b.get("X"), b.get("FUN"), b.dots, use_names=False)


@r("sapply", formals=["X", "FUN", "...", "simplify", "USE.NAMES"])
def _sapply(ctx: Context, b: Bound) -> ast.expr:
    if b.has("simplify"):
        raise Untranslatable("sapply(simplify=)")
    return _apply(ctx, b.get("X"), b.get("FUN"), b.dots, use_names=flag(b, "USE.NAMES", True))


@r("vapply", formals=["X", "FUN", "FUN.VALUE", "...", "USE.NAMES"])
def _vapply(ctx: Context, b: Bound) -> ast.expr:
    return _apply(ctx, b.get("X"), b.get("FUN"), b.dots, use_names=flag(b, "USE.NAMES", True))


@r("map", "map_chr", "map_dbl", "map_int", "map_lgl", formals=[".x", ".f", "..."])
def _map(ctx: Context, b: Bound) -> ast.expr:
    """purrr's map family: a comprehension (map_chr & co. give vectors, lists here)."""
    return _apply(ctx, b.get(".x"), b.get(".f"), b.dots, use_names=False)


@r("map_dfr", formals=[".x", ".f", "...", ".id"])
def _map_dfr(ctx: Context, b: Bound) -> ast.expr:
    """purrr's map_dfr(): each result a row (a named list) or rows (a data frame)."""
    no_extra(b, ".id")
    _frames(ctx)
    ctx.helpers.add("bind_rows")
    return P.call("_bind_rows", [_apply(ctx, b.get(".x"), b.get(".f"), b.dots, False)])


@r("keep", "discard", formals=[".x", ".p", "..."])
def _keep(ctx: Context, b: Bound) -> ast.expr:
    """purrr's keep()/discard(): the elements where the predicate is (not) TRUE."""
    no_dots(b)
    (var,), cond = _mapper(ctx, b.get(".p"), [])
    fn = b.call.fn
    if isinstance(fn, (Name, NsGet)) and fn.name == "discard":
        cond = E.negate(cond)
    return _filtered(ctx, var, cond, b.get(".x"))


@r("Filter", formals=["f", "x"])
def _filter(ctx: Context, b: Bound) -> ast.expr:
    (var,), cond = _mapper(ctx, b.get("f"), [])
    return _filtered(ctx, var, cond, b.get("x"))


def _filtered(ctx: Context, var: str, cond: ast.expr, xs: RNode | None) -> ast.expr:
    if _named_list(xs, ctx):
        return ast.DictComp(key=P.name("_k"), value=P.name(var), generators=[ast.comprehension(
            target=ast.Tuple(elts=[P.store("_k"), P.store(var)], ctx=ast.Store()),
            iter=P.call(P.attr(x(xs, ctx), "items")), ifs=[cond], is_async=0)])
    return comprehension(var, P.name(var), x(xs, ctx), cond)


@r("Map", formals=["f", "..."])
def _map_base(ctx: Context, b: Bound) -> ast.expr:
    """Map(f, xs, ys): pairs taken together; unequal lengths raise (R would recycle)."""
    if len(b.dots) != 2 or any(a.name for a in b.dots):
        raise Untranslatable("Map() over other than two unnamed vectors")
    names, elt = _mapper(ctx, b.get("f"), [], arity=2)
    pairs = P.call("zip", [x(a.value, ctx) for a in b.dots], {"strict": P.const(True)})
    first = b.dots[0].value
    if _character_vector(first, ctx) or (isinstance(first, Call) and isinstance(
            first.fn, Name) and first.fn.name == "names"):
        # R names the result by a character first argument
        return ast.DictComp(key=P.name(names[0]), value=elt, generators=[ast.comprehension(
            target=ast.Tuple(elts=[P.store(n) for n in names], ctx=ast.Store()), iter=pairs,
            ifs=[], is_async=0)])
    return comprehension(names, elt, pairs)


@r("unlist", formals=["x", "recursive", "use.names"])
def _unlist(ctx: Context, b: Bound) -> ast.expr:
    """unlist(x, use.names = FALSE): the elements of x's elements, in order."""
    no_extra(b, "recursive")
    if flag(b, "use.names", True) and not (isinstance(b.get("x"), Name)
                                           and b.get("x").name in ctx.list_vars):  # type: ignore[union-attr]
        raise Untranslatable("unlist() of a named list keeps (made-up) names: "
                             "write use.names = FALSE")
    ctx.helpers.add("unlist")
    return P.call("_unlist", [x(b.get("x"), ctx)])


@r("unname", formals=["obj", "force"])
def _unname(ctx: Context, b: Bound) -> ast.expr:
    no_extra(b, "force")
    ctx.helpers.add("unname")
    return P.call("_unname", [x(b.get("obj"), ctx)])


@r("Reduce", formals=["f", "x", "init", "right", "accumulate", "simplify"])
def _reduce_base(ctx: Context, b: Bound) -> ast.expr:
    """Reduce(f, x, init): functools.reduce (itertools.accumulate with accumulate = TRUE)."""
    no_extra(b, "simplify")
    if flag(b, "right", False):
        raise Untranslatable("Reduce(right = TRUE)")
    names, elt = _mapper(ctx, b.get("f"), [], arity=2)
    func: ast.expr = ast.Lambda(args=ast.arguments(
        posonlyargs=[], args=[ast.arg(arg=n) for n in names], vararg=None, kwonlyargs=[],
        kw_defaults=[], kwarg=None, defaults=[]), body=elt)
    if isinstance(elt, ast.Call) and [ast.unparse(a) for a in elt.args] == names \
            and not elt.keywords:
        func = elt.func  # Reduce(f, x): f itself, not lambda a, b: f(a, b)
    args = [func, x(b.get("x"), ctx)]
    if flag(b, "accumulate", False):
        ctx.need("itertools")
        kwargs = {"initial": x(b.get("init"), ctx)} if b.has("init") else {}
        return P.call("list", [P.call("itertools.accumulate", [args[1], func], kwargs)])
    ctx.need("functools")
    if b.has("init"):
        args.append(x(b.get("init"), ctx))
    return P.call("functools.reduce", args)


@r("do.call", formals=["what", "args", "quote", "envir"])
def _do_call_(ctx: Context, b: Bound) -> ast.expr:
    no_extra(b, "quote", "envir")
    what = b.get("what")
    if isinstance(what, Name) and what.name in ("rbind", "bind_rows") and what.name not in ctx.assigned:
        _frames(ctx)
        ctx.helpers.add("bind_rows")
        return P.call("_bind_rows", [x(b.get("args"), ctx)])
    if isinstance(what, Str):
        what = Name(what.value)
    if isinstance(what, Name) and what.name not in ctx.assigned:
        raise Untranslatable(f"do.call() of the R function {what.name}")
    ctx.helpers.add("do_call")
    return P.call("_do_call", [x(what, ctx), x(b.get("args"), ctx)])


# --- predicates ----------------------------------------------------------------------------

@r("is.null", "is.na", formals=["x"])
def _is_null(ctx: Context, b: Bound) -> ast.expr:
    value = x(b.get("x"), ctx)
    if ctx.mask is not None:
        return P.call(P.attr(value, "isna"))
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
    if r_class == "paws_error":
        ctx.need("paws_bridge")
        return P.dotted("paws_bridge.PawsError")
    if r_class in ("error", "simpleError", "condition"):
        return P.name("Exception")
    if r_class in ctx.errors():
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
            and node.fn.name in ctx.operations()):
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


# --- data frames: base data.frame, purrr's map_dfr, dplyr's verbs -> pandas ---------------

def _frames(ctx: Context) -> None:
    """The output works on pandas data frames."""
    ctx.need("pandas")


def _column_names(args: list[Arg]) -> set[str]:
    return {a.name for a in args if a.name}


@r("data.frame", "tibble", "data_frame", formals=["...", "stringsAsFactors", "check.names"])
def _data_frame_(ctx: Context, b: Bound) -> ast.expr:
    """data.frame(a = ..., b = ...) / tibble(...): columns by name, scalars recycled."""
    if b.has("stringsAsFactors") and flag(b, "stringsAsFactors", False):
        raise Untranslatable("data.frame(stringsAsFactors = TRUE) (factors)")
    no_extra(b, "check.names")
    if not b.dots or any(a.name is None or not a.name.isidentifier() for a in b.dots):
        raise Untranslatable("a data frame of unnamed columns")
    _frames(ctx)
    ctx.helpers.add("data_frame")
    return P.call("_data_frame", [], {a.name: x(a.value, ctx) for a in b.dots})  # type: ignore[misc]


@r("bind_rows", formals=["...", ".id"])
def _bind_rows_(ctx: Context, b: Bound) -> ast.expr:
    no_extra(b, ".id")
    if any(a.name for a in b.dots):
        raise Untranslatable("bind_rows() of named arguments")
    _frames(ctx)
    ctx.helpers.add("bind_rows")
    return P.call("_bind_rows", [x(a.value, ctx) for a in b.dots])


def _masked(ctx: Context, frame: RNode | None, node: RNode) -> ast.expr:
    """An expression inside a dplyr verb: bare names are the frame's columns (`d['col']`)."""
    key = frame.name if isinstance(frame, Name) else "\0"
    saved = ctx.mask
    ctx.mask = key
    try:
        return E.expr(node, ctx)
    finally:
        ctx.mask = saved


def _lambda_d(body: ast.expr) -> ast.Lambda:
    return ast.Lambda(args=ast.arguments(posonlyargs=[], args=[ast.arg(arg="d")], vararg=None,
                                         kwonlyargs=[], kw_defaults=[], kwarg=None,
                                         defaults=[]), body=body)


def _reset(frame: ast.expr) -> ast.expr:
    """R numbers a data frame's rows 1..n after any subset: so does the translation."""
    return P.call(P.attr(frame, "reset_index"), [], {"drop": P.const(True)})


@r("filter", formals=[".data", "...", ".by", ".preserve"])
def _filter_rows(ctx: Context, b: Bound) -> ast.expr:
    """dplyr's filter(df, cond, ...): the rows where every condition is TRUE (NA drops)."""
    no_extra(b, ".by", ".preserve")
    if not b.dots or any(a.name for a in b.dots):
        raise Untranslatable("filter() with named arguments")
    frame = b.get(".data")
    conds = [_masked(ctx, frame, a.value) for a in b.dots]  # type: ignore[arg-type]
    test = conds[0]
    for c in conds[1:]:
        test = ast.BinOp(left=test, op=ast.BitAnd(), right=c)
    _frames(ctx)
    rows = P.sub(P.attr(x(frame, ctx), "loc"), _lambda_d(
        P.call(P.attr(test, "fillna"), [P.const(False)])
        if not isinstance(test, ast.Subscript) else test))
    return _reset(rows)


@r("mutate", formals=[".data", "...", ".by", ".keep", ".before", ".after"])
def _mutate(ctx: Context, b: Bound) -> ast.expr:
    """dplyr's mutate(df, new = expr): `df.assign(new=lambda d: ...)`, in order."""
    no_extra(b, ".by", ".keep", ".before", ".after")
    if not b.dots or any(a.name is None or not a.name.isidentifier() for a in b.dots):
        raise Untranslatable("mutate() of unnamed or non-identifier columns")
    frame = b.get(".data")
    known = ctx.columns.get(frame.name) if isinstance(frame, Name) else None
    kwargs: dict[str, ast.expr] = {}
    for a in b.dots:
        kwargs[a.name] = _lambda_d(_masked(ctx, frame, a.value))  # type: ignore[arg-type,index]
        if known is not None:
            known.add(a.name)  # type: ignore[arg-type]
    _frames(ctx)
    return P.call(P.attr(x(frame, ctx), "assign"), [], kwargs)


@r("select", formals=[".data", "..."])
def _select(ctx: Context, b: Bound) -> ast.expr:
    """dplyr's select(df, a, b) / select(df, -a): columns by bare name."""
    from .rast import UnaryOp
    keep, drop = [], []
    for a in b.dots:
        v = a.value
        if a.name:
            raise Untranslatable("select() that renames")
        if isinstance(v, Name):
            keep.append(v.name)
        elif isinstance(v, Str):
            keep.append(v.value)
        elif isinstance(v, UnaryOp) and v.op == "-" and isinstance(v.operand, Name):
            drop.append(v.operand.name)
        else:
            raise Untranslatable("select() with a selection helper")
    if keep and drop:
        raise Untranslatable("select() that both keeps and drops")
    frame = x(b.get(".data"), ctx)
    _frames(ctx)
    if drop:
        return P.call(P.attr(frame, "drop"), [], {"columns": ast.List(
            elts=[P.const(c) for c in drop], ctx=ast.Load())})
    return P.sub(frame, ast.List(elts=[P.const(c) for c in keep], ctx=ast.Load()))


@r("left_join", formals=["x", "y", "by", "copy", "suffix", "..."])
def _left_join(ctx: Context, b: Bound) -> ast.expr:
    """dplyr's left_join(x, y, by = "k"): `x.merge(y, how='left', on='k')`, x's row order,
    R's `.x`/`.y` suffixes."""
    no_extra(b, "copy", "suffix")
    no_dots(b)
    kwargs: dict[str, ast.expr] = {"how": P.const("left")}
    by = b.get("by")
    if by is not None:
        if isinstance(by, Str):
            kwargs["on"] = P.const(by.value)
        elif isinstance(by, Call) and isinstance(by.fn, Name) and by.fn.name == "c" and all(
                isinstance(a.value, Str) for a in by.args):
            if all(a.name is None for a in by.args):
                kwargs["on"] = ast.List(elts=[P.const(a.value.value) for a in by.args],  # type: ignore[union-attr]
                                        ctx=ast.Load())
            elif all(a.name is not None for a in by.args):
                kwargs["left_on"] = ast.List(elts=[P.const(a.name) for a in by.args], ctx=ast.Load())
                kwargs["right_on"] = ast.List(elts=[P.const(a.value.value) for a in by.args],  # type: ignore[union-attr]
                                              ctx=ast.Load())
            else:
                raise Untranslatable("left_join(by=) mixing named and unnamed keys")
        else:
            raise Untranslatable("left_join(by=) that is not literal column names")
    kwargs["suffixes"] = ast.Tuple(elts=[P.const(".x"), P.const(".y")], ctx=ast.Load())
    _frames(ctx)
    return P.call(P.attr(x(b.get("x"), ctx), "merge"), [x(b.get("y"), ctx)], kwargs)


@r("pull", formals=[".data", "var"])
def _pull(ctx: Context, b: Bound) -> ast.expr:
    var = b.get("var")
    if not isinstance(var, (Name, Str)):
        raise Untranslatable("pull() of a column given other than by name")
    col = var.name if isinstance(var, Name) else var.value
    return P.call(P.attr(P.sub(x(b.get(".data"), ctx), P.const(col)), "tolist"))


@r("nrow", formals=["x"])
def _nrow(ctx: Context, b: Bound) -> ast.expr:
    return P.call("len", [x(b.get("x"), ctx)])


@r("n", formals=[])
def _n(ctx: Context, b: Bound) -> ast.expr:
    if ctx.mask is None:
        raise Untranslatable("n() outside a dplyr verb")
    return P.call("len", [P.name("d")])


# --- hashing and encoding (openssl, digest, base64enc) --------------------------------------

@r("charToRaw", formals=["x"])
def _char_to_raw(ctx: Context, b: Bound) -> ast.expr:
    return P.call(P.attr(x(b.get("x"), ctx), "encode"), [P.const("utf-8")])


@r("rawToChar", formals=["x", "multiple"])
def _raw_to_char(ctx: Context, b: Bound) -> ast.expr:
    no_extra(b, "multiple")
    return P.call(P.attr(x(b.get("x"), ctx), "decode"), [P.const("utf-8")])


def _as_bytes(node: RNode | None, ctx: Context) -> ast.expr:
    """A string or raw R value as bytes (a string is UTF-8 encoded, as openssl does)."""
    value = x(node, ctx)
    if isinstance(node, Call) and isinstance(node.fn, (Name, NsGet)) and node.fn.name in (
            "charToRaw", "sha256", "hmac", "base64_decode"):
        return value
    if is_text(node, ctx) if node is not None else False:  # type: ignore[arg-type]
        return P.call(P.attr(value, "encode"), [P.const("utf-8")])
    raise Untranslatable("hashing a value that may be text or raw (write charToRaw())")


@r("sha256", formals=["x", "key"])
def _sha256(ctx: Context, b: Bound) -> ast.expr:
    """openssl::sha256(): with a key, the HMAC; of raw input raw (bytes), of text hex."""
    node = b.get("x")
    raw = isinstance(node, Call) and isinstance(node.fn, (Name, NsGet)) and node.fn.name == "charToRaw"
    if not raw and not (node is not None and is_text(node, ctx)):
        raise Untranslatable("sha256() of a value that may be text or raw")
    data = _as_bytes(node, ctx)
    if b.has("key"):
        ctx.need("hmac")
        ctx.need("hashlib")
        digest = P.call("hmac.new", [_as_bytes(b.get("key"), ctx), data, P.dotted("hashlib.sha256")])
    else:
        ctx.need("hashlib")
        digest = P.call("hashlib.sha256", [data])
    return P.call(P.attr(digest, "digest" if raw else "hexdigest"))


@r("hmac", formals=["key", "object", "algo", "serialize", "raw"])
def _digest_hmac(ctx: Context, b: Bound) -> ast.expr:
    """digest::hmac(key, object, "sha256", raw = TRUE): HMAC bytes (hex text without raw)."""
    algo = b.get("algo")
    if not (isinstance(algo, Str) and algo.value in ("sha256", "sha1", "md5", "sha512")):
        raise Untranslatable("digest::hmac() without a literal algo")
    if flag(b, "serialize", False):
        raise Untranslatable("digest::hmac(serialize = TRUE) hashes R's serialization")
    ctx.need("hmac")
    ctx.need("hashlib")
    digest = P.call("hmac.new", [_as_bytes(b.get("key"), ctx), _as_bytes(b.get("object"), ctx),
                                 P.dotted(f"hashlib.{algo.value}")])
    return P.call(P.attr(digest, "digest" if flag(b, "raw", False) else "hexdigest"))


@r("base64_encode", "base64_enc", "base64encode", formals=["bin"])
def _base64_encode(ctx: Context, b: Bound) -> ast.expr:
    ctx.need("base64")
    node = b.get("bin")
    data = x(node, ctx) if not (node is not None and is_text(node, ctx)) else _as_bytes(node, ctx)
    return P.call(P.attr(P.call("base64.b64encode", [data]), "decode"), [P.const("ascii")])


@r("base64_decode", "base64_dec", "base64decode", formals=["text"])
def _base64_decode(ctx: Context, b: Bound) -> ast.expr:
    ctx.need("base64")
    return P.call("base64.b64decode", [x(b.get("text"), ctx)])
