# Proves that a table rewrite is crash safe: the table's data survives kill -9 both
# before and after the rewrite commits. An uncommitted ALTER COLUMN TYPE (whose new file
# and page images are already in the WAL) is undone by the crash: the old relfilenode,
# type and rows are back. A committed VACUUM FULL and ALTER COLUMN TYPE ... USING, with a
# TOASTed value and two indexes, are redone from the WAL alone (no checkpoint after
# them): the new relfilenode, the new rows by sequential and index scan, and amcheck
# finds every heap tuple in both indexes. Slow (a private server, initdb and two
# crashes: about 30 s under load); the fast variant,
# tests/commands/test_table_rewrite_wal.py, proves that a rewrite's WAL holds what this
# redo needs.
from __future__ import annotations

import pytest

ROWS = "SELECT a, b, length(c) FROM rw_crash ORDER BY a"


def _state(conn) -> dict:
    conn.execute("SET enable_seqscan = off")
    by_index = conn.execute("SELECT a, b, length(c) FROM rw_crash WHERE a > 0 ORDER BY a"
                            ).fetchall()
    conn.execute("RESET enable_seqscan")
    return {"rows": conn.execute(ROWS).fetchall(), "by_index": by_index,
            "file": conn.execute("SELECT pg_relation_filenode('rw_crash')").fetchone()[0],
            "type": conn.execute("SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
                                 "WHERE attrelid = 'rw_crash'::regclass AND attname = 'b'"
                                 ).fetchone()[0]}


def _setup(conn) -> None:
    conn.execute("CREATE EXTENSION IF NOT EXISTS amcheck")
    conn.execute("CREATE TABLE rw_crash (a int PRIMARY KEY, b int, c text)")
    conn.execute("CREATE INDEX rw_crash_b ON rw_crash (b)")
    conn.execute("INSERT INTO rw_crash SELECT g, g * 10, 'row ' || g FROM "
                 "generate_series(1, 300) g")
    conn.execute("UPDATE rw_crash SET c = repeat('wide', 3000) WHERE a = 7")     # TOASTed
    conn.execute("DELETE FROM rw_crash WHERE a % 4 = 0")
    conn.execute("CHECKPOINT")


def _crash(server) -> None:
    server.kill_all_9()
    server.start()


def _uncommitted_rewrite_is_undone_by_a_crash(server):
    with server.connect(autocommit=True) as conn:
        _setup(conn)
        before = _state(conn)
    conn = server.connect(autocommit=False)
    try:
        conn.execute("ALTER TABLE rw_crash ALTER b TYPE bigint")
        # another transaction's commit flushes the WAL with the rewrite's records in it
        with server.connect(autocommit=True) as other:
            other.execute("CREATE TABLE rw_flush (x int)")
        _crash(server)
    finally:
        conn.close()
    with server.connect(autocommit=True) as conn:
        after = _state(conn)
    if after != before:
        raise AssertionError(f"the crash did not undo the rewrite: {before} != {after}")


def _committed_rewrites_are_redone_after_a_crash(server):
    with server.connect(autocommit=True) as conn:
        first = _state(conn)
        conn.execute("VACUUM FULL rw_crash")
        conn.execute("ALTER TABLE rw_crash ALTER b TYPE text USING 'b' || b")
        before = _state(conn)
    if before["file"] == first["file"] or before["type"] != "text":
        raise AssertionError(f"no rewrite happened: {first} -> {before}")
    if before["rows"] != [(a, f"b{b}", n) for a, b, n in first["rows"]]:
        raise AssertionError("the rewrite changed the rows")
    _crash(server)
    with server.connect(autocommit=True) as conn:
        after = _state(conn)
        checks = [conn.execute(f"SELECT bt_index_check('{index}', true)").fetchone()
                  for index in ("rw_crash_pkey", "rw_crash_b")]
    if after != before:
        raise AssertionError(f"the committed rewrite was not redone: {before} != {after}")
    if after["by_index"] != after["rows"]:
        raise AssertionError("index scan and sequential scan differ after recovery")
    if checks != [("",), ("",)]:
        raise AssertionError(f"amcheck: {checks}")


@pytest.mark.slow
def test_rewrites_survive_kill9_before_and_after_commit(make_pgsnake_server):
    server = make_pgsnake_server()
    _uncommitted_rewrite_is_undone_by_a_crash(server)
    _committed_rewrites_are_redone_after_a_crash(server)
