# Proves pg_stat_io (PostgreSQL 16's view; utils/activity/pgstat_io.py, utils/io_counters.py)
# counts block I/O where it happens, under the process type that did it: a sequential
# scan of a table larger than shared_buffers (client backend reads, evictions and ring
# reuses in "bulkread"), a
# CHECKPOINT (checkpointer writes and fsyncs), the background writer's writes, a
# temporary table's I/O (object "temp relation"), track_io_timing's times, the reset,
# and agreement with pg_stat_bgwriter / pg_stat_database where they count the same
# events. The oracle (PostgreSQL 15) has no pg_stat_io, so the expected row set and NULL
# cells are PostgreSQL 16's rules (pgstat_tracks_io_object / _op), stated here.
from __future__ import annotations

import time

import pytest

from pgsnake.utils import io_counters as io
from pgsnake.utils.activity import pgstat_io

COUNTS = ("reads", "writes", "writebacks", "extends", "hits", "evictions", "reuses", "fsyncs")


def _io(conn) -> dict[tuple[str, str, str], dict]:
    conn.execute("SELECT pg_stat_clear_snapshot()")
    cur = conn.execute("SELECT * FROM pg_stat_io")
    names = [d.name for d in cur.description]
    return {row[:3]: dict(zip(names, row)) for row in cur.fetchall()}


def _bgwriter(conn) -> dict:
    conn.execute("SELECT pg_stat_clear_snapshot()")
    cur = conn.execute("SELECT * FROM pg_stat_bgwriter")
    return dict(zip([d.name for d in cur.description], cur.fetchone()))


def _assert_reset(rows) -> None:
    """Just after pg_stat_reset_shared('io'): the rows of processes that did nothing
    since are all zero (the backend's own statement, the background writer's round may
    already have counted again)."""
    for key in (("checkpointer", "relation", "normal"), ("startup", "relation", "normal"),
                ("client backend", "temp relation", "normal"),
                ("autovacuum worker", "relation", "normal")):
        assert all(rows[key][c] in (0, None) for c in COUNTS), rows[key]
    assert rows[("client backend", "relation", "normal")]["evictions"] < 10


def _wait_until(check, timeout: float = 60.0):
    """Poll `check()` (a value, or None while not yet) until it holds: other processes
    flush their counts at the end of their rounds."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value is not None or time.monotonic() > deadline:
            return value
        time.sleep(0.2)


def test_rows_and_null_cells_follow_postgresql_16_rules():
    """30 rows; NULL exactly where a combination cannot do an operation."""
    combos = [(b, o, c) for b in pgstat_io.BACKEND_TYPES for o in range(2) for c in range(4)
              if pgstat_io.tracks_object(b, o, c)]
    assert len(combos) == 30
    per_type = {b: sum(1 for c in combos if c[0] == b) for b in pgstat_io.BACKEND_TYPES}
    assert per_type == {"autovacuum launcher": 2, "autovacuum worker": 3, "client backend": 5,
                        "background worker": 5, "background writer": 1, "checkpointer": 1,
                        "standalone backend": 4, "startup": 4, "walsender": 5}
    tracks = pgstat_io.tracks_op
    assert not tracks("checkpointer", io.OBJECT_RELATION, io.CONTEXT_NORMAL, io.OP_READ)
    assert tracks("checkpointer", io.OBJECT_RELATION, io.CONTEXT_NORMAL, io.OP_FSYNC)
    assert not tracks("background writer", io.OBJECT_RELATION, io.CONTEXT_NORMAL,
                      io.OP_EXTEND)
    assert not tracks("client backend", io.OBJECT_TEMP_RELATION, io.CONTEXT_NORMAL,
                      io.OP_FSYNC)
    assert not tracks("client backend", io.OBJECT_RELATION, io.CONTEXT_NORMAL, io.OP_REUSE)
    assert tracks("client backend", io.OBJECT_RELATION, io.CONTEXT_BULKREAD, io.OP_REUSE)
    assert not tracks("client backend", io.OBJECT_RELATION, io.CONTEXT_BULKREAD,
                      io.OP_EXTEND)
    assert not tracks("client backend", io.OBJECT_RELATION, io.CONTEXT_VACUUM, io.OP_FSYNC)


def test_a_backends_own_fsyncs_are_buffers_backend_fsync(monkeypatch):
    """pg_stat_bgwriter.buffers_backend_fsync: the relation fsyncs a backend flushes to
    pg_stat_io (those it did itself, the request queue being full) are reported there
    too; a checkpointer's fsyncs are not."""
    from pgsnake.storage.ipc import pgstat_shmem
    from pgsnake.utils import process_state
    from pgsnake.utils.activity import pgstat
    from pgsnake.utils.activity import pgstat_kinds as k
    flushed = [0] * io.SLOTS
    flushed[io.RELATION_FSYNC] = 2
    reported: list[dict] = []
    monkeypatch.setattr(pgstat_io, "flush", lambda: list(flushed))
    monkeypatch.setattr(pgstat_shmem, "is_initialised", lambda: True)
    monkeypatch.setattr(pgstat, "add_globals", reported.append)
    monkeypatch.setattr(pgstat, "is_counting", lambda: False)
    for kind, expected in (("backend", 2), ("checkpointer", None)):
        monkeypatch.setattr(process_state, "process_kind", kind)
        reported.clear()
        pgstat.flush_process_counters()
        assert (reported[-1].get(k.G_BUF_FSYNC_BACKEND) if reported else None) == expected


# One private server (small shared_buffers and temp_buffers, fsync and track_io_timing on)
# for every check: about 3 s of statements beyond the server's start.
def test_view_shows_io_by_backend_type_and_agrees_with_other_views(make_pgsnake_server):
    server = make_pgsnake_server(settings={
        "shared_buffers": "256kB", "temp_buffers": "800kB", "fsync": "on",
        "track_io_timing": "on", "bgwriter_delay": "10ms", "bgwriter_lru_maxpages": "1000"})
    with server.connect(autocommit=True) as conn:
        # The view's columns, as PostgreSQL 16 defines them.
        columns = conn.execute(
            "SELECT attname, atttypid::regtype::text FROM pg_attribute "
            "WHERE attrelid = 'pg_catalog.pg_stat_io'::regclass AND attnum > 0 "
            "ORDER BY attnum").fetchall()
        assert [c[0] for c in columns] == [
            "backend_type", "object", "context", "reads", "read_time", "writes",
            "write_time", "writebacks", "writeback_time", "extends", "extend_time",
            "op_bytes", "hits", "evictions", "reuses", "fsyncs", "fsync_time", "stats_reset"]
        assert dict(columns)["read_time"] == "double precision"
        rows = _io(conn)
        assert len(rows) == 30
        assert {r["op_bytes"] for r in rows.values()} == {8192}
        checkpointer = rows[("checkpointer", "relation", "normal")]
        assert checkpointer["reads"] is None and checkpointer["evictions"] is None
        assert checkpointer["writes"] is not None and checkpointer["fsyncs"] is not None
        temp = rows[("client backend", "temp relation", "normal")]
        assert temp["fsyncs"] is None and temp["reuses"] is None

        conn.execute("CREATE TABLE io_big (a int, filler text)")
        conn.execute("INSERT INTO io_big SELECT g, repeat('x', 400) FROM "
                     "generate_series(1, 2000) g")                # ~120 pages > 32 buffers
        conn.execute("CHECKPOINT")
        conn.execute("SELECT pg_stat_reset_shared('io')")
        reset_at = _io(conn)[("client backend", "relation", "normal")]["stats_reset"]
        _assert_reset(_io(conn))
        db_before = conn.execute(
            "SELECT blks_read, blks_hit FROM pg_stat_database "
            "WHERE datname = current_database()").fetchone()
        bg_before = _bgwriter(conn)

        # A scan larger than a quarter of shared_buffers reads through a BULKREAD ring
        # (4 buffers here: an eighth of 32): reads, evictions (the sweep filling the
        # ring) and reuses (the ring's buffers taken back) under "bulkread".
        pages = conn.execute("SELECT pg_relation_size('io_big') / 8192").fetchone()[0]
        assert conn.execute("SELECT count(*) FROM io_big").fetchone()[0] == 2000
        after_scan = _io(conn)
        backend = after_scan[("client backend", "relation", "bulkread")]
        assert backend["reads"] >= pages - 32 and backend["evictions"] > 0
        assert backend["reuses"] >= pages - 32 - 8
        assert backend["read_time"] > 0               # track_io_timing
        assert backend["stats_reset"] == reset_at
        db_after = conn.execute(
            "SELECT blks_read, blks_hit FROM pg_stat_database "
            "WHERE datname = current_database()").fetchone()
        # pg_stat_database counts the table's blocks; pg_stat_io every block, catalogs too.
        assert backend["reads"] + after_scan[("client backend", "relation", "normal")][
            "reads"] >= db_after[0] - db_before[0] >= pages - 32

        # Dirty every page, then CHECKPOINT: the checkpointer writes and fsyncs.
        conn.execute("UPDATE io_big SET a = a + 1")
        conn.execute("CHECKPOINT")
        after_checkpoint = _io(conn)
        checkpointer = after_checkpoint[("checkpointer", "relation", "normal")]
        assert checkpointer["writes"] > 0 and checkpointer["fsyncs"] > 0
        assert checkpointer["write_time"] > 0

        # The background writer cleans dirty buffers the sweep could take next.
        def bgwriter_wrote():
            conn.execute("UPDATE io_big SET a = a + 1 WHERE a % 7 = 0")
            conn.execute("SELECT count(*) FROM io_big")
            row = _io(conn)[("background writer", "relation", "normal")]
            return row if row["writes"] > 0 else None
        assert _wait_until(bgwriter_wrote, timeout=30) is not None

        # A temporary table larger than temp_buffers (100 pages): extends, evictions,
        # writes and reads under "temp relation".
        conn.execute("CREATE TEMP TABLE io_temp (a int, filler text)")
        conn.execute("INSERT INTO io_temp SELECT g, repeat('y', 400) FROM "
                     "generate_series(1, 2500) g")
        conn.execute("SELECT count(*) FROM io_temp")
        temp = _io(conn)[("client backend", "temp relation", "normal")]
        assert temp["extends"] > 100 and temp["evictions"] > 0
        assert temp["writes"] > 0 and temp["reads"] > 0 and temp["hits"] > 0
        conn.execute("DROP TABLE io_temp")

        # Where pg_stat_bgwriter counts the same writes, the two agree (each process
        # reports both at the end of its round: wait until both arrived).
        def agreeing():
            bg, rows = _bgwriter(conn), _io(conn)
            pairs = [
                (bg["buffers_checkpoint"] - bg_before["buffers_checkpoint"],
                 rows[("checkpointer", "relation", "normal")]["writes"]),
                (bg["buffers_clean"] - bg_before["buffers_clean"],
                 rows[("background writer", "relation", "normal")]["writes"]),
                (bg["buffers_backend"] - bg_before["buffers_backend"],
                 sum(rows[("client backend", "relation", context)]["writes"]
                     for context in ("normal", "bulkread", "bulkwrite", "vacuum"))),
            ]
            return pairs if all(a == b for a, b in pairs) else None
        assert _wait_until(agreeing, timeout=30) is not None, (_bgwriter(conn), _io(conn))

        # The reset zeroes every count and moves stats_reset.
        conn.execute("SELECT pg_stat_reset_shared('io')")
        rows = _io(conn)
        _assert_reset(rows)
        assert rows[("checkpointer", "relation", "normal")]["stats_reset"] > reset_at
        conn.execute("DROP TABLE io_big")


@pytest.mark.slow
def test_counts_survive_a_clean_restart_and_not_a_crash(make_pgsnake_server):
    """A clean restart keeps the counts and their reset time (pg_stat/pgstat.stat); crash
    recovery starts them again from zero, with its own replay counted under startup."""
    server = make_pgsnake_server(settings={"shared_buffers": "256kB"})
    with server.connect(autocommit=True) as conn:
        conn.execute("CREATE TEMP TABLE io_t AS SELECT g FROM generate_series(1, 3000) g")
        before = _io(conn)[("client backend", "temp relation", "normal")]
        assert before["extends"] > 0
    server.stop()
    server.start()
    with server.connect_within() as conn:
        kept = _io(conn)[("client backend", "temp relation", "normal")]
        assert kept["extends"] == before["extends"]
        assert kept["stats_reset"] == before["stats_reset"]
        # Work that crash recovery will replay: 200 inserts into one table's few pages.
        conn.execute("CREATE TABLE io_replayed (a int)")
        conn.execute("INSERT INTO io_replayed SELECT generate_series(1, 200)")
    server.kill_all_9()
    server.start()
    with server.connect_within() as conn:
        rows = _io(conn)
        after = rows[("client backend", "temp relation", "normal")]
        assert after["extends"] == 0
        assert after["stats_reset"] > before["stats_reset"]
        # The startup process's replay counts under "startup", after the reset: each
        # record after the first on a page finds it in shared buffers.
        assert rows[("startup", "relation", "normal")]["hits"] >= 100
        conn.execute("DROP TABLE io_replayed")
