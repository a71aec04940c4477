"""A response -> the value paws returns, by output shape.

Every member of the output shape is present, recursively, in shape order; what the response
lacks is empty: `None` for scalars, `[]` for lists, `{}` for maps, and structures with every
member empty. Keys the shape does not know are dropped. Scalars are coerced as paws coerces
them with R's `as.*` (a number in a string member gives "42", "true" in a boolean gives True,
an epoch string in a timestamp gives that instant). Timestamps are timezone-aware UTC
datetimes that also keep the exact epoch seconds they came from (`Timestamp.epoch`), so a
face can give back the service's own number (docs/design.md, the core's contract). Document members are returned as JSON decoded them; an
absent one is left out, as paws does.

Per shape, the walk is compiled once into a chain of small functions and cached.
"""

from __future__ import annotations

import base64
import binascii
import datetime as _dt
import json
import math
from typing import Any, Callable

from botocore.model import Shape
from botocore.utils import parse_timestamp

from .errors import RAW_BODY_KEY, RAW_XML_KEY, error_class, first_wins
from .rtext import format_scalar
from .shapes import PerShape, is_document

Builder = Callable[[Any], Any]
_UTC = _dt.timezone.utc


class Timestamp(_dt.datetime):
    """A UTC datetime that remembers the exact epoch seconds it was read from."""

    epoch: float

    @classmethod
    def from_epoch(cls, seconds: float) -> "Timestamp":
        ts = cls.fromtimestamp(seconds, tz=_UTC)
        ts.epoch = float(seconds)
        return ts

    @classmethod
    def from_datetime(cls, value: _dt.datetime) -> "Timestamp":
        if value.tzinfo is None:
            value = value.replace(tzinfo=_UTC)
        value = value.astimezone(_UTC)
        ts = cls(value.year, value.month, value.day, value.hour, value.minute, value.second,
                 value.microsecond, tzinfo=_UTC)
        ts.epoch = value.timestamp()
        return ts

    def __reduce__(self):
        return (Timestamp.from_epoch, (self.epoch,))


# --- scalars -------------------------------------------------------------------------------

def _string(v: Any) -> Any:
    if v is None or type(v) is str:
        return v
    if isinstance(v, (bool, int, float)):
        return format_scalar(v)
    if isinstance(v, (bytes, bytearray)):
        return bytes(v).decode("utf-8", "replace")
    return json.dumps(v)


_TRUE = {"TRUE", "true", "True", "T"}
_FALSE = {"FALSE", "false", "False", "F"}


def _boolean(v: Any) -> Any:
    if v is None or type(v) is bool:
        return v
    if isinstance(v, str):
        return True if v in _TRUE else False if v in _FALSE else None
    if isinstance(v, (int, float)) and not (isinstance(v, float) and math.isnan(v)):
        return v != 0
    return None


def _parse_number(v: str) -> Any:
    try:
        return int(v)
    except ValueError:
        try:
            return float(v)
        except ValueError:
            return None


def _integer(v: Any) -> Any:
    if v is None or type(v) is int:
        return v
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, float):
        return int(v) if v.is_integer() and abs(v) < 2**63 else v
    if isinstance(v, str):
        return _parse_number(v.strip())
    return None


def _double(v: Any) -> Any:
    if v is None or type(v) is float:
        return v
    if isinstance(v, (bool, int)):
        return float(v)
    if isinstance(v, str):
        n = _parse_number(v.strip())
        return None if n is None else float(n)
    return None


def _timestamp(v: Any) -> Any:
    if v is None or type(v) is Timestamp:
        return v
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return Timestamp.from_epoch(v)
    if isinstance(v, _dt.datetime):
        return Timestamp.from_datetime(v)
    if isinstance(v, str):
        n = _parse_number(v.strip())
        if n is not None:
            return Timestamp.from_epoch(n)
        try:
            return Timestamp.from_datetime(parse_timestamp(v))
        except (ValueError, TypeError):
            return None
    return None


def _blob(v: Any) -> Any:
    if v is None or type(v) is bytes:
        return v
    if isinstance(v, bytearray):
        return bytes(v)
    if isinstance(v, str):
        try:
            return base64.b64decode(v)
        except (binascii.Error, ValueError):
            return v.encode("utf-8")
    return None


def _document(v: Any) -> Any:
    return v


_SCALARS: dict[str, Builder] = {
    "string": _string, "character": _string,
    "boolean": _boolean,
    "integer": _integer, "long": _integer,
    "float": _double, "double": _double,
    "timestamp": _timestamp,
    "blob": _blob,
}


# --- containers ------------------------------------------------------------------------------

def _compile(shape: Shape) -> Builder:
    kind = shape.type_name
    if kind == "structure":
        if is_document(shape):
            return _document
        return _structure(shape)
    if kind == "list":
        return _list(shape)
    if kind == "map":
        return _map(shape)
    return _SCALARS.get(kind, _document)


# Scalar builders that return str/bool values unchanged: the generated structure builders
# test the type inline and call them only for anything else.
_PASS_THROUGH = {"string": "str", "character": "str", "boolean": "bool"}
_EMPTY: dict[str, Any] = {}


builder: PerShape[Builder] = PerShape(_compile, on_recursion=lambda _shape: _document)
builder.__doc__ = "The compiled function that turns a decoded value of a shape into paws's value."


def _members(shape: Shape) -> list[tuple[str, Builder, bool, str]]:
    return [(name, builder(m), is_document(m), m.type_name) for name, m in shape.members.items()]


def _display(members: list[tuple[str, Builder, bool, str]], src: str,
             env: dict[str, Any]) -> str:
    """Python source of a dict display building one structure from the value named `src`:
    every member in shape order, through its builder or, for strings and booleans, an
    inline type test (the builder is called only for anything else)."""
    items = []
    for name, f, _doc, kind in members:
        fn = f"f{len(env)}"
        env[fn] = f
        key = repr(name)
        get = (f"(g := ({src} if type({src}) is dict else _EMPTY).get)({key})" if not items
               else f"g({key})")
        passed = _PASS_THROUGH.get(kind)
        if passed is not None:
            items.append(f"{key}: (x if (x := {get}) is None or type(x) is {passed} "
                         f"else {fn}(x))")
        else:
            items.append(f"{key}: {fn}({get})")
    return "{" + ", ".join(items) + "}"


def _generated(name: str, body: str, env: dict[str, Any]) -> Builder:
    env.update(_EMPTY=_EMPTY, str=str, bool=bool, list=list, type=type, dict=dict)
    src = "def build(v):\n" + body
    exec(compile(src, f"<paws_bridge.outputs {name}>", "exec"), env)  # noqa: S102
    return env["build"]


def _structure(shape: Shape) -> Builder:
    # One function per structure shape, generated (no loop, no per-member unpacking);
    # member names go in as constants, member builders as globals.
    members = _members(shape)
    if any(doc for _, _, doc, _ in members):
        return _structure_with_documents(members)
    env: dict[str, Any] = {}
    return _generated(shape.name, f"    return {_display(members, 'v', env)}\n", env)


def _structure_with_documents(members: list[tuple[str, Builder, bool, str]]) -> Builder:
    def build(v: Any) -> dict[str, Any]:
        if type(v) is not dict:
            v = {}
        out: dict[str, Any] = {}
        for name, f, doc, _kind in members:
            x = v.get(name)
            if doc:
                if x is not None:
                    out[name] = x
            else:
                out[name] = f(x)
        return out

    return build


class NullsDropped(list):
    """An empty list of scalars that the response did send, with only nulls in it.

    It equals `[]`, and says what the response did (sent the list, with nothing in it)
    where a plain `[]` says it left the list out; a face may show the two differently (paws
    in R: `character(0)` and `list()`). Part of the core's contract (docs/design.md).
    """

    __slots__ = ()


def _list(shape: Shape) -> Builder:
    member = shape.member
    f = builder(member)
    scalar = member.type_name not in ("structure", "list", "map") or is_document(member)

    if scalar:
        def build(v: Any) -> list[Any]:
            if v is None:
                return []
            if type(v) is not list:
                v = [v]
            out = []
            for x in v:
                if x is not None:
                    y = f(x)
                    if y is not None:
                        out.append(y)
            if not out and v:
                return NullsDropped()
            return out
    elif f is not _document and member.type_name == "structure" \
            and not any(d for _, _, d, _ in _members(member)):
        # a list of structures: the structure's display inlined in one comprehension
        env: dict[str, Any] = {}
        return _generated(shape.name, (
            "    if v is None:\n        return []\n"
            "    if type(v) is not list:\n        v = [v]\n"
            f"    return [{_display(_members(member), 'e', env)} for e in v]\n"), env)
    else:
        def build(v: Any) -> list[Any]:
            if v is None:
                return []
            if type(v) is not list:
                v = [v]
            return [f(x) for x in v]
    return build


def _map(shape: Shape) -> Builder:
    f = builder(shape.value)

    def build(v: Any) -> dict[str, Any]:
        if type(v) is not dict:
            return {}
        return {k: f(x) for k, x in v.items()}

    return build


# --- whole responses ---------------------------------------------------------------------

_ParseError = error_class("ResponseParseError")


def decode_json_body(raw: bytes | str) -> Any:
    """A success body as jsonlite reads it: empty or whitespace is nothing; first key wins."""
    text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    if not text.strip():
        return None
    try:
        return json.loads(text, object_pairs_hook=first_wins)
    except ValueError as exc:
        snippet = text.strip()[:200]
        raise _ParseError(
            f"ResponseParseError (HTTP 200). The response body is not JSON ({exc}): {snippet}",
            code="ResponseParseError", status_code=200, body=text) from None


class Result(dict):
    """An operation's value: a plain dict that also knows its output shape (`.shape`).

    Everything that reads dicts reads it as one; the shape only lets a face that has no
    other clue (the notebook converter) give paws's empties without guessing the shape
    from the keys, which several services' shapes can share. It pickles as a plain dict.
    """

    __slots__ = ("shape",)

    def __init__(self, value: dict[str, Any], shape: Shape) -> None:
        super().__init__(value)
        self.shape = shape

    def __reduce__(self):
        return (dict, (dict(self),))


def build_output(shape: Shape | None, parsed: dict[str, Any]) -> dict[str, Any]:
    """paws's value for one botocore response (the raw-body form or botocore's own)."""
    if RAW_XML_KEY in parsed:
        from .protocols.xml import build_output as xml_output
        return xml_output(shape, parsed[RAW_XML_KEY])
    if shape is None or not shape.members:
        return {}
    if RAW_BODY_KEY in parsed:
        value = decode_json_body(parsed[RAW_BODY_KEY])
    else:
        value = {k: v for k, v in parsed.items() if k != "ResponseMetadata"}
    return Result(builder(shape)(value), shape)


def empty_output(shape: Shape | None) -> dict[str, Any]:
    """The value paws returns for an empty response (every member empty)."""
    if shape is None or not shape.members:
        return {}
    return Result(builder(shape)(None), shape)
