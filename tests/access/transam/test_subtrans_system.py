# Proves subtransactions without a limit on a running server, each scenario run on
# PostgreSQL 15 first (which proves the expectations) and then on pgsnake, comparing what
# the clients see:
# - 1000 savepoints in one transaction, each inserting a row (the proc array can list 64):
#   a concurrent session sees none of them before COMMIT, also after a ROLLBACK TO undid
#   the last 300, and exactly the other 700 after COMMIT;
# - a row updated inside the 901st savepoint makes a concurrent UPDATE wait; ROLLBACK TO
#   that savepoint lets it go on at once (the aborted subxid is not running although its
#   transaction is); a second update inside a later savepoint makes it wait until COMMIT;
# - a script of 100 nested savepoints with errors, ROLLBACK TO and RELEASE gives the same
#   tags, errors, transaction states and rows statement by statement, with an observer's
#   view in between;
# - kill -9 with an overflowed transaction in flight (its pages written by a CHECKPOINT)
#   and committed overflowed transactions before it: after restart exactly the committed
#   rows are there, and a new transaction with 200 savepoints works.
# The 1000-savepoint case takes about a second on pgsnake (statements sent in batches).
from __future__ import annotations

import threading
import time

import psycopg
import pytest


def _batch(conn, statements):
    """Many statements in one simple Query message (one round trip)."""
    with psycopg.ClientCursor(conn) as cur:
        cur.execute("; ".join(statements))


def _count(conn, table, where="true"):
    return conn.execute(f"SELECT count(*), sum(v) FROM {table} WHERE {where}").fetchone()


# ---- 1000 savepoints and a concurrent observer ----------------------------------------

def _thousand(server, n=1000, undo_from=701):
    seen = []
    with server.connect() as setup:
        setup.execute("DROP TABLE IF EXISTS sp_many")
        setup.execute("CREATE TABLE sp_many (id int4, v int4)")
    with server.connect() as writer, server.connect() as observer:
        writer.execute("BEGIN")
        for start in range(1, n + 1, 250):
            _batch(writer, [s for i in range(start, min(start + 250, n + 1))
                            for s in (f"SAVEPOINT s{i}", f"INSERT INTO sp_many VALUES ({i}, {i})")])
        seen.append(("writer", _count(writer, "sp_many")))
        seen.append(("observer before commit", _count(observer, "sp_many")))
        writer.execute(f"ROLLBACK TO SAVEPOINT s{undo_from}")
        seen.append(("writer after rollback to", _count(writer, "sp_many")))
        seen.append(("observer after rollback to", _count(observer, "sp_many")))
        writer.execute("INSERT INTO sp_many VALUES (0, 0)")   # in the restarted level
        writer.execute("COMMIT")
        seen.append(("observer after commit", _count(observer, "sp_many")))
        seen.append(("rolled back rows", _count(observer, "sp_many", f"id >= {undo_from}")))
    with server.connect() as cleanup:
        cleanup.execute("DROP TABLE sp_many")
    return seen


def test_thousand_savepoints_and_an_observer(oracle, pgsnake_server):
    expected = _thousand(oracle)
    assert expected[-2] == ("observer after commit", (701, 700 * 701 // 2))
    assert _thousand(pgsnake_server) == expected


# ---- waiting for a row changed inside an overflowed subtransaction --------------------

class _Blocked:
    """Run one statement in a thread on its own connection; report when it finishes."""

    def __init__(self, server, sql):
        self.conn = server.connect()
        self.result = None
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, args=(sql,), daemon=True)
        self.thread.start()

    def _run(self, sql):
        try:
            self.result = self.conn.execute(sql).statusmessage
        except psycopg.Error as e:
            self.result = f"{e.sqlstate} {e.diag.message_primary}"
        self.done.set()

    def finished_within(self, seconds):
        return self.done.wait(seconds)

    def close(self):
        self.thread.join(30)
        self.conn.close()


def _wait_scenario(server):
    events = []
    with server.connect() as setup:
        setup.execute("DROP TABLE IF EXISTS sp_wait")
        setup.execute("CREATE TABLE sp_wait (id int4, v int4)")
        setup.execute("INSERT INTO sp_wait VALUES (1, 0)")
    with server.connect() as writer:
        writer.execute("BEGIN")
        _batch(writer, [s for i in range(1, 901)
                        for s in (f"SAVEPOINT s{i}", f"INSERT INTO sp_wait VALUES ({i + 1}, 1)")])
        writer.execute("SAVEPOINT x")
        writer.execute("UPDATE sp_wait SET v = -1 WHERE id = 1")
        other = _Blocked(server, "UPDATE sp_wait SET v = v + 100 WHERE id = 1")
        try:
            events.append(("waits for the subtransaction", not other.finished_within(1.0)))
            writer.execute("ROLLBACK TO SAVEPOINT x")
            events.append(("goes on after ROLLBACK TO", other.finished_within(20), other.result))
        finally:
            other.close()
        writer.execute("SAVEPOINT y")
        writer.execute("UPDATE sp_wait SET v = v + 1 WHERE id = 1")
        other = _Blocked(server, "UPDATE sp_wait SET v = v * 2 WHERE id = 1")
        try:
            events.append(("waits again", not other.finished_within(1.0)))
            writer.execute("COMMIT")
            events.append(("goes on after COMMIT", other.finished_within(20), other.result))
        finally:
            other.close()
    with server.connect() as check:
        events.append(check.execute("SELECT v FROM sp_wait WHERE id = 1").fetchall())
        events.append(_count(check, "sp_wait"))
        check.execute("DROP TABLE sp_wait")
    return events


def test_waiting_for_a_row_changed_in_an_overflowed_subtransaction(oracle, pgsnake_server):
    expected = _wait_scenario(oracle)
    assert expected[:2] == [("waits for the subtransaction", True),
                            ("goes on after ROLLBACK TO", True, "UPDATE 1")]
    assert _wait_scenario(pgsnake_server) == expected


# ---- 100 nested savepoints, statement by statement ------------------------------------

def _nested_script():
    script = ["DROP TABLE IF EXISTS sp_nest", "CREATE TABLE sp_nest (id int4, v int4)", "BEGIN"]
    for i in range(1, 101):
        script += [f"SAVEPOINT s{i}", f"INSERT INTO sp_nest VALUES ({i}, {i % 7})"]
        if i % 10 == 0:
            script += ["SELECT 1/0", f"INSERT INTO sp_nest VALUES ({-i}, 0)",
                       f"ROLLBACK TO SAVEPOINT s{i}", f"INSERT INTO sp_nest VALUES ({i}, 99)"]
        if i % 15 == 0:
            script += [f"UPDATE sp_nest SET v = v + 1 WHERE id < {i}"]
        if i % 33 == 0:
            script += [f"RELEASE SAVEPOINT s{i - 3}"]
        if i in (50, 80):
            script += ["SELECT count(*), sum(v) FROM sp_nest", "OBSERVE"]
    script += ["ROLLBACK TO SAVEPOINT s70", "SELECT count(*), sum(v) FROM sp_nest",
               "RELEASE SAVEPOINT s20", "RELEASE SAVEPOINT s20", "ROLLBACK TO s19",
               "SELECT count(*), sum(v) FROM sp_nest", "OBSERVE", "COMMIT", "OBSERVE",
               "SELECT id, v FROM sp_nest ORDER BY id", "DROP TABLE sp_nest"]
    return script


def _run_nested(server):
    out = []
    with server.connect() as conn, server.connect() as observer:
        for sql in _nested_script():
            if sql == "OBSERVE":
                out.append(("observer", _count(observer, "sp_nest")))
                continue
            try:
                cur = conn.execute(sql)
                outcome = (cur.statusmessage, cur.fetchall() if cur.description else None)
            except psycopg.Error as e:
                outcome = (e.sqlstate, e.diag.message_primary)
            out.append((sql, outcome, conn.info.transaction_status.name))
    return out


def test_hundred_nested_savepoints_match_postgresql(oracle, pgsnake_server):
    expected = _run_nested(oracle)
    got = _run_nested(pgsnake_server)
    for want, have in zip(expected, got):
        assert have == want
    assert len(got) == len(expected)


# ---- crash recovery ----------------------------------------------------------------------

def _crash_scenario(server):
    with server.connect() as conn:
        conn.execute("CREATE TABLE sp_crash (id int4, v int4)")
        conn.execute("BEGIN")
        _batch(conn, [s for i in range(1, 201)
                      for s in (f"SAVEPOINT a{i}", f"INSERT INTO sp_crash VALUES ({i}, 1)")])
        conn.execute("ROLLBACK TO SAVEPOINT a150")      # rows 150..200 undone
        conn.execute("RELEASE SAVEPOINT a10")
        conn.execute("COMMIT")
        conn.execute("INSERT INTO sp_crash VALUES (1000, 2)")
    in_flight = server.connect()
    in_flight.execute("BEGIN")
    _batch(in_flight, [s for i in range(2001, 2301)
                       for s in (f"SAVEPOINT b{i}", f"INSERT INTO sp_crash VALUES ({i}, 3)")])
    in_flight.execute("UPDATE sp_crash SET v = 4 WHERE id = 1000")
    with server.connect() as other:
        other.execute("CHECKPOINT")          # the in-flight rows reach the data files
        before = _count(other, "sp_crash")
    server.kill_all_9()
    in_flight.close()
    server.start()
    with server.connect() as conn:
        after = _count(conn, "sp_crash")
        updated = conn.execute("SELECT v FROM sp_crash WHERE id = 1000").fetchall()
        conn.execute("BEGIN")
        _batch(conn, [s for i in range(3001, 3201)
                      for s in (f"SAVEPOINT c{i}", f"INSERT INTO sp_crash VALUES ({i}, 5)")])
        conn.execute("ROLLBACK TO SAVEPOINT c3101")
        conn.execute("COMMIT")
        final = _count(conn, "sp_crash")
    return before, after, updated, final


@pytest.mark.parametrize("kind", ["oracle", "pgsnake"])
def test_crash_with_an_overflowed_transaction_in_flight(kind, make_oracle_server,
                                                        make_pgsnake_server):
    server = make_oracle_server() if kind == "oracle" else make_pgsnake_server()
    before, after, updated, final = _crash_scenario(server)
    assert before == after == (150, 149 + 2)
    assert updated == [(2,)]
    assert final == (250, 149 + 2 + 100 * 5)
