"""R's C API as the R layer uses it (rpy2's cffi handles): type constants, shared constants,
atomic reads and the few atomic writes every builder shares.

The R-hosted setting dictates how everything in paws_bridge/r is written (docs/r-host.md):
Python may allocate R values, read them and set attributes, but must never make R *evaluate*
anything (no R function calls, no parse, no `rpy2.robjects` wrappers): that aborts the
process. So only `rlib` calls that allocate, read or assign are used here -- never
`Rf_eval`/`R_tryEval`.

GC safety: a function that makes an R value returns it *unprotected*; the caller stores it in
a protected parent (or protects it) before the next allocation. A *putter* `put(parent, i, v)`
allocates the value for `v` and stores it in `parent[[i]]` at once, so it is protected by its
parent before it is filled.
"""

from __future__ import annotations

import datetime as _dt
import math
import struct
import threading
from typing import Any, Callable

# SEXPTYPEs (Rinternals.h)
NILSXP, SYMSXP, LISTSXP, CLOSXP, ENVSXP = 0, 1, 2, 3, 4
LGLSXP, INTSXP, REALSXP, CPLXSXP, STRSXP, VECSXP, RAWSXP = 10, 13, 14, 15, 16, 19, 24
CE_UTF8 = 1
INT32_MAX = 2**31 - 1

Sexp = Any  # a cffi `SEXP` pointer
Putter = Callable[[Sexp, int, Any], None]
Builder = Callable[[Any], Sexp]


class Api:
    """rpy2's cffi handles and the R constants the R layer uses (set up once, see `api()`)."""

    def __init__(self) -> None:
        from rpy2.rinterface_lib import openrlib
        self.ffi = openrlib.ffi
        self.lib = lib = openrlib.rlib
        self.nil = lib.R_NilValue
        self.na_string = lib.R_NaString
        self.na_int = lib.R_NaInt
        self.na_real = lib.R_NaReal
        self.names = lib.Rf_install(b"names")
        self.klass = lib.Rf_install(b"class")
        self.levels = lib.Rf_install(b"levels")
        self.tzone = lib.Rf_install(b"tzone")
        self.row_names = lib.Rf_install(b"row.names")
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
        self.put_str = self._string_putter()

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
        """Make the double vector `x` a POSIXct in GMT."""
        self.lib.Rf_setAttrib(x, self.klass, self.posixct_class)
        self.lib.Rf_setAttrib(x, self.tzone, self.gmt)

    def _string_putter(self) -> Callable[[Sexp, int, str], None]:
        """put(parent, i, s): character(1) for a str (UTF-8), in one R call when ASCII."""
        lib = self.lib
        setv, mkstring, alloc, sets, mkchar = (lib.SET_VECTOR_ELT, lib.Rf_mkString,
                                               lib.Rf_allocVector, lib.SET_STRING_ELT, self.char)

        def put_str(p: Sexp, i: int, s: str) -> None:
            if s.isascii() and "\x00" not in s:
                setv(p, i, mkstring(s.encode()))
            else:
                x = alloc(STRSXP, 1)
                setv(p, i, x)
                sets(x, 0, mkchar(s))

        return put_str


_api_lock = threading.Lock()
_API: Api | None = None


def api() -> Api:
    """The shared `Api` (R must be running in this process: embedded or hosting us)."""
    global _API
    if _API is None:
        with _api_lock:
            if _API is None:
                _API = Api()
    return _API


# --- atomic writes shared by the builders -------------------------------------------------

def holding(put: Putter) -> Builder:
    """A builder (value -> unprotected SEXP) from a putter."""
    lib = api().lib

    def build(v: Any) -> Sexp:
        holder = lib.Rf_protect(lib.Rf_allocVector(VECSXP, 1))
        put(holder, 0, v)
        x = lib.VECTOR_ELT(holder, 0)
        lib.Rf_unprotect(1)
        return x

    return build


def epoch_of(v: Any) -> float:
    """Epoch seconds of a time: a core `Timestamp` (its exact epoch), a datetime (naive: UTC)
    or a number."""
    e = getattr(v, "epoch", None)
    if e is not None:
        return e
    if isinstance(v, _dt.datetime):
        if v.tzinfo is None:
            v = v.replace(tzinfo=_dt.timezone.utc)
        return v.timestamp()
    return float(v)


def put_timestamp(p: Sexp, i: int, v: Any) -> None:
    """A POSIXct GMT of length 1 (length 0 for None) at parent[[i]]."""
    a = _API
    lib = a.lib
    if v is None:
        lib.SET_VECTOR_ELT(p, i, a.posixct0)
        return
    x = lib.Rf_duplicate(a.posixct1)  # copying the template beats setting 2 attributes
    lib.SET_VECTOR_ELT(p, i, x)
    lib.SET_REAL_ELT(x, 0, epoch_of(v))


def put_raw(p: Sexp, i: int, v: Any) -> None:
    """A raw vector of the bytes `v` at parent[[i]]."""
    a = _API
    lib = a.lib
    b = bytes(v)
    x = lib.Rf_allocVector(RAWSXP, len(b))
    lib.SET_VECTOR_ELT(p, i, x)
    if b:
        a.ffi.memmove(lib.RAW(x), b, len(b))


def named_list(p: Sexp, i: int, keys: list[Any]) -> Sexp:
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


def make_data_frame(out: Any, labels: list[str], n: int) -> None:
    """Make the list `out` (protected, its columns in place) a data.frame of n rows."""
    a = api()
    lib = a.lib
    lib.Rf_setAttrib(out, a.names, a.strings(labels))
    lib.Rf_setAttrib(out, a.klass, a.strings(["data.frame"], cached=True))
    rownames = lib.Rf_protect(lib.Rf_allocVector(INTSXP, 2 if n else 0))
    if n:  # the compact form R itself uses: c(NA, -n)
        lib.SET_INTEGER_ELT(rownames, 0, a.na_int)
        lib.SET_INTEGER_ELT(rownames, 1, -n)
    lib.Rf_setAttrib(out, a.row_names, rownames)
    lib.Rf_unprotect(1)


# --- atomic reads ---------------------------------------------------------------------------

def typeof(x: Sexp) -> int:
    """The SEXPTYPE of `x`."""
    return x.sxpinfo.type


def length(x: Sexp) -> int:
    """`length(x)`."""
    return _API.lib.Rf_xlength(x)


_VECTOR_TYPES = frozenset({LGLSXP, INTSXP, REALSXP, CPLXSXP, STRSXP, VECSXP, RAWSXP, 20})


def is_empty(x: Sexp) -> bool:
    """NULL or a vector of length 0 (what paws does not send). An environment is never
    empty here (R's length() of one counts its objects): it is refused, not dropped."""
    t = x.sxpinfo.type
    return t == NILSXP or (t in _VECTOR_TYPES and _API.lib.Rf_xlength(x) == 0)


def r_classes(x: Sexp) -> tuple[str, ...]:
    """`oldClass(x)` as a tuple of str (empty when there is none)."""
    # (not sxpinfo.obj: rpy2's header orders the `alt` and `obj` bits unlike R's own)
    a = _API
    if a.lib.ATTRIB(x) == a.nil:
        return ()
    k = a.lib.Rf_getAttrib(x, a.klass)
    if k.sxpinfo.type != STRSXP:
        return ()
    return tuple(str_elts(k))


def decode(p: Any) -> str:
    """A C string from R (UTF-8, else latin-1) -> str."""
    b = _API.ffi.string(p)
    try:
        return b.decode("utf-8")
    except UnicodeDecodeError:
        return b.decode("latin-1")


class InvalidText(str):
    """A string R holds that is not valid UTF-8 (and not marked latin1): shown as latin-1,
    never sent (the readers refuse it)."""


_CE_LATIN1 = 2


def _char(c: Sexp) -> str:
    b = _API.ffi.string(_API.lib.R_CHAR(c))
    try:
        return b.decode("utf-8")
    except UnicodeDecodeError:
        if _API.lib.Rf_getCharCE(c) == _CE_LATIN1:
            return b.decode("latin-1")
        return InvalidText(b.decode("latin-1"))


def str_elts(x: Sexp) -> list[str | None]:
    """A character vector's elements (None for NA; InvalidText for bytes that are not
    UTF-8 and not declared latin1)."""
    a = _API
    lib = a.lib
    na = a.na_string
    out: list[str | None] = []
    for i in range(lib.Rf_xlength(x)):
        c = lib.STRING_ELT(x, i)
        out.append(None if c == na else _char(c))
    return out


def names_of(x: Sexp) -> list[str | None] | None:
    """`names(x)` (None for NA names), or None when `x` has none."""
    a = _API
    nm = a.lib.Rf_getAttrib(x, a.names)
    if nm.sxpinfo.type != STRSXP:
        return None
    return str_elts(nm)


def atomic_values(x: Sexp) -> list[Any] | None:
    """The elements of an atomic vector as Python scalars, in R's own types.

    Factors give their labels; NA gives None. Returns None when `x` is not atomic.
    """
    a = _API
    lib, ffi = a.lib, a.ffi
    t = x.sxpinfo.type
    n = lib.Rf_xlength(x)
    if t == STRSXP:
        return str_elts(x)
    if t == REALSXP:
        return [None if math.isnan(d) and is_na_real(d) else d
                for d in ffi.unpack(lib.REAL(x), n)]
    if t == INTSXP:
        na = a.na_int
        ints = ffi.unpack(lib.INTEGER(x), n)
        if "factor" in r_classes(x):
            levels = lib.Rf_getAttrib(x, a.levels)
            labels = str_elts(levels) if levels.sxpinfo.type == STRSXP else []
            return [None if i == na or not 0 < i <= len(labels) else labels[i - 1]
                    for i in ints]
        return [None if i == na else i for i in ints]
    if t == LGLSXP:
        na = a.na_int
        return [None if i == na else bool(i) for i in ffi.unpack(lib.LOGICAL(x), n)]
    if t == RAWSXP:
        return [bytes(ffi.buffer(lib.RAW(x), n))]
    return None


def is_na_real(d: float) -> bool:
    """R's NA_real_ is a NaN with payload 1954; a plain NaN is not NA."""
    return struct.pack("<d", d)[:4] == b"\xa2\x07\x00\x00"


_R_TYPE_NAMES = {NILSXP: "NULL", SYMSXP: "symbol", LISTSXP: "pairlist", CLOSXP: "function",
                 ENVSXP: "environment", LGLSXP: "logical", INTSXP: "integer", REALSXP: "double",
                 CPLXSXP: "complex", STRSXP: "character", VECSXP: "list", RAWSXP: "raw",
                 7: "function", 8: "function", 22: "external pointer", 25: "S4 object"}


def describe(x: Sexp) -> str:
    """A short R-ish description of a value, for error messages."""
    t = x.sxpinfo.type
    cls = r_classes(x)
    what = cls[0] if cls else _R_TYPE_NAMES.get(t, f"type {t}")
    return f"{what} of length {length(x)}" if t in _VECTOR_TYPES else what
