"""Entry points for the R package's to_frame() and batch_call(), through the same exchange
environment as every operation call (exchange.py, host.py).

* to_frame(): R leaves its result pages in `args`; the frame is built straight from the R items
  by the item shape's column plan (columns.py, the columns of paws_bridge.frames) and put in
  `result`. No Python values, no pandas: the pages cross once, the frame once.
* batch_call(): R leaves the rows (a data.frame) and the common arguments in `args`; the rows are
  read by shape (from_r.py, scalars.py) into a pandas DataFrame for paws_bridge.batching, and
  the result comes back as a data.frame (pandas_frame.py).

batch_call() runs in a Python thread while R polls `batch_wait()`; that thread never touches R
(rows are read into Python before it starts and the result is built after it ends, both on
R's thread), and Python threads only run while R is inside such a call anyway (reticulate
keeps the GIL while R runs R code). Nothing here makes R evaluate anything (docs/r-host.md)."""

from __future__ import annotations

import ctypes
import itertools
import math
import threading
from typing import Any

from botocore.model import Shape

from .. import batching, errors, frames
from . import columns, exchange, pandas_frame, sexp
from .exchange import OK
from .from_r import DROP, Problems, input_reader
from .scalars import coerce
from .host import read_arguments
from .to_r import generic_to_r

# --- to_frame --------------------------------------------------------------------------------

def _r_message(exc: Exception) -> str:
    """frames' messages with R's spelling of the argument."""
    return (str(exc).replace("pass operation= (e.g. operation='list_users')",
                             'pass `operation` (e.g. operation = "list_users")')
            .replace("pass operation=", "pass `operation`"))


def _items(pages: Any, spec: frames.ListSpec, problems: Problems) -> list[tuple[Any, Any]]:
    """Every item of the pages' result key (an R value; NULL for an empty one), with the
    function naming its path (for problems)."""
    lib = sexp.api().lib
    key = spec.result_key
    items: list[tuple[Any, Any]] = []
    for p in range(lib.Rf_xlength(pages)):
        page = lib.VECTOR_ELT(pages, p)
        names = sexp.names_of(page) or []
        if key not in names:
            continue
        lst = lib.VECTOR_ELT(page, names.index(key))
        if sexp.is_empty(lst):
            continue
        if lst.sxpinfo.type != sexp.VECSXP:
            problems.add(f"result[[{p + 1}]]${key}",
                         f"expected a list of items, got {sexp.describe(lst)}")
            continue
        for i in range(lib.Rf_xlength(lst)):
            item = lib.VECTOR_ELT(lst, i)
            where = (lambda p=p, i=i: f"result[[{p + 1}]]${key}[[{i + 1}]]")
            if item.sxpinfo.type != sexp.VECSXP and not sexp.is_empty(item):
                problems.add(where(), f"expected a named list, got {sexp.describe(item)}")
                continue
            items.append((item, where))
    return items


def to_frame(operation: str | None, service: str | None) -> int:
    """`args` holds a list of R result pages (R has checked the form); put the data.frame of
    their items in `result`, built from the R items by the item shape's column plan."""
    try:
        pages = exchange.get("args")
        lib = sexp.api().lib
        try:
            if operation is not None:
                spec = frames.list_spec(service, operation)
            else:
                first = lib.VECTOR_ELT(pages, 0)
                keys = dict.fromkeys(n for n in (sexp.names_of(first) or []) if n)
                spec = frames.infer_operation(keys, service)
        except ValueError as exc:
            raise ValueError(_r_message(exc)) from None
        problems = Problems()
        items = _items(pages, spec, problems)
        frame = lib.Rf_protect(columns.items_frame(items, spec.item_shape, problems))
        if problems:
            lib.Rf_unprotect(1)
            raise ValueError("not a result of " + spec.operation + ": " + "; ".join(problems))
        exchange.put("result", frame)
        lib.Rf_unprotect(1)
        return OK
    except Exception as exc:  # noqa: BLE001 - every failure becomes an R condition
        return exchange.bridge_error(exc)


# --- batch ----------------------------------------------------------------------------------

class _Job:
    """One batch_call() running in a thread, polled from R."""

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
            self.result = batching.batch_call(method, frame, progress=self._progress, **options,
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
    """Start batch_call() over `args` = list(<rows data.frame>, <named list of common arguments>).

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
    """Stop sending (Ctrl-C in R): KeyboardInterrupt in the batch thread, which batch_call()
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
        flat = pandas_frame.shape_kinds(job.output_shape)
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
        frame = lib.Rf_protect(pandas_frame.pandas_frame(out, kinds))
        stats = df.attrs.get("stats", {})
        lib.Rf_setAttrib(frame, lib.Rf_install(b"interrupted"),
                         lib.Rf_ScalarLogical(1 if df.attrs.get("interrupted") else 0))
        lib.Rf_setAttrib(frame, lib.Rf_install(b"stats"), generic_to_r(dict(stats)))
        exchange.put("result", frame)
        lib.Rf_unprotect(1)
        return OK
    except BaseException as exc:  # noqa: BLE001 - KeyboardInterrupt before batch_call() caught it
        if not isinstance(exc, Exception):
            exc = RuntimeError(f"batch interrupted before it started ({type(exc).__name__})")
        return exchange.bridge_error(exc)
