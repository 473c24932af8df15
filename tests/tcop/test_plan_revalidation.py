# A prepared statement locks its relations again when it runs in a later transaction, and
# is analyzed and planned again after DDL committed elsewhere: after DROP + CREATE of the
# same name it reads the new table; if its result columns would change, it fails with
# PostgreSQL's 0A000 "cached plan must not change result type".
import psycopg


def _story(server):
    out = []
    with server.connect() as c:
        c.execute("DROP TABLE IF EXISTS pt")
        c.execute("CREATE TABLE pt (a int4)")
        c.execute("INSERT INTO pt VALUES (1)")
        out.append(c.execute("SELECT * FROM pt", prepare=True).fetchall())
        with server.connect() as other:
            other.execute("DROP TABLE pt")
            other.execute("CREATE TABLE pt (a int4)")
            other.execute("INSERT INTO pt VALUES (2)")
        out.append(c.execute("SELECT * FROM pt", prepare=True).fetchall())
        with server.connect() as other:
            other.execute("DROP TABLE pt")
            other.execute("CREATE TABLE pt (a text)")
        try:
            out.append(c.execute("SELECT * FROM pt", prepare=True).fetchall())
        except psycopg.Error as e:
            out.append((e.diag.sqlstate, e.diag.message_primary))
        c.execute("DROP TABLE pt")
    return out


def test_prepared_statement_follows_ddl_like_postgresql(oracle, pgsnake_server):
    expected = _story(oracle)
    assert expected[:2] == [[(1,)], [(2,)]]
    assert _story(pgsnake_server) == expected
