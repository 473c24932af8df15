# SERIALIZABLE is serializable snapshot isolation, as in PostgreSQL 15: the classic
# anomalies that snapshot isolation lets through (write skew, the read-only batch/receipt
# anomaly, the bank-account overdraft, insert-insert phantoms) fail with the same
# 40001 "read/write dependencies" error, reason code (DETAIL) and HINT, in the same
# session and at the same step, on pgsnake and on the oracle; a retry of the victim
# succeeds; SIREAD locks show in pg_locks; READ ONLY DEFERRABLE waits for a safe snapshot
# and then runs. Tables have no indexes, so every scan locks the whole relation on both
# servers. Each session is its own backend process.
from __future__ import annotations

import threading
import time

from harness.session_steps import assert_same, run_steps


def same_on_both(servers, steps) -> list[tuple]:
    """Run on both servers (the `servers` fixture, conftest.py) and compare, errors with
    their DETAIL and HINT: SSI's reason codes are the point. The oracle's records."""
    oracle, pgsnake = servers
    expected = run_steps(oracle, steps, details=True)
    assert_same(expected, run_steps(pgsnake, steps, details=True))
    return expected


def failures(records) -> list[tuple]:
    return [(r[0], r[1], r[4]) for r in records if r[2] == "40001"]


SER = "BEGIN ISOLATION LEVEL SERIALIZABLE"


def test_write_skew_on_call_doctors(servers):
    records = same_on_both(servers, [
        ("a", "CREATE TABLE doctors (name text, on_call bool)"),
        ("a", "INSERT INTO doctors VALUES ('alice', true), ('bob', true)"),
        # Under REPEATABLE READ both doctors go off call: the anomaly.
        ("a", "BEGIN ISOLATION LEVEL REPEATABLE READ"),
        ("a", "SELECT count(*) FROM doctors WHERE on_call"),
        ("b", "BEGIN ISOLATION LEVEL REPEATABLE READ"),
        ("b", "SELECT count(*) FROM doctors WHERE on_call"),
        ("a", "UPDATE doctors SET on_call = false WHERE name = 'alice'"),
        ("b", "UPDATE doctors SET on_call = false WHERE name = 'bob'"),
        ("a", "COMMIT"), ("b", "COMMIT"),
        ("a", "SELECT count(*) FROM doctors WHERE on_call"),
        ("a", "UPDATE doctors SET on_call = true"),
        # Under SERIALIZABLE the second to commit fails, and its retry sees one on call.
        ("a", SER), ("a", "SELECT count(*) FROM doctors WHERE on_call"),
        ("b", SER), ("b", "SELECT count(*) FROM doctors WHERE on_call"),
        ("a", "UPDATE doctors SET on_call = false WHERE name = 'alice'"),
        ("b", "UPDATE doctors SET on_call = false WHERE name = 'bob'"),
        ("c", "SELECT locktype, relation::regclass, page, tuple, mode, granted, fastpath, "
              "pid IS NOT NULL FROM pg_locks WHERE mode = 'SIReadLock' ORDER BY 2"),
        ("a", "COMMIT"),
        # a committed, but b still overlaps it: a's SIREAD lock stays.
        ("c", "SELECT count(*) FROM pg_locks WHERE mode = 'SIReadLock'"),
        ("b", "COMMIT"),
        ("c", "SELECT count(*) FROM pg_locks WHERE mode = 'SIReadLock'"),
        ("b", SER), ("b", "SELECT count(*) FROM doctors WHERE on_call"),
        ("b", "COMMIT"),
        ("a", "DROP TABLE doctors"),
    ])
    assert failures(records) == [("b", "COMMIT", "Reason code: Canceled on identification "
                                                 "as a pivot, during commit attempt.")]


def test_read_only_batch_receipt_anomaly(servers):
    records = same_on_both(servers, [
        ("a", "CREATE TABLE ctl (k text, deposit_date int4)"),
        ("a", "INSERT INTO ctl VALUES ('receipt', 1)"),
        ("a", "CREATE TABLE receipt (receipt_no int4, deposit_date int4, amount int4)"),
        ("a", "INSERT INTO receipt VALUES (1, 1, 10)"),
        # T2 adds a receipt to the current batch (it read the batch date first).
        ("b", SER), ("b", "SELECT deposit_date FROM ctl WHERE k = 'receipt'"),
        ("b", "INSERT INTO receipt VALUES (2, 1, 4)"),
        # T3 closes the batch.
        ("c", SER), ("c", "UPDATE ctl SET deposit_date = 2 WHERE k = 'receipt'"),
        ("c", "COMMIT"),
        # The read-only report sees batch 1 closed, without T2's receipt in it...
        ("d", "BEGIN ISOLATION LEVEL SERIALIZABLE READ ONLY"),
        ("d", "SELECT deposit_date FROM ctl WHERE k = 'receipt'"),
        ("d", "SELECT * FROM receipt WHERE deposit_date < 2 ORDER BY receipt_no"),
        ("d", "COMMIT"),
        # ...so T2, the pivot, must not commit.
        ("b", "COMMIT"),
        # The same with the report taking its snapshot before the batch closes: it
        # simply comes first, and everyone commits.
        ("e", "BEGIN ISOLATION LEVEL SERIALIZABLE READ ONLY"),
        ("e", "SELECT count(*) FROM receipt"),
        ("b", SER), ("b", "SELECT deposit_date FROM ctl WHERE k = 'receipt'"),
        ("b", "INSERT INTO receipt VALUES (3, 2, 4)"),
        ("c", SER), ("c", "UPDATE ctl SET deposit_date = 3 WHERE k = 'receipt'"),
        ("c", "COMMIT"),
        ("e", "SELECT deposit_date FROM ctl WHERE k = 'receipt'"),
        ("e", "SELECT * FROM receipt WHERE deposit_date < 3 ORDER BY receipt_no"),
        ("e", "COMMIT"), ("b", "COMMIT"),
        ("a", "SELECT * FROM receipt ORDER BY receipt_no"),
        ("a", "DROP TABLE ctl"), ("a", "DROP TABLE receipt"),
    ])
    assert [(who, sql) for who, sql, _ in failures(records)] == [("b", "COMMIT")]


def test_bank_account_overdraft(servers):
    # Checking and savings may each go negative as long as their sum stays >= 0.
    records = same_on_both(servers, [
        ("a", "CREATE TABLE account (kind text, balance int4)"),
        ("a", "INSERT INTO account VALUES ('checking', 70), ('savings', 80)"),
        ("a", SER), ("a", "SELECT sum(balance) FROM account"),
        ("b", SER), ("b", "SELECT sum(balance) FROM account"),
        ("a", "UPDATE account SET balance = balance - 100 WHERE kind = 'checking'"),
        ("b", "UPDATE account SET balance = balance - 100 WHERE kind = 'savings'"),
        ("b", "COMMIT"), ("a", "COMMIT"),
        ("a", "SELECT sum(balance) FROM account"),
        # The second withdrawal starts after the first committed: it sees the new sum.
        ("a", SER), ("a", "SELECT sum(balance) FROM account"),
        ("a", "UPDATE account SET balance = balance - 100 WHERE kind = 'checking'"),
        ("a", "ROLLBACK"),
        # A withdrawal whose write comes after a conflicting commit fails at the write.
        ("a", SER), ("a", "SELECT sum(balance) FROM account"),
        ("b", SER), ("b", "SELECT sum(balance) FROM account WHERE kind = 'savings'"),
        ("c", SER), ("c", "SELECT balance FROM account WHERE kind = 'checking'"),
        ("c", "UPDATE account SET balance = balance + 5 WHERE kind = 'savings'"),
        ("c", "COMMIT"),
        ("b", "UPDATE account SET balance = balance - 1 WHERE kind = 'checking'"),
        ("b", "ROLLBACK"), ("a", "COMMIT"),
        ("a", "DROP TABLE account"),
    ])
    assert [(who, sql) for who, sql, _ in failures(records)] == [
        ("a", "COMMIT"),
        ("b", "UPDATE account SET balance = balance - 1 WHERE kind = 'checking'")]


def test_insert_insert_phantoms_and_the_retry_succeeds(servers):
    # Each books the room if nobody has: both see no booking and insert one.
    records = same_on_both(servers, [
        ("a", "CREATE TABLE booking (room int4, who text)"),
        ("a", SER), ("a", "SELECT count(*) FROM booking WHERE room = 1"),
        ("b", SER), ("b", "SELECT count(*) FROM booking WHERE room = 1"),
        ("a", "INSERT INTO booking VALUES (1, 'a')"),
        ("b", "INSERT INTO booking VALUES (1, 'b')"),
        ("a", "COMMIT"), ("b", "COMMIT"),
        # b retries: now it sees a's booking and books nothing.
        ("b", SER), ("b", "SELECT count(*) FROM booking WHERE room = 1"),
        ("b", "COMMIT"),
        ("a", "SELECT * FROM booking"),
        ("a", "DROP TABLE booking"),
    ])
    assert failures(records) == [("b", "COMMIT", "Reason code: Canceled on identification "
                                                 "as a pivot, during commit attempt.")]


def test_doomed_transactions_fail_at_their_next_read_or_write(servers):
    def skew(then):
        return [("a", SER), ("a", "SELECT count(*) FROM t"),
                ("b", SER), ("b", "SELECT count(*) FROM u"),
                ("a", "UPDATE u SET v = 5"), ("b", "UPDATE t SET v = 6"),
                ("a", "COMMIT"), ("b", then), ("b", "ROLLBACK")]
    records = same_on_both(servers, [
        ("a", "CREATE TABLE t (id int4, v int4)"), ("a", "INSERT INTO t VALUES (1, 1)"),
        ("a", "CREATE TABLE u (id int4, v int4)"), ("a", "INSERT INTO u VALUES (1, 1)"),
        *skew("SELECT count(*) FROM t"),
        *skew("UPDATE t SET v = 7"),
        *skew("INSERT INTO u VALUES (9, 9)"),
        *skew("SELECT 1"),
        ("a", "DROP TABLE t"), ("a", "DROP TABLE u"),
    ])
    assert [detail for _, _, detail in failures(records)] == [
        "Reason code: Canceled on identification as a pivot, during conflict out checking.",
        "Reason code: Canceled on identification as a pivot, during conflict out checking.",
        "Reason code: Canceled on identification as a pivot, during conflict in checking."]


def test_savepoints_drop_table_and_other_levels(servers):
    records = same_on_both(servers, [
        ("a", "CREATE TABLE t (id int4, v int4)"), ("a", "INSERT INTO t VALUES (1, 1)"),
        ("a", "CREATE TABLE u (id int4)"), ("a", "INSERT INTO u VALUES (1)"),
        # DROP TABLE deletes every row: a SIREAD lock on the table is a conflict into it.
        ("r", SER), ("r", "SELECT * FROM t"),
        ("d", SER), ("d", "SELECT * FROM u"),
        ("r", "UPDATE u SET id = 2"), ("r", "COMMIT"),
        ("d", "DROP TABLE t"), ("d", "ROLLBACK"),
        # Reads in a rolled-back savepoint still count.
        ("r", SER), ("r", "SAVEPOINT s"), ("r", "SELECT * FROM t"),
        ("r", "ROLLBACK TO SAVEPOINT s"), ("r", "UPDATE u SET id = 3"),
        ("s", SER), ("s", "SELECT * FROM u"), ("s", "UPDATE t SET v = 9"), ("s", "COMMIT"),
        ("c", "SELECT locktype, relation::regclass, mode FROM pg_locks "
              "WHERE mode = 'SIReadLock' ORDER BY 2"),
        ("r", "COMMIT"),
        # REPEATABLE READ and READ COMMITTED take no SIREAD locks; a read-only
        # serializable transaction with no writable one running opts out at once.
        ("q", "BEGIN ISOLATION LEVEL REPEATABLE READ"), ("q", "SELECT * FROM t"),
        ("p", "BEGIN"), ("p", "SELECT * FROM u"),
        ("o", "BEGIN ISOLATION LEVEL SERIALIZABLE READ ONLY"), ("o", "SELECT * FROM u"),
        ("c", "SELECT count(*) FROM pg_locks WHERE mode = 'SIReadLock'"),
        ("q", "COMMIT"), ("p", "COMMIT"), ("o", "COMMIT"),
        # A read-only transaction is found safe once the writer it overlapped commits
        # without a conflict: its SIREAD locks go at its next read.
        ("w", SER), ("w", "SELECT count(*) FROM t"),
        ("o", "BEGIN ISOLATION LEVEL SERIALIZABLE READ ONLY"), ("o", "SELECT count(*) FROM u"),
        ("c", "SELECT locktype, relation::regclass FROM pg_locks WHERE mode = 'SIReadLock' "
              "ORDER BY 2"),
        ("w", "UPDATE t SET v = 10"), ("w", "COMMIT"),
        ("c", "SELECT count(*) FROM pg_locks WHERE mode = 'SIReadLock'"),
        ("o", "SELECT count(*) FROM t"),
        ("c", "SELECT count(*) FROM pg_locks WHERE mode = 'SIReadLock'"),
        ("o", "COMMIT"),
        ("a", "DROP TABLE t"), ("a", "DROP TABLE u"),
    ])
    assert [(who, sql, detail) for who, sql, detail in failures(records)] == [
        ("d", "DROP TABLE t",
         "Reason code: Canceled on identification as a pivot, during write."),
        ("r", "COMMIT",
         "Reason code: Canceled on identification as a pivot, during commit attempt.")]


def test_deferrable_wait_is_cancelled_by_statement_timeout(servers):
    same_on_both(servers, [
        ("a", "CREATE TABLE t (v int4)"), ("a", "INSERT INTO t VALUES (1)"),
        ("w", SER), ("w", "SELECT count(*) FROM t"),
        ("d", "SET statement_timeout = '300ms'"),
        ("d", "BEGIN ISOLATION LEVEL SERIALIZABLE READ ONLY DEFERRABLE"),
        ("d", "SELECT count(*) FROM t"),             # waits for w, then gives up
        ("d", "ROLLBACK"),
        ("c", "SELECT count(*) FROM pg_locks WHERE mode = 'SIReadLock'"),
        ("w", "COMMIT"),
        # No writable transaction left: the snapshot is safe at once.
        ("d", "BEGIN ISOLATION LEVEL SERIALIZABLE READ ONLY DEFERRABLE"),
        ("d", "SELECT count(*) FROM t"), ("d", "COMMIT"),
        ("d", "RESET statement_timeout"),
        ("a", "DROP TABLE t"),
    ])


def test_predicate_lock_settings(servers):
    same_on_both(servers, [
        ("a", "SHOW max_pred_locks_per_transaction"),
        ("a", "SHOW max_pred_locks_per_relation"),
        ("a", "SHOW max_pred_locks_per_page"),
        ("a", "SET max_pred_locks_per_page = 3"),
        ("a", "SET max_pred_locks_per_transaction = 100"),
    ])


def _pids(conn) -> int:
    return conn.execute("SELECT pg_backend_pid()").fetchone()[0]


def _deferrable_run(server) -> dict:
    """READ ONLY DEFERRABLE with two writable transactions running: it waits for both;
    one commits a write with a conflict out to a transaction that committed before the
    deferrable snapshot, so that snapshot is unsafe and a new one is taken, which sees
    the write. Returns what was observed, to compare across servers."""
    conns = [server.connect(autocommit=True) for _ in range(5)]
    w, q, a, d, c = conns
    seen: dict = {}
    try:
        w.execute("CREATE TABLE x (v int4)")
        w.execute("CREATE TABLE y (v int4)")
        w.execute("INSERT INTO x VALUES (1)")
        w.execute("INSERT INTO y VALUES (1)")
        w.execute(SER)
        w.execute("SELECT * FROM x")
        q.execute(SER)
        q.execute("UPDATE x SET v = 2")          # w -> q
        q.execute("COMMIT")
        w.execute("UPDATE y SET v = 2")          # w wrote, with a conflict out to q
        a.execute(SER)
        a.execute("SELECT 1")                    # another writable one, no conflicts
        d_pid, w_pid, a_pid = _pids(d), _pids(w), _pids(a)
        result: list = []

        def deferrable():
            d.execute("BEGIN ISOLATION LEVEL SERIALIZABLE READ ONLY DEFERRABLE")
            result.append(d.execute("SELECT v FROM y").fetchall())
            d.execute("COMMIT")
        thread = threading.Thread(target=deferrable)
        thread.start()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not c.execute(
                f"SELECT pg_isolation_test_session_is_blocked({d_pid}, '{{{w_pid}}}')"
        ).fetchone()[0]:
            time.sleep(0.02)
        seen["blocked"] = c.execute(
            f"SELECT pg_isolation_test_session_is_blocked({d_pid}, '{{{a_pid}}}')").fetchone()
        seen["blockers"] = sorted(c.execute(
            f"SELECT pg_safe_snapshot_blocking_pids({d_pid})").fetchone()[0]) == sorted(
            [w_pid, a_pid])
        seen["heavyweight blockers"] = c.execute(
            f"SELECT pg_blocking_pids({d_pid})").fetchone()
        a.execute("COMMIT")
        time.sleep(0.3)
        seen["after a"] = c.execute(
            f"SELECT pg_safe_snapshot_blocking_pids({d_pid})").fetchone()[0] == [w_pid]
        seen["still waiting"] = thread.is_alive()
        started = time.monotonic()
        w.execute("COMMIT")
        thread.join(10)
        seen["woken promptly"] = time.monotonic() - started < 2.0
        seen["result"] = result
        seen["blocked after"] = c.execute(
            f"SELECT pg_isolation_test_session_is_blocked({d_pid}, '{{{w_pid}}}')").fetchone()
        seen["locks left"] = c.execute(
            "SELECT count(*) FROM pg_locks WHERE mode = 'SIReadLock'").fetchone()
        w.execute("DROP TABLE x")
        w.execute("DROP TABLE y")
    finally:
        for conn in conns:
            conn.close()
    return seen


def test_read_only_deferrable_waits_for_a_safe_snapshot(servers):
    oracle, pgsnake = servers
    expected = _deferrable_run(oracle)
    assert expected["result"] == [[(2,)]] and expected["blockers"]
    assert _deferrable_run(pgsnake) == expected
