"""The one paging loop (paws_bridge.paginate.pages) on a stand-in service: the token rules
that R's paginate() relies on too (R hands its call over to this loop), for any paginator
config botocore has: list tokens, `||` alternatives, `[-1]` paths, more_results."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from paws_bridge.paginate import lookup, pages


class Items:
    """A paginated `list_items` over `items`, `Size` per page, tokens "t<next index>"."""

    def __init__(self, items: list[str], paginator: dict[str, Any] | None = None,
                 repeat_token: bool = False, page: Any = None) -> None:
        self.items, self.repeat_token, self.calls = items, repeat_token, []
        self.paginator = paginator or {"input_token": "Token", "output_token": "Next",
                                       "limit_key": "Size", "result_key": "Items"}
        self.page = page

    def operation(self, name: str) -> Any:
        return SimpleNamespace(paginator=self.paginator)

    def list_items(self, **params: Any) -> dict[str, Any]:
        self.calls.append(params)
        if self.page is not None:
            return self.page(params)
        start = int(params.get("Token", "t0")[1:])
        size = params.get("Size", 2)
        chunk = self.items[start:start + size]
        last = start + len(chunk)
        nxt = "t0" if self.repeat_token else (f"t{last}" if last < len(self.items) else None)
        return {"Items": list(chunk), "Next": nxt}


def counts(service: Items, **kwargs: Any) -> list[int]:
    return [len(p["Items"]) for p in pages(service, "list_items", {}, **kwargs)]


def test_tokens_are_followed_until_there_is_none():
    svc = Items(list("abcde"))
    assert counts(svc) == [2, 2, 1]
    assert [c.get("Token") for c in svc.calls] == [None, "t2", "t4"]


def test_max_items_cuts_the_page_or_keeps_it_whole():
    assert counts(Items(list("abcdefg")), page_size=3, max_items=4) == [3, 1]
    assert counts(Items(list("abcdefg")), page_size=3, max_items=4, whole_pages=True) == [3, 3]
    assert counts(Items(list("abcdefg")), page_size=3, max_items=3, whole_pages=True) == [3]


def test_starting_token_resumes():
    assert counts(Items(list("abcdefg")), starting_token="t5") == [2]


def test_stop_on_same_token_drops_the_repeated_page():
    svc = Items(list("abcd"), repeat_token=True)
    assert counts(svc, starting_token="t0", stop_on_same_token=True) == []
    svc = Items(list("abcd"), repeat_token=True)
    assert counts(svc, stop_on_same_token=True) == [2]
    assert len(svc.calls) == 2
    # the last page (no token) is kept
    assert counts(Items(list("abc")), stop_on_same_token=True) == [2, 1]


def test_more_results_false_ends_the_paging():
    svc = Items([], paginator={"input_token": "Token", "output_token": "Next",
                               "more_results": "IsTruncated", "result_key": "Items"},
                page=lambda p: {"Items": ["x"], "Next": "t9", "IsTruncated": False})
    assert counts(svc) == [1]


def test_list_tokens_and_alternatives():
    answers = [{"Items": ["a", "b"], "IsTruncated": True, "NextMarker": None,
                "Contents": [{"Key": "a"}, {"Key": "b"}], "NextVersion": "v1"},
               {"Items": ["c"], "IsTruncated": False, "NextMarker": None,
                "Contents": [{"Key": "c"}], "NextVersion": None}]
    svc = Items([], paginator={"input_token": ["Marker", "VersionMarker"],
                               "output_token": ["NextMarker || Contents[-1].Key", "NextVersion"],
                               "more_results": "IsTruncated", "result_key": "Items"},
                page=lambda p: answers[len(svc.calls) - 1])
    assert counts(svc) == [2, 1]
    assert svc.calls[1] == {"Marker": "b", "VersionMarker": "v1"}


@pytest.mark.parametrize("path,want", [
    ("A.B", "tok"), ("L[-1].K", "last"), ("L[0].K", "first"), ("L[5].K", None),
    ("A.C", None), ("Missing || A.B", "tok"), ("A.B || L[0].K", "tok"), ("E || A.C", None),
])
def test_lookup_reads_botocore_paths(path, want):
    page = {"A": {"B": "tok"}, "E": "", "L": [{"K": "first"}, {"K": "last"}]}
    assert lookup(page, path) == want
