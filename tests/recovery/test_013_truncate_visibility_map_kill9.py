# Proves that pg_truncate_visibility_map survives crash recovery: after a checkpoint a
# table is filled and VACUUMed (XLOG_HEAP2_VISIBLE records set the map's bits), then
# pg_visibility's pg_truncate_visibility_map empties the map (an XLOG_SMGR_TRUNCATE
# record with only the map's flag). After kill -9 and restart, redo replays the VISIBLE
# records (extending the map again) and then the truncation, so the map is empty again
# while every heap page keeps PD_ALL_VISIBLE, exactly as before the crash. Runs on
# pgsnake and on PostgreSQL 15.
from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow           # a server made, killed and restarted per kind


def state(conn) -> dict:
    return {
        "pages": conn.execute("SELECT * FROM pg_visibility('vm_crash') ORDER BY blkno")
        .fetchall(),
        "summary": conn.execute("SELECT * FROM pg_visibility_map_summary('vm_crash')")
        .fetchone(),
        "map_size": conn.execute("SELECT pg_relation_size('vm_crash', 'vm')").fetchone()[0],
        "rows": conn.execute("SELECT count(*), sum(a) FROM vm_crash").fetchone(),
    }


def scenario(server):
    with server.connect(autocommit=True) as conn:
        conn.execute("CREATE EXTENSION pg_visibility")
        conn.execute("CREATE TABLE vm_crash (a int, b text)")
        conn.execute("CHECKPOINT")
        conn.execute("INSERT INTO vm_crash SELECT g, 'row ' || g FROM generate_series(1, 1500) g")
        conn.execute("VACUUM vm_crash")
        visible = conn.execute("SELECT * FROM pg_visibility_map_summary('vm_crash')").fetchone()
        conn.execute("SELECT pg_truncate_visibility_map('vm_crash')")
        # A commit flushes the WAL of everything before it.
        conn.execute("CREATE TABLE vm_crash_flush (x int)")
        before = state(conn)
    server.kill_all_9()
    server.start()
    with server.connect(autocommit=True) as conn:
        after = state(conn)
    return visible, before, after


@pytest.mark.parametrize("kind", ["pgsnake", "oracle"])
def test_truncated_map_stays_empty_after_redo(kind, make_pgsnake_server, make_oracle_server):
    server = make_pgsnake_server() if kind == "pgsnake" else make_oracle_server()
    visible, before, after = scenario(server)
    assert visible[0] >= 3, "VACUUM must have set the map's bits"
    assert before["summary"] == (0, 0) and before["map_size"] == 0
    assert all(pd_all_visible for *_rest, pd_all_visible in before["pages"])
    assert after == before
