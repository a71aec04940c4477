"""botocore's service model seen the way paws sees it: paws's operation names, argument
lists in model order, required arguments, shapes and paginators.

Which services exist, and under which names, is the registry's business (registry.py); a
service's model is loaded here when it is first needed.

Everything here depends only on the model, so it is computed once per service (and once per
operation) and cached for the life of the process.
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass, field
from typing import Any

import botocore.exceptions
import botocore.session
from collections.abc import Mapping

from botocore import xform_name
from botocore.model import OperationModel, ServiceModel, Shape

from . import registry
from .registry import RetiredError, paws_operation_name


class _Services(Mapping):
    """paws constructor name -> botocore service name, for every service of the registry."""

    def __getitem__(self, name: str) -> str:
        info = registry.services().get(name)
        if info is None:
            raise KeyError(name)
        return info.botocore

    def __iter__(self):
        return iter(registry.services())

    def __len__(self) -> int:
        return len(registry.services())

    def __repr__(self) -> str:
        return f"<{len(self)} services: paws name -> botocore name>"


SERVICES: Mapping[str, str] = _Services()

# Protocols the bridge does not speak yet (botocore's name): their operations raise
# NotSupportedError naming the operation.
UNSUPPORTED_PROTOCOLS = frozenset({"smithy-rpc-v2-cbor"})


class NotSupportedError(NotImplementedError):
    """An operation the bridge cannot call yet (CBOR protocol, event streams)."""

_lock = threading.Lock()
_session: botocore.session.Session | None = None


def _botocore_session() -> botocore.session.Session:
    """The one botocore session used to load models (loading is the slow part)."""
    global _session
    with _lock:
        if _session is None:
            _session = botocore.session.get_session()
        return _session


@dataclass(frozen=True)
class Operation:
    """One operation of a service, with everything that depends only on the model."""

    name: str  # paws/snake_case name: "resend_confirmation_code"
    api_name: str  # model name: "ResendConfirmationCode"
    model: OperationModel = field(repr=False)
    service: "Service" = field(repr=False)

    @functools.cached_property
    def input_shape(self) -> Shape | None:
        return self.model.input_shape

    @functools.cached_property
    def output_shape(self) -> Shape | None:
        return self.model.output_shape

    @functools.cached_property
    def arguments(self) -> tuple[str, ...]:
        """Argument names in model order (paws's formals)."""
        shape = self.input_shape
        return tuple(shape.members) if shape is not None else ()

    @functools.cached_property
    def required(self) -> frozenset[str]:
        shape = self.input_shape
        return frozenset(shape.required_members) if shape is not None else frozenset()

    @property
    def documentation(self) -> str:
        return self.model.documentation or ""

    @functools.cached_property
    def paginator(self) -> dict[str, Any] | None:
        """botocore's paginator config for this operation, or None."""
        return self.service.paginator(self.api_name)

    @functools.cached_property
    def client_method(self) -> str:
        """botocore's client method for this operation (its own snake_case)."""
        return xform_name(self.api_name)

    @functools.cached_property
    def unsupported(self) -> str | None:
        """Why the bridge cannot call this operation yet, or None when it can."""
        protocol = self.service.protocol
        if protocol in UNSUPPORTED_PROTOCOLS:
            return (f"{self.service.paws_name}.{self.name}: the {protocol} protocol of "
                    f"{self.service.name} is not supported yet")
        if self.model.has_event_stream_input or self.model.has_event_stream_output:
            return (f"{self.service.paws_name}.{self.name}: event-stream operations are not "
                    f"supported yet")
        return None

    @property
    def unsigned(self) -> bool:
        """True when the model says the operation needs no signature (e.g. SignUp)."""
        return self.model.auth_type == "none"

    def __hash__(self) -> int:  # frozen dataclass with a cached_property needs an explicit hash
        return hash((self.service.name, self.api_name))


class Service:
    """A service model: its operations under paws's names, its errors and paginators."""

    def __init__(self, paws_name: str, botocore_name: str, model: ServiceModel,
                 paginator_model: Any | None):
        self.paws_name = paws_name
        self.name = botocore_name
        self.model = model
        self._paginator_model = paginator_model
        self._ops: dict[str, Operation] = {}
        # paws's name -> model name, in the model's order
        self.operation_names: dict[str, str] = {
            paws_operation_name(api): api for api in model.operation_names
        }
        self.retired_operations = registry.retired_operations(paws_name)
        self.protocol: str = model.resolved_protocol

    def operation(self, name: str) -> Operation:
        """The operation called `name` (snake_case, as paws names it)."""
        op = self._ops.get(name)
        if op is None:
            try:
                api = self.operation_names[name]
            except KeyError:
                if name in self.retired_operations:
                    raise RetiredError(
                        registry.retired_operation_message(self.paws_name, name)) from None
                raise AttributeError(
                    f"{self.paws_name} has no operation {name!r}") from None
            op = Operation(name, api, self.model.operation_model(api), self)
            self._ops[name] = op
        return op

    def operations(self) -> list[Operation]:
        return [self.operation(n) for n in self.operation_names]

    def paginator(self, api_name: str) -> dict[str, Any] | None:
        """botocore's paginator config for an operation (by model name), or None."""
        if self._paginator_model is None:
            return None
        try:
            return self._paginator_model.get_paginator(api_name)
        except ValueError:
            return None

    @functools.cached_property
    def error_codes(self) -> tuple[str, ...]:
        """Every error code the model declares, in model order."""
        return tuple(s.name for s in self.model.error_shapes)

    @functools.cached_property
    def signature_id(self) -> str:
        return self.model.service_id.hyphenize()


_loaded: dict[str, Service] = {}


@functools.lru_cache(maxsize=None)
def load_service(paws_name: str) -> Service:
    """The paws view of a service, by its paws constructor name (`cognitoidentityprovider`).

    Unknown names raise ValueError; retired ones (paws has them, botocore dropped them)
    registry.RetiredError, naming the service.
    """
    botocore_name = registry.service(paws_name).botocore
    session = _botocore_session()
    model = session.get_service_model(botocore_name)
    try:
        paginators = session.get_paginator_model(botocore_name)
    except botocore.exceptions.UnknownServiceError:
        paginators = None
    except botocore.exceptions.DataNotFoundError:  # a service without paginators
        paginators = None
    spec = Service(paws_name, botocore_name, model, paginators)
    _loaded[paws_name] = spec
    return spec


def loaded_services() -> list[str]:
    """The services whose models this process has loaded so far (paws names)."""
    return list(_loaded)


def botocore_session() -> botocore.session.Session:
    """The shared botocore session (models, loaders); clients get their own sessions."""
    return _botocore_session()
