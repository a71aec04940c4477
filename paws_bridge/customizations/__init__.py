"""Per-service behaviour, found by botocore service name: the bridge's customization hooks.

The generic call path (service.Service.call) names no service: it asks `for_service(name)`
for the service's Customization and calls its hooks. This mirrors botocore's event handlers
(handlers.py) and paws.common's per-service handlers (its `custom_*.R` files): a service that
needs something the model does not say gets a module here, registered by service name.

    @register
    class Cognito(Customization):
        service = "cognito-idp"
        def prepare(self, service, operation, params): ...

A module is imported the first time its service is used (MODULES), so `import paws_bridge`
imports none of them.
"""

from __future__ import annotations

import importlib
import threading
from typing import Any, Callable

# botocore service name -> module of this package holding its Customization
MODULES: dict[str, str] = {
    "cognito-idp": "cognito",
    "s3": "s3",
}


class Customization:
    """Per-service behaviour, found by botocore service name; override what you need."""

    service: str = ""  # botocore name, e.g. "cognito-idp", "s3"

    def prepare(self, service: Any, operation: Any, params: dict) -> dict:
        """Before validation and serialization: paws-style arguments in, arguments out."""
        return params

    def finish(self, service: Any, operation: Any, value: dict) -> dict:
        """After paws's value is built: the value in, the value returned out."""
        return value

    def client_options(self, settings: Any) -> dict:
        """Extra botocore Config keyword arguments (e.g. S3's addressing_style)."""
        return {}

    def extra_methods(self) -> dict[str, Callable[..., Any]]:
        """name -> function(service, ...) added to the service (paws's extra functions)."""
        return {}


_NONE = Customization()
_registered: dict[str, Customization] = {}
_lock = threading.Lock()


def register(cls: type[Customization]) -> type[Customization]:
    """Class decorator: register one instance of `cls` under `cls.service`."""
    if not cls.service:
        raise ValueError(f"{cls.__name__}.service must name a botocore service")
    with _lock:
        _registered[cls.service] = cls()
    return cls


def for_service(name: str) -> Customization:
    """The Customization for a botocore service name (a no-op one when it has none)."""
    found = _registered.get(name)
    if found is not None:
        return found
    module = MODULES.get(name)
    if module is None:
        return _NONE
    try:
        importlib.import_module(f"{__name__}.{module}")
    except ModuleNotFoundError as exc:
        if exc.name != f"{__name__}.{module}":
            raise
        return _NONE  # listed before its module landed (another branch's work)
    return _registered.get(name, _NONE)
