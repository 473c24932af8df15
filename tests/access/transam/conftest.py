# Fixtures for the WAL/transaction tests: a fresh data directory as the working directory,
# small WAL segments (1 MB) and a small WAL buffer ring so boundaries are crossed quickly,
# and a freshly created shared-memory segment with bootstrapped WAL.
from __future__ import annotations


import pytest

import in_process_cluster
from pgsnake.access.transam import recovery

SEGMENT_SIZE = in_process_cluster.SEGMENT_SIZE


@pytest.fixture
def data_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    in_process_cluster.fresh_segment(monkeypatch, wal_buffers="8")
    yield tmp_path
    in_process_cluster.tear_down()


@pytest.fixture
def cluster(data_directory):
    """initdb's WAL (segment 1 + checkpoint + pg_control), then a server start
    (startup_recovery): pg_control says "in production", ready for inserts."""
    recovery.bootstrap_wal(recovery.new_system_identifier())
    recovery.startup_recovery()
    return data_directory


@pytest.fixture
def backend(cluster, monkeypatch):
    """This test process as a backend with its own proc-array slot."""
    from pgsnake.storage.ipc import proc_array
    from pgsnake.utils import process_state
    slot = proc_array.claim_slot(4242, "backend")
    monkeypatch.setattr(process_state, "proc_number", slot)
    return slot
