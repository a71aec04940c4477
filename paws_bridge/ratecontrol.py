"""A client-side send rate that finds a service's rate limit from its throttling answers.

`AdaptiveRate` paces calls (one at a time, evenly spaced) at a rate that starts unlimited
(or at `max_rate`) and follows CUBIC, as botocore's "adaptive" retry mode does:

- a throttling answer to a call sent *after* the last cut cuts the rate to `beta` times the
  rate that was actually getting through (non-throttled answers per second over the last
  `window` seconds, or since the first call when that is between 1 and `window`), or the
  current rate if that is lower (when nothing got through: half the rate calls went out at).
  Answers to calls sent before the cut say nothing new and are ignored, so one burst of
  rejections is one cut, not many.
- that rate is taken over at least a second even when the run is younger, and over a few
  seconds when it can be: a quota's burst (a token bucket's saved-up tokens) is spent in a
  moment, at the start or after a stretch below the limit, and counted over a short span it
  "measures" many times the real limit -- each cut then leaves the rate above it, and one cut
  followed another. Over a longer span the burst weighs less; at the start it errs low,
  which CUBIC climbs back from.
- afterwards the rate climbs back along a cubic: quickly at first, flat near the rate where
  the throttling happened, then faster again, probing for more room.

With beta = 0.9 a run at a fixed server quota oscillates between about 90% and 100% of it.
"""

from __future__ import annotations

import collections
import math
import threading
import time


class AdaptiveRate:
    """Pacing for calls against a rate limit discovered from throttling answers.

    Args:
        max_rate: never exceed this many calls per second (None: no ceiling).
        beta: the fraction of the measured rate kept after a throttling answer.
        scale: CUBIC's C (botocore's 0.4): how fast the rate climbs back and probes.
        min_rate: never pace slower than this.
        window: seconds of accepted answers the rate getting through is measured over.
        clock: a monotonic clock (tests may pass their own).
    """

    def __init__(self, max_rate: float | None = None, *, beta: float = 0.9,
                 scale: float = 0.4, min_rate: float = 0.5, window: float = 3.0,
                 clock=time.monotonic) -> None:
        if max_rate is not None and max_rate <= 0:
            raise ValueError(f"max_rate must be positive, got {max_rate!r}")
        self.max_rate = float(max_rate) if max_rate else math.inf
        self.beta = beta
        self.scale = scale
        self.min_rate = min_rate
        self.window = max(1.0, float(window))
        self._clock = clock
        self._lock = threading.Lock()
        self._w_max: float | None = None  # the rate at the last throttling
        self._t_cut: float | None = None
        self._next_send = -math.inf
        self._answers: collections.deque[float] = collections.deque()
        self._sends: collections.deque[float] = collections.deque()
        self._first_send: float | None = None
        self.cuts = 0

    # --- pacing ---------------------------------------------------------------------------
    def rate(self, now: float | None = None) -> float:
        """The current send rate in calls per second (inf: unpaced)."""
        now = self._clock() if now is None else now
        if self._w_max is None:
            return self.max_rate
        k = (self._w_max * (1 - self.beta) / self.scale) ** (1 / 3)
        r = self.scale * (now - self._t_cut - k) ** 3 + self._w_max
        return min(max(r, self.min_rate), self.max_rate)

    def delay(self) -> float:
        """Seconds to wait before the next call may go; 0 means: send now (and it is booked)."""
        with self._lock:
            now = self._clock()
            r = self.rate(now)
            if math.isinf(r):
                self._sent(now)
                return 0.0
            if now < self._next_send:
                return self._next_send - now
            # no credit is saved up beyond one interval: the pace stays even after a pause
            self._next_send = max(self._next_send, now - 1.0 / r) + 1.0 / r
            self._sent(now)
            return 0.0

    def _sent(self, now: float) -> None:
        if self._first_send is None:
            self._first_send = now
        self._sends.append(now)
        while self._sends and self._sends[0] < now - 1.0:
            self._sends.popleft()

    # --- feedback -------------------------------------------------------------------------
    def answered(self, when: float | None = None) -> None:
        """Record a call the service accepted (any answer but a throttling one)."""
        with self._lock:
            now = self._clock() if when is None else when
            self._answers.append(now)
            self._trim(now)

    def throttled(self, sent_at: float) -> bool:
        """Record a throttling answer to a call sent at `sent_at`; True if the rate was cut."""
        with self._lock:
            if self._t_cut is not None and sent_at < self._t_cut:
                return False
            now = self._clock()
            self._trim(now)
            current = self.rate(now)
            measured = self._measured(now)
            if measured > 0:
                base = min(current, measured)
            else:  # nothing has got through lately: half the rate calls were being sent at
                while self._sends and self._sends[0] < now - 1.0:
                    self._sends.popleft()
                base = min(current, max(len(self._sends), 2 * self.min_rate) / 2)
            # CUBIC restarts from w_max * beta; w_max is the rate that hit the limit
            self._w_max = max(base, self.min_rate / self.beta)
            self._t_cut = now
            # the quota is spent right now: the next call waits one interval at the new rate
            # (sent at once it would be refused too, and cut the rate a second time)
            self._next_send = max(self._next_send, now + 1.0 / self.rate(now))
            self.cuts += 1
            return True

    def _trim(self, now: float) -> None:
        while self._answers and self._answers[0] < now - self.window:
            self._answers.popleft()

    def _measured(self, now: float) -> float:
        """Accepted answers per second over the last `window` seconds, or since the first
        call but never over less than a second (see the module docstring for why)."""
        start = now if self._first_send is None else self._first_send
        span = min(self.window, max(1.0, now - start))
        return sum(1 for t in self._answers if t >= now - span) / span
