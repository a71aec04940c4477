"""The response parser the bridge's botocore clients use.

botocore's JSON parser walks every response to build its own values, and outputs.py then walks
it again to build paws's. For the JSON protocol the bridge keeps the raw body instead and
outputs.py reads it once, by shape, the way paws does (jsonlite's reading: the first of
duplicate keys wins, `null`/`[]` bodies mean "nothing"). Error answers are parsed by botocore
as usual (its retry logic reads the error code) and also keep their raw body for errors.py.
Other protocols use botocore's parsers unchanged; outputs.py accepts both forms.
"""

from __future__ import annotations

from botocore.parsers import (PROTOCOL_PARSERS, EC2QueryParser, JSONParser, QueryParser,
                               ResponseParserFactory, RestXMLParser)

from .errors import RAW_BODY_KEY, RAW_XML_KEY


class RawJSONParser(JSONParser):
    """JSON protocol: successes keep the raw body; errors add it to botocore's parse."""

    def _handle_json_body(self, raw_body, shape):
        return {RAW_BODY_KEY: raw_body}

    def _do_error_parse(self, response, shape):
        parsed = super()._do_error_parse(response, shape)
        parsed[RAW_BODY_KEY] = response.get("body", b"")
        return parsed


class _RawXML:
    """XML protocols: successes keep the raw answer for protocols/xml.py (read once, by
    shape); errors are parsed by botocore as usual and keep their raw body."""

    PROTOCOL = ""

    def _do_parse(self, response, shape):
        wrapper = shape.serialization.get("resultWrapper") if shape is not None else None
        from .protocols.xml import Raw
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


_RAW_XML = {"rest-xml": RawRestXMLParser, "query": RawQueryParser, "ec2": RawEC2Parser}


class RawParserFactory(ResponseParserFactory):
    """A botocore `response_parser_factory` component that uses RawJSONParser for JSON."""

    def create_parser(self, protocol_name):
        if protocol_name == "json":
            return RawJSONParser(**self._defaults)
        if protocol_name in _RAW_XML:
            return _RAW_XML[protocol_name](**self._defaults)
        return PROTOCOL_PARSERS[protocol_name](**self._defaults)
