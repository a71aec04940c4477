"""The REST-JSON protocol, as paws speaks it.

Responses: botocore's REST reading places header, status-code and payload members (header
integers as numbers, timestamps in each location's format, blob payloads as bytes) and body
members; outputs.py then builds paws's value by shape, as for every protocol. The body is not
read raw here, as it is for JSON: in 30-odd REST-JSON services (GuardDuty, MediaConvert, Kafka,
API Gateway v2, ...) body members travel under another name (`locationName`), which
botocore's reading maps (no JSON-protocol service has such members; checked across the
registry when this was written). Error answers keep their raw body (paws's
`error_response`) and the `x-amzn-errortype` header, which paws reads first for the code.

Requests: paws sends a JSON body without a Content-Type header, and sets
`Content-Type: application/json` only for a blob or string payload (paws.common
`restjson_build`); the service accepts both. The bridge sends what paws sends.
"""

from __future__ import annotations

from typing import Any

from botocore.parsers import RestJSONParser

from ..errors import ERROR_TYPE_KEY, RAW_BODY_KEY


class RawRestJSONParser(RestJSONParser):
    """REST-JSON: errors keep their raw body and their x-amzn-errortype header."""

    def _do_error_parse(self, response, shape):
        parsed = super()._do_error_parse(response, shape)
        parsed[RAW_BODY_KEY] = response.get("body", b"")
        header = response.get("headers", {}).get("x-amzn-errortype")
        if header:
            parsed[ERROR_TYPE_KEY] = header.split(":", 1)[0]
        return parsed


def _has_blob_payload(model: Any) -> bool:
    shape = model.input_shape
    if shape is None:
        return False
    payload = shape.serialization.get("payload")
    return bool(payload) and shape.members[payload].type_name in ("blob", "string")


def _paws_content_type(params: dict, model: Any, **_: Any) -> None:
    """before-call: drop the Content-Type botocore adds to a JSON body (paws sends none)."""
    headers = params.get("headers")
    if headers and headers.get("Content-Type") == "application/json" and \
            not _has_blob_payload(model):
        del headers["Content-Type"]


def install(client: Any) -> None:
    client.meta.events.register("before-call", _paws_content_type)
