"""A token bucket: the request-rate quota shared by all clients of one server."""

from __future__ import annotations

import threading
import time


class TokenBucket:
    """Allow ``rate`` requests per second on average, in bursts of at most ``rate``.

    The bucket starts full; each request takes a token; tokens come back continuously at
    ``rate`` per second. A request finding no token is refused (not queued), like
    Cognito's TooManyRequestsException.
    """

    def __init__(self, rate: float) -> None:
        if rate <= 0:
            raise ValueError(f"rate limit must be positive, got {rate!r}")
        self.rate = float(rate)
        self.capacity = max(1.0, float(rate))
        self._tokens = self.capacity
        self._stamp = time.monotonic()
        self._lock = threading.Lock()

    def try_acquire(self) -> bool:
        """Take a token if one is available; False means "too many requests"."""
        with self._lock:
            now = time.monotonic()
            self._tokens = min(self.capacity, self._tokens + (now - self._stamp) * self.rate)
            self._stamp = now
            if self._tokens >= 1.0:
                self._tokens -= 1.0
                return True
            return False
