# Fixtures for the crash-recovery torture tests: which server kind a test runs on (pgsnake
# always; the oracle PostgreSQL 15 proves the expectations), the run's seed, and a
# scratch directory for the clients' journals.
from __future__ import annotations

import pytest

from recovery import torture


@pytest.fixture
def torture_server(request):
    """Factory: torture_server(kind, settings=...) -> a private started server."""
    def make(kind: str, **kwargs):
        fixture = "make_oracle_server" if kind == "oracle" else "make_pgsnake_server"
        if kind == "oracle":
            # PostgreSQL with 16 buffers, 5 busy backends and parallel workers fails with
            # "no unpinned buffers available" (XX000); give it a little more room.
            settings = dict(kwargs.pop("settings", None) or {})
            settings.update(shared_buffers="64", max_parallel_workers_per_gather="0")
            kwargs["settings"] = settings
        return request.getfixturevalue(fixture)(**kwargs)
    return make


@pytest.fixture
def seed():
    return torture.torture_seed()


@pytest.fixture
def workloads():
    """Workloads a test started; their client processes are ended at teardown."""
    started: list[torture.Workload] = []
    yield started
    for workload in started:
        workload.kill()
