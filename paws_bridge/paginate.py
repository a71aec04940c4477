"""Paginators, driven by botocore's paginator model, with paws.common's arguments.

paws: `paginate(svc$list_users(UserPoolId = "..."), PageSize, MaxItems, StartingToken,
StopOnSameToken)` returns the list of pages. Here `pages()` yields them lazily;
`paginate()` takes a bound method the way paws takes a call; `items()` yields the result
items across pages.
"""

from __future__ import annotations

from typing import Any, Callable, Iterator, Mapping

from .errors import ParamValidationError


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
          starting_token: Any = None, stop_on_same_token: bool = False,
          whole_pages: bool = False) -> Iterator[dict[str, Any]]:
    """Yield each page (paws's value for one call) until the service has no more.

    The one paging loop (R's paginate() hands its call over to it too): input tokens set from
    the previous page's output tokens (botocore paths: `A.B`, `Items[-1].Key`, `X || Y`),
    until every output token is empty, `more_results` is false, or `max_items` result items
    have been seen. `stop_on_same_token`: stop, without the page, when a page's output tokens
    are the tokens that fetched it (a service repeating itself). `whole_pages`: the page
    that reaches `max_items` is yielded whole (paws in R) instead of cut at `max_items`.

    The operation and PageSize are checked here, at the call, not at the first page: a
    mistake shows where it is made even when the pages are read much later.
    """
    pag = _config(service, operation)
    if page_size is not None and not pag.get("limit_key"):
        raise ParamValidationError(operation, [f"PageSize: {operation} takes no page size"])
    return _pages(service, operation, pag, params, page_size, max_items, starting_token,
                  stop_on_same_token, whole_pages)


def _pages(service: Any, operation: str, pag: dict[str, Any], params: Mapping[str, Any],
           page_size: int | None, max_items: int | None, starting_token: Any,
           stop_on_same_token: bool, whole_pages: bool) -> Iterator[dict[str, Any]]:
    in_tokens = _keys(pag["input_token"])
    out_tokens = _keys(pag["output_token"])
    result_keys = _keys(pag.get("result_key"))
    more_results = pag.get("more_results")
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
    while True:
        page = method(**request)
        next_tokens = [lookup(page, k) for k in out_tokens]
        last = all(t in (None, "", [], {}) for t in next_tokens)
        if stop_on_same_token and not last and next_tokens == [request.get(k) for k in in_tokens]:
            return
        if max_items is not None and result_keys:
            room = max_items - seen_items
            if not whole_pages:
                for key in result_keys:
                    if isinstance(page.get(key), list) and len(page[key]) > room:
                        page[key] = page[key][:room]
            seen_items += max(len(lookup(page, k) or []) for k in result_keys)
        yield page
        if more_results and lookup(page, more_results) is False:
            return
        if last:
            return
        if max_items is not None and seen_items >= max_items:
            return
        for key, tok in zip(in_tokens, next_tokens):
            request[key] = tok


def lookup(page: Mapping[str, Any], path: str) -> Any:
    """A value in a page by a botocore paginator path: `NextToken`, `A.B`, `Items[-1].Key`,
    or alternatives `X || Y` (the first that is not empty); None where a step is missing."""
    value: Any = None
    for alternative in path.split("||"):
        value = page
        for part in alternative.strip().split("."):
            name, _, index = part.partition("[")
            value = value.get(name) if isinstance(value, Mapping) else None
            if index and isinstance(value, list):
                i = int(index.rstrip("]"))
                value = value[i] if -len(value) <= i < len(value) else None
            elif index:
                value = None
        if value not in (None, "", [], {}):
            return value
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
