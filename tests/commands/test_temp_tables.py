# Proves what temporary tables promise across sessions and process lifetimes, on pgsnake
# and on PostgreSQL 15 alike:
#   - two sessions each create a temp table of the same name and see only their own rows,
#     in different pg_temp_N schemas; each one's temp schema is "other" to the other, and
#     touching the other's table is 0A000 "cannot access temporary tables of other sessions";
#   - a session's end drops its temp objects: no pg_class rows in its pg_temp_N / pg_toast_temp_N
#     and no t<N>_<relfilenode> files are left;
#   - a backend killed with kill -9 (a crash restart) leaves no temp files after the restart,
#     and the stale catalog rows of its pg_temp_N are removed by the next backend that takes
#     that schema over (slow: a private server; the fast variant checks the file clean-up
#     itself on a scratch directory).
from __future__ import annotations

import os
import re
import signal
import time

import psycopg
import pytest

from harness import processes

KINDS = ["pgsnake", "oracle"]


def _server(request, kind):
    return request.getfixturevalue("pgsnake_server" if kind == "pgsnake" else "oracle")


def _connect(server):
    return psycopg.connect(server.dsn, autocommit=True)


def _temp_files(server, database_oid: int) -> list[str]:
    directory = os.path.join(server.datadir, "base", str(database_oid))
    return sorted(name for name in os.listdir(directory) if re.match(r"^t\d+_\d+", name))


def _wait_until(condition, timeout: float = 20.0):
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.05)


def _rows_in(conn, namespace_oid: int) -> list[str]:
    return [r[0] for r in conn.execute(
        "SELECT relname FROM pg_class WHERE relnamespace = %s ORDER BY relname",
        (namespace_oid,)).fetchall()]


@pytest.mark.parametrize("kind", KINDS)
def test_two_sessions_each_see_their_own_temp_table(request, kind):
    server = _server(request, kind)
    with _connect(server) as a, _connect(server) as b:
        for conn, value in ((a, "from a"), (b, "from b")):
            conn.execute("CREATE TEMP TABLE twin (v text PRIMARY KEY)")
            conn.execute("INSERT INTO twin VALUES (%s)", (value,))
        assert a.execute("SELECT v FROM twin").fetchall() == [("from a",)]
        assert b.execute("SELECT v FROM twin").fetchall() == [("from b",)]
        schema_a = a.execute("SELECT pg_my_temp_schema()::regnamespace::text").fetchone()[0]
        schema_b = b.execute("SELECT pg_my_temp_schema()::regnamespace::text").fetchone()[0]
        assert re.fullmatch(r"pg_temp_\d+", schema_a) and re.fullmatch(r"pg_temp_\d+", schema_b)
        assert schema_a != schema_b
        assert b.execute("SELECT pg_is_other_temp_schema(%s::regnamespace), "
                         "pg_is_other_temp_schema(pg_my_temp_schema())",
                         (schema_a,)).fetchone() == (True, False)
        # b names a's table explicitly: the catalog rows are visible, the data is not.
        assert b.execute("SELECT count(*) FROM pg_class WHERE relname = 'twin'").fetchone() == (2,)
        for statement in (f"SELECT * FROM {schema_a}.twin",
                          f"INSERT INTO {schema_a}.twin VALUES ('intruder')",
                          f"UPDATE {schema_a}.twin SET v = 'x'",
                          f"DELETE FROM {schema_a}.twin"):
            with pytest.raises(psycopg.errors.FeatureNotSupported) as caught:
                b.execute(statement)
            assert caught.value.diag.message_primary == \
                "cannot access temporary tables of other sessions"
        # An uncommitted row of a's is a's alone; a commit does not publish it either.
        a.execute("BEGIN")
        a.execute("INSERT INTO twin VALUES ('pending')")
        assert b.execute("SELECT v FROM twin").fetchall() == [("from b",)]
        a.execute("COMMIT")
        assert a.execute("SELECT count(*) FROM twin").fetchone() == (2,)
        assert b.execute("SELECT count(*) FROM twin").fetchone() == (1,)
        a.execute("DROP TABLE twin")
        b.execute("DROP TABLE twin")


# What another session may do with a session's temp table (schema names masked as NS).
OTHER_SESSION_STATEMENTS = [
    "SELECT count(*) FROM NS.mine",
    "INSERT INTO NS.mine VALUES (2)",
    "UPDATE NS.mine SET v = 3",
    "DELETE FROM NS.mine",
    "SELECT nextval('NS.mine_seq')",
    "CREATE TABLE NS.intruder (a int)",
    "CREATE TEMP TABLE NS.intruder (a int)",
    "CREATE INDEX ON NS.mine (v)",
    "TRUNCATE NS.mine",
    "ALTER TABLE NS.mine ADD COLUMN w int",
    "VACUUM NS.mine",
    "ANALYZE NS.mine",
    "SELECT pg_relation_size('NS.mine') > 0",
    "SELECT relpersistence FROM pg_class WHERE oid = 'NS.mine'::regclass",
]


def _other_session_outcomes(server) -> list:
    outcomes = []
    with _connect(server) as owner, _connect(server) as other:
        owner.execute("CREATE TEMP TABLE mine (v int PRIMARY KEY)")
        owner.execute("INSERT INTO mine VALUES (1)")
        owner.execute("CREATE TEMP SEQUENCE mine_seq")
        schema = owner.execute("SELECT pg_my_temp_schema()::regnamespace::text").fetchone()[0]
        for statement in OTHER_SESSION_STATEMENTS:
            try:
                cursor = other.execute(statement.replace("NS", schema))
                outcomes.append((statement, "ok", cursor.fetchall() if cursor.description
                                 else cursor.statusmessage))
            except psycopg.Error as e:
                outcomes.append((statement, e.sqlstate,
                                 (e.diag.message_primary or "").replace(schema, "NS")))
        outcomes.append(("owner's rows", "ok", owner.execute("SELECT * FROM mine").fetchall()))
        owner.execute("DROP TABLE mine")
    return outcomes


def test_other_sessions_are_refused_as_postgresql_refuses_them(pgsnake_server, oracle):
    expected = _other_session_outcomes(oracle)
    actual = _other_session_outcomes(pgsnake_server)
    assert actual == expected


@pytest.mark.parametrize("kind", KINDS)
def test_session_end_removes_temp_objects_and_files(request, kind):
    server = _server(request, kind)
    with _connect(server) as watcher:
        conn = _connect(server)
        conn.execute("CREATE TEMP TABLE gone (id int PRIMARY KEY, tag text, big text)")
        conn.execute("CREATE INDEX gone_tag ON gone (tag)")
        conn.execute("INSERT INTO gone SELECT g, g::text, repeat(md5(g::text), 300) "
                     "FROM generate_series(1, 50) g")          # TOASTed values
        conn.execute("CREATE TEMP SEQUENCE gone_seq")
        conn.execute("CREATE TEMP VIEW gone_view AS SELECT id FROM gone")
        namespace, toast_namespace = conn.execute(
            "SELECT pg_my_temp_schema(), (SELECT oid FROM pg_namespace WHERE nspname = "
            "replace(pg_my_temp_schema()::regnamespace::text, 'pg_temp', 'pg_toast_temp'))"
        ).fetchone()
        database_oid = conn.execute(
            "SELECT oid FROM pg_database WHERE datname = current_database()").fetchone()[0]
        paths = [r[0] for r in conn.execute(
            "SELECT pg_relation_filepath(c.oid) FROM pg_class c "
            "WHERE c.relnamespace IN (%s, %s) AND c.relkind IN ('r', 'i', 't', 'S')",
            (namespace, toast_namespace)).fetchall()]
        assert len(paths) >= 5          # table, two indexes, sequence, TOAST table + index
        for path in paths:
            assert re.fullmatch(r"base/\d+/t\d+_\d+", path), path
            assert os.path.exists(os.path.join(server.datadir, path)), path
        assert len(_rows_in(watcher, toast_namespace)) == 2
        conn.close()
        # The backend drops them after the client has gone: wait for it.
        assert _wait_until(lambda: not _rows_in(watcher, namespace)
                           and not _rows_in(watcher, toast_namespace)), \
            _rows_in(watcher, namespace) + _rows_in(watcher, toast_namespace)
        assert _wait_until(lambda: not any(os.path.exists(os.path.join(server.datadir, p))
                                           for p in paths))
        # The schemas stay for the next backend with the same id, as PostgreSQL's do.
        assert watcher.execute("SELECT count(*) FROM pg_namespace WHERE oid IN (%s, %s)",
                               (namespace, toast_namespace)).fetchone() == (2,)
        assert not [name for name in _temp_files(server, database_oid)
                    if any(p.endswith("/" + name.split(".")[0]) for p in paths)]


def _rolled_back_creation_forgets_the_schema(server):
    """On a fresh cluster (no pg_temp_N yet): the savepoint or transaction that made the
    temp schema rolls back, and the next temp table makes it again."""
    with _connect(server) as conn:
        conn.execute("BEGIN")
        conn.execute("SAVEPOINT s")
        conn.execute("CREATE TEMP TABLE first_try (a int)")
        conn.execute("ROLLBACK TO s")
        conn.execute("CREATE TEMP TABLE second_try (a int)")
        conn.execute("INSERT INTO second_try VALUES (1)")
        conn.execute("COMMIT")
        assert conn.execute("SELECT count(*) FROM second_try").fetchone() == (1,)
        assert conn.execute("SELECT count(*) FROM pg_namespace "
                            "WHERE oid = pg_my_temp_schema()").fetchone() == (1,)
    with _connect(server) as conn:
        conn.execute("BEGIN")
        conn.execute("CREATE TEMP TABLE rolled (a int)")
        conn.execute("ROLLBACK")
        assert conn.execute("SELECT pg_my_temp_schema()").fetchone() == (0,) or \
            conn.execute("SELECT count(*) FROM pg_namespace "
                         "WHERE oid = pg_my_temp_schema()").fetchone() == (1,)
        conn.execute("CREATE TEMP TABLE again (a int)")
        assert conn.execute("SELECT relpersistence FROM pg_class "
                            "WHERE relname = 'again'").fetchone() == ("t",)


def _crash_and_take_over(server):
    """kill -9 a backend with temp tables; after the crash restart its files are gone
    and the next backend with its id empties its stale schema."""
    conn = _connect(server)
    conn.execute("CREATE TEMP TABLE crashed (id int PRIMARY KEY, t text)")
    conn.execute("INSERT INTO crashed SELECT g, repeat('y', 3000) FROM generate_series(1, 20) g")
    conn.execute("CHECKPOINT")        # the catalog rows are on disk, the pages written
    schema = conn.execute("SELECT pg_my_temp_schema()::regnamespace::text").fetchone()[0]
    database_oid = conn.execute(
        "SELECT oid FROM pg_database WHERE datname = current_database()").fetchone()[0]
    conn.execute("SELECT count(*) FROM crashed")
    assert _temp_files(server, database_oid)
    pid = conn.info.backend_pid
    assert not processes.kill_and_wait([pid], signal.SIGKILL)
    conn.close()

    def reconnect():
        try:
            return _connect(server)
        except psycopg.OperationalError:
            return None
    fresh = _wait_until(reconnect, timeout=60)
    assert fresh is not None, "the server did not come back after the crash"
    with fresh:
        assert _temp_files(server, database_oid) == []
        # The stale rows are still in the catalog until the schema is taken over.
        stale = fresh.execute(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s", (schema,)).fetchone()[0]
        assert stale >= 2                  # the table and its primary key index
        taken_over = None
        for attempt in range(5):           # the first backend after a restart reuses the id
            candidate = fresh if attempt == 0 else _connect(server)
            candidate.execute("CREATE TEMP TABLE newcomer (a int)")
            mine = candidate.execute(
                "SELECT pg_my_temp_schema()::regnamespace::text").fetchone()[0]
            if mine == schema:
                taken_over = candidate
                break
        assert taken_over is not None, f"no backend took over {schema}"
        assert _rows_in(taken_over, taken_over.execute(
            "SELECT pg_my_temp_schema()").fetchone()[0]) == ["newcomer"]
        toast = taken_over.execute(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s", (schema.replace("pg_temp", "pg_toast_temp"),)).fetchone()
        assert toast == (0,)


@pytest.mark.slow
@pytest.mark.parametrize("kind", KINDS)
def test_crash_leaves_no_temp_files_and_stale_rows_are_removed(kind, make_pgsnake_server,
                                                               make_oracle_server):
    make = make_pgsnake_server if kind == "pgsnake" else make_oracle_server
    server = make()
    _rolled_back_creation_forgets_the_schema(server)
    _crash_and_take_over(server)


def test_start_up_removes_orphaned_temp_files(tmp_path, monkeypatch):
    from pgsnake.storage.smgr import temp_relation_files
    database = tmp_path / "base" / "5"
    database.mkdir(parents=True)
    spill = tmp_path / "base" / "pgsql_tmp"
    spill.mkdir()
    orphans = ["t3_16384", "t3_16384_fsm", "t3_16384_vm", "t3_16384.1", "t12_20000_init"]
    keep = ["16384", "16384_fsm", "t3", "tx_16384", "PG_VERSION", "pg_filenode.map"]
    for name in orphans + keep:
        (database / name).write_bytes(b"x")
    (spill / "pgsql_tmp1234.0").write_bytes(b"x")
    monkeypatch.chdir(tmp_path)
    assert temp_relation_files.remove_temp_files() == len(orphans) + 1
    assert sorted(os.listdir(database)) == sorted(keep)
    assert os.listdir(spill) == []


PSQL_SETUP = ("CREATE TEMP TABLE psql_temp_t (a int PRIMARY KEY, b text NOT NULL DEFAULT 'x')",
              "CREATE TEMP VIEW psql_temp_v AS SELECT a FROM psql_temp_t",
              "CREATE TEMP SEQUENCE psql_temp_s")


PSQL_COMMANDS = (r"\dt psql_temp*", r"\dv psql_temp*", r"\ds psql_temp*", r"\d psql_temp_t",
                 r"\dt pg_temp*.psql_temp*")


def test_psql_lists_temp_objects_in_pg_temp_n(oracle, pgsnake_server):
    from harness.psql_runner import psql_path, run_psql
    if psql_path() is None:
        pytest.skip("psql not installed")
    extra = tuple(arg for statement in PSQL_SETUP + PSQL_COMMANDS[:-1]
                  for arg in ("-c", statement))
    outputs = []
    for server in (oracle, pgsnake_server):
        result = run_psql(server, PSQL_COMMANDS[-1], unaligned=False, extra_args=extra)
        assert result.returncode == 0, (server.kind, result.stderr)
        outputs.append(re.sub(r"pg_temp_\d+", "pg_temp_N", result.stdout))
    assert outputs[0].count("pg_temp_N") >= 5
    assert outputs[1] == outputs[0]
