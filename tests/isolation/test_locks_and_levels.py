# Table locks, NOWAIT, timeouts, advisory locks, deadlocks and transaction isolation
# levels behave as in PostgreSQL 15: the same multi-session steps run on both servers give
# the same tags, rows, SQLSTATEs and messages. Each session is its own backend process.
import threading
import time

import psycopg

from harness.session_steps import assert_same, run_steps

# The `servers` fixture (oracle, pgsnake) is in conftest.py.


def same_on_both(servers, steps):
    oracle, pgsnake = servers
    assert_same(run_steps(oracle, steps), run_steps(pgsnake, steps))


def test_lock_table_modes_nowait_and_pg_locks(servers):
    modes = ["ACCESS SHARE", "ROW SHARE", "ROW EXCLUSIVE", "SHARE UPDATE EXCLUSIVE", "SHARE",
             "SHARE ROW EXCLUSIVE", "EXCLUSIVE", "ACCESS EXCLUSIVE"]
    conflicts = []          # every pair of modes: the whole conflict table, through NOWAIT
    for held in modes:
        conflicts += [("a", "BEGIN"), ("a", f"LOCK TABLE lk IN {held} MODE")]
        for wanted in modes:
            conflicts += [("b", "BEGIN"), ("b", f"LOCK lk IN {wanted} MODE NOWAIT"),
                          ("b", "ROLLBACK")]
        conflicts += [("a", "ROLLBACK")]
    same_on_both(servers, [
        ("a", "CREATE TABLE lk (id int4)"),
        ("a", "LOCK TABLE lk"),                              # 25P01 outside a block
        *conflicts,
        ("a", "BEGIN"), ("a", "LOCK lk IN SHARE MODE"),
        ("c", "SELECT locktype, relation::regclass, mode, granted FROM pg_locks "
              "WHERE locktype = 'relation' AND relation = 'lk'::regclass"),
        ("c", "SELECT count(*) FROM pg_locks WHERE locktype = 'virtualxid' AND granted"),
        ("a", "LOCK TABLE no_such_table"), ("a", "ROLLBACK"),
        ("a", "BEGIN READ ONLY"), ("a", "LOCK lk IN ACCESS EXCLUSIVE MODE"), ("a", "ROLLBACK"),
        ("a", "DROP TABLE lk"),
    ])


def test_lock_timeout_and_statement_timeout_while_blocked(servers):
    same_on_both(servers, [
        ("a", "CREATE TABLE lt (id int4, v int4)"), ("a", "INSERT INTO lt VALUES (1, 1)"),
        ("a", "BEGIN"), ("a", "UPDATE lt SET v = 2"),
        ("b", "SET lock_timeout = '50ms'"),
        ("b", "UPDATE lt SET v = 3"),
        ("b", "LOCK TABLE lt NOWAIT"),
        ("b", "BEGIN"), ("b", "LOCK TABLE lt"), ("b", "ROLLBACK"),
        ("b", "SET lock_timeout = 0"), ("b", "SET statement_timeout = '50ms'"),
        ("b", "DELETE FROM lt"),
        ("b", "SELECT count(*) FROM lt"),                    # readers never wait
        ("b", "RESET statement_timeout"),
        ("a", "COMMIT"), ("a", "SELECT * FROM lt"), ("a", "DROP TABLE lt"),
    ])


def test_advisory_locks(servers):
    same_on_both(servers, [
        ("a", "SELECT pg_advisory_lock(42), pg_try_advisory_lock(1, 2)"),
        ("b", "SELECT pg_try_advisory_lock(42), pg_try_advisory_lock_shared(1, 2)"),
        ("c", "SELECT locktype, classid, objid, objsubid, mode, granted FROM pg_locks "
              "WHERE locktype = 'advisory' ORDER BY objid, mode"),
        ("a", "SELECT pg_advisory_unlock(42), pg_advisory_unlock(42)"),
        ("b", "SELECT pg_try_advisory_lock(42)"),
        ("b", "SELECT pg_advisory_unlock_all()"),
        ("a", "SELECT pg_advisory_unlock_all()"),
        ("a", "BEGIN"), ("a", "SELECT pg_advisory_xact_lock(7)"),
        ("b", "SELECT pg_try_advisory_xact_lock(7)"),
        ("a", "COMMIT"),
        ("b", "SELECT pg_try_advisory_xact_lock(7)"),
        ("c", "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"),
    ])


def test_isolation_levels_and_read_only(servers):
    same_on_both(servers, [
        ("a", "CREATE TABLE il (id int4, v int4)"), ("a", "INSERT INTO il VALUES (1, 1), (2, 2)"),
        ("a", "BEGIN ISOLATION LEVEL REPEATABLE READ"), ("a", "SHOW transaction_isolation"),
        ("a", "SELECT * FROM il ORDER BY id"),
        ("b", "UPDATE il SET v = 10 WHERE id = 1"), ("b", "DELETE FROM il WHERE id = 2"),
        ("a", "SELECT * FROM il ORDER BY id"),
        ("a", "UPDATE il SET v = v + 1 WHERE id = 1"), ("a", "ROLLBACK"),
        ("a", "BEGIN ISOLATION LEVEL REPEATABLE READ"), ("a", "SELECT count(*) FROM il"),
        ("b", "INSERT INTO il VALUES (3, 3)"),
        ("a", "DELETE FROM il WHERE id = 3"),        # invisible: nothing to delete
        ("a", "COMMIT"),
        ("a", "SHOW transaction_isolation"),        # the level was for that transaction only
        ("a", "BEGIN"), ("a", "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE"),
        ("a", "SHOW transaction_isolation"), ("a", "SELECT 1"),
        ("a", "SET TRANSACTION ISOLATION LEVEL READ COMMITTED"), ("a", "ROLLBACK"),
        ("a", "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE"),
        ("a", "SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL REPEATABLE READ"),
        ("a", "SHOW transaction_isolation"), ("a", "SHOW default_transaction_isolation"),
        ("a", "RESET default_transaction_isolation"),
        ("a", "BEGIN READ ONLY"), ("a", "INSERT INTO il VALUES (9, 9)"), ("a", "ROLLBACK"),
        ("a", "BEGIN READ ONLY"), ("a", "CREATE TABLE il2 (a int4)"), ("a", "ROLLBACK"),
        ("a", "BEGIN READ ONLY"), ("a", "SELECT count(*) FROM il"),
        ("a", "SET TRANSACTION READ WRITE"), ("a", "ROLLBACK"),
        ("a", "DROP TABLE il"),
    ])


def _deadlock(server):
    """Two sessions update two rows in opposite order; returns (the victim's error
    fields with pids replaced, the final rows)."""
    with server.connect() as setup:
        setup.execute("DROP TABLE IF EXISTS dl")
        setup.execute("CREATE TABLE dl (id int4, v int4)")
        setup.execute("INSERT INTO dl VALUES (1, 0), (2, 0)")
    a, b = server.connect(autocommit=False), server.connect(autocommit=False)
    pids = {a.info.backend_pid: "A", b.info.backend_pid: "B"}
    outcome = {}
    try:
        a.execute("UPDATE dl SET v = v + 1 WHERE id = 1")
        b.execute("UPDATE dl SET v = v + 1 WHERE id = 2")

        def first():
            try:
                a.execute("UPDATE dl SET v = v + 1 WHERE id = 2")
                a.commit()
                outcome["a"] = "committed"
            except psycopg.Error as e:
                outcome["a"] = e.diag.sqlstate
                a.rollback()
        waiter = threading.Thread(target=first)
        waiter.start()
        time.sleep(0.4)                  # a is waiting, and its own check found no cycle
        try:
            b.execute("UPDATE dl SET v = v + 1 WHERE id = 1")
            b.commit()
            outcome["b"] = "committed"
        except psycopg.Error as e:
            detail = e.diag.message_detail
            for pid, name in pids.items():
                detail = detail.replace(str(pid), name)
            import re
            detail = re.sub(r"transaction \d+", "transaction N", detail)
            outcome["b"] = (e.diag.sqlstate, e.diag.message_primary, detail,
                            e.diag.message_hint, e.diag.context)
            b.rollback()
        waiter.join(timeout=30)
        with server.connect() as check:
            rows = check.execute("SELECT id, v FROM dl ORDER BY id").fetchall()
            check.execute("DROP TABLE dl")
        return outcome, rows
    finally:
        a.close()
        b.close()


def test_deadlock_victim_gets_40P01_with_postgresql_detail(servers):
    oracle, pgsnake = servers
    expected = _deadlock(oracle)
    assert expected[0]["b"][0] == "40P01"         # the test itself is right
    assert _deadlock(pgsnake) == expected
