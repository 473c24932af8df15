# Features not built yet are refused with 0A000 (feature_not_supported), never silently
# ignored: ignoring ORDER BY inside an aggregate or a FILTER clause would return a wrong
# answer. When one of these is implemented, move its statement to a differential test.
import psycopg
import pytest

NOT_YET = [
    # a column definition list's COLLATE would be ignored (parser/README.md)
    """SELECT * FROM json_to_record('{"a": "x"}') AS t(a text COLLATE "C")""",
]


@pytest.mark.parametrize("sql", NOT_YET)
def test_refused_not_ignored(pgsnake_server, sql):
    with pgsnake_server.connect(autocommit=True) as conn:
        with pytest.raises(psycopg.errors.FeatureNotSupported):
            psycopg.ClientCursor(conn).execute(sql)
        assert conn.execute("SELECT 1").fetchone() == (1,)
