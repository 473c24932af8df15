# Proves committed transactions survive kill -9 of every server process: after a restart
# all N committed rows are present, and the rows of a transaction still open at the kill
# are not (crash recovery replays WAL and leaves uncommitted work invisible).
from __future__ import annotations

import pytest


def test_committed_rows_survive_kill_9(make_server):
    server = make_server()
    rows = 300
    with server.connect() as conn:
        conn.execute("CREATE TABLE durable (id int4 NOT NULL, note text)")
        for batch in range(3):
            with conn.transaction():
                for i in range(batch * 100, (batch + 1) * 100):
                    conn.execute("INSERT INTO durable VALUES (%s, %s)", (i, f"row {i}"),
                                 prepare=False)
        conn.execute("UPDATE durable SET note = 'changed' WHERE id < 10")
        conn.execute("DELETE FROM durable WHERE id >= 290")
    open_conn = server.connect(autocommit=False)
    open_conn.execute("INSERT INTO durable SELECT 1000, 'uncommitted'")
    open_conn.execute("UPDATE durable SET note = 'uncommitted update' WHERE id = 50")
    try:
        server.kill_all_9()
    finally:
        try:
            open_conn.close()
        except Exception:
            pass
    server.start()
    with server.connect() as conn:
        assert conn.execute("SELECT count(*) FROM durable").fetchone() == (290,)
        assert conn.execute("SELECT count(*) FROM durable WHERE id = 1000").fetchone() == (0,)
        assert conn.execute("SELECT note FROM durable WHERE id = 50").fetchone() == ("row 50",)
        assert conn.execute("SELECT count(*) FROM durable WHERE note = 'changed'").fetchone() \
            == (10,)
        ids = [r[0] for r in conn.execute("SELECT id FROM durable ORDER BY id").fetchall()]
        assert ids == list(range(290))


def test_kill_9_twice_in_a_row(make_server):
    # Recovery must itself leave a recoverable state: crash again right after it.
    server = make_server()
    with server.connect() as conn:
        conn.execute("CREATE TABLE twice (id int4)")
        conn.execute("INSERT INTO twice VALUES (1), (2), (3)")
    server.kill_all_9()
    server.start()
    with server.connect() as conn:
        conn.execute("INSERT INTO twice VALUES (4)")
    server.kill_all_9()
    server.start()
    with server.connect() as conn:
        assert conn.execute("SELECT sum(id) FROM twice").fetchone() == (10,)
