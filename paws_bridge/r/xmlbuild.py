"""R values from typed-JSON nodes (xmlform.py's spelling of paws's XML values), through R's
C API only (allocate, fill, set attributes: R never evaluates anything, see convert.py).

Raw vectors are copied once, straight from the bytes' buffer (a 256 MB object costs one
copy beside its bytes).
"""

from __future__ import annotations

from typing import Any

from . import sexp as cv

_TYPES = {"logical": cv.LGLSXP, "integer": cv.INTSXP, "double": cv.REALSXP,
          "character": cv.STRSXP, "list": cv.VECSXP, "raw": cv.RAWSXP}


def _put(p: Any, i: int, node: dict[str, Any]) -> None:
    a = cv.api()
    lib = a.lib
    rtype = node["type"]
    if rtype == "NULL":
        lib.SET_VECTOR_ELT(p, i, a.nil)
        return
    values = node["values"]
    sexptype = _TYPES[rtype]
    n = len(values)
    x = lib.Rf_allocVector(sexptype, n)
    lib.SET_VECTOR_ELT(p, i, x)  # protected by its parent from here on
    if rtype == "list":
        for j, v in enumerate(values):
            _put(x, j, v)
    elif rtype == "character":
        for j, s in enumerate(values):
            lib.SET_STRING_ELT(x, j, a.na_string if s is None else a.char(s))
    elif rtype == "double":
        if n:
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
        if n:
            a.ffi.memmove(lib.RAW(x), a.ffi.from_buffer(values), n)
    names = node.get("names")
    if names is not None:
        lib.Rf_setAttrib(x, a.names, a.strings(names))
    if node.get("class"):
        lib.Rf_setAttrib(x, a.klass, a.strings(node["class"], cached=True))
    for key, attr in (node.get("attributes") or {}).items():
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
