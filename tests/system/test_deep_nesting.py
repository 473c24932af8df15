# Input nested deeper than the server can follow gets PostgreSQL's 54001 "stack depth
# limit exceeded" (from the grammar or from analysis), never a crash or an internal
# error, and the session goes on; where PostgreSQL can evaluate it, so must pgsnake.
import psycopg
import pytest

DEEP = [
    "SELECT " + "+".join(["1"] * 20000),
    "SELECT " + "(" * 300 + "1" + ")" * 300 + " + " + "-".join(["1"] * 300),
]


def _outcome(server, sql):
    with server.connect(autocommit=True) as conn:
        cur = psycopg.ClientCursor(conn)
        try:
            cur.execute(sql)
            outcome = cur.fetchone()
        except psycopg.Error as e:
            outcome = e.sqlstate
        assert conn.execute("SELECT 1").fetchone() == (1,)
        return outcome


@pytest.mark.parametrize("sql", DEEP, ids=["long-chain", "nested-and-chain"])
def test_deep_expressions_match_postgresql(oracle, pgsnake_server, sql):
    assert _outcome(pgsnake_server, sql) == _outcome(oracle, sql)
