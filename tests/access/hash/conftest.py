# Fixtures for the hash index tests: an in-process cluster with real WAL for the redo
# tests (tests/index_wal_support.py).
from __future__ import annotations

import pytest

from index_wal_support import wal_cluster_for


@pytest.fixture
def wal_cluster(tmp_path, monkeypatch):
    yield from wal_cluster_for(tmp_path, monkeypatch)
