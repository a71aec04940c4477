"""Every service the bridge knows: paws's constructor name <-> botocore's service name.

The table is `registry_data.json`, written by scripts/gen_registry.py from botocore's models
and paws's API (tests/paws-api/services.json); tests/python/test_registry.py checks it is in
sync with the pinned botocore. Reading it costs a small JSON file, so `import paws_bridge`
knows 400+ constructor names without loading a model; a service's model is loaded when its
constructor is first called (model.load_service).

Operation names are paws's (make.paws R/names.R `snake_case()`), computed from the model's
operation names: they differ from botocore's `xform_name` for a few dozen operations
(`AssignIpv6Addresses` -> `assign_ipv_6_addresses`, `ListWebACLs` -> `list_web_ac_ls`).

Services and operations that paws has and botocore has dropped (retired) are listed so that
using them gives an error naming them (`RetiredError`), not a missing attribute.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_DATA = Path(__file__).with_name("registry_data.json")


@dataclass(frozen=True)
class ServiceInfo:
    """What the registry knows of a service without loading its model."""

    name: str  # paws's constructor name: "dynamodb", "cloudwatchlogs", "lambda"
    botocore: str  # botocore's service name: "dynamodb", "logs", "lambda"
    category: str | None  # paws's category package ("paws.database"); None: not in paws
    protocol: str  # the wire protocol botocore's client speaks for it


class RetiredError(AttributeError):
    """A service or operation paws has that botocore (and so AWS) has dropped."""


@functools.lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    return json.loads(_DATA.read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=1)
def services() -> dict[str, ServiceInfo]:
    """Every living service, by paws constructor name, in name order."""
    return {name: ServiceInfo(name, v["botocore"], v["category"], v["protocol"])
            for name, v in _data()["services"].items()}


@functools.lru_cache(maxsize=1)
def by_botocore_name() -> dict[str, ServiceInfo]:
    """The same services keyed by botocore's name ("logs" -> cloudwatchlogs)."""
    return {info.botocore: info for info in services().values()}


def retired_services() -> dict[str, dict[str, Any]]:
    """paws constructor name -> {"category", "operations"} for services botocore dropped."""
    return _data()["retired_services"]


def retired_operations(paws_name: str) -> tuple[str, ...]:
    """The operations paws has for a living service that botocore dropped."""
    return tuple(_data()["retired_operations"].get(paws_name, ()))


def service(paws_name: str) -> ServiceInfo:
    """The registry entry for a constructor name; a clear error for unknown or retired ones."""
    info = services().get(paws_name)
    if info is not None:
        return info
    retired = retired_services().get(paws_name)
    if retired is not None:
        raise RetiredError(retired_service_message(paws_name))
    raise ValueError(f"unknown service {paws_name!r}: paws_bridge.registry.services() lists "
                     f"the {len(services())} services")


def retired_service_message(paws_name: str) -> str:
    r = retired_services()[paws_name]
    return (f"{paws_name}() is not available: AWS has retired the service, and botocore "
            f"(whose model the bridge runs on) no longer has it ({r['category']} still lists "
            f"it with {len(r['operations'])} operations)")


def retired_operation_message(paws_name: str, operation: str) -> str:
    return (f"{paws_name}: {operation}() is not available: AWS has retired the operation, "
            f"and botocore (whose model the bridge runs on) no longer has it")


_WORD = re.compile(r"([A-Z][a-z]+)")
_UNDERSCORES = re.compile(r"_+")


def paws_operation_name(api_name: str) -> str:
    """paws's R name for a model operation name (make.paws R/names.R `snake_case`).

    >>> paws_operation_name("ResendConfirmationCode")
    'resend_confirmation_code'
    >>> paws_operation_name("DescribeIpv6Pools")
    'describe_ipv_6_pools'
    """
    y = _UNDERSCORES.sub("_", _WORD.sub(r"_\1_", api_name))
    if len(y) > 1 and y.startswith("_"):
        y = y[1:]
    if len(y) > 1 and y.endswith("_"):
        y = y[:-1]
    return y.lower()


def python_name(paws_name: str) -> str:
    """The Python attribute for a constructor: paws's name, `lambda_` for the keyword."""
    import keyword
    return paws_name + "_" if keyword.iskeyword(paws_name) else paws_name


def categories() -> dict[str, list[str]]:
    """paws category package -> its constructors (living and retired), for use_bridge()."""
    out: dict[str, list[str]] = {}
    for info in services().values():
        if info.category:
            out.setdefault(info.category, []).append(info.name)
    for name, r in retired_services().items():
        out.setdefault(r["category"], []).append(name)
    return {k: sorted(v) for k, v in sorted(out.items())}
