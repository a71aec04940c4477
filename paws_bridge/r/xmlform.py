"""The R value paws returns for an answer of the XML protocols, spelled out (pure Python).

paws.common reads XML with its own rules (`xmlutil.R`), which differ from its JSON rules in
what an *absent* member becomes. `form(shape, value)` turns the value protocols/xml.py built
into the R value paws returns, written as typed-JSON nodes (`{"type", "class",
"attributes", "names", "values"}`, the corpus' own format; raw vectors hold bytes), so it can
be compared with the corpus in Python and materialized in R by `xmlbuild.py`.

paws's rules, per member of a structure:

- a present scalar: character(1), logical(1), double(1) for every number, POSIXct (GMT),
  raw; rest-xml header members as paws reads headers: R integers for `integer`, POSIXct GMT;
- an absent scalar: character(0), logical(0), numeric(0), a zero-length POSIXct without
  time zone (body members; header members keep GMT), character(0) for a blob;
- an absent structure: `list(<the structure with every member empty>)` (a one-element
  unnamed list around it); inside the elements of a flattened list it is the structure
  itself, and a scalar member absent from every element is NULL (paws's `transpose()`);
- a map: a named list whose scalar values are each wrapped in a one-element list;
- lists: atomic vectors for scalars, unnamed lists of structures, `list()` when absent.
"""

from __future__ import annotations

from typing import Any, Callable

from botocore.model import Shape

from ..protocols.xml import Absent, ResultOnly, StreamedBlob

Node = dict[str, Any]
_POSIX = ["POSIXct", "POSIXt"]


_NO_ATTRIBUTES: dict[str, Node] = {}  # shared: nodes are never modified


def _node(rtype: str, values: Any, names: list[str] | None = None,
          rclass: list[str] | None = None, attributes: dict[str, Node] | None = None) -> Node:
    return {"type": rtype, "class": rclass, "attributes": attributes or _NO_ATTRIBUTES,
            "names": names, "values": values}


_CHR0 = _node("character", [])
_LGL0 = _node("logical", [])
_DBL0 = _node("double", [])


NULL: Node = _node("NULL", [])
_GMT = {"tzone": _node("character", ["GMT"])}


def _epoch(v: Any) -> float:
    e = getattr(v, "epoch", None)
    return float(e) if e is not None else float(v.timestamp())


def scalar(kind: str, v: Any, header: bool = False) -> Node:
    """One scalar member: present (length 1) or absent (length 0)."""
    if kind in ("string", "character"):
        if v is None:
            return _CHR0
        return {"type": "character", "class": None, "attributes": _NO_ATTRIBUTES,
                "names": None, "values": [v if type(v) is str else str(v)]}
    if kind == "boolean":
        return _LGL0 if v is None else _node("logical", [bool(v)])
    if kind == "integer" and header:
        return _node("integer", [] if v is None else [int(v)])
    if kind in ("integer", "long", "float", "double"):
        return _DBL0 if v is None else _node("double", [float(v)])
    if kind == "timestamp":
        if v is None:
            return _node("double", [], rclass=_POSIX, attributes=_GMT if header else None)
        return _node("double", [_epoch(v)], rclass=_POSIX, attributes=_GMT)
    if kind == "blob":
        if v is None:
            return _node("character", [])
        return _node("raw", v if type(v) is StreamedBlob else bytes(v))
    return _node("character", [] if v is None else [str(v)])


_SCALAR_KINDS = frozenset({"string", "character", "boolean", "integer", "long", "float",
                           "double", "timestamp", "blob"})


def _structure(shape: Shape, v: Any, flat_row: bool = False,
               absent_everywhere: frozenset[str] = frozenset(),
               top_rest_xml: bool = False) -> Node:
    v = v if isinstance(v, dict) else {}
    names, values = [], []
    for name, m in shape.members.items():
        if type(v) is ResultOnly and name not in v:
            continue
        x = v.get(name)
        loc = m.serialization.get("location") if top_rest_xml else None
        names.append(name)
        if loc == "header":
            values.append(scalar(m.type_name, x, header=True))
        elif loc == "headers":
            values.append(_node("list", [scalar("string", s) for s in (x or {}).values()],
                                names=list((x or {}).keys())) if x else _node("list", [],
                                                                                names=[]))
        elif loc == "statusCode":
            values.append(_node("integer", [] if x is None else [int(x)]))
        else:
            values.append(member(m, x, flat_row, name in absent_everywhere))
    return _node("list", values, names=names)


def member(shape: Shape, x: Any, flat_row: bool = False, absent_everywhere: bool = False
           ) -> Node:
    """The R value of one structure member (or list element) of `shape`."""
    kind = shape.type_name
    if kind in _SCALAR_KINDS:
        if x is None and flat_row and absent_everywhere:
            return NULL
        return scalar(kind, x)
    if kind == "structure":
        if x is None or type(x) is Absent:
            inner = _structure(shape, None)
            return inner if flat_row else _node("list", [inner])
        return _structure(shape, x)
    if kind == "list":
        return _list(shape, x)
    if kind == "map":
        return _map(shape, x)
    return NULL


def _list(shape: Shape, x: Any) -> Node:
    m = shape.member
    if not x:
        return _node("list", [])
    kind = m.type_name
    if kind in _SCALAR_KINDS:  # unlist(): an atomic vector
        parts = [scalar(kind, e) for e in x]
        if kind == "timestamp":
            return _node("double", [p["values"][0] for p in parts])  # unlist drops the class
        if kind == "blob":
            return _node("raw", b"".join(p["values"] for p in parts))
        return _node(parts[0]["type"], [p["values"][0] for p in parts])
    if kind == "structure" and shape.serialization.get("flattened"):
        everywhere = frozenset(n for n in m.members
                               if all(not isinstance(e, dict) or e.get(n) is None for e in x))
        return _node("list", [_structure(m, e, True, everywhere) for e in x])
    return _node("list", [member(m, e) for e in x])


def _map(shape: Shape, x: Any) -> Node:
    if not x:
        return _node("list", [])
    vshape = shape.value
    scalar_values = vshape.type_name in _SCALAR_KINDS
    values = []
    for v in x.values():
        node = member(vshape, v)
        values.append(_node("list", [node]) if scalar_values else node)
    return _node("list", values, names=[str(k) for k in x.keys()])


def form(shape: Shape | None, value: dict[str, Any], protocol: str) -> Node:
    """paws's R value for an XML answer's Python value, as typed-JSON nodes."""
    if shape is None or not shape.members:
        return _node("list", [])
    return _structure(shape, value, top_rest_xml=(protocol == "rest-xml"))


Former = Callable[[Shape | None, dict[str, Any], str], Node]
