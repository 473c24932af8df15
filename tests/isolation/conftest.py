# Fixtures for the multi-session tests in this directory.
"""Fixtures:
    servers    module: an oracle PostgreSQL 15 and a pgsnake server, both started with
               deadlock_timeout = 100ms (plus the module's SERVER_SETTINGS, if it has
               them), for steps run on each and compared
"""
from __future__ import annotations

import pytest

SETTINGS = {"deadlock_timeout": "100ms"}


@pytest.fixture(scope="module")
def servers(postgres_binaries, request):
    from harness import servers as s
    settings = {**SETTINGS, **getattr(request.module, "SERVER_SETTINGS", {})}
    oracle = s.OracleServer(postgres_binaries, settings=settings)
    pgsnake = s.PgsnakeServer(settings=settings)
    try:
        for server in (oracle, pgsnake):
            server.initdb()
            server.start()
        yield oracle, pgsnake
    finally:
        oracle.cleanup()
        pgsnake.cleanup()
