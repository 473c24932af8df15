# Fixtures for the system tests: `make_server` builds a private server of the kind the
# test is parametrised with. Every system test runs against pgsnake AND against the real
# PostgreSQL 15; the oracle runs prove that the test's expectations are PostgreSQL's.
from __future__ import annotations

import pytest


@pytest.fixture(params=["pgsnake", "oracle"])
def server_kind(request):
    return request.param


@pytest.fixture
def make_server(server_kind, request):
    """Factory: make_server(start=True, auth=..., password=..., settings=...) -> server."""
    if server_kind == "oracle":
        return request.getfixturevalue("make_oracle_server")
    return request.getfixturevalue("make_pgsnake_server")


@pytest.fixture
def shared_server(server_kind, request):
    """A running server that the test may share with others (no kills, no restarts)."""
    if server_kind == "oracle":
        return request.getfixturevalue("oracle")
    return request.getfixturevalue("pgsnake_server")
