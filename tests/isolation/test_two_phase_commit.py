# Two-phase commit behaves as in PostgreSQL 15, session against session: after PREPARE
# TRANSACTION the session goes on while the prepared transaction keeps its locks (shown
# in pg_locks without a pid, under the preparing session's virtual transaction) and its
# changes stay invisible; a writer waits for it until COMMIT PREPARED or ROLLBACK
# PREPARED from a third session; DDL inside it takes effect (or not) only then; and every
# refusal has PostgreSQL's SQLSTATE and message. The same steps run on both servers.
import os

import psycopg
import pytest

from harness.session_steps import assert_same, run_blocking, run_steps

# The `servers` fixture (oracle, pgsnake) is in conftest.py; this module adds:
SERVER_SETTINGS = {"max_prepared_transactions": "5"}


def same_on_both(servers, steps):
    oracle, pgsnake = servers
    assert_same(run_steps(oracle, steps), run_steps(pgsnake, steps))


PREPARED_LOCKS = ("SELECT locktype, relation::regclass, classid, objid, objsubid, mode, granted, "
                  "fastpath FROM pg_locks WHERE pid IS NULL ORDER BY locktype, mode")


def test_prepared_transaction_keeps_locks_and_hides_changes(servers):
    same_on_both(servers, [
        ("a", "CREATE TABLE tp (id int4, v int4)"), ("a", "INSERT INTO tp VALUES (1, 1), (2, 2)"),
        ("a", "BEGIN"), ("a", "UPDATE tp SET v = 10 WHERE id = 1"),
        ("a", "LOCK TABLE tp IN SHARE MODE"), ("a", "SELECT pg_advisory_xact_lock(7)"),
        ("a", "SAVEPOINT s"), ("a", "INSERT INTO tp VALUES (3, 3)"),
        ("a", "PREPARE TRANSACTION 'p1'"),
        ("a", "SELECT * FROM tp ORDER BY id"),                   # the session goes on
        ("b", "SELECT gid, owner, database FROM pg_prepared_xacts ORDER BY gid"),
        ("b", PREPARED_LOCKS),
        ("b", "SELECT count(*) FROM pg_locks WHERE pid IS NULL AND locktype = 'virtualxid'"),
        ("b", "SELECT * FROM tp ORDER BY id"),
        ("b", "SELECT pg_try_advisory_xact_lock(7)"),
        ("b", "BEGIN"), ("b", "LOCK TABLE tp IN EXCLUSIVE MODE NOWAIT"), ("b", "ROLLBACK"),
        ("b", "SET lock_timeout = '100ms'"),
        ("b", "UPDATE tp SET v = 20 WHERE id = 1"),              # the prepared row lock
        ("b", "RESET lock_timeout"),
        ("c", "COMMIT PREPARED 'p1'"),
        ("b", "SELECT * FROM tp ORDER BY id"),
        ("b", "SELECT count(*) FROM pg_locks WHERE pid IS NULL"),
        ("b", "SELECT count(*) FROM pg_prepared_xacts"),
        ("a", "DROP TABLE tp"),
    ])


def _prepared_locks_belong_to_the_preparing_transaction(server):
    """pg_locks shows a prepared transaction's locks under the virtual transaction of the
    session that prepared it, with its xid among them, and no pid."""
    with server.connect() as a, server.connect() as b:
        a.execute("BEGIN")
        a.execute("SELECT pg_advisory_xact_lock(8)")
        (vxid,) = a.execute("SELECT virtualtransaction FROM pg_locks WHERE locktype = "
                            "'virtualxid' AND pid = pg_backend_pid()").fetchone()
        a.execute("PREPARE TRANSACTION 'vx'")
        (xid,) = b.execute("SELECT transaction::text FROM pg_prepared_xacts WHERE gid = 'vx'").fetchone()
        # (PostgreSQL's prepared transaction also keeps its AccessShareLock on the pg_locks
        # view itself, which pgsnake does not take: see storage/lmgr/README.md)
        rows = b.execute("SELECT locktype, transactionid::text, virtualtransaction FROM pg_locks "
                         "WHERE pid IS NULL AND locktype <> 'relation' ORDER BY locktype").fetchall()
        b.execute("ROLLBACK PREPARED 'vx'")
    return rows == [("advisory", None, vxid), ("transactionid", xid, vxid)], rows


def test_pg_locks_names_the_preparing_virtual_transaction(servers):
    for server in servers:
        ok, rows = _prepared_locks_belong_to_the_preparing_transaction(server)
        assert ok, (server.kind, rows)


def test_writer_waits_until_commit_prepared_from_another_session(servers):
    def steps(finish):
        return dict(
            before=[("a", "CREATE TABLE tw (id int4, v int4)"),
                    ("a", "INSERT INTO tw VALUES (1, 1), (2, 2)"),
                    ("a", "BEGIN"), ("a", "UPDATE tw SET v = v + 1 WHERE id = 1"),
                    ("a", "PREPARE TRANSACTION 'w1'"),
                    ("a", "SELECT * FROM tw ORDER BY id")],
            blocked=("b", "UPDATE tw SET v = v * 10 WHERE id = 1"),
            release=[("c", "SELECT pg_blocking_pids(pid) FROM pg_locks WHERE NOT granted"),
                     ("c", "SELECT gid FROM pg_prepared_xacts"),
                     ("c", f"{finish} PREPARED 'w1'")],
            after=[("b", "SELECT * FROM tw ORDER BY id"), ("a", "DROP TABLE tw")])
    oracle, pgsnake = servers
    for finish in ("COMMIT", "ROLLBACK"):
        assert_same(run_blocking(oracle, **steps(finish)), run_blocking(pgsnake, **steps(finish)))


def test_ddl_in_a_prepared_transaction_takes_effect_only_when_finished(servers):
    same_on_both(servers, [
        ("a", "BEGIN"), ("a", "CREATE TABLE newt (a int4)"), ("a", "INSERT INTO newt VALUES (1)"),
        ("a", "PREPARE TRANSACTION 'create'"),
        ("a", "SELECT * FROM newt"), ("b", "SELECT * FROM newt"),
        ("c", "ROLLBACK PREPARED 'create'"),
        ("b", "SELECT * FROM newt"),
        ("a", "CREATE TABLE newt (a int4)"), ("a", "INSERT INTO newt VALUES (2)"),
        ("a", "BEGIN"), ("a", "DROP TABLE newt"), ("a", "PREPARE TRANSACTION 'drop'"),
        ("b", "SET lock_timeout = '100ms'"),
        ("b", "SELECT * FROM newt"),                      # waits for the prepared DROP
        ("c", "COMMIT PREPARED 'drop'"),
        ("b", "SELECT * FROM newt"),
        ("a", "BEGIN"), ("a", "CREATE TABLE newt (a int4)"), ("a", "PREPARE TRANSACTION 'again'"),
        ("c", "COMMIT PREPARED 'again'"),
        ("b", "SELECT count(*) FROM newt"), ("a", "SELECT count(*) FROM newt"),
        ("a", "DROP TABLE newt"),
    ])


def _files_follow_the_outcome(server):
    """The file of a table dropped in a prepared transaction stays until COMMIT PREPARED;
    the file of a table created in one goes at ROLLBACK PREPARED. (PostgreSQL truncates a
    dropped relation's first segment at once and unlinks it at the next checkpoint, so a
    file counts as gone when it is missing or empty after a CHECKPOINT.)"""
    seen = []
    with server.connect() as a, server.connect() as c:
        def alive(*paths):
            c.execute("CHECKPOINT")
            full = [os.path.join(server.datadir, p) for p in paths]
            return [os.path.exists(f) and os.path.getsize(f) > 0 for f in full]
        a.execute("CREATE TABLE dropped (a int4)")
        a.execute("INSERT INTO dropped VALUES (1)")
        (dropped,) = a.execute("SELECT pg_relation_filepath('dropped')").fetchone()
        a.execute("BEGIN")
        a.execute("DROP TABLE dropped")
        a.execute("CREATE TABLE created (a int4)")
        a.execute("INSERT INTO created VALUES (1)")
        (created,) = a.execute("SELECT pg_relation_filepath('created')").fetchone()
        a.execute("PREPARE TRANSACTION 'files'")
        seen.append(alive(dropped, created))
        c.execute("ROLLBACK PREPARED 'files'")
        seen.append(alive(dropped, created))
        a.execute("BEGIN")
        a.execute("DROP TABLE dropped")
        a.execute("PREPARE TRANSACTION 'files'")
        seen.append(alive(dropped))
        c.execute("COMMIT PREPARED 'files'")
        seen.append(alive(dropped))
    return seen


def test_relation_files_follow_the_outcome(servers):
    for server in servers:
        assert _files_follow_the_outcome(server) == [
            [True, True], [True, False], [True], [False]], server.kind


def test_refusals(servers):
    long_gid = "g" * 200
    same_on_both(servers, [
        ("a", "PREPARE TRANSACTION 'outside'"),                  # WARNING, then ROLLBACK
        ("a", "BEGIN"), ("a", f"PREPARE TRANSACTION '{long_gid}'"),
        ("a", "BEGIN"), ("a", f"PREPARE TRANSACTION '{long_gid[:199]}'"),
        ("a", "BEGIN"), ("a", "SELECT 1/0"), ("a", "PREPARE TRANSACTION 'failed'"),
        ("a", "BEGIN"), ("a", "PREPARE TRANSACTION 'dup'"),
        ("a", "BEGIN"), ("a", "SELECT 1"), ("a", "PREPARE TRANSACTION 'dup'"),
        ("a", "SELECT 1"),
        ("a", "COMMIT PREPARED 'none'"), ("a", "ROLLBACK PREPARED 'none'"),
        ("a", "BEGIN"), ("a", "COMMIT PREPARED 'dup'"), ("a", "ROLLBACK"),
        ("a", "BEGIN"), ("a", "ROLLBACK PREPARED 'dup'"), ("a", "ROLLBACK"),
        ("a", "SELECT pg_advisory_lock(1)"),
        ("a", "BEGIN"), ("a", "SELECT pg_advisory_xact_lock_shared(1)"),
        ("a", "PREPARE TRANSACTION 'mixed'"),
        ("a", "SELECT pg_advisory_unlock_all()"),
        ("a", "BEGIN"), ("a", "PREPARE TRANSACTION 'three'"),
        ("a", "BEGIN"), ("a", "PREPARE TRANSACTION 'four'"),
        ("a", "BEGIN"), ("a", "PREPARE TRANSACTION 'five'"),
        ("a", "BEGIN"), ("a", "PREPARE TRANSACTION 'six'"),        # the table is full
        ("b", "SELECT gid FROM pg_prepared_xacts ORDER BY gid"),
        ("b", f"ROLLBACK PREPARED '{long_gid[:199]}'"),
        ("b", "ROLLBACK PREPARED 'dup'"), ("b", "ROLLBACK PREPARED 'three'"),
        ("b", "COMMIT PREPARED 'four'"), ("b", "COMMIT PREPARED 'five'"),
        ("b", "COMMIT PREPARED 'five'"),
        ("b", "SELECT count(*) FROM pg_prepared_xacts"),
    ])


def _error_fields(server, dbname, sql_before, sql):
    with server.connect(dbname="postgres") as setup:
        for statement in sql_before:
            setup.execute(statement)
    with server.connect(dbname=dbname) as conn:
        try:
            conn.execute(sql)
            outcome = None
        except psycopg.Error as e:
            outcome = (e.diag.sqlstate, e.diag.message_primary, e.diag.message_hint)
    with server.connect(dbname="postgres") as cleanup:
        cleanup.execute("ROLLBACK PREPARED 'elsewhere'")
    return outcome


def test_finishing_from_another_database_is_refused(servers):
    before = ["BEGIN", "PREPARE TRANSACTION 'elsewhere'"]
    oracle, pgsnake = servers
    want = _error_fields(oracle, "template1", before, "COMMIT PREPARED 'elsewhere'")
    assert want == ("0A000", "prepared transaction belongs to another database",
                    "Connect to the database where the transaction was prepared to finish it.")
    assert _error_fields(pgsnake, "template1", before, "COMMIT PREPARED 'elsewhere'") == want


def test_disabled_by_default(oracle, pgsnake_server):
    steps = [("a", "SHOW max_prepared_transactions"), ("a", "BEGIN"),
             ("a", "PREPARE TRANSACTION 'x'"), ("a", "COMMIT PREPARED 'x'"),
             ("a", "SELECT count(*) FROM pg_prepared_xacts")]
    assert_same(run_steps(oracle, steps), run_steps(pgsnake_server, steps))
