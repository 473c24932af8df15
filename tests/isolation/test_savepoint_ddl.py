# DROP TABLE inside a savepoint that is rolled back leaves the table and its data intact
# after COMMIT (the file unlink deferred to commit is forgotten with the savepoint); a
# released savepoint's DROP takes effect at COMMIT. Compared with PostgreSQL 15, and the
# data is read back after a restart, from disk.
import psycopg
import pytest

SCENARIOS = {
    "rolled-back": ["SAVEPOINT a", "DROP TABLE sp_ddl", "ROLLBACK TO a"],
    "released": ["SAVEPOINT a", "DROP TABLE sp_ddl", "RELEASE a"],
    "inner-released-outer-rolled-back": ["SAVEPOINT a", "SAVEPOINT b", "DROP TABLE sp_ddl",
                                         "RELEASE b", "ROLLBACK TO a"],
    "error-then-rollback-to": ["SAVEPOINT a", "DROP TABLE sp_ddl", "SELECT 1/0", "ROLLBACK TO a"],
}


def _rows(server):
    with server.connect(autocommit=True) as conn:
        try:
            return sorted(r[0] for r in conn.execute("SELECT a FROM sp_ddl"))
        except psycopg.errors.UndefinedTable:
            return "dropped"


def _run(server, steps, restart=False):
    with server.connect(autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS sp_ddl")
        conn.execute("CREATE TABLE sp_ddl (a int4)")
        conn.execute("INSERT INTO sp_ddl VALUES (1), (2)")
        conn.execute("CHECKPOINT")      # recovery must not be able to re-create the rows
        conn.execute("BEGIN")
        for sql in steps:
            try:
                conn.execute(sql)
            except psycopg.errors.DivisionByZero:
                pass
        conn.execute("COMMIT")
    outcome = [_rows(server)]
    if restart:                         # and again through crash recovery, from disk
        server.stop("immediate")
        server.start()
        outcome.append(_rows(server))
    with server.connect(autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS sp_ddl")
    return outcome


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_drop_in_savepoint(oracle, make_pgsnake_server, name):
    server = make_pgsnake_server()
    expected = _run(oracle, SCENARIOS[name])
    assert _run(server, SCENARIOS[name], restart=True) == expected * 2
