"""Which service shape a value has: how the notebook converter knows what paws returns.

An operation's value (`outputs.Result`) carries its output shape, and the converter uses it.
A plain dict, or an R named list coming back, is matched by its member names: a result has
every member of its shape, in shape order (docs/design.md, "The core's contract"), so its
keys name the shape among the loaded services' models. Where several services have shapes
with the same member names but different type trees (Cognito's and IAM's `User`), the
value's nesting decides (member names below, lists vs named lists); where it still cannot
(an R `list(Tags = list())`), the service named by `prefer()` wins, else the one whose model
was loaded last. With the shape, R gets exactly what paws returns (character(0) for an
absent string, logical(0), a zero-length POSIXct, ...), which the value's own types cannot
say (None is all of them); and an R list comes back as that structure's Python value
(absent members None/[]/{} again). Values that match no shape convert by their own types.
Pure Python: nothing here touches R.
"""

from __future__ import annotations

import threading
from typing import Any

from botocore.model import Shape

from ..model import load_service, loaded_services
from ..outputs import builder
from ..shapes import is_document

_index: dict[tuple[str, ...], list[Shape]] | None = None
_indexed: tuple[str, ...] = ()  # the services _index was built from
_owners: dict[int, set[str]] = {}  # id(shape) -> the services that have it (or its twin)
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


def _build_index(services: tuple[str, ...]) -> dict[tuple[str, ...], list[Shape]]:
    """key tuple -> the structure shapes with those members, one per distinct type tree."""
    index: dict[tuple[str, ...], list[Shape]] = {}
    sigs: dict[tuple[str, ...], list[Any]] = {}
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
                known = sigs.setdefault(keys, [])
                if sig not in known:
                    known.append(sig)
                    index.setdefault(keys, []).append(shape)
                    _owners[id(shape)] = {name}
                else:  # converts alike: one shape stands for all, owned by each service
                    _owners[id(index[keys][known.index(sig)])].add(name)
    return index


def _candidates(keys: tuple[str, ...]) -> list[Shape]:
    global _index, _indexed
    loaded = tuple(loaded_services())  # 400+ services: only those this process has used
    if _index is None or loaded != _indexed:
        with _lock:
            if _index is None or loaded != _indexed:
                _index, _indexed = _build_index(loaded), loaded
    return _index.get(keys, [])


ATOM = object()  # in a skeleton of an R value: an atomic vector (never a paws structure)


def _fits(value: Any, shape: Shape, depth: int = 0) -> bool:
    """Whether a value's nested structure agrees with `shape` (names, nesting), so that
    shapes sharing top-level member names (Cognito's and IAM's `User`) can be told apart.
    `value` is a Python value (None: absent, fits anything) or an R value's skeleton."""
    if value is None or depth > 20:
        return True
    kind = shape.type_name
    if value is ATOM:  # paws gives every structure (and map) as a list, never atomic
        return kind not in ("structure", "map") or is_document(shape)
    if kind == "structure":
        if is_document(shape):
            return True
        if not isinstance(value, dict):
            return False
        members = shape.members
        return all(k in members and _fits(v, members[k], depth + 1) for k, v in value.items())
    if kind == "list":
        if not isinstance(value, (list, tuple)):
            return not isinstance(value, dict)  # a length-1 vector read as a scalar
        return all(_fits(v, shape.member, depth + 1) for v in value)
    if kind == "map":
        if isinstance(value, (list, tuple)) and not value:
            return True  # paws's list() for an empty map
        return isinstance(value, dict) and all(_fits(v, shape.value, depth + 1)
                                               for v in value.values())
    return not isinstance(value, (dict, list, tuple))


_preferred: list[str] = []  # services named by prefer(), first wins


def prefer(*services: str) -> None:
    """Name the services whose shapes win when a value fits shapes of several services
    (an R `list(Tags = list())` is Cognito's map or IAM's list of tags alike). Without it,
    the service whose model was loaded last wins. Loads the services' models."""
    global _preferred
    for name in services:
        load_service(name)
    _preferred = list(dict.fromkeys(services + tuple(_preferred)))


def _rank(shape: Shape) -> int:
    owners = _owners.get(id(shape), set())
    preferred = [_preferred.index(o) for o in owners if o in _preferred]
    if preferred:
        return min(preferred) - 10_000
    loaded = loaded_services()
    return -max((loaded.index(o) for o in owners if o in loaded), default=-1)


def shape_for(keys: tuple[str, ...], value: Any) -> Shape | None:
    """The structure shape with members `keys` that `value` fits: the one candidate, or
    the only one among several whose nested members agree with the value; where several
    still fit, the preferred service's (see `prefer`), else the last loaded service's."""
    found = _candidates(keys)
    if len(found) > 1:
        found = [s for s in found if _fits(value, s)]
        found.sort(key=_rank)
    return found[0] if found else None


def shape_of(value: Any) -> Shape | None:
    """The structure shape of a dict of the core, or None (ambiguous or unknown)."""
    if not isinstance(value, dict):
        return None
    known = getattr(value, "shape", None)  # an operation's value knows its shape
    if isinstance(known, Shape):
        return known
    return shape_for(tuple(value), value)


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
