"""Pagination against the local endpoint: several pages, MaxItems, StartingToken, items()."""

from __future__ import annotations

import pytest

import paws_bridge
from paws_bridge.errors import ParamValidationError

from local_svc import service

PAGE = 3


@pytest.fixture
def pool(local_endpoint):
    """A pool with 7 users, 7 groups (u000 in all, all in g0), 7 app clients."""
    svc = service(local_endpoint)
    pid = svc.create_user_pool(PoolName="paging")["UserPool"]["Id"]
    for i in range(7):
        svc.admin_create_user(UserPoolId=pid, Username=f"u{i:03d}", MessageAction="SUPPRESS")
        svc.create_group(UserPoolId=pid, GroupName=f"g{i}")
        svc.create_user_pool_client(UserPoolId=pid, ClientName=f"c{i}")
    for i in range(7):
        svc.admin_add_user_to_group(UserPoolId=pid, Username="u000", GroupName=f"g{i}")
        if i:
            svc.admin_add_user_to_group(UserPoolId=pid, Username=f"u{i:03d}", GroupName="g0")
    return svc, pid


CASES = [
    ("list_users", {}, "Users", "Username"),
    ("list_groups", {}, "Groups", "GroupName"),
    ("list_user_pool_clients", {}, "UserPoolClients", "ClientName"),
    ("list_users_in_group", {"GroupName": "g0"}, "Users", "Username"),
    ("admin_list_groups_for_user", {"Username": "u000"}, "Groups", "GroupName"),
]


@pytest.mark.parametrize("operation,extra,key,name", CASES)
def test_pages_across_several_calls(pool, operation, extra, key, name):
    svc, pid = pool
    pages = list(svc.paginate(operation, UserPoolId=pid, PageSize=PAGE, **extra))
    assert [len(p[key]) for p in pages] == [3, 3, 1]
    names = [item[name] for p in pages for item in p[key]]
    assert len(set(names)) == 7
    token = svc.operation(operation).paginator["output_token"]
    assert pages[-1][token] is None and all(p[token] for p in pages[:-1])
    # the module-level forms agree
    method = getattr(svc, operation)
    assert paws_bridge.paginate(method, UserPoolId=pid, PageSize=PAGE, **extra) == pages
    assert [i[name] for i in paws_bridge.items(method, UserPoolId=pid, PageSize=PAGE,
                                                **extra)] == names
    assert len(paws_bridge.to_frame(pages)) == 7


def test_list_user_pools_pages(local_endpoint):
    svc = service(local_endpoint)
    for i in range(5):
        svc.create_user_pool(PoolName=f"p{i}")
    pages = paws_bridge.paginate(svc.list_user_pools, PageSize=2)
    assert [len(p["UserPools"]) for p in pages] == [2, 2, 1]


def test_max_items_stops_mid_page(pool):
    svc, pid = pool
    pages = paws_bridge.paginate(svc.list_users, UserPoolId=pid, PageSize=PAGE, MaxItems=4)
    assert [len(p["Users"]) for p in pages] == [3, 1]
    assert len(list(paws_bridge.items(svc.list_users, UserPoolId=pid, PageSize=PAGE,
                                      MaxItems=5))) == 5


def test_starting_token_resumes(pool):
    svc, pid = pool
    first = next(svc.paginate("list_users", UserPoolId=pid, PageSize=PAGE))
    rest = list(svc.paginate("list_users", UserPoolId=pid, PageSize=PAGE,
                             StartingToken=first["PaginationToken"]))
    names = [u["Username"] for p in [first, *rest] for u in p["Users"]]
    assert sorted(names) == [f"u{i:03d}" for i in range(7)]


def test_pages_are_lazy(pool, local_cognito):
    svc, pid = pool
    pages = svc.with_settings(max_retries=0).paginate("list_users", UserPoolId=pid,
                                                      PageSize=PAGE)
    local_cognito.rate_limit = 0.001  # the quota's first token is spent by the first page
    next(pages)
    with pytest.raises(paws_bridge.PawsError, match="TooManyRequests"):
        next(pages)


def test_mistakes_show_at_the_call_not_at_the_first_page(pool):
    svc, _ = pool
    with pytest.raises(ValueError, match="does not paginate"):
        svc.paginate("resend_confirmation_code", ClientId="x", Username="y")


def test_page_size_is_checked_by_the_service(pool):
    svc, pid = pool
    with pytest.raises((ParamValidationError, paws_bridge.PawsError)):
        list(svc.paginate("list_users", UserPoolId=pid, PageSize="many"))
