"""The response parser factory the bridge's botocore clients use.

Per protocol, the parser of paws_bridge.protocols (which keeps raw bodies for the bridge's
one reading by shape); botocore's own parsers for the protocols not listed there.
"""

from __future__ import annotations

from botocore.parsers import PROTOCOL_PARSERS, ResponseParserFactory

from .protocols import PARSERS
from .protocols.json import RawJSONParser  # noqa: F401  (its old home)


class RawParserFactory(ResponseParserFactory):
    """A botocore `response_parser_factory` component choosing the bridge's parsers."""

    def create_parser(self, protocol_name):
        cls = PARSERS.get(protocol_name) or PROTOCOL_PARSERS[protocol_name]
        return cls(**self._defaults)
