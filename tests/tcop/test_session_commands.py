# Session-level commands behave as in PostgreSQL 15, checked against the oracle through
# psycopg: PREPARE/EXECUTE/DEALLOCATE (and psycopg's own automatic prepare + DEALLOCATE
# cycle), DECLARE/FETCH/MOVE/CLOSE cursors (psycopg's server-side cursors), DISCARD ALL
# and CHECKPOINT, with the same rows, command tags and errors.
import psycopg


def _setup(conn):
    conn.execute("DROP TABLE IF EXISTS tcop_cmd")
    conn.execute("CREATE TABLE tcop_cmd (id int8 NOT NULL, name text)")
    conn.execute("INSERT INTO tcop_cmd VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd'), (5, 'e')")


def _run(server):
    out = []
    with server.connect(autocommit=True) as conn:
        _setup(conn)

        def run(sql):
            try:
                cur = conn.execute(sql)
                rows = cur.fetchall() if cur.description else None
                out.append((sql, cur.statusmessage, rows))
            except psycopg.Error as e:
                out.append((sql, e.sqlstate, e.diag.message_primary))
        for sql in ("PREPARE q(int8, text) AS SELECT id, name FROM tcop_cmd WHERE id > $1 AND name <> $2 ORDER BY id",
                    "EXECUTE q(2, 'd')",
                    "EXECUTE q(1 + 1, 'x' || 'y')",
                    "EXECUTE q(1)",
                    "PREPARE q AS SELECT 1",
                    "DEALLOCATE q",
                    "EXECUTE q(1, 'a')",
                    "DEALLOCATE nope",
                    "DECLARE c CURSOR FOR SELECT id FROM tcop_cmd ORDER BY id",
                    "BEGIN",
                    "DECLARE c CURSOR FOR SELECT id FROM tcop_cmd ORDER BY id",
                    "FETCH 2 FROM c",
                    "MOVE 1 c",
                    "FETCH ALL FROM c",
                    "FETCH 1 FROM c",
                    "CLOSE c",
                    "FETCH 1 FROM c",
                    "ROLLBACK",
                    "DECLARE h CURSOR WITH HOLD FOR SELECT name FROM tcop_cmd ORDER BY id",
                    "FETCH 2 FROM h",
                    "CLOSE h",
                    "CHECKPOINT",
                    "BEGIN",
                    "DISCARD ALL",
                    "ROLLBACK",
                    "DISCARD ALL",
                    "DROP TABLE tcop_cmd"):
            run(sql)
    return out


def test_session_commands_match_postgresql(oracle, pgsnake_server):
    assert _run(pgsnake_server) == _run(oracle)


def _driver_run(server):
    with server.connect(autocommit=False) as conn:
        _setup(conn)
        conn.commit()
        # psycopg prepares a statement server-side after 5 executions and deallocates
        # prepared statements on rollback / cache eviction.
        seen = [conn.execute("SELECT name FROM tcop_cmd WHERE id = %s", (i % 5 + 1,)).fetchone()[0]
                for i in range(12)]
        conn.rollback()
        with conn.cursor(name="srv") as cur:
            cur.execute("SELECT id, name FROM tcop_cmd ORDER BY id")
            first = cur.fetchmany(2)
            rest = cur.fetchall()
        conn.execute("DROP TABLE tcop_cmd")
        conn.commit()
        return seen, first, rest


def test_psycopg_prepared_and_server_side_cursors(oracle, pgsnake_server):
    assert _driver_run(pgsnake_server) == _driver_run(oracle)


def _autocommit_cursor(server):
    """A WITHOUT HOLD cursor outside a transaction block: whatever PostgreSQL does (an
    error, or rows), pgsnake must do the same."""
    with server.connect(autocommit=True) as conn:
        try:
            with conn.cursor(name="auto") as cur:
                cur.execute("SELECT 1 AS x UNION ALL SELECT 2")
                return ("rows", cur.fetchall())
        except psycopg.Error as e:
            return ("error", e.sqlstate, e.diag.message_primary)


def test_cursor_outside_transaction_block(oracle, pgsnake_server):
    assert _autocommit_cursor(pgsnake_server) == _autocommit_cursor(oracle)
