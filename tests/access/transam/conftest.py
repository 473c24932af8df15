# Fixtures for the WAL/transaction tests: a fresh data directory as the working directory,
# small WAL segments (1 MB) and a small WAL buffer ring so boundaries are crossed quickly,
# and a freshly created shared-memory segment with bootstrapped WAL.
from __future__ import annotations

import os

import pytest

from pgsnake.access.transam import recovery, xact
from pgsnake.storage.ipc import shared_memory
from pgsnake.storage.lmgr import lwlock
from pgsnake.utils import process_state, settings

SEGMENT_SIZE = 1024 * 1024


@pytest.fixture
def data_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    saved = {name: settings.get(name) for name in
             ("wal_segment_size", "wal_buffers", "fsync", "max_connections", "synchronous_commit",
              "full_page_writes")}
    settings.set_value("wal_segment_size", str(SEGMENT_SIZE), source="default", check_context=False)
    settings.set_value("wal_buffers", "8", source="default", check_context=False)
    settings.set_value("fsync", "off", source="default", check_context=False)
    settings.set_value("max_connections", "10", source="default", check_context=False)
    monkeypatch.setattr(process_state, "is_bootstrap", False)
    monkeypatch.setattr(process_state, "is_under_postmaster", False)
    monkeypatch.setattr(process_state, "proc_number", -1)
    lwlock.release_all()
    shared_memory.create_segment()
    xact.reset_for_tests()
    yield tmp_path
    lwlock.release_all()
    xact.reset_for_tests()
    from pgsnake.access.transam import commit_log
    from pgsnake.access.transam.wal import segment_files
    commit_log.forget_cache()
    segment_files.close_all()
    for name, value in saved.items():
        settings.set_value(name, str(value) if not isinstance(value, bool) else ("on" if value else "off"),
                           source="default", check_context=False)


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
