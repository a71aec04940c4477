"""batch_call()'s result for R: a pandas DataFrame of Python values -> an R data.frame, built
column by column from R's C API (never through reticulate's pandas conversion), each column
typed by its shape: string -> character, boolean -> logical, integer -> integer,
long/float/double -> double, timestamp -> POSIXct (GMT), anything else -> a list column whose
cells are what paws returns for that member. Nothing here makes R evaluate anything
(docs/r-host.md).
"""

from __future__ import annotations

import math
from typing import Any

from botocore.model import Shape

from .. import frames
from . import sexp
from .to_r import generic_to_r, output_builder

__all__ = ["pandas_frame", "shape_kinds"]

_CHARACTER = {"string", "character"}
_DOUBLE = {"long", "float", "double"}


def _na(v: Any) -> bool:
    if v is None:
        return True
    if isinstance(v, float):
        return math.isnan(v)
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - frames need pandas
        return False
    return v is pd.NA or v is pd.NaT


def _column(values: list[Any], kind: str, shape: Shape | None) -> Any:
    """One R column (unprotected) from a column's Python values."""
    a = sexp.api()
    lib, ffi = a.lib, a.ffi
    n = len(values)
    if kind in _CHARACTER:
        x = lib.Rf_protect(lib.Rf_allocVector(sexp.STRSXP, n))
        for i, v in enumerate(values):
            lib.SET_STRING_ELT(x, i, a.na_string if _na(v) else a.char(
                v if type(v) is str else str(v)))
        lib.Rf_unprotect(1)
        return x
    if kind == "boolean":
        x = lib.Rf_allocVector(sexp.LGLSXP, n)
        ffi.cast("int *", lib.LOGICAL(x))[0:n] = [a.na_int if _na(v) else (1 if v else 0)
                                                  for v in values]
        return x
    if kind == "integer":
        x = lib.Rf_allocVector(sexp.INTSXP, n)
        ffi.cast("int *", lib.INTEGER(x))[0:n] = [a.na_int if _na(v) else int(v)
                                                  for v in values]
        return x
    if kind in _DOUBLE or kind == "timestamp":
        na = lib.R_NaReal
        x = lib.Rf_protect(lib.Rf_allocVector(sexp.REALSXP, n))
        ffi.cast("double *", lib.REAL(x))[0:n] = [
            na if _na(v) else (v.timestamp() if kind == "timestamp" else float(v))
            for v in values]
        if kind == "timestamp":
            a.set_posixct(x)
        lib.Rf_unprotect(1)
        return x
    build = output_builder(shape) if shape is not None else generic_to_r
    x = lib.Rf_protect(lib.Rf_allocVector(sexp.VECSXP, n))
    for i, v in enumerate(values):
        lib.SET_VECTOR_ELT(x, i, build(None if _na(v) else v))
    lib.Rf_unprotect(1)
    return x


def pandas_frame(df: Any, kinds: dict[str, tuple[str, Shape | None]]) -> Any:
    """An R data.frame (unprotected) from a pandas DataFrame; `kinds` maps a column label to
    (shape kind, member shape). Unlisted columns: string (spread attributes)."""
    lib = sexp.api().lib
    labels = [str(c) for c in df.columns]
    out = lib.Rf_protect(lib.Rf_allocVector(sexp.VECSXP, len(labels)))
    for j, label in enumerate(labels):
        kind, shape = kinds.get(label, ("string", None))
        lib.SET_VECTOR_ELT(out, j, _column(df.iloc[:, j].tolist(), kind, shape))
    sexp.make_data_frame(out, labels, len(df))
    lib.Rf_unprotect(1)
    return out


def shape_kinds(shape: Shape | None, prefix: str = "") -> dict[str, tuple[str, Shape | None]]:
    """Column label -> (kind, member shape) for the flat columns of a structure shape."""
    kinds: dict[str, tuple[str, Shape | None]] = {}
    if shape is None:
        return kinds
    for col in frames.columns(shape):
        if col.kind == "pairs":
            continue
        member = shape
        for part in col.path:
            member = member.members[part]
        kind = col.kind if col.kind != "object" else member.type_name + ":object"
        kinds[prefix + col.name] = (kind, member)
    return kinds
