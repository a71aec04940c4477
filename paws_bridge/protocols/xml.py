"""The XML protocols (rest-xml, query, ec2): a raw response -> paws's value, by shape.

One walker serves the three protocols. It reads the raw body once (ElementTree), the way
paws.common's `xmlutil.R` reads it, and builds the Python value by output shape:

- query answers sit in `<OpResponse><OpResult>` (the model's `resultWrapper`); ec2 and
  rest-xml answers are the root element's children; namespaces are ignored;
- lists are `<List><member>...</member></List>` (the member's `locationName`, `item` in
  EC2) or, when the model says `flattened`, repeated elements; maps are `<entry><key/>
  <value/></entry>` or flattened entries;
- an empty element is an absent value (`<Name/>` -> None, as paws's `character(0)`);
  numbers in the body are doubles (paws reads them with `as.numeric`); timestamps in the body
  are ISO 8601 read to the whole second (paws's `as_timestamp(format = "iso8601")`);
- rest-xml header members come from the headers (integers stay integers there, as paws
  reads them with `as.integer`), a `headers` map from the prefixed headers, and a blob or
  string payload is the body itself (`Body` as bytes).

Absent structures come back as `Absent`: a dict with every member empty (equal to the
empty structure the JSON protocols give) that tells the R layer where paws returns its
`list(<empty structure>)`.

paws's one data-corrupting reading is not copied: for a flattened list of structures paws
reads each member across all elements and `transpose()`s them, so a member present in some
elements only is recycled onto the others (values land on the wrong element). The walker
reads each element on its own; docs/xml.md records the deviation.

Errors: `error_from_response()` builds the PawsError from `<Error><Code/><Message/></Error>`
(query: inside `<ErrorResponse>`, ec2: inside `<Response><Errors>`, S3: the bare root),
with `error_response` = the `<Error>` element's children as strings, as paws gives it.
"""

from __future__ import annotations

import base64
import binascii
import calendar
import contextvars
import datetime as _dt
import email.utils
import re
import xml.etree.ElementTree as ET
from typing import Any, Callable

from botocore.model import Shape
from botocore.parsers import EC2QueryParser, QueryParser, RestXMLParser

from ..errors import RAW_BODY_KEY, RAW_XML_KEY, PawsError, error_class
from ..outputs import NullsDropped, Timestamp
from ..shapes import PerShape

XML_PROTOCOLS = frozenset({"rest-xml", "query", "ec2"})

Reader = Callable[[Any], Any]  # an Element (or None) -> the Python value


class Absent(dict):
    """An absent structure: every member empty. Equal to that dict; the R layer reads its
    class to return paws's `list(<empty structure>)` where paws does."""

    __slots__ = ()


class ResultOnly(dict):
    """paws's value when the answer's root is `<Op>Result` and a member of the output
    (CopyObject): that one member, without the header members (paws's xml_unmarshal)."""

    __slots__ = ()


# Set by a host that copies blob payloads into its own memory (the R host): a blob payload
# with a known length is then handed over as a StreamedBlob instead of bytes.
stream_blobs: contextvars.ContextVar[bool] = contextvars.ContextVar("stream_blobs",
                                                                     default=False)
STREAM_FROM = 1 << 20  # smaller bodies are read whole: one copy costs less than the plumbing


class StreamedBlob:
    """A blob payload not read yet: `length` bytes to be read with `read_into(buffer)`.

    The R host reads it straight into the raw vector it allocates, so a 256 MB object is
    held once, not twice. Only handed out while `stream_blobs` is set.
    """

    __slots__ = ("stream", "length")

    def __init__(self, stream: Any, length: int) -> None:
        self.stream = stream
        self.length = length

    def read_into(self, buffer: Any, chunk: int = 1 << 20) -> None:
        """Fill `buffer` (a writable buffer of `length` bytes) from the stream.

        botocore's body sits on urllib3 on http.client; http.client's `readinto` fills the
        buffer from the socket with no intermediate bytes (urllib3's own `readinto` reads into
        a new bytes object and copies). The checksum botocore validates and the length check
        are kept. Other streams are read in chunks.
        """
        view = memoryview(buffer).cast("B")
        n = self.length
        stream = self.stream
        raw = getattr(stream, "_raw_stream", None)
        fp = getattr(raw, "_fp", None)
        if fp is None or not hasattr(fp, "readinto") or not hasattr(stream, "_amount_read"):
            return self._read_chunks(view, chunk)
        checksum = getattr(stream, "_checksum", None)
        pos = 0
        done = False
        try:
            while pos < n:
                k = fp.readinto(view[pos:min(pos + chunk, n)])
                if not k:
                    raise ConnectionError(f"the body ended after {pos} of {n} bytes")
                if checksum is not None:
                    checksum.update(view[pos:pos + k])
                pos += k
            stream._amount_read = n
            if checksum is not None:
                stream._validate_checksum()
            done = True
        finally:
            if done and hasattr(raw, "release_conn"):
                raw.release_conn()
            else:
                stream.close()

    def _read_chunks(self, view: memoryview, chunk: int) -> None:
        pos = 0
        try:
            while pos < self.length:
                data = self.stream.read(min(chunk, self.length - pos))
                if not data:
                    raise ConnectionError(f"the body ended after {pos} of {self.length} bytes")
                view[pos:pos + len(data)] = data
                pos += len(data)
            self.stream.read()  # the end: lets a checksum-validating stream check
        finally:
            self.stream.close()

    def read(self) -> bytes:
        buffer = bytearray(self.length)
        self.read_into(buffer)
        return bytes(buffer)


class Raw:
    """What the XML parsers keep of a successful answer, for `build_output`."""

    __slots__ = ("protocol", "body", "headers", "status", "wrapper")

    def __init__(self, protocol: str, body: Any, headers: Any, status: int,
                 wrapper: str | None) -> None:
        self.protocol = protocol
        self.body = body
        self.headers = headers
        self.status = status
        self.wrapper = wrapper


# --- scalars from text --------------------------------------------------------------------

def _local(tag: Any) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


_ISO = re.compile(r"^(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d))?)?")


def iso_seconds(text: str) -> Timestamp | None:
    """paws's ISO 8601 reading: the date and time to the whole second, in UTC."""
    m = _ISO.match(text.strip())
    if m is None:
        return None
    y, mo, d, h, mi, s = (int(g) if g else 0 for g in m.groups())
    try:
        secs = calendar.timegm((y, mo, d, h, mi, s, 0, 0, 0))
    except (ValueError, OverflowError):
        return None
    return Timestamp.from_epoch(secs)


def _text(e: Any) -> str | None:
    if e is None:
        return None
    t = e.text or ""
    return t if t != "" else None


def _r_string(e: Any) -> Any:
    return _text(e)


def _r_boolean(e: Any) -> Any:
    t = _text(e)
    if t is None:
        return None
    t = t.strip()
    return True if t in ("true", "TRUE", "True", "T") else False if t in (
        "false", "FALSE", "False", "F") else None


def _r_number(e: Any) -> Any:
    t = _text(e)
    if t is None:
        return None
    try:
        return float(t)
    except ValueError:
        return None


def _r_timestamp(e: Any) -> Any:
    t = _text(e)
    return None if t is None else iso_seconds(t)


def _r_blob(e: Any) -> Any:
    t = _text(e)
    if t is None:
        return None
    try:
        return base64.b64decode(t)
    except (binascii.Error, ValueError):
        return t.encode("utf-8")


_SCALARS: dict[str, Reader] = {
    "string": _r_string, "character": _r_string,
    "boolean": _r_boolean,
    "integer": _r_number, "long": _r_number, "float": _r_number, "double": _r_number,
    "timestamp": _r_timestamp,
    "blob": _r_blob,
}


# --- containers ------------------------------------------------------------------------------

def _children(e: Any) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for c in e:
        out.setdefault(_local(c.tag), []).append(c)
    return out


def member_key(name: str, shape: Shape) -> str:
    """The element name of a structure member (botocore's and paws's rule)."""
    if shape.type_name == "list" and shape.serialization.get("flattened"):
        inner = shape.member.serialization.get("name")
        if inner:
            return inner
    return shape.serialization.get("name") or name


def _compile(shape: Shape) -> Reader:
    kind = shape.type_name
    if kind == "structure":
        return _structure(shape)
    if kind == "list":
        return _list(shape)
    if kind == "map":
        return _map(shape)
    return _SCALARS.get(kind, _r_string)


reader: PerShape[Reader] = PerShape(_compile)
reader.__doc__ = "The compiled function reading one element of a shape (None: absent)."


def empty(shape: Shape) -> Any:
    """The value of an absent member of `shape`."""
    kind = shape.type_name
    if kind == "structure":
        return Absent({n: empty(m) for n, m in shape.members.items()})
    if kind == "list":
        return []
    if kind == "map":
        return {}
    return None


def _structure(shape: Shape) -> Reader:
    members = [(name, member_key(name, m), m, m.type_name == "list"
                and bool(m.serialization.get("flattened")),
                m.type_name == "map" and bool(m.serialization.get("flattened")))
               for name, m in shape.members.items()]
    compiled: list[tuple[str, str, Reader, bool, bool, Shape]] = []

    def build(e: Any) -> Any:
        if not compiled:
            compiled.extend((n, k, reader(m), fl, fm, m) for n, k, m, fl, fm in members)
        if e is None:
            return empty(shape)
        groups = _children(e)
        out: dict[str, Any] = {}
        for name, key, f, flat_list, flat_map, m in compiled:
            found = groups.get(key)
            if not found:
                out[name] = empty(m)
            elif flat_list:
                out[name] = f(found)
            elif flat_map:
                out[name] = f(found)
            else:
                out[name] = f(found[0])
        return out

    return build


def _list(shape: Shape) -> Reader:
    member = shape.member
    flattened = bool(shape.serialization.get("flattened"))
    tag = member.serialization.get("name") or "member"
    scalar = member.type_name not in ("structure", "list", "map")

    def build(e: Any) -> Any:
        f = reader(member)
        if e is None:
            return []
        items = e if flattened else [c for c in e if _local(c.tag) == tag]
        if scalar:
            out = [v for v in (f(c) for c in items) if v is not None]
            if not out and items:
                return NullsDropped()
            return out
        return [f(c) for c in items]

    return build


def _map(shape: Shape) -> Reader:
    flattened = bool(shape.serialization.get("flattened"))
    key_tag = shape.key.serialization.get("name") or "key"
    value_tag = shape.value.serialization.get("name") or "value"

    def build(e: Any) -> Any:
        f = reader(shape.value)
        if e is None:
            return {}
        entries = e if flattened else list(e)
        out: dict[str, Any] = {}
        for entry in entries:
            k = v = None
            for c in entry:
                t = _local(c.tag)
                if t == key_tag:
                    k = c.text or ""
                elif t == value_tag:
                    v = c
            if k is not None and k not in out:
                out[k] = f(v) if v is not None else empty(shape.value)
        return out

    return build


# --- rest-xml headers --------------------------------------------------------------------

def _header_value(text: str, shape: Shape) -> Any:
    kind = shape.type_name
    if kind in ("integer",):
        try:
            return int(text.strip())
        except ValueError:
            return None
    if kind in ("long", "float", "double"):
        try:
            return float(text.strip())
        except ValueError:
            return None
    if kind == "boolean":
        return text.strip().lower() == "true"
    if kind == "timestamp":
        parsed = email.utils.parsedate_tz(text)
        if parsed is not None:
            return Timestamp.from_epoch(email.utils.mktime_tz(parsed))
        return iso_seconds(text)
    if kind == "blob":
        try:
            return base64.b64decode(text)
        except (binascii.Error, ValueError):
            return text.encode("utf-8")
    if kind == "list":
        return [p.strip() for p in text.split(",")]
    return text


def _header_members(shape: Shape) -> list[tuple[str, str, str, Shape]]:
    """(member, location, lower-cased header name or prefix, shape) of the header members."""
    out = []
    for name, m in shape.members.items():
        loc = m.serialization.get("location")
        if loc in ("header", "headers"):
            out.append((name, loc, (m.serialization.get("name") or
                                    (name if loc == "header" else "")).lower(), m))
    return out


_header_plan: PerShape[list[tuple[str, str, str, Shape]]] = PerShape(_header_members)


def _headers_of(shape: Shape, headers: Any) -> dict[str, Any]:
    """The header and headers-map members of a rest-xml output."""
    lower = {k.lower(): v for k, v in headers.items()}
    out: dict[str, Any] = {}
    for name, loc, key, m in _header_plan(shape):
        if loc == "header":
            v = lower.get(key)
            value = None if v is None else _header_value(v, m)
            out[name] = [] if value is None and m.type_name == "list" else value
        else:
            n = len(key)
            out[name] = {k[n:]: v for k, v in lower.items() if k.startswith(key)}
    return out


# --- whole answers -------------------------------------------------------------------------

def _parse_xml(body: bytes) -> Any:
    if not body or not body.strip():
        return None
    try:
        return ET.fromstring(body)
    except ET.ParseError as exc:
        snippet = body[:200].decode("utf-8", "replace")
        raise error_class("ResponseParseError")(
            f"ResponseParseError (HTTP 200). The response body is not XML ({exc}): {snippet}",
            code="ResponseParseError", status_code=200, body=snippet) from None


def _read_body(body: Any) -> bytes:
    if hasattr(body, "read"):
        return body.read()
    return body or b""


def build_output(shape: Shape | None, raw: Raw) -> dict[str, Any]:
    """paws's value for a successful XML answer (the form the XML parsers keep)."""
    if shape is None or not shape.members:
        if hasattr(raw.body, "close"):
            raw.body.close()
        return {}
    if raw.protocol == "rest-xml":
        return _rest_xml(shape, raw)
    root = _parse_xml(_read_body(raw.body))
    node = root
    if node is not None and raw.protocol == "query" and raw.wrapper:
        node = next((c for c in node if _local(c.tag) == raw.wrapper), None)
    value = reader(shape)(node)
    return dict(value)


def _rest_xml(shape: Shape, raw: Raw) -> dict[str, Any]:
    payload = shape.serialization.get("payload")
    body_members: dict[str, Any]
    if payload is not None:
        pshape = shape.members[payload]
        length = raw.headers.get("content-length") if hasattr(raw.headers, "get") else None
        if (pshape.type_name == "blob" and stream_blobs.get() and hasattr(raw.body, "read")
                and length is not None and length.isdigit() and int(length) >= STREAM_FROM):
            body_members = {payload: StreamedBlob(raw.body, int(length))}
        elif pshape.type_name in ("blob", "string"):
            data = _read_body(raw.body)
            if pshape.type_name == "string":
                body_members = {payload: data.decode("utf-8") if data else None}
            else:
                body_members = {payload: data}
        else:
            root = _parse_xml(_read_body(raw.body))
            if root is not None and _local(root.tag) == member_key(payload, pshape) \
                    and _local(root.tag).endswith("Result"):
                return ResultOnly({payload: reader(pshape)(root)})
            body_members = {payload: reader(pshape)(root) if root is not None
                            else empty(pshape)}
    else:
        root = _parse_xml(_read_body(raw.body))
        tag = _local(root.tag) if root is not None else None
        named = next((n for n, m in shape.members.items()
                      if tag is not None and member_key(n, m) == tag), None)
        if named is not None and tag.endswith("Result"):
            # paws's xml_unmarshal: a root named <Op>Result that is a member of the output
            # is the whole value (CopyObject's CopyObjectResult; no header members)
            return ResultOnly({named: reader(shape.members[named])(root)})
        if named is not None and shape.members[named].type_name not in (
                "structure", "list", "map"):
            # the root element is a scalar member (GetBucketLocation's LocationConstraint)
            body_members = {named: reader(shape.members[named])(root)}
        else:
            body_members = dict(reader(shape)(root) if root is not None else empty(shape))
    heads = _headers_of(shape, raw.headers)
    out: dict[str, Any] = {}
    for name, m in shape.members.items():
        loc = m.serialization.get("location")
        if loc in ("header", "headers"):
            out[name] = heads[name]
        elif loc == "statusCode":
            out[name] = raw.status
        else:
            out[name] = body_members.get(name, empty(m))
    return out


# --- errors --------------------------------------------------------------------------------

def error_fields(body: bytes | str | None) -> dict[str, str] | None:
    """The `<Error>` element's children as strings, or None when the body has none."""
    if not body:
        return None
    data = body.encode("utf-8") if isinstance(body, str) else body
    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        return None
    err = root if _local(root.tag) == "Error" else None
    if err is None:
        for e in root.iter():
            if _local(e.tag) == "Error":
                err = e
                break
    if err is None:
        return None
    return {_local(c.tag): (c.text or "") for c in err}


def error_from_response(status: int | None, body: bytes | str | None, operation: str,
                        reason: str | None = None) -> PawsError:
    """The PawsError for an XML error answer, as paws writes it.

    With no `<Error>` in the body (a HEAD answer has none), paws says
    `SerializationError (HTTP <status>). An error occurred when calling the <Op> operation:
    <reason>` with an empty error_response; so do we.
    """
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else (body or "")
    fields = error_fields(body)
    if not fields or (fields.get("Code") is None and fields.get("Message") is None):
        code = "SerializationError"
        message = (f"An error occurred when calling the {operation} operation: "
                   f"{reason or 'unknown error'}")
        fields = {}
    else:
        code = fields.get("Code") or "UnknownError"
        message = fields.get("Message", "")
    cls = error_class(code) if code != "UnknownError" else PawsError
    return cls(f"{code} (HTTP {status if status is not None else 'NA'}). {message}",
               code=code, status_code=status, error_response=fields, body=text)


# --- the response parsers the bridge's clients use -------------------------------------------

class _RawXML:
    """XML protocols: successes keep the raw answer (`Raw`) for build_output (read once, by
    shape); errors are parsed by botocore as usual (its retries and S3's region redirects
    read them) and keep their raw body for error_from_response."""

    PROTOCOL = ""

    def _do_parse(self, response, shape):
        wrapper = shape.serialization.get("resultWrapper") if shape is not None else None
        return {RAW_XML_KEY: Raw(self.PROTOCOL, response.get("body", b""),
                                 response.get("headers", {}), response.get("status_code"),
                                 wrapper)}

    def _do_error_parse(self, response, shape):
        parsed = super()._do_error_parse(response, shape)
        parsed[RAW_BODY_KEY] = response.get("body", b"")
        parsed[RAW_XML_KEY] = True
        return parsed

    def _do_generic_error_parse(self, response):
        parsed = super()._do_generic_error_parse(response)
        parsed[RAW_BODY_KEY] = response.get("body", b"")
        parsed[RAW_XML_KEY] = True
        return parsed


class RawRestXMLParser(_RawXML, RestXMLParser):
    PROTOCOL = "rest-xml"


class RawQueryParser(_RawXML, QueryParser):
    PROTOCOL = "query"


class RawEC2Parser(_RawXML, EC2QueryParser):
    PROTOCOL = "ec2"


PARSERS = {"rest-xml": RawRestXMLParser, "query": RawQueryParser, "ec2": RawEC2Parser}
