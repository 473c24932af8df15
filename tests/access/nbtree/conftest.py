# Fixtures for the B-tree tests: a buffer pool over a data directory in tmp_path with a
# recording fake of the WAL (tests/storage_test_support.py), a real in-process cluster
# (WAL, transactions, this process as a backend) for redo and concurrency tests, and
# index relations (nbtree_support.py).
from __future__ import annotations

import pytest

from storage_test_support import make_pool, teardown_pool, transactions  # noqa: F401


@pytest.fixture(autouse=True)
def _fresh_btree_caches():
    from pgsnake.access.nbtree import search
    search.forget_cached_roots()
    yield
    search.forget_cached_roots()


@pytest.fixture
def btree_pool(tmp_path, monkeypatch):
    """64 shared buffers over tmp_path and the recording fake WAL (yielded)."""
    fake = make_pool(tmp_path, monkeypatch, 64)
    yield fake
    teardown_pool()


@pytest.fixture
def small_pool(tmp_path, monkeypatch):
    """The smallest pool (16 buffers): B-tree pages are evicted and read back often."""
    fake = make_pool(tmp_path, monkeypatch, 16)
    yield fake
    teardown_pool()


@pytest.fixture
def wal_cluster(tmp_path, monkeypatch):
    """A bootstrapped cluster in tmp_path (real WAL, commit log, locks), with this test
    process as a backend holding a proc-array slot (tests/index_wal_support.py)."""
    from index_wal_support import wal_cluster_for
    yield from wal_cluster_for(tmp_path, monkeypatch)
