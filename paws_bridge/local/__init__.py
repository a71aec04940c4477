"""paws_bridge.local: a local Cognito Identity Provider endpoint (moto plus what moto lacks).

Independent of the rest of paws_bridge: it serves boto3, paws or anything else that speaks
Cognito's JSON 1.1 protocol. See docs/local-endpoint.md.

    from paws_bridge.local import serve
    with serve(latency_ms=50) as cognito:
        client = boto3.client("cognito-idp", endpoint_url=cognito.endpoint, ...)
        ...
        code = cognito.last_code("jane")

Names are imported lazily so that loading the pytest plugin does not import moto.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .codes import SentCode
    from .server import LocalCognito, serve

__all__ = ["LocalCognito", "SentCode", "serve"]

_WHERE = {"LocalCognito": ".server", "serve": ".server", "SentCode": ".codes"}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        value = getattr(import_module(_WHERE[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
