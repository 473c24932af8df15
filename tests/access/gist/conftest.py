# Fixtures for the GiST tests: a buffer pool over tmp_path with the recording fake WAL
# (tests/storage_test_support.py), whose LSNs also stand for the WAL insert position.
from __future__ import annotations

import pytest

from storage_test_support import make_pool, teardown_pool


@pytest.fixture
def gist_pool(tmp_path, monkeypatch):
    from pgsnake.access.gist import tree
    from pgsnake.access.transam.wal import wal
    fake = make_pool(tmp_path, monkeypatch, 64)
    monkeypatch.setattr(wal, "insert_lsn", lambda: fake.next_lsn)
    tree._keys_cache.clear()
    yield fake
    tree._keys_cache.clear()
    teardown_pool()


@pytest.fixture
def wal_cluster(tmp_path, monkeypatch):
    """An in-process cluster with real WAL (tests/index_wal_support.py)."""
    from index_wal_support import wal_cluster_for
    from pgsnake.access.gist import tree
    tree._keys_cache.clear()
    yield from wal_cluster_for(tmp_path, monkeypatch)
    tree._keys_cache.clear()
