"""paws-style arguments -> the parameters botocore sends, by input shape.

paws's rules, at any depth: `None` and empty containers are not sent, `""` is; a scalar given
where the shape wants a list becomes a one-element list; structure members go out in shape
order and map keys sorted by their UTF-8 bytes (C locale); integral floats become ints for
integer and long members; an empty blob is not sent.

Then botocore's own validator checks types and required members. Its report is mapped into
one ParamValidationError that lists every problem with its path (`ClientMetadata.a: expected
str, got int`). Length and range limits are left to the service, as paws leaves them (paws
sends `ClientId = ""`, and so do we), and so are required members nested in structures.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from botocore.model import Shape
from botocore.validate import ParamValidator

from .errors import ParamValidationError

_DROP = object()
_LIST_LIKE = (list, tuple)
_validator = ParamValidator()
# Left to the service, as paws leaves them: length and range limits (paws sends
# `ClientId = ""`) and required members inside structures (paws sends what it is given;
# required arguments themselves are enforced by the method's signature).
_SKIPPED = {"invalid range", "invalid length", "missing required field"}


def _normalize(value: Any, shape: Shape, keep_order: bool = False) -> Any:
    if value is None:
        return _DROP
    kind = shape.type_name
    if kind == "structure":
        if getattr(shape, "is_document_type", False):
            return _document(value)
        if not isinstance(value, Mapping):
            return value  # the validator names the wrong type
        out: dict[str, Any] = {}
        members = shape.members
        for name, member in members.items():
            if name in value:
                v = _normalize(value[name], member, keep_order)
                if v is not _DROP:
                    out[name] = v
        for name in value:  # unknown names: kept for the validator to report
            if name not in members:
                out[name] = value[name]
        return out if out else _DROP
    if kind == "list":
        member = shape.member
        if isinstance(value, _LIST_LIKE):
            items = value
        elif isinstance(value, Mapping) and member.type_name != "structure":
            items = list(value.values())  # a named list of scalars: its values (as paws)
        else:
            items = [value]
        out_list = []
        for item in items:
            v = _normalize(item, member, keep_order)
            if v is not _DROP:
                out_list.append(v)
        return out_list if out_list else _DROP
    if kind == "map":
        if not isinstance(value, Mapping):
            return value
        vshape = shape.value
        out_map: dict[Any, Any] = {}
        for key in (value if keep_order else sorted(value, key=_byte_order)):
            v = _normalize(value[key], vshape, keep_order)
            if v is not _DROP:
                out_map[key] = v
        return out_map if out_map else _DROP
    if kind in ("integer", "long"):
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return value
    if kind == "blob":
        if isinstance(value, (bytes, bytearray)) and len(value) == 0:
            return _DROP
        return value
    return value


def _document(value: Any) -> Any:
    """A document keeps its own order, but like everything else drops nulls and empties."""
    if isinstance(value, Mapping):
        out = {k: v for k, v in ((k, _document(v)) for k, v in value.items()) if v is not _DROP}
        return out if out else _DROP
    if isinstance(value, _LIST_LIKE):
        items = [v for v in map(_document, value) if v is not _DROP]
        return items if items else _DROP
    return _DROP if value is None else value


def _byte_order(key: Any) -> Any:
    return key.encode("utf-8") if isinstance(key, str) else str(key).encode("utf-8")


_CLASS = re.compile(r"<class '(?:[\w.]+\.)?(\w+)'>")


def _describe(error: tuple[str, str, dict[str, Any]]) -> str:
    reason, name, info = error
    path = name.lstrip(".") or "input"
    if reason == "missing required field":
        return f"{path + '.' if name else ''}{info['required_name']}: missing required member"
    if reason == "unknown field":
        valid = ", ".join(info["valid_names"])
        return f"{path}: invalid name: {info['unknown_param']} (valid names: {valid})"
    if reason in ("invalid type", "invalid type for document"):
        valid = " or ".join(dict.fromkeys(_CLASS.findall(" ".join(info["valid_types"])))) \
            or ", ".join(info["valid_types"])
        got = type(info["param"]).__name__
        return f"{path}: expected {valid}, got {got}"
    if reason == "unable to encode to json":
        return f"{path}: not JSON-serializable ({info['type_error']})"
    if reason == "more than one input":
        return f"{path}: set only one of {', '.join(info['members'])}"
    if reason == "empty input":
        return f"{path}: set one of {', '.join(info['members'])}"
    return f"{path}: {reason}"


def _fraction_for_integer(error: tuple[str, str, dict[str, Any]]) -> bool:
    """A fractional number given for an integer member: paws sends it as it is (1/3 ->
    0.333333333333333) and leaves the verdict to the service; so do we."""
    reason, _name, info = error
    return (reason == "invalid type" and type(info.get("param")) is float
            and info.get("valid_types") == ["<class 'int'>"])


_EXACT = {"string": str, "boolean": bool, "integer": int, "long": int}


def _plainly_valid(value: Any, shape: Shape) -> bool:
    """True when botocore's validator could only report what prepare() skips: every value
    of an exactly right type (str, bool, int) in known members, all the way down.

    A quick check for the usual call; anything else (other scalar kinds, unions, documents,
    a wrong type anywhere) returns False and goes to the full validator, whose report
    lists every problem with its path.
    """
    kind = shape.type_name
    exact = _EXACT.get(kind)
    if exact is not None:
        return type(value) is exact
    if kind == "structure":
        if type(value) is not dict or getattr(shape, "is_document_type", False) \
                or getattr(shape, "is_tagged_union", False):
            return False
        members = shape.members
        for name, v in value.items():
            member = members.get(name)
            if member is None or not _plainly_valid(v, member):
                return False
        return True
    if kind == "list":
        member = shape.member
        return type(value) is list and all(_plainly_valid(v, member) for v in value)
    if kind == "map":
        vshape = shape.value
        return type(value) is dict and all(
            type(k) is str and _plainly_valid(v, vshape) for k, v in value.items())
    return False


def prepare(operation: str, shape: Shape | None, params: Mapping[str, Any],
            keep_map_order: bool = False) -> dict[str, Any]:
    """Normalize `params` as paws does and validate them; raise one error listing all problems.

    Map keys go out sorted (paws's JSON protocols) or, with `keep_map_order` (paws's query
    and ec2 protocols), in the order given."""
    if shape is None:
        if params:
            raise ParamValidationError(operation, [
                f"{k}: invalid name: {k} (the operation takes no arguments)" for k in params])
        return {}
    out = _normalize(dict(params), shape, keep_map_order)
    if out is _DROP:
        out = {}
    if _plainly_valid(out, shape):
        return out
    report = _validator.validate(out, shape)
    problems = [_describe(e) for e in report._errors
                if e[0] not in _SKIPPED and not _fraction_for_integer(e)]
    if problems:
        raise ParamValidationError(operation, problems)
    return out
