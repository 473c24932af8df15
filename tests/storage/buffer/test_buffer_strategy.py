# Proves the buffer access strategies (buffer_strategy.py, PostgreSQL's freelist.c rings):
# ring sizes are PostgreSQL's (an eighth of shared_buffers at most); reading many blocks
# through a BULKREAD ring recycles the ring and leaves every other buffer alone; pins
# through a ring never raise a usage count above 1; a bulk read drops a dirty ring
# buffer whose WAL is not yet flushed instead of flushing WAL; pg_stat_io's bulkread
# context counts the ring's reads, evictions and reuses. Then, on a server with a small
# pool: a big sequential scan, ANALYZE, VACUUM, COPY FROM and CREATE TABLE AS leave most of
# shared buffers to a small hot table (pg_buffercache shows it), and pg_stat_io counts
# them under bulkread / vacuum (ANALYZE too) / bulkwrite. That server test needs a server
# of its own (slow tier); its fast variant runs COPY FROM, ANALYZE, VACUUM and CREATE
# TABLE AS on the shared server and checks the contexts pg_stat_io counts them in.
from __future__ import annotations

import pytest

from pgsnake.storage.buffer import buffer_descriptors as bd
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.buffer import buffer_strategy as bs
from pgsnake.storage.page import page_layout as pl
from pgsnake.storage.smgr import storage_manager as smgr
from pgsnake.storage.smgr.relation_path import ForkNumber, RelFileLocator
from pgsnake.utils import io_counters as io

MAIN = ForkNumber.MAIN
HOT = RelFileLocator(1663, 5, 16384)
BIG = RelFileLocator(1663, 5, 16385)


def _make(loc, nblocks: int) -> None:
    smgr.create(loc, MAIN)
    for _ in range(nblocks):
        buf, _blockno = bufmgr.extend_relation(loc, MAIN)
        pl.init_page(bufmgr.page(buf))
        bufmgr.mark_dirty(buf)
        bufmgr.unlock_buffer(buf)
        bufmgr.release_buffer(buf)


def _read(loc, blockno: int, strategy=None) -> None:
    buf = bufmgr.read_buffer(loc, MAIN, blockno, strategy)
    bufmgr.lock_buffer(buf, bufmgr.SHARE)
    bufmgr.unlock_buffer(buf)
    bufmgr.release_buffer(buf)


def _buffers_of(loc) -> set[int]:
    return {s.relblocknumber for s in bufmgr.statistics() if s.relfilenode == loc.relfilenode}


def test_ring_sizes_are_postgresqls_capped_at_an_eighth_of_the_pool(buffer_pool, monkeypatch):
    assert len(bs.get_access_strategy(bs.BULKREAD).ring) == 16 // 8
    assert bs.bulkread_threshold() == 16 // 4
    monkeypatch.setattr(bd.pool, "nbuffers", 16384)          # shared_buffers = 128MB
    assert len(bs.get_access_strategy(bs.BULKREAD).ring) == 32      # 256 kB
    assert len(bs.get_access_strategy(bs.VACUUM).ring) == 32        # 256 kB
    assert len(bs.get_access_strategy(bs.BULKWRITE).ring) == 2048   # 16 MB


def test_a_bulk_read_recycles_its_ring_and_leaves_the_pool_alone(tiny_pool):
    _make(HOT, 8)
    _make(BIG, 40)
    bufmgr.flush_all_buffers()
    bufmgr.drop_relation_buffers(BIG)
    for b in range(8):
        _read(HOT, b)
    assert _buffers_of(HOT) == set(range(8))
    io.take()
    strategy = bs.get_access_strategy(bs.BULKREAD)               # 2 buffers
    for b in range(40):
        _read(BIG, b, strategy)
    assert _buffers_of(HOT) == set(range(8))                    # untouched
    assert len(_buffers_of(BIG)) == len(strategy.ring_buffers()) == 2
    counts, _times = io.take()
    ctx = io.CONTEXT_BULKREAD
    assert counts[io.slot(io.OBJECT_RELATION, ctx, io.OP_READ)] == 40
    assert counts[io.slot(io.OBJECT_RELATION, ctx, io.OP_REUSE)] == 38
    assert counts[io.RELATION_READ] == 0
    # The ring's pages never look popular to the clock sweep.
    for s in bufmgr.statistics():
        if s.relfilenode == BIG.relfilenode:
            assert s.usagecount == 1
    # Without a ring, the same reads push the hot pages out.
    for b in range(40):
        _read(BIG, b)
    assert len(_buffers_of(HOT)) < 8


def test_a_pin_through_a_ring_raises_the_usage_count_only_to_one(tiny_pool):
    _make(HOT, 1)
    strategy = bs.get_access_strategy(bs.BULKREAD)
    for _ in range(4):
        _read(HOT, 0)
    usage = {s.relblocknumber: s.usagecount for s in bufmgr.statistics()
             if s.relfilenode == HOT.relfilenode}
    assert usage == {0: bd.MAX_USAGE_COUNT}
    state = bd.lock_header(next(b for b in range(bd.pool.nbuffers)
                                if bd.read_tag(b)[2] == HOT.relfilenode))
    buf = next(b for b in range(bd.pool.nbuffers) if bd.read_tag(b)[2] == HOT.relfilenode)
    bd.unlock_header(buf, state & ~bd.USAGE_MASK)          # as if the sweep aged it
    for _ in range(4):
        _read(HOT, 0, strategy)
    assert (bd.load_state(buf) & bd.USAGE_MASK) >> bd.USAGE_SHIFT == 1


def test_a_bulk_read_drops_a_dirty_ring_buffer_rather_than_flush_wal(tiny_pool):
    _make(BIG, 10)
    bufmgr.flush_all_buffers()
    bufmgr.drop_relation_buffers(BIG)
    strategy = bs.get_access_strategy(bs.BULKREAD)
    _read(BIG, 0, strategy)
    _read(BIG, 1, strategy)
    ring = strategy.ring_buffers()
    assert len(ring) == 2
    # Dirty the ring's buffer of block 0 with an LSN past what WAL has flushed.
    buf = bufmgr.read_buffer(BIG, MAIN, 0, strategy)
    bufmgr.lock_buffer(buf, bufmgr.EXCLUSIVE)
    pl.set_lsn(bufmgr.page(buf), tiny_pool.flushed + 0x1000)
    bufmgr.mark_dirty(buf)
    bufmgr.unlock_buffer(buf)
    bufmgr.release_buffer(buf)
    tiny_pool.events.clear()
    _read(BIG, 2, strategy)                      # the ring's next slot: block 0's buffer
    assert buf not in strategy.ring_buffers()
    assert not any(e[0] == "flush" for e in tiny_pool.events)   # no WAL flush for it
    assert bd.load_state(buf) & bd.DIRTY                         # left dirty, still mapped


def _io_reader(conn):
    def io_row(context: str) -> dict:
        conn.execute("SELECT pg_stat_clear_snapshot()")
        cur = conn.execute("SELECT * FROM pg_stat_io WHERE backend_type = "
                           "'client backend' AND object = 'relation' AND context = %s",
                           (context,))
        return dict(zip([d.name for d in cur.description], cur.fetchone()))
    return io_row


def test_bulk_commands_count_their_io_in_their_contexts(pgsnake_server):
    """The fast variant of the test below: on the shared server (a pool too big for a
    BULKREAD ring, which the in-process tests above cover) COPY FROM and CREATE TABLE AS
    extend through a BULKWRITE ring and ANALYZE and VACUUM read through a VACUUM ring,
    as pg_stat_io's contexts show (differences: the server's counters are shared)."""
    with pgsnake_server.connect(autocommit=True) as conn:
        io_row = _io_reader(conn)
        conn.execute("CREATE TABLE ring_small (a int, filler text)")
        before = {c: io_row(c) for c in ("bulkwrite", "vacuum")}
        with conn.cursor().copy("COPY ring_small FROM STDIN") as copy:
            for g in range(200):
                copy.write_row((g, "x" * 500))
        pages = conn.execute("SELECT pg_relation_size('ring_small') / 8192").fetchone()[0]
        assert pages >= 14
        bulkwrite = io_row("bulkwrite")
        assert bulkwrite["extends"] - before["bulkwrite"]["extends"] >= pages

        conn.execute("ANALYZE ring_small")
        analyzed = io_row("vacuum")
        assert (analyzed["reads"] + analyzed["hits"]
                - before["vacuum"]["reads"] - before["vacuum"]["hits"]) >= pages
        conn.execute("DELETE FROM ring_small WHERE a % 2 = 0")
        conn.execute("VACUUM ring_small")
        vacuum = io_row("vacuum")
        assert (vacuum["reads"] + vacuum["hits"]
                - analyzed["reads"] - analyzed["hits"]) >= pages

        conn.execute("CREATE TABLE ring_small_copy AS SELECT a, filler FROM ring_small")
        copied = conn.execute(
            "SELECT pg_relation_size('ring_small_copy') / 8192").fetchone()[0]
        assert io_row("bulkwrite")["extends"] - bulkwrite["extends"] >= copied
        conn.execute("DROP TABLE ring_small, ring_small_copy")


@pytest.mark.slow
def test_ring_io_in_pg_stat_io_and_pg_buffercache(make_pgsnake_server):
    """A small pool (256 buffers: rings of 32, BULKREAD above 64 pages): a big table
    loaded by COPY, scanned, analyzed, vacuumed and copied by CREATE TABLE AS keeps to
    its rings, and a hot table's pages stay in shared buffers throughout."""
    server = make_pgsnake_server(settings={"shared_buffers": "2MB"})
    with server.connect(autocommit=True) as conn:
        def buffers(table: str) -> int:
            return conn.execute(
                "SELECT count(*) FROM pg_buffercache WHERE relforknumber = 0 AND "
                f"relfilenode = pg_relation_filenode('{table}') AND reldatabase = "
                "(SELECT oid FROM pg_database WHERE datname = current_database())"
            ).fetchone()[0]

        io_row = _io_reader(conn)

        conn.execute("CREATE EXTENSION pg_buffercache")
        conn.execute("CREATE TABLE ring_big (a int, filler text)")
        conn.execute("SELECT pg_stat_reset_shared('io')")
        # COPY FROM extends through a BULKWRITE ring: ~215 pages, 32 left in the pool.
        with conn.cursor().copy("COPY ring_big FROM STDIN") as copy:
            for g in range(3000):
                copy.write_row((g, "x" * 500))
        big_pages = conn.execute("SELECT pg_relation_size('ring_big') / 8192").fetchone()[0]
        assert big_pages >= 200
        assert buffers("ring_big") <= 32
        bulkwrite = io_row("bulkwrite")
        assert bulkwrite["extends"] >= big_pages and bulkwrite["reuses"] > 150

        conn.execute("CREATE TABLE ring_hot (a int)")
        conn.execute("INSERT INTO ring_hot SELECT generate_series(1, 1000)")   # 5 pages
        hot_pages = conn.execute("SELECT pg_relation_size('ring_hot') / 8192").fetchone()[0]
        for _ in range(3):      # a busy table: its pages' usage counts rise
            assert conn.execute("SELECT count(*) FROM ring_hot").fetchone()[0] == 1000
        assert buffers("ring_hot") == hot_pages

        # A big sequential scan reads through a BULKREAD ring of 32.
        assert conn.execute("SELECT count(*) FROM ring_big").fetchone()[0] == 3000
        assert buffers("ring_big") <= 64
        assert buffers("ring_hot") == hot_pages
        bulkread = io_row("bulkread")
        assert bulkread["reads"] > 150 and bulkread["reuses"] > 100

        # ANALYZE samples the pages through a VACUUM ring, as PostgreSQL's does.
        conn.execute("ANALYZE ring_big")
        analyzed = io_row("vacuum")
        assert analyzed["reads"] + analyzed["hits"] >= big_pages
        assert buffers("ring_hot") == hot_pages

        # VACUUM's pages are counted in its own context. (The DELETE's scan dirtied its
        # ring's pages; a bulk read leaves a dirty page whose WAL is not flushed to the
        # pool rather than flush WAL, so VACUUM finds many of them there.)
        conn.execute("DELETE FROM ring_big WHERE a % 2 = 0")
        conn.execute("VACUUM ring_big")
        vacuum = io_row("vacuum")
        assert vacuum["reads"] + vacuum["hits"] >= analyzed["reads"] + analyzed["hits"] + 150
        assert buffers("ring_hot") == hot_pages

        # CREATE TABLE AS fills the new table through a BULKWRITE ring.
        conn.execute("CREATE TABLE ring_ctas AS SELECT a, filler FROM ring_big")
        assert io_row("bulkwrite")["extends"] > bulkwrite["extends"] + 80
        assert buffers("ring_ctas") <= 32
        assert io_row("normal")["extends"] < 20
        conn.execute("DROP TABLE ring_hot, ring_big, ring_ctas")
        conn.execute("DROP EXTENSION pg_buffercache")
