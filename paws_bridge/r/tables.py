"""R data.frames for the R package's to_frame() and batch(), from the Python implementations.

One implementation: the R functions call `paws_bridge.frames` and `paws_bridge.batching`, and
only the crossing is done here, through the same exchange environment as every operation call
(host.py): R leaves its value in `args`, Python reads it straight from R memory by shape
(from_r.input_reader), runs the Python code and assigns an R data.frame to `result`. The
data.frame is built column by column from the pandas DataFrame (never through reticulate's
pandas conversion), each column typed by its shape:

  string -> character, boolean -> logical, integer -> integer, long/float/double -> double,
  timestamp -> POSIXct (GMT), anything else (blobs, lists, maps, documents) -> a list column
  whose cells are what paws returns for that member.

batch() runs in a Python thread while R polls `batch_wait()`; that thread never touches R
(rows are read into Python before it starts and the result is built after it ends, both on
R's thread), and Python threads only run while R is inside such a call anyway (reticulate
keeps the GIL while R runs R code). Nothing here makes R evaluate anything.
"""

from __future__ import annotations

import ctypes
import itertools
import math
import threading
from typing import Any

from botocore.model import Shape

from .. import batching, errors, frames
from . import exchange, sexp
from .exchange import OK
from .from_r import DROP, Problems, input_reader
from .scalars import coerce
from .host import read_arguments
from .to_r import generic_to_r, output_builder

# kind of a column -> how its R vector is built
_CHARACTER = {"string", "character"}
_DOUBLE = {"long", "float", "double"}


# --- pandas DataFrame -> R data.frame ------------------------------------------------------

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


def data_frame(df: Any, kinds: dict[str, tuple[str, Shape | None]]) -> Any:
    """An R data.frame (unprotected) from a pandas DataFrame; `kinds` maps a column label to
    (shape kind, member shape). Unlisted columns: string (spread attributes)."""
    a = sexp.api()
    lib = a.lib
    labels = [str(c) for c in df.columns]
    n = len(df)
    out = lib.Rf_protect(lib.Rf_allocVector(sexp.VECSXP, len(labels)))
    for j, label in enumerate(labels):
        kind, shape = kinds.get(label, ("string", None))
        lib.SET_VECTOR_ELT(out, j, _column(df.iloc[:, j].tolist(), kind, shape))
    lib.Rf_setAttrib(out, a.names, a.strings(labels))
    lib.Rf_setAttrib(out, a.klass, a.strings(["data.frame"], cached=True))
    rownames = lib.Rf_protect(lib.Rf_allocVector(sexp.INTSXP, 2 if n else 0))
    if n:  # the compact form R itself uses: c(NA, -n)
        lib.SET_INTEGER_ELT(rownames, 0, a.na_int)
        lib.SET_INTEGER_ELT(rownames, 1, -n)
    lib.Rf_setAttrib(out, lib.Rf_install(b"row.names"), rownames)
    lib.Rf_unprotect(2)
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


# --- to_frame --------------------------------------------------------------------------------

def _r_message(exc: Exception) -> str:
    """frames' messages with R's spelling of the argument."""
    return (str(exc).replace("pass operation= (e.g. operation='list_users')",
                             'pass `operation` (e.g. operation = "list_users")')
            .replace("pass operation=", "pass `operation`"))


def _pages(x: Any) -> list[Any]:
    """The R pages in `args`: an unnamed list of named lists (R has checked the form)."""
    lib = sexp.api().lib
    return [lib.VECTOR_ELT(x, i) for i in range(lib.Rf_xlength(x))]


def _items(pages: list[Any], spec: frames.ListSpec) -> list[dict[str, Any]]:
    """Every item of the pages' result key, read by the item shape."""
    lib = sexp.api().lib
    read = input_reader(spec.item_shape)
    problems = Problems()
    items: list[dict[str, Any]] = []
    for p, page in enumerate(pages):
        names = sexp.names_of(page) or []
        if spec.result_key not in names:
            continue
        lst = lib.VECTOR_ELT(page, names.index(spec.result_key))
        if lst.sxpinfo.type == sexp.NILSXP or lib.Rf_xlength(lst) == 0:
            continue
        if lst.sxpinfo.type != sexp.VECSXP:
            problems.add(f"result[[{p + 1}]]${spec.result_key}",
                         f"expected a list of items, got {sexp.describe(lst)}")
            continue
        for i in range(lib.Rf_xlength(lst)):
            v = read(lib.VECTOR_ELT(lst, i), f"result[[{p + 1}]]${spec.result_key}[[{i + 1}]]",
                     problems)
            items.append(v if isinstance(v, dict) else {})
    if problems:
        raise ValueError("not a result of " + spec.operation + ": " + "; ".join(problems))
    return items


def to_frame(operation: str | None, service: str | None) -> int:
    """`args` holds a list of R result pages; put their items' data.frame in `result`."""
    try:
        pages = _pages(exchange.get("args"))
        try:
            if operation is not None:
                spec = frames.list_spec(service, operation)
            else:
                keys = dict.fromkeys(n for n in (sexp.names_of(pages[0]) or []) if n)
                spec = frames.infer_operation(keys, service)
        except ValueError as exc:
            raise ValueError(_r_message(exc)) from None
        df = frames.items_frame(_items(pages, spec), spec.item_shape)
        exchange.put("result", data_frame(df, shape_kinds(spec.item_shape)))
        return OK
    except Exception as exc:  # noqa: BLE001 - every failure becomes an R condition
        return exchange.bridge_error(exc)


# --- batch ----------------------------------------------------------------------------------

class _Job:
    """One batch() running in a thread, polled from R."""

    def __init__(self, method: Any, frame: Any, n_in: int, output_shape: Shape | None,
                 options: dict[str, Any], common: dict[str, Any]) -> None:
        self.total = len(frame)
        self.n_in = n_in
        self.output_shape = output_shape
        self.done = 0
        self.info: dict[str, Any] = {}
        self.result: Any = None
        self.error: BaseException | None = None
        self.finished = threading.Event()
        self.thread = threading.Thread(target=self._run, name="paws_bridge.r.batch",
                                       args=(method, frame, options, common), daemon=True)

    def _progress(self, n: int, info: dict[str, Any]) -> None:
        self.done += n
        self.info = info

    def _run(self, method: Any, frame: Any, options: dict[str, Any],
             common: dict[str, Any]) -> None:
        try:
            self.result = batching.batch(method, frame, progress=self._progress, **options,
                                         **common)
        except BaseException as exc:  # noqa: BLE001 - reported to R by batch_result()
            self.error = exc
        finally:
            self.finished.set()


_jobs: dict[int, _Job] = {}
_job_ids = itertools.count(1)


def _cells(column: Any, member: Shape, name: str, problems: Problems) -> list[Any]:
    """One argument column's cells as Python argument values (None: not sent)."""
    lib = sexp.api().lib
    kind = member.type_name
    n = lib.Rf_xlength(column)
    if column.sxpinfo.type == sexp.VECSXP:  # a list column: each cell read as that argument
        read = input_reader(member)
        out = []
        for i in range(n):
            v = read(lib.VECTOR_ELT(column, i), f"rows${name}[[{i + 1}]]", problems)
            out.append(None if v is DROP else v)
        return out
    values = sexp.atomic_values(column)
    if values is None:
        problems.add(f"rows${name}", f"cannot send a column of {sexp.describe(column)}")
        return [None] * n
    if column.sxpinfo.type == sexp.RAWSXP:
        problems.add(f"rows${name}", "a raw column cannot be split into rows; use a list "
                                     "column of raw vectors")
        return [None] * n
    scalar = kind if kind not in ("structure", "list", "map") else None
    if scalar is None and kind == "list" and member.member.type_name not in (
            "structure", "list", "map"):
        scalar = member.member.type_name
    if scalar is None:
        problems.add(f"rows${name}", f"{name} takes a {kind}: give it as a list column "
                                     "(one R value per row)")
        return [None] * n
    classes = sexp.r_classes(column)
    scale = 86400.0 if "Date" in classes else 1.0 if "POSIXct" in classes else None
    out = []
    for i, v in enumerate(values):
        if v is None or (isinstance(v, float) and math.isnan(v)):  # NA: not sent
            out.append(None)
            continue
        v = coerce(scalar, v, f"rows${name}[{i + 1}]", problems, time_scale=scale)
        out.append(None if v is DROP else ([v] if kind == "list" else v))
    return out


def batch_start(handle: int, op: str, max_workers: int, max_rate: Any,
                max_attempts: int) -> int:
    """Start batch() over `args` = list(<rows data.frame>, <named list of common arguments>).

    Puts the job id (an integer for batch_wait()/batch_result()) in `result`; returns OK, or
    BRIDGE_ERROR with the error recorded. Columns not named like an argument stay in R (sent
    as names only, so that output columns are named as Python names them).
    """
    try:
        import pandas as pd

        svc = exchange.client(handle)
        operation = svc.operation(op)
        lib = sexp.api().lib
        args = exchange.get("args")
        rows = lib.VECTOR_ELT(args, 0)
        common = read_arguments(operation, lib.VECTOR_ELT(args, 1))
        labels = [n or "" for n in (sexp.names_of(rows) or [])]
        members = operation.input_shape.members if operation.input_shape is not None else {}
        n = _nrow(rows)
        problems = Problems()
        data: dict[str, Any] = {}
        for j, label in enumerate(labels):
            cells = ([None] * n if label not in members else
                     _cells(lib.VECTOR_ELT(rows, j), members[label], label, problems))
            data[label] = pd.Series(cells, dtype="object")
        if problems:
            raise errors.ParamValidationError(operation.name, problems)
        frame = pd.DataFrame(data, index=pd.RangeIndex(n))
        options = {"max_workers": int(max_workers), "max_attempts": int(max_attempts),
                   "max_rate": None if max_rate is None else float(max_rate)}
        job = _Job(getattr(svc, op), frame, len(labels), operation.output_shape, options,
                   common)
        job_id = next(_job_ids)
        _jobs[job_id] = job
        job.thread.start()
        exchange.put("result", lib.Rf_ScalarInteger(job_id))
        return OK
    except Exception as exc:  # noqa: BLE001
        return exchange.bridge_error(exc)


def _nrow(df: Any) -> int:
    """Rows of an R data.frame, from its row.names (compact c(NA, -n) or explicit)."""
    a = sexp.api()
    rn = a.lib.Rf_getAttrib(df, a.lib.Rf_install(b"row.names"))
    n = a.lib.Rf_xlength(rn)
    if rn.sxpinfo.type == sexp.INTSXP and n == 2:
        first, second = a.ffi.unpack(a.lib.INTEGER(rn), 2)
        if first == a.na_int:
            return abs(second)
    return n


def batch_wait(job_id: int, timeout: float) -> tuple[int, bool, int, float]:
    """Wait up to `timeout` seconds (Python threads run meanwhile): (rows settled, finished,
    throttled answers, current rate in calls/s or NaN)."""
    job = _jobs[job_id]
    finished = job.finished.wait(timeout)
    info = job.info
    rate = info.get("rate")
    try:
        rate = float(str(rate).rstrip("/s"))
    except ValueError:
        rate = float("nan")
    return job.done, finished, int(info.get("throttled") or 0), rate


def batch_interrupt(job_id: int) -> bool:
    """Stop sending (Ctrl-C in R): KeyboardInterrupt in the batch thread, which batch()
    handles as in Python -- calls in flight finish, the unsent rows come back "not_run"."""
    job = _jobs[job_id]
    if job.finished.is_set():
        return False
    ident = job.thread.ident
    return ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(ident), ctypes.py_object(KeyboardInterrupt)) == 1


def batch_result(job_id: int) -> int:
    """Put the finished job's result columns (status ... outputs, not the inputs, which R
    keeps) in `result` as a data.frame with attributes interrupted and stats."""
    try:
        job = _jobs.pop(job_id)
        job.finished.wait()
        job.thread.join()
        if job.error is not None:
            raise job.error
        df = job.result
        out = df.iloc[:, job.n_in:]
        kinds = {"status": ("string", None), "error_code": ("string", None),
                 "error_message": ("string", None), "attempts": ("integer", None)}
        flat = shape_kinds(job.output_shape)
        for label in map(str, out.columns):
            if label in kinds:
                continue
            base = label[len("output."):] if label.startswith("output.") else label
            if base in flat:
                kinds[label] = flat[base]
            elif label == "output" and job.output_shape is None:
                kinds[label] = ("object", None)
        a = sexp.api()
        lib = a.lib
        frame = lib.Rf_protect(data_frame(out, kinds))
        stats = df.attrs.get("stats", {})
        lib.Rf_setAttrib(frame, lib.Rf_install(b"interrupted"),
                         lib.Rf_ScalarLogical(1 if df.attrs.get("interrupted") else 0))
        lib.Rf_setAttrib(frame, lib.Rf_install(b"stats"), generic_to_r(dict(stats)))
        exchange.put("result", frame)
        lib.Rf_unprotect(1)
        return OK
    except BaseException as exc:  # noqa: BLE001 - KeyboardInterrupt before batch() caught it
        if not isinstance(exc, Exception):
            exc = RuntimeError(f"batch interrupted before it started ({type(exc).__name__})")
        return exchange.bridge_error(exc)
