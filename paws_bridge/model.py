"""botocore's service model seen the way paws sees it: snake_case operation names, argument
lists in model order, required arguments, shapes and paginators.

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
from botocore import xform_name
from botocore.model import OperationModel, ServiceModel, Shape

# paws service constructor name -> botocore service name. Adding a service is one line here.
SERVICES: dict[str, str] = {
    "cognitoidentityprovider": "cognito-idp",
    # the XML protocols (issue 10; moves to the registry when it lands)
    "s3": "s3", "sts": "sts", "iam": "iam", "sns": "sns", "ec2": "ec2",
}

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
        # snake_case -> model name, in the model's order
        self.operation_names: dict[str, str] = {
            xform_name(api): api for api in model.operation_names
        }

    def operation(self, name: str) -> Operation:
        """The operation called `name` (snake_case, as paws names it)."""
        op = self._ops.get(name)
        if op is None:
            try:
                api = self.operation_names[name]
            except KeyError:
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


_loaded: dict[str, None] = {}  # paws names of the services loaded so far, in load order


def loaded_services() -> tuple[str, ...]:
    """The services whose models this process has loaded, first loaded first."""
    return tuple(_loaded)


@functools.lru_cache(maxsize=None)
def load_service(paws_name: str) -> Service:
    """The paws view of a service, by its paws constructor name (`cognitoidentityprovider`)."""
    try:
        botocore_name = SERVICES[paws_name]
    except KeyError:
        raise ValueError(f"unknown service {paws_name!r}; known: {sorted(SERVICES)}") from None
    session = _botocore_session()
    from . import pawsmodel
    model = ServiceModel(pawsmodel.apply(botocore_name, session.get_service_data(botocore_name)),
                         service_name=botocore_name)
    try:
        paginators = session.get_paginator_model(botocore_name)
    except botocore.exceptions.UnknownServiceError:
        paginators = None
    except botocore.exceptions.DataNotFoundError:  # a service without paginators
        paginators = None
    _loaded[paws_name] = None
    return Service(paws_name, botocore_name, model, paginators)


def botocore_session() -> botocore.session.Session:
    """The shared botocore session (models, loaders); clients get their own sessions."""
    return _botocore_session()
