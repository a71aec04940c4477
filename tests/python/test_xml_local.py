"""S3, IAM and EC2 against the local endpoint (paws_bridge.local: moto's services): paws's S3
conveniences (Body from a file path, CopySource as a dict, download_file, presigned URLs
fetched with curl, multipart upload, bucket location), pagination of the XML list operations
and data frames of their items."""

from __future__ import annotations

import shutil
import subprocess
import urllib.request

import pytest

import paws_bridge

@pytest.fixture(scope="module")
def endpoint(local_cognito):
    """The project's local endpoint (every service moto has, on one port)."""
    return local_cognito.endpoint


def _config(endpoint: str, **extra):
    return {"credentials": {"creds": {"access_key_id": "test", "secret_access_key": "test"}},
            "endpoint": endpoint, "region": "us-east-1", **extra}


@pytest.fixture(scope="module")
def s3(endpoint):
    return paws_bridge.s3(config=_config(endpoint, s3_force_path_style=True))


@pytest.fixture(scope="module")
def bucket(s3):
    s3.create_bucket(Bucket="xml-local")
    return "xml-local"


def test_body_bytes_in_and_out_and_from_a_file_path(s3, bucket, tmp_path):
    s3.put_object(Bucket=bucket, Key="a.bin", Body=bytes(range(256)))
    got = s3.get_object(Bucket=bucket, Key="a.bin")
    assert got["Body"] == bytes(range(256)) and got["ContentLength"] == 256
    path = tmp_path / "file.txt"
    path.write_bytes(b"from a file\n")
    s3.put_object(Bucket=bucket, Key="file.txt", Body=str(path))  # paws: a path
    assert s3.get_object(Bucket=bucket, Key="file.txt")["Body"] == b"from a file\n"
    with pytest.raises(paws_bridge.ParamValidationError, match="Body: .*file path"):
        s3.put_object(Bucket=bucket, Key="x", Body=str(tmp_path / "missing"))


def test_copy_source_as_a_dict(s3, bucket):
    s3.put_object(Bucket=bucket, Key="src key.txt", Body=b"copy me")
    s3.copy_object(Bucket=bucket, Key="dst.txt",
                   CopySource={"Bucket": bucket, "Key": "src key.txt"})
    assert s3.get_object(Bucket=bucket, Key="dst.txt")["Body"] == b"copy me"


def test_download_file(s3, bucket, tmp_path):
    s3.put_object(Bucket=bucket, Key="dl.bin", Body=b"x" * 3_000_001)
    target = tmp_path / "dl.bin"
    assert s3.download_file(Bucket=bucket, Key="dl.bin", Filename=str(target)) == {}
    assert target.read_bytes() == b"x" * 3_000_001
    s3.download_file(bucket, "dl.bin", str(target), Range="bytes=0-9")
    assert target.read_bytes() == b"x" * 10
    with pytest.raises(paws_bridge.PawsError) as err:
        s3.download_file(Bucket=bucket, Key="nope", Filename=str(target))
    assert err.value.status_code == 404


@pytest.mark.skipif(shutil.which("curl") is None, reason="needs curl")
def test_presigned_url_is_fetched_by_plain_curl(s3, bucket):
    s3.put_object(Bucket=bucket, Key="shared.txt", Body=b"presigned!")
    url = s3.generate_presigned_url("get_object", {"Bucket": bucket, "Key": "shared.txt"},
                                    expires_in=300)
    assert "X-Amz-Signature=" in url or "Signature=" in url
    out = subprocess.run(["curl", "-sf", url], capture_output=True, timeout=30, check=True)
    assert out.stdout == b"presigned!"
    put_url = s3.generate_presigned_url("put_object", {"Bucket": bucket, "Key": "up.txt"},
                                        http_method="PUT")
    subprocess.run(["curl", "-sf", "-T", "-", put_url], input=b"uploaded",
                   capture_output=True, timeout=30, check=True)
    assert s3.get_object(Bucket=bucket, Key="up.txt")["Body"] == b"uploaded"
    with pytest.raises(paws_bridge.ParamValidationError, match="client_method"):
        s3.generate_presigned_url("no_such_op", {})


def test_multipart_upload(s3, bucket):
    up = s3.create_multipart_upload(Bucket=bucket, Key="big.bin")
    part1, part2 = b"a" * (5 * 1024 * 1024), b"b" * 1000
    e1 = s3.upload_part(Bucket=bucket, Key="big.bin", UploadId=up["UploadId"],
                        PartNumber=1, Body=part1)["ETag"]
    e2 = s3.upload_part(Bucket=bucket, Key="big.bin", UploadId=up["UploadId"],
                        PartNumber=2, Body=part2)["ETag"]
    s3.complete_multipart_upload(
        Bucket=bucket, Key="big.bin", UploadId=up["UploadId"],
        MultipartUpload={"Parts": [{"ETag": e1, "PartNumber": 1},
                                   {"ETag": e2, "PartNumber": 2}]})
    got = s3.get_object(Bucket=bucket, Key="big.bin")
    assert got["Body"] == part1 + part2


def test_bucket_location(endpoint, s3, bucket):
    assert s3.get_bucket_location(Bucket=bucket) == {"LocationConstraint": "us-east-1"}
    eu = paws_bridge.s3(config=_config(endpoint, s3_force_path_style=True,
                                       region="eu-west-1"))
    eu.create_bucket(Bucket="xml-local-eu",
                     CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    assert eu.get_bucket_location(Bucket="xml-local-eu") == {"LocationConstraint": "eu-west-1"}


def test_path_style_only_when_asked(endpoint):
    sent = []
    virtual = paws_bridge.s3(config=_config("https://s3.amazonaws.com"))
    virtual._client.meta.events.register("before-send",
                                         lambda request, **_: sent.append(request.url) or _ok())
    virtual.head_bucket(Bucket="some-bucket")
    forced = paws_bridge.s3(config=_config("https://s3.amazonaws.com", s3_force_path_style=True))
    forced._client.meta.events.register("before-send",
                                        lambda request, **_: sent.append(request.url) or _ok())
    forced.head_bucket(Bucket="some-bucket")
    assert sent[0].startswith("https://some-bucket.s3.amazonaws.com")
    assert sent[1].startswith("https://s3.amazonaws.com/some-bucket")


def _ok():
    from botocore.awsrequest import AWSResponse

    class _Raw:
        def stream(self, **_):
            yield b""

    return AWSResponse("https://x", 200, {}, _Raw())


def test_list_objects_v2_in_five_pages_with_max_keys(s3):
    s3.create_bucket(Bucket="xml-pages")
    keys = [f"k{i:02d}" for i in range(23)]
    for k in keys:
        s3.put_object(Bucket="xml-pages", Key=k, Body=k.encode())
    pages = list(s3.paginate("list_objects_v2", Bucket="xml-pages", MaxKeys=5))
    assert len(pages) == 5
    assert [o["Key"] for p in pages for o in p["Contents"]] == keys
    pages = list(s3.paginate("list_objects", Bucket="xml-pages", PageSize=5))  # markers
    assert len(pages) == 5
    assert [o["Key"] for p in pages for o in p["Contents"]] == keys
    frame = paws_bridge.to_frame(pages, service=s3)
    assert list(frame["Key"]) == keys and str(frame["Size"].dtype) == "Int64"
    items = list(paws_bridge.items(s3.list_objects_v2, Bucket="xml-pages", MaxKeys=7))
    assert [o["Key"] for o in items] == keys


def test_iam_paginates_on_is_truncated_and_marker_and_users_frame(endpoint):
    iam = paws_bridge.iam(config=_config(endpoint))
    doc = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", ' \
          '"Resource": "*"}]}'
    for i in range(5):
        iam.create_policy(PolicyName=f"p{i}", Path="/xml/", PolicyDocument=doc)
        iam.create_user(UserName=f"u{i}", Path="/xml/")
    pages = list(iam.paginate("list_policies", Scope="Local", PathPrefix="/xml/",
                              PageSize=2))
    assert [len(p["Policies"]) for p in pages] == [2, 2, 1]
    assert [p["IsTruncated"] for p in pages] == [True, True, False]
    users = paws_bridge.to_frame(iam.list_users(PathPrefix="/xml/"), service=iam)
    assert list(users["UserName"]) == [f"u{i}" for i in range(5)]
    assert str(users["CreateDate"].dtype).startswith("datetime64")


def test_ec2_instances_paginate_on_next_token_and_frame_by_instance(endpoint):
    ec2 = paws_bridge.ec2(config=_config(endpoint))
    image = ec2.describe_images()["Images"][0]["ImageId"]
    for kind in ("t2.micro", "t3.micro"):
        for _ in range(3):
            ec2.run_instances(ImageId=image, MinCount=1, MaxCount=1, InstanceType=kind)
    ec2.run_instances(ImageId=image, MinCount=2, MaxCount=2, InstanceType="t3.nano")
    pages = list(ec2.paginate("describe_instances", PageSize=5))
    assert [len(p["Reservations"]) for p in pages] == [5, 2]
    assert pages[0]["NextToken"] and pages[1]["NextToken"] is None
    frame = paws_bridge.to_frame(pages, service=ec2)
    assert len(frame) == 8  # one row per instance, not per reservation
    assert sorted(set(frame["InstanceType"])) == ["t2.micro", "t3.micro", "t3.nano"]
    assert "ReservationId" in frame.columns


def test_sse_c_key_md5_is_filled(s3, bucket):
    import base64
    import hashlib
    key = "k" * 32
    seen = {}
    s3._client.meta.events.register(
        "before-send.s3.PutObject",
        lambda request, **_: seen.update({k.lower(): v.decode() if isinstance(v, bytes) else v
                                          for k, v in request.headers.items()}))
    try:
        s3.put_object(Bucket=bucket, Key="ssec", Body=b"secret", SSECustomerAlgorithm="AES256",
                      SSECustomerKey=key)
    except paws_bridge.PawsError:
        pass  # the emulator's support of SSE-C does not matter here: the request does
    want = base64.b64encode(hashlib.md5(key.encode()).digest()).decode()
    assert seen["x-amz-server-side-encryption-customer-key-md5"] == want
    assert seen["x-amz-server-side-encryption-customer-key"] == base64.b64encode(
        key.encode()).decode()
