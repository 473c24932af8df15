# Savepoints under concurrency, each session its own backend: another session never sees
# rows written in a released-but-uncommitted subtransaction until the top transaction
# commits, and never sees rows of a rolled-back savepoint; a writer blocked on a row
# updated inside a subtransaction waits until the top transaction ends (or until that
# subtransaction is rolled back); and after kill -9 of the whole server, rows of
# committed subtransactions survive while rolled-back and uncommitted ones do not.
import threading
import time


def _rows(conn, table):
    return [r[0] for r in conn.execute(f"SELECT id FROM {table} ORDER BY id").fetchall()]


def test_other_sessions_see_subtransaction_rows_only_after_commit(pgsnake_server):
    with pgsnake_server.connect() as setup:
        setup.execute("DROP TABLE IF EXISTS iso_sp")
        setup.execute("CREATE TABLE iso_sp (id int4 NOT NULL)")
    writer = pgsnake_server.connect()
    reader = pgsnake_server.connect()
    try:
        for sql in ("BEGIN", "INSERT INTO iso_sp VALUES (1)",
                    "SAVEPOINT a", "INSERT INTO iso_sp VALUES (2)", "RELEASE a",
                    "SAVEPOINT b", "INSERT INTO iso_sp VALUES (3)", "ROLLBACK TO b",
                    "SAVEPOINT c", "INSERT INTO iso_sp VALUES (4)",
                    "SAVEPOINT d", "INSERT INTO iso_sp VALUES (5)"):
            writer.execute(sql)
            assert _rows(reader, "iso_sp") == []
        assert _rows(writer, "iso_sp") == [1, 2, 4, 5]
        writer.execute("ROLLBACK TO d")
        assert _rows(reader, "iso_sp") == []
        writer.execute("COMMIT")
        assert _rows(reader, "iso_sp") == [1, 2, 4]
        reader.execute("DROP TABLE iso_sp")
    finally:
        writer.close()
        reader.close()


def _blocked_writer(server, finish):
    """s1 updates a row inside a savepoint (released or still open); s2's update of the
    same row must wait for `finish` in s1. Returns (blocked before finish, s2's result,
    final balance)."""
    with server.connect() as setup:
        setup.execute("DROP TABLE IF EXISTS iso_sp_w")
        setup.execute("CREATE TABLE iso_sp_w (id int4 NOT NULL, balance int4)")
        setup.execute("INSERT INTO iso_sp_w VALUES (1, 100)")
    s1 = server.connect()
    s2 = server.connect()
    try:
        for sql in ("BEGIN", "SAVEPOINT a", "SAVEPOINT b",
                    "UPDATE iso_sp_w SET balance = balance + 10 WHERE id = 1", "RELEASE b"):
            s1.execute(sql)
        result = {}

        def second():
            result["rows"] = s2.execute(
                "UPDATE iso_sp_w SET balance = balance * 2 WHERE id = 1 RETURNING balance"
            ).fetchall()
        worker = threading.Thread(target=second)
        worker.start()
        time.sleep(0.5)
        s1.execute("SAVEPOINT c")                 # more subtransaction work: still waiting
        s1.execute("SELECT 1")
        time.sleep(0.3)
        blocked = worker.is_alive()
        for sql in finish:
            s1.execute(sql)
        worker.join(timeout=30)
        assert not worker.is_alive(), "second session never finished"
        s1.execute("ROLLBACK") if s1.info.transaction_status.name != "IDLE" else None
        final = s2.execute("SELECT balance FROM iso_sp_w").fetchall()
        s2.execute("DROP TABLE iso_sp_w")
        return blocked, result["rows"], final
    finally:
        s1.close()
        s2.close()


def test_writer_waits_for_top_transaction_commit(pgsnake_server):
    assert _blocked_writer(pgsnake_server, ["COMMIT"]) == (True, [(220,)], [(220,)])


def test_writer_waits_for_top_transaction_rollback(pgsnake_server):
    assert _blocked_writer(pgsnake_server, ["ROLLBACK"]) == (True, [(200,)], [(200,)])


def test_writer_released_by_rollback_to_savepoint(pgsnake_server):
    # Rolling back the subtransaction that updated the row frees the waiter at once,
    # while s1's top transaction is still open (as in PostgreSQL).
    assert _blocked_writer(pgsnake_server, ["ROLLBACK TO a"]) == (True, [(200,)], [(200,)])


def test_subtransaction_outcomes_survive_kill_9(make_pgsnake_server):
    server = make_pgsnake_server()
    with server.connect() as conn:
        conn.execute("CREATE TABLE crash_sp (id int4 NOT NULL, note text)")
    committed = server.connect()
    for sql in ("BEGIN", "INSERT INTO crash_sp VALUES (1, 'top')",
                "SAVEPOINT a", "INSERT INTO crash_sp VALUES (2, 'released')", "RELEASE a",
                "SAVEPOINT b", "INSERT INTO crash_sp VALUES (3, 'rolled back')", "ROLLBACK TO b",
                "UPDATE crash_sp SET note = 'updated in b' WHERE id = 1",
                "SAVEPOINT c", "INSERT INTO crash_sp VALUES (4, 'open at commit')", "COMMIT"):
        committed.execute(sql)
    loser = server.connect()
    for sql in ("BEGIN", "SAVEPOINT x", "INSERT INTO crash_sp VALUES (5, 'never committed')",
                "RELEASE x", "SAVEPOINT y", "DELETE FROM crash_sp WHERE id = 2"):
        loser.execute(sql)
    server.kill_all_9()
    committed.close()
    loser.close()
    server.start()
    with server.connect() as conn:
        assert conn.execute("SELECT id, note FROM crash_sp ORDER BY id").fetchall() == [
            (1, "updated in b"), (2, "released"), (4, "open at commit")]
