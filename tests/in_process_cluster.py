"""This test process as a server process of a fresh, small cluster in the current
directory: shared memory made here, WAL bootstrapped, recovery run. For tests that drive
real transaction, WAL and backend code in-process (no postmaster, no fork).

    fresh_segment(monkeypatch)          settings for a small cluster, a new segment
    bootstrapped_cluster(monkeypatch)   the same, plus WAL bootstrap and startup recovery
    tear_down()                         forget caches and open files (settings are
                                        restored by tests/conftest.py after every test)

Call them from a fixture that has already chdir'ed into a temporary directory.
"""
from __future__ import annotations

from pgsnake.postmaster import subsystems
from pgsnake.utils import process_state, settings

subsystems.load_all()     # every shared region is registered before the segment exists

from pgsnake.access.transam import commit_log, recovery, xact  # noqa: E402
from pgsnake.access.transam.wal import segment_files  # noqa: E402
from pgsnake.storage.ipc import shared_memory  # noqa: E402
from pgsnake.storage.lmgr import lwlock  # noqa: E402

SEGMENT_SIZE = 1024 * 1024


def fresh_segment(monkeypatch, **extra_settings) -> None:
    for name, value in {"wal_segment_size": str(SEGMENT_SIZE), "fsync": "off",
                        "max_connections": "10", **extra_settings}.items():
        settings.set_value(name, value, source="default", check_context=False)
    monkeypatch.setattr(process_state, "is_bootstrap", False)
    monkeypatch.setattr(process_state, "is_under_postmaster", False)
    monkeypatch.setattr(process_state, "proc_number", -1)
    lwlock.release_all()
    shared_memory.create_segment()
    xact.reset_for_tests()


def bootstrapped_cluster(monkeypatch, **extra_settings) -> None:
    fresh_segment(monkeypatch, **extra_settings)
    recovery.bootstrap_wal(recovery.new_system_identifier())
    recovery.startup_recovery()


def tear_down() -> None:
    lwlock.release_all()
    xact.reset_for_tests()
    commit_log.forget_cache()
    segment_files.close_all()
