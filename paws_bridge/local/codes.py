"""The codes the local endpoint "sends": a log to read back, the valid code per user,
and the per-user resend counter behind LimitExceededException."""

from __future__ import annotations

import secrets
import threading
import time
from collections import deque
from dataclasses import asdict, dataclass
from typing import Any

#: ``purpose`` values and the code family each belongs to. A new code of a family
#: replaces the previous one: only the latest sign-up (or password-reset) code is valid.
PURPOSES = {
    "SignUp": "signup",
    "ResendConfirmationCode": "signup",
    "ForgotPassword": "forgot",
}


@dataclass(frozen=True)
class SentCode:
    """One code delivery, as a real pool would have e-mailed or texted it."""

    code: str
    purpose: str  # "SignUp", "ResendConfirmationCode" or "ForgotPassword"
    user_pool_id: str
    client_id: str
    username: str  # as the caller sent it
    canonical_username: str  # the pool's Username (a GUID when UsernameAttributes is used)
    destination: str | None  # unmasked e-mail or phone number; None when nothing to send to
    delivery_medium: str | None  # "EMAIL" / "SMS"
    attribute_name: str | None  # "email" / "phone_number"
    sent_at: float  # epoch seconds

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (what the HTTP read-back endpoint returns)."""
        return asdict(self)

    def matches(
        self,
        user_pool_id: str | None = None,
        username: str | None = None,
        client_id: str | None = None,
        purpose: str | None = None,
    ) -> bool:
        """True when every given filter matches; ``username`` matches either name."""
        return (
            (user_pool_id is None or self.user_pool_id == user_pool_id)
            and (username is None or username in (self.username, self.canonical_username))
            and (client_id is None or self.client_id == client_id)
            and (purpose is None or self.purpose == purpose)
        )


def new_code() -> str:
    """A fresh 6-digit confirmation code."""
    return f"{secrets.randbelow(1_000_000):06d}"


class CodeBook:
    """Thread-safe store of sent codes, valid codes and resend attempts for one server."""

    def __init__(self, resend_limit: int | None = 5, resend_window: float = 3600.0) -> None:
        self.resend_limit = resend_limit
        self.resend_window = resend_window
        self._lock = threading.Lock()
        self._log: list[SentCode] = []
        self._valid: dict[tuple[str, str, str], str] = {}
        self._resends: dict[tuple[str, str], deque[float]] = {}

    def record(self, sent: SentCode) -> None:
        """Log a delivery and make its code the valid one for its user and family."""
        key = (sent.user_pool_id, sent.canonical_username, PURPOSES[sent.purpose])
        with self._lock:
            self._log.append(sent)
            self._valid[key] = sent.code

    def check(self, user_pool_id: str, canonical_username: str, family: str, code: str) -> bool:
        """True when ``code`` is the latest code of ``family`` ("signup"/"forgot") for the user."""
        with self._lock:
            valid = self._valid.get((user_pool_id, canonical_username, family))
        return valid is not None and secrets.compare_digest(valid, str(code))

    def consume(self, user_pool_id: str, canonical_username: str, family: str) -> None:
        """Invalidate the user's code of ``family`` once it has been used."""
        with self._lock:
            self._valid.pop((user_pool_id, canonical_username, family), None)

    def take_resend_slot(self, user_pool_id: str, canonical_username: str) -> bool:
        """Count one resend for the user; False when the limit within the window is reached."""
        if self.resend_limit is None:
            return True
        now = time.monotonic()
        with self._lock:
            stamps = self._resends.setdefault((user_pool_id, canonical_username), deque())
            while stamps and now - stamps[0] >= self.resend_window:
                stamps.popleft()
            if len(stamps) >= self.resend_limit:
                return False
            stamps.append(now)
            return True

    def sent(
        self,
        user_pool_id: str | None = None,
        username: str | None = None,
        client_id: str | None = None,
        purpose: str | None = None,
    ) -> list[SentCode]:
        """Deliveries matching the filters, oldest first."""
        with self._lock:
            return [s for s in self._log if s.matches(user_pool_id, username, client_id, purpose)]

    def clear(self) -> None:
        """Forget every code and resend attempt."""
        with self._lock:
            self._log.clear()
            self._valid.clear()
            self._resends.clear()
