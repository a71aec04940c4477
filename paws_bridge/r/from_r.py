"""R values -> Python values, by input shape: the arguments an R user passes, read straight
from R memory into what `paws_bridge.inputs` expects.

`input_reader(shape)` compiles, once per shape, a function `read(x, path, problems)` that
applies paws's R-side rules (a length-1 vector is a scalar, an atomic vector for a list is
split, numbers in strings are written as R writes them) and refuses what paws gets wrong (NA,
a longer vector for a scalar, a non-raw blob), each refusal added to `problems` with its
argument path (`UserAttributes[[2]]$Value: NA is not a value that can be sent`). `DROP`
marks what is not sent (NULL and zero-length values, at any depth). Scalars go through the
one scalar coercion (scalars.py); `from_r()` reads shapeless values (config lists, documents).

Nothing here makes R evaluate anything (docs/r-host.md).
"""

from __future__ import annotations

import datetime as _dt
import math
import os
import threading
from typing import Any, Callable

from botocore.model import Shape

from ..shapes import PerShape, is_document, kind_of
from ..inputs import r_member
from ..rtext import format_double
from .sexp import (INTSXP, NILSXP, RAWSXP, REALSXP, VECSXP, InvalidText, Sexp, api,
                   atomic_values, describe, is_empty, names_of, r_classes)
from .scalars import Conv, Epoch, conversion, convert

__all__ = ["DROP", "Problems", "Reader", "input_reader", "from_r", "FIRST_OF_VECTOR"]

# A vector longer than 1 given for a scalar: paws silently sends its first element; the
# bridge refuses it (conformance/deviations.json) unless PAWS_BRIDGE_SCALAR_VECTORS=first.
FIRST_OF_VECTOR = os.environ.get("PAWS_BRIDGE_SCALAR_VECTORS", "refuse") == "first"


DROP = object()  # "not sent": NULL and zero-length values, at any depth


class _CallArguments(threading.local):
    """Set while a call's arguments are read (host.read_arguments): the readers then also
    refuse required members that hold nothing; results read back (to_frame) are not checked."""

    on = False


CALL_ARGUMENTS = _CallArguments()


class Problems(list):
    """Problems found while reading arguments, each "path: what is wrong"."""

    def add(self, path: str, what: str) -> Any:
        self.append(f"{path}: {what}")
        return DROP


Reader = Callable[[Sexp, str, Problems], Any]

def _key_path(path: str, key: Any) -> str:
    """`path$key` as R writes it: `ClientMetadata$a`, ``ClientMetadata$`a b` ``."""
    return path + r_member("NA" if key is None else key)


def _compile_in(shape: Shape) -> Reader:
    kind = kind_of(shape)
    if kind == "document":
        return _in_document
    containers = {"structure": _in_structure, "list": _in_list, "map": _in_map}
    if kind in containers:
        return containers[kind](shape)
    return _scalar_reader(conversion(kind), kind)


input_reader: PerShape[Reader] = PerShape(_compile_in)
input_reader.__doc__ = ("The compiled function: R value for a shape -> Python value (or DROP), "
                        "adding problems.")


def _in_structure(shape: Shape) -> Reader:
    members = {name: input_reader(m) for name, m in shape.members.items()}
    required = frozenset(shape.required_members)
    valid = ", ".join(members)
    lib = api().lib

    def read(x: Sexp, path: str, problems: Problems) -> Any:
        if is_empty(x):
            return DROP
        if x.sxpinfo.type != VECSXP:
            return problems.add(path, f"expected a named list, got {describe(x)}")
        names = names_of(x)
        if names is None and lib.Rf_xlength(x) == 1:
            # paws's XML reading of an absent structure: list(<the empty structure>)
            inner = lib.VECTOR_ELT(x, 0)
            if inner.sxpinfo.type == VECSXP and names_of(inner) is not None:
                return read(inner, path, problems)
        if names is None:
            return problems.add(path, "expected a named list, got an unnamed list")
        out: dict[str, Any] = {}
        for i, name in enumerate(names):
            f = members.get(name) if name is not None else None
            if f is None:
                problems.add(f"{path}${name}" if name else f"{path}[[{i + 1}]]",
                             f"invalid name: {name} (valid names: {valid})")
                continue
            before = len(problems)
            e = lib.VECTOR_ELT(x, i)
            v = f(e, f"{path}${name}", problems)
            if v is not DROP and name not in out:
                out[name] = v
            elif v is DROP and name in required and CALL_ARGUMENTS.on \
                    and len(problems) == before and not is_empty(e):
                # as the core's check: list(list()) for a required member holds nothing
                # the caller can have meant (list(), NULL, character(0) are left out)
                problems.add(f"{path}${name}", f"a required member cannot be empty (got "
                                               f"{describe(e)}, which sends nothing)")
        return out if out else DROP

    return read


def _elements(x: Sexp, path: str, problems: Problems) -> list[tuple[Sexp | None, Any, str]]:
    """The elements of an R vector given for a list: (sexp, None, path) for list elements,
    (None, scalar, path) for atomic elements."""
    lib = api().lib
    t = x.sxpinfo.type
    if t == VECSXP:
        return [(lib.VECTOR_ELT(x, i), None, f"{path}[[{i + 1}]]")
                for i in range(lib.Rf_xlength(x))]
    values = atomic_values(x)
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
    conv = conversion(scalar_kind) if scalar_kind else None
    lib = api().lib

    def read(x: Sexp, path: str, problems: Problems) -> Any:
        if is_empty(x):
            return DROP
        if x.sxpinfo.type == VECSXP and member.type_name == "structure" \
                and not is_document(member) and names_of(x) is not None \
                and _looks_like_members(x, member):
            # one structure given where a list of them is expected: a list of one (as paws)
            v = f(x, f"{path}[[1]]", problems)
            return [v] if v is not DROP else DROP
        out = []
        for sexp, value, p in _elements(x, path, problems):
            if sexp is not None:
                if conv is not None and sexp.sxpinfo.type not in (VECSXP, RAWSXP, NILSXP) \
                        and lib.Rf_xlength(sexp) > 1:
                    # list("a", c("b", "c")): each element of a list of scalars is a scalar,
                    # and paws sends only "b" of c("b", "c") (quirk_list_of_vectors). That
                    # is the same silent loss as a longer vector for a scalar: refused
                    # likewise, unless PAWS_BRIDGE_SCALAR_VECTORS=first asks for paws's way.
                    values = atomic_values(sexp) or []
                    if not FIRST_OF_VECTOR:
                        problems.add(p, f"expected a single value, got a vector of length "
                                        f"{len(values)}")
                        continue
                    v = convert(conv, values[0], f"{p}[1]", problems)
                else:
                    v = f(sexp, p, problems)
            elif conv is None:  # an atomic value where the list wants structures/lists/maps
                v = problems.add(p, f"expected a named list ({member.type_name} "
                                    f"{member.name}), got {describe(x)}")
            else:
                v = convert(conv, value, p, problems)
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
    conv = conversion(vkind) if vkind not in ("structure", "list", "map") else None
    lib = api().lib

    def read(x: Sexp, path: str, problems: Problems) -> Any:
        if is_empty(x):
            return DROP
        names = names_of(x)
        if names is None:
            return problems.add(path, f"expected a named list, got {describe(x)} without names")
        out: dict[str, Any] = {}
        t = x.sxpinfo.type
        bad = [k for k in names if type(k) is InvalidText]
        if bad:
            return problems.add(path, f"the name {bad[0][:20]!r} is not valid UTF-8")
        if t == VECSXP:
            for i, key in enumerate(names):
                v = f(lib.VECTOR_ELT(x, i), _key_path(path, key), problems)
                if v is not DROP and key not in out:
                    out[key] = v
        else:  # a named atomic vector: one value per name
            values = atomic_values(x)
            if values is None or conv is None:
                return problems.add(path, f"expected a named list, got {describe(x)}")
            for key, value in zip(names, values):
                v = convert(conv, value, _key_path(path, key), problems)
                if v is not DROP and key not in out:
                    out[key] = v
        return out if out else DROP

    return read


def _scalar_reader(conv: Conv, kind: str) -> Reader:
    lib = api().lib

    def read(x: Sexp, path: str, problems: Problems) -> Any:
        if is_empty(x):
            return DROP
        t = x.sxpinfo.type
        if t == RAWSXP:
            values = atomic_values(x)
        elif t == VECSXP:
            n = lib.Rf_xlength(x)
            if n != 1:
                return problems.add(path, f"expected a single {kind} value, got a list of "
                                          f"length {n}")
            inner = lib.VECTOR_ELT(x, 0)
            if inner.sxpinfo.type == VECSXP:  # list(list(...)): no scalar means that
                return problems.add(path, f"expected a single {kind} value, got a nested list")
            if is_empty(inner):  # list(NULL), list(character(0)): nothing to send
                return problems.add(path, f"expected a single {kind} value, got a list "
                                          f"holding {describe(inner)}")
            return read(inner, path, problems)
        else:
            values = atomic_values(x)
            if values is None:
                return problems.add(path, f"expected a single {kind} value, "
                                          f"got {describe(x)}")
            if len(values) != 1 and not (FIRST_OF_VECTOR and values):
                return problems.add(path, f"expected a single {kind} value, got a vector of "
                                          f"length {len(values)}")
        value = values[0]
        if t in (REALSXP, INTSXP) and "POSIXct" in r_classes(x) and value is not None:
            value = Epoch(value)
        elif t in (REALSXP, INTSXP) and "Date" in r_classes(x) and value is not None:
            value = Epoch(value * 86400.0)
        return convert(conv, value, path, problems)

    return read



# --- documents and shapeless values -------------------------------------------------------

def _in_document(x: Sexp, path: str, problems: Problems) -> Any:
    if is_empty(x):
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
    lib = api().lib
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
                if is_empty(e):
                    continue
                key = names[i] if names[i] is not None else "NA"
                if key not in out:
                    out[key] = from_r(e, f"{path}${key}", problems, document)
            return out
        return [from_r(lib.VECTOR_ELT(x, i), f"{path}[[{i + 1}]]", problems, document)
                for i in range(n) if not is_empty(lib.VECTOR_ELT(x, i))]
    values = atomic_values(x)
    if values is None:
        problems.add(path, f"cannot send {describe(x)}")
        return None
    if t == RAWSXP:
        return values[0]
    for i, v in enumerate(values):
        if type(v) is InvalidText:
            problems.add(path if len(values) == 1 else f"{path}[{i + 1}]",
                         "the string is not valid UTF-8")
        elif document and isinstance(v, float) and not math.isfinite(v):
            problems.add(path if len(values) == 1 else f"{path}[{i + 1}]",
                         f"{format_double(v)} cannot be sent in a document (not JSON)")
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
