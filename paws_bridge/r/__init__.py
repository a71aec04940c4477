"""paws_bridge values in R, through rpy2: one conversion layer for both hosts.

The rooms: sexp.py (R's C API, constants, atomic reads), to_r.py (R values built by output
shape), from_r.py (R values read by input shape), exchange.py (the exchange environment,
status codes, client handles, error records), host.py and tables.py (the entry points R calls).

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

__all__ = ["converter", "to_robject", "from_robject", "prefer", "load_ipython_extension"]

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


def prefer(*services: str) -> None:
    """Name the services (paws names, e.g. "cognitoidentityprovider") whose shapes win when
    an R value back from `%R -o` fits shapes of several loaded services alike (an empty
    `Tags = list()` is Cognito's map and IAM's list of tags); otherwise the service whose
    model was loaded last wins. An operation's own value never needs this: it knows its shape.
    """
    from . import shapes
    shapes.prefer(*services)


def _build_converter():
    from rpy2 import rinterface as ri
    from rpy2.robjects.conversion import Converter

    from ..outputs import Timestamp
    from . import shapes
    conv = Converter("paws_bridge")
    for kind in (Timestamp, bytes, bytearray):
        conv.py2rpy.register(kind, lambda v: to_robject(v))
    # a result (or a list of result structures) converts by the shape its keys name, so R
    # gets paws's empties (character(0), logical(0), ...) where the value only has None
    conv.py2rpy.register(dict, lambda v: to_robject(v, shapes.shape_of(v)) if v
                         else ri.ListSexpVector([]))  # paws: list() for an empty result/map
    conv.py2rpy.register(list, _list_to_r)
    conv.py2rpy.register(tuple, _list_to_r)
    conv.rpy2py.register(ri.ListSexpVector, _list_from_r)
    return conv


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


def _skeleton(obj: Any) -> Any:
    """An R value's names and nesting only (named lists -> dicts, lists -> lists, anything
    else shapes.ATOM): enough to tell apart shapes whose top-level members share names even where
    every member is empty, which the Python reading (empties left out) cannot."""
    if not isinstance(obj, _list_type()):
        from . import shapes
        return shapes.ATOM
    kids = [_skeleton(e) for e in obj]
    names = _names(obj)
    return kids if names is None else dict(zip(names, kids))


def _list_type() -> type:
    from rpy2 import rinterface as ri
    return ri.ListSexpVector


def _list_from_r(obj: Any) -> Any:
    """An R list -> Python; a structure's members (by names) -> the core's value for it."""
    from . import shapes
    value = from_robject(obj)
    names = _names(obj)
    if names is not None:
        shape = shapes.shape_for(names, _skeleton(obj))
        return value if shape is None else shapes.reshape(value, shape)
    elements = [_names(e) if isinstance(e, type(obj)) else None for e in obj]
    if not elements or None in elements:
        return value
    skeletons = _skeleton(obj)
    shape = shapes.shape_for(elements[0], skeletons[0])
    if shape is None or any(shapes.shape_for(n, k) is not shape
                            for n, k in zip(elements[1:], skeletons[1:])):
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
