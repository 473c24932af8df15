# Fixtures for the B-tree tests: a buffer pool over a data directory in tmp_path with a
# recording fake of the WAL (tests/storage_test_support.py), a real in-process cluster
# (WAL, transactions, this process as a backend) for redo and concurrency tests, and
# index relations (nbtree_support.py).
from __future__ import annotations

import os

import pytest

import in_process_cluster
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
    process as a backend holding a proc-array slot."""
    from pgsnake.access.heap import combo_cid, heapam, visibility
    from pgsnake.storage.buffer import buffer_manager as bufmgr
    from pgsnake.storage.ipc import proc_array
    from pgsnake.storage.lmgr import lock
    from pgsnake.storage.smgr import storage_manager as smgr
    from pgsnake.utils import process_state
    monkeypatch.chdir(tmp_path)

    def forget_process_caches():
        # Per-process caches that outlive a cluster: a new cluster reuses xids, blocks.
        visibility._final_status.clear()
        combo_cid.reset()
        heapam._target_block.clear()
    forget_process_caches()
    in_process_cluster.bootstrapped_cluster(monkeypatch, wal_buffers="16",
                                            shared_buffers="128", max_connections="12")
    os.makedirs("base/5", exist_ok=True)
    bufmgr.forget_pins_after_fork()
    lock.forget_after_fork()
    slot = proc_array.claim_slot(os.getpid(), "backend")
    monkeypatch.setattr(process_state, "proc_number", slot)
    yield tmp_path
    forget_process_caches()
    in_process_cluster.tear_down()
    bufmgr.forget_pins_after_fork()
    smgr.close_all()
