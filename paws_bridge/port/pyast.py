"""Tiny constructors for Python `ast` nodes, so the translator reads like the code it emits."""

from __future__ import annotations

import ast
from typing import Any


def name(id_: str) -> ast.Name:
    return ast.Name(id=id_, ctx=ast.Load())


def store(id_: str) -> ast.Name:
    return ast.Name(id=id_, ctx=ast.Store())


def const(value: Any) -> ast.Constant:
    return ast.Constant(value=value)


def dotted(path: str) -> ast.expr:
    """`a.b.c` as an attribute chain."""
    first, *rest = path.split(".")
    node: ast.expr = name(first)
    for part in rest:
        node = ast.Attribute(value=node, attr=part, ctx=ast.Load())
    return node


def attr(value: ast.expr, attr_: str) -> ast.Attribute:
    return ast.Attribute(value=value, attr=attr_, ctx=ast.Load())


def call(func: ast.expr | str, args: list[ast.expr] | None = None,
         kwargs: dict[str, ast.expr] | None = None) -> ast.Call:
    if isinstance(func, str):
        func = dotted(func)
    return ast.Call(func=func, args=list(args or []),
                    keywords=[ast.keyword(arg=k, value=v) for k, v in (kwargs or {}).items()])


def sub(value: ast.expr, key: ast.expr) -> ast.Subscript:
    return ast.Subscript(value=value, slice=key, ctx=ast.Load())


def minus_one(index: ast.expr) -> ast.expr:
    """R's 1-based index as Python's 0-based one (folded when it is a number)."""
    if isinstance(index, ast.Constant) and isinstance(index.value, int):
        return const(index.value - 1)
    if (isinstance(index, ast.BinOp) and isinstance(index.op, ast.Add)
            and isinstance(index.right, ast.Constant) and index.right.value == 1):
        return index.left
    return ast.BinOp(left=index, op=ast.Sub(), right=const(1))


def plus_one(value: ast.expr) -> ast.expr:
    if isinstance(value, ast.Constant) and isinstance(value.value, int):
        return const(value.value + 1)
    return ast.BinOp(left=value, op=ast.Add(), right=const(1))


def compare(left: ast.expr, op: ast.cmpop, right: ast.expr) -> ast.Compare:
    return ast.Compare(left=left, ops=[op], comparators=[right])


def to_store(node: ast.expr) -> ast.expr:
    """The same target expression in Store context (for assignments)."""
    if isinstance(node, ast.Name):
        return store(node.id)
    if isinstance(node, ast.Subscript):
        return ast.Subscript(value=node.value, slice=node.slice, ctx=ast.Store())
    if isinstance(node, ast.Attribute):
        return ast.Attribute(value=node.value, attr=node.attr, ctx=ast.Store())
    raise TypeError(f"cannot assign to {ast.dump(node)}")
