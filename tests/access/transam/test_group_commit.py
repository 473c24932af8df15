# Proves group commit: committers waiting for WALWriteLock find their records already
# flushed by whoever got the lock first (one fdatasync serves them all), and that many
# processes inserting and flushing concurrently produce one intact, fully readable WAL.
import os
import time

from pgsnake.access.transam.wal import flush, wal
from pgsnake.access.transam.wal import xlog_control as xc
from pgsnake.storage.lmgr import lwlock
from pgsnake.utils import settings

from forking import run_in_children

NOOP = 0x20


def _commit_once(tag):
    end = wal.insert_record(wal.RmgrId.XLOG, NOOP, tag)
    before = flush.statistics["syncs"]
    wal.flush(end)
    assert wal.flushed_lsn() >= end
    return flush.statistics["syncs"] - before


def test_waiting_committers_share_one_flush(cluster):
    settings.set_value("fsync", "on", source="default", check_context=False)
    start = wal.insert_lsn()
    write_lock = lwlock.named("WALWriteLock")
    write_lock.acquire()                # hold the flush back while three commits queue up
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        lwlock.forget_held_after_fork()
        try:
            results = run_in_children(_commit_once, [(b"a",), (b"b",), (b"c",)])
            os.write(write_end, bytes([sum(results)]))
        finally:
            os._exit(0)
    deadline = time.time() + 10
    while time.time() < deadline:
        # All three records are in the WAL buffers once the insert position has moved 3 times.
        if xc.load("insert_position") >= start + 3 * 32:
            break
        time.sleep(0.01)
    time.sleep(0.05)
    write_lock.release()
    total_syncs = os.read(read_end, 1)[0]
    os.waitpid(pid, 0)
    assert total_syncs == 1
    assert sorted(r.main_data for r in wal.read_records(start)) == [b"a", b"b", b"c"]


def _hammer(worker, count):
    for i in range(count):
        end = wal.insert_record(wal.RmgrId.XLOG, NOOP, f"{worker}:{i}".encode() * (1 + i % 50))
        wal.flush(end)
    return count


def test_concurrent_inserters_produce_intact_wal(cluster):
    start = wal.insert_lsn()
    run_in_children(_hammer, [(w, 150) for w in range(4)])
    recs = list(wal.read_records(start))
    assert len(recs) == 600
    per_worker = {}
    for r in recs:
        worker = r.main_data.decode().split(":", 1)[0]
        per_worker.setdefault(worker, []).append(r.main_data)
    # Each worker's records are all there, in the order that worker wrote them.
    for worker, datas in per_worker.items():
        assert datas == [f"{worker}:{i}".encode() * (1 + i % 50) for i in range(150)]
    assert sorted(per_worker) == ["0", "1", "2", "3"]
    assert wal.flushed_lsn() == wal.insert_lsn() == recs[-1].end_lsn
