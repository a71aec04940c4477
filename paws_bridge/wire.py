"""The response parser the bridge's botocore clients use.

botocore's JSON parser walks every response to build its own values, and outputs.py then walks
it again to build paws's. For the JSON protocol the bridge keeps the raw body instead and
outputs.py reads it once, by shape, the way paws does (jsonlite's reading: the first of
duplicate keys wins, `null`/`[]` bodies mean "nothing"). Error answers are parsed by botocore
as usual (its retry logic reads the error code) and also keep their raw body for errors.py.
Other protocols use botocore's parsers unchanged; outputs.py accepts both forms.
"""

from __future__ import annotations

from botocore.parsers import PROTOCOL_PARSERS, JSONParser, ResponseParserFactory

from .errors import RAW_BODY_KEY


class RawJSONParser(JSONParser):
    """JSON protocol: successes keep the raw body; errors add it to botocore's parse."""

    def _handle_json_body(self, raw_body, shape):
        return {RAW_BODY_KEY: raw_body}

    def _do_error_parse(self, response, shape):
        parsed = super()._do_error_parse(response, shape)
        parsed[RAW_BODY_KEY] = response.get("body", b"")
        return parsed


class RawParserFactory(ResponseParserFactory):
    """A botocore `response_parser_factory` component that uses RawJSONParser for JSON."""

    def create_parser(self, protocol_name):
        if protocol_name == "json":
            return RawJSONParser(**self._defaults)
        return PROTOCOL_PARSERS[protocol_name](**self._defaults)
