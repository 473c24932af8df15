# Proves savepoints (SAVEPOINT / RELEASE / ROLLBACK TO) behave as in PostgreSQL 15,
# checked statement by statement against the oracle: the same command tags, errors
# (SQLSTATE and message), transaction status after each statement and resulting rows for
# sequences of inserts/updates/deletes across nested, released, rolled-back and repeated
# savepoints, failed blocks and their recovery; psycopg's nested `conn.transaction()`
# with an inner exception; and SQLAlchemy's engine connect (its first-connect probes run
# inside a savepoint) and begin_nested() working against pgsnake.
import psycopg
import pytest

SCRIPT = [
    "DROP TABLE IF EXISTS sp_t",
    "CREATE TABLE sp_t (id int4 NOT NULL, v text)",
    # outside a block
    "SAVEPOINT a",
    "RELEASE a",
    "ROLLBACK TO a",
    "RELEASE SAVEPOINT a",
    "ROLLBACK TO SAVEPOINT a",
    # nested levels, release and rollback
    "BEGIN",
    "INSERT INTO sp_t VALUES (1, 'top')",
    "SAVEPOINT a",
    "INSERT INTO sp_t VALUES (2, 'in a')",
    "SAVEPOINT b",
    "INSERT INTO sp_t VALUES (3, 'in b')",
    "UPDATE sp_t SET v = v || '+b' WHERE id = 1",
    "SELECT id, v FROM sp_t ORDER BY id",
    "ROLLBACK TO b",
    "SELECT id, v FROM sp_t ORDER BY id",
    "ROLLBACK TO SAVEPOINT b",                 # b stays defined: repeatable
    "INSERT INTO sp_t VALUES (4, 'b again')",
    "RELEASE b",
    "RELEASE b",                               # gone now: error, block fails
    "SELECT 1",                                # 25P02
    "RELEASE a",                               # 25P02 too
    "ROLLBACK TO a",                           # usable again; a's rows gone
    "SELECT id, v FROM sp_t ORDER BY id",
    "UPDATE sp_t SET v = 'updated in a' WHERE id = 1",
    "SAVEPOINT c",
    "DELETE FROM sp_t WHERE id = 1",
    "SELECT id, v FROM sp_t ORDER BY id",
    "ROLLBACK TO c",
    "SELECT id, v FROM sp_t ORDER BY id",
    "DELETE FROM sp_t WHERE id = 1",
    "INSERT INTO sp_t VALUES (5, 'x'), (6, 'y')",
    "RELEASE SAVEPOINT a",
    "SELECT id, v FROM sp_t ORDER BY id",
    "COMMIT",
    "SELECT id, v FROM sp_t ORDER BY id",
    # repeated names: the innermost wins
    "BEGIN",
    "SAVEPOINT s",
    "INSERT INTO sp_t VALUES (10, 'outer s')",
    "SAVEPOINT s",
    "INSERT INTO sp_t VALUES (11, 'inner s')",
    "ROLLBACK TO s",
    "RELEASE s",
    "SELECT id, v FROM sp_t WHERE id >= 10 ORDER BY id",
    "RELEASE s",
    "ROLLBACK TO nosuch",
    "COMMIT",                                  # failed block: rolls back
    "SELECT id, v FROM sp_t WHERE id >= 10 ORDER BY id",
    # an error inside a savepoint, recovered, then committed
    "BEGIN",
    "INSERT INTO sp_t VALUES (20, 'kept')",
    "SAVEPOINT e",
    "INSERT INTO sp_t VALUES (21, 'lost')",
    "SELECT 1/0",
    "INSERT INTO sp_t VALUES (22, 'ignored')",
    "ROLLBACK TO e",
    "INSERT INTO sp_t VALUES (23, 'after recovery')",
    "COMMIT",
    "SELECT id, v FROM sp_t WHERE id >= 20 ORDER BY id",
    # an error with no savepoint: ROLLBACK TO cannot help
    "BEGIN",
    "SELECT 1/0",
    "ROLLBACK TO e",
    "ROLLBACK",
    # SAVEPOINT in a failed block; ROLLBACK of a block with open savepoints
    "BEGIN",
    "SAVEPOINT f",
    "INSERT INTO sp_t VALUES (30, 'rolled back')",
    "SAVEPOINT g",
    "SELECT nosuchcolumn FROM sp_t",
    "SAVEPOINT h",
    "ROLLBACK",
    # COMMIT with open savepoints commits them
    "BEGIN",
    "SAVEPOINT p",
    "INSERT INTO sp_t VALUES (40, 'open at commit')",
    "SAVEPOINT q",
    "UPDATE sp_t SET v = 'changed in q' WHERE id = 40",
    "COMMIT",
    # ROLLBACK TO an outer level after an error in an inner one
    "BEGIN",
    "SAVEPOINT o1",
    "INSERT INTO sp_t VALUES (50, 'o1')",
    "SAVEPOINT o2",
    "INSERT INTO sp_t VALUES (51, 'o2')",
    "SELECT 1/0",
    "ROLLBACK TO o1",
    "RELEASE o1",
    "INSERT INTO sp_t VALUES (52, 'top after o1')",
    "COMMIT",
    "SELECT id, v FROM sp_t ORDER BY id",
    "DROP TABLE sp_t",
]


def _run_script(server):
    out = []
    with server.connect(autocommit=True) as conn:
        for sql in SCRIPT:
            try:
                cur = conn.execute(sql)
                rows = cur.fetchall() if cur.description else None
                outcome = (cur.statusmessage, rows)
            except psycopg.Error as e:
                outcome = (e.sqlstate, e.diag.message_primary)
            out.append((sql, outcome, conn.info.transaction_status.name))
    return out


def test_savepoint_script_matches_postgresql(oracle, pgsnake_server):
    expected = _run_script(oracle)
    got = _run_script(pgsnake_server)
    for want, have in zip(expected, got):
        assert have == want
    assert len(got) == len(expected)


def _nested(server):
    """psycopg's nested transaction blocks: the inner one fails and rolls back to its
    savepoint; the outer one commits."""
    events = []
    with server.connect(autocommit=True) as setup:
        setup.execute("DROP TABLE IF EXISTS sp_nested")
        setup.execute("CREATE TABLE sp_nested (id int4 NOT NULL)")
    with server.connect() as conn:
        with conn.transaction():
            conn.execute("INSERT INTO sp_nested VALUES (1)")
            try:
                with conn.transaction():
                    conn.execute("INSERT INTO sp_nested VALUES (2)")
                    with conn.transaction():
                        conn.execute("INSERT INTO sp_nested VALUES (3)")
                    raise RuntimeError("inner failure")
            except RuntimeError:
                events.append("caught")
            try:
                with conn.transaction():
                    conn.execute("INSERT INTO sp_nested VALUES (4)")
                    conn.execute("SELECT 1/0")
            except psycopg.errors.DivisionByZero:
                events.append("division")
            with conn.transaction():
                conn.execute("INSERT INTO sp_nested VALUES (5)")
            events.append([r[0] for r in conn.execute(
                "SELECT id FROM sp_nested ORDER BY id").fetchall()])
    with server.connect(autocommit=True) as check:
        events.append(check.execute("SELECT id FROM sp_nested ORDER BY id").fetchall())
        check.execute("DROP TABLE sp_nested")
    return events


def test_psycopg_nested_transactions(oracle, pgsnake_server):
    expected = _nested(oracle)
    assert expected == ["caught", "division", [1, 5], [(1,), (5,)]]
    assert _nested(pgsnake_server) == expected


def test_sqlalchemy_engine_connect(pgsnake_server):
    sqlalchemy = pytest.importorskip("sqlalchemy")
    server = pgsnake_server
    url = (f"postgresql+psycopg://{server.user}@{server.host}:{server.port}/{server.dbname}")
    # use_native_hstore=False: the hstore probe needs to_regtype(), which pgsnake lacks
    # (not a transaction matter); everything else of the first-connect dance runs.
    engine = sqlalchemy.create_engine(url, use_native_hstore=False)
    try:
        with engine.connect() as conn:
            assert conn.execute(sqlalchemy.text("SELECT 1")).scalar() == 1
            conn.rollback()
            with conn.begin():
                with conn.begin_nested():
                    assert conn.execute(sqlalchemy.text("SELECT 2")).scalar() == 2
    finally:
        engine.dispose()
