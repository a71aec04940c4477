"""Entry points for the R package: R hosts Python (reticulate) and rpy2 attaches to that R.

Each entry point takes a few scalars from R, reads R's value from the exchange (exchange.py)
by shape (from_r.py), calls the core, builds the R result by shape (to_r.py) and leaves it in
the exchange; it returns a status code and never raises into R (every failure becomes an
error record that R signals as a condition). Nothing here makes R evaluate anything
(docs/r-host.md). The path of one call is told in docs/design.md.
"""

from __future__ import annotations

from typing import Any

from .. import errors
from ..paginate import pages as page_through
from ..model import SERVICES, load_service
from ..protocols.xml import XML_PROTOCOLS, stream_blobs
from ..service import service_class
from . import exchange, sexp, xmlbuild, xmlform
from .exchange import OK, attach, attach_environment  # noqa: F401 - entry points R calls
from .from_r import CALL_ARGUMENTS, DROP, Problems, from_r, input_reader
from .to_r import output_builder, output_putter, r_string

__all__ = ["attach", "attach_environment", "python_executable", "signatures", "new_service",
           "call", "paginate", "read_arguments"]


def python_executable() -> str:
    """The Python executable this interpreter runs as (for R's messages and child processes)."""
    import sys
    return sys.executable


def signatures(service: str) -> int:
    """Put the service's signature table in `result`: list(operations = <chr>,
    arguments = list(<chr>, ...), required = list(<lgl>, ...)), in model order."""
    try:
        ops = load_service(service).operations()
        a = sexp.api()
        lib = a.lib
        out = lib.Rf_protect(lib.Rf_allocVector(sexp.VECSXP, 3))
        lib.SET_VECTOR_ELT(out, 0, a.strings([op.name for op in ops]))
        args = lib.Rf_allocVector(sexp.VECSXP, len(ops))
        lib.SET_VECTOR_ELT(out, 1, args)
        req = lib.Rf_allocVector(sexp.VECSXP, len(ops))
        lib.SET_VECTOR_ELT(out, 2, req)
        for i, op in enumerate(ops):
            lib.SET_VECTOR_ELT(args, i, a.strings(list(op.arguments), cached=True))
            flags = lib.Rf_allocVector(sexp.LGLSXP, len(op.arguments))
            lib.SET_VECTOR_ELT(req, i, flags)
            for j, name in enumerate(op.arguments):
                lib.SET_LOGICAL_ELT(flags, j, 1 if name in op.required else 0)
        lib.Rf_setAttrib(out, a.names, a.strings(["operations", "arguments", "required"]))
        exchange.put("result", out)
        lib.Rf_unprotect(1)
        return OK
    except Exception as exc:  # noqa: BLE001 - every failure becomes an R condition
        return exchange.bridge_error(exc)


def new_service(service: str) -> int:
    """Create a client from `args` = list(config, credentials, endpoint, region).

    Returns a handle (> 0) for `call()`, or -BRIDGE_ERROR with the error recorded. Clients
    with the same settings share one handle.
    """
    try:
        if service not in SERVICES:
            raise errors.ConfigError(f"unknown service {service!r}")
        problems = Problems()
        given = from_r(exchange.get("args"), "config", problems) or {}
        if problems:
            raise errors.ConfigError("; ".join(problems))
        if not isinstance(given, dict):
            raise errors.ConfigError("config must be a named list")
        svc = service_class(service)(**{k: given.get(k) for k in
                                        ("config", "credentials", "endpoint", "region")})
        return exchange.register((service, svc.settings), lambda: svc)
    except Exception as exc:  # noqa: BLE001
        return -exchange.bridge_error(exc)


def call(handle: int, op: str) -> int:
    """Call operation `op` with the R argument list in `args`; the R value goes to `result`."""
    try:
        svc = exchange.client(handle)
        if op not in svc._spec.operation_names:
            return _extra(svc, op)
        operation = svc.operation(op)
        params = read_arguments(operation, exchange.get("args"), all_given=True)
        token = stream_blobs.set(True)  # blob payloads go straight into R's raw vector
        try:
            value = svc.call(op, params, syntax="r")
            exchange.put("result", _r_value(svc, operation, value))
        finally:
            stream_blobs.reset(token)
        return OK
    except errors.PawsError as exc:
        return exchange.paws_error(exc)
    except Exception as exc:  # noqa: BLE001
        return exchange.bridge_error(exc)


def _r_value(svc: Any, operation: Any, value: Any) -> Any:
    """paws's R value: the XML protocols have paws's XML reading rules (xmlform.py)."""
    protocol = svc._spec.model.protocol
    if protocol in XML_PROTOCOLS:
        return xmlbuild.build(xmlform.form(operation.output_shape, value, protocol))
    return output_builder(operation.output_shape)(value)


def _extra(svc: Any, name: str) -> int:
    """One of paws's extra functions of a service (e.g. s3 download_file): the R argument
    list read by its names, the result a string, or list() for nothing."""
    method = getattr(type(svc), name, None)
    if method is None or name.startswith("_"):
        raise AttributeError(f"{svc._spec.paws_name} has no operation {name!r}")
    problems = Problems()
    args = from_r(exchange.get("args"), "args", problems) or {}
    if problems:
        raise errors.ParamValidationError(name, problems)
    value = method(svc, **{k: v for k, v in args.items() if v is not None})
    exchange.put("result", r_string(value) if isinstance(value, str) else sexp.api().list0)
    return OK


def paginate(handle: int, op: str, label: str, page_size: Any, max_items: Any,
             starting_token: Any, stop_on_same_token: bool) -> int:
    """paws's paginate(): every page of operation `op` called with the R argument list in
    `args`, as an R list of pages in `result` (R has checked the paging arguments; `label`
    is how the R call names the operation, for the error of an operation that does not
    paginate). The loop is paws_bridge.paginate's; what is paws's own in R is here: PageSize
    and StartingToken only fill arguments the call leaves unset (StartingToken only for a
    single input token), and the page that reaches MaxItems is returned whole."""
    try:
        svc = exchange.client(handle)
        operation = svc.operation(op)
        pag = operation.paginator
        if not pag or "input_token" not in pag or "output_token" not in pag:
            raise errors.PawsBridgeError(f"Method: `{label}` is unable to paginate.")
        params = read_arguments(operation, exchange.get("args"))
        in_tokens = [pag["input_token"]] if isinstance(pag["input_token"], str) \
            else list(pag["input_token"])
        limit_key = pag.get("limit_key")
        if page_size is not None and (not limit_key or limit_key in params):
            page_size = None
        if starting_token is not None and (len(in_tokens) != 1 or in_tokens[0] in params):
            starting_token = None
        pages = list(page_through(
            svc, op, params, page_size=None if page_size is None else int(page_size),
            max_items=None if max_items is None else int(max_items),
            starting_token=starting_token, stop_on_same_token=bool(stop_on_same_token),
            whole_pages=True))
        lib = sexp.api().lib
        out = lib.Rf_protect(lib.Rf_allocVector(sexp.VECSXP, len(pages)))
        put = output_putter(operation.output_shape)
        xml = svc._spec.model.protocol in XML_PROTOCOLS
        for i, page in enumerate(pages):
            if xml:  # paws's XML reading rules (xmlform.py)
                lib.SET_VECTOR_ELT(out, i, _r_value(svc, operation, page))
            else:
                put(out, i, page)
        exchange.put("result", out)
        lib.Rf_unprotect(1)
        return OK
    except errors.PawsError as exc:
        return exchange.paws_error(exc)
    except Exception as exc:  # noqa: BLE001
        return exchange.bridge_error(exc)


def read_arguments(operation: Any, args: Any, all_given: bool = False) -> dict[str, Any]:
    """The R argument list (names in model order, NULL for unset) -> core parameters.

    With `all_given` (a direct call: R itself refused a missing required argument), a
    required argument that is NULL or reads as nothing (character(0), list(NULL)) is a
    problem (`list()`, an empty list on purpose, is left out as paws does); batch() reads
    its common arguments without it (rows fill the rest).

    Raises ParamValidationError listing every problem with its path.
    """
    shape = operation.input_shape
    if shape is None:
        return {}
    problems = Problems()
    lib = sexp.api().lib
    # The R operation functions build the list in model order (their formals), so the
    # names need not be read from R; any other list is read by its names.
    names: Any = operation.arguments
    if args.sxpinfo.type != sexp.VECSXP or lib.Rf_xlength(args) != len(names):
        names = sexp.names_of(args) or []
    params: dict[str, Any] = {}
    members = shape.members
    required = shape.required_members
    for i, name in enumerate(names):
        x = lib.VECTOR_ELT(args, i)
        if x.sxpinfo.type == sexp.NILSXP:
            if all_given and name in required:  # R's check passed: the caller wrote NULL
                problems.add(name, "a required argument cannot be NULL")
            continue
        member = members.get(name) if name is not None else None
        if member is None:
            problems.add(name, f"invalid name: {name}")
            continue
        before = len(problems)
        CALL_ARGUMENTS.on = all_given
        try:
            v = input_reader(member)(x, name, problems)
        finally:
            CALL_ARGUMENTS.on = False
        if v is not DROP:
            params[name] = v
        elif all_given and name in required and len(problems) == before \
                and not (x.sxpinfo.type == sexp.VECSXP and lib.Rf_xlength(x) == 0):
            # list() is an empty list written on purpose (left out, as paws does);
            # character(0), list(NULL), list(list()) hold nothing the caller can have meant
            problems.add(name, f"a required argument cannot be empty (got "
                               f"{sexp.describe(x)}, which sends nothing)")
    if problems:
        raise errors.ParamValidationError(operation.name, problems)
    return params
