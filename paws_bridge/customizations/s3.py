"""S3 as paws users use it (paws.common's `custom_s3.R`, botocore's S3 handlers).

- `Body` of `put_object` / `upload_part` given as a character string is a file path, read
  as bytes (paws's `convert_file_to_raw`); bytes go as they are.
- `CopySource` may be a list/dict (`Bucket`, `Key`, `VersionId`): it is written as paws
  writes it, `bucket/key[?versionId=...]`, URL-encoded except for `/`.
- SSE-C: botocore fills `SSECustomerKeyMD5` (and base64-encodes the key), as paws does.
- Addressing: virtual-hosted (`https://bucket.s3...`), as paws; path style with paws's
  config `s3_force_path_style = TRUE`, and for an endpoint at an IP address or localhost,
  where a bucket cannot be a host name. Region redirects are botocore's.
- `get_bucket_location`: an empty answer is `"us-east-1"`, `"EU"` is `"eu-west-1"` (paws).
- XML payloads go out without the S3 namespace and list operations without botocore's
  `encoding-type=url`, as paws sends them.
- paws's extra functions: `download_file(Bucket, Key, Filename, ...)` and
  `generate_presigned_url(client_method, params, expires_in, http_method)`.
"""

from __future__ import annotations

import os
import re
import urllib.parse
from typing import Any

from ..errors import ParamValidationError
from . import Customization, register

_FILE_BODY_OPS = frozenset({"put_object", "upload_part"})
_XMLNS = re.compile(rb'^(\s*(?:<\?xml[^>]*\?>\s*)?<[A-Za-z][\w.-]*)\s+xmlns="[^"]*"')


def _file_body(operation: str, body: Any) -> bytes:
    path = os.path.expanduser(body)
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as exc:
        raise ParamValidationError(operation, [
            f"Body: a character Body is read as a file path (as paws does); cannot read "
            f"{body!r}: {exc.strerror}"]) from None


def _copy_source(operation: str, source: dict[str, Any]) -> str:
    bucket, key = source.get("Bucket"), source.get("Key")
    if not bucket or not key:
        missing = "Bucket" if not bucket else "Key"
        raise ParamValidationError(operation, [
            f"CopySource: a list CopySource needs {missing}"])
    text = f"{bucket}/{key}"  # botocore URL-encodes it (except "/"), as paws does
    version = source.get("VersionId")
    if version:
        text += f"?versionId={version}"
    return text


def _ip_endpoint(endpoint: str | None) -> bool:
    """An endpoint at an IP address or localhost, where a bucket cannot be a host name."""
    if not endpoint:
        return False
    host = urllib.parse.urlsplit(endpoint).hostname or ""
    return host == "localhost" or bool(re.fullmatch(r"[\d.]+|[0-9a-fA-F:]+", host))


def _strip_namespace(params: dict[str, Any], **_: Any) -> None:
    """paws sends S3's XML payloads without the namespace; so do we (before checksums)."""
    body = params.get("body")
    if isinstance(body, bytes) and body[:256].lstrip().startswith(b"<"):
        params["body"] = _XMLNS.sub(rb"\1", body, count=1)


def download_file(service: Any, Bucket: str, Key: str, Filename: str,
                  **get_object_args: Any) -> dict[str, Any]:
    """Download an object to a local file (paws's `s3$download_file()`).

    Takes `get_object`'s arguments (Range, VersionId, SSECustomerKey, ...) and `Filename`;
    the body is streamed to the file in chunks (never held whole in memory). Returns `{}`
    (paws's `list()`).
    """
    import botocore.exceptions

    from .. import inputs
    from ..errors import RAW_XML_KEY, from_botocore
    if not isinstance(Filename, str) or not Filename:
        raise ParamValidationError("download_file", ["Filename: expected a file path"])
    op = service.operation("get_object")
    unknown = [k for k in get_object_args if k not in op.arguments]
    if unknown:
        raise ParamValidationError("download_file", [
            f"{k}: invalid name: {k} (download_file takes get_object's arguments and "
            "Filename)" for k in unknown])
    params = dict(get_object_args, Bucket=Bucket, Key=Key)
    request = inputs.prepare("download_file", op.input_shape, params)
    path = os.path.expanduser(Filename)
    try:
        parsed = service._client.get_object(**request)
        body = parsed[RAW_XML_KEY].body
        with open(path, "wb") as f:
            for chunk in body.iter_chunks(1 << 20):
                f.write(chunk)
    except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as exc:
        raise from_botocore(exc) from None
    return {}


def generate_presigned_url(service: Any, client_method: str,
                           params: dict[str, Any] | None = None, expires_in: int = 3600,
                           http_method: str | None = None) -> str:
    """A presigned URL for `client_method` (an operation name, e.g. "get_object") with
    `params`, valid `expires_in` seconds (paws's `s3$generate_presigned_url()`)."""
    if client_method not in service.operations():
        raise ParamValidationError("generate_presigned_url", [
            f"client_method: {client_method!r} is not an operation of s3"])
    op = service.operation(client_method)
    from .. import inputs
    request = inputs.prepare(client_method, op.input_shape, dict(params or {}))
    if isinstance(expires_in, float) and expires_in.is_integer():
        expires_in = int(expires_in)
    return service._client.generate_presigned_url(
        client_method, Params=request, ExpiresIn=expires_in, HttpMethod=http_method)


@register
class S3(Customization):
    service = "s3"

    def prepare(self, service, operation, params: dict) -> dict:
        operation = operation.name  # the Operation of paws_bridge.model
        body = params.get("Body")
        source = params.get("CopySource")
        if (operation in _FILE_BODY_OPS and isinstance(body, str)) or isinstance(source, dict):
            params = dict(params)
            if operation in _FILE_BODY_OPS and isinstance(body, str):
                params["Body"] = _file_body(operation, body)
            if isinstance(source, dict):
                params["CopySource"] = _copy_source(operation, source)
        return params

    def finish(self, service, operation, value: dict) -> dict:
        if operation.name == "get_bucket_location":
            location = value.get("LocationConstraint")
            value = dict(value, LocationConstraint="eu-west-1" if location == "EU"
                         else location or "us-east-1")
        return value

    def client_options(self, settings) -> dict:
        path = getattr(settings, "s3_force_path_style", False) or _ip_endpoint(settings.endpoint)
        options: dict[str, Any] = {"s3": {"addressing_style": "path" if path else "virtual"}}
        if not settings.signature_version and not settings.anonymous:
            options["signature_version"] = "s3v4"  # presigned URLs too (paws signs with v4)
        return options

    def extra_methods(self) -> dict:
        return {"download_file": download_file,
                "generate_presigned_url": generate_presigned_url}

    def tune_client(self, client) -> None:
        """Hooks on the botocore client: paws's XML payloads, no `encoding-type=url`."""
        from botocore.handlers import set_list_objects_encoding_type_url
        for op in ("ListObjects", "ListObjectsV2", "ListObjectVersions"):
            client.meta.events.unregister(f"before-parameter-build.s3.{op}",
                                          set_list_objects_encoding_type_url)
        client.meta.events.register("before-call.s3", _strip_namespace)
