"""Which service shape a bare value has: how the notebook converter knows what paws returns.

A result of the core is a plain dict, but it has every member of its output shape, in shape
order (docs/design.md, "The core's contract"). So its keys name its shape: across the loaded
services' models, a tuple of member names belongs to one structure shape, or to several with
the same type tree (which convert alike). With the shape, the converter gives R exactly what
paws returns (character(0) for an absent string, logical(0), a zero-length POSIXct, ...),
which the value's own types cannot say (None is all of them).

The same holds the other way: an R named list whose names are a structure's members is read
back into that structure's Python value (absent members None/[]/{} again).

Values whose keys match no shape, or an ambiguous one, are converted by their own types.
Pure Python: nothing here touches R.
"""

from __future__ import annotations

import threading
from typing import Any

from botocore.model import Shape

from ..model import load_service, loaded_services
from ..outputs import builder
from ..shapes import is_document

_AMBIGUOUS = object()
_index: dict[tuple[str, ...], Any] | None = None
_indexed: tuple[str, ...] = ()  # the services _index was built from
_lock = threading.Lock()


def _signature(shape: Shape, seen: tuple[str, ...] = ()) -> Any:
    """The type tree of `shape`, as the converters see it (numbers are one kind)."""
    kind = shape.type_name
    if kind == "structure":
        if is_document(shape):
            return "document"
        if shape.name in seen:
            return ("recursive", shape.name)
        inner = seen + (shape.name,)
        return ("structure", tuple((k, _signature(m, inner)) for k, m in shape.members.items()))
    if kind == "list":
        return ("list", _signature(shape.member, seen))
    if kind == "map":
        return ("map", _signature(shape.value, seen))
    return {"integer": "number", "long": "number", "float": "number", "double": "number",
            "character": "string"}.get(kind, kind)


def _key_tuples(shape: Shape) -> list[tuple[str, ...]]:
    """The key tuples a value of this structure can have (a document member may be absent)."""
    names = list(shape.members)
    optional = [n for n, m in shape.members.items() if is_document(m)]
    tuples = [tuple(names)]
    if optional:  # the core leaves an absent document member out
        tuples.append(tuple(n for n in names if n not in optional))
    return tuples


def _build_index(services: tuple[str, ...]) -> dict[tuple[str, ...], Any]:
    index: dict[tuple[str, ...], Any] = {}
    sigs: dict[tuple[str, ...], Any] = {}
    for name in services:
        model = load_service(name).model
        for shape_name in model.shape_names:
            shape = model.shape_for(shape_name)
            if shape.type_name != "structure" or is_document(shape):
                continue
            sig = _signature(shape)
            for keys in _key_tuples(shape):
                if not keys:  # {} is also every memberless operation's result: by type
                    continue
                if keys not in index:
                    index[keys], sigs[keys] = shape, sig
                elif sigs[keys] != sig:
                    index[keys] = _AMBIGUOUS
    return index


def shape_for_keys(keys: tuple[str, ...]) -> Shape | None:
    """The structure shape whose members are exactly `keys` (in order), or None."""
    global _index, _indexed
    loaded = tuple(loaded_services())  # 400+ services: only those this process has used
    if _index is None or loaded != _indexed:
        with _lock:
            if _index is None or loaded != _indexed:
                _index, _indexed = _build_index(loaded), loaded
    shape = _index.get(keys)
    return None if shape is _AMBIGUOUS else shape


def shape_of(value: Any) -> Shape | None:
    """The structure shape of a dict of the core (its keys, in order), or None."""
    if not isinstance(value, dict):
        return None
    return shape_for_keys(tuple(value))


def element_shape_of(values: Any) -> Shape | None:
    """The structure shape shared by every element of a non-empty list of dicts, or None."""
    if not isinstance(values, (list, tuple)) or not values:
        return None
    first = shape_of(values[0])
    if first is None or any(shape_of(v) is not first for v in values[1:]):
        return None
    return first


def reshape(value: Any, shape: Shape) -> Any:
    """A shapeless Python reading of an R value -> the core's value for `shape`.

    `value` is what `from_r.from_r` reads (empties left out, length-1 vectors as scalars,
    POSIXct as datetimes, doubles for every number); the output builder puts every member
    back, in shape order, with the core's types (None/[]/{} for empties, int for integers,
    `Timestamp`s, lists for list shapes).
    """
    return builder(shape)(value)
