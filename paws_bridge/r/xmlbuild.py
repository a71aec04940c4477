"""R values from typed-JSON nodes (xmlform.py's spelling of paws's XML values), through R's
C API only (allocate, fill, set attributes: R never evaluates anything, see convert.py).

Raw vectors are copied once from the bytes' buffer or, for a blob payload the host asked to
stream (protocols.xml.stream_blobs), read from the network straight into the R vector: a
256 MB object is then held once.
"""

from __future__ import annotations

from typing import Any

from ..protocols.xml import StreamedBlob
from . import sexp as cv

_TYPES = {"logical": cv.LGLSXP, "integer": cv.INTSXP, "double": cv.REALSXP,
          "character": cv.STRSXP, "list": cv.VECSXP, "raw": cv.RAWSXP}


_kept: dict[tuple[str, ...], Any] = {}  # preserved character vectors: names, classes
_KEEP_MAX = 20000


def _strings(values: list[str]) -> Any:
    """A character vector for member names or a class: preserved once and shared (R copies
    on modification); other vectors (map keys) are allocated each time."""
    a = cv.api()
    key = tuple(values)
    x = _kept.get(key)
    if x is None:
        if len(_kept) >= _KEEP_MAX:
            return a.strings(values)
        x = _kept[key] = a.keep(a.strings(values))
    return x


def _put(p: Any, i: int, node: dict[str, Any]) -> None:
    a = cv.api()
    lib = a.lib
    rtype = node["type"]
    if rtype == "NULL":
        lib.SET_VECTOR_ELT(p, i, a.nil)
        return
    values = node["values"]
    rclass = node.get("class")
    names = node.get("names")
    if rtype == "character" and len(values) == 1 and not names and not rclass:
        s = values[0]
        if s is not None and s.isascii() and "\x00" not in s:
            lib.SET_VECTOR_ELT(p, i, lib.Rf_mkString(s.encode()))  # one call
            return
    sexptype = _TYPES[rtype]
    n = values.length if type(values) is StreamedBlob else len(values)
    x = lib.Rf_allocVector(sexptype, n)
    lib.SET_VECTOR_ELT(p, i, x)  # protected by its parent from here on
    if rtype == "list":
        for j, v in enumerate(values):
            _put(x, j, v)
    elif rtype == "character":
        for j, s in enumerate(values):
            lib.SET_STRING_ELT(x, j, a.na_string if s is None else a.char(s))
    elif rtype == "double":
        if n == 1:
            lib.SET_REAL_ELT(x, 0, float(values[0]))
        elif n:
            a.ffi.cast("double *", lib.REAL(x))[0:n] = [float(v) for v in values]
    elif rtype == "integer":
        if n:
            a.ffi.cast("int *", lib.INTEGER(x))[0:n] = [
                a.na_int if v is None else int(v) for v in values]
    elif rtype == "logical":
        if n:
            a.ffi.cast("int *", lib.LOGICAL(x))[0:n] = [
                a.na_int if v is None else (1 if v else 0) for v in values]
    elif rtype == "raw":
        if type(values) is StreamedBlob:  # read from the network straight into R's vector
            values.read_into(a.ffi.buffer(lib.RAW(x), n))
        elif n:
            a.ffi.memmove(lib.RAW(x), a.ffi.from_buffer(values), n)
    if names is not None:
        lib.Rf_setAttrib(x, a.names, _strings(names) if rtype == "list" and names
                         and len(names) < 200 else a.strings(names))
    if rclass:
        lib.Rf_setAttrib(x, a.klass, _strings(rclass))
    for key, attr in (node.get("attributes") or {}).items():
        if attr["type"] == "character" and not attr.get("attributes"):
            value = _strings(attr["values"])  # e.g. tzone = "GMT"
            lib.Rf_setAttrib(x, lib.Rf_install(key.encode()), value)
            continue
        holder = lib.Rf_protect(lib.Rf_allocVector(cv.VECSXP, 1))
        _put(holder, 0, attr)
        lib.Rf_setAttrib(x, lib.Rf_install(key.encode()), lib.VECTOR_ELT(holder, 0))
        lib.Rf_unprotect(1)


def build(node: dict[str, Any]) -> Any:
    """The R object for a node (unprotected; store it before the next allocation)."""
    lib = cv.api().lib
    holder = lib.Rf_protect(lib.Rf_allocVector(cv.VECSXP, 1))
    _put(holder, 0, node)
    x = lib.VECTOR_ELT(holder, 0)
    lib.Rf_unprotect(1)
    return x
