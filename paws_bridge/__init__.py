"""paws_bridge: the AWS SDK for R *paws*, implemented once in Python on boto3.

Every service paws has (and the ones botocore added since) has a constructor under paws's
name: `paws_bridge.dynamodb()`, `paws_bridge.cloudwatchlogs()`, `paws_bridge.lambda_()` (the
keyword; `getattr(paws_bridge, "lambda")` works too). Constructors are made on first use, and
a service's model is loaded when its constructor is first called.

    >>> import paws_bridge
    >>> svc = paws_bridge.cognitoidentityprovider(region="eu-west-1")
    >>> svc.resend_confirmation_code(ClientId="...", Username="jane")
    {'CodeDeliveryDetails': {'Destination': 'j***@e***.com', 'DeliveryMedium': 'EMAIL',
                             'AttributeName': 'email'}}

Every operation of the service's botocore model is a method with paws's name and arguments;
results are the values paws returns (every member present, empties for what is absent);
errors are `PawsError` subclasses with paws's message. See README.md.
"""

from .errors import (ConfigError, ConnectionError_, CredentialsError, ParamValidationError,
                     PawsBridgeError, PawsError, TimeoutError_)
from . import registry as _registry
from .model import SERVICES, NotSupportedError
from .outputs import Timestamp
from .paginate import items, paginate
from .registry import RetiredError
from .secrets import secret_hash
from .service import Service, make_constructor

__version__ = "0.1.0"

_HELPERS = [
    "Service", "PawsBridgeError", "PawsError", "ParamValidationError", "ConfigError",
    "CredentialsError", "ConnectionError_", "TimeoutError_", "NotSupportedError", "RetiredError",
    "secret_hash", "paginate", "items", "Timestamp", "SERVICES", "to_frame", "batch_call",
]
__all__ = _HELPERS + [_registry.python_name(n) for n in _registry.services()]


def __getattr__(name: str):
    # pandas-backed helpers are imported on first use so `import paws_bridge` stays light
    if name == "to_frame":
        from .frames import to_frame
        return to_frame
    if name == "batch_call":
        from .batching import batch_call
        return batch_call
    # service constructors: made on first use (no model is read until one is called)
    paws_name = name[:-1] if name.endswith("_") and name[:-1] in _registry.services() else name
    if paws_name in _registry.services() or paws_name in _registry.retired_services():
        if paws_name in _registry.retired_services():
            raise RetiredError(_registry.retired_service_message(paws_name))
        constructor = make_constructor(paws_name)
        globals()[paws_name] = globals()[_registry.python_name(paws_name)] = constructor
        return constructor
    raise AttributeError(f"module 'paws_bridge' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(__all__))
