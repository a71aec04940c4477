"""R values <-> paws_bridge's Python values, by shape, at the level of R's C API (rpy2's cffi).

One module serves both hosts: R hosting Python through reticulate (host.py) and Python hosting
R through rpy2 (the notebook converter in __init__.py).

The R-hosted setting dictates how this is written (see docs/r-host notes): Python may allocate
R values, read them and set attributes, but must never make R *evaluate* anything (no R
function calls, no parse, no robjects wrappers): that aborts the process. So everything here
uses `rlib` calls that allocate, read or assign -- never `Rf_eval`/`R_tryEval`.

Outputs: `output_builder(shape)` compiles, once per shape, a function that turns the value
`paws_bridge.outputs` returns into the R object paws returns (`identical()` to it): strings ->
character(1), absent -> character(0), numbers -> double, timestamps -> POSIXct GMT from the
exact epoch, blobs -> raw, lists of scalars -> atomic vectors, documents as jsonlite parses them.

Inputs: `input_reader(shape)` compiles a function that reads an R argument value into the
Python value `paws_bridge.inputs` expects, applying paws's R-side rules (a length-1 vector is a
scalar, an atomic vector for a list is split, numbers in strings are written as R writes them)
and refusing what paws gets wrong (NA, a longer vector for a scalar, a non-raw blob), each with
its argument path.

GC safety: a builder returns an *unprotected* SEXP; the caller stores it in a protected parent
(or protects it) before the next allocation. Containers protect themselves while filling.
"""

from __future__ import annotations

import datetime as _dt
import math
import os
import threading
from typing import Any, Callable

from botocore.model import Shape

from ..outputs import NullsDropped, Timestamp
from ..rtext import format_double
from ..shapes import PerShape, is_document

# A vector longer than 1 given for a scalar: paws silently sends its first element; the
# bridge refuses it (conformance/deviations.json) unless PAWS_BRIDGE_SCALAR_VECTORS=first.
FIRST_OF_VECTOR = os.environ.get("PAWS_BRIDGE_SCALAR_VECTORS", "refuse") == "first"

# SEXPTYPEs (Rinternals.h)
NILSXP, SYMSXP, LISTSXP, CLOSXP, ENVSXP = 0, 1, 2, 3, 4
LGLSXP, INTSXP, REALSXP, CPLXSXP, STRSXP, VECSXP, RAWSXP = 10, 13, 14, 15, 16, 19, 24
CE_UTF8 = 1
_INT32_MAX = 2**31 - 1

Sexp = Any  # a cffi `SEXP` pointer


class _Api:
    """rpy2's cffi handles and the R constants this module uses (set up once)."""

    def __init__(self) -> None:
        from rpy2.rinterface_lib import openrlib
        self.ffi = openrlib.ffi
        self.lib = lib = openrlib.rlib
        self.nil = lib.R_NilValue
        self.na_string = lib.R_NaString
        self.na_int = lib.R_NaInt
        self.names = lib.Rf_install(b"names")
        self.klass = lib.Rf_install(b"class")
        self.levels = lib.Rf_install(b"levels")
        self.tzone = lib.Rf_install(b"tzone")
        self._chars: dict[str, Sexp] = {}
        # preserved constants, shared by every result (R copies them on modification)
        self.chr0 = self.keep(lib.Rf_allocVector(STRSXP, 0))
        self.lgl0 = self.keep(lib.Rf_allocVector(LGLSXP, 0))
        self.dbl0 = self.keep(lib.Rf_allocVector(REALSXP, 0))
        self.list0 = self.keep(lib.Rf_allocVector(VECSXP, 0))
        self.posixct_class = self.keep(self.strings(["POSIXct", "POSIXt"]))
        self.gmt = self.keep(self.strings(["GMT"]))
        self.named_list0 = self.keep(lib.Rf_allocVector(VECSXP, 0))
        lib.Rf_setAttrib(self.named_list0, self.names, self.chr0)
        posixct0 = lib.Rf_protect(lib.Rf_allocVector(REALSXP, 0))
        self.set_posixct(posixct0)
        self.posixct0 = self.keep(posixct0)
        lib.Rf_unprotect(1)
        posixct1 = lib.Rf_protect(lib.Rf_allocVector(REALSXP, 1))
        self.set_posixct(posixct1)
        self.posixct1 = self.keep(posixct1)
        lib.Rf_unprotect(1)

    def keep(self, x: Sexp) -> Sexp:
        """Preserve `x` for the life of the process."""
        self.lib.R_PreserveObject(x)
        return x

    def char(self, s: str) -> Sexp:
        """A CHARSXP (UTF-8) for `s`; callers store it at once (CHARSXPs are GC'd too)."""
        b = s.encode("utf-8")
        if b"\x00" in b:  # R would longjmp on an embedded nul
            b = b.replace(b"\x00", b"")
        return self.lib.Rf_mkCharLenCE(b, len(b), CE_UTF8)

    def cached_char(self, s: str) -> Sexp:
        """A preserved CHARSXP for a name used again and again (member names)."""
        c = self._chars.get(s)
        if c is None:
            c = self.char(s)
            self.lib.R_PreserveObject(c)
            self._chars[s] = c
        return c

    def strings(self, values: list[str], cached: bool = False) -> Sexp:
        """A character vector (unprotected)."""
        lib = self.lib
        x = lib.Rf_protect(lib.Rf_allocVector(STRSXP, len(values)))
        mk = self.cached_char if cached else self.char
        for i, s in enumerate(values):
            lib.SET_STRING_ELT(x, i, mk(s))
        lib.Rf_unprotect(1)
        return x

    def set_posixct(self, x: Sexp) -> None:
        self.lib.Rf_setAttrib(x, self.klass, self.posixct_class)
        self.lib.Rf_setAttrib(x, self.tzone, self.gmt)


_api_lock = threading.Lock()
_API: _Api | None = None


_PUT_STR: Any = None  # the shared string putter, made with the _Api


def api() -> _Api:
    """The shared `_Api` (R must be running in this process: embedded or hosting us)."""
    global _API, _PUT_STR
    if _API is None:
        with _api_lock:
            if _API is None:
                _API = _Api()
                _PUT_STR = _string_putter()
    return _API


# ============================================================================ outputs
#
# Builders work top-down: a *putter* `put(parent, i, v)` allocates the R value for `v`,
# stores it in `parent[[i]]` at once (so it is protected by its parent) and only then fills
# it. No PROTECT/UNPROTECT per node, and the fewest C calls per node, since the cost here is
# the number of calls from Python into R (strings: one call when ASCII, via Rf_mkString).

Builder = Callable[[Any], Sexp]
Putter = Callable[[Sexp, int, Any], None]


_is_document = is_document


def _holding(put: Putter) -> Builder:
    """A builder (value -> unprotected SEXP) from a putter."""
    a = api()
    lib = a.lib

    def build(v: Any) -> Sexp:
        holder = lib.Rf_protect(lib.Rf_allocVector(VECSXP, 1))
        put(holder, 0, v)
        x = lib.VECTOR_ELT(holder, 0)
        lib.Rf_unprotect(1)
        return x

    return build


def output_builder(shape: Shape | None) -> Builder:
    """The compiled function: paws_bridge output value of `shape` -> R object (unprotected)."""
    return _holding(output_putter(shape))


def output_putter(shape: Shape | None) -> Putter:
    """The compiled putter for `shape` (cached per shape; recursive shapes allowed)."""
    a = api()
    if shape is None or (shape.type_name == "structure" and not shape.members
                         and not _is_document(shape)):
        list0, setv = a.list0, a.lib.SET_VECTOR_ELT
        return lambda p, i, _v: setv(p, i, list0)
    return _output_putter(shape)


def _compile_out(shape: Shape) -> Putter:
    kind = shape.type_name
    if kind == "structure":
        return _put_document if _is_document(shape) else _out_structure(shape)
    if kind == "list":
        return _out_list(shape)
    if kind == "map":
        return _out_map(shape)
    maker = _OUT_SCALARS.get(kind)
    return maker() if maker is not None else _put_document



_output_putter: PerShape[Putter] = PerShape(_compile_out)

def _string_putter() -> Callable[[Sexp, int, str], None]:
    """put(parent, i, s): character(1) for a str (UTF-8), in one R call when ASCII."""
    a = api()
    lib = a.lib
    setv, mkstring, alloc, sets, mkchar = (lib.SET_VECTOR_ELT, lib.Rf_mkString,
                                           lib.Rf_allocVector, lib.SET_STRING_ELT, a.char)

    def put_str(p: Sexp, i: int, s: str) -> None:
        if s.isascii() and "\x00" not in s:
            setv(p, i, mkstring(s.encode()))
        else:
            x = alloc(STRSXP, 1)
            setv(p, i, x)
            sets(x, 0, mkchar(s))

    return put_str


def _out_string() -> Putter:
    a = api()
    setv, chr0, put_str = a.lib.SET_VECTOR_ELT, a.chr0, _string_putter()

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


def _epoch(v: Any) -> float:
    e = getattr(v, "epoch", None)
    if e is not None:
        return e
    if isinstance(v, _dt.datetime):
        if v.tzinfo is None:
            v = v.replace(tzinfo=_dt.timezone.utc)
        return v.timestamp()
    return float(v)


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
        setr(x, 0, v.epoch if type(v) is Timestamp else _epoch(v))

    return put


def _out_blob() -> Putter:
    a = api()
    lib = a.lib
    setv, chr0 = lib.SET_VECTOR_ELT, a.chr0

    def put(p: Sexp, i: int, v: Any) -> None:
        if v is None:
            setv(p, i, chr0)  # paws returns character(0) for an absent blob
            return
        b = bytes(v)
        x = lib.Rf_allocVector(RAWSXP, len(b))
        setv(p, i, x)
        if b:
            a.ffi.memmove(lib.RAW(x), b, len(b))

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
    members = [(name, output_putter(m), _is_document(m), m.type_name)
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
    exec(compile("\n".join(lines) + "\n", f"<paws_bridge.r.convert {name}>", "exec"),
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
                _epoch(e) if kind == "timestamp" else float(e) for e in v]
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


def _named_list(p: Sexp, i: int, keys: list[Any]) -> Sexp:
    """Allocate list(<len(keys)>) with those names at parent[[i]]; returns it."""
    a = _API
    lib = a.lib
    x = lib.Rf_allocVector(VECSXP, len(keys))
    lib.SET_VECTOR_ELT(p, i, x)
    names = lib.Rf_allocVector(STRSXP, len(keys))
    lib.Rf_setAttrib(x, a.names, names)
    sets, mkchar = lib.SET_STRING_ELT, a.char
    for j, k in enumerate(keys):
        sets(names, j, mkchar(k if type(k) is str else str(k)))
    return x


def _out_map(shape: Shape) -> Putter:
    a = api()
    f = output_putter(shape.value)
    setv, list0 = a.lib.SET_VECTOR_ELT, a.list0

    def put(p: Sexp, i: int, v: Any) -> None:
        if not v:
            return setv(p, i, list0)
        x = _named_list(p, i, list(v))
        for j, e in enumerate(v.values()):
            f(x, j, e)

    return put


def _put_json(p: Sexp, i: int, v: Any, drop_trailing_nulls: bool) -> None:
    """jsonlite's reading of a JSON value (`simplifyVector = FALSE`), put at parent[[i]]."""
    a = _API
    lib = a.lib
    t = type(v)
    if v is None:
        return  # the slot already holds NULL
    if t is str:
        _PUT_STR(p, i, v)
    elif t is bool:
        lib.SET_VECTOR_ELT(p, i, lib.Rf_ScalarLogical(1 if v else 0))
    elif t is int:
        lib.SET_VECTOR_ELT(p, i, lib.Rf_ScalarInteger(v) if -_INT32_MAX <= v <= _INT32_MAX
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
        x = _named_list(p, i, keys)
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
        _out_blob()(p, i, v)
    elif isinstance(v, _dt.datetime):
        _out_timestamp()(p, i, v)
    else:
        _PUT_STR(p, i, str(v))


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
    return _holding(lambda p, i, x: _put_json(p, i, x, drop_trailing_nulls))(v)


def r_string(s: str) -> Sexp:
    """character(1) (unprotected)."""
    api()
    return _holding(_PUT_STR)(s)


def _put_generic(p: Sexp, i: int, v: Any) -> None:
    a = _API
    lib = a.lib
    if v is None:
        return
    if isinstance(v, bool):
        lib.SET_VECTOR_ELT(p, i, lib.Rf_ScalarLogical(1 if v else 0))
    elif isinstance(v, (int, float)):
        lib.SET_VECTOR_ELT(p, i, lib.Rf_ScalarReal(float(v)))
    elif isinstance(v, str):
        _PUT_STR(p, i, v)
    elif isinstance(v, _dt.datetime):
        _out_timestamp()(p, i, v)
    elif isinstance(v, (bytes, bytearray)):
        _out_blob()(p, i, v)
    elif isinstance(v, dict):
        x = _named_list(p, i, list(v))
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
        _PUT_STR(p, i, str(v))


def generic_to_r(v: Any) -> Sexp:
    """A paws_bridge value without its shape -> R, by the value's own types (unprotected).

    dicts -> named lists; lists of only strings, numbers or booleans -> atomic vectors (as
    paws unlists them); other lists -> unnamed lists; datetimes -> POSIXct GMT; bytes -> raw;
    numbers -> double; None -> NULL.
    """
    api()
    return _holding(_put_generic)(v)


# ============================================================================= inputs

DROP = object()  # "not sent": NULL and zero-length values, at any depth


class Problems(list):
    """Problems found while reading arguments, each "path: what is wrong"."""

    def add(self, path: str, what: str) -> Any:
        self.append(f"{path}: {what}")
        return DROP


Reader = Callable[[Sexp, str, Problems], Any]


def typeof(x: Sexp) -> int:
    return x.sxpinfo.type


def length(x: Sexp) -> int:
    return _API.lib.Rf_xlength(x)


def r_classes(x: Sexp) -> tuple[str, ...]:
    """`oldClass(x)` as a tuple of str (empty when there is none)."""
    # (not sxpinfo.obj: rpy2's header orders the `alt` and `obj` bits unlike R's own)
    a = _API
    if a.lib.ATTRIB(x) == a.nil:
        return ()
    k = a.lib.Rf_getAttrib(x, a.klass)
    if k.sxpinfo.type != STRSXP:
        return ()
    return tuple(_str_elts(k))


def _decode(p: Any) -> str:
    b = _API.ffi.string(p)
    try:
        return b.decode("utf-8")
    except UnicodeDecodeError:
        return b.decode("latin-1")


def _str_elts(x: Sexp) -> list[str | None]:
    """A character vector's elements (None for NA)."""
    a = _API
    lib = a.lib
    na = a.na_string
    out: list[str | None] = []
    for i in range(lib.Rf_xlength(x)):
        c = lib.STRING_ELT(x, i)
        out.append(None if c == na else _decode(lib.R_CHAR(c)))
    return out


def names_of(x: Sexp) -> list[str | None] | None:
    a = _API
    nm = a.lib.Rf_getAttrib(x, a.names)
    if nm.sxpinfo.type != STRSXP:
        return None
    return _str_elts(nm)


def atomic_values(x: Sexp, path: str, problems: Problems) -> list[Any] | None:
    """The elements of an atomic vector as Python scalars, in R's own types.

    Factors give their labels; NA gives None. Returns None (and adds no problem) when `x` is
    not atomic.
    """
    a = _API
    lib, ffi = a.lib, a.ffi
    t = x.sxpinfo.type
    n = lib.Rf_xlength(x)
    if t == STRSXP:
        return _str_elts(x)
    if t == REALSXP:
        return [None if math.isnan(d) and _is_na_real(d) else d
                for d in ffi.unpack(lib.REAL(x), n)]
    if t == INTSXP:
        na = a.na_int
        ints = ffi.unpack(lib.INTEGER(x), n)
        if "factor" in r_classes(x):
            levels = lib.Rf_getAttrib(x, a.levels)
            labels = _str_elts(levels) if levels.sxpinfo.type == STRSXP else []
            return [None if i == na or not 0 < i <= len(labels) else labels[i - 1]
                    for i in ints]
        return [None if i == na else i for i in ints]
    if t == LGLSXP:
        na = a.na_int
        return [None if i == na else bool(i) for i in ffi.unpack(lib.LOGICAL(x), n)]
    if t == RAWSXP:
        return [bytes(ffi.buffer(lib.RAW(x), n))]
    return None


def _is_na_real(d: float) -> bool:
    """R's NA_real_ is a NaN with payload 1954; a plain NaN is not NA."""
    import struct
    return struct.pack("<d", d)[:4] == b"\xa2\x07\x00\x00"


_R_TYPE_NAMES = {NILSXP: "NULL", SYMSXP: "symbol", LISTSXP: "pairlist", CLOSXP: "function",
                 ENVSXP: "environment", LGLSXP: "logical", INTSXP: "integer", REALSXP: "double",
                 CPLXSXP: "complex", STRSXP: "character", VECSXP: "list", RAWSXP: "raw"}


def describe(x: Sexp) -> str:
    """A short R-ish description of a value, for error messages."""
    t = x.sxpinfo.type
    cls = r_classes(x)
    what = cls[0] if cls else _R_TYPE_NAMES.get(t, f"type {t}")
    return f"{what} of length {length(x)}" if t in _R_TYPE_NAMES and t != NILSXP else what




def _compile_in(shape: Shape) -> Reader:
    kind = shape.type_name
    if kind == "structure":
        return _in_document if _is_document(shape) else _in_structure(shape)
    if kind == "list":
        return _in_list(shape)
    if kind == "map":
        return _in_map(shape)
    return _scalar_reader(_IN_SCALARS.get(kind, _as_any), kind)



input_reader: PerShape[Reader] = PerShape(_compile_in)
input_reader.__doc__ = ("The compiled function: R value for a shape -> Python value (or DROP), "
                        "adding problems.")

def _empty(x: Sexp) -> bool:
    return x.sxpinfo.type == NILSXP or _API.lib.Rf_xlength(x) == 0


def _in_structure(shape: Shape) -> Reader:
    members = {name: input_reader(m) for name, m in shape.members.items()}
    valid = ", ".join(members)

    def read(x: Sexp, path: str, problems: Problems) -> Any:
        if _empty(x):
            return DROP
        if x.sxpinfo.type != VECSXP:
            return problems.add(path, f"expected a named list, got {describe(x)}")
        names = names_of(x)
        if names is None:
            return problems.add(path, "expected a named list, got an unnamed list")
        lib = _API.lib
        out: dict[str, Any] = {}
        for i, name in enumerate(names):
            f = members.get(name) if name is not None else None
            if f is None:
                problems.add(f"{path}${name}" if name else f"{path}[[{i + 1}]]",
                             f"invalid name: {name} (valid names: {valid})")
                continue
            v = f(lib.VECTOR_ELT(x, i), f"{path}${name}", problems)
            if v is not DROP and name not in out:
                out[name] = v
        return out if out else DROP

    return read


def _elements(x: Sexp, path: str, problems: Problems) -> list[tuple[Sexp | None, Any, str]]:
    """The elements of an R vector given for a list: (sexp, None, path) for list elements,
    (None, scalar, path) for atomic elements."""
    lib = _API.lib
    t = x.sxpinfo.type
    if t == VECSXP:
        return [(lib.VECTOR_ELT(x, i), None, f"{path}[[{i + 1}]]")
                for i in range(lib.Rf_xlength(x))]
    values = atomic_values(x, path, problems)
    if values is None:
        problems.add(path, f"expected a list or vector, got {describe(x)}")
        return []
    if t == RAWSXP:
        return [(x, None, path)]
    return [(None, v, f"{path}[{i + 1}]") for i, v in enumerate(values)]


def _in_list(shape: Shape) -> Reader:
    member = shape.member
    f = input_reader(member)
    scalar_kind = member.type_name if member.type_name not in (
        "structure", "list", "map") else None
    conv = _IN_SCALARS.get(scalar_kind, _as_any) if scalar_kind else None

    def read(x: Sexp, path: str, problems: Problems) -> Any:
        if _empty(x):
            return DROP
        if x.sxpinfo.type == VECSXP and member.type_name == "structure" \
                and not _is_document(member) and names_of(x) is not None \
                and _looks_like_members(x, member):
            # one structure given where a list of them is expected: a list of one (as paws)
            v = f(x, f"{path}[[1]]", problems)
            return [v] if v is not DROP else DROP
        out = []
        for sexp, value, p in _elements(x, path, problems):
            if sexp is not None:
                if conv is not None and sexp.sxpinfo.type not in (VECSXP, RAWSXP, NILSXP) \
                        and _API.lib.Rf_xlength(sexp) > 1:
                    # list("a", c("b", "c")): each element of a list of scalars is a scalar,
                    # and paws sends only "b" of c("b", "c") (quirk_list_of_vectors). That
                    # is the same silent loss as a longer vector for a scalar: refused
                    # likewise, unless PAWS_BRIDGE_SCALAR_VECTORS=first asks for paws's way.
                    values = atomic_values(sexp, p, problems) or []
                    if not FIRST_OF_VECTOR:
                        problems.add(p, f"expected a single value, got a vector of length "
                                        f"{len(values)}")
                        continue
                    v = _convert_scalar(conv, values[0], f"{p}[1]", problems)
                else:
                    v = f(sexp, p, problems)
            else:
                v = _convert_scalar(conv, value, p, problems)
            if v is not DROP:
                out.append(v)
        return out if out else DROP

    return read


def _looks_like_members(x: Sexp, shape: Shape) -> bool:
    names = names_of(x) or []
    return bool(names) and all(n in shape.members for n in names)


def _in_map(shape: Shape) -> Reader:
    f = input_reader(shape.value)
    vkind = shape.value.type_name
    conv = _IN_SCALARS.get(vkind, _as_any) if vkind not in ("structure", "list", "map") else None

    def read(x: Sexp, path: str, problems: Problems) -> Any:
        if _empty(x):
            return DROP
        names = names_of(x)
        if names is None:
            return problems.add(path, f"expected a named list, got {describe(x)} without names")
        out: dict[str, Any] = {}
        t = x.sxpinfo.type
        if t == VECSXP:
            lib = _API.lib
            for i, key in enumerate(names):
                v = f(lib.VECTOR_ELT(x, i), f"{path}${key}", problems)
                if v is not DROP and key not in out:
                    out[key] = v
        else:  # a named atomic vector: one value per name
            values = atomic_values(x, path, problems)
            if values is None or conv is None:
                return problems.add(path, f"expected a named list, got {describe(x)}")
            for key, value in zip(names, values):
                v = _convert_scalar(conv, value, f"{path}${key}", problems)
                if v is not DROP and key not in out:
                    out[key] = v
        return out if out else DROP

    return read


# --- scalars: R value -> Python scalar for one member type ------------------------------

Conv = Callable[[Any], Any]  # an R scalar (str/float/int/bool/bytes) -> Python value; raises


class _Refuse(ValueError):
    pass


def _convert_scalar(conv: Conv, value: Any, path: str, problems: Problems) -> Any:
    if value is None:
        return problems.add(path, "NA is not a value that can be sent")
    try:
        return conv(value)
    except _Refuse as exc:
        return problems.add(path, str(exc))


def _scalar_reader(conv: Conv, kind: str) -> Reader:
    def read(x: Sexp, path: str, problems: Problems) -> Any:
        if _empty(x):
            return DROP
        t = x.sxpinfo.type
        if t == RAWSXP:
            values = atomic_values(x, path, problems)
        elif t == VECSXP:
            n = _API.lib.Rf_xlength(x)
            if n != 1:
                return problems.add(path, f"expected a single {kind} value, got a list of "
                                          f"length {n}")
            return read(_API.lib.VECTOR_ELT(x, 0), path, problems)
        else:
            values = atomic_values(x, path, problems)
            if values is None:
                return problems.add(path, f"expected a single {kind} value, "
                                          f"got {describe(x)}")
            if len(values) != 1 and not (FIRST_OF_VECTOR and values):
                return problems.add(path, f"expected a single {kind} value, got a vector of "
                                          f"length {len(values)}")
        value = values[0]
        if t in (REALSXP, INTSXP) and "POSIXct" in r_classes(x) and value is not None:
            value = _Epoch(value)
        elif t in (REALSXP, INTSXP) and "Date" in r_classes(x) and value is not None:
            value = _Epoch(value * 86400.0)
        return _convert_scalar(conv, value, path, problems)

    return read


class _Epoch(float):
    """A number that came from a POSIXct/Date: epoch seconds."""


def _as_string(v: Any) -> str:
    t = type(v)
    if t is str:
        return v
    if t is bool:
        return "TRUE" if v else "FALSE"
    if t is int:
        return str(v)
    if isinstance(v, float):
        return format_double(v)
    raise _Refuse("expected a string, got a raw vector")


_TRUE = {"TRUE", "true", "True", "T"}
_FALSE = {"FALSE", "false", "False", "F"}


def _as_boolean(v: Any) -> bool:
    t = type(v)
    if t is bool:
        return v
    if t is str:
        if v in _TRUE:
            return True
        if v in _FALSE:
            return False
        raise _Refuse(f"expected TRUE or FALSE, got {v!r}")
    if isinstance(v, (int, float)) and not isinstance(v, bytes):
        if isinstance(v, float) and math.isnan(v):
            raise _Refuse("NaN is not TRUE or FALSE")
        return v != 0
    raise _Refuse("expected TRUE or FALSE, got a raw vector")


def _as_integer(v: Any) -> Any:
    t = type(v)
    if t is int or t is bool:
        return int(v)
    if isinstance(v, float):
        if math.isfinite(v) and v.is_integer():
            return int(v)
        if not math.isfinite(v):
            raise _Refuse(f"{format_double(v)} is not a number that can be sent")
        return v  # the core's validator names a fraction given for an integer
    if t is str:
        s = v.strip()
        try:
            return int(s)
        except ValueError:
            try:
                f = float(s)
            except ValueError:
                raise _Refuse(f"expected a number, got {v!r}") from None
            return int(f) if f.is_integer() else f
    raise _Refuse("expected a number, got a raw vector")


def _as_double(v: Any) -> float:
    t = type(v)
    if t is str:
        try:
            return float(v.strip())
        except ValueError:
            raise _Refuse(f"expected a number, got {v!r}") from None
    if isinstance(v, (int, float)):
        f = float(v)
        if not math.isfinite(f):
            raise _Refuse(f"{format_double(f)} is not a number that can be sent")
        return f
    raise _Refuse("expected a number, got a raw vector")


def _as_timestamp(v: Any) -> Any:
    if type(v) is str:
        return v  # botocore parses ISO 8601 text
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        if isinstance(v, float) and not math.isfinite(v):
            raise _Refuse("not a finite time")
        return _dt.datetime.fromtimestamp(float(v), tz=_dt.timezone.utc)
    raise _Refuse("expected a POSIXct time or epoch seconds")


def _as_blob(v: Any) -> bytes:
    if isinstance(v, bytes):
        return v
    raise _Refuse("expected a raw vector (e.g. charToRaw(x)); "
                  f"got {'a ' + type(v).__name__.replace('str', 'character').replace('float', 'number')} value")


def _as_any(v: Any) -> Any:
    return float(v) if isinstance(v, _Epoch) else v


_IN_SCALARS: dict[str, Conv] = {
    "string": _as_string, "character": _as_string,
    "boolean": _as_boolean,
    "integer": _as_integer, "long": _as_integer,
    "float": _as_double, "double": _as_double,
    "timestamp": _as_timestamp,
    "blob": _as_blob,
}


# --- documents and shapeless values -------------------------------------------------------

def _in_document(x: Sexp, path: str, problems: Problems) -> Any:
    if _empty(x):
        return DROP
    return from_r(x, path, problems, document=True)


def _json_number(v: float) -> Any:
    """A double for JSON: whole numbers as integers (R writes 5 as `5`), others as floats."""
    if not math.isfinite(v):
        return None
    return int(v) if v.is_integer() and abs(v) < 2**53 else float(v)


def from_r(x: Sexp, path: str = "value", problems: Problems | None = None,
           document: bool = False) -> Any:
    """A shapeless R value -> Python (config lists, documents).

    Named lists -> dicts (R's order), unnamed lists -> lists, length-1 atomic vectors ->
    scalars, longer ones -> lists, POSIXct/Date -> epoch seconds (documents) or datetimes,
    factors -> labels, NA -> None, raw -> bytes. NULL and zero-length elements of lists are
    left out.
    """
    if problems is None:
        problems = Problems()
    lib = _API.lib
    t = x.sxpinfo.type
    if t == NILSXP:
        return None
    if t == VECSXP:
        names = names_of(x)
        n = lib.Rf_xlength(x)
        if names is not None:
            out: dict[str, Any] = {}
            for i in range(n):
                e = lib.VECTOR_ELT(x, i)
                if _empty(e):
                    continue
                key = names[i] if names[i] is not None else "NA"
                if key not in out:
                    out[key] = from_r(e, f"{path}${key}", problems, document)
            return out
        return [from_r(lib.VECTOR_ELT(x, i), f"{path}[[{i + 1}]]", problems, document)
                for i in range(n) if not _empty(lib.VECTOR_ELT(x, i))]
    values = atomic_values(x, path, problems)
    if values is None:
        problems.add(path, f"cannot send {describe(x)}")
        return None
    if t == RAWSXP:
        return values[0]
    cls = r_classes(x)
    if t in (REALSXP, INTSXP) and ("POSIXct" in cls or "Date" in cls):
        # documents: POSIXct as seconds, Date as days (the bare numbers paws sends)
        scale = 86400.0 if "Date" in cls else 1.0
        values = [None if v is None else
                  (_json_number(v) if document else
                   _dt.datetime.fromtimestamp(v * scale, tz=_dt.timezone.utc))
                  for v in values]
    elif document and t == REALSXP:
        values = [None if v is None else _json_number(v) for v in values]
    if len(values) == 1:
        return values[0]
    return values
