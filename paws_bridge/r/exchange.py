"""The exchange: where R and Python hand each other values when R hosts Python (reticulate).

* Once per R session, R calls `attach(carrier)` with an R closure whose environment is the
  package's *exchange* environment. reticulate hands a closure to Python as a function that
  keeps the closure in a PyCapsule; the capsule's pointer is the closure's SEXP (or, in newer
  reticulate, a preserve cell whose TAG is the closure). Its CLOENV is the exchange
  environment, which Python keeps (preserved).
* Per call, R stores its value in the exchange (`args`) and calls an entry point with a few
  scalars; Python reads `args` with `get()`, and leaves its R value with `put("result", ...)`
  or an error record with `bridge_error()` / `paws_error()`. The entry point returns a status
  code (`OK`, `PAWS_ERROR`, `BRIDGE_ERROR`) and R signals the recorded condition.
* Clients live here too: `register()` gives each distinct client a handle (an integer R keeps),
  `client(handle)` finds it again.

Nothing here makes R evaluate anything (docs/r-host.md) and nothing raises into R.
"""

from __future__ import annotations

import ctypes
import threading
from typing import Any

from .. import errors
from . import sexp
from .to_r import document, r_string

__all__ = ["OK", "PAWS_ERROR", "BRIDGE_ERROR", "attach", "attach_environment", "get", "put",
           "register", "client", "bridge_error", "paws_error"]

OK, PAWS_ERROR, BRIDGE_ERROR = 0, 1, 2

_lock = threading.Lock()
_exchange: Any = None  # the exchange environment's SEXP (preserved)
_sym: dict[str, Any] = {}
_clients: dict[int, Any] = {}
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
    _skip_rscript_probe()
    from rpy2.rinterface_lib import embedded
    if not embedded.isinitialized():
        embedded._setinitialized()


def _skip_rscript_probe() -> None:
    """Spare rpy2's start-up child process: R hosts us, so R's library path is ours.

    Importing rpy2.rinterface_lib.openrlib runs `Rscript -e 'cat(Sys.getenv(
    "LD_LIBRARY_PATH"))'` (~0.25 s) to learn the library path R would add; in a process R
    started, that path is already in this process's environment.
    """
    import os
    import sys
    if "rpy2.rinterface_lib.openrlib" in sys.modules:
        return
    import rpy2.situation
    rpy2.situation.r_ld_library_path_from_subprocess = (
        lambda r_home: os.environ.get("LD_LIBRARY_PATH", ""))


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
    a = sexp.api()
    x = a.ffi.cast("SEXP", ptr)
    if x.sxpinfo.type == sexp.LISTSXP:  # reticulate >= 1.29: a precious-list cell
        x = a.lib.TAG(x)
    if x.sxpinfo.type != sexp.CLOSXP:
        raise TypeError(f"expected an R closure, got SEXP type {x.sxpinfo.type}")
    return x


def attach(carrier: Any) -> bool:
    """Remember the exchange environment: the environment of the R closure `carrier`."""
    with _lock:
        _mark_r_running()
        _keep(sexp.api().lib.CLOENV(_sexp_of_r_function(carrier)))
    return True


def attach_environment(address: int) -> int:
    """Remember the exchange environment given by its address: the package's own Python
    starter (src/pyhost.c) passes an R environment as its SEXP address. Returns OK."""
    with _lock:
        _mark_r_running()
        _keep(sexp.api().ffi.cast("SEXP", address))
    return OK


def _keep(env: Any) -> None:
    global _exchange
    a = sexp.api()
    if env.sxpinfo.type != sexp.ENVSXP:
        raise TypeError("the exchange is not an R environment")
    a.keep(env)
    _exchange = env
    for name in ("args", "result", "error"):
        _sym[name] = a.lib.Rf_install(name.encode())


def get(name: str = "args") -> Any:
    """The R value R left in the exchange under `name` (R_UnboundValue when none)."""
    return sexp.api().lib.Rf_findVarInFrame(_exchange, _sym[name])


def put(name: str, value: Any) -> None:
    """Assign the (unprotected) R value `value` to `name` in the exchange."""
    lib = sexp.api().lib
    lib.Rf_protect(value)
    lib.Rf_defineVar(_sym[name], value, _exchange)
    lib.Rf_unprotect(1)


def register(key: Any, make: Any) -> int:
    """The handle (> 0) of the client known by `key`; `make()` creates it the first time."""
    with _lock:
        handle = _handles.get(key)
        if handle is None:
            handle = len(_clients) + 1
            _clients[handle] = make()
            _handles[key] = handle
    return handle


def client(handle: int) -> Any:
    """The client registered under `handle`."""
    try:
        return _clients[handle]
    except KeyError:
        raise errors.PawsBridgeError(f"no client with handle {handle}; create the service "
                                     "again (handles do not survive an R session)") from None


# --- error records ---------------------------------------------------------------------

_BRIDGE_CLASSES: list[tuple[type, str]] = [
    (errors.ParamValidationError, "paws_bridge_invalid_argument"),
    (errors.ConfigError, "paws_bridge_config_error"),
    (errors.CredentialsError, "paws_bridge_credentials_error"),
    # a timeout is also a connection error (R: both classes, separated by a space here)
    (errors.TimeoutError_, "paws_bridge_timeout_error paws_bridge_connection_error"),
    (errors.ConnectionError_, "paws_bridge_connection_error"),
]


def bridge_error(exc: BaseException, message: str | None = None) -> int:
    """Record a bridge-side failure as list(class = <chr>, message = <chr>); BRIDGE_ERROR.

    `message` replaces the exception's text (e.g. spelled for R); the class still comes from
    the exception's type.
    """
    cls = "paws_bridge_internal_error"
    text = str(exc) if message is None else message
    for kind, name in _BRIDGE_CLASSES:
        if isinstance(exc, kind):
            cls = name
            break
    else:
        if isinstance(exc, errors.PawsBridgeError):
            cls = "paws_bridge_error"
        elif isinstance(exc, (ValueError, TypeError)):
            cls = "paws_bridge_invalid_argument"
        else:
            text = f"paws.bridge internal error ({type(exc).__name__}): {exc}"
    put("error", document({"class": cls, "message": text}))
    return BRIDGE_ERROR


def paws_error(exc: errors.PawsError) -> int:
    """Record a service error: code, message, status_code (integer or NA), error_response;
    PAWS_ERROR."""
    a = sexp.api()
    lib = a.lib
    rec = lib.Rf_protect(lib.Rf_allocVector(sexp.VECSXP, 4))
    lib.SET_VECTOR_ELT(rec, 0, r_string(exc.code or "UnknownError"))
    lib.SET_VECTOR_ELT(rec, 1, r_string(exc.message))
    status = exc.status_code
    lib.SET_VECTOR_ELT(rec, 2, lib.Rf_ScalarInteger(
        int(status) if status is not None else a.na_int))
    body = exc.error_response or {}
    lib.SET_VECTOR_ELT(rec, 3, document(body) if body else a.list0)
    lib.Rf_setAttrib(rec, a.names, a.strings(
        ["code", "message", "status_code", "error_response"], cached=True))
    put("error", rec)
    lib.Rf_unprotect(1)
    return PAWS_ERROR
