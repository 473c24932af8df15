"""track_commit_timestamp: commit times of transactions and their subtransactions are
kept (pg_commit_ts), survive a crash (replayed from the commit records), are gone after
the setting was off for a start, and the SQL functions fail with PostgreSQL's 55000 while
it is off. Run against both servers (server_kind).
PostgreSQL: access/transam/commit_ts.c.
"""
from __future__ import annotations

import psycopg
import pytest


def _commit_with_subtransaction(conn) -> tuple[int, int]:
    conn.execute("BEGIN")
    conn.execute("INSERT INTO stamped VALUES (1)")
    top = int(conn.execute("SELECT txid_current()").fetchone()[0])
    conn.execute("SAVEPOINT s")
    conn.execute("INSERT INTO stamped VALUES (2)")
    conn.execute("COMMIT")
    return top, top + 1


def _stamp(conn, xid: int):
    return conn.execute("SELECT pg_xact_commit_timestamp(%s::text::xid)", (str(xid),)).fetchone()[0]


@pytest.mark.slow     # ~30 s (four starts); the default tier has regress admin_wal_functions.sql
def test_commit_timestamps_survive_crash_and_follow_the_setting(make_server):
    server = make_server(settings={"track_commit_timestamp": "on"})
    with server.connect(autocommit=True) as conn:
        conn.execute("CREATE TABLE stamped (a int)")
        before = conn.execute("SELECT clock_timestamp()").fetchone()[0]
        top, sub = _commit_with_subtransaction(conn)
        after = conn.execute("SELECT clock_timestamp()").fetchone()[0]
        stamp = _stamp(conn, top)
        assert before <= stamp <= after
        assert _stamp(conn, sub) == stamp
        assert conn.execute("SELECT xid::text::int, timestamp, roident FROM "
                            "pg_last_committed_xact()").fetchone() == (top, stamp, 0)
        assert conn.execute("SELECT * FROM pg_xact_commit_timestamp_origin(%s::text::xid)",
                            (str(top),)).fetchone() == (stamp, 0)
        conn.execute("BEGIN")
        conn.execute("INSERT INTO stamped VALUES (3)")
        aborted = int(conn.execute("SELECT txid_current()").fetchone()[0])
        conn.execute("ROLLBACK")
        assert _stamp(conn, aborted) is None
        assert _stamp(conn, 2) is None
    server.kill_all_9()
    server.start()
    with server.connect(autocommit=True) as conn:
        assert _stamp(conn, top) == stamp and _stamp(conn, sub) == stamp
    server.stop()
    server.settings["track_commit_timestamp"] = "off"
    server.start()
    with server.connect(autocommit=True) as conn:
        with pytest.raises(psycopg.errors.ObjectNotInPrerequisiteState,
                           match="could not get commit timestamp data"):
            _stamp(conn, top)
    server.stop()
    server.settings["track_commit_timestamp"] = "on"
    server.start()
    with server.connect(autocommit=True) as conn:
        assert _stamp(conn, top) is None              # forgotten while off
        newer, _ = _commit_with_subtransaction(conn)
        assert _stamp(conn, newer) is not None
