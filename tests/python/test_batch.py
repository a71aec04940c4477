"""batch_call(): one result row per input row, whatever happens to the calls."""

from __future__ import annotations

import _thread
import concurrent.futures as cf
import multiprocessing
import threading
import time

import pandas as pd
import pytest

import paws_bridge
from paws_bridge.batching import THROTTLING_CODES

from local_svc import pool_with_users, service

OUTPUT_COLUMNS = ["CodeDeliveryDetails.Destination", "CodeDeliveryDetails.DeliveryMedium",
                  "CodeDeliveryDetails.AttributeName"]


class Coded(Exception):
    """An error with a service-style code (what a plain callable may raise)."""

    def __init__(self, code: str, status_code: int = 400):
        super().__init__(f"{code} happened")
        self.code = code
        self.status_code = status_code


# --- against the local endpoint ------------------------------------------------------------

def test_resend_to_every_row_with_errors_recorded_in_order(local_endpoint):
    svc = service(local_endpoint)
    pool_id, client_id, _ = pool_with_users(svc, 20)
    svc.admin_confirm_sign_up(UserPoolId=pool_id, Username="u005")
    names = [f"u{i:03d}" for i in range(20)] + ["nobody"]
    rows = pd.DataFrame({"Username": names, "note": range(21)}, index=[f"r{i}" for i in range(21)])
    result = paws_bridge.batch_call(svc.resend_confirmation_code, rows, ClientId=client_id,
                               max_workers=4)
    assert list(result.index) == list(rows.index)
    assert result["Username"].tolist() == names and result["note"].tolist() == list(range(21))
    assert list(result.columns) == ["Username", "note", "status", "error_code",
                                    "error_message", "attempts", *OUTPUT_COLUMNS]
    by_name = result.set_index("Username")
    assert by_name.loc["u005", "error_code"] == "InvalidParameterException"
    assert by_name.loc["nobody", "error_code"] == "UserNotFoundException"
    assert "(HTTP 400)" in by_name.loc["nobody", "error_message"]
    ok = result[result.status == "ok"]
    assert len(ok) == 19 and ok["error_code"].isna().all()
    assert (ok["CodeDeliveryDetails.DeliveryMedium"] == "EMAIL").all()
    assert ok["CodeDeliveryDetails.Destination"].str.match(r"u\*\*\*@e\*\*\*\.com").all()
    assert result.loc[result.status == "error", OUTPUT_COLUMNS].isna().all().all()


def test_throttling_is_retried_until_every_row_is_done(local_endpoint, local_cognito):
    svc = service(local_endpoint)
    _, client_id, _ = pool_with_users(svc, 80)
    local_cognito.rate_limit = 40  # burst of 40, then 40/s: 8 workers run into it
    rows = [{"Username": f"u{i:03d}"} for i in range(80)]
    result = paws_bridge.batch_call(svc.resend_confirmation_code, rows, ClientId=client_id,
                               max_workers=8, progress=False)
    assert result["status"].tolist() == ["ok"] * 80
    stats = result.attrs["stats"]
    assert stats["throttled"] > 0 and stats["calls"] == 80 + stats["throttled"]
    assert result["attempts"].max() > 1
    assert len(local_cognito.sent_codes(purpose="ResendConfirmationCode")) == 80


def test_a_tight_quota_uses_up_no_rows_attempts(local_endpoint, local_cognito):
    # 15/s and 8 workers: the row at the head of the queue used to be throttled ten times
    # running and come back as an error. Throttling while other calls get through is the
    # pace, not the row's failure: even max_attempts=1 loses no row.
    svc = service(local_endpoint)
    _, client_id, _ = pool_with_users(svc, 60)
    local_cognito.rate_limit = 15
    result = paws_bridge.batch_call(svc.resend_confirmation_code,
                               [{"Username": f"u{i:03d}"} for i in range(60)],
                               ClientId=client_id, max_workers=8, max_attempts=1,
                               progress=False)
    assert result["status"].tolist() == ["ok"] * 60, result["error_code"].value_counts()
    stats = result.attrs["stats"]
    assert stats["throttled"] > 0 and stats["calls"] == result["attempts"].sum()
    assert stats["rate_cuts"] <= 3  # it settles near 15/s instead of cutting again and again
    assert stats["throttled"] <= 15


def test_limit_exceeded_is_the_users_limit_not_throttling(local_endpoint, local_cognito):
    svc = service(local_endpoint)
    _, client_id, _ = pool_with_users(svc, 2)
    local_cognito.resend_limit = 1
    rows = [{"Username": "u000"}, {"Username": "u000"}, {"Username": "u001"}]
    result = paws_bridge.batch_call(svc.resend_confirmation_code, rows, ClientId=client_id,
                               max_workers=1)
    assert result["status"].tolist() == ["ok", "error", "ok"]
    assert result.loc[1, "error_code"] == "LimitExceededException"
    assert result.loc[1, "attempts"] == 1  # neither batch nor botocore retried it
    assert "LimitExceededException" not in THROTTLING_CODES


def test_secret_hash_is_filled_per_row(local_endpoint):
    svc = service(local_endpoint)
    _, client_id, secret = pool_with_users(svc, 5, secret=True)
    rows = pd.DataFrame({"Username": [f"u{i:03d}" for i in range(5)], "ClientId": client_id})
    plain = paws_bridge.batch_call(svc.resend_confirmation_code, rows)
    assert set(plain["error_code"]) == {"NotAuthorizedException"}
    with_secret = service(local_endpoint, client_secret=secret)
    result = paws_bridge.batch_call(with_secret.resend_confirmation_code, rows)
    assert result["status"].tolist() == ["ok"] * 5


@pytest.mark.parametrize("kind", ["thread", "process"])
def test_executor_parameter(local_endpoint, kind, monkeypatch):
    # an embedded R (rpy2, loaded by other tests) puts R's libraries on LD_LIBRARY_PATH,
    # where a fresh Python picks up the wrong libssl
    monkeypatch.delenv("LD_LIBRARY_PATH", raising=False)
    svc = service(local_endpoint)
    _, client_id, _ = pool_with_users(svc, 12)
    rows = [{"Username": f"u{i:03d}"} for i in range(12)] + [{"Username": "ghost"}]
    if kind == "thread":
        executor = cf.ThreadPoolExecutor(3)
    else:  # spawn: the service must really travel by pickle
        executor = cf.ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn"))
    with executor:
        result = paws_bridge.batch_call(svc.resend_confirmation_code, rows, ClientId=client_id,
                                   executor=executor, max_workers=3)
        assert executor.submit(int, "7").result() == 7  # not shut down by batch
    assert result["status"].tolist() == ["ok"] * 12 + ["error"]
    assert result["error_code"].iloc[-1] == "UserNotFoundException"
    assert result["CodeDeliveryDetails.Destination"].iloc[0] == "u***@e***.com"


def test_operation_by_name_and_argument_checks(local_endpoint):
    svc = service(local_endpoint)
    _, client_id, _ = pool_with_users(svc, 1)
    result = paws_bridge.batch_call("resend_confirmation_code", {"Username": ["u000"]},
                               service=svc, ClientId=client_id)
    assert result["status"].tolist() == ["ok"]
    with pytest.raises(ValueError, match="needs ClientId"):
        paws_bridge.batch_call(svc.resend_confirmation_code, [{"Username": "u000"}])
    with pytest.raises(TypeError, match="unexpected"):
        paws_bridge.batch_call(svc.resend_confirmation_code, [{"Username": "u000"}],
                          ClientId=client_id, Clientid="typo")
    with pytest.raises(ValueError, match="both as a column"):
        paws_bridge.batch_call(svc.resend_confirmation_code,
                          [{"Username": "u000", "ClientId": client_id}], ClientId=client_id)


def test_missing_cells_are_left_out_and_reported_per_row(local_endpoint):
    svc = service(local_endpoint)
    _, client_id, _ = pool_with_users(svc, 1)
    rows = pd.DataFrame({"Username": ["u000", None]})
    result = paws_bridge.batch_call(svc.resend_confirmation_code, rows, ClientId=client_id)
    assert result["status"].tolist() == ["ok", "error"]
    # bad input like any other, not Python's own binding error (which reads like a bug)
    assert result.loc[1, "error_code"] == "ParamValidationError"
    assert result.loc[1, "error_message"] == (
        "invalid argument for resend_confirmation_code (1 problem):\n"
        "  - Username: missing required argument")
    assert result.loc[1, "attempts"] == 1 and result.attrs["stats"]["calls"] == 2
    with pytest.raises(TypeError, match="Username"):  # a direct call still raises TypeError
        svc.resend_confirmation_code(ClientId=client_id)


# --- injected failures with a plain callable -----------------------------------------------

def test_injected_throttling_and_errors_every_row_comes_back():
    seen: dict[int, int] = {}
    lock = threading.Lock()

    def call(n):
        with lock:
            seen[n] = seen.get(n, 0) + 1
            attempt = seen[n]
        if n % 3 == 0 and attempt <= 2:
            raise Coded("TooManyRequestsException")
        if n % 5 == 0:
            raise Coded("UserNotFoundException")
        if n % 7 == 0 and attempt == 1:
            raise Coded("InternalErrorException", 500)
        return {"n": n}

    rows = [{"n": n} for n in range(1, 22)]
    result = paws_bridge.batch_call(call, rows, max_workers=6)
    assert result["n"].tolist() == list(range(1, 22))
    for n, row in zip(result["n"], result.itertuples()):
        if n % 5 == 0:
            assert (row.status, row.error_code) == ("error", "UserNotFoundException")
        else:
            assert row.status == "ok" and row.output == {"n": n}
        expected = 1 + (2 if n % 3 == 0 else 0) + (1 if n % 7 == 0 and n % 5 else 0)
        if n % 3 == 0 and n % 7 == 0:
            expected = 3  # throttled twice, then the third attempt passes the 500 check
        assert row.attempts == expected, n


def test_attempts_run_out_and_the_last_error_is_kept():
    def always_throttled(n):
        raise Coded("ThrottlingException")

    result = paws_bridge.batch_call(always_throttled, [{"n": 1}, {"n": 2}], max_attempts=3)
    assert result["status"].tolist() == ["error", "error"]
    assert result["error_code"].tolist() == ["ThrottlingException"] * 2
    assert result["attempts"].tolist() == [3, 3]


def test_throttling_counts_as_attempts_only_when_nothing_gets_through(monkeypatch):
    from paws_bridge import batching

    # row 20 is refused 12 times while the others are accepted: max_attempts=3 does not end it
    refusals = {20: 12}
    lock = threading.Lock()

    def call(n):
        with lock:
            left = refusals.get(n, 0)
            refusals[n] = left - 1
        if left > 0:
            raise Coded("TooManyRequestsException")
        time.sleep(0.05)  # the other rows keep getting through meanwhile
        return {"n": n}

    result = paws_bridge.batch_call(call, [{"n": n} for n in range(40)], max_workers=4,
                               max_attempts=3, max_rate=200, progress=False)
    assert result["status"].tolist() == ["ok"] * 40
    assert result["attempts"].iloc[20] == 13
    # and once nothing has been accepted for STALLED_AFTER seconds, they count again
    monkeypatch.setattr(batching, "STALLED_AFTER", 0.0)
    refusals.clear()
    refusals[20] = 12
    result = paws_bridge.batch_call(call, [{"n": n} for n in range(40)], max_workers=4,
                               max_attempts=3, max_rate=200, progress=False)
    assert result["status"].iloc[20] == "error" and result["attempts"].iloc[20] == 3


def test_keyboard_interrupt_returns_finished_rows_and_marks_the_rest():
    calls = 0
    lock = threading.Lock()

    def slow(n):
        nonlocal calls
        with lock:
            calls += 1
            if calls == 20:
                _thread.interrupt_main()  # Ctrl-C, delivered to the batch's (main) thread
        time.sleep(0.01)
        return {"n": n}

    rows = pd.DataFrame({"n": range(200)})
    result = paws_bridge.batch_call(slow, rows, max_workers=4, progress=False)
    assert len(result) == 200 and result["n"].tolist() == list(range(200))
    assert result.attrs["interrupted"] is True
    assert set(result["status"]) == {"ok", "not_run"}
    done = result[result.status == "ok"]
    assert 20 <= len(done) <= 30  # what was in flight finished; nothing new was sent
    assert calls == len(done)
    assert (result.loc[result.status == "not_run", "attempts"] == 0).all()


def test_order_is_kept_when_calls_finish_out_of_order():
    def jittery(n):
        time.sleep(0.02 if n % 2 == 0 else 0.001)
        return {"n": n}

    result = paws_bridge.batch_call(jittery, [{"n": n} for n in range(30)], max_workers=8)
    assert [o["n"] for o in result["output"]] == list(range(30))


def test_progress_bar_only_for_runs_over_a_second(capsys):
    paws_bridge.batch_call(lambda n: {}, [{"n": 1}, {"n": 2}])
    assert capsys.readouterr().err == ""

    def slow(n):
        time.sleep(0.3)
        return {}

    paws_bridge.batch_call(slow, [{"n": n} for n in range(5)], max_workers=1)
    assert "5/5" in capsys.readouterr().err
    paws_bridge.batch_call(slow, [{"n": n} for n in range(5)], max_workers=1, progress=False)
    assert capsys.readouterr().err == ""


def test_progress_callable_hears_every_settled_row(capsys):
    calls = []
    result = paws_bridge.batch_call(lambda n: {}, [{"n": n} for n in range(7)], max_workers=3,
                               progress=lambda n, info: calls.append((n, dict(info))))
    assert sum(n for n, _ in calls) == 7 == len(result)
    assert all(info == {} for _, info in calls)  # nothing was throttled
    assert capsys.readouterr().err == ""


def test_empty_rows():
    result = paws_bridge.batch_call(lambda n: {}, pd.DataFrame({"n": []}))
    assert len(result) == 0 and "status" in result.columns
