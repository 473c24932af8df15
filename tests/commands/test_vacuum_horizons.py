# Which processes hold back VACUUM's removal horizon (proc_array rule 10, PostgreSQL's
# ComputeXidHorizons): an open snapshot in the same database keeps the dead row
# versions; one in another database does not, nor does a concurrent lazy VACUUM's.
# Both servers must agree on how many dead versions VACUUM left behind.
from __future__ import annotations

import pytest

SETUP = ("DROP TABLE IF EXISTS hz_t",
         "CREATE TABLE hz_t (a int)",
         "INSERT INTO hz_t SELECT g FROM generate_series(1, 200) g")
# Line pointers still holding a tuple: 100 live rows, plus the 100 deleted ones if kept.
NORMAL_ITEMS = "SELECT count(*) FROM heap_page_items(get_raw_page('hz_t', 0)) WHERE lp_flags = 1"


def _items_left_after_vacuum(server, holder_dbname: str | None) -> int:
    """Delete half of hz_t while a REPEATABLE READ transaction in `holder_dbname` (None:
    none) holds a snapshot taken before the delete, VACUUM, and count what stayed."""
    with server.connect() as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
        for sql in SETUP:
            conn.execute(sql)
        holder = None
        if holder_dbname is not None:
            holder = server.connect(dbname=holder_dbname, autocommit=False)
            holder.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            holder.execute("SELECT 1").fetchall()          # the snapshot is taken here
        try:
            conn.execute("DELETE FROM hz_t WHERE a > 100")
            conn.execute("VACUUM hz_t")
            return conn.execute(NORMAL_ITEMS).fetchone()[0]
        finally:
            if holder is not None:
                holder.rollback()
                holder.close()
            conn.execute("DROP TABLE hz_t")


@pytest.fixture
def other_database(server_pair):
    for server in server_pair:
        with server.connect() as conn:
            conn.execute("DROP DATABASE IF EXISTS hz_other")
            conn.execute("CREATE DATABASE hz_other TEMPLATE template0")
    yield "hz_other"
    for server in server_pair:
        with server.connect() as conn:
            conn.execute("DROP DATABASE IF EXISTS hz_other")


@pytest.fixture
def server_pair(oracle, pgsnake_server):
    return (oracle, pgsnake_server)


def test_snapshot_in_same_database_keeps_dead_rows(server_pair):
    assert [_items_left_after_vacuum(s, s.dbname) for s in server_pair] == [200, 200]


def test_snapshot_in_other_database_does_not_hold_back_vacuum(server_pair, other_database):
    assert [_items_left_after_vacuum(s, other_database) for s in server_pair] == [100, 100]


def test_no_snapshot_vacuum_removes_everything_dead(server_pair):
    assert [_items_left_after_vacuum(s, None) for s in server_pair] == [100, 100]
