"""pgsnake.testing.Server, the plain API behind the pytest plugin: start, connection
strings, a database per test from a template, errors with their SQLSTATE, stop removes
everything."""
from __future__ import annotations

import os

import psycopg
import pytest

from pgsnake.testing import AdminError, Server, ServerError


@pytest.fixture(scope="module")
def server():
    with Server(settings={"autovacuum": "off"}) as running:
        yield running


def test_dsn_and_url_reach_the_server(server):
    with psycopg.connect(server.dsn()) as conn:
        assert conn.execute("SELECT current_database(), current_user").fetchone() == (
            "postgres", "postgres")
        assert conn.execute("SHOW autovacuum").fetchone() == ("off",)
    assert server.url("shop", driver="psycopg") == (
        f"postgresql+psycopg://postgres@127.0.0.1:{server.port}/shop")
    # The Unix socket in the server's own directory works too.
    with psycopg.connect(host=server.socket_dir, port=server.port, user="postgres",
                         dbname="postgres") as conn:
        assert conn.execute("SELECT 1").fetchone() == (1,)


def test_databases_are_copies_of_their_template(server):
    template = server.create_database("api_template")
    with psycopg.connect(server.dsn(template), autocommit=True) as conn:
        conn.execute("CREATE TABLE t (x int)")
        conn.execute("INSERT INTO t VALUES (1), (2)")
    first = server.create_database(template=template)
    second = server.create_database(template=template)
    assert first != second
    with psycopg.connect(server.dsn(first), autocommit=True) as conn:
        conn.execute("INSERT INTO t VALUES (3)")
        assert conn.execute("SELECT sum(x) FROM t").fetchone() == (6,)
    with psycopg.connect(server.dsn(second)) as conn:
        assert conn.execute("SELECT sum(x) FROM t").fetchone() == (3,)
        # Dropping a database ends the sessions still connected to it.
        server.drop_database(second)
        with pytest.raises(psycopg.OperationalError):
            conn.execute("SELECT 1")
    for name in (first, template):
        server.drop_database(name)
    with psycopg.connect(server.dsn()) as conn:
        left = conn.execute("SELECT count(*) FROM pg_database WHERE datname IN (%s, %s, %s)",
                            (template, first, second)).fetchone()
    assert left == (0,)


def test_errors_carry_postgresqls_sqlstate(server):
    with pytest.raises(AdminError) as refused:
        server.execute("SELECT 1/0")
    assert refused.value.sqlstate == "22012"
    with pytest.raises(AdminError) as missing:
        server.execute("SELECT 1", dbname="no_such_database")
    assert (missing.value.sqlstate, str(missing.value)) == (
        "3D000", '3D000: database "no_such_database" does not exist')
    server.execute("SELECT 1")  # the server is still there


def test_stop_removes_the_cluster():
    server = Server(initdb_cache=False).start()
    directory, port = server.directory, server.port
    assert os.path.exists(os.path.join(directory, "data", "PG_VERSION"))
    server.stop()
    assert not os.path.exists(directory) and not server.running
    with pytest.raises(ServerError):
        server.dsn()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(host="127.0.0.1", port=port, user="postgres", connect_timeout=5)


def test_initdb_runs_once_and_each_server_gets_its_own_copy(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    with Server() as first:
        cached = os.listdir(tmp_path / "pgsnake" / "initdb")
        assert len(cached) == 1
        assert (tmp_path / "pgsnake" / "initdb" / cached[0] / "PG_VERSION").exists()
        first.execute("CREATE TABLE only_in_first (x int)")
        with Server() as second:   # copied from the cache: no second entry
            assert os.listdir(tmp_path / "pgsnake" / "initdb") == cached
            with psycopg.connect(second.dsn()) as conn:
                assert conn.execute(
                    "SELECT count(*) FROM pg_class WHERE relname = 'only_in_first'"
                ).fetchone() == (0,)
    # The cached cluster itself was never started: it has no postmaster.pid.
    assert not (tmp_path / "pgsnake" / "initdb" / cached[0] / "postmaster.pid").exists()
