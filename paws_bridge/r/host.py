"""Entry points for the R package: R hosts Python (reticulate) and rpy2 attaches to that R.

How values cross, without reticulate's generic conversion:

* Once per R session, R calls `attach(carrier)` with an R closure whose environment is the
  package's *exchange* environment. reticulate hands a closure to Python as a function that
  keeps the closure in a PyCapsule; the capsule's pointer is the closure's SEXP (or, in newer
  reticulate, a preserve cell whose TAG is the closure). Its CLOENV is the exchange
  environment, which Python keeps (preserved).
* Per call, R stores the argument list in the exchange environment and calls
  `call(handle, op)` with two scalars. Python reads the arguments straight from R memory
  (convert.input_reader), calls the core, builds the R result (convert.output_builder) and
  assigns it in the exchange environment; R reads it from there. The return value is a status
  code: OK, PAWS_ERROR (an error record is in `error`), BRIDGE_ERROR (a classed message).

Nothing here makes R evaluate anything (that would abort the process, see convert.py), and
nothing here raises into R: every failure becomes an error record that the R side signals as
a condition. Python tracebacks never reach an R user.
"""

from __future__ import annotations

import ctypes
import threading
from typing import Any

from .. import errors as _errors
from ..model import SERVICES, load_service
from ..service import service_class
from . import convert as cv

OK, PAWS_ERROR, BRIDGE_ERROR = 0, 1, 2

_lock = threading.Lock()
_exchange: Any = None  # the exchange environment's SEXP (preserved)
_sym: dict[str, Any] = {}
_services: dict[int, Any] = {}
_handles: dict[Any, int] = {}

_capsule_name = ctypes.pythonapi.PyCapsule_GetName
_capsule_name.restype = ctypes.c_char_p
_capsule_name.argtypes = [ctypes.py_object]
_capsule_pointer = ctypes.pythonapi.PyCapsule_GetPointer
_capsule_pointer.restype = ctypes.c_void_p
_capsule_pointer.argtypes = [ctypes.py_object, ctypes.c_char_p]


def _mark_r_running() -> None:
    """Tell rpy2 that R is already running in this process (R hosts us).

    `rpy2.rinterface.initr()` must not be used here: its set-up evaluates R code
    (`l10n_info()`) and replaces the SIGINT handler reticulate installed.
    """
    from rpy2.rinterface_lib import embedded
    if not embedded.isinitialized():
        embedded._setinitialized()


def _sexp_of_r_function(fn: Any) -> Any:
    """The SEXP of the R closure reticulate wrapped as the Python function `fn`."""
    capsule = None
    for cell in getattr(fn, "__closure__", None) or ():
        if type(cell.cell_contents).__name__ == "PyCapsule":
            capsule = cell.cell_contents
            break
    if capsule is None:
        raise TypeError("attach() needs an R function passed through reticulate")
    ptr = _capsule_pointer(capsule, _capsule_name(capsule))
    a = cv.api()
    sexp = a.ffi.cast("SEXP", ptr)
    if sexp.sxpinfo.type == cv.LISTSXP:  # reticulate >= 1.29: a precious-list cell
        sexp = a.lib.TAG(sexp)
    if sexp.sxpinfo.type != cv.CLOSXP:
        raise TypeError(f"expected an R closure, got SEXP type {sexp.sxpinfo.type}")
    return sexp


def attach(carrier: Any) -> bool:
    """Remember the exchange environment: the environment of the R closure `carrier`."""
    global _exchange
    with _lock:
        _mark_r_running()
        a = cv.api()
        env = a.lib.CLOENV(_sexp_of_r_function(carrier))
        if env.sxpinfo.type != cv.ENVSXP:
            raise TypeError("the carrier's environment is not an environment")
        a.keep(env)
        _exchange = env
        for name in ("args", "result", "error"):
            _sym[name] = a.lib.Rf_install(name.encode())
    return True


def _get(name: str) -> Any:
    return cv.api().lib.Rf_findVarInFrame(_exchange, _sym[name])


def _put(name: str, value: Any) -> None:
    lib = cv.api().lib
    lib.Rf_protect(value)
    lib.Rf_defineVar(_sym[name], value, _exchange)
    lib.Rf_unprotect(1)


# --- error records ---------------------------------------------------------------------

_BRIDGE_CLASSES: list[tuple[type, str]] = [
    (_errors.ParamValidationError, "paws_bridge_invalid_argument"),
    (_errors.ConfigError, "paws_bridge_config_error"),
    (_errors.CredentialsError, "paws_bridge_credentials_error"),
    # a timeout is also a connection error (R: both classes, separated by a space here)
    (_errors.TimeoutError_, "paws_bridge_timeout_error paws_bridge_connection_error"),
    (_errors.ConnectionError_, "paws_bridge_connection_error"),
]


def _bridge_error(exc: BaseException) -> int:
    """Record a bridge-side failure as list(class = <chr>, message = <chr>)."""
    cls = "paws_bridge_internal_error"
    message = str(exc)
    for kind, name in _BRIDGE_CLASSES:
        if isinstance(exc, kind):
            cls = name
            break
    else:
        if isinstance(exc, _errors.PawsBridgeError):
            cls = "paws_bridge_error"
        elif isinstance(exc, (ValueError, TypeError)):
            cls = "paws_bridge_invalid_argument"
        else:
            message = f"paws.bridge internal error ({type(exc).__name__}): {exc}"
    _put("error", cv.document({"class": cls, "message": message}))
    return BRIDGE_ERROR


def _paws_error(exc: _errors.PawsError) -> int:
    """Record a service error: code, message, status_code (integer or NA), error_response."""
    a = cv.api()
    lib = a.lib
    rec = lib.Rf_protect(lib.Rf_allocVector(cv.VECSXP, 4))
    lib.SET_VECTOR_ELT(rec, 0, cv.r_string(exc.code or "UnknownError"))
    lib.SET_VECTOR_ELT(rec, 1, cv.r_string(exc.message))
    status = exc.status_code
    lib.SET_VECTOR_ELT(rec, 2, lib.Rf_ScalarInteger(
        int(status) if status is not None else a.na_int))
    body = exc.error_response or {}
    lib.SET_VECTOR_ELT(rec, 3, cv.document(body) if body else a.list0)
    lib.Rf_setAttrib(rec, a.names, a.strings(
        ["code", "message", "status_code", "error_response"], cached=True))
    _put("error", rec)
    lib.Rf_unprotect(1)
    return PAWS_ERROR


# --- entry points ----------------------------------------------------------------------

def signatures(service: str) -> int:
    """Put the service's signature table in `result`: list(operations = <chr>,
    arguments = list(<chr>, ...), required = list(<lgl>, ...)), in model order."""
    try:
        spec = load_service(service)
        ops = spec.operations()
        a = cv.api()
        lib = a.lib
        out = lib.Rf_protect(lib.Rf_allocVector(cv.VECSXP, 3))
        lib.SET_VECTOR_ELT(out, 0, a.strings([op.name for op in ops]))
        args = lib.Rf_allocVector(cv.VECSXP, len(ops))
        lib.SET_VECTOR_ELT(out, 1, args)
        req = lib.Rf_allocVector(cv.VECSXP, len(ops))
        lib.SET_VECTOR_ELT(out, 2, req)
        for i, op in enumerate(ops):
            lib.SET_VECTOR_ELT(args, i, a.strings(list(op.arguments), cached=True))
            flags = lib.Rf_allocVector(cv.LGLSXP, len(op.arguments))
            lib.SET_VECTOR_ELT(req, i, flags)
            for j, name in enumerate(op.arguments):
                a.lib.SET_LOGICAL_ELT(flags, j, 1 if name in op.required else 0)
        lib.Rf_setAttrib(out, a.names, a.strings(["operations", "arguments", "required"]))
        _put("result", out)
        lib.Rf_unprotect(1)
        return OK
    except Exception as exc:  # noqa: BLE001 - every failure becomes an R condition
        return _bridge_error(exc)


def new_service(service: str) -> int:
    """Create a client from `args` = list(config, credentials, endpoint, region).

    Returns a handle (> 0) for `call()`, or -BRIDGE_ERROR with the error recorded. Clients
    with the same settings share one handle.
    """
    try:
        if service not in SERVICES:
            raise _errors.ConfigError(f"unknown service {service!r}")
        problems = cv.Problems()
        given = cv.from_r(_get("args"), "config", problems) or {}
        if problems:
            raise _errors.ConfigError("; ".join(problems))
        if not isinstance(given, dict):
            raise _errors.ConfigError("config must be a named list")
        svc = service_class(service)(**{k: given.get(k) for k in
                                        ("config", "credentials", "endpoint", "region")})
        key = (service, svc.settings)
        with _lock:
            handle = _handles.get(key)
            if handle is None:
                handle = len(_services) + 1
                _services[handle] = svc
                _handles[key] = handle
        return handle
    except Exception as exc:  # noqa: BLE001
        return -_bridge_error(exc)


def call(handle: int, op: str) -> int:
    """Call operation `op` with the R argument list in `args`; the R value goes to `result`."""
    try:
        svc = _services[handle]
        operation = svc.operation(op)
        params = read_arguments(operation, _get("args"))
        value = svc.call(op, params)
        _put("result", cv.output_builder(operation.output_shape)(value))
        return OK
    except _errors.PawsError as exc:
        return _paws_error(exc)
    except Exception as exc:  # noqa: BLE001
        return _bridge_error(exc)


def read_arguments(operation: Any, args: Any) -> dict[str, Any]:
    """The R argument list (names in model order, NULL for unset) -> core parameters.

    Raises ParamValidationError listing every problem with its path.
    """
    shape = operation.input_shape
    if shape is None:
        return {}
    readers = _readers(shape)
    problems = cv.Problems()
    lib = cv.api().lib
    # The R operation functions build the list in model order (their formals), so the
    # names need not be read from R; any other list is read by its names.
    names: Any = operation.arguments
    if args.sxpinfo.type != cv.VECSXP or lib.Rf_xlength(args) != len(names):
        names = cv.names_of(args) or []
    params: dict[str, Any] = {}
    for i, name in enumerate(names):
        x = lib.VECTOR_ELT(args, i)
        if x.sxpinfo.type == cv.NILSXP:
            continue
        read = readers.get(name)
        if read is None:
            problems.add(name, f"invalid name: {name}")
            continue
        v = read(x, name, problems)
        if v is not cv.DROP:
            params[name] = v
    if problems:
        raise _errors.ParamValidationError(operation.name, problems)
    return params


_reader_cache: dict[int, tuple[Any, dict[str, Any]]] = {}


def _readers(shape: Any) -> dict[str, Any]:
    hit = _reader_cache.get(id(shape))
    if hit is None or hit[0] is not shape:
        hit = (shape, {name: cv.input_reader(m) for name, m in shape.members.items()})
        _reader_cache[id(shape)] = hit
    return hit[1]
