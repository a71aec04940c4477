"""Per-service behaviour, found by botocore service name (botocore's event hooks and
paws.common's `custom_*.R` handlers are the models). `Service.call` names no service: it asks
`for_service(name)` and applies what it finds."""

from __future__ import annotations

import importlib
import threading

MODULES = {"cognito-idp": "cognito", "s3": "s3"}


class Customization:
    """Per-service behaviour, found by botocore service name; override what you need."""

    service: str = ""  # botocore name, e.g. "cognito-idp", "s3"

    def prepare(self, service, operation, params: dict) -> dict:
        """Before validation/serialization (paws-style arguments)."""
        return params

    def finish(self, service, operation, value: dict) -> dict:
        """After the paws value is built."""
        return value

    def client_options(self, settings) -> dict:
        """Extra botocore Config kwargs (e.g. s3 addressing_style)."""
        return {}

    def extra_methods(self) -> dict:
        """name -> function(service, ...) added to the service (paws's extra functions)."""
        return {}


_registry: dict[str, Customization] = {}
_lock = threading.Lock()
_NONE = Customization()


def register(cls):
    """Class decorator: registers an instance under `cls.service`."""
    _registry[cls.service] = cls()
    return cls


def for_service(name: str) -> Customization:
    """The customization of a service (a no-op one for services without any)."""
    found = _registry.get(name)
    if found is not None:
        return found
    module = MODULES.get(name)
    if module is None:
        return _NONE
    with _lock:
        try:
            importlib.import_module(f"{__name__}.{module}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{module}":
                raise
    return _registry.get(name, _NONE)
