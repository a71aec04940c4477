"""A first pass over the whole script: what each name is used as, before translating.

R has no declarations, so the translator learns from the script itself: which names hold
service clients, which are functions, which lists are indexed by name (Python dicts) and
which variables are certainly numbers (so `x[[i]]` can become `x[i - 1]`).
"""

from __future__ import annotations

import dataclasses
from typing import Iterator

from .context import Context, service_names
from .rast import (Arg, Assign, BinOp, Call, Dollar, For, Function, Index, Name, NsGet, Num,
                   Param, Paren, RNode, Str)


def walk(node: RNode | None) -> Iterator[RNode]:
    """Every R node under `node`, depth first."""
    if node is None:
        return
    yield node
    for f in dataclasses.fields(node):
        value = getattr(node, f.name)
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, RNode):
                yield from walk(item)
            elif isinstance(item, Arg):
                yield from walk(item.value)
            elif isinstance(item, Param):
                yield from walk(item.default)


def is_constructor(node: RNode) -> bool:
    """`cognitoidentityprovider(...)`, `paws::cognitoidentityprovider(...)` and the like."""
    if not isinstance(node, Call):
        return False
    fn = node.fn
    if not (isinstance(fn, (Name, NsGet)) and fn.name in service_names()):
        return False
    if isinstance(fn, NsGet):
        return fn.pkg.startswith("paws")
    # a bare name shared with an R package's function (`glue("Hi {x}")`): a constructor only
    # when called the way constructors are (no arguments, or named config arguments)
    return all(a.name in ("config", "credentials", "endpoint", "region") for a in node.args)


def _numeric(node: RNode, numeric: set[str]) -> bool:
    if isinstance(node, Num):
        return True
    if isinstance(node, Name):
        return node.name in numeric
    if isinstance(node, Paren):
        return _numeric(node.expr, numeric)
    if isinstance(node, BinOp) and node.op in ("+", "-", "*", "%/%", "%%"):
        return _numeric(node.left, numeric) and _numeric(node.right, numeric)
    if isinstance(node, Call) and isinstance(node.fn, Name):
        return node.fn.name in ("length", "nchar", "as.integer")
    return False


def _counting(seq: RNode) -> bool:
    """A for-loop sequence of positions: `1:n`, `seq_along(x)`, `seq_len(n)`."""
    if isinstance(seq, BinOp) and seq.op == ":":
        return True
    return isinstance(seq, Call) and isinstance(seq.fn, Name) and seq.fn.name in (
        "seq_along", "seq_len")


#: R calls whose value the translation makes a Python list (or dict).
_LIST_MAKERS = frozenset({"list", "c", "lapply", "sapply", "vapply", "Filter", "paginate",
                          "paginate_lapply", "paginate_sapply", "names", "sort", "unique",
                          "rev", "character", "numeric", "logical", "integer", "append",
                          "setdiff", "intersect"})


#: R calls whose value is always one string
_STRING_MAKERS = frozenset({"paste", "paste0", "sprintf", "Sys.getenv", "toupper", "tolower",
                            "trimws", "glue", "format", "as.character", "base64_encode",
                            "base64_enc"})


def _naming(seq: RNode) -> bool:
    """A for-loop sequence of strings: `names(x)`, `c("a", "b")`."""
    if not (isinstance(seq, Call) and isinstance(seq.fn, Name)):
        return False
    if seq.fn.name == "names":
        return True
    return seq.fn.name == "c" and bool(seq.args) and all(
        isinstance(a.value, Str) for a in seq.args)


def scan(stmts: list[RNode], ctx: Context) -> None:
    """Fill `ctx` with what the script shows about its names."""
    nodes = [n for s in stmts for n in walk(s)]
    ctx.service_kinds.update(n.fn.name for n in nodes if is_constructor(n))  # type: ignore[attr-defined]
    for n in nodes:
        if isinstance(n, Assign):
            target = n.target
            if isinstance(target, (Name, Str)):
                tname = target.name if isinstance(target, Name) else target.value
                ctx.assigned.add(tname)
                if isinstance(n.value, Function):
                    ctx.functions.add(tname)
                    ctx.formals[tname] = [p.name for p in n.value.params]
                if is_constructor(n.value):
                    ctx.services.add(tname)
                if (isinstance(n.value, Call) and isinstance(n.value.fn, Name)
                        and n.value.fn.name in ("list", "c") and n.value.args
                        and all(a.name is not None for a in n.value.args)):
                    ctx.dict_vars.add(tname)  # a named list literal
            elif isinstance(target, Dollar) and isinstance(target.obj, Name):
                ctx.dict_vars.add(target.obj.name)
        elif isinstance(n, Function):
            ctx.assigned.update(p.name for p in n.params)
        elif isinstance(n, For):
            ctx.assigned.add(n.var)
            if _counting(n.seq):
                ctx.numeric_vars.add(n.var)
                ctx.int_vars.add(n.var)
            elif _naming(n.seq):
                ctx.string_vars.add(n.var)
    # numbers: a name only ever assigned numbers (propagated to a fixed point)
    values: dict[str, list[RNode]] = {}
    for n in nodes:
        if isinstance(n, Assign) and isinstance(n.target, Name):
            values.setdefault(n.target.name, []).append(n.value)
    changed = True
    while changed:
        changed = False
        for name, vals in values.items():
            if name not in ctx.numeric_vars and all(_numeric(v, ctx.numeric_vars) for v in vals):
                ctx.numeric_vars.add(name)
                changed = True
    # lists: a name only ever assigned list-making calls
    for name, vals in values.items():
        if all(isinstance(v, Call) and isinstance(v.fn, (Name, NsGet))
               and v.fn.name in _LIST_MAKERS
               and not (v.fn.name == "c" and len(v.args) == 1)  # c("a") is the scalar "a"
               for v in vals):
            ctx.list_vars.add(name)
    # strings: a name only ever assigned string literals or pastes
    for name, vals in values.items():
        if all(isinstance(v, Str) or (isinstance(v, Call) and isinstance(v.fn, (Name, NsGet))
                                      and v.fn.name in _STRING_MAKERS)
               for v in vals):
            ctx.string_vars.add(name)
    # data frames whose columns the script shows
    for n in nodes:
        if isinstance(n, Assign) and isinstance(n.target, Name):
            cols = frame_columns(n.value, ctx)
            if cols is not None:
                ctx.frame_vars.add(n.target.name)
                ctx.columns.setdefault(n.target.name, set()).update(cols)
    # lists grown by position, and functions used as condition handlers
    for n in nodes:
        if (isinstance(n, Assign) and isinstance(n.target, Index) and n.target.double
                and isinstance(n.target.obj, Name) and n.target.args and _is_append(n.target)):
            ctx.append_vars.add(n.target.obj.name)
        if (isinstance(n, Call) and isinstance(n.fn, Name) and n.fn.name == "tryCatch"):
            for a in n.args[1:]:
                if a.name and a.name != "finally" and isinstance(a.value, Name):
                    ctx.handler_functions.add(a.value.name)
    # lists indexed by a name: `x[["key"]] <- v`, or `x[[k]] <- v` with a non-numeric k
    for n in nodes:
        if (isinstance(n, Assign) and isinstance(n.target, Index) and n.target.double
                and isinstance(n.target.obj, Name) and n.target.args
                and n.target.args[0].value is not None):
            key = n.target.args[0].value
            if isinstance(key, Str) or (isinstance(key, Name) and key.name in ctx.string_vars) \
                    or not (_numeric(key, ctx.numeric_vars)
                                            or _is_append(n.target)):
                ctx.dict_vars.add(n.target.obj.name)


def _is_append(target: Index) -> bool:
    """`x[[length(x) + 1]]`: R's idiom for appending to a list."""
    key = target.args[0].value
    return (isinstance(key, BinOp) and key.op == "+" and isinstance(key.right, Num)
            and key.right.value == 1 and isinstance(key.left, Call)
            and isinstance(key.left.fn, Name) and key.left.fn.name == "length")


def frame_columns(value: RNode, ctx: Context) -> set[str] | None:
    """The columns of a data frame the expression builds, when the script shows them:
    data.frame(a = ...), tibble(...), map_dfr(x, function(u) list(a = ...)), and the
    dplyr verbs applied to such a frame (through pipes too)."""
    from .rast import Function as Fn
    while isinstance(value, BinOp) and value.op in ("%>%", "|>"):
        rhs = value.right
        if not isinstance(rhs, Call):
            return None
        value = Call(rhs.fn, [Arg(None, value.left)] + rhs.args)
    if not (isinstance(value, Call) and isinstance(value.fn, (Name, NsGet))):
        if isinstance(value, Name) and value.name in ctx.columns:
            return set(ctx.columns[value.name])
        return None
    fn = value.fn.name
    if fn in ("data.frame", "tibble", "data_frame"):
        return {a.name for a in value.args if a.name and a.name not in ("stringsAsFactors",)}
    if fn in ("map_dfr",) and len(value.args) >= 2:
        f = value.args[1].value
        body = f.body if isinstance(f, Fn) else None
        while hasattr(body, "stmts") and body.stmts:  # a block: its last value
            body = body.stmts[-1]
        if isinstance(body, Call) and isinstance(body.fn, (Name, NsGet)) and body.fn.name in (
                "list", "data.frame", "tibble", "c"):
            return {a.name for a in body.args if a.name}
        return None
    if fn in ("filter", "mutate", "select", "left_join", "arrange") and value.args \
            and value.args[0].value is not None:
        base = frame_columns(value.args[0].value, ctx)
        if base is None:
            return None
        if fn == "mutate":
            return base | {a.name for a in value.args[1:] if a.name}
        if fn == "left_join" and len(value.args) > 1 and value.args[1].value is not None:
            other = frame_columns(value.args[1].value, ctx)
            return None if other is None else base | other
        return base
    return None
