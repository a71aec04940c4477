"""Many calls of one operation, one row of arguments each, and a row back for every row.

    result = paws_bridge.batch_call(svc.resend_confirmation_code, users[["Username"]],
                                    ClientId=client_id)

`batch_call()` returns a DataFrame with one row per input row, in input order and with the input's
index: the input columns, then `status` ("ok", "error" or "not_run"), `error_code`,
`error_message`, `attempts`, then the operation's output flattened by shape
(`CodeDeliveryDetails.Destination`, ...; an output column named like an input column is
prefixed with `output.`). No row is lost:

- Throttling answers (TooManyRequestsException, ThrottlingException, ...) are retried, and
  the send rate adapts to them (ratecontrol.AdaptiveRate): a run at a service's quota keeps
  just under it instead of hammering it. A throttled row is not a failed row: while the
  service is accepting other calls (one answered without throttling in the last
  `STALLED_AFTER` seconds), a throttling answer is the pace, not the row's fault, and does
  not use up one of its `max_attempts`; the pacing slows everyone down instead. Only when
  nothing has got through for that long (or nothing yet in this run) do throttling answers
  count as attempts, so a service that refuses everything still ends the run. (It always ends: every throttling
  answer that is not counted follows, by at most STALLED_AFTER, an answer that settled a row
  or used up one of its attempts.)
- Cognito's LimitExceededException is *not* throttling here: on ResendConfirmationCode,
  ForgotPassword and the like it means "this user asked for too many codes", a per-user limit
  that lasts about an hour. Retrying it within a batch only wastes calls, so it is recorded as
  the row's error. (botocore's standard retry mode counts it as throttling; that is one
  reason batch calls go through a copy of the service with max_retries=0, see `core_retries`.)
- Server errors (HTTP 5xx) and connection failures are retried with exponential back-off;
  every other error is the row's error.
- Ctrl-C (KeyboardInterrupt) stops sending: calls in flight are waited for (a second Ctrl-C
  abandons them), and the frame comes back with the unsent rows marked "not_run" and
  `result.attrs["interrupted"] = True`.

Calls run on `executor` (any concurrent.futures.Executor; default a thread pool of
`max_workers`), at most `max_workers` at a time. A Dask distributed client's executor
(`client.get_executor()`) works the same way; then each call is pickled, which works for a
paws_bridge service method: a Service pickles as its settings (credentials and client secret
included) and is re-created in the worker. Retries and pacing are decided here, in the
calling process, so they hold across all workers together.
"""

from __future__ import annotations

import collections
import concurrent.futures as cf
import heapq
import math
import random
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping

from .errors import ConnectionError_, ParamValidationError, PawsError
from .ratecontrol import AdaptiveRate

if TYPE_CHECKING:
    import pandas as pd

#: error codes that mean "slow down" (the service's request-rate quota, not a per-user limit)
THROTTLING_CODES = frozenset({
    "TooManyRequestsException", "ThrottlingException", "Throttling", "ThrottledException",
    "RequestThrottledException", "RequestLimitExceeded", "RequestThrottled", "SlowDown",
})

STATUS_OK, STATUS_ERROR, STATUS_NOT_RUN = "ok", "error", "not_run"

#: the error code of a row whose call was lost with its executor (a Dask worker killed...):
#: retried like a connection failure, within max_attempts
EXECUTOR_FAILED = "ExecutorError"

#: seconds without any non-throttled answer after which throttling answers count as attempts
STALLED_AFTER = 10.0


# --- one attempt (runs in a worker: module level, so it pickles) ---------------------------

def _attempt(fn: Callable[..., Any], params: dict[str, Any]) -> tuple:
    """Call fn(**params); never raise: ("ok", value) or ("error", code, message, status)."""
    try:
        value = fn(**params)
    except PawsError as exc:
        return ("error", exc.code, exc.message, exc.status_code)
    except ConnectionError_ as exc:
        return ("error", "ConnectionError", str(exc), None)
    except Exception as exc:  # noqa: BLE001 - any failure is the row's result
        code = getattr(exc, "code", None)
        return ("error", code if isinstance(code, str) else type(exc).__name__, str(exc),
                getattr(exc, "status_code", None))
    return ("ok", value)


@dataclass
class _RequiredChecked:
    """A service method whose rows missing a required argument fail as bad input.

    A missing (NA/None) cell is left out, and the method itself would raise Python's
    TypeError for a missing argument, as a direct call should; as a batch row's error_code
    ("TypeError", also in R) that reads like a bug, so the row is recorded as a
    ParamValidationError like any other bad input ("Username: missing required argument").
    Module level and a dataclass, so it pickles to process workers.
    """

    fn: Callable[..., Any]
    operation: str
    required: tuple[str, ...]

    def __call__(self, **params: Any) -> Any:
        missing = [name for name in self.required if params.get(name) is None]
        if missing:
            raise ParamValidationError(
                self.operation, [f"{name}: missing required argument" for name in missing])
        return self.fn(**params)


# --- the call plan ---------------------------------------------------------------------------

@dataclass
class _Plan:
    fn: Callable[..., Any]
    output_shape: Any  # botocore Shape or None (a plain callable)
    sent_columns: list[str]
    common: dict[str, Any]


def _plan(method: Any, columns: list[str], common: dict[str, Any], service: Any,
          core_retries: bool) -> _Plan:
    from .service import Service

    if isinstance(method, str):
        if service is None:
            raise TypeError("batch_call(): an operation given by name needs service=")
        method = getattr(service, method)
    owner = getattr(method, "__self__", None)
    if not isinstance(owner, Service):
        if not callable(method):
            raise TypeError(f"batch_call(): {method!r} is not callable")
        return _Plan(method, None, list(columns), dict(common))
    op = owner.operation(method.__name__)
    unknown = [k for k in common if k not in op.arguments]
    if unknown:
        raise TypeError(f"{op.name}() got unexpected argument(s): {', '.join(unknown)}")
    sent = [c for c in columns if c in op.arguments]
    both = [c for c in sent if c in common]
    if both:
        raise ValueError(f"batch_call(): {', '.join(both)} given both as a column and as an "
                         "argument")
    missing = [a for a in op.arguments if a in op.required and a not in sent and a not in common]
    if missing:
        raise ValueError(f"batch_call(): {op.name} needs {', '.join(missing)}: add a column or "
                         "pass "
                         f"it as an argument (columns: {', '.join(map(str, columns)) or 'none'})")
    # with the core's retries off, every throttling answer reaches the rate control below
    target = owner if core_retries else owner.with_settings(max_retries=0)
    required = tuple(a for a in op.arguments if a in op.required)
    fn = _RequiredChecked(getattr(target, op.name), op.name, required)
    return _Plan(fn, op.output_shape, sent, dict(common))


def _python_value(v: Any) -> Any:
    """A cell as an argument value: missing -> None, NumPy/pandas scalars -> Python ones."""
    if v is None:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - batch needs pandas anyway
        return v
    if v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, pd.Timestamp):
        return v.to_pydatetime()
    if hasattr(v, "item") and getattr(v, "ndim", None) == 0:  # a NumPy scalar
        v = v.item()
        return None if isinstance(v, float) and math.isnan(v) else v
    return v


def _rows_frame(rows: Any) -> "pd.DataFrame":
    import pandas as pd

    if isinstance(rows, pd.DataFrame):
        return rows
    if isinstance(rows, Mapping):  # columns
        return pd.DataFrame(dict(rows))
    rows = list(rows)
    for i, r in enumerate(rows):
        if not isinstance(r, Mapping):
            raise TypeError(f"row {i} is a {type(r).__name__}, not a dict")
    return pd.DataFrame.from_records(rows) if rows else pd.DataFrame()


# --- the run ---------------------------------------------------------------------------------

@dataclass
class _Row:
    status: str = STATUS_NOT_RUN
    error_code: str | None = None
    error_message: str | None = None
    attempts: int = 0  # calls made for the row, whatever their answer
    charged: int = 0  # attempts counted against max_attempts (not throttling while paced)
    output: Any = None


@dataclass
class _Stats:
    calls: int = 0
    throttled: int = 0
    retried: int = 0
    rate_cuts: int = 0
    started: float = field(default_factory=time.monotonic)


def batch_call(method: Any, rows: Any, *, max_workers: int = 8,
               executor: cf.Executor | None = None, progress: bool | None = None,
               max_rate: float | None = None, max_attempts: int = 10,
               core_retries: bool = False, service: Any = None,
          **common: Any) -> "pd.DataFrame":
    """Call `method` once per row of `rows`; one result row per input row, never fewer.

    Args:
        method: a service method (`svc.resend_confirmation_code`), an operation name with
            `service=`, or any callable taking keyword arguments (its errors are classified
            by an exception's `code` attribute, else its class name).
        rows: a DataFrame, a list of dicts, or a dict of columns. Columns named like the
            operation's arguments are sent (missing values are left out); other columns are
            carried into the result untouched.
        max_workers: calls in flight at once.
        executor: a concurrent.futures.Executor to run calls on (not shut down here); default
            a thread pool of max_workers.
        progress: a tqdm bar on stderr for runs longer than a second (None or True); False
            for none; or a callable, called as progress(n, info) each time n more rows are
            settled (info: {"throttled": count, "rate": calls/s} once throttled), from the
            thread running batch_call() -- how the R package drives a bar of its own.
        max_rate: a ceiling in calls per second (None: found from throttling answers only).
        max_attempts: attempts per row for server/connection errors (retried with back-off)
            and for throttling answers while nothing gets through; throttling while other
            calls are accepted only slows the pace (see the module docstring).
        core_retries: keep the service's own botocore retries (max_retries) for each call;
            by default they are off and retries are done here, paced by the rate control.
        service: the Service when `method` is an operation name.
        **common: arguments for every row (e.g. ClientId=...).

    Returns:
        A DataFrame: the input columns, status, error_code, error_message, attempts, and the
        flattened output. `attrs` holds "interrupted" and "stats" (calls, throttled, retried,
        rate_cuts, elapsed seconds).
    """
    frame = _rows_frame(rows)
    columns = [str(c) for c in frame.columns]
    plan = _plan(method, columns, common, service, core_retries)
    params = _row_params(frame, plan)
    results = [_Row() for _ in params]
    max_workers = int(max_workers)
    if max_workers < 1:
        raise ValueError(f"max_workers must be >= 1, got {max_workers}")
    runner = _Runner(plan.fn, params, results, max_workers, executor, progress,
                     AdaptiveRate(max_rate), int(max_attempts))
    interrupted = runner.run()
    return _result_frame(frame, results, plan, interrupted, runner.stats)


def _row_params(frame: "pd.DataFrame", plan: _Plan) -> list[dict[str, Any]]:
    sent = plan.sent_columns
    positions = [list(map(str, frame.columns)).index(c) for c in sent]
    out = []
    for values in frame.itertuples(index=False, name=None):
        p = dict(plan.common)
        for name, pos in zip(sent, positions):
            v = _python_value(values[pos])
            if v is not None:
                p[name] = v
        out.append(p)
    return out


class _Runner:
    """Feeds rows to the executor under the rate control and collects every answer."""

    def __init__(self, fn, params, results, max_workers, executor, progress, rate, max_attempts):
        self.fn = fn
        self.params = params
        self.results = results
        self.max_workers = max_workers
        self.executor = executor
        self.progress = progress
        self.rate = rate
        self.max_attempts = max(1, max_attempts)
        self.stats = _Stats()
        self.queue: collections.deque[int] = collections.deque(range(len(params)))
        self.later: list[tuple[float, int]] = []  # (not before, row): back-off after 5xx
        self.inflight: dict[cf.Future, tuple[int, float]] = {}
        self.last_accepted: float | None = None  # when a non-throttled answer last came

    def run(self) -> bool:
        """Run every row; True when interrupted (the rest are left "not_run")."""
        if not self.params:
            return False
        own = self.executor is None
        executor = self.executor or cf.ThreadPoolExecutor(self.max_workers,
                                                          thread_name_prefix="paws_bridge.batch")
        bar = _progress_bar(len(self.params), self.progress)
        interrupted = False
        try:
            try:
                self._loop(executor, bar)
            except KeyboardInterrupt:
                interrupted = True
                self._drain(bar)
        finally:
            if own:
                executor.shutdown(wait=not interrupted, cancel_futures=True)
            if bar is not None:
                bar.close()
        return interrupted

    def _loop(self, executor: cf.Executor, bar: Any) -> None:
        while self.queue or self.later or self.inflight:
            now = time.monotonic()
            while self.later and self.later[0][0] <= now:
                self.queue.appendleft(heapq.heappop(self.later)[1])
            wait = 0.5
            while self.queue and len(self.inflight) < self.max_workers:
                pause = self.rate.delay()
                if pause > 0:
                    wait = min(wait, pause)
                    break
                row = self.queue.popleft()
                self.results[row].attempts += 1
                self.stats.calls += 1
                future = executor.submit(_attempt, self.fn, self.params[row])
                self.inflight[future] = (row, time.monotonic())
            if self.later:
                wait = min(wait, max(0.0, self.later[0][0] - time.monotonic()))
            if not self.inflight:
                time.sleep(wait)
                continue
            done, _ = cf.wait(self.inflight, timeout=wait, return_when=cf.FIRST_COMPLETED)
            for future in done:
                self._settle(future, bar)

    def _settle(self, future: cf.Future, bar: Any) -> None:
        row, sent_at = self.inflight.pop(future)
        result = self.results[row]
        try:
            answer = future.result()
        except cf.CancelledError:
            result.status, result.error_code = STATUS_NOT_RUN, "Cancelled"
            result.error_message = "the executor cancelled the call"
            return self._tick(bar)
        except Exception as exc:  # the executor failed (e.g. a worker process died)
            answer = ("error", EXECUTOR_FAILED, f"the executor failed "
                                                 f"({type(exc).__name__}): {exc}", None)
        if answer[0] == "ok":
            self.rate.answered()
            self.last_accepted = time.monotonic()
            result.status, result.output = STATUS_OK, answer[1]
            result.error_code = result.error_message = None
            return self._tick(bar)
        _, code, message, status_code = answer
        result.status, result.error_code, result.error_message = STATUS_ERROR, code, message
        throttled = code in THROTTLING_CODES
        transient = ((isinstance(status_code, int) and status_code >= 500)
                     or code in ("ConnectionError", EXECUTOR_FAILED))
        now = time.monotonic()
        if throttled:
            self.stats.throttled += 1
            if self.rate.throttled(sent_at):
                self.stats.rate_cuts += 1
            paced = self.last_accepted is not None and now - self.last_accepted < STALLED_AFTER
            if not paced:
                result.charged += 1
        else:
            self.rate.answered()
            self.last_accepted = now
            result.charged += 1
        if (throttled or transient) and result.charged < self.max_attempts:
            self.stats.retried += 1
            if throttled:  # the rate control spaces it out; keep input order roughly
                self.queue.appendleft(row)
            else:
                backoff = min(5.0, 0.1 * 2 ** (result.charged - 1)) * random.uniform(0.5, 1.0)
                heapq.heappush(self.later, (time.monotonic() + backoff, row))
            return None
        return self._tick(bar)

    def _tick(self, bar: Any) -> None:
        if bar is not None:
            bar.update(1)
            if self.stats.throttled:
                r = self.rate.rate()
                bar.set_postfix(throttled=self.stats.throttled,
                                rate="-" if math.isinf(r) else f"{r:.0f}/s", refresh=False)

    def _drain(self, bar: Any) -> None:
        """After Ctrl-C: nothing new is sent; wait for calls in flight (a second Ctrl-C
        abandons them, marked not_run because whether they reached the service is unknown)."""
        for future in list(self.inflight):
            if future.cancel():
                row, _ = self.inflight.pop(future)
                self.results[row].status = STATUS_NOT_RUN
        try:
            while self.inflight:
                done, _ = cf.wait(self.inflight, timeout=0.5, return_when=cf.FIRST_COMPLETED)
                for future in done:
                    self._settle(future, bar)
        except KeyboardInterrupt:
            for row, _ in self.inflight.values():
                result = self.results[row]
                result.status, result.error_code = STATUS_NOT_RUN, "Interrupted"
                result.error_message = "interrupted while in flight: it may have reached the service"
            self.inflight.clear()
        # rows still waiting (some after a throttled attempt: their last error is kept)
        for row in list(self.queue) + [r for _, r in self.later]:
            self.results[row].status = STATUS_NOT_RUN
        self.queue.clear()
        self.later.clear()


class _CallbackBar:
    """The part of tqdm's interface the runner uses, reporting to a callable."""

    def __init__(self, callback: Callable[[int, dict[str, Any]], Any]) -> None:
        self.callback = callback
        self.info: dict[str, Any] = {}

    def update(self, n: int) -> None:
        self.callback(n, self.info)

    def set_postfix(self, refresh: bool = False, **info: Any) -> None:
        self.info = info

    def close(self) -> None:
        pass


def _progress_bar(total: int, progress: Any) -> Any:
    if progress is False:
        return None
    if callable(progress):
        return _CallbackBar(progress)
    try:
        from tqdm import tqdm
    except ImportError:
        return None
    # delay: nothing is drawn for runs that finish within a second
    return tqdm(total=total, delay=1.0, unit="call", dynamic_ncols=True, leave=True)


def _result_frame(frame: "pd.DataFrame", results: list[_Row], plan: _Plan,
                  interrupted: bool, stats: _Stats) -> "pd.DataFrame":
    import pandas as pd

    from .frames import items_frame

    out = frame.copy()
    index = out.index
    out["status"] = pd.Series([r.status for r in results], index=index, dtype="object")
    out["error_code"] = pd.Series([r.error_code for r in results], index=index, dtype="object")
    out["error_message"] = pd.Series([r.error_message for r in results], index=index,
                                     dtype="object")
    out["attempts"] = pd.Series([r.attempts for r in results], index=index, dtype="int64")
    outputs = [r.output if r.status == STATUS_OK else None for r in results]
    if plan.output_shape is not None and plan.output_shape.members:
        flat = items_frame(outputs, plan.output_shape, index=index)
    elif plan.output_shape is None:
        flat = pd.DataFrame({"output": pd.Series(outputs, index=index, dtype="object")})
    else:
        flat = pd.DataFrame(index=index)
    taken = set(map(str, out.columns))
    flat.columns = [c if c not in taken else f"output.{c}" for c in flat.columns]
    out = pd.concat([out, flat], axis=1)
    out.attrs["interrupted"] = interrupted
    out.attrs["stats"] = {"calls": stats.calls, "throttled": stats.throttled,
                          "retried": stats.retried, "rate_cuts": stats.rate_cuts,
                          "elapsed": time.monotonic() - stats.started}
    return out


# The helper was called batch() until paws's AWS Batch constructor took that name in the
# paws namespace; the R host (r/tables.py) and older code reach it under the module's old name.
batch = batch_call
