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


#: R calls whose only effect is output or loading: left as a TODO, the script can go on
_HARMLESS = frozenset({"print", "cat", "message", "writeLines", "str", "library", "require",
                       "requireNamespace", "suppressPackageStartupMessages", "set.seed",
                       "options", "invisible"})


def _harmless(node: RNode) -> bool:
    return isinstance(node, Call) and isinstance(node.fn, (Name, NsGet)) and (
        node.fn.name in _HARMLESS)


def todo(node: RNode, reason: str, ctx: Context) -> list[ast.stmt]:
    """The TODO marker for an untranslated statement, followed, unless the statement only
    prints or loads a package, by `raise NotImplementedError(...)`: the translation must
    not run on without a value or an effect the R code had."""
    ctx.todos.append(Todo(node.line1, reason, node.text))
    ctx.skip_comments_through(node.line2)  # they are inside the kept R source
    out: list[ast.stmt] = [marker("TODO", len(ctx.todos) - 1)]
    if not _harmless(node):
        out.append(ast.Raise(exc=P.call("NotImplementedError", [P.const(
            f"TODO(port): R line {node.line1}: {reason}")]), cause=None))
    return out


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
    if isinstance(node, BinOp) and node.op in ("|>", "%>%"):
        return _statement(E.pipe(node), ctx, sink)  # `x %>% return()` is `return(x)`
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
    if isinstance(node, Call) and isinstance(node.fn, NsGet) and node.fn.pkg == "base" \
            and node.fn.name in calls.STATEMENT_CALLS:
        node = Call(Name(node.fn.name), node.args, text=node.text, line1=node.line1,
                    line2=node.line2)
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
        if _is_operation_call(value, ctx):
            ctx.result_vars.add(target.name)
        if is_constructor(value):
            ctx.services.add(target.name)
            if ctx.depth == 0 and ctx.top_service is None:
                ctx.top_service = pname
        return [ast.Assign(targets=[P.store(pname)], value=py_value, lineno=0)], P.name(pname)
    if isinstance(target, Dollar) and not target.at:
        if isinstance(target.obj, Name) and target.obj.name in ctx.append_vars:
            raise Untranslatable(f"{target.obj.name} is grown both by name and by position "
                                 "(an R list with some names; neither a Python list nor a dict)")
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
        tname = target.obj.name if isinstance(target.obj, Name) else None
        if tname is not None and tname in ctx.dict_vars and tname in ctx.append_vars:
            raise Untranslatable(f"{tname} is grown both by name and by position (an R list "
                                 "with some names; neither a Python list nor a dict)")
        key_node = target.args[0].value
        if isinstance(value, Const) and value.name == "NULL":
            if isinstance(key_node, Str) or (tname in ctx.dict_vars):
                key = E.index_key(target.obj, key_node, ctx)
                return [ast.Expr(value=P.call(P.attr(obj, "pop"), [key, P.const(None)]))], None
            raise Untranslatable("removing a list element with <- NULL by position")
        if _is_append(target):
            return [ast.Expr(value=P.call(P.attr(obj, "append"), [E.expr(value, ctx)]))], None
        if not (tname in ctx.dict_vars or isinstance(key_node, Str)) \
                and E.is_numeric(key_node, ctx):
            # R grows a list assigned one past its end (and pads further with NULL)
            ctx.helpers.add("set_at")
            return [ast.Expr(value=P.call("_set_at", [obj, E.expr(key_node, ctx),
                                                      E.expr(value, ctx)]))], None
        key = E.index_key(target.obj, key_node, ctx)
        py_target = P.sub(obj, key)
        return [ast.Assign(targets=[P.to_store(py_target)], value=E.expr(value, ctx),
                           lineno=0)], py_target
    if isinstance(target, Call):
        raise Untranslatable("a replacement function (`f(x) <- value`)")
    raise Untranslatable("an assignment to this kind of target")


def _is_operation_call(value: RNode, ctx: Context) -> bool:
    """`svc$op(...)`: its value is a paws result (a named list; a dict in Python)."""
    return (isinstance(value, Call) and isinstance(value.fn, Dollar)
            and isinstance(value.fn.obj, Name) and value.fn.obj.name in ctx.services)


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
            "service_kinds": set(ctx.service_kinds), "formals": dict(ctx.formals),
            "int_vars": set(ctx.int_vars), "result_vars": set(ctx.result_vars),
            "append_vars": set(ctx.append_vars), "columns": dict(ctx.columns),
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
        if isinstance(seq, Name) and (seq.name in ctx.dict_vars or seq.name in ctx.result_vars):
            iterable = P.call(P.attr(iterable, "values"))  # R iterates a named list's values
        elif isinstance(seq, Name) and seq.name not in ctx.list_vars:
            # maybe one string (R walks it once; Python would walk its characters), NULL or
            # a named list: R's rule at run time
            ctx.helpers.add("each")
            iterable = P.call("_each", [iterable])
    return ast.For(target=P.store(py_name(node.var)), iter=iterable,
                   body=body(node.body, ctx, NONE), orelse=[], lineno=0)


# --- functions -----------------------------------------------------------------------------

def _match_arg_formals(node: Function) -> set[str]:
    """Formals the body passes to match.arg() (their default is the vector of choices)."""
    from .scan import walk
    out = set()
    for n in walk(node.body):
        if (isinstance(n, Call) and isinstance(n.fn, (Name, NsGet)) and n.fn.name == "match.arg"
                and len(n.args) == 1 and isinstance(n.args[0].value, Name)):
            out.add(n.args[0].value.name)
    return out


def _choices(default: RNode | None) -> list[str] | None:
    if (isinstance(default, Call) and isinstance(default.fn, Name) and default.fn.name == "c"
            and default.args and all(isinstance(a.value, Str) and a.name is None
                                     for a in default.args)):
        return [a.value.value for a in default.args]  # type: ignore[union-attr]
    return None


def parameters(node: Function, ctx: Context) -> ast.arguments:
    """R formals as Python parameters (`...` becomes *args, **kwargs; a match.arg() formal
    defaults to its first choice)."""
    args: list[ast.arg] = []
    defaults: list[ast.expr] = []
    vararg = kwarg = None
    matched = _match_arg_formals(node)
    for p in node.params:
        if p.name == "...":
            vararg, kwarg = ast.arg(arg="args"), ast.arg(arg="kwargs")
            continue
        if vararg is not None:
            raise Untranslatable("formals after `...` (matched by name only)")
        choices = _choices(p.default) if p.name in matched else None
        if p.default is None:
            if defaults:
                raise Untranslatable("a formal without default after one with a default")
        elif choices is not None:
            defaults.append(P.const(choices[0]))
        else:
            value = E.expr(p.default, ctx)
            if not isinstance(value, (ast.Constant, ast.UnaryOp)):
                # R evaluates defaults lazily at call time; Python once, at definition
                raise Untranslatable("a default value that is not a constant")
            defaults.append(value)
        args.append(ast.arg(arg=py_name(p.name)))
    return ast.arguments(posonlyargs=[], args=args, vararg=vararg, kwonlyargs=[],
                         kw_defaults=[], kwarg=kwarg, defaults=defaults)


def _on_exit_split(node: RNode) -> tuple[list[RNode], Call, list[RNode]] | None:
    """A function body `a; on.exit(f); b` as ([a], on.exit call, [b]); None without one."""
    stmts = node.stmts if isinstance(node, Block) else [node]
    found = [i for i, st in enumerate(stmts) if isinstance(st, Call)
             and isinstance(st.fn, (Name, NsGet)) and st.fn.name == "on.exit"]
    if not found:
        return None
    if len(found) > 1:
        raise Untranslatable("more than one on.exit() in a function")
    i = found[0]
    return stmts[:i], stmts[i], stmts[i + 1:]  # type: ignore[return-value]


def _function_body(node: Function, ctx: Context) -> list[ast.stmt]:
    split = _on_exit_split(node.body)
    if split is None:
        return body(node.body, ctx, RETURN)
    before, exit_call, after = split
    b = calls.bind(exit_call, ["expr", "add", "after"])
    if b.has("after") and calls.flag(b, "after", True) is False:
        raise Untranslatable("on.exit(after = FALSE)")
    final = body(b.get("expr"), ctx, NONE) if b.has("expr") else [ast.Pass()]
    head = block(before, ctx, NONE) if before else []
    rest = block(after, ctx, RETURN, end_line=node.body.line2) if after else [
        ast.Return(value=P.const(None))]
    return head + [ast.Try(body=rest, handlers=[], orelse=[], finalbody=final)]


def function_def(pname: str, node: Function, ctx: Context) -> ast.FunctionDef:
    params = parameters(node, ctx)
    ctx.depth += 1
    saved = dict(ctx.error_vars)
    saved_dots, saved_choices, saved_handler = ctx.dots, dict(ctx.choices), ctx.handler_var
    ctx.dots = any(p.name == "..." for p in node.params)
    ctx.handler_var = None
    for p in node.params:
        ctx.error_vars.pop(p.name, None)  # a parameter shadows a handler's condition
        ctx.choices.pop(p.name, None)
        choices = _choices(p.default) if p.name in _match_arg_formals(node) else None
        if choices is not None:
            ctx.choices[p.name] = choices
    if pname in {py_name(f) for f in ctx.handler_functions} and node.params:
        ctx.error_vars[node.params[0].name] = False  # a condition handler's argument
    try:
        stmts = _function_body(node, ctx)
    finally:
        ctx.depth -= 1
        ctx.error_vars = saved
        ctx.dots, ctx.choices, ctx.handler_var = saved_dots, saved_choices, saved_handler
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
        text = calls.paste_parts([a.value for a in b.dots if a.value is not None], "", ctx)
        return [ast.Expr(value=P.call("warnings.warn", [text]))]
    if name == "stopifnot":
        return stopifnot(call, ctx)
    if name in ("library", "require", "requireNamespace"):
        library(call, ctx)
        return []
    if name in ("suppressMessages", "suppressPackageStartupMessages"):
        inner = call.args[0].value if len(call.args) == 1 else None
        loads = inner.stmts if isinstance(inner, Block) else [inner]
        if loads and all(isinstance(i, Call) and isinstance(i.fn, Name) and i.fn.name in (
                "library", "require", "requireNamespace") for i in loads):
            for i in loads:
                library(i, ctx)  # type: ignore[arg-type]
            return []
        raise Untranslatable(f"{name}() around something other than library()")
    if name == "Sys.setenv":
        ctx.need("os")
        out: list[ast.stmt] = []
        for a in call.args:
            if a.name is None or a.value is None:
                raise Untranslatable("Sys.setenv() without a name")
            value = calls.as_text(a.value, E.expr(a.value, ctx), ctx)  # R stores text
            if isinstance(value, ast.Constant) and not isinstance(value.value, str):
                value = P.const(str(value.value))
            elif not calls._is_string(value):
                value = P.call("str", [value])  # a whole number
            out.append(ast.Assign(targets=[ast.Subscript(value=P.dotted("os.environ"),
                                                         slice=P.const(a.name), ctx=ast.Store())],
                                  value=value, lineno=0))
        return out + _null_value(sink)
    if name == "Sys.unsetenv":
        ctx.need("os")
        b = calls.bind(call, ["x"])
        return [ast.Expr(value=P.call("os.environ.pop", [calls.x(b.get("x"), ctx),
                                                          P.const(None)]))]
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
    elif pname in calls.MAPPED_PACKAGES:
        pass  # purrr, dplyr, openssl, ...: each mapped function adds the import it needs
    else:
        raise Untranslatable(f"library({pname}): no Python counterpart")


def stop(call: Call, ctx: Context) -> ast.Raise:
    """`stop(...)` raises RuntimeError with R's message; inside a handler, `from` the
    condition being handled; `stop(e)` of a caught condition raises it again."""
    b = calls.bind(call, ["...", "call.", "domain"])
    if len(b.dots) == 1 and isinstance(b.dots[0].value, Name) \
            and b.dots[0].value.name in ctx.error_vars:
        return ast.Raise(exc=P.name(py_name(b.dots[0].value.name)), cause=None)
    message = calls.paste_parts([a.value for a in b.dots if a.value is not None], "", ctx)
    cause = P.name(py_name(ctx.handler_var)) if ctx.handler_var else None
    return ast.Raise(exc=P.call("RuntimeError", [message]), cause=cause)


def stopifnot(call: Call, ctx: Context) -> list[ast.stmt]:
    """`stopifnot("message" = cond, cond2)`: an error with the given message, or R's
    "<expression> is not TRUE" (never `assert`, which `python -O` removes)."""
    from .parsetree import deparse
    b = calls.bind(call, ["...", "exprs", "exprObject", "local"])
    if len(b.args):
        raise Untranslatable("stopifnot(exprs=)")
    out: list[ast.stmt] = []
    for a in b.dots:
        if a.value is None:
            continue
        message = a.name if a.name is not None else f"{deparse(a.value.text)} is not TRUE"
        test = E.condition(a.value, ctx)
        out.append(ast.If(test=E.negate(test), body=[ast.Raise(
            exc=P.call("RuntimeError", [P.const(message)]), cause=None)], orelse=[]))
    return out


def try_catch(call: Call, ctx: Context, sink: Sink) -> list[ast.stmt]:
    """tryCatch() as try/except/finally. A `warning =` handler turns warnings raised in the
    body into exceptions (R's tryCatch leaves the body at the first warning too)."""
    b = calls.bind(call, ["expr", "...", "finally"])
    handlers: list[ast.ExceptHandler] = []
    try_body = body(b.get("expr"), ctx, sink) if b.has("expr") else [ast.Pass()]
    dots = sorted(b.dots, key=lambda a: a.name != "warning")  # never caught as an error
    if any(a.name == "warning" for a in dots):
        ctx.need("warnings")
        try_body = [ast.With(items=[ast.withitem(
            context_expr=P.call("warnings.catch_warnings"), optional_vars=None)],
            body=[ast.Expr(value=P.call("warnings.simplefilter", [P.const("error")]))]
            + try_body, lineno=0)]
    for a in dots:
        if a.name is None or a.value is None:
            raise Untranslatable("a tryCatch() handler without a condition class")
        if a.name in ("condition", "message", "interrupt"):
            raise Untranslatable(f"a tryCatch() handler for {a.name} (R signals messages and "
                                 "interrupts as conditions; Python does not)")
        if a.name == "warning":
            cls: ast.expr = P.name("Warning")
        else:
            cls = calls.error_class(a.name, ctx)
        is_paws = a.name not in ("error", "simpleError", "warning")
        h = a.value
        if isinstance(h, Function):
            if len(h.params) > 1:
                raise Untranslatable("a handler with more than one parameter")
            var = h.params[0].name if h.params else None
            saved, saved_handler = dict(ctx.error_vars), ctx.handler_var
            if var:
                ctx.error_vars[var] = is_paws
                ctx.handler_var = var
            try:
                hbody = body(h.body, ctx, sink)
            finally:
                ctx.error_vars, ctx.handler_var = saved, saved_handler
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
