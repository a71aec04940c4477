"""R statements -> Python statements.

R is expression-oriented: a block's last value is the value of an `if`, a `tryCatch`, a
function. The translator carries a *sink* down to the last statement of each block: keep
the value nowhere (`None`), assign it to a target, or return it. So
`res <- tryCatch(svc$op(), error = function(e) NULL)` becomes a try whose branches each
assign `res`, and a function's last expression becomes its `return`.

A statement that cannot be translated becomes a TODO marker, with its R source kept.
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass

from . import calls
from . import expressions as E
from . import pyast as P
from .context import PAWS_PACKAGES, Context, Todo, Untranslatable, py_name
from .rast import (Assign, BinOp, Block, Break, Call, Const, Dollar, For, Function, If, Index,
                   Name, Next, NsGet, Paren, Repeat, RNode, Str, While)
from .scan import _is_append, is_constructor


@dataclass(frozen=True)
class Sink:
    """Where the value of a block's last statement goes: "none", "assign" or "return"."""

    kind: str
    target: ast.expr | None = None


NONE = Sink("none")
RETURN = Sink("return")


def assign_to(target: ast.expr) -> Sink:
    return Sink("assign", target)


#: Calls whose value R returns invisibly and nobody uses: never turned into `return`.
_OUTPUT_CALLS = frozenset({"print", "cat", "message", "writeLines", "str", "Sys.sleep",
                           "Sys.setenv"})


# --- markers (replaced by comments in emit.py) ---------------------------------------------

MARK = "__PAWS_PORT_{kind}_{index}__"


def marker(kind: str, index: int) -> ast.stmt:
    return ast.Expr(value=P.const(MARK.format(kind=kind, index=index)))


def is_marker(stmt: ast.stmt) -> bool:
    return (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant)
            and isinstance(stmt.value.value, str) and stmt.value.value.startswith("__PAWS_PORT_"))


def todo(node: RNode, reason: str, ctx: Context) -> list[ast.stmt]:
    ctx.todos.append(Todo(node.line1, reason, node.text))
    ctx.skip_comments_through(node.line2)  # they are inside the kept R source
    return [marker("TODO", len(ctx.todos) - 1)]


def comments_before(line: int, ctx: Context) -> list[ast.stmt]:
    return [marker("COMMENT", i) for i in ctx.take_comments(line)]


# --- blocks --------------------------------------------------------------------------------

def block(nodes: list[RNode], ctx: Context, sink: Sink, end_line: int | None = None
          ) -> list[ast.stmt]:
    """Translate a sequence of statements; the last one's value goes to `sink`."""
    out: list[ast.stmt] = []
    for i, node in enumerate(nodes):
        out += statement(node, ctx, sink if i == len(nodes) - 1 else NONE)
    if not nodes:
        out += sink_value(P.const(None), sink)
    if end_line is not None:
        out += comments_before(end_line, ctx)
    return out


def body(node: RNode, ctx: Context, sink: Sink) -> list[ast.stmt]:
    """A compound statement's body: never empty (a `pass` when only comments are left)."""
    if isinstance(node, Block):
        stmts = block(node.stmts, ctx, sink, end_line=node.line2)
    else:
        stmts = block([node], ctx, sink)
    if all(is_marker(s) for s in stmts):
        stmts.append(ast.Pass())
    return stmts


def statement(node: RNode, ctx: Context, sink: Sink = NONE) -> list[ast.stmt]:
    """One R statement (with the comments before it); TODO marker when untranslatable."""
    compound = isinstance(node, (If, For, While, Repeat, Block)) or _is_compound_call(node) or (
        isinstance(node, Assign) and (isinstance(node.value, Function)
                                      or _is_compound_call(node.value)))
    lead = comments_before(node.line1 + 1 if compound else node.line2 + 1, ctx)
    saved, ctx.prelude = ctx.prelude, []
    try:
        stmts = _statement(node, ctx, sink)
        stmts = ctx.prelude + stmts
    except Untranslatable as exc:
        stmts = todo(node, exc.reason, ctx)
    finally:
        ctx.prelude = saved
    return lead + stmts


def _is_compound_call(node: RNode) -> bool:
    return (isinstance(node, Call) and isinstance(node.fn, Name)
            and node.fn.name in ("tryCatch", "try"))


def sink_value(value: ast.expr, sink: Sink) -> list[ast.stmt]:
    if sink.kind == "assign":
        assert sink.target is not None
        return [ast.Assign(targets=[P.to_store(sink.target)], value=value, lineno=0)]
    if sink.kind == "return":
        return [ast.Return(value=value)]
    return [ast.Expr(value=value)]


def _statement(node: RNode, ctx: Context, sink: Sink) -> list[ast.stmt]:
    if isinstance(node, Paren):
        return _statement(node.expr, ctx, sink)
    if isinstance(node, Assign):
        stmts, value = assign(node, ctx)
        if sink.kind != "none" and value is not None:
            stmts += sink_value(value, sink)
        return stmts
    if isinstance(node, Block):
        return block(node.stmts, ctx, sink, end_line=node.line2)
    if isinstance(node, If):
        return [if_stmt(node, ctx, sink)]
    if isinstance(node, For):
        return [for_stmt(node, ctx)] + _null_value(sink)
    if isinstance(node, While):
        with_loop = ast.While(test=E.condition(node.cond, ctx), body=body(node.body, ctx, NONE),
                              orelse=[])
        return [with_loop] + _null_value(sink)
    if isinstance(node, Repeat):
        return [ast.While(test=P.const(True), body=body(node.body, ctx, NONE), orelse=[])]
    if isinstance(node, Next):
        return [ast.Continue()]
    if isinstance(node, Break):
        return [ast.Break()]
    if isinstance(node, Function) and sink.kind == "none":
        raise Untranslatable("a function that is defined and never used")
    if isinstance(node, Call) and isinstance(node.fn, Name) and node.fn.name in calls.STATEMENT_CALLS \
            and node.fn.name not in ctx.functions:
        return statement_call(node, ctx, sink)
    value = E.expr(node, ctx)
    if sink.kind == "return" and _is_output_call(node):
        return [ast.Expr(value=value)]
    if sink.kind == "none" and ctx.depth == 0 and isinstance(node, (Name, Dollar, Index)):
        return [ast.Expr(value=P.call("print", [value]))]  # R prints a bare value at top level
    return sink_value(value, sink)


def _is_output_call(node: RNode) -> bool:
    return isinstance(node, Call) and isinstance(node.fn, (Name, NsGet)) and (
        node.fn.name in _OUTPUT_CALLS)


def _null_value(sink: Sink) -> list[ast.stmt]:
    """A loop's value is NULL."""
    return sink_value(P.const(None), sink) if sink.kind == "assign" else []


# --- assignment ----------------------------------------------------------------------------

def assign(node: Assign, ctx: Context) -> tuple[list[ast.stmt], ast.expr | None]:
    """The statements for an assignment, and an expression for its value afterwards."""
    if node.op in ("<<-", "->>"):
        raise Untranslatable("superassignment <<- (changes a variable of an enclosing scope)")
    target, value = node.target, node.value
    if isinstance(target, Str):
        target = Name(target.value)
    if isinstance(target, Name):
        pname = py_name(target.name)
        if isinstance(value, Function):
            ctx.functions.add(target.name)
            return [function_def(pname, value, ctx)], P.name(pname)
        if _needs_statements(value, ctx):
            return statement(value, ctx, assign_to(P.name(pname))), P.name(pname)
        if (target.name in ctx.dict_vars and isinstance(value, Call)
                and isinstance(value.fn, Name) and value.fn.name in ("list", "c")
                and not value.args):
            py_value: ast.expr = ast.Dict(keys=[], values=[])
        else:
            py_value = E.expr(value, ctx)
        if is_constructor(value):
            ctx.services.add(target.name)
            if ctx.depth == 0 and ctx.top_service is None:
                ctx.top_service = pname
        return [ast.Assign(targets=[P.store(pname)], value=py_value, lineno=0)], P.name(pname)
    if isinstance(target, Dollar) and not target.at:
        obj = E.expr(target.obj, ctx)
        if isinstance(value, Const) and value.name == "NULL":
            return [ast.Expr(value=P.call(P.attr(obj, "pop"), [P.const(target.name),
                                                               P.const(None)]))], None
        py_target = P.sub(obj, P.const(target.name))
        return [ast.Assign(targets=[P.to_store(py_target)], value=E.expr(value, ctx),
                           lineno=0)], py_target
    if isinstance(target, Index) and target.double and len(target.args) == 1 \
            and target.args[0].value is not None:
        obj = E.expr(target.obj, ctx)
        if isinstance(value, Const) and value.name == "NULL":
            raise Untranslatable("removing a list element with <- NULL by index")
        if _is_append(target):
            return [ast.Expr(value=P.call(P.attr(obj, "append"), [E.expr(value, ctx)]))], None
        key = E.index_key(target.obj, target.args[0].value, ctx)
        py_target = P.sub(obj, key)
        return [ast.Assign(targets=[P.to_store(py_target)], value=E.expr(value, ctx),
                           lineno=0)], py_target
    if isinstance(target, Call):
        raise Untranslatable("a replacement function (`f(x) <- value`)")
    raise Untranslatable("an assignment to this kind of target")


def _needs_statements(value: RNode, ctx: Context) -> bool:
    """Values that are statements in Python: tryCatch, an if with blocks, a block."""
    if _is_compound_call(value) and value.fn.name not in ctx.functions:  # type: ignore[union-attr]
        return True
    if isinstance(value, (If, Block)):
        try:
            E.expr(value, Context(**_probe(ctx)))
            return False
        except Untranslatable:
            return True
    return False


def _probe(ctx: Context) -> dict:
    """A throwaway copy of ctx's knowledge, to try a translation without side effects."""
    return {"services": set(ctx.services), "dict_vars": set(ctx.dict_vars),
            "functions": set(ctx.functions), "assigned": set(ctx.assigned),
            "error_vars": dict(ctx.error_vars), "numeric_vars": set(ctx.numeric_vars),
            "string_vars": set(ctx.string_vars), "list_vars": set(ctx.list_vars),
            "top_service": ctx.top_service}


# --- control flow --------------------------------------------------------------------------

def if_stmt(node: If, ctx: Context, sink: Sink) -> ast.If:
    test = E.condition(node.cond, ctx)
    then = body(node.then, ctx, sink)
    if node.orelse is None:
        orelse = _null_value(sink)
    elif isinstance(node.orelse, If):
        orelse = comments_before(node.orelse.line1 + 1, ctx) + [if_stmt(node.orelse, ctx, sink)]
    else:
        orelse = body(node.orelse, ctx, sink)
    return ast.If(test=test, body=then, orelse=orelse)


def for_stmt(node: For, ctx: Context) -> ast.For:
    seq = node.seq
    if isinstance(seq, BinOp) and seq.op == ":":
        iterable = E.seq_range(seq, ctx)
    else:
        iterable = E.expr(seq, ctx)
    return ast.For(target=P.store(py_name(node.var)), iter=iterable,
                   body=body(node.body, ctx, NONE), orelse=[], lineno=0)


# --- functions -----------------------------------------------------------------------------

def parameters(node: Function, ctx: Context) -> ast.arguments:
    """R formals as Python parameters (`...` becomes *args, **kwargs)."""
    args: list[ast.arg] = []
    defaults: list[ast.expr] = []
    vararg = kwarg = None
    for p in node.params:
        if p.name == "...":
            vararg, kwarg = ast.arg(arg="args"), ast.arg(arg="kwargs")
            continue
        if vararg is not None:
            raise Untranslatable("formals after `...` (matched by name only)")
        if p.default is None:
            if defaults:
                raise Untranslatable("a formal without default after one with a default")
        else:
            value = E.expr(p.default, ctx)
            if not isinstance(value, (ast.Constant, ast.UnaryOp)):
                # R evaluates defaults lazily at call time; Python once, at definition
                raise Untranslatable("a default value that is not a constant")
            defaults.append(value)
        args.append(ast.arg(arg=py_name(p.name)))
    return ast.arguments(posonlyargs=[], args=args, vararg=vararg, kwonlyargs=[],
                         kw_defaults=[], kwarg=kwarg, defaults=defaults)


def function_def(pname: str, node: Function, ctx: Context) -> ast.FunctionDef:
    params = parameters(node, ctx)
    ctx.depth += 1
    saved = dict(ctx.error_vars)
    for p in node.params:
        ctx.error_vars.pop(p.name, None)  # a parameter shadows a handler's condition
    try:
        stmts = body(node.body, ctx, RETURN)
    finally:
        ctx.depth -= 1
        ctx.error_vars = saved
    extra = {"type_params": []} if sys.version_info >= (3, 12) else {}
    return ast.FunctionDef(name=pname, args=params, body=stmts, decorator_list=[],
                           returns=None, lineno=0, **extra)


# --- calls that are statements in Python ---------------------------------------------------

def statement_call(call: Call, ctx: Context, sink: Sink) -> list[ast.stmt]:
    name = call.fn.name  # type: ignore[union-attr]
    if name == "tryCatch":
        return try_catch(call, ctx, sink)
    if name == "try":
        return try_(call, ctx, sink)
    if name == "return":
        b = calls.bind(call, ["value"])
        return [ast.Return(value=E.expr(b.get("value"), ctx) if b.has("value") else None)]
    if name == "stop":
        return [stop(call, ctx)]
    if name == "warning":
        b = calls.bind(call, ["...", "call.", "immediate.", "noBreaks.", "domain"])
        ctx.need("warnings")
        parts = [E.expr(a.value, ctx) for a in b.dots if a.value is not None]
        return [ast.Expr(value=P.call("warnings.warn", [calls.concat(parts, P.const(""))]))]
    if name == "stopifnot":
        b = calls.bind(call, ["..."])
        return [ast.Assert(test=E.condition(a.value, ctx), msg=None)
                for a in b.dots if a.value is not None]
    if name in ("library", "require", "requireNamespace"):
        library(call, ctx)
        return []
    if name in ("suppressMessages", "suppressPackageStartupMessages"):
        inner = call.args[0].value if len(call.args) == 1 else None
        if isinstance(inner, Call) and isinstance(inner.fn, Name) and inner.fn.name in (
                "library", "require", "requireNamespace"):
            library(inner, ctx)
            return []
        raise Untranslatable(f"{name}() around something other than library()")
    if name == "Sys.setenv":
        ctx.need("os")
        out: list[ast.stmt] = []
        for a in call.args:
            if a.name is None or a.value is None:
                raise Untranslatable("Sys.setenv() without a name")
            out.append(ast.Assign(targets=[ast.Subscript(value=P.dotted("os.environ"),
                                                         slice=P.const(a.name), ctx=ast.Store())],
                                  value=E.expr(a.value, ctx), lineno=0))
        return out
    raise Untranslatable(f"{name}() has no Python counterpart here")


def library(call: Call, ctx: Context) -> None:
    """`library(paws)` and friends: the import is added at the top."""
    b = calls.bind(call, ["package", "...", "quietly", "character.only"])
    pkg = b.get("package")
    if isinstance(pkg, Name):
        pname = pkg.name
    elif isinstance(pkg, Str):
        pname = pkg.value
    else:
        raise Untranslatable("library() of a computed package name")
    if pname in PAWS_PACKAGES:
        ctx.need("paws_bridge")
    elif pname == "jsonlite":
        ctx.need("json")
    else:
        raise Untranslatable(f"library({pname}): no Python counterpart")


def stop(call: Call, ctx: Context) -> ast.Raise:
    b = calls.bind(call, ["...", "call.", "domain"])
    if len(b.dots) == 1 and isinstance(b.dots[0].value, Name) \
            and b.dots[0].value.name in ctx.error_vars:
        return ast.Raise(exc=P.name(py_name(b.dots[0].value.name)), cause=None)
    parts = [E.expr(a.value, ctx) for a in b.dots if a.value is not None]
    message = calls.concat(parts, P.const("")) if parts else P.const("")
    return ast.Raise(exc=P.call("RuntimeError", [message]), cause=None)


def try_catch(call: Call, ctx: Context, sink: Sink) -> list[ast.stmt]:
    b = calls.bind(call, ["expr", "...", "finally"])
    handlers: list[ast.ExceptHandler] = []
    try_body = body(b.get("expr"), ctx, sink) if b.has("expr") else [ast.Pass()]
    for a in b.dots:
        if a.name is None or a.value is None:
            raise Untranslatable("a tryCatch() handler without a condition class")
        cls = calls.error_class(a.name, ctx)
        is_paws = a.name != "error" and a.name not in ("simpleError", "condition")
        h = a.value
        if isinstance(h, Function):
            if len(h.params) > 1:
                raise Untranslatable("a handler with more than one parameter")
            var = h.params[0].name if h.params else None
            saved = dict(ctx.error_vars)
            if var:
                ctx.error_vars[var] = is_paws
            try:
                hbody = body(h.body, ctx, sink)
            finally:
                ctx.error_vars = saved
            handlers.append(ast.ExceptHandler(type=cls, name=py_name(var) if var else None,
                                              body=hbody))
        else:
            func = E.expr(h, ctx)
            hbody = sink_value(P.call(func, [P.name("_e")]), sink)
            handlers.append(ast.ExceptHandler(type=cls, name="_e", body=hbody))
    final = body(b.get("finally"), ctx, NONE) if b.has("finally") else []
    if not handlers and not final:
        return try_body
    return [ast.Try(body=try_body, handlers=handlers, orelse=[], finalbody=final)]


def try_(call: Call, ctx: Context, sink: Sink) -> list[ast.stmt]:
    if sink.kind != "none":
        raise Untranslatable("the value of try() (a try-error object on failure)")
    b = calls.bind(call, ["expr", "silent", "outFile"])
    if b.has("outFile"):
        raise Untranslatable("try(outFile=)")
    silent = calls.flag(b, "silent", False)
    if silent:
        handler = [ast.Pass()]
    else:
        ctx.need("sys")
        handler = [ast.Expr(value=P.call("print", [P.const("Error :"), P.name("_e")],
                                         {"file": P.dotted("sys.stderr")}))]
    return [ast.Try(body=body(b.get("expr"), ctx, NONE),
                    handlers=[ast.ExceptHandler(type=P.name("Exception"),
                                                name=None if silent else "_e", body=handler)],
                    orelse=[], finalbody=[])]
