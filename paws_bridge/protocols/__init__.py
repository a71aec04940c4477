"""Wire formats: one module per protocol, each reading a raw response once, by shape.

    json.py      JSON 1.0/1.1 (DynamoDB, KMS, SQS, SSM, CloudWatch Logs, Cognito, ...)
    restjson.py  REST-JSON (Lambda, ...): body members from JSON; URI, query, header,
                 status-code and payload members by botocore's REST reading
    xml.py       rest-xml, query and ec2 (the XML-protocols work)

`PARSERS` maps botocore's protocol name to the response parser class the bridge's clients use
(wire.RawParserFactory); `install(client)` adds a protocol's request-side rules to a client.
Protocols not listed keep botocore's own parsers.
"""

from __future__ import annotations

from typing import Any

from . import json as _json
from . import restjson as _restjson

PARSERS: dict[str, type] = {
    "json": _json.RawJSONParser,
    "rest-json": _restjson.RawRestJSONParser,
}

_REQUEST_RULES = {
    "rest-json": _restjson.install,
}


def install(client: Any) -> None:
    """Register the request-side rules of the client's protocol (paws's wire habits)."""
    rules = _REQUEST_RULES.get(client.meta.service_model.resolved_protocol)
    if rules is not None:
        rules(client)
