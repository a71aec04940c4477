"""paws_bridge values in R, through rpy2: one conversion layer for both hosts.

The rooms (docs/design.md, "The R layer"): sexp.py (R's C API, constants, atomic reads),
to_r.py (R values built by output shape), from_r.py (R values read by input shape), scalars.py
(the one scalar coercion), exchange.py (the exchange environment, status codes, client
handles, error records), host.py and tables.py (the entry points R calls), columns.py and
pandas_frame.py (data.frames).

* R hosting Python (the R package `paws.bridge`): `host.py` holds the entry points R calls.
* Python hosting R (a notebook): `converter` is an rpy2 `Converter` for
  `with localconverter(default_converter + converter): ...` that turns paws_bridge values
  (dicts, lists, `Timestamp`s, bytes) into the R values paws returns and R values back into
  Python; `%load_ext paws_bridge.r` adds it to the `%%R` magic.

`to_robject()` / `from_robject()` do one conversion without a converter (the submodules
`to_r` and `from_r` hold the shape-driven builders and readers they use).

Nothing here imports `rpy2.robjects` at import time: in the R-hosted setting that would
initialise rpy2's R session set-up, which evaluates R code (fatal there). `converter` is built
on first use.
"""

from __future__ import annotations

from typing import Any

__all__ = ["converter", "to_robject", "from_robject", "load_ipython_extension"]

_converter = None


def to_robject(value: Any, shape: Any = None) -> Any:
    """A paws_bridge value -> an rpy2 R object.

    With `shape` (a botocore output shape) the value becomes exactly what paws returns for
    it (every member, empties, POSIXct, raw); without it, by the value's own types: dicts ->
    named lists, lists of strings/numbers/booleans -> atomic vectors, datetimes -> POSIXct,
    bytes -> raw, None -> NULL.
    """
    from rpy2.rinterface_lib import conversion
    from . import sexp
    from . import to_r as build
    a = sexp.api()
    x = build.output_builder(shape)(value) if shape is not None else build.generic_to_r(value)
    a.lib.Rf_protect(x)
    try:
        return conversion._cdata_to_rinterface(x)
    finally:
        a.lib.Rf_unprotect(1)


def from_robject(obj: Any) -> Any:
    """An rpy2 R object -> Python (named lists -> dicts, length-1 vectors -> scalars, ...)."""
    from . import sexp
    from . import from_r as read
    sexp.api()
    return read.from_r(obj.__sexp__._cdata)


def _build_converter():
    from rpy2 import rinterface as ri
    from rpy2.robjects.conversion import Converter

    from ..outputs import Timestamp
    conv = Converter("paws_bridge")
    for kind in (Timestamp, bytes, bytearray):
        conv.py2rpy.register(kind, lambda v: to_robject(v))
    # a result (or a list of result structures) converts by the shape its keys name, so R
    # gets paws's empties (character(0), logical(0), ...) where the value only has None
    conv.py2rpy.register(dict, _dict_to_r)
    conv.py2rpy.register(list, _list_to_r)
    conv.py2rpy.register(tuple, _list_to_r)
    conv.rpy2py.register(ri.ListSexpVector, _list_from_r)
    return conv


def _dict_to_r(value: dict) -> Any:
    """A dict: by the shape its keys name; paws: list() for an empty result or map.

    When no one shape has these keys (several loaded services have a structure with the same
    member names, e.g. a result of just `User`), it is a named list whose members convert by
    the shape the candidates agree on, else by these same rules, so a member whose own keys
    name a shape still gets paws's value.
    """
    from rpy2 import rinterface as ri
    from . import shapes
    if not value:
        return ri.ListSexpVector([])
    shape = shapes.shape_of(value)
    if shape is not None:
        return to_robject(value, shape)
    agreed = shapes.member_shapes_for_keys(tuple(value)) or {}
    members = list(value.values())
    if not agreed and not any(isinstance(m, (dict, list, tuple)) and m for m in members):
        return to_robject(value)  # by the value's own types
    out = ri.ListSexpVector([_member_to_r(m, agreed.get(k)) for k, m in value.items()])
    out.do_slot_assign("names", ri.StrSexpVector([str(k) for k in value]))
    return out


def _member_to_r(value: Any, shape: Any = None) -> Any:
    """A member of a dict converted by parts: by its shape where the candidate structures
    agree on it; else dicts and lists by their own shapes, and anything else by type."""
    if shape is not None:
        return to_robject(value, shape)
    if isinstance(value, dict) and value:
        return _dict_to_r(value)
    if isinstance(value, (list, tuple)):
        return _list_to_r(value)
    return to_robject(value)  # ({} here is a named list(), as by type)


def _list_to_r(values: Any) -> Any:
    """A list: of one structure shape's values -> a list of paws values; else by types."""
    from rpy2 import rinterface as ri
    from . import shapes
    shape = shapes.element_shape_of(values)
    if shape is None:
        return to_robject(values)
    return ri.ListSexpVector([to_robject(v, shape) for v in values])


def _names(obj: Any) -> tuple[str, ...] | None:
    names = obj.do_slot("names") if "names" in obj.list_attrs() else None
    return None if names is None else tuple(names)


def _list_from_r(obj: Any) -> Any:
    """An R list -> Python; a structure's members (by names) -> the core's value for it."""
    from . import shapes
    value = from_robject(obj)
    names = _names(obj)
    if names is not None:
        shape = shapes.shape_for_keys(names)
        if shape is not None:
            return shapes.reshape(value, shape)
        agreed = shapes.member_shapes_for_keys(names)
        if not agreed:
            return value
        # several structures have these names: each member by the shape they agree on, or
        # (a list) by its own names
        out = {}
        for name, element in zip(names, obj):
            if name in out:
                continue
            member = agreed.get(name)
            if member is not None:
                out[name] = shapes.reshape(value.get(name), member)
            elif isinstance(element, type(obj)):
                out[name] = _list_from_r(element)
            else:
                out[name] = value.get(name)
        return out
    elements = [_names(e) if isinstance(e, type(obj)) else None for e in obj]
    shape = shapes.shape_for_keys(elements[0]) if elements and elements[0] is not None else None
    if shape is None or any(shapes.shape_for_keys(n) is not shape for n in elements
                            if n is not None) or None in elements:
        return value
    return [shapes.reshape(v, shape) for v in value]


def __getattr__(name: str) -> Any:
    global _converter
    if name == "converter":
        if _converter is None:
            _converter = _build_converter()
        return _converter
    raise AttributeError(f"module 'paws_bridge.r' has no attribute {name!r}")


def load_ipython_extension(ipython: Any) -> None:
    """`%load_ext paws_bridge.r`: the `%%R` magic converts with paws_bridge's converter."""
    from rpy2.ipython import rmagic
    ipython.extension_manager.load_extension("rpy2.ipython")
    magics = ipython.find_magic("R").__self__ if ipython.find_magic("R") else None
    conv = __getattr__("converter")
    if isinstance(magics, rmagic.RMagics):  # rpy2 3.6 keeps the magic's converter in .options
        magics.options.converter = magics.options.converter + conv
    ipython.user_ns.setdefault("paws_converter", conv)
