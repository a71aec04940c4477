"""paws_bridge: the AWS SDK for R *paws*, implemented once in Python on boto3.

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
from .model import SERVICES
from .outputs import Timestamp
from .paginate import items, paginate
from .secrets import secret_hash
from .service import Service, make_constructor

__version__ = "0.1.0"

cognitoidentityprovider = make_constructor("cognitoidentityprovider")

__all__ = [
    "cognitoidentityprovider", "Service", "PawsBridgeError", "PawsError",
    "ParamValidationError", "ConfigError", "CredentialsError", "ConnectionError_",
    "TimeoutError_",
    "secret_hash", "paginate", "items", "Timestamp", "SERVICES",
    "to_frame", "batch",
]


def __getattr__(name: str):
    # pandas-backed helpers are imported on first use so `import paws_bridge` stays light
    if name == "to_frame":
        from .frames import to_frame
        return to_frame
    if name == "batch":
        from .batching import batch  # not batch.py: a submodule would shadow the function
        return batch
    raise AttributeError(f"module 'paws_bridge' has no attribute {name!r}")
