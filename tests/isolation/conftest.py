# Fixtures for the multi-session tests in this directory.
"""Fixtures:
    servers    module: an oracle PostgreSQL 15 and a pgsnake server, both started with
               deadlock_timeout = 100ms, for steps run on each and compared
"""
from __future__ import annotations

import pytest

SETTINGS = {"deadlock_timeout": "100ms"}


@pytest.fixture(scope="module")
def servers(postgres_binaries):
    from harness import servers as s
    oracle = s.OracleServer(postgres_binaries, settings=SETTINGS)
    pgsnake = s.PgsnakeServer(settings=SETTINGS)
    try:
        for server in (oracle, pgsnake):
            server.initdb()
            server.start()
        yield oracle, pgsnake
    finally:
        oracle.cleanup()
        pgsnake.cleanup()
