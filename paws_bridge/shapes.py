"""Small facts about botocore shapes, and the one cache of per-shape compiled functions.

outputs.py (response -> paws value), r/to_r.py (paws value -> R value) and r/from_r.py (R value
-> Python) each compile one function per shape, once, and reuse it for every call.
"""

from __future__ import annotations

import threading
from typing import Any, Callable, Generic, TypeVar

from botocore.model import Shape

F = TypeVar("F", bound=Callable[..., Any])


def is_document(shape: Shape) -> bool:
    """True for a document member (free-form JSON), which is a 'structure' to botocore."""
    return shape.type_name == "structure" and bool(getattr(shape, "is_document_type", False))


def shape_key(shape: Shape) -> tuple[Any, ...]:
    """What identifies a shape: its model (resolver), name and member-level traits.

    botocore makes a new Shape object for every reference to a named shape, so a recursive
    shape (DynamoDB's AttributeValue: M -> AttributeValue) never meets the same object twice;
    by this key it does.
    """
    ser = shape.serialization
    return (id(getattr(shape, "_shape_resolver", None)), shape.name,
            tuple(sorted((k, repr(v)) for k, v in ser.items())) if ser else ())


def kind_of(shape: Shape) -> str:
    """What a per-shape compiler dispatches on: "document", "structure", "list", "map", or the
    scalar type name ("string", "timestamp", ...)."""
    return "document" if is_document(shape) else shape.type_name


class PerShape(Generic[F]):
    """`compile(shape)`, done once per shape (shape_key) and cached.

    Recursive shapes are allowed: while a shape compiles, asking for it again (from one of its
    members) gets a forwarder that calls the finished function. The lock is re-entrant
    because compiling a structure compiles its members.
    """

    def __init__(self, compile: Callable[[Shape], F],
                 on_recursion: Callable[[Shape], F] | None = None) -> None:
        self._compile = compile
        # paws's reading of a recursive shape: where a shape recurs inside itself (DynamoDB's
        # AttributeValue inside M or L), paws's generated interface stops and the value is
        # taken as parsed; a compiler that reads values the way paws does says so here
        self._on_recursion = on_recursion
        self._compiling: set[tuple[Any, ...]] = set()
        # the key's resolver id stays valid: the cached shape keeps its resolver alive
        self._cache: dict[tuple[Any, ...], tuple[Shape, F]] = {}
        self._ids: dict[int, tuple[Shape, F]] = {}  # fast path: the same shape object again
        self._lock = threading.RLock()

    def __call__(self, shape: Shape) -> F:
        hit = self._ids.get(id(shape))
        if hit is not None and hit[0] is shape:
            return hit[1]
        key = shape_key(shape)
        with self._lock:
            if key in self._compiling and self._on_recursion is not None:
                return self._on_recursion(shape)  # not cached: only this reference is cut
            hit = self._cache.get(key)
            if hit is None:
                cell: list[F] = []
                self._cache[key] = (shape, lambda *a: cell[0](*a))  # type: ignore[assignment]
                self._compiling.add(key)
                try:
                    built = self._compile(shape)
                finally:
                    self._compiling.discard(key)
                cell.append(built)
                hit = self._cache[key] = (shape, built)
            self._ids[id(shape)] = (shape, hit[1])
        return hit[1]
