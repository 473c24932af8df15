# The simple query protocol with several statements in one Query message behaves as in
# PostgreSQL 15: without BEGIN/COMMIT among them they form one implicit transaction (an
# error rolls back the earlier statements too); with explicit BEGIN/COMMIT inside, each
# part commits as written. psycopg's ClientCursor sends exactly one Query message.
import psycopg

CASES = [
    "INSERT INTO tcop_multi VALUES (1); INSERT INTO tcop_multi VALUES (2)",
    "INSERT INTO tcop_multi VALUES (3); SELECT 1/0",
    "INSERT INTO tcop_multi VALUES (4); BEGIN; INSERT INTO tcop_multi VALUES (5); COMMIT",
    "BEGIN; INSERT INTO tcop_multi VALUES (6); SELECT 1/0; COMMIT",
    "SELECT 1; SELECT 2",
    "",
    ";",
]


def _run(server):
    out = []
    with server.connect(autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS tcop_multi")
        conn.execute("CREATE TABLE tcop_multi (a int4)")
        cur = psycopg.ClientCursor(conn)
        for sql in CASES:
            try:
                cur.execute(sql)
                out.append((sql, cur.statusmessage, cur.fetchall() if cur.description else None))
            except psycopg.Error as e:
                out.append((sql, e.sqlstate, e.diag.message_primary))
            if conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
                out.append(("status", conn.info.transaction_status.name))
                conn.execute("ROLLBACK")
            out.append(("rows", [r[0] for r in conn.execute("SELECT a FROM tcop_multi ORDER BY a")]))
        conn.execute("DROP TABLE tcop_multi")
    return out


def test_multi_statement_queries_match_postgresql(oracle, pgsnake_server):
    assert _run(pgsnake_server) == _run(oracle)
