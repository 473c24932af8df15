# In-process WAL set-up shared by the index access methods' redo tests: a bootstrapped
# cluster in tmp_path with this process as a backend (`wal_cluster_for`, for a fixture),
# a simulated crash that loses shared memory and replays the WAL (`crash_and_recover`),
# and copies of an index's pages through the buffer pool (`page_images`).
#
# The hash, GiST and GIN redo tests share one shape, `RedoCase` (an access method's
# index maker, workload and resource manager) with three checks:
#   redo_rebuilds_pages(case, monkeypatch, with_checkpoint)  a workload, a crash, replay:
#       every page byte for byte as before the crash; returns (index, workload result,
#       the access method's record names, start LSN) for the caller's own checks
#   waldump_lines(case)  (ours, PostgreSQL 15's) pg_waldump lines of the rmgr's records
#   wal_bytes_own_and_images(case, monkeypatch)  WAL of the workload with the access
#       method's records, and with every step logged as page images instead
from __future__ import annotations

import dataclasses
import os
import re
import subprocess
from typing import Callable

import pytest

import in_process_cluster

PG_WALDUMP = "/usr/lib/postgresql/15/bin/pg_waldump"


@dataclasses.dataclass
class RedoCase:
    """One access method's redo test: `make_index(oid)` makes an empty index,
    `workload(index, mid_checkpoint)` changes it (calling mid_checkpoint, if given, once
    halfway) and returns what its answers are checked against; `rmgr` is the
    resource manager's name as pg_waldump -r takes it."""
    make_index: Callable
    workload: Callable
    rmid: int
    identify: Callable
    rmgr: str


def record_names(case: RedoCase, start: int) -> list[str]:
    """The names of the case's resource manager's records from `start` on."""
    from pgsnake.access.transam.wal import wal
    wal.flush(wal.insert_lsn())
    return [case.identify(r.info) for r in wal.read_records(start) if r.rmid == case.rmid]


def redo_rebuilds_pages(case: RedoCase, monkeypatch, with_checkpoint: bool,
                        oid: int = 16500):
    """Run the workload, crash, replay: every page must equal its image before the
    crash. Returns (index, the workload's result, record names, the LSN the workload
    started at)."""
    from pgsnake.access.transam import checkpoint
    from pgsnake.access.transam.wal import wal
    index = case.make_index(oid)
    start = wal.insert_lsn()
    result = case.workload(index, checkpoint.create_checkpoint if with_checkpoint else None)
    names = record_names(case, start)
    before = page_images(index)
    crash_and_recover(monkeypatch)
    after = page_images(index)
    assert len(after) == len(before)
    for blkno, (old, new) in enumerate(zip(before, after)):
        assert old == new, f"block {blkno} differs after redo"
    return index, result, names, start


def waldump_lines(case: RedoCase) -> tuple[list[str], list[str]]:
    """pgsnake's and PostgreSQL 15's pg_waldump lines for the case's records after the
    workload, without record lengths (pgsnake keeps the hole of full-page images)."""
    from pgsnake.access.transam.wal import wal, waldump
    if not os.access(PG_WALDUMP, os.X_OK):
        pytest.skip("PostgreSQL 15's pg_waldump is not installed")
    index = case.make_index(16500)
    start = wal.insert_lsn()
    case.workload(index, None)
    wal.flush(wal.insert_lsn())
    ours = _rmgr_lines(case, "\n".join(waldump.dump(start)))
    theirs = _rmgr_lines(case, subprocess.run(
        [PG_WALDUMP, "-p", "pg_wal", "-s", wal.format_lsn(start), "-r", case.rmgr],
        capture_output=True, text=True, timeout=120).stdout)
    return ours, theirs


def _rmgr_lines(case: RedoCase, text: str) -> list[str]:
    return [re.sub(r"len \(rec/tot\):\s+\d+/\s*\d+, ", "", line)
            for line in text.splitlines() if line.startswith(f"rmgr: {case.rmgr} ")]


def wal_bytes_own_and_images(case: RedoCase, monkeypatch) -> tuple[int, int]:
    """WAL bytes of the workload with the access method's own records, then (on a new
    index) with no step described, so that every changed page goes out as an image."""
    from pgsnake.access.common.index_page_set import PageSet
    from pgsnake.access.transam.wal import wal
    index = case.make_index(16500)
    start = wal.insert_lsn()
    case.workload(index, None)
    own = wal.insert_lsn() - start
    monkeypatch.setattr(PageSet, "log_step", lambda self, *args, **kw: None)
    index = case.make_index(16600)
    start = wal.insert_lsn()
    case.workload(index, None)
    return own, wal.insert_lsn() - start


def wal_cluster_for(tmp_path, monkeypatch):
    """A generator for a fixture: a bootstrapped cluster in tmp_path (real WAL, commit
    log, locks), with this test process as a backend holding a proc-array slot."""
    from pgsnake.access.heap import combo_cid, heapam, visibility
    from pgsnake.storage.buffer import buffer_manager as bufmgr
    from pgsnake.storage.ipc import proc_array
    from pgsnake.storage.lmgr import lock
    from pgsnake.storage.smgr import storage_manager as smgr
    from pgsnake.utils import process_state
    monkeypatch.chdir(tmp_path)

    def forget_process_caches():
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


def crash_and_recover(monkeypatch):
    """Lose shared memory (every buffer, dirty or not) and replay WAL, as a crash
    restart does; then be a backend again."""
    from pgsnake.access.transam import commit_log, recovery, xact
    from pgsnake.access.transam.wal import segment_files, wal
    from pgsnake.storage.buffer import buffer_manager as bufmgr
    from pgsnake.storage.ipc import proc_array, shared_memory
    from pgsnake.storage.lmgr import lock, lwlock
    from pgsnake.storage.smgr import storage_manager as smgr
    from pgsnake.utils import process_state
    wal.flush(wal.insert_lsn())
    lwlock.release_all()
    bufmgr.forget_pins_after_fork()
    smgr.close_all()
    segment_files.close_all()
    commit_log.forget_cache()
    xact.reset_for_tests()
    shared_memory.create_segment()
    monkeypatch.setattr(process_state, "proc_number", -1)
    recovery.startup_recovery()
    lock.forget_after_fork()
    monkeypatch.setattr(process_state, "proc_number",
                        proc_array.claim_slot(os.getpid(), "backend"))


def page_images(rel) -> list[bytes]:
    """Copies of every block of the index, through the buffer pool."""
    from pgsnake.storage.buffer import buffer_manager as bufmgr
    out = []
    for blkno in range(bufmgr.nblocks(rel.locator, 0)):
        buf = bufmgr.read_buffer(rel.locator, 0, blkno)
        bufmgr.lock_buffer(buf, bufmgr.SHARE)
        out.append(bytes(bufmgr.page(buf)))
        bufmgr.unlock_buffer(buf)
        bufmgr.release_buffer(buf)
    return out
