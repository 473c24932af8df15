# Catalog reads and writes take PostgreSQL's locks (catalog/catalog_locks.py): a
# REINDEX of a catalog holds off the DDL that would write the catalog until it commits
# (on pgsnake as on the oracle), catalog reads and writes leave no catalog lock behind
# in pg_locks once done, and a backend that waited reads the catalog's new file.
from __future__ import annotations

import threading
import time


def _blocked_then_released(server, blocker_sql, blocked_sql, cleanup_sql):
    """Run `blocker_sql` in an open transaction, then `blocked_sql` in another session:
    (was it blocked by the first, did it finish once the first committed)."""
    holder = server.connect(autocommit=False)
    waiter = server.connect()
    watcher = server.connect()
    try:
        for statement in blocker_sql:
            holder.execute(statement)
        holder_pid = holder.execute("SELECT pg_backend_pid()").fetchone()[0]
        waiter_pid = waiter.execute("SELECT pg_backend_pid()").fetchone()[0]
        outcome = {}

        def run():
            try:
                waiter.execute(blocked_sql)
                outcome["done"] = True
            except Exception as error:                 # reported by the assertion below
                outcome["error"] = error
        thread = threading.Thread(target=run)
        thread.start()
        blocked = False
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not blocked and thread.is_alive():
            blockers = watcher.execute("SELECT pg_blocking_pids(%s)",
                                       (waiter_pid,)).fetchone()[0]
            blocked = holder_pid in blockers
            time.sleep(0.05)
        holder.commit()
        thread.join(20)
        assert "error" not in outcome, outcome
        return blocked, outcome.get("done", False)
    finally:
        holder.close()
        watcher.execute(cleanup_sql)
        watcher.close()
        waiter.close()


def _create_table_waits_for_reindex(server):
    blocked, done = _blocked_then_released(
        server, ["REINDEX INDEX pg_class_relname_nsp_index"],
        "CREATE TABLE regress_catalog_lock_t (a int)",
        "DROP TABLE IF EXISTS regress_catalog_lock_t")
    assert (blocked, done) == (True, True)


def test_create_table_waits_for_a_reindex_of_pg_class(make_pgsnake_server):
    _create_table_waits_for_reindex(make_pgsnake_server())


def test_create_table_waits_for_a_reindex_of_pg_class_on_the_oracle(oracle):
    _create_table_waits_for_reindex(oracle)


def test_catalog_locks_are_given_back_and_the_new_file_is_read(make_pgsnake_server):
    server = make_pgsnake_server()
    with server.connect(autocommit=False) as conn:
        conn.execute("CREATE TABLE regress_catalog_lock_u (a int)")
        conn.execute("SELECT 'regress_catalog_lock_u'::regclass, 'int4'::regtype")
        catalogs = conn.execute(
            "SELECT relation::regclass::text FROM pg_locks WHERE locktype = 'relation' "
            "AND relation < 16384 AND relation::regclass::text <> 'pg_locks' "
            "AND pid = pg_backend_pid()").fetchall()
        assert catalogs == []
        conn.rollback()
    # REINDEX of a mapped catalog index while another session works on: that session's
    # next lookups go through the new file (it waited, then accepted the map change).
    other = server.connect()
    try:
        before = other.execute("SELECT pg_relation_filenode('pg_class_oid_index')"
                               ).fetchone()[0]
        blocked, done = _blocked_then_released(
            server, ["REINDEX INDEX pg_class_oid_index"],
            "CREATE TABLE regress_catalog_lock_v (a int)",
            "DROP TABLE IF EXISTS regress_catalog_lock_v")
        assert (blocked, done) == (True, True)
        after = other.execute("SELECT pg_relation_filenode('pg_class_oid_index')"
                              ).fetchone()[0]
        assert after != before
        other.execute("CREATE TABLE regress_catalog_lock_w (a int)")
        assert other.execute("SELECT count(*) FROM pg_class WHERE relname = "
                             "'regress_catalog_lock_w'").fetchone()[0] == 1
        other.execute("DROP TABLE regress_catalog_lock_w")
    finally:
        other.close()
