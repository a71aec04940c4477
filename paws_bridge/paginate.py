"""Paginators, driven by botocore's paginator model, with paws.common's arguments.

paws: `paginate(svc$list_users(UserPoolId = "..."), PageSize, MaxItems, StartingToken,
StopOnSameToken)` returns the list of pages. Here `pages()` yields them lazily;
`paginate()` takes a bound method the way paws takes a call; `items()` yields the result
items across pages.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Iterator, Mapping

from .errors import ParamValidationError

_SIMPLE = re.compile(r"^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$")


def _config(service: Any, operation: str) -> dict[str, Any]:
    pag = service.operation(operation).paginator
    if not pag:
        raise ValueError(f"{operation} does not paginate; paginated operations: "
                         f"{', '.join(paginated_operations(service))}")
    return pag


def paginated_operations(service: Any) -> list[str]:
    """The operations of a service that paginate, in model order."""
    return [n for n in service.operations() if service.operation(n).paginator]


def _keys(value: Any) -> list[str]:
    return [value] if isinstance(value, str) else list(value or [])


def pages(service: Any, operation: str, params: Mapping[str, Any], *,
          page_size: int | None = None, max_items: int | None = None,
          starting_token: Any = None, stop_on_same_token: bool = False
          ) -> Iterator[dict[str, Any]]:
    """Yield each page (paws's value for one call) until the service has no more.

    The operation and PageSize are checked here, at the call, not at the first page: a
    mistake shows where it is made even when the pages are read much later.
    """
    pag = _config(service, operation)
    if page_size is not None and not pag.get("limit_key"):
        raise ParamValidationError(operation, [f"PageSize: {operation} takes no page size"])
    return _pages(service, operation, pag, params, page_size, max_items, starting_token,
                  stop_on_same_token)


def _pages(service: Any, operation: str, pag: dict[str, Any], params: Mapping[str, Any],
           page_size: int | None, max_items: int | None, starting_token: Any,
           stop_on_same_token: bool) -> Iterator[dict[str, Any]]:
    in_tokens = _keys(pag["input_token"])
    out_tokens = _keys(pag["output_token"])
    result_keys = _keys(pag.get("result_key"))
    limit_key = pag.get("limit_key")
    method = getattr(service, operation)
    request = {k: v for k, v in params.items() if v is not None}
    if page_size is not None:
        request[limit_key] = page_size
    if starting_token is not None:
        tokens = starting_token if isinstance(starting_token, (list, tuple)) else [starting_token]
        for key, tok in zip(in_tokens, tokens):
            request[key] = tok
    seen_items = 0
    previous = None
    while True:
        page = method(**request)
        if max_items is not None and result_keys:
            room = max_items - seen_items
            for key in result_keys:
                if isinstance(page.get(key), list) and len(page[key]) > room:
                    page[key] = page[key][:room]
            seen_items += max(len(page.get(k) or []) for k in result_keys)
        yield page
        more = pag.get("more_results")
        if more is not None and not _lookup(page, more):
            return  # e.g. IAM's and S3's IsTruncated = false
        next_tokens = [_lookup(page, k) for k in out_tokens]
        if all(t in (None, "", [], {}) for t in next_tokens):
            return
        if max_items is not None and seen_items >= max_items:
            return
        if stop_on_same_token and next_tokens == previous:
            return
        previous = next_tokens
        for key, tok in zip(in_tokens, next_tokens):
            request[key] = tok


def _lookup(page: Mapping[str, Any], path: str) -> Any:
    if not _SIMPLE.match(path):  # botocore's JMESPath tokens: "NextMarker || Contents[-1].Key"
        import jmespath
        return jmespath.search(path, page)
    value: Any = page
    for part in path.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def paginate(method: Callable[..., Any], *, PageSize: int | None = None,
             MaxItems: int | None = None, StartingToken: Any = None,
             StopOnSameToken: bool = False, **params: Any) -> list[dict[str, Any]]:
    """paws's `paginate()`: every page of `method` (a bound service method) as a list."""
    service = method.__self__
    return list(pages(service, method.__name__, params, page_size=PageSize,
                      max_items=MaxItems, starting_token=StartingToken,
                      stop_on_same_token=StopOnSameToken))


def items(method: Callable[..., Any], **params: Any) -> Iterator[Any]:
    """Every result item of a paginated operation, across pages (e.g. every user)."""
    service = method.__self__
    result_keys = _keys(_config(service, method.__name__).get("result_key"))
    paging = {k: params.pop(k) for k in ("PageSize", "MaxItems", "StartingToken",
                                         "StopOnSameToken") if k in params}
    for page in pages(service, method.__name__, params,
                      page_size=paging.get("PageSize"), max_items=paging.get("MaxItems"),
                      starting_token=paging.get("StartingToken"),
                      stop_on_same_token=paging.get("StopOnSameToken", False)):
        for key in result_keys:
            yield from page.get(key) or []
