"""paws_bridge values in R, through rpy2: one converter module (convert.py) for both hosts.

* R hosting Python (the R package `paws.bridge`): `host.py` holds the entry points R calls.
* Python hosting R (a notebook): `converter` is an rpy2 `Converter` for
  `with localconverter(default_converter + converter): ...` that turns paws_bridge values
  (dicts, lists, `Timestamp`s, bytes) into the R values paws returns and R values back into
  Python; `%load_ext paws_bridge.r` adds it to the `%%R` magic.

Nothing here imports `rpy2.robjects` at import time: in the R-hosted setting that would
initialise rpy2's R session set-up, which evaluates R code (fatal there). `converter` is built
on first use.
"""

from __future__ import annotations

from typing import Any

__all__ = ["converter", "to_r", "from_r", "load_ipython_extension"]

_converter = None


def to_r(value: Any, shape: Any = None) -> Any:
    """A paws_bridge value -> an rpy2 R object.

    With `shape` (a botocore output shape) the value becomes exactly what paws returns for
    it (every member, empties, POSIXct, raw); without it, by the value's own types: dicts ->
    named lists, lists of strings/numbers/booleans -> atomic vectors, datetimes -> POSIXct,
    bytes -> raw, None -> NULL.
    """
    from rpy2.rinterface_lib import conversion
    from . import convert as cv
    a = cv.api()
    sexp = cv.output_builder(shape)(value) if shape is not None else cv.generic_to_r(value)
    a.lib.Rf_protect(sexp)
    try:
        return conversion._cdata_to_rinterface(sexp)
    finally:
        a.lib.Rf_unprotect(1)


def from_r(obj: Any) -> Any:
    """An rpy2 R object -> Python (named lists -> dicts, length-1 vectors -> scalars, ...)."""
    from . import convert as cv
    cv.api()
    return cv.from_r(obj.__sexp__._cdata)


def _build_converter():
    from rpy2 import rinterface as ri
    from rpy2.robjects.conversion import Converter

    from ..outputs import Timestamp
    conv = Converter("paws_bridge")
    for kind in (dict, list, tuple, Timestamp, bytes, bytearray):
        conv.py2rpy.register(kind, lambda v: to_r(v))
    conv.rpy2py.register(ri.ListSexpVector, from_r)
    return conv


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
    if isinstance(magics, rmagic.RMagics):
        magics.converter = magics.converter + conv
    ipython.user_ns.setdefault("paws_converter", conv)
