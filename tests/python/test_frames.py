"""to_frame(): list-operation pages -> typed DataFrames, driven by the model."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from botocore.model import Shape

import paws_bridge
from paws_bridge.frames import columns, infer_operation, is_pairs, list_spec
from paws_bridge.model import load_service
from paws_bridge.outputs import build_output, empty_output, is_document
from paws_bridge.paginate import paginated_operations

from local_svc import pool_with_users, service

SPEC = load_service("cognitoidentityprovider")
SVC = paws_bridge.cognitoidentityprovider(endpoint="http://127.0.0.1:9", region="eu-west-1")
PAGINATED = paginated_operations(SVC)
EPOCH = 1_700_000_000

EXPECTED_DTYPE = {"string": "object", "boolean": "boolean", "integer": "Int64",
                  "long": "Int64", "double": "float64", "float": "float64",
                  "timestamp": "datetime64[ns, UTC]", "object": "object"}


def synthetic(shape: Shape, seed: int, depth: int = 0):
    """A decoded value of `shape`, with every member filled (the wire form before outputs)."""
    kind = shape.type_name
    if kind == "structure":
        if is_document(shape) or depth > 5:
            return {}
        return {name: synthetic(m, seed, depth + 1) for name, m in shape.members.items()}
    if is_pairs(shape):
        return [{"Name": "email", "Value": f"u{seed}@example.com"},
                {"Name": f"custom:n{seed}", "Value": str(seed)}]
    if kind == "list":
        return [synthetic(shape.member, seed, depth + 1)]
    if kind == "map":
        return {"k": synthetic(shape.value, seed, depth + 1)}
    if kind == "string":
        return shape.enum[seed % len(shape.enum)] if shape.enum else f"s{seed}"
    if kind in ("integer", "long"):
        return seed
    if kind in ("double", "float"):
        return seed + 0.5
    if kind == "boolean":
        return seed % 2 == 0
    if kind == "timestamp":
        return EPOCH + seed
    if kind == "blob":
        return b"blob"
    return None


def page_of(operation: str, n: int) -> dict:
    spec = list_spec(SVC, operation)
    shape = SVC.operation(operation).output_shape
    raw = {spec.result_key: [synthetic(spec.item_shape, i) for i in range(n)]}
    return build_output(shape, raw)


def test_every_paginated_operation_is_a_list_operation():
    assert len(PAGINATED) >= 11
    for name in ("list_users", "list_users_in_group", "list_groups", "list_user_pools",
                 "list_user_pool_clients", "admin_list_groups_for_user"):
        assert name in PAGINATED
    for name in PAGINATED:
        assert list_spec(SVC, name).result_key == SVC.operation(name).paginator["result_key"]


@pytest.mark.parametrize("operation", PAGINATED)
def test_frame_for_every_paginated_operation(operation):
    page = page_of(operation, 3)
    frame = paws_bridge.to_frame(page, operation=operation)
    assert len(frame) == 3
    spec = list_spec(SVC, operation)
    for col in columns(spec.item_shape):
        if col.kind == "pairs":
            assert "email" in frame.columns and "custom:n2" in frame.columns
            assert frame["custom:n1"].tolist() == [None, "1", None]
            continue
        assert col.name in frame.columns, col.name
        assert str(frame[col.name].dtype) == EXPECTED_DTYPE.get(col.kind, "object"), col
        if col.kind == "timestamp":
            assert frame[col.name].iloc[2] == pd.Timestamp(EPOCH + 2, unit="s", tz="UTC")
        if col.kind in ("integer", "long"):
            assert frame[col.name].tolist() == [0, 1, 2]
    # inferred from the keys: the same frame
    pd.testing.assert_frame_equal(paws_bridge.to_frame(page), frame)


@pytest.mark.parametrize("operation", PAGINATED)
def test_empty_result_has_the_item_columns(operation):
    shape = SVC.operation(operation).output_shape
    frame = paws_bridge.to_frame(empty_output(shape))
    spec = list_spec(SVC, operation)
    expected = [c.name for c in columns(spec.item_shape) if c.kind != "pairs"]
    assert list(frame.columns) == expected
    assert len(frame) == 0
    for col in columns(spec.item_shape):
        if col.kind != "pairs":
            assert str(frame[col.name].dtype) == EXPECTED_DTYPE.get(col.kind, "object")
    # no page to look at: the operation's name alone, and the service (another service
    # loaded in this process, e.g. IAM, has list_groups too)
    assert list(paws_bridge.to_frame([], operation=operation, service=SVC).columns) == expected


def test_user_attributes_spread_in_place_with_collisions_prefixed():
    page = build_output(SVC.operation("list_users").output_shape, {"Users": [
        {"Username": "a", "Attributes": [{"Name": "email", "Value": "a@x.com"},
                                         {"Name": "Username", "Value": "shadow"}],
         "UserCreateDate": EPOCH, "Enabled": True, "UserStatus": "UNCONFIRMED"},
        {"Username": "b", "Attributes": [{"Name": "phone_number", "Value": "+15550100"}],
         "Enabled": False, "UserStatus": "CONFIRMED"},
    ], "PaginationToken": None})
    frame = paws_bridge.to_frame(page)
    assert list(frame.columns) == ["Username", "email", "Attributes.Username", "phone_number",
                                   "UserCreateDate", "UserLastModifiedDate", "Enabled",
                                   "UserStatus", "MFAOptions"]
    assert frame["email"].tolist() == ["a@x.com", None]
    assert frame["phone_number"].tolist() == [None, "+15550100"]
    assert frame["Enabled"].tolist() == [True, False]
    assert frame["UserCreateDate"].iloc[0] == pd.Timestamp(
        dt.datetime.fromtimestamp(EPOCH, dt.timezone.utc))
    assert pd.isna(frame["UserCreateDate"].iloc[1])
    assert frame["MFAOptions"].tolist() == [[], []]


def test_nested_structures_become_dotted_columns():
    frame = paws_bridge.to_frame(page_of("list_user_pools", 2))
    assert "LambdaConfig.PreSignUp" in frame.columns
    assert "LambdaConfig.CustomSMSSender.LambdaArn" in frame.columns
    assert "LambdaConfig" not in frame.columns


def test_list_of_pages_and_generators_concatenate():
    pages = [page_of("list_groups", 2), page_of("list_groups", 3)]
    assert len(paws_bridge.to_frame(pages)) == 5
    assert len(paws_bridge.to_frame(p for p in pages)) == 5


def test_groups_keys_are_shared_but_the_item_shape_is_the_same():
    page = page_of("admin_list_groups_for_user", 1)
    assert infer_operation(page).item_shape.name == "GroupType"


def test_unknown_pages_and_non_list_operations_are_refused():
    with pytest.raises(ValueError, match="pass operation="):
        paws_bridge.to_frame({"Something": []})
    with pytest.raises(ValueError, match="pass operation="):
        paws_bridge.to_frame([])
    with pytest.raises(ValueError, match="does not return a list"):
        paws_bridge.to_frame({}, operation="resend_confirmation_code")
    with pytest.raises(TypeError, match="not a dict"):
        paws_bridge.to_frame([["not", "a", "page"]])


def test_non_paginated_list_operations_work_with_operation():
    shape = SVC.operation("admin_list_devices").output_shape
    page = build_output(shape, {"Devices": [{"DeviceKey": "k1", "DeviceAttributes": [
        {"Name": "device_name", "Value": "phone"}], "DeviceCreateDate": EPOCH}]})
    frame = paws_bridge.to_frame(page, operation="admin_list_devices")
    assert frame[["DeviceKey", "device_name"]].values.tolist() == [["k1", "phone"]]


def test_users_from_the_local_endpoint(local_endpoint):
    svc = service(local_endpoint)
    pool_id, _, _ = pool_with_users(svc, 12)
    svc.admin_confirm_sign_up(UserPoolId=pool_id, Username="u003")
    frame = paws_bridge.to_frame(svc.paginate("list_users", UserPoolId=pool_id, PageSize=5))
    assert len(frame) == 12
    assert sorted(frame["Username"]) == [f"u{i:03d}" for i in range(12)]
    assert set(frame.loc[frame["Username"] == "u003", "UserStatus"]) == {"CONFIRMED"}
    assert (frame["UserStatus"] == "UNCONFIRMED").sum() == 11
    assert frame.set_index("Username").loc["u007", "email"] == "u007@example.com"
    assert str(frame["UserCreateDate"].dtype) == "datetime64[ns, UTC]"
    assert frame["UserCreateDate"].notna().all()
