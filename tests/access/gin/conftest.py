# Fixtures for the GIN tests: an in-process cluster with real WAL for the redo tests
# (tests/index_wal_support.py).
from __future__ import annotations

import pytest


@pytest.fixture
def wal_cluster(tmp_path, monkeypatch):
    from index_wal_support import wal_cluster_for
    yield from wal_cluster_for(tmp_path, monkeypatch)
