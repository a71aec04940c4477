"""Mask delivery destinations the way Cognito shows them in ``CodeDeliveryDetails``."""

from __future__ import annotations

import hashlib


def mask_email(email: str) -> str:
    """Mask an e-mail address as Cognito does: ``john@example.com`` -> ``j***@e***.com``.

    The first character of the local part and of the domain are kept, then ``***``, then
    the top-level domain (the last dot-separated label), when the domain has one.
    """
    local, _, domain = email.partition("@")
    name, dot, tld = domain.rpartition(".")
    if not dot:  # a domain without a dot ("localhost"): nothing to keep after it
        name, tld = domain, ""
    masked_domain = f"{name[:1]}***" + (f".{tld}" if tld else "")
    return f"{local[:1]}***@{masked_domain}"


def mask_phone(phone: str) -> str:
    """Mask a phone number as Cognito does: ``+15555551234`` -> ``+*******1234``."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    return f"+*******{digits[-4:]}"


def simulated_destination(username: str, medium: str) -> str:
    """A plausible masked destination for a user that does not exist.

    Used when a client has PreventUserExistenceErrors enabled: Cognito then answers as if
    a code had been sent. Derived from the username so repeated calls agree.
    """
    if medium == "SMS":
        digest = hashlib.sha256(username.encode("utf-8")).hexdigest()
        return mask_phone(str(int(digest[:8], 16))[-4:].rjust(4, "0"))
    if "@" in username:
        return mask_email(username)
    return mask_email(f"{username or 'x'}@example.com")
