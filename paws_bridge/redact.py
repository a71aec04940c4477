"""A logging filter that keeps secrets out of botocore's and urllib3's logs.

At DEBUG level botocore logs every request (headers with the session token and the
signature, the JSON body with passwords and SecretHash values) and every response body (with
access, ID and refresh tokens). `install()` puts one `RedactingFilter` on botocore's,
boto3's and urllib3's loggers (each module's logger: a logger's filters do not apply to
records its children pass up). The filter rewrites a record's text, masking

* every secret a service object was configured with (secret access keys, session tokens,
  client secrets: `remember()` is called by secrets.Secret), wherever it appears;
* the credential headers and query parameters (`X-Amz-Security-Token`, `Authorization`'s
  Credential and Signature, presigned URLs' `X-Amz-Signature`/`X-Amz-Credential`);
* the value of every member the service models mark `sensitive` (Password, SecretHash,
  AccessToken, AuthParameters, ClientSecret, ...), as it appears in JSON bodies.

Masked text reads `***`. Nothing else of the record changes.
"""

from __future__ import annotations

import logging
import re
import threading
from typing import Iterable

MASK = "***"

#: logger names that exist once botocore, boto3 and urllib3 have made a call
_LOGGERS = (
    "botocore", "botocore.endpoint", "botocore.parsers", "botocore.auth", "botocore.hooks",
    "botocore.retryhandler", "botocore.retries.standard", "botocore.retries.adaptive",
    "botocore.httpsession", "botocore.awsrequest", "botocore.client", "botocore.credentials",
    "botocore.utils", "botocore.regions", "botocore.endpoint_provider", "botocore.loaders",
    "botocore.handlers", "botocore.signers", "botocore.tokens", "botocore.httpchecksum",
    "boto3", "boto3.resources", "urllib3", "urllib3.connectionpool", "urllib3.connection",
    "urllib3.response", "urllib3.util.retry", "urllib3.poolmanager",
)
_PREFIXES = ("botocore", "boto3", "urllib3")

# headers and query parameters that carry credentials, in any of the forms botocore logs
_HEADER_RE = re.compile(
    r"""(?ix)
    (x-amz-security-token|x-amz-signature|x-amz-credential|authorization|x-amz-content-sha256-never)
    (['"]?\s*[:=]\s*b?['"]?)      # ': b'  or  =  or  :
    ([^'"\s,&}]+(?:\s[^'"\s,&}]+)*)   # the value, up to a quote, comma, ampersand or brace
    """)
# Authorization: AWS4-HMAC-SHA256 Credential=AKIA.../..., SignedHeaders=..., Signature=...
_AUTH_PARTS_RE = re.compile(r"(?i)\b(Credential|Signature)=([^,\s'\"&]+)")
# canonical requests list headers as "x-amz-security-token:VALUE" lines
_CANONICAL_RE = re.compile(r"(?im)^(x-amz-security-token:)(.+)$")
# a JSON string, also as it appears inside a bytes repr (where an escaped quote reads \\"):
# a quote ends the value only when a delimiter follows it
_STRING_VALUE = r'"(?:[^"\\]|\\.|"(?!\s*[,}\]:]))*"'
# botocore.auth logs "Signature:\n<hex>"
_SIGNATURE_LINE_RE = re.compile(r"(?m)^(Signature:\s*)([0-9a-f]{16,})$")


class _Secrets:
    """Literal secrets to mask wherever they appear (longest first)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._values: set[str] = set()
        self._pattern: re.Pattern[str] | None = None

    def add(self, value: str) -> None:
        if len(value) < 8:  # too short to be a real secret; masking it would mangle text
            return
        with self._lock:
            if value not in self._values:
                self._values.add(value)
                self._pattern = None

    def sub(self, text: str) -> str:
        pattern = self._pattern
        if pattern is None:
            with self._lock:
                if not self._values:
                    return text
                pattern = self._pattern = re.compile("|".join(
                    re.escape(v) for v in sorted(self._values, key=len, reverse=True)))
        return pattern.sub(MASK, text)


_secrets = _Secrets()
_sensitive_names: set[str] = set()
_sensitive_re: re.Pattern[str] | None = None
_names_lock = threading.Lock()


def remember(secret: str) -> None:
    """Mask this literal value in every log record from now on."""
    _secrets.add(secret)


def add_sensitive_members(names: Iterable[str]) -> None:
    """Mask the JSON values of members with these names (from a model's `sensitive` shapes)."""
    global _sensitive_re
    with _names_lock:
        new = set(names) - _sensitive_names
        if not new:
            return
        _sensitive_names.update(new)
        alternatives = "|".join(re.escape(n) for n in sorted(_sensitive_names, key=len,
                                                                reverse=True))
        # "Name": "value"  |  "Name": {...}  |  "Name": [...]  (values of sensitive maps and
        # lists hold strings, so the first closing bracket ends them)
        _sensitive_re = re.compile(
            r'(\\?"(?:' + alternatives + r')\\?"\s*:\s*)'
            r'(\\?' + _STRING_VALUE + r'|\{[^}]*\}|\[[^\]]*\]|-?\d[\d.eE+-]*|true|false)')


def sensitive_members(model) -> set[str]:
    """Names of the members whose shape (or the shape of whose items) is `sensitive`."""
    names: set[str] = set()
    seen: set[str] = set()

    def sensitive(shape) -> bool:
        if shape.metadata.get("sensitive"):
            return True
        if shape.type_name == "list":
            return bool(shape.member.metadata.get("sensitive"))
        if shape.type_name == "map":
            return bool(shape.value.metadata.get("sensitive")
                        or shape.key.metadata.get("sensitive"))
        return False

    def walk(shape) -> None:
        if shape is None or shape.name in seen:
            return
        seen.add(shape.name)
        if shape.type_name == "structure":
            for name, member in shape.members.items():
                if sensitive(member):
                    names.add(name)
                walk(member)
        elif shape.type_name == "list":
            walk(shape.member)
        elif shape.type_name == "map":
            walk(shape.value)

    for op_name in model.operation_names:
        op = model.operation_model(op_name)
        walk(op.input_shape)
        walk(op.output_shape)
    return names


def redact(text: str) -> str:
    """`text` with every known secret, credential header and sensitive member masked."""
    text = _secrets.sub(text)
    pattern = _sensitive_re
    if pattern is not None and '"' in text:
        text = pattern.sub(lambda m: m.group(1) + '"' + MASK + '"', text)
    if text.startswith("Signature:"):
        text = _SIGNATURE_LINE_RE.sub(lambda m: m.group(1) + MASK, text)
    if "mz-" in text.lower() or "uthorization" in text:
        text = _CANONICAL_RE.sub(lambda m: m.group(1) + MASK, text)
        text = _AUTH_PARTS_RE.sub(lambda m: m.group(1) + "=" + MASK, text)
        text = _HEADER_RE.sub(_mask_header, text)
    return text


def _mask_header(m: re.Match[str]) -> str:
    name, sep, value = m.group(1), m.group(2), m.group(3)
    if name.lower() == "authorization":
        # keep the scheme and SignedHeaders (not secret); Credential/Signature are already masked
        return m.group(0)
    return name + sep + MASK


class RedactingFilter(logging.Filter):
    """Rewrites each record's message with `redact()` (and drops its arguments)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken record is the logger's business
            return True
        cleaned = redact(message)
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if cleaned != message or record.args:
            record.msg, record.args = cleaned, None
        return True


_services_seen: set[str] = set()


def install_for(client, access_key_id: str | None = None) -> None:
    """`install()`, plus masking of the client's access key id and its model's sensitive
    members (read once per service)."""
    if access_key_id:
        remember(access_key_id)
    model = client.meta.service_model
    if model.service_name not in _services_seen:
        add_sensitive_members(sensitive_members(model))
        _services_seen.add(model.service_name)
    install()


_filter = RedactingFilter()
_installed: set[str] = set()


def install() -> None:
    """Put the filter on every botocore, boto3 and urllib3 logger (idempotent, cheap)."""
    names = set(_LOGGERS)
    names.update(n for n in list(logging.Logger.manager.loggerDict)
                 if n.split(".", 1)[0] in _PREFIXES)
    new = names - _installed
    if not new:
        return
    with _names_lock:
        for name in new:
            logger = logging.getLogger(name)
            if _filter not in logger.filters:
                logger.addFilter(_filter)
        _installed.update(new)
