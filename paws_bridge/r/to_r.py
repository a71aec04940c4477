"""Python values -> R values, by output shape: what paws returns, built from R's C API.

`output_builder(shape)` compiles, once per shape, a function that turns the value
`paws_bridge.outputs` returns into the R object paws returns (`identical()` to it): strings ->
character(1), absent -> character(0), numbers -> double, timestamps -> POSIXct GMT from the
exact epoch, blobs -> raw, lists of scalars -> atomic vectors, documents as jsonlite parses
them. `document()` and `generic_to_r()` build shapeless values (error bodies, config, stats).

Builders work top-down with putters (sexp.py): no PROTECT/UNPROTECT per node and the fewest
calls into R per node. Nothing here makes R evaluate anything (docs/r-host.md).
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Callable

from botocore.model import Shape

from ..outputs import NullsDropped, Timestamp
from ..shapes import PerShape, is_document, kind_of
from .sexp import (INT32_MAX, LGLSXP, REALSXP, STRSXP, VECSXP, Builder, Putter, Sexp, api,
                   epoch_of, holding, named_list, put_raw, put_timestamp)

__all__ = ["output_builder", "output_putter", "document", "r_string", "generic_to_r"]


def output_builder(shape: Shape | None) -> Builder:
    """The compiled function: paws_bridge output value of `shape` -> R object (unprotected)."""
    return holding(output_putter(shape))


def output_putter(shape: Shape | None) -> Putter:
    """The compiled putter for `shape` (cached per shape; recursive shapes allowed)."""
    a = api()
    if shape is None or (shape.type_name == "structure" and not shape.members
                         and not is_document(shape)):
        list0, setv = a.list0, a.lib.SET_VECTOR_ELT
        return lambda p, i, _v: setv(p, i, list0)
    return _output_putter(shape)


def _compile_out(shape: Shape) -> Putter:
    kind = kind_of(shape)
    if kind in _OUT_CONTAINERS:
        return _OUT_CONTAINERS[kind](shape)
    maker = _OUT_SCALARS.get(kind)
    return maker() if maker is not None else _put_document


_output_putter: PerShape[Putter] = PerShape(_compile_out,
                                            on_recursion=lambda _shape: _put_document)


def _out_string() -> Putter:
    a = api()
    setv, chr0, put_str = a.lib.SET_VECTOR_ELT, a.chr0, a.put_str

    def put(p: Sexp, i: int, v: Any) -> None:
        if v is None:
            setv(p, i, chr0)
        else:
            put_str(p, i, v if type(v) is str else str(v))

    return put


def _out_boolean() -> Putter:
    a = api()
    setv, lgl0, scalar = a.lib.SET_VECTOR_ELT, a.lgl0, a.lib.Rf_ScalarLogical

    def put(p: Sexp, i: int, v: Any) -> None:
        setv(p, i, lgl0 if v is None else scalar(1 if v else 0))

    return put


def _out_number() -> Putter:
    a = api()
    setv, dbl0, scalar = a.lib.SET_VECTOR_ELT, a.dbl0, a.lib.Rf_ScalarReal

    def put(p: Sexp, i: int, v: Any) -> None:
        setv(p, i, dbl0 if v is None else scalar(float(v)))

    return put


def _out_timestamp() -> Putter:
    a = api()
    lib = a.lib
    setv, dup, setr, posixct0 = lib.SET_VECTOR_ELT, lib.Rf_duplicate, lib.SET_REAL_ELT, a.posixct0
    template = a.posixct1

    def put(p: Sexp, i: int, v: Any) -> None:
        if v is None:
            setv(p, i, posixct0)
            return
        x = dup(template)  # a POSIXct GMT of length 1: copying it beats setting 2 attributes
        setv(p, i, x)
        setr(x, 0, v.epoch if type(v) is Timestamp else epoch_of(v))

    return put


def _out_blob() -> Putter:
    a = api()
    setv, chr0 = a.lib.SET_VECTOR_ELT, a.chr0

    def put(p: Sexp, i: int, v: Any) -> None:
        if v is None:
            setv(p, i, chr0)  # paws returns character(0) for an absent blob
        else:
            put_raw(p, i, v)

    return put


_OUT_SCALARS: dict[str, Callable[[], Putter]] = {
    "string": _out_string, "character": _out_string,
    "boolean": _out_boolean,
    "integer": _out_number, "long": _out_number, "float": _out_number, "double": _out_number,
    "timestamp": _out_timestamp,
    "blob": _out_blob,
}


def _out_structure(shape: Shape) -> Putter:
    a = api()
    members = [(name, output_putter(m), is_document(m), m.type_name)
               for name, m in shape.members.items()]
    names_all = a.keep(a.strings([m[0] for m in members], cached=True))
    if any(doc for _, _, doc, _ in members):
        return _out_structure_with_documents(members, names_all)
    return _generated_structure(shape.name, members, names_all)


# What puts member value `s` at x[[j]] inline, for the common scalar kinds (saving two Python
# calls per member); anything else goes through the member's putter `{f}`. Strings: the
# one-call ASCII path inline, the rest (UTF-8, embedded nuls, non-str values) in the putter.
_INLINE = {
    "string": ("if type(s) is str and s.isascii() and '\\x00' not in s:\n"
               "        setv(x, {j}, mkstring(s.encode()))\n"
               "    else:\n        {f}(x, {j}, s)"),
    "boolean": "setv(x, {j}, lgl0 if s is None else scalar_lgl(1 if s else 0))",
    "double": "setv(x, {j}, dbl0 if s is None else scalar_real(float(s)))",
    "timestamp": ("if type(s) is Timestamp:\n"
                  "        t = dup(posixct1); setv(x, {j}, t); setr(t, 0, s.epoch)\n"
                  "    else:\n        {f}(x, {j}, s)"),
}
_INLINE["character"] = _INLINE["string"]
for _kind in ("integer", "long", "float"):
    _INLINE[_kind] = _INLINE["double"]


def _generated_structure(name: str, members: list[tuple[str, Putter, bool, str]],
                         names_all: Sexp) -> Putter:
    """One function per structure shape, generated: no loop over members, no per-member
    unpacking; member names go in as constants, putters and R handles as globals."""
    a = api()
    lib = a.lib
    env: dict[str, Any] = {
        "EMPTY": {}, "type": type, "isinstance": isinstance, "dict": dict, "str": str,
        "float": float,
        "VECSXP": VECSXP, "N": len(members), "names_all": names_all, "names_sym": a.names,
        "alloc": lib.Rf_allocVector, "setv": lib.SET_VECTOR_ELT, "setattr_": lib.Rf_setAttrib,
        "mkstring": lib.Rf_mkString, "scalar_lgl": lib.Rf_ScalarLogical,
        "scalar_real": lib.Rf_ScalarReal, "lgl0": a.lgl0, "dbl0": a.dbl0,
        "Timestamp": Timestamp, "dup": lib.Rf_duplicate, "setr": lib.SET_REAL_ELT,
        "posixct1": a.posixct1}
    lines = ["def put(p, i, v):",
             "    g = v.get if isinstance(v, dict) else EMPTY.get",
             "    x = alloc(VECSXP, N)",
             "    setv(p, i, x)"]
    for j, (key, f, _doc, kind) in enumerate(members):
        env[f"f{j}"] = f
        lines.append(f"    s = g({key!r})")
        lines.append("    " + _INLINE.get(kind, "{f}(x, {j}, s)").format(f=f"f{j}", j=j))
    lines.append("    setattr_(x, names_sym, names_all)")
    exec(compile("\n".join(lines) + "\n", f"<paws_bridge.r.to_r {name}>", "exec"),
         env)  # noqa: S102
    return env["put"]


def _out_structure_with_documents(members: list[tuple[str, Putter, bool, str]],
                                  names_all: Sexp) -> Putter:
    a = api()
    lib = a.lib
    setv, alloc, setattr_, names_sym = (lib.SET_VECTOR_ELT, lib.Rf_allocVector,
                                        lib.Rf_setAttrib, a.names)
    empty: dict[str, Any] = {}

    def put(p: Sexp, i: int, v: Any) -> None:
        if not isinstance(v, dict):  # (a dict subclass too: outputs.Result)
            v = empty
        # an absent document member is left out (as paws does)
        present = [(name, f) for name, f, doc, _ in members
                   if not doc or v.get(name) is not None]
        x = alloc(VECSXP, len(present))
        setv(p, i, x)
        for j, (name, f) in enumerate(present):
            f(x, j, v.get(name))
        setattr_(x, names_sym, names_all if len(present) == len(members)
                 else a.strings([q[0] for q in present], cached=True))

    return put


def _out_list(shape: Shape) -> Putter:
    a = api()
    lib = a.lib
    member = shape.member
    kind = member.type_name
    f = output_putter(member)
    setv, alloc, list0 = lib.SET_VECTOR_ELT, lib.Rf_allocVector, a.list0

    def empty(p: Sexp, i: int, v: Any, zero: Sexp) -> None:
        # absent -> list(); sent with only nulls -> a zero-length vector (as paws's unlist)
        setv(p, i, zero if type(v) is NullsDropped else list0)

    if kind in ("string", "character"):
        sets, mkchar = lib.SET_STRING_ELT, a.char

        def put(p: Sexp, i: int, v: Any) -> None:
            if not v:
                return empty(p, i, v, a.chr0)
            x = alloc(STRSXP, len(v))
            setv(p, i, x)
            for j, s in enumerate(v):
                sets(x, j, mkchar(s if type(s) is str else str(s)))
    elif kind in ("integer", "long", "float", "double", "timestamp"):
        # unlist() of numbers (and of POSIXct values, which loses their class)
        def put(p: Sexp, i: int, v: Any) -> None:
            if not v:
                return empty(p, i, v, a.dbl0)
            x = alloc(REALSXP, len(v))
            setv(p, i, x)
            a.ffi.cast("double *", lib.REAL(x))[0:len(v)] = [
                epoch_of(e) if kind == "timestamp" else float(e) for e in v]
    elif kind == "boolean":
        def put(p: Sexp, i: int, v: Any) -> None:
            if not v:
                return empty(p, i, v, a.lgl0)
            x = alloc(LGLSXP, len(v))
            setv(p, i, x)
            a.ffi.cast("int *", lib.LOGICAL(x))[0:len(v)] = [1 if e else 0 for e in v]
    elif kind == "blob":  # unlist() of raw vectors concatenates them
        put_blob = _out_blob()

        def put(p: Sexp, i: int, v: Any) -> None:
            if not v:
                return empty(p, i, v, a.chr0)
            put_blob(p, i, b"".join(bytes(e) for e in v))
    else:
        def put(p: Sexp, i: int, v: Any) -> None:
            if not v:
                return setv(p, i, list0)
            x = alloc(VECSXP, len(v))
            setv(p, i, x)
            for j, e in enumerate(v):
                f(x, j, e)
    return put


def _out_map(shape: Shape) -> Putter:
    a = api()
    f = output_putter(shape.value)
    setv, list0 = a.lib.SET_VECTOR_ELT, a.list0

    def put(p: Sexp, i: int, v: Any) -> None:
        if not v:
            return setv(p, i, list0)
        x = named_list(p, i, list(v))
        for j, e in enumerate(v.values()):
            f(x, j, e)

    return put


_OUT_CONTAINERS: dict[str, Callable[[Shape], Putter]] = {
    "document": lambda _shape: _put_document, "structure": _out_structure,
    "list": _out_list, "map": _out_map}


def _put_json(p: Sexp, i: int, v: Any, drop_trailing_nulls: bool) -> None:
    """jsonlite's reading of a JSON value (`simplifyVector = FALSE`), put at parent[[i]]."""
    a = api()
    lib = a.lib
    t = type(v)
    if v is None:
        return  # the slot already holds NULL
    if t is str:
        a.put_str(p, i, v)
    elif t is bool:
        lib.SET_VECTOR_ELT(p, i, lib.Rf_ScalarLogical(1 if v else 0))
    elif t is int:
        lib.SET_VECTOR_ELT(p, i, lib.Rf_ScalarInteger(v) if -INT32_MAX <= v <= INT32_MAX
                           else lib.Rf_ScalarReal(float(v)))
    elif t is float:
        lib.SET_VECTOR_ELT(p, i, lib.Rf_ScalarReal(v))
    elif isinstance(v, dict):
        keys = list(v)
        values = list(v.values())
        if drop_trailing_nulls:
            while values and values[-1] is None:
                values.pop()
                keys.pop()
        if not keys:
            lib.SET_VECTOR_ELT(p, i, a.named_list0)
            return
        x = named_list(p, i, keys)
        for j, e in enumerate(values):
            _put_json(x, j, e, drop_trailing_nulls)
    elif isinstance(v, (list, tuple)):
        values = list(v)
        if drop_trailing_nulls:
            while values and values[-1] is None:
                values.pop()
        x = lib.Rf_allocVector(VECSXP, len(values))
        lib.SET_VECTOR_ELT(p, i, x)
        for j, e in enumerate(values):
            _put_json(x, j, e, drop_trailing_nulls)
    elif isinstance(v, (bytes, bytearray)):
        put_raw(p, i, v)
    elif isinstance(v, _dt.datetime):
        put_timestamp(p, i, v)
    else:
        a.put_str(p, i, str(v))


def _put_document(p: Sexp, i: int, v: Any) -> None:
    # document members of a result: nulls at the end of an object or array are left out
    _put_json(p, i, v, True)


def document(v: Any, drop_trailing_nulls: bool = False) -> Sexp:
    """A JSON value as `jsonlite::parse_json(simplifyVector = FALSE)` reads it (unprotected).

    Objects -> named lists, arrays -> unnamed lists, integers within int32 -> integer, other
    numbers -> double, null -> NULL. With `drop_trailing_nulls` (document members of a
    result, as paws returns them), nulls at the end of an object or array are left out.
    """
    api()
    return holding(lambda p, i, x: _put_json(p, i, x, drop_trailing_nulls))(v)


def r_string(s: str) -> Sexp:
    """character(1) (unprotected)."""
    return holding(api().put_str)(s)


def _put_generic(p: Sexp, i: int, v: Any) -> None:
    a = api()
    lib = a.lib
    if v is None:
        return
    if isinstance(v, bool):
        lib.SET_VECTOR_ELT(p, i, lib.Rf_ScalarLogical(1 if v else 0))
    elif isinstance(v, (int, float)):
        lib.SET_VECTOR_ELT(p, i, lib.Rf_ScalarReal(float(v)))
    elif isinstance(v, str):
        a.put_str(p, i, v)
    elif isinstance(v, _dt.datetime):
        put_timestamp(p, i, v)
    elif isinstance(v, (bytes, bytearray)):
        put_raw(p, i, v)
    elif isinstance(v, dict):
        x = named_list(p, i, list(v))
        for j, e in enumerate(v.values()):
            _put_generic(x, j, e)
    elif isinstance(v, (list, tuple)):
        n = len(v)
        if v and all(type(e) is str for e in v):
            x = lib.Rf_allocVector(STRSXP, n)
            lib.SET_VECTOR_ELT(p, i, x)
            for j, e in enumerate(v):
                lib.SET_STRING_ELT(x, j, a.char(e))
        elif v and all(type(e) is bool for e in v):
            x = lib.Rf_allocVector(LGLSXP, n)
            lib.SET_VECTOR_ELT(p, i, x)
            a.ffi.cast("int *", lib.LOGICAL(x))[0:n] = [1 if e else 0 for e in v]
        elif v and all(type(e) in (int, float) for e in v):
            x = lib.Rf_allocVector(REALSXP, n)
            lib.SET_VECTOR_ELT(p, i, x)
            a.ffi.cast("double *", lib.REAL(x))[0:n] = [float(e) for e in v]
        else:
            x = lib.Rf_allocVector(VECSXP, n)
            lib.SET_VECTOR_ELT(p, i, x)
            for j, e in enumerate(v):
                _put_generic(x, j, e)
    else:
        a.put_str(p, i, str(v))


def generic_to_r(v: Any) -> Sexp:
    """A paws_bridge value without its shape -> R, by the value's own types (unprotected).

    dicts -> named lists; lists of only strings, numbers or booleans -> atomic vectors (as
    paws unlists them); other lists -> unnamed lists; datetimes -> POSIXct GMT; bytes -> raw;
    numbers -> double; None -> NULL.
    """
    api()
    return holding(_put_generic)(v)
