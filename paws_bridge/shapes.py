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


def kind_of(shape: Shape) -> str:
    """What a per-shape compiler dispatches on: "document", "structure", "list", "map", or the
    scalar type name ("string", "timestamp", ...)."""
    return "document" if is_document(shape) else shape.type_name


class PerShape(Generic[F]):
    """`compile(shape)`, done once per shape object and cached.

    Recursive shapes are allowed: while a shape compiles, asking for it again (from one of its
    members) gets a forwarder that calls the finished function. The lock is re-entrant
    because compiling a structure compiles its members.
    """

    def __init__(self, compile: Callable[[Shape], F]) -> None:
        self._compile = compile
        self._cache: dict[int, tuple[Shape, F]] = {}
        self._lock = threading.RLock()

    def __call__(self, shape: Shape) -> F:
        hit = self._cache.get(id(shape))
        if hit is not None and hit[0] is shape:  # the shape is kept alive by the cache
            return hit[1]
        with self._lock:
            hit = self._cache.get(id(shape))
            if hit is not None and hit[0] is shape:
                return hit[1]
            cell: list[F] = []
            self._cache[id(shape)] = (shape, lambda *a: cell[0](*a))  # type: ignore[assignment]
            built = self._compile(shape)
            cell.append(built)
            self._cache[id(shape)] = (shape, built)
        return built
