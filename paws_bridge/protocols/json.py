"""The JSON protocol (1.0 and 1.1): the raw body is kept and read once by outputs.py, by shape.

botocore's JSON parser walks every response to build its own values, and outputs.py would
then walk it again to build paws's. Instead the bridge keeps the raw body and outputs.py reads
it once, the way paws does (jsonlite's reading: the first of duplicate keys wins, `null`/`[]`
bodies mean "nothing"). Error answers are parsed by botocore as usual (its retry logic reads
the error code) and also keep their raw body for errors.py.
"""

from __future__ import annotations

from botocore.parsers import JSONParser

from ..errors import RAW_BODY_KEY


class RawJSONParser(JSONParser):
    """JSON protocol: successes keep the raw body; errors add it to botocore's parse."""

    def _handle_json_body(self, raw_body, shape):
        return {RAW_BODY_KEY: raw_body}

    def _do_error_parse(self, response, shape):
        parsed = super()._do_error_parse(response, shape)
        parsed[RAW_BODY_KEY] = response.get("body", b"")
        return parsed
