# Proves the shared buffer manager's rules: pages round-trip through buffers to disk, a tiny
# pool evicts by clock sweep and re-reads correctly, WAL is flushed up to the page LSN before
# a dirty page is written, pins are counted per process and released after errors, the
# mapping table never holds two buffers for one block (even when forked processes race for
# it), concurrent exclusive-locked changes from several processes are not lost, and
# read_buffer_for_redo restores images / skips changes already applied / creates files.
import os
import random

import pytest

from pgsnake.access.transam.wal.record import DecodedBlock, DecodedRecord
from pgsnake.storage.buffer import buffer_descriptors as bd
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.buffer import buffer_mapping
from pgsnake.storage.lmgr import lwlock
from pgsnake.storage.page import page_layout as pl
from pgsnake.storage.smgr import storage_manager as smgr
from pgsnake.storage.smgr.relation_path import ForkNumber, RelFileLocator
from pgsnake.utils.errors import PgError

LOC = RelFileLocator(1663, 5, 16384)
MAIN = ForkNumber.MAIN


def make_relation(nblocks: int, loc=LOC) -> None:
    smgr.create(loc, MAIN)
    for b in range(nblocks):
        buf, blockno = bufmgr.extend_relation(loc, MAIN)
        assert blockno == b
        page = bufmgr.page(buf)
        pl.init_page(page)
        pl.add_item(page, b"block %05d" % b)
        bufmgr.mark_dirty(buf)
        bufmgr.unlock_buffer(buf)
        bufmgr.release_buffer(buf)


def read_label(blockno: int, loc=LOC) -> bytes:
    buf = bufmgr.read_buffer(loc, MAIN, blockno)
    bufmgr.lock_buffer(buf, bufmgr.SHARE)
    label = bytes(pl.get_item(bufmgr.page(buf), 1))
    bufmgr.unlock_buffer(buf)
    bufmgr.release_buffer(buf)
    return label


def test_extend_read_flush_roundtrip(buffer_pool):
    make_relation(3)
    assert bufmgr.nblocks(LOC, MAIN) == 3
    assert os.path.getsize("base/5/16384") == 3 * 8192   # extension wrote zero pages
    assert bufmgr.flush_all_buffers() == 3
    with open("base/5/16384", "rb") as f:
        data = f.read()
    page1 = bytearray(data[8192:16384])
    assert bytes(pl.get_item(page1, 1)) == b"block 00001"
    assert bufmgr.flush_all_buffers() == 0              # nothing dirty any more
    assert read_label(2) == b"block 00002"


def test_a_new_block_is_mapped_to_its_buffer_before_the_file_grows(buffer_pool, monkeypatch):
    # Once the file is longer, any process may read the new block; it must find the
    # extender's buffer, not load the zero page into a second buffer (two copies of one
    # page, each initialised and filled by a different process, lose one of them: found
    # by the kill -9 torture test as acknowledged inserts going missing on a live server).
    make_relation(1)
    real_extend = smgr.extend
    seen = []

    def checking_extend(locator, fork, blockno, data):
        tag = (locator.spcoid, locator.dboid, locator.relfilenode, int(fork), blockno)
        seen.append(buffer_mapping.lookup(tag))
        real_extend(locator, fork, blockno, data)

    monkeypatch.setattr(smgr, "extend", checking_extend)
    buf, blockno = bufmgr.extend_relation(LOC, MAIN)
    bufmgr.unlock_buffer(buf)
    bufmgr.release_buffer(buf)
    assert blockno == 1 and seen == [buf]


def test_eviction_with_a_tiny_pool(tiny_pool):
    make_relation(40)                                    # 40 pages through 16 buffers
    for b in random.Random(1).sample(range(40), 40):
        assert read_label(b) == b"block %05d" % b
    stats = [s for s in bufmgr.statistics() if s.relfilenode is not None]
    assert len(stats) == 16
    assert len({s.relblocknumber for s in stats}) == 16
    assert all(s.pinning_backends == 0 for s in stats)
    assert len(buffer_mapping.entries()) == 16


def test_wal_is_flushed_before_the_page_is_written(tiny_pool):
    make_relation(1)
    buf = bufmgr.read_buffer(LOC, MAIN, 0)
    bufmgr.lock_buffer(buf, bufmgr.EXCLUSIVE)
    pl.set_lsn(bufmgr.page(buf), 0x5000123)
    bufmgr.mark_dirty(buf)
    bufmgr.unlock_buffer(buf)
    bufmgr.release_buffer(buf)
    tiny_pool.events.clear()
    make_relation(60, RelFileLocator(1663, 5, 16385))    # forces block 0 out of the pool
    writes = [i for i, e in enumerate(tiny_pool.events)
              if e[0] == "write" and e[1] == (LOC, 0, 0)]
    assert writes, "block 0 was never written"
    i = writes[0]
    assert tiny_pool.events[i][2] == 0x5000123
    assert any(e[0] == "flush" and e[1] >= 0x5000123 for e in tiny_pool.events[:i])


def test_pins_are_private_and_release_all_pins(buffer_pool):
    make_relation(2)
    a = bufmgr.read_buffer(LOC, MAIN, 0)
    assert bufmgr.read_buffer(LOC, MAIN, 0) == a          # second pin by this process
    b = bufmgr.read_buffer(LOC, MAIN, 1)
    assert bd.load_state(a) & bd.REFCOUNT_MASK == 1       # counted once in shared memory
    assert bufmgr.pinned_buffers() == {a: 2, b: 1}
    bufmgr.release_all_pins()
    assert bufmgr.pinned_buffers() == {}
    assert bd.load_state(a) & bd.REFCOUNT_MASK == 0
    assert bd.load_state(b) & bd.REFCOUNT_MASK == 0


def test_read_beyond_eof_fails_and_leaves_no_buffer_behind(buffer_pool):
    make_relation(1)
    with pytest.raises(PgError) as err:
        bufmgr.read_buffer(LOC, MAIN, 5)
    assert err.value.sqlstate == "XX001"
    assert (LOC.spcoid, LOC.dboid, LOC.relfilenode, 0, 5) not in dict(buffer_mapping.entries())
    assert bufmgr.pinned_buffers() == {}


def test_drop_relation_buffers_forgets_without_writing(buffer_pool):
    make_relation(3)
    bufmgr.drop_relation_buffers(LOC)
    assert buffer_mapping.entries() == []
    assert bufmgr.flush_all_buffers() == 0


def _age(buf: int) -> None:
    """What clock-sweep visits do to an unpinned buffer: usage count down to 0."""
    state = bd.lock_header(buf)
    bd.unlock_header(buf, state & ~bd.USAGE_MASK)


def test_write_some_dirty_writes_only_buffers_the_sweep_could_take(buffer_pool):
    make_relation(5)
    assert bufmgr.write_some_dirty(10) == 0          # all recently used: they stay dirty
    for buf in range(bd.pool.nbuffers):
        if bd.read_tag(buf)[2] == LOC.relfilenode:
            _age(buf)
    assert bufmgr.write_some_dirty(2) == 2
    assert bufmgr.write_some_dirty(10) == 3
    assert bufmgr.write_some_dirty(10) == 0


def test_mapping_table_against_a_dict(buffer_pool):
    # Entry i belongs to buffer i, so each live tag gets a buffer id not in use.
    rng = random.Random(7)
    model = {}
    locks = bd.pool.mapping_locks
    for lock in locks:
        lock.acquire(lwlock.EXCLUSIVE)
    try:
        for _ in range(3000):
            tag = (1663, 5, rng.randrange(3), 0, rng.randrange(12))
            if tag in model and rng.random() < 0.5:
                buffer_mapping.delete(tag)
                del model[tag]
            elif tag not in model and len(model) < 16:
                free = min(set(range(16)) - set(model.values()))
                assert buffer_mapping.insert(tag, free) == -1
                model[tag] = free
            assert buffer_mapping.lookup(tag) == model.get(tag, -1)
        assert dict(buffer_mapping.entries()) == model
    finally:
        for lock in reversed(locks):
            lock.release()


def test_mapping_partitions_follow_buckets(buffer_pool):
    # Every tag's partition lock is the one of its bucket (bucket % 128), so a chain
    # is only ever changed under the lock its readers take.
    pool = bd.pool
    assert len(pool.mapping_locks) == bd.NUM_MAPPING_PARTITIONS
    for blockno in range(300):
        tag = (1663, 5, 16384, 0, blockno)
        bucket = hash(tag) & pool.bucket_mask
        assert buffer_mapping.partition_lock(tag) is \
            pool.mapping_locks[bucket % bd.NUM_MAPPING_PARTITIONS]


def _run_children(n, body):
    pids = []
    for i in range(n):
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                lwlock.forget_held_after_fork()
                bufmgr.forget_pins_after_fork()
                body(i)
                code = 0
            except BaseException:
                import traceback
                traceback.print_exc()
            finally:
                os._exit(code)
        pids.append(pid)
    return [os.waitpid(pid, 0)[1] for pid in pids]


def test_forked_processes_race_for_the_same_missing_block(tiny_pool):
    make_relation(30)
    bufmgr.flush_all_buffers()
    bufmgr.drop_relation_buffers(LOC)        # every block must now come from disk

    def body(i):
        rng = random.Random(i)
        for _ in range(200):
            b = rng.randrange(30)
            if read_label(b) != b"block %05d" % b:
                raise AssertionError(f"wrong contents for block {b}")

    assert _run_children(4, body) == [0, 0, 0, 0]
    tags = [tag for tag, _ in buffer_mapping.entries()]
    assert len(tags) == len(set(tags))
    valid = [(s.relfilenode, s.relblocknumber) for s in bufmgr.statistics()
             if s.relfilenode is not None]
    assert len(valid) == len(set(valid))                 # one buffer per block
    assert all(s.pinning_backends in (0, None) for s in bufmgr.statistics())


def test_concurrent_changes_under_exclusive_locks_are_not_lost(tiny_pool):
    make_relation(20)
    import struct

    def body(i):
        rng = random.Random(100 + i)
        for _ in range(150):
            b = rng.randrange(20)
            buf = bufmgr.read_buffer(LOC, MAIN, b)
            bufmgr.lock_buffer(buf, bufmgr.EXCLUSIVE)
            item = pl.get_item(bufmgr.page(buf), 1)
            # the label's last 4 bytes are reused as a counter
            n = struct.unpack_from("<I", item, 7)[0]
            struct.pack_into("<I", item, 7, n + 1)
            bufmgr.mark_dirty(buf)
            bufmgr.unlock_buffer(buf)
            bufmgr.release_buffer(buf)

    # reset counters to 0
    for b in range(20):
        buf = bufmgr.read_buffer(LOC, MAIN, b)
        bufmgr.lock_buffer(buf, bufmgr.EXCLUSIVE)
        struct.pack_into("<I", pl.get_item(bufmgr.page(buf), 1), 7, 0)
        bufmgr.mark_dirty(buf)
        bufmgr.unlock_buffer(buf)
        bufmgr.release_buffer(buf)
    assert _run_children(4, body) == [0, 0, 0, 0]
    total = 0
    for b in range(20):
        total += struct.unpack_from("<I", read_label(b), 7)[0]
    assert total == 4 * 150


def _record(end_lsn, image=None, will_init=False, loc=LOC, blockno=0):
    block = DecodedBlock(0, loc, MAIN, blockno, image, b"", will_init)
    return DecodedRecord(end_lsn - 0x40, end_lsn, 0, 10, 0, b"", {0: block}, 0)


def test_read_buffer_for_redo(buffer_pool):
    loc = RelFileLocator(1663, 5, 17000)
    # missing file, block 2: file created and zero-extended
    action, buf = bufmgr.read_buffer_for_redo(_record(0x2000, loc=loc, blockno=2), 0)
    assert action == "needs_redo"
    assert smgr.nblocks(loc, MAIN) == 3
    page = bufmgr.page(buf)
    pl.init_page(page)
    bufmgr.finish_redo(buf, _record(0x2000, loc=loc, blockno=2))
    assert pl.get_lsn(bufmgr.page(buf)) == 0x2000
    # the same record again: already applied
    action, buf = bufmgr.read_buffer_for_redo(_record(0x2000, loc=loc, blockno=2), 0)
    assert action == "done"
    bufmgr.unlock_buffer(buf)
    bufmgr.release_buffer(buf)
    # a later record needs redo; a full-page image is restored with the record's end LSN
    image = bytearray(8192)
    pl.init_page(image)
    pl.add_item(image, b"from the image")
    action, buf = bufmgr.read_buffer_for_redo(_record(0x3000, image=bytes(image), loc=loc, blockno=2), 0)
    assert action == "restored"
    assert bytes(pl.get_item(bufmgr.page(buf), 1)) == b"from the image"
    assert pl.get_lsn(bufmgr.page(buf)) == 0x3000
    bufmgr.unlock_buffer(buf)
    bufmgr.release_buffer(buf)
    assert bufmgr.pinned_buffers() == {}
    assert lwlock.held_count() == 0


def test_io_counts_for_pg_stat_io(tiny_pool):
    """Each event is counted once where it happens (utils/io_counters.py, relation /
    normal): extends, then with 40 blocks in 16 buffers, reads, hits, evictions, and
    writes of the dirty victims."""
    from pgsnake.utils import io_counters as io
    io.forget()
    make_relation(40)
    assert io.counts[io.RELATION_EXTEND] == 40
    assert io.counts[io.RELATION_EVICT] == 40 - 16      # the pool started empty
    assert io.counts[io.RELATION_WRITE] == 40 - 16      # every victim was dirty
    assert io.counts[io.RELATION_READ] == io.counts[io.RELATION_HIT] == 0
    io.forget()
    read_label(39)                                      # still in the pool
    assert io.counts[io.RELATION_HIT] == 1 and io.counts[io.RELATION_READ] == 0
    read_label(0)                                       # evicted long ago
    assert io.counts[io.RELATION_READ] == 1 and io.counts[io.RELATION_EVICT] == 1
    assert io.counts[io.RELATION_WRITE] == 1            # that victim was dirty too
    written = bufmgr.flush_all_buffers()
    assert io.counts[io.RELATION_WRITE] == 1 + written
