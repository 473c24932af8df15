# The unnamed statement of a repeated Parse is re-used only while nothing it was made
# under has changed (tcop/unnamed_statements.py): after DDL committed elsewhere, a new
# search_path, a changed DateStyle (which parsing a date literal reads) or a dropped
# table, the same text sent again answers exactly as PostgreSQL 15 does.
import psycopg

QUERY = "SELECT * FROM ut WHERE a >= %s ORDER BY a"
DATE_QUERY = "SELECT to_char('01/02/03'::date, 'YYYY-MM-DD') WHERE %s::int = 1"


def _run(c, query, param):
    try:
        cur = c.execute(query, (param,))       # psycopg: Parse of the unnamed statement
        return [d.name for d in cur.description], cur.fetchall()
    except psycopg.Error as e:
        return e.diag.sqlstate, e.diag.message_primary


def _story(server):
    out = []
    with server.connect(autocommit=True) as c:
        c.execute("DROP SCHEMA IF EXISTS ut_other CASCADE")
        c.execute("DROP TABLE IF EXISTS ut")
        c.execute("CREATE TABLE ut (a int, b text)")
        c.execute("INSERT INTO ut VALUES (1, 'x'), (2, 'y')")
        c.execute("CREATE SCHEMA ut_other")
        c.execute("CREATE TABLE ut_other.ut (a int)")
        c.execute("INSERT INTO ut_other.ut VALUES (5)")
        out.append(_run(c, QUERY, 1))
        out.append(_run(c, QUERY, 2))
        with server.connect(autocommit=True) as other:
            other.execute("ALTER TABLE ut ADD COLUMN c int DEFAULT 7")
        out.append(_run(c, QUERY, 1))
        c.execute("SET search_path = ut_other, public")
        out.append(_run(c, QUERY, 0))
        c.execute("RESET search_path")
        out.append(_run(c, QUERY, 0))
        out.append(_run(c, DATE_QUERY, 1))
        c.execute("SET DateStyle = 'ISO, DMY'")
        out.append(_run(c, DATE_QUERY, 1))
        c.execute("RESET DateStyle")
        out.append(_run(c, DATE_QUERY, 1))
        with server.connect(autocommit=True) as other:
            other.execute("DROP TABLE ut")
        out.append(_run(c, QUERY, 1))
        c.execute("DROP SCHEMA ut_other CASCADE")
    return out


def test_repeated_parse_follows_changes_like_postgresql(oracle, pgsnake_server):
    expected = _story(oracle)
    assert expected[0] == (["a", "b"], [(1, "x"), (2, "y")])
    assert expected[-1][0] == "42P01"
    assert _story(pgsnake_server) == expected


def _rolled_back_story(server):
    # A table made and dropped by transactions that roll back moves no shared counter:
    # only the backend's own catalog changes tell that the kept statement is stale (the
    # SQLAlchemy suite's NumericTest makes its table that way, test after test).
    out = []
    with server.connect(autocommit=False) as c:
        for column_type in ("numeric(10, 2)", "float8", "text"):
            c.execute(f"CREATE TABLE ut_tx (x {column_type})")
            c.execute("INSERT INTO ut_tx VALUES (%s)", ("1.5",))
            out.append(_run(c, "SELECT x::text FROM ut_tx WHERE %s::int = 1", 1))
            c.rollback()
    return out


def test_repeated_parse_sees_rolled_back_ddl(oracle, pgsnake_server):
    expected = _rolled_back_story(oracle)
    assert expected == [(["x"], [("1.50",)]), (["x"], [("1.5",)]), (["x"], [("1.5",)])]
    assert _rolled_back_story(pgsnake_server) == expected
