# In-process WAL set-up shared by the index access methods' redo tests: a bootstrapped
# cluster in tmp_path with this process as a backend (`wal_cluster_for`, for a fixture),
# a simulated crash that loses shared memory and replays the WAL (`crash_and_recover`),
# and copies of an index's pages through the buffer pool (`page_images`).
from __future__ import annotations

import os

import in_process_cluster


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
