"""The local endpoint serves every service moto has, beside Cognito, on its one port."""

from __future__ import annotations

import time

import boto3
import pytest

import paws_bridge
from paws_bridge.local import serve


@pytest.fixture(scope="module")
def endpoint():
    with serve() as ep:
        yield ep


def _config(ep) -> dict:
    return {"credentials": {"creds": {"access_key_id": "AKID", "secret_access_key": "SECRET"}},
            "endpoint": ep.endpoint, "region": "us-east-1"}


def test_a_script_mixing_services_runs_on_one_endpoint(endpoint):
    cfg = _config(endpoint)
    ddb = paws_bridge.dynamodb(config=cfg)
    ddb.create_table(TableName="mixed", BillingMode="PAY_PER_REQUEST",
                     AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}],
                     KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}])
    ddb.put_item(TableName="mixed", Item={"k": {"S": "a"}, "n": {"N": "1"}})
    item = ddb.get_item(TableName="mixed", Key={"k": {"S": "a"}})["Item"]
    assert item["n"]["N"] == "1" and item["n"]["S"] is None  # paws's value: every member
    queue = paws_bridge.sqs(config=cfg).create_queue(QueueName="mixed")["QueueUrl"]
    assert queue.endswith("/mixed")
    ssm = paws_bridge.ssm(config=cfg)
    ssm.put_parameter(Name="/mixed", Value="v", Type="String")
    assert ssm.get_parameter(Name="/mixed")["Parameter"]["Value"] == "v"
    assert paws_bridge.lambda_(config=cfg).list_functions()["Functions"] == []
    pool = paws_bridge.cognitoidentityprovider(config=cfg).create_user_pool(PoolName="p")
    assert pool["UserPool"]["Name"] == "p"
    # Cognito stays the endpoint's own (its read-back API sees it); others are moto's
    assert endpoint.sent_codes() == []


def test_any_client_can_use_it(endpoint):
    # a test double of AWS, not of the bridge: boto3 gets the same services
    s3 = boto3.client("s3", endpoint_url=endpoint.endpoint, region_name="us-east-1",
                      aws_access_key_id="AKID", aws_secret_access_key="SECRET")
    s3.create_bucket(Bucket="mixed-bucket")
    s3.put_object(Bucket="mixed-bucket", Key="k", Body=b"hello")
    assert s3.get_object(Bucket="mixed-bucket", Key="k")["Body"].read() == b"hello"


def test_pagination_frames_and_batch_for_other_services(endpoint):
    pd = pytest.importorskip("pandas")
    cfg = _config(endpoint)
    ddb = paws_bridge.dynamodb(config=cfg)
    ddb.create_table(TableName="paged", BillingMode="PAY_PER_REQUEST",
                     AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}],
                     KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}])
    rows = pd.DataFrame({"Item": [{"k": {"S": f"k{i:02d}"}, "n": {"N": str(i)},
                                   "ok": {"BOOL": i % 2 == 0}} for i in range(12)]})
    done = paws_bridge.batch_call(ddb.put_item, rows, TableName="paged", progress=False)
    assert (done["status"] == "ok").all()
    # a map token (LastEvaluatedKey -> ExclusiveStartKey)
    pages = list(ddb.paginate("scan", TableName="paged", PageSize=5))
    assert [len(p["Items"]) for p in pages] == [5, 5, 2]
    assert sum(len(p["Items"]) for p in ddb.paginate("scan", TableName="paged",
                                                     MaxItems=7)) == 7
    frame = paws_bridge.to_frame(pages)  # items that are maps: a column per attribute
    assert list(frame.columns) == ["k", "n", "ok"] or set(frame.columns) == {"k", "n", "ok"}
    assert sorted(frame["k"]) == [f"k{i:02d}" for i in range(12)]
    assert set(frame["ok"]) == {True, False}

    ssm = paws_bridge.ssm(config=cfg)
    for i in range(7):
        ssm.put_parameter(Name=f"/app/p{i}", Value=str(i), Type="String")
    params = paws_bridge.to_frame(ssm.paginate("get_parameters_by_path", Path="/app",
                                               PageSize=3))
    assert sorted(params["Name"]) == [f"/app/p{i}" for i in range(7)]

    logs = paws_bridge.cloudwatchlogs(config=cfg)
    logs.create_log_group(logGroupName="paged")
    logs.create_log_stream(logGroupName="paged", logStreamName="s")
    logs.put_log_events(logGroupName="paged", logStreamName="s", logEvents=[
        {"timestamp": int(time.time() * 1000) + i, "message": f"m{i}"} for i in range(5)])
    events = paws_bridge.to_frame(logs.paginate("filter_log_events", logGroupName="paged"))
    assert list(events["message"]) == [f"m{i}" for i in range(5)]
    assert list(paws_bridge.items(logs.filter_log_events, logGroupName="paged"))[0][
        "message"] == "m0"


def test_jmespath_tokens_and_more_results(endpoint):
    # S3 ListObjects: output token "NextMarker || Contents[-1].Key", more_results IsTruncated
    cfg = _config(endpoint)
    s3 = boto3.client("s3", endpoint_url=endpoint.endpoint, region_name="us-east-1",
                      aws_access_key_id="AKID", aws_secret_access_key="SECRET")
    s3.create_bucket(Bucket="paged-bucket")
    for i in range(7):
        s3.put_object(Bucket="paged-bucket", Key=f"k{i}", Body=b"x")
    svc = paws_bridge.s3(config=cfg)
    pages = list(svc.paginate("list_objects", Bucket="paged-bucket", PageSize=3))
    assert [len(p["Contents"]) for p in pages] == [3, 3, 1]
    assert [o["Key"] for p in pages for o in p["Contents"]] == [f"k{i}" for i in range(7)]
    assert [o["Key"] for o in paws_bridge.items(svc.list_objects, Bucket="paged-bucket",
                                                MaxItems=4)] == ["k0", "k1", "k2", "k3"]


def test_unsigned_calls_of_other_services(endpoint):
    sts = paws_bridge.sts(config={**_config(endpoint), "credentials": {"anonymous": True}})
    out = sts.assume_role_with_web_identity(RoleArn="arn:aws:iam::123456789012:role/r",
                                            RoleSessionName="s", WebIdentityToken="t")
    assert out["Credentials"]["AccessKeyId"]
