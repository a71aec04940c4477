"""Service objects: one method per operation of the model, created at run time.

`dynamodb()` returns a `Service` whose class has one `OperationMethod` per operation in
botocore's model, under paws's name, with paws's arguments in model order
(`inspect.signature` shows them; required ones have no default). A method is built the first
time it is used (EC2 has 750 operations; a script uses a few). Nothing here is written per
operation or per service: services come from the registry, per-service behaviour from
customizations.for_service().
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import keyword
import threading
import types
from typing import TYPE_CHECKING, Any, Iterator, Mapping

import botocore.exceptions
import jmespath.exceptions

from . import config as _config
from . import inputs, outputs, registry
from .customizations import for_service
from .errors import ParamValidationError, ServiceExceptions, from_botocore
from .model import NotSupportedError, Operation, load_service
from .model import Service as ServiceSpec


class PawsSignature(inspect.Signature):
    """A signature in paws's order: a required argument may follow an optional one.

    Python's own checks would refuse that order; this signature is for reading (help,
    `inspect.signature`, completion) and binding is done by `OperationMethod.bind`.
    """

    def __init__(self, parameters=None, *, return_annotation=inspect.Signature.empty,
                 __validate_parameters__=True):
        super().__init__(parameters, return_annotation=return_annotation,
                         __validate_parameters__=False)


class OperationMethod:
    """A service method built from one operation of the model.

    Its docstring (built on first use, from the model's documentation) reads like paws's help
    page; its signature lists paws's arguments in model order.
    """

    def __init__(self, op: Operation) -> None:
        self.op = op
        self.__name__ = op.name
        self.__qualname__ = f"{op.service.paws_name}.{op.name}"
        self.__module__ = "paws_bridge"
        params = [inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD)]
        # a member named like a Python keyword (CloudWatch Logs' `from`) shows as `from_`
        # and is given as from_=... or **{"from": ...}
        self._aliases = {f"{n}_": n for n in op.arguments if keyword.iskeyword(n)}
        for name in op.arguments:
            params.append(inspect.Parameter(
                f"{name}_" if keyword.iskeyword(name) else name,
                inspect.Parameter.POSITIONAL_OR_KEYWORD,
                **({} if name in op.required else {"default": None})))
        self.__signature__ = PawsSignature(params)
        self._arguments = op.arguments
        self._known = frozenset(op.arguments)

    @functools.cached_property
    def __doc__(self) -> str:  # type: ignore[override]
        from .helptext import docstring
        return docstring(self.op)

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self
        return types.MethodType(self, instance)

    def bind(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
        """paws's argument matching: positional in model order, then by name."""
        if self._aliases and any(k in self._aliases for k in kwargs):
            kwargs = {self._aliases.get(k, k): v for k, v in kwargs.items()}
        if args:
            if len(args) > len(self._arguments):
                raise TypeError(f"{self.__name__}() takes {len(self._arguments)} arguments "
                                f"but {len(args)} were given")
            params = dict(zip(self._arguments, args))
            for name in kwargs:
                if name in params:
                    raise TypeError(f"{self.__name__}() got multiple values for argument "
                                    f"{name!r}")
            params.update(kwargs)
        else:
            params = kwargs
        unknown = [k for k in params if k not in self._known]
        if unknown:
            raise TypeError(f"{self.__name__}() got unexpected argument(s): "
                            f"{', '.join(map(repr, unknown))}; it takes: "
                            f"{', '.join(self._arguments) or 'no arguments'}")
        missing = [k for k in self.op.required if params.get(k) is None]
        if missing:
            missing.sort(key=self._arguments.index)
            raise TypeError(f"{self.__name__}() missing required argument(s): "
                            f"{', '.join(map(repr, missing))}")
        return params

    def __call__(self, service: "Service", /, *args: Any, **kwargs: Any) -> dict[str, Any]:
        # positional-only: an operation may have a member named `service` (CloudWatch Logs)
        return service.call(self.op.name, self.bind(args, kwargs))

    def __repr__(self) -> str:
        return f"<paws_bridge operation {self.__qualname__}{inspect.signature(self)}>"


class _ServiceType(type):
    """The metaclass of service classes: an operation method is built on first access, also
    from the class (`type(svc).put_item`, help pages, batch_call), and kept on the class."""

    if not TYPE_CHECKING:  # hidden from type checkers: the stubs name every operation
        def __getattr__(cls, name: str) -> Any:
            if name.startswith("_") or "_spec" not in cls.__dict__:
                raise AttributeError(name)
            return _method(cls, name)

    def __dir__(cls):
        spec = cls.__dict__.get("_spec")
        names = set(super().__dir__())
        return sorted(names | set(spec.operation_names) if spec is not None else names)


class Service(metaclass=_ServiceType):
    """A paws service client. Operations are methods; see `operations()`.

    Create one with a constructor such as `paws_bridge.cognitoidentityprovider()`.
    """

    _spec: ServiceSpec

    def __init__(self, config: Mapping[str, Any] | None = None,
                 credentials: Mapping[str, Any] | None = None,
                 endpoint: str | None = None, region: str | None = None) -> None:
        merged = _config.merge_config(config, credentials, endpoint, region)
        self._settings = _config.resolve(self._spec.name, merged)
        self._client = _config.client_for(self._settings)
        self.exceptions = _exceptions(self._spec.paws_name)

    # --- calling ---------------------------------------------------------------------------
    def call(self, operation: str, params: Mapping[str, Any], *,
             syntax: str = "python") -> dict[str, Any]:
        """Call `operation` (paws's name) with already-bound arguments; paws's value back.

        `syntax` ("python" or "r") is how argument paths are written in a
        ParamValidationError (the R host passes "r").
        """
        op = self._spec.operation(operation)
        if op.unsupported:
            raise NotSupportedError(op.unsupported)
        custom = self._custom
        params = custom.prepare(self, op, params)
        request = inputs.prepare(op.name, op.input_shape, params, syntax,
                                 keep_map_order=self._spec.model.protocol in ("query", "ec2"))
        try:
            parsed = getattr(self._client, op.client_method)(**request)
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as exc:
            raise from_botocore(exc) from None
        except jmespath.exceptions.JMESPathError as exc:
            # botocore's endpoint rules read a member (e.g. keys(RequestItems)) that was left
            # out because it was given empty: say so instead of a JMESPath type error
            raise ParamValidationError(op.name, [
                f"input: the endpoint rules need a member that was given empty or left out "
                f"({exc})"]) from None
        return custom.finish(self, op, outputs.build_output(op.output_shape, parsed))

    def paginate(self, operation: str, *, PageSize: int | None = None,
                 MaxItems: int | None = None, StartingToken: Any = None,
                 StopOnSameToken: bool = False, **params: Any) -> Iterator[dict[str, Any]]:
        """Yield the pages of a paginated operation lazily (paws's `paginate()` arguments)."""
        from .paginate import pages
        return pages(self, operation, params, page_size=PageSize, max_items=MaxItems,
                     starting_token=StartingToken, stop_on_same_token=StopOnSameToken)

    # --- copies and pickling -----------------------------------------------------------------
    def with_settings(self, **changes: Any) -> "Service":
        """A copy of this service with some settings changed, e.g. `max_retries=0`."""
        return _from_settings(self._spec.paws_name,
                              dataclasses.replace(self._settings, **changes))

    def __reduce__(self):
        # a service travels (to another process, a Dask worker) as its settings; the client
        # is re-created there, and bound methods pickle as getattr(service, name)
        return (_from_settings, (self._spec.paws_name, self._settings))

    # --- introspection ---------------------------------------------------------------------
    def operation(self, name: str) -> Operation:
        """The model's view of one operation (arguments, shapes, paginator, docs)."""
        return self._spec.operation(name)

    def operations(self) -> list[str]:
        """Every operation's name, in the model's order."""
        return list(self._spec.operation_names)

    @property
    def settings(self) -> _config.Settings:
        return self._settings

    def __repr__(self) -> str:
        # what the client actually uses: after config, AWS_ENDPOINT_URL(_<SERVICE>),
        # AWS_REGION/AWS_DEFAULT_REGION and profiles have been applied by botocore
        meta = self._client.meta
        return (f"<paws_bridge {self._spec.paws_name}: {len(self._spec.operation_names)} "
                f"operations, region={meta.region_name}, endpoint={meta.endpoint_url}>")

    if not TYPE_CHECKING:
        # Hidden from type checkers, so that with the generated stubs (scripts/gen_stubs.py)
        # a misspelled operation is an error rather than Any.
        def __getattr__(self, name: str) -> Any:
            # operation methods are built on first use and kept on the class
            if name.startswith("_"):
                raise AttributeError(name)
            method = _method(type(self), name)
            return types.MethodType(method, self)

    def __dir__(self):
        return sorted(set(super().__dir__()) | set(self._spec.operation_names))


@functools.lru_cache(maxsize=None)
def _exceptions(paws_name: str) -> ServiceExceptions:
    return ServiceExceptions(load_service(paws_name).error_codes)


def _from_settings(paws_name: str, settings: _config.Settings) -> Service:
    """A service object for already-resolved settings (unpickling, `with_settings`)."""
    cls = service_class(paws_name)
    svc = cls.__new__(cls)
    svc._settings = settings
    svc._client = _config.client_for(settings)
    svc.exceptions = _exceptions(paws_name)
    return svc


_class_lock = threading.Lock()


def _method(cls: type[Service], name: str) -> OperationMethod:
    """The OperationMethod `name` of a service class, built once and kept on the class."""
    method = cls.__dict__.get(name)
    if isinstance(method, OperationMethod):
        return method
    op = cls._spec.operation(name)  # AttributeError (or RetiredError) naming it
    with _class_lock:
        method = cls.__dict__.get(name)
        if not isinstance(method, OperationMethod):
            method = OperationMethod(op)
            setattr(cls, name, method)
    return method


@functools.lru_cache(maxsize=None)
def service_class(paws_name: str) -> type[Service]:
    """The Service subclass for one service (its operation methods are added on first use)."""
    spec = load_service(paws_name)
    custom = for_service(spec.name)
    with _class_lock:
        namespace: dict[str, Any] = {"_spec": spec, "_custom": custom,
                                     "__module__": "paws_bridge",
                                     "__doc__": f"paws_bridge client for {spec.name} "
                                                f"({spec.model.metadata.get('serviceFullName')})."}
        for extra, fn in custom.extra_methods().items():
            namespace[extra] = fn
        return type(registry.python_name(paws_name), (Service,), namespace)


def make_constructor(paws_name: str):
    """A paws-style service constructor, e.g. `cognitoidentityprovider()`."""
    registry.service(paws_name)  # unknown: ValueError; retired: RetiredError, naming it

    def constructor(config: Mapping[str, Any] | None = None,
                    credentials: Mapping[str, Any] | None = None,
                    endpoint: str | None = None, region: str | None = None) -> Service:
        return service_class(paws_name)(config=config, credentials=credentials,
                                        endpoint=endpoint, region=region)

    constructor.__name__ = constructor.__qualname__ = registry.python_name(paws_name)
    constructor.__doc__ = (
        f"A client for {paws_name}, as paws's `{paws_name}()`.\n\n"
        "Args:\n"
        "    config: paws's config list as a dict: credentials (creds, profile, anonymous),\n"
        "        endpoint, region, max_retries (default 3), connect_timeout, close_connection,\n"
        "        signature_version, ... and our extension client_secret (fills SecretHash).\n"
        "    credentials, endpoint, region: merged into config, as in paws.\n\n"
        "Returns:\n    A Service with one method per operation of the model.")
    return constructor
