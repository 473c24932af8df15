# Table locks, NOWAIT, timeouts, advisory locks, deadlocks and transaction isolation
# levels behave as in PostgreSQL 15: the same multi-session steps run on both servers give
# the same tags, rows, SQLSTATEs and messages. Each session is its own backend process.
import threading
import time

import psycopg
import pytest

from harness.session_steps import assert_same, run_steps

SETTINGS = {"deadlock_timeout": "100ms"}


@pytest.fixture(scope="module")
def servers(postgres_binaries):
    from harness import servers as s
    oracle = s.OracleServer(postgres_binaries, settings=SETTINGS)
    pgsnake = s.PgsnakeServer(settings=SETTINGS)
    try:
        for server in (oracle, pgsnake):
            server.initdb()
            server.start()
        yield oracle, pgsnake
    finally:
        oracle.cleanup()
        pgsnake.cleanup()


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


def same_when_blocked(servers, before, blocked, release, after=()):
    from harness.session_steps import run_blocking
    oracle, pgsnake = servers
    expected = run_blocking(oracle, before, blocked, release, after)
    assert [r for r in expected if r[0] == "waiting"][0][2], "the step did not block on the oracle"
    assert_same(expected, run_blocking(pgsnake, before, blocked, release, after))


@pytest.mark.parametrize("finish", ["COMMIT", "ROLLBACK"])
def test_concurrent_create_table_of_one_name_waits_for_the_first(servers, finish):
    same_when_blocked(servers,
                      [("a", "BEGIN"), ("a", "CREATE TABLE twin (a int4)")],
                      ("b", "CREATE TABLE twin (b text)"),
                      [("a", finish)],
                      [("c", "SELECT attname FROM pg_attribute WHERE attrelid = 'twin'::regclass "
                             "AND attnum > 0"), ("c", "DROP TABLE twin")])


def test_drop_table_waits_for_a_reader_and_a_reader_waits_for_drop(servers):
    same_when_blocked(servers,
                      [("a", "CREATE TABLE dt (a int4)"), ("a", "BEGIN"),
                       ("a", "SELECT count(*) FROM dt")],
                      ("b", "DROP TABLE dt"),
                      [("a", "COMMIT")],
                      [("a", "SELECT count(*) FROM dt")])
    same_when_blocked(servers,
                      [("a", "CREATE TABLE dt (a int4)"), ("a", "BEGIN"), ("a", "DROP TABLE dt")],
                      ("b", "SELECT count(*) FROM dt"),
                      [("a", "COMMIT")])


def test_a_blocked_writer_shows_its_wait_in_pg_locks(servers):
    # The second writer holds the row's tuple lock and waits on the first's xid.
    same_when_blocked(servers,
                      [("a", "CREATE TABLE q (id int4, v int4)"), ("a", "INSERT INTO q VALUES (1, 0)"),
                       ("a", "BEGIN"), ("a", "UPDATE q SET v = v + 1")],
                      ("b", "UPDATE q SET v = v + 10"),
                      [("c", "SELECT locktype, mode, granted FROM pg_locks WHERE locktype IN "
                             "('tuple', 'transactionid') AND NOT granted ORDER BY 1, 2"),
                       ("a", "COMMIT")],
                      [("a", "SELECT v FROM q"), ("a", "DROP TABLE q")])


def _idle_timeouts(server):
    out = []
    for setting, in_block in (("idle_in_transaction_session_timeout", True),
                              ("idle_session_timeout", False)):
        conn = server.connect()
        try:
            conn.execute(f"SET {setting} = '200ms'")
            if in_block:
                conn.execute("BEGIN")
            time.sleep(0.6)
            try:
                conn.execute("SELECT 1")
                out.append("still connected")
            except psycopg.Error as e:
                out.append((e.diag.sqlstate, e.diag.message_primary, conn.closed))
        finally:
            conn.close()
    return out


def test_idle_timeouts_end_the_session_with_fatal(servers):
    oracle, pgsnake = servers
    expected = _idle_timeouts(oracle)
    assert [e[0] for e in expected] == ["25P03", "57P05"]
    assert _idle_timeouts(pgsnake) == expected


def test_ddl_and_dml_hold_postgresql_locks(servers):
    # (a table being created has no name yet for others: compare whether it is one)
    others = ("SELECT locktype, classid::regclass, relation IS NOT NULL, mode, granted "
              "FROM pg_locks WHERE pid <> pg_backend_pid() "
              "AND locktype NOT IN ('virtualxid', 'transactionid') ORDER BY 1, 2, 3, 4")
    same_on_both(servers, [
        ("a", "BEGIN"), ("a", "CREATE TABLE hl (a int4)"), ("c", others), ("a", "COMMIT"),
        ("a", "BEGIN"), ("a", "DROP TABLE hl"), ("c", others), ("a", "ROLLBACK"),
        ("a", "BEGIN"), ("a", "INSERT INTO hl VALUES (1)"), ("a", "SELECT * FROM hl"),
        ("c", others), ("a", "ROLLBACK"), ("a", "DROP TABLE hl"),
    ])
