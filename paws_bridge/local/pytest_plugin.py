"""pytest fixtures for the local Cognito endpoint (registered as the ``paws_bridge_local`` plugin).

- ``local_cognito`` (session): the running :class:`paws_bridge.local.LocalCognito`.
- ``local_endpoint`` (function): its URL, with all state reset before the test.

moto is imported only when a fixture is first used.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from .server import LocalCognito


@pytest.fixture(scope="session")
def local_cognito() -> Iterator[LocalCognito]:
    """A local Cognito endpoint shared by the whole test session."""
    from .server import LocalCognito

    with LocalCognito() as server:
        yield server


@pytest.fixture
def local_endpoint(local_cognito: LocalCognito) -> str:
    """The shared endpoint's URL, reset to an empty state and default options.

    Tests may change ``local_cognito.latency_ms``, ``.rate_limit`` or ``.resend_limit``;
    they are put back to the defaults (0, None, 5) for the next test.
    """
    local_cognito.latency_ms = 0
    local_cognito.rate_limit = None
    local_cognito.resend_limit = 5
    local_cognito.reset()
    return local_cognito.endpoint
