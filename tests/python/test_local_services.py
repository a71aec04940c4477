"""The local endpoint serves every service moto has, beside Cognito, on its one port."""

from __future__ import annotations

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
