"""Every retry and timeout path, against a fault server (tests/tools/fault_server.py)."""

from __future__ import annotations

import json
import sys
import threading
import time
from pathlib import Path

import pytest

import paws_bridge
from paws_bridge import ConnectionError_, PawsError, TimeoutError_

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
from fault_server import FaultServer  # noqa: E402

OK = {"CodeDeliveryDetails": {"Destination": "j***@e***.com", "DeliveryMedium": "EMAIL",
                              "AttributeName": "email"}}


def svc_for(server: FaultServer, **config):
    return paws_bridge.cognitoidentityprovider(config={
        "endpoint": server.endpoint, "region": "us-east-1",
        "credentials": {"anonymous": True}, **config})


def call(svc):
    return svc.resend_confirmation_code(ClientId="client", Username="jane")


@pytest.mark.parametrize("plan", [
    ["500", "ok"], ["503", "ok"], ["500", "503", "500", "ok"], ["throttle", "ok"],
    ["toomany", "ok"], ["reset", "ok"], ["close", "ok"], ["truncate", "ok"],
    ["html", "ok"], ["truncate", "reset", "503", "ok"],
])
def test_transient_faults_are_retried_then_succeed(plan):
    with FaultServer(plan, OK) as server:
        assert call(svc_for(server))["CodeDeliveryDetails"]["DeliveryMedium"] == "EMAIL"
        sent = server.requests()
        assert len(sent) == len(plan)
        assert len({r["body"] for r in sent}) == 1  # the same request every time


@pytest.mark.parametrize("fault,error,code", [
    ("500", PawsError, "InternalErrorException"), ("503", PawsError, "ServiceUnavailable"),
    ("throttle", PawsError, "ThrottlingException"), ("reset", ConnectionError_, None),
    ("truncate", ConnectionError_, None), ("html", PawsError, None),
])
def test_retry_budget_is_max_retries_plus_one(fault, error, code):
    with FaultServer([fault], OK) as server:
        with pytest.raises(error) as err:
            call(svc_for(server, max_retries=2))
        assert len(server.requests()) == 3
        if code:
            assert err.value.code == code
        if fault == "truncate":
            assert "Connection was closed" in str(err.value)
        if fault == "html":
            assert "HTTP 502" in str(err.value) and "Bad Gateway" in str(err.value)


def test_max_retries_zero_is_one_attempt():
    with FaultServer(["503", "ok"], OK) as server:
        with pytest.raises(PawsError):
            call(svc_for(server, max_retries=0))
        assert len(server.requests()) == 1


@pytest.mark.parametrize("fault", ["nonjson", "html200"])
def test_a_200_that_is_not_json_is_a_clear_error_not_retried(fault):
    with FaultServer([fault, "ok"], OK) as server:
        with pytest.raises(PawsError) as err:
            call(svc_for(server))
        assert err.value.code == "ResponseParseError" and "not JSON" in str(err.value)
        assert len(server.requests()) == 1


@pytest.mark.parametrize("fault", ["stall", "drip"])
def test_a_stalled_server_fails_within_timeout_times_attempts(fault):
    timeout, retries = 1.0, 2
    with FaultServer([fault], OK, max_stall=30) as server:
        svc = svc_for(server, timeout=timeout, max_retries=retries)
        start = time.monotonic()
        with pytest.raises(TimeoutError_) as err:
            call(svc)
        elapsed = time.monotonic() - start
        attempts = retries + 1
        assert len(server.requests()) == attempts
        # timeout x attempts, plus botocore's back-off (< 1 s per retry at these counts)
        assert attempts * timeout * 0.9 <= elapsed < attempts * timeout + retries * 1.0 + 0.5
        assert "timed out" in str(err.value)
        assert isinstance(err.value, ConnectionError_) and isinstance(err.value, TimeoutError)


def test_a_slow_but_steady_answer_within_the_timeout_succeeds():
    with FaultServer(["ok"], OK) as server:
        assert call(svc_for(server, timeout=0.5))["CodeDeliveryDetails"]


def test_connect_timeout_is_a_timeout_error():
    # a listening socket whose backlog is full never completes a connect; simpler and
    # deterministic: an unroutable address (TEST-NET-1) with a tiny connect timeout
    svc = paws_bridge.cognitoidentityprovider(config={
        "endpoint": "http://192.0.2.1:9", "region": "us-east-1", "connect_timeout": 0.2,
        "timeout": 5, "max_retries": 1, "credentials": {"anonymous": True}})
    start = time.monotonic()
    with pytest.raises(ConnectionError_) as err:
        call(svc)
    assert time.monotonic() - start < 5
    if isinstance(err.value, TimeoutError_):  # no route at all fails faster, as a connection error
        assert "connect" in str(err.value)


# --- batch across an endpoint that dies and comes back ------------------------------------

def test_batch_with_the_endpoint_killed_and_restarted_loses_and_duplicates_no_row():
    pd = pytest.importorskip("pandas")
    server = FaultServer(["ok"], OK).start()
    port = server.port
    svc = svc_for(server)
    users = pd.DataFrame({"Username": [f"u{i:03d}" for i in range(200)]})
    holder = {"server": server}

    def chaos():
        time.sleep(0.2)
        holder["server"].stop()           # killed mid-run: connections refused
        time.sleep(0.5)
        holder["restarted"] = FaultServer(["ok"], OK, port=port).start()

    thread = threading.Thread(target=chaos)
    thread.start()
    result = paws_bridge.batch_call(svc.resend_confirmation_code, users, ClientId="client",
                               max_workers=4, max_rate=200, max_attempts=1, progress=False)
    thread.join()
    try:
        assert len(result) == len(users) and list(result["Username"]) == list(users["Username"])
        assert set(result["status"]) <= {"ok", "error"}
        served = [json.loads(r["body"])["Username"] for s in (server, holder["restarted"])
                  for r in s.requests()]
        ok_rows = set(result.loc[result["status"] == "ok", "Username"])
        # every ok row was answered, and no row was answered ok twice by a live server
        # (a request sent as the server died may have been read but never answered)
        assert ok_rows <= set(served)
        assert max(served.count(u) for u in set(served)) == 1  # max_attempts=1: sent once
        failed = users[result["status"] != "ok"]
        assert not failed.empty, "the outage should have failed some rows"
        assert (result.loc[failed.index, "error_code"] == "ConnectionError").all()
        before = len(holder["restarted"].requests())
        again = paws_bridge.batch_call(svc.resend_confirmation_code, failed, ClientId="client",
                                  max_workers=4, progress=False)
        assert (again["status"] == "ok").all() and list(again.index) == list(failed.index)
        rerun = [json.loads(r["body"])["Username"]
                 for r in holder["restarted"].requests()[before:]]
        assert sorted(rerun) == sorted(failed["Username"])  # only the failed rows, once each
    finally:
        holder["restarted"].stop()
