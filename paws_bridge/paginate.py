"""Paginators, driven by botocore's paginator model, with paws.common's arguments.

paws: `paginate(svc$list_users(UserPoolId = "..."), PageSize, MaxItems, StartingToken,
StopOnSameToken)` returns the list of pages. Here `pages()` yields them lazily;
`paginate()` takes a bound method the way paws takes a call; `items()` yields the result
items across pages.

Works for every paginated operation of every service: tokens may be lists (several input
tokens, each fed from its output token), output tokens and result keys are JMESPath
expressions (`NextMarker || Contents[-1].Key`, `ResultSet.Rows`), `more_results` (e.g.
`IsTruncated`) ends the run when false, MaxItems cuts the last page's items.
"""

from __future__ import annotations

import functools
from typing import Any, Callable, Iterator, Mapping

import jmespath

from .errors import ParamValidationError


@functools.lru_cache(maxsize=None)
def _expression(path: str) -> Any:
    return jmespath.compile(path)


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


class Pages:
    """The pages of one paginated call, read lazily; knows which operation made them (so
    `to_frame(svc.paginate(...))` needs no `operation=`)."""

    def __init__(self, service: Any, operation: str, pages: Iterator[dict[str, Any]]) -> None:
        self.service = service
        self.operation = operation
        self._pages = pages

    def __iter__(self) -> "Pages":
        return self

    def __next__(self) -> dict[str, Any]:
        return next(self._pages)

    def __repr__(self) -> str:
        return f"<pages of {self.operation}>"


class PageList(list):
    """`paginate()`'s list of pages, knowing which operation made them."""

    service: Any = None
    operation: str | None = None


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
    return Pages(service, operation,
                 _pages(service, operation, pag, params, page_size, max_items,
                        starting_token, stop_on_same_token))


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
    more_results = pag.get("more_results")
    seen_items = 0
    previous = None
    while True:
        page = method(**request)
        if max_items is not None and result_keys:
            room = max_items - seen_items
            counts = [0]
            for key in result_keys:
                items = _lookup(page, key)
                if isinstance(items, list):
                    if len(items) > room:
                        _truncate(page, key, room)
                    counts.append(min(len(items), room))
            seen_items += max(counts)
        yield page
        next_tokens = [_lookup(page, k) for k in out_tokens]
        if all(t in (None, "", [], {}) for t in next_tokens):
            return
        if more_results and not _lookup(page, more_results):
            return
        if max_items is not None and seen_items >= max_items:
            return
        if stop_on_same_token and next_tokens == previous:
            return
        previous = next_tokens
        for key, tok in zip(in_tokens, next_tokens):
            request[key] = tok


def _lookup(page: Mapping[str, Any], path: str) -> Any:
    """A token or result key of a page (a JMESPath expression over paws's value)."""
    if path.isidentifier():
        return page.get(path)
    return _expression(path).search(page)


def _truncate(page: dict[str, Any], path: str, n: int) -> None:
    """Cut the list at `path` (a member, or a dotted path of members) to n items."""
    parts = path.split(".")
    if not all(p.isidentifier() for p in parts):
        return  # a projection (Reservations[].Instances): left whole
    holder: Any = page
    for part in parts[:-1]:
        holder = holder.get(part) if isinstance(holder, Mapping) else None
    if isinstance(holder, dict) and isinstance(holder.get(parts[-1]), list):
        holder[parts[-1]] = holder[parts[-1]][:n]


def paginate(method: Callable[..., Any], *, PageSize: int | None = None,
             MaxItems: int | None = None, StartingToken: Any = None,
             StopOnSameToken: bool = False, **params: Any) -> list[dict[str, Any]]:
    """paws's `paginate()`: every page of `method` (a bound service method) as a list."""
    service = method.__self__
    out = PageList(pages(service, method.__name__, params, page_size=PageSize,
                         max_items=MaxItems, starting_token=StartingToken,
                         stop_on_same_token=StopOnSameToken))
    out.service, out.operation = service, method.__name__
    return out


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
            yield from _lookup(page, key) or []
