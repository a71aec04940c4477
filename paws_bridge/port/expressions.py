"""R expressions -> Python expressions (`ast.expr`).

Anything without a faithful equivalent raises `Untranslatable`; the statement translator
turns the whole enclosing statement into a TODO line.
"""

from __future__ import annotations

import ast

from . import calls
from . import pyast as P
from .context import Context, Untranslatable, py_name, service_names
from .rast import (Assign, BinOp, Block, Call, Const, Dollar, Function, If, Index, Name, NsGet,
                   Num, Paren, RNode, Str, UnaryOp, Unknown)

_ARITH = {"+": ast.Add, "-": ast.Sub, "*": ast.Mult, "/": ast.Div, "^": ast.Pow,
          "%%": ast.Mod, "%/%": ast.FloorDiv}
_CMP = {"==": ast.Eq, "!=": ast.NotEq, "<": ast.Lt, "<=": ast.LtE, ">": ast.Gt, ">=": ast.GtE}
_BOOL = {"&&": ast.And, "&": ast.And, "||": ast.Or, "|": ast.Or}

#: What a paws error condition's fields are on a Python PawsError.
ERROR_FIELDS = {"message": "message", "status_code": "status_code",
                "error_response": "error_response"}


def expr(node: RNode, ctx: Context) -> ast.expr:
    """Translate one R expression."""
    if isinstance(node, Num):
        if not node.integer and isinstance(node.value, int) and abs(node.value) >= 100000:
            return P.const(float(node.value))  # an R double R writes as 1e+05: a float
        return P.const(node.value)
    if isinstance(node, Str):
        return P.const(node.value)
    if isinstance(node, Const):
        return const(node.name)
    if isinstance(node, Name):
        return name(node.name, ctx)
    if isinstance(node, Paren):
        return expr(node.expr, ctx)
    if isinstance(node, NsGet):
        return ns_value(node)
    if isinstance(node, Call):
        return calls.translate_call(node, ctx)
    if isinstance(node, Dollar):
        return dollar(node, ctx)
    if isinstance(node, Index):
        return index(node, ctx)
    if isinstance(node, BinOp):
        return binop(node, ctx)
    if isinstance(node, UnaryOp):
        return unary(node, ctx)
    if isinstance(node, If):
        if node.orelse is None:
            raise Untranslatable("an `if` without `else` used as a value")
        return ast.IfExp(test=condition(node.cond, ctx), body=expr(unblock(node.then), ctx),
                         orelse=expr(unblock(node.orelse), ctx))
    if isinstance(node, Function):
        return function_value(node, ctx)
    if isinstance(node, Block):
        return expr(unblock(node), ctx)
    if isinstance(node, Assign):
        raise Untranslatable("an assignment used as a value")
    if isinstance(node, Unknown):
        raise Untranslatable(f"R construct not recognised ({node.what})")
    raise Untranslatable(f"{type(node).__name__} used as a value")


def unblock(node: RNode) -> RNode:
    """`{ x }` as `x`; a block of several statements cannot be one expression."""
    while isinstance(node, Block):
        if len(node.stmts) != 1:
            raise Untranslatable("a block of several statements used as a value")
        node = node.stmts[0]
    return node


def const(r_name: str) -> ast.expr:
    if r_name == "TRUE":
        return P.const(True)
    if r_name == "FALSE":
        return P.const(False)
    if r_name in ("NULL", "NA", "NA_integer_", "NA_real_", "NA_character_"):
        return P.const(None)
    if r_name == "Inf":
        return P.call("float", [P.const("inf")])
    if r_name == "NaN":
        return P.call("float", [P.const("nan")])
    raise Untranslatable(f"the R constant {r_name}")


#: R operators used as function values (`Reduce(`+`, x)`)
_OPERATOR_FUNCTIONS = {"+": "operator.add", "*": "operator.mul", "-": "operator.sub",
                       "/": "operator.truediv", "&": "operator.and_", "|": "operator.or_"}


def name(r_name: str, ctx: Context) -> ast.expr:
    if r_name in ctx.aliases:
        return P.name(ctx.aliases[r_name])
    if ctx.mask is not None and r_name not in ("T", "F", "pi"):
        return column(r_name, ctx)
    if r_name in _OPERATOR_FUNCTIONS:
        ctx.need("operator")
        return P.dotted(_OPERATOR_FUNCTIONS[r_name])
    if r_name in ("T", "F") and r_name not in ctx.assigned:
        return P.const(r_name == "T")
    if r_name == "pi" and r_name not in ctx.assigned:
        ctx.need("math")
        return P.dotted("math.pi")
    if r_name in ("LETTERS", "letters", "month.name", "month.abb"):
        raise Untranslatable(f"the R built-in {r_name}")
    if r_name in calls.TABLE and r_name not in ctx.assigned and r_name not in ctx.functions \
            and r_name not in ("n", "filter", "select", "map", "mutate", "pull", "hmac"):
        raise Untranslatable(f"the R function {r_name} used as a value")
    return P.name(py_name(r_name))


def column(r_name: str, ctx: Context) -> ast.expr:
    """A bare name inside a dplyr verb: a column of the frame (R's data masking), unless
    the script shows it is a variable and the frame's columns are known not to hold it."""
    frame = ctx.mask
    assert frame is not None
    known = ctx.columns.get(frame)
    if known is not None and r_name not in known:
        if r_name in ctx.assigned:
            saved, ctx.mask = ctx.mask, None
            try:
                return name(r_name, ctx)
            finally:
                ctx.mask = saved
        raise Untranslatable(f"{r_name} is neither a known column nor a variable")
    if known is None and r_name in ctx.assigned:
        raise Untranslatable(f"{r_name} may be a column or a variable (R's data masking); "
                             "write .data${r_name} or .env${r_name}")
    return P.sub(P.name("d"), P.const(r_name))


def ns_value(node: NsGet) -> ast.expr:
    """`pkg::name` used as a value rather than called."""
    if node.name in service_names() and node.pkg.startswith("paws"):
        from ..registry import python_name
        return P.dotted(f"paws_bridge.{python_name(node.name)}")
    raise Untranslatable(f"{node.pkg}::{node.name} used as a value")


def is_service(node: RNode, ctx: Context) -> bool:
    """True for an R value known to be a service client."""
    return isinstance(node, Name) and node.name in ctx.services


def dollar(node: Dollar, ctx: Context) -> ast.expr:
    if node.at:
        raise Untranslatable("the S4 slot operator @")
    obj = node.obj
    if isinstance(obj, Name) and obj.name in (".data", ".env") and ctx.mask is not None:
        if obj.name == ".data":
            return P.sub(P.name("d"), P.const(node.name))
        saved, ctx.mask = ctx.mask, None
        try:
            return name(node.name, ctx)
        finally:
            ctx.mask = saved
    if is_service(obj, ctx) or (node.name in ctx.operations() and isinstance(obj, Name)
                                and obj.name not in ctx.dict_vars):
        return P.attr(expr(obj, ctx), node.name)
    if isinstance(obj, Name) and obj.name in ctx.error_vars:
        return error_field(obj.name, node.name, ctx)
    return P.sub(expr(obj, ctx), P.const(node.name))


def error_field(var: str, field: str, ctx: Context) -> ast.expr:
    """`e$message` and friends on a condition caught by a handler."""
    pe = ctx.error_vars[var]
    target = P.name(py_name(var))
    if field == "message":
        return P.attr(target, "message") if pe else P.call("str", [target])
    if field in ERROR_FIELDS:
        if pe:
            return P.attr(target, ERROR_FIELDS[field])
        return P.call("getattr", [target, P.const(ERROR_FIELDS[field]), P.const(None)])
    raise Untranslatable(f"the condition field ${field} has no Python counterpart")


def index(node: Index, ctx: Context) -> ast.expr:
    if not node.double:
        raise Untranslatable("`[` indexing (vector semantics); use `[[` for one element")
    if len(node.args) != 1 or node.args[0].value is None or node.args[0].name:
        raise Untranslatable("`[[` with more than one index")
    obj = expr(node.obj, ctx)
    key = index_key(node.obj, node.args[0].value, ctx)
    if (isinstance(obj, ast.List) and isinstance(key, ast.Constant)
            and isinstance(key.value, int) and 0 <= key.value < len(obj.elts)):
        return obj.elts[key.value]  # strsplit(x, ",")[[1]]: the one piece list
    return P.sub(obj, key)


def index_key(obj: RNode, key: RNode, ctx: Context) -> ast.expr:
    """The Python subscript for R's `[[key]]`: names stay, positions shift by one."""
    if isinstance(key, Str):
        return P.const(key.value)
    if isinstance(key, Num):
        if key.value < 1:
            raise Untranslatable("`[[` with a position below 1")
        return P.const(key.value - 1)
    if (isinstance(obj, Name) and obj.name in ctx.dict_vars) or (
            isinstance(key, Name) and key.name in ctx.string_vars):
        return expr(key, ctx)
    if is_numeric(key, ctx):
        return P.minus_one(expr(key, ctx))
    if isinstance(key, (Name, Dollar, Index)) and not is_numeric(key, ctx):
        # a computed key: a name when it is a string, a position when a number. Without
        # types we cannot tell, except where the script itself showed it (dict_vars).
        raise Untranslatable("`[[` with a computed index that may be a name or a position")
    raise Untranslatable("`[[` with a computed index")


def is_numeric(node: RNode, ctx: Context) -> bool:
    """True when the R value is certainly a number (literal, arithmetic, counter)."""
    if isinstance(node, Num):
        return True
    if isinstance(node, Name):
        return node.name in ctx.numeric_vars
    if isinstance(node, BinOp) and node.op in ("+", "-", "*", "%/%", "%%"):
        return is_numeric(node.left, ctx) or is_numeric(node.right, ctx)
    if isinstance(node, Call) and isinstance(node.fn, Name):
        return node.fn.name in ("length", "nchar", "nrow", "ncol", "as.integer", "which.max",
                                "which.min")
    if isinstance(node, Paren):
        return is_numeric(node.expr, ctx)
    return False


def binop(node: BinOp, ctx: Context) -> ast.expr:
    op = node.op
    if op in ("|>", "%>%"):
        return expr(pipe(node), ctx)
    if op in _ARITH:
        return ast.BinOp(left=expr(node.left, ctx), op=_ARITH[op](), right=expr(node.right, ctx))
    if op in _CMP:
        return P.compare(expr(node.left, ctx), _CMP[op](), expr(node.right, ctx))
    if op in _BOOL and ctx.mask is not None:  # element-wise over columns
        bit = ast.BitAnd() if op in ("&", "&&") else ast.BitOr()
        return ast.BinOp(left=expr(node.left, ctx), op=bit, right=expr(node.right, ctx))
    if op in _BOOL:
        return ast.BoolOp(op=_BOOL[op](), values=[condition(node.left, ctx),
                                                  condition(node.right, ctx)])
    if op == "%in%" and ctx.mask is not None:
        return P.call(P.attr(expr(node.left, ctx), "isin"), [expr(node.right, ctx)])
    if op == "%in%":
        return P.compare(expr(node.left, ctx), ast.In(), expr(node.right, ctx))
    if op == ":":
        return P.call("list", [seq_range(node, ctx)])
    raise Untranslatable(f"the R operator {op}")


def seq_range(node: BinOp, ctx: Context) -> ast.expr:
    """`a:b` as `range(a, b + 1)` (counting up; R's `1:0` counts down, so a
    literal downward range is refused)."""
    left, right = node.left, node.right
    if isinstance(left, Num) and isinstance(right, Num) and right.value < left.value:
        raise Untranslatable("a decreasing range a:b")
    return P.call("range", [expr(left, ctx), P.plus_one(expr(right, ctx))])


def pipe(node: BinOp) -> RNode:
    """`x |> f(y)` is `f(x, y)`; `x %>% f(y, .)` (magrittr's placeholder, or `_` of the
    native pipe given by name) puts `x` there instead."""
    from .rast import Arg
    from .scan import walk
    rhs = node.right
    if isinstance(rhs, Paren):
        rhs = rhs.expr
    holder = "." if node.op == "%>%" else "_"
    if isinstance(rhs, Call):
        direct = [i for i, a in enumerate(rhs.args)
                  if isinstance(a.value, Name) and a.value.name == holder]
        nested = [n for a in rhs.args if a.value is not None and not (
            isinstance(a.value, Name) and a.value.name == holder)
            for n in walk(a.value) if isinstance(n, Name) and n.name == holder]
        if nested:
            raise Untranslatable(f"a pipe whose `{holder}` placeholder is inside an argument")
        if len(direct) > 1:
            raise Untranslatable(f"a pipe with more than one `{holder}` placeholder")
        if direct:
            args = list(rhs.args)
            args[direct[0]] = Arg(args[direct[0]].name, node.left)
            out = Call(rhs.fn, args)
        else:
            out = Call(rhs.fn, [Arg(None, node.left)] + rhs.args)
    elif isinstance(rhs, Name):
        out = Call(rhs, [Arg(None, node.left)])
    elif node.op == "%>%" and isinstance(rhs, (Dollar, Index)) and _innermost_is_dot(rhs):
        out = _replace_dot(rhs, node.left)  # x %>% .$Name, x %>% .[["Name"]]
    else:
        raise Untranslatable("a pipe into something other than a call")
    out.text, out.line1, out.line2 = node.text, node.line1, node.line2
    return out


def _innermost_is_dot(node: RNode) -> bool:
    while isinstance(node, (Dollar, Index)):
        node = node.obj
    return isinstance(node, Name) and node.name == "."


def _replace_dot(node: RNode, value: RNode) -> RNode:
    import dataclasses
    if isinstance(node, Name):
        return value
    assert isinstance(node, (Dollar, Index))
    return dataclasses.replace(node, obj=_replace_dot(node.obj, value))


def unary(node: UnaryOp, ctx: Context) -> ast.expr:
    if node.op == "-":
        operand = expr(node.operand, ctx)
        if isinstance(operand, ast.Constant) and isinstance(operand.value, (int, float)):
            return P.const(-operand.value)
        return ast.UnaryOp(op=ast.USub(), operand=operand)
    if node.op == "+":
        return ast.UnaryOp(op=ast.UAdd(), operand=expr(node.operand, ctx))
    if node.op == "!" and ctx.mask is not None:
        return ast.UnaryOp(op=ast.Invert(), operand=expr(node.operand, ctx))
    if node.op == "!":
        return negate(condition(node.operand, ctx))
    raise Untranslatable(f"the R operator {node.op} (formula or help)")


_NEGATED = {ast.Is: ast.IsNot, ast.IsNot: ast.Is, ast.In: ast.NotIn, ast.NotIn: ast.In,
            ast.Eq: ast.NotEq, ast.NotEq: ast.Eq}


def negate(test: ast.expr) -> ast.expr:
    """`not test`, written the way Python is read: `x is not None`, `a not in b`, `a != b`."""
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and type(test.ops[0]) in _NEGATED:
        return ast.Compare(left=test.left, ops=[_NEGATED[type(test.ops[0])]()],
                           comparators=test.comparators)
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return test.operand
    return ast.UnaryOp(op=ast.Not(), operand=test)


def condition(node: RNode, ctx: Context) -> ast.expr:
    """An R value used as a condition (`if`, `while`, `!`, `&&`)."""
    return expr(node, ctx)


def function_value(node: Function, ctx: Context) -> ast.expr:
    """A function used as a value: a lambda when its body is one expression, otherwise a
    `def` placed before the current statement."""
    from . import statements
    params = statements.parameters(node, ctx)
    try:
        body = unblock(node.body)
        if isinstance(body, (Assign,)) or _is_statement_call(body):
            raise Untranslatable("statement body")
        value = expr(body, ctx)
        return ast.Lambda(args=params, body=value)
    except Untranslatable:
        fname = ctx.fresh("fn")
        ctx.prelude.append(statements.function_def(fname, node, ctx))
        return P.name(fname)


def _is_statement_call(node: RNode) -> bool:
    return (isinstance(node, Call) and isinstance(node.fn, Name)
            and node.fn.name in calls.STATEMENT_CALLS)
