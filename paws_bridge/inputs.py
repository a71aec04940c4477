"""paws-style arguments -> the parameters botocore sends, by input shape.

paws's rules, at any depth: `None` and empty containers are not sent, `""` is; a scalar given
where the shape wants a list becomes a one-element list; structure members go out in shape
order and map keys sorted by their UTF-8 bytes (C locale); integral floats become ints for
integer and long members; an empty blob is not sent.

The same walk (one function per shape kind) refuses, before any request, every value that
cannot mean what the caller meant, and reports all of them in one ParamValidationError, each
with its path in the caller's language (`ClientMetadata["a"]: expected str, got int` from
Python, `ClientMetadata$a: ...` from R): wrong types (a list or dict for a scalar, a bool for
a number), NaN and infinities, non-integral numbers or numbers outside the model's range for
integer members, strings that are not valid Unicode (lone surrogates), unknown names, more
than one member of a union, and required members given as None or as lists of nothing but
None/empty values (an explicitly empty `[]`/`{}` is left out, as paws leaves it out). String lengths and
enum values are left to the service, as paws leaves them (paws sends `ClientId = ""`, and so
do we), and so are required members nested in structures that are not given at all.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Mapping
from typing import Any

from botocore.model import Shape
from botocore.utils import parse_to_aware_datetime

from .shapes import PerShape, is_document

from .errors import ParamValidationError

_DROP = object()
_LIST_LIKE = (list, tuple)
_INT_BOUNDS = {"integer": (-2**31, 2**31 - 1), "long": (-2**63, 2**63 - 1)}


# --- paths, in the caller's language ------------------------------------------------------

def render_path(parts: tuple[Any, ...], syntax: str = "python") -> str:
    """A value's path as the caller writes it.

    Python: ``UserAttributes[0]["Name"]``; R: ``UserAttributes[[1]]$Name`` (map keys that
    are not syntactic R names are written in backticks: ``ClientMetadata$`a b` ``).
    """
    if not parts:
        return "input"
    out = str(parts[0])
    r = syntax == "r"
    for part in parts[1:]:
        if isinstance(part, int):
            out += f"[[{part + 1}]]" if r else f"[{part}]"
        elif r:
            out += r_member(part)
        else:
            out += '["' + str(part).replace("\\", "\\\\").replace('"', '\\"') + '"]'
    return out


_R_NAME = re.compile(r"(?:[A-Za-z]|[.](?![0-9]))[A-Za-z0-9._]*|[.]")


def r_member(name: Any) -> str:
    """`$name` as R writes it: `$a`, or in backticks when not syntactic: ``$`a b` ``."""
    name = str(name)
    if _R_NAME.fullmatch(name):
        return f"${name}"
    return "$`" + name.replace("\\", "\\\\").replace("`", "\\`") + "`"


class _Problems:
    """Problems found while reading arguments, each as (path parts, what is wrong); it also
    carries the one setting of the walk, `keep_map_order` (see `prepare`)."""

    __slots__ = ("items", "keep_map_order")

    def __init__(self, keep_map_order: bool = False) -> None:
        self.items: list[tuple[tuple[Any, ...], str]] = []
        self.keep_map_order = keep_map_order

    def add(self, path: tuple[Any, ...], text: str) -> None:
        self.items.append((path, text))

    def render(self, syntax: str) -> list[str]:
        return [f"{render_path(path, syntax)}: {text}" for path, text in self.items]


def _kind_of(value: Any) -> str:
    if isinstance(value, Mapping):
        return "dict"
    return type(value).__name__


# --- one function per shape kind: normalize (paws's rules) and validate ------------------

class _Facts:
    """What the walk needs of a shape, read from the model once (botocore recomputes
    `metadata`, `required_members`, ... on every access)."""

    __slots__ = ("check", "name", "type_name", "members", "required", "union", "member",
                 "value", "low", "high")

    def __init__(self, shape: Shape) -> None:
        kind = shape.type_name
        self.name, self.type_name = shape.name, kind
        self.check = _document_check if is_document(shape) else _BY_KIND.get(kind, _string)
        self.members = shape.members if kind == "structure" else {}
        self.required = frozenset(shape.required_members) if kind == "structure" else frozenset()
        self.union = bool(getattr(shape, "is_tagged_union", False))
        self.member = shape.member if kind == "list" else None
        self.value = shape.value if kind == "map" else None
        low, high = _INT_BOUNDS.get(kind, (None, None))
        meta = shape.metadata
        if low is not None:
            low, high = max(low, meta.get("min", low)), min(high, meta.get("max", high))
        self.low, self.high = low, high


_facts: PerShape[_Facts] = PerShape(_Facts)


def _value(value: Any, shape: Shape, path: tuple[Any, ...], problems: _Problems) -> Any:
    if value is None:
        return _DROP
    f = _facts(shape)
    if f.type_name == "string" and type(value) is str and value.isascii():
        return value  # the usual case, checked inline
    return f.check(value, f, path, problems)


def _is_mapping(value: Any) -> bool:
    return type(value) is dict or isinstance(value, Mapping)


def _document_check(value: Any, f: _Facts, path, problems) -> Any:
    return _document(value, path, problems)


def _structure(value: Any, f: _Facts, path, problems) -> Any:
    if not _is_mapping(value):
        problems.add(path, f"expected a dict (named list) for structure {f.name}, "
                           f"got {_kind_of(value)}")
        return _DROP
    out: dict[str, Any] = {}
    members = f.members
    required = f.required
    for name in value:  # unknown names first: the usual typo
        if name not in members:
            problems.add(path, f"invalid name: {name} (valid names: {', '.join(members)})")
    for name, member in members.items():
        if name in value:
            v = _value(value[name], member, path + (name,), problems)
            if v is not _DROP:
                out[name] = v
            elif name in required and path and not _explicitly_empty(value[name]):
                problems.add(path + (name,), "required member given as None (or a list of "
                                             "nothing but None/empty values)")
    if f.union and len(out) > 1:
        problems.add(path, f"set only one of {', '.join(out)}")
    return out if out else _DROP


def _list(value: Any, f: _Facts, path, problems) -> Any:
    member = f.member
    if isinstance(value, _LIST_LIKE):
        items = value
    elif _is_mapping(value) and member.type_name != "structure":
        items = list(value.values())  # a named list of scalars: its values (as paws)
    else:
        items = [value]  # a scalar where a list is wanted: a one-element list (as paws)
    out = []
    for i, item in enumerate(items):
        v = _value(item, member, path + (i,), problems)
        if v is not _DROP:
            out.append(v)
    return out if out else _DROP


def _map(value: Any, f: _Facts, path, problems) -> Any:
    if not _is_mapping(value):
        problems.add(path, f"expected a dict (named list) for map {f.name}, "
                           f"got {_kind_of(value)}")
        return _DROP
    vshape = f.value
    out: dict[Any, Any] = {}
    keys = list(value)
    if len(keys) > 1 and not problems.keep_map_order:
        keys.sort(key=_byte_order)
    for key in keys:
        if not isinstance(key, str):
            problems.add(path, f"map keys must be strings, got {_kind_of(key)}")
            continue
        if _bad_text(key):
            problems.add(path, f"key {_bad_text(key)}")
            continue
        v = _value(value[key], vshape, path + (key,), problems)
        if v is not _DROP:
            out[key] = v
    return out if out else _DROP


def _bad_text(s: str) -> str | None:
    """Why `s` cannot be sent as UTF-8 (a lone surrogate), or None."""
    if s.isascii():
        return None
    try:
        s.encode("utf-8")
    except UnicodeEncodeError as err:
        return (f"is not valid Unicode: a lone surrogate (U+{ord(s[err.start]):04X}) "
                f"at position {err.start}")
    return None


def _string(value: Any, f: _Facts, path, problems) -> Any:
    if type(value) is str or isinstance(value, str):
        bad = _bad_text(value)
        if bad:
            problems.add(path, f"string {bad}")
            return _DROP
        return value
    problems.add(path, f"expected str, got {_kind_of(value)}")
    return _DROP


def _boolean(value: Any, f: _Facts, path, problems) -> Any:
    if isinstance(value, bool):
        return value
    problems.add(path, f"expected bool, got {_kind_of(value)}")
    return _DROP


def _finite(value: Any, path, problems) -> bool:
    if value != value or value in (math.inf, -math.inf):
        problems.add(path, f"expected a number, got {value!r} (not sendable as JSON)")
        return False
    return True


def _integer(value: Any, f: _Facts, path, problems) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        problems.add(path, f"expected int, got {_kind_of(value)}")
        return _DROP
    if isinstance(value, float):
        if not _finite(value, path, problems):
            return _DROP
        if not value.is_integer():
            problems.add(path, f"expected a whole number, got {value!r}")
            return _DROP
        value = int(value)
    low, high = f.low, f.high
    if not low <= value <= high:
        problems.add(path, f"{value} is out of range (the model allows {low} to {high})")
        return _DROP
    return value


def _double(value: Any, f: _Facts, path, problems) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        problems.add(path, f"expected float, got {_kind_of(value)}")
        return _DROP
    if isinstance(value, float) and not _finite(value, path, problems):
        return _DROP
    return value


def _timestamp(value: Any, f: _Facts, path, problems) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value if not isinstance(value, float) or _finite(value, path, problems) \
            else _DROP
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value
    if isinstance(value, str):
        try:
            parse_to_aware_datetime(value)
            return value
        except (TypeError, ValueError, AttributeError):
            problems.add(path, f"expected a timestamp, got the string {value!r}")
            return _DROP
    problems.add(path, f"expected a timestamp (datetime), got {_kind_of(value)}")
    return _DROP


def _blob(value: Any, f: _Facts, path, problems) -> Any:
    if isinstance(value, (bytes, bytearray)):
        return _DROP if len(value) == 0 else value
    if isinstance(value, str):
        return _string(value, f, path, problems)
    if hasattr(value, "read"):
        return value
    problems.add(path, f"expected bytes, got {_kind_of(value)}")
    return _DROP


_BY_KIND = {
    "structure": _structure, "list": _list, "map": _map, "string": _string,
    "boolean": _boolean, "integer": _integer, "long": _integer, "float": _double,
    "double": _double, "timestamp": _timestamp, "blob": _blob,
}


def _document(value: Any, path=(), problems: _Problems | None = None) -> Any:
    """A document keeps its own order, but like everything else drops nulls and empties;
    its leaves must be JSON (str, finite numbers, bool)."""
    if isinstance(value, Mapping):
        out = {}
        for k, v in value.items():
            if not isinstance(k, str) and problems is not None:
                problems.add(path, f"document keys must be strings, got {_kind_of(k)}")
                continue
            v = _document(v, path + (k,), problems)
            if v is not _DROP:
                out[k] = v
        return out if out else _DROP
    if isinstance(value, _LIST_LIKE):
        items = [v for v in (_document(x, path + (i,), problems) for i, x in enumerate(value))
                 if v is not _DROP]
        return items if items else _DROP
    if value is None:
        return _DROP
    if problems is not None:
        if isinstance(value, str):
            bad = _bad_text(value)
            if bad:
                problems.add(path, f"string {bad}")
                return _DROP
        elif isinstance(value, float):
            if not _finite(value, path, problems):
                return _DROP
        elif not isinstance(value, (bool, int)):
            problems.add(path, f"a document holds str, numbers, bool, lists and dicts; "
                               f"got {_kind_of(value)}")
            return _DROP
    return value


def _explicitly_empty(value: Any) -> bool:
    """`[]`, `()`, `{}`, `b""`: an empty value written on purpose, left out as paws leaves it
    out (the service then says what it says of an empty batch, a missing list...). A list
    of None, or of empty structures, is not that: it is refused where required."""
    return isinstance(value, (list, tuple, dict, bytes, bytearray)) and len(value) == 0


def _byte_order(key: Any) -> Any:
    if isinstance(key, str):
        return key.encode("utf-8", "surrogatepass")
    return str(key).encode("utf-8", "surrogatepass")


def prepare(operation: str, shape: Shape | None, params: Mapping[str, Any],
            syntax: str = "python", keep_map_order: bool = False) -> dict[str, Any]:
    """Normalize `params` as paws does and validate them; raise one error listing all problems.

    `syntax` ("python" or "r") is the language paths are written in (`UserAttributes[0]["Name"]`
    or `UserAttributes[[1]]$Name`). Map keys go out sorted (paws's JSON protocols) or, with
    `keep_map_order` (paws's query and ec2 protocols), in the order given.
    """
    if shape is None:
        if params:
            raise ParamValidationError(operation, [
                f"{k}: invalid name: {k} (the operation takes no arguments)" for k in params])
        return {}
    problems = _Problems(keep_map_order)
    out = _structure(params, _facts(shape), (), problems)
    for name in _facts(shape).required:
        given = params.get(name)
        if given is not None and (out is _DROP or name not in out) \
                and not _explicitly_empty(given) \
                and not any(p[:1] == (name,) for p, _ in problems.items):
            problems.add((name,), "required argument holds nothing that can be sent "
                                  "(only None or empty values)")
    if problems.items:
        raise ParamValidationError(operation, problems.render(syntax))
    return {} if out is _DROP else out
