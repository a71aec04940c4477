"""paws's `config` list (as a dict) -> settings -> a cached botocore client.

paws's keys: `credentials` (`creds` = access_key_id, secret_access_key, session_token;
`profile`; `anonymous`), `endpoint`, `region`, `close_connection`, `max_retries`,
`connect_timeout` (seconds to connect), `timeout` (seconds an attempt may wait for its whole
response, connect and read: a stalled or dripping server fails the call after at most
`timeout x (max_retries + 1)` plus back-off, with TimeoutError_), `s3_force_path_style`,
`sts_regional_endpoint`, `signature_version`, `disable_rest_protocol_uri_cleaning`.
Our one extension is `client_secret` (see secrets.py). Unknown keys fail with
`invalid name: <key>`, as in paws.

Region, endpoint and credentials follow boto3's chains (environment, shared config and
credentials files, SSO, roles, container and instance metadata), with paws's order for the
region (`AWS_REGION` before `AWS_DEFAULT_REGION`).

Clients are cached by settings and process id: a second service object with the same config
costs a dictionary lookup, and a forked child builds its own client.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from typing import Any, Mapping

import botocore.config
import botocore.session
from botocore import UNSIGNED

from . import redact, transport
from .errors import ConfigError
from .secrets import Secret
from . import protocols
from .wire import RawParserFactory

CONFIG_KEYS = frozenset({
    "credentials", "endpoint", "region", "close_connection", "max_retries",
    "connect_timeout", "timeout", "s3_force_path_style", "sts_regional_endpoint",
    "signature_version", "disable_rest_protocol_uri_cleaning", "client_secret",
})
CREDENTIALS_KEYS = frozenset({"creds", "profile", "anonymous"})
CREDS_KEYS = frozenset({"access_key_id", "secret_access_key", "session_token",
                        "access_token", "expiration", "provider_name"})

DEFAULT_MAX_RETRIES = 3
DEFAULT_CONNECT_TIMEOUT = 60.0
DEFAULT_TIMEOUT = 60.0


def _is_unset(value: Any) -> bool:
    """paws treats NULL, "" and empty lists as 'not given'."""
    return value is None or (isinstance(value, (str, list, tuple, dict)) and len(value) == 0)


def _check_keys(d: Mapping[str, Any], known: frozenset[str], where: str) -> None:
    if not isinstance(d, Mapping):
        raise ConfigError(f"{where} must be a named list (dict), got {type(d).__name__}")
    for key in d:
        if key not in known:
            raise ConfigError(f"invalid name: {key}")


@dataclass(frozen=True)
class Settings:
    """Everything that decides which botocore client a service object uses."""

    service: str
    region: str | None
    endpoint: str | None
    access_key_id: str | None
    secret_access_key: Secret | None
    session_token: Secret | None
    profile: str | None
    anonymous: bool
    max_retries: int
    connect_timeout: float
    signature_version: str | None
    close_connection: bool
    client_secret: Secret | None
    s3_force_path_style: bool = False
    timeout: float = DEFAULT_TIMEOUT

    def __repr__(self) -> str:
        shown = {k: v for k, v in self.__dict__.items() if v not in (None, False)}
        return "Settings(" + ", ".join(f"{k}={v!r}" for k, v in shown.items()) + ")"


def _kind(value: Any) -> str:
    """What a value is, without showing it (config values may be secrets)."""
    if isinstance(value, (list, tuple, dict, bytes, bytearray)):
        return f"{type(value).__name__} of length {len(value)}"
    return type(value).__name__


def _number(value: Any, name: str, kind: type) -> Any:
    if isinstance(value, (list, tuple)) and len(value) == 1:
        value = value[0]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError(f"config${name} must be a number, got {_kind(value)}")
    if value != value or value in (float("inf"), float("-inf")):
        raise ConfigError(f"config${name} must be a finite number, got {value!r}")
    if kind is int:
        if value != int(value) or value < 0:
            raise ConfigError(f"config${name} must be a whole number >= 0, got {value!r}")
        return int(value)
    if value <= 0:
        raise ConfigError(f"config${name} must be > 0, got {value!r}")
    return float(value)


def _string(value: Any, name: str) -> str | None:
    if _is_unset(value):
        return None
    if isinstance(value, (list, tuple)) and len(value) == 1:
        value = value[0]
    if not isinstance(value, str):
        raise ConfigError(f"{name} must be a string, got {_kind(value)}")
    return value


def _flag(value: Any, name: str) -> bool:
    if _is_unset(value):
        return False
    if isinstance(value, (list, tuple)) and len(value) == 1:
        value = value[0]
    if not isinstance(value, bool):
        raise ConfigError(f"{name} must be TRUE or FALSE, got {_kind(value)}")
    return value


def merge_config(config: Mapping[str, Any] | None = None,
                 credentials: Mapping[str, Any] | None = None,
                 endpoint: str | None = None, region: str | None = None) -> dict[str, Any]:
    """paws's merge of the constructor's arguments into `config` (arguments win when given)."""
    merged = dict(config or {})
    _check_keys(merged, CONFIG_KEYS, "config")
    if not _is_unset(credentials):
        merged["credentials"] = credentials
    if not _is_unset(endpoint):
        merged["endpoint"] = endpoint
    if not _is_unset(region):
        merged["region"] = region
    return merged


def resolve(service: str, config: Mapping[str, Any]) -> Settings:
    """Check a merged paws config and turn it into Settings (no network, no files read)."""
    _check_keys(config, CONFIG_KEYS, "config")
    creds_cfg = config.get("credentials") or {}
    _check_keys(creds_cfg, CREDENTIALS_KEYS, "config$credentials")
    creds = creds_cfg.get("creds") or {}
    _check_keys(creds, CREDS_KEYS, "config$credentials$creds")

    access_key = _string(creds.get("access_key_id"), "credentials$creds$access_key_id")
    secret_key = _string(creds.get("secret_access_key"), "credentials$creds$secret_access_key")
    if (access_key is None) != (secret_key is None):
        raise ConfigError("credentials$creds needs both access_key_id and secret_access_key")
    token = _string(creds.get("session_token"), "credentials$creds$session_token")

    connect_timeout = config.get("connect_timeout")
    timeout = config.get("timeout")
    client_secret = _string(config.get("client_secret"), "config$client_secret")
    max_retries = config.get("max_retries")
    return Settings(
        service=service,
        region=_string(config.get("region"), "config$region"),
        endpoint=_string(config.get("endpoint"), "config$endpoint"),
        access_key_id=access_key,
        secret_access_key=Secret(secret_key) if secret_key else None,
        session_token=Secret(token) if token else None,
        profile=_string(creds_cfg.get("profile"), "config$credentials$profile"),
        anonymous=_flag(creds_cfg.get("anonymous"), "config$credentials$anonymous"),
        max_retries=(DEFAULT_MAX_RETRIES if _is_unset(max_retries)
                     else _number(max_retries, "max_retries", int)),
        connect_timeout=(DEFAULT_CONNECT_TIMEOUT if _is_unset(connect_timeout)
                         else _number(connect_timeout, "connect_timeout", float)),
        timeout=(DEFAULT_TIMEOUT if _is_unset(timeout) else _number(timeout, "timeout", float)),
        signature_version=_string(config.get("signature_version"), "config$signature_version"),
        close_connection=_flag(config.get("close_connection"), "config$close_connection"),
        client_secret=Secret(client_secret) if client_secret else None,
        s3_force_path_style=_flag(config.get("s3_force_path_style"),
                                  "config$s3_force_path_style"),
    )


# --- clients ---------------------------------------------------------------------------------

_lock = threading.Lock()
_clients: dict[tuple[Settings, int], Any] = {}
_sessions: dict[tuple[str | None, int], botocore.session.Session] = {}


def _session(profile: str | None) -> botocore.session.Session:
    """The botocore session for a profile. All of them share the model session's data
    loader (model.botocore_session), so a service's model JSON is read and parsed once per
    process; the default profile uses the model session itself (a session costs ~30 ms)."""
    from .model import botocore_session
    key = (profile, os.getpid())
    s = _sessions.get(key)
    if s is None:
        models = botocore_session()
        if profile is None:
            s = models
        else:
            s = botocore.session.Session(profile=profile)
            s.register_component("data_loader", models.get_component("data_loader"))
        s.register_component("response_parser_factory", RawParserFactory())
        _sessions[key] = s
    return s


def _region(settings: Settings, session: botocore.session.Session) -> str:
    region = (settings.region or os.environ.get("AWS_REGION")
              or os.environ.get("AWS_DEFAULT_REGION") or session.get_config_variable("region"))
    if not region:
        if settings.endpoint:
            return "us-east-1"  # a custom endpoint needs some region to sign with
        raise ConfigError(
            "no region: set config$region (or region = ...), AWS_REGION, AWS_DEFAULT_REGION "
            "or a region in ~/.aws/config")
    return region


def _connection_close(request, **_):
    request.headers["Connection"] = "close"


def client_for(settings: Settings):
    """The botocore client for these settings, created once per process and reused."""
    key = (settings, os.getpid())
    client = _clients.get(key)
    if client is not None:
        return client
    with _lock:
        client = _clients.get(key)
        if client is None:
            client = _create_client(settings)
            _clients[key] = client
    return client


def _create_client(settings: Settings):
    session = _session(settings.profile)
    signature = UNSIGNED if settings.anonymous else settings.signature_version
    cfg = botocore.config.Config(
        region_name=_region(settings, session),
        signature_version=signature,
        connect_timeout=min(settings.connect_timeout, settings.timeout),
        read_timeout=settings.timeout,
        retries={"total_max_attempts": settings.max_retries + 1, "mode": "standard"},
        parameter_validation=False,  # inputs.py validates (and reports every problem at once)
    )
    from .customizations import for_service
    custom = for_service(settings.service)
    extra = custom.client_options(settings)  # e.g. S3's addressing; they win over the above
    if extra:
        cfg = cfg.merge(botocore.config.Config(**extra))
    kwargs: dict[str, Any] = {"config": cfg}
    if settings.endpoint:
        kwargs["endpoint_url"] = settings.endpoint
    if settings.access_key_id and not settings.anonymous:
        kwargs["aws_access_key_id"] = settings.access_key_id
        kwargs["aws_secret_access_key"] = settings.secret_access_key.reveal()
        if settings.session_token:
            kwargs["aws_session_token"] = settings.session_token.reveal()
    client = session.create_client(settings.service, **kwargs)
    protocols.install(client)
    transport.install(client, settings.timeout)
    redact.install_for(client, settings.access_key_id)
    if settings.close_connection:
        client.meta.events.register("before-send", _connection_close)
    tune = getattr(custom, "tune_client", None)  # hooks on the botocore client itself
    if tune is not None:
        tune(client)
    return client


def clear_cache() -> None:
    """Forget every cached client (e.g. after changing credentials files)."""
    with _lock:
        _clients.clear()
        _sessions.clear()
