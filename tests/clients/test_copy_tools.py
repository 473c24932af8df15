"""COPY through the real client tools, on pgsnake and on PostgreSQL 15 alike: psql's
\\copy both ways (files on the client side), asyncpg's binary copy_records_to_table /
copy_from_table, and pgbench -i (its COPY ... FROM STDIN WITH (FREEZE ON) after a
TRUNCATE in the same transaction)."""
from __future__ import annotations

import asyncio
import os
import shutil
import subprocess

import pytest

from harness.psql_runner import psql_path, run_psql
from harness.servers import PG_BIN_FALLBACK


def _psql_copy_round_trip(server, directory) -> dict:
    out_file = os.path.join(directory, f"out-{server.port}.csv")
    in_file = os.path.join(directory, "in.txt")
    with open(in_file, "w") as f:
        f.write("1\tone\n2\t\\N\n3\ttab\\there\n")
    script = (
        "drop table if exists tool_copy;\n"
        "create table tool_copy (id int primary key, label text);\n"
        f"\\copy tool_copy from '{in_file}'\n"
        f"\\copy tool_copy to '{out_file}' with (format csv, header)\n"
        "\\copy (select id * 10, upper(label) from tool_copy order by id) to stdout\n"
        "\\copy tool_copy from stdin\n"
        "select count(*) from tool_copy;\n"
        "drop table tool_copy;\n"
    )
    path = psql_path()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env.update(LC_ALL="C", LANG="C")
    done = subprocess.run(
        [path, "-X", "-A", "-h", server.host, "-p", str(server.port), "-U", server.user,
         "-d", server.dbname, "-v", "ON_ERROR_STOP=1", "-f", "-"],
        input=script.replace("\\copy tool_copy from stdin\n",
                             "\\copy tool_copy from stdin\n4\tfour\n\\.\n"),
        capture_output=True, text=True, timeout=60, env=env)
    with open(out_file) as f:
        written = f.read()
    return {"rc": done.returncode, "stdout": done.stdout, "stderr": done.stderr,
            "file": written}


@pytest.mark.skipif(psql_path() is None, reason="psql not installed")
def test_psql_backslash_copy_matches_oracle(oracle, pgsnake_server, tmp_path):
    expected = _psql_copy_round_trip(oracle, str(tmp_path))
    actual = _psql_copy_round_trip(pgsnake_server, str(tmp_path))
    assert expected["rc"] == 0, expected
    assert actual == expected


def test_asyncpg_binary_copy_matches_oracle(oracle, pgsnake_server):
    asyncpg = pytest.importorskip("asyncpg")

    async def session(server):
        conn = await asyncpg.connect(host=server.host, port=server.port, user=server.user,
                                     database=server.dbname)
        try:
            await conn.execute("DROP TABLE IF EXISTS tool_ap")
            await conn.execute("CREATE TABLE tool_ap (id int8, name text, f float8, ok bool)")
            status = await conn.copy_records_to_table(
                "tool_ap", records=[(1, "a", 0.5, True), (2, None, None, False)])
            rows = [tuple(r) for r in await conn.fetch("SELECT * FROM tool_ap ORDER BY id")]
            sink = bytearray()

            async def collect(chunk):
                sink.extend(chunk)
            out_status = await conn.copy_from_table("tool_ap", output=collect, format="csv")
            await conn.execute("DROP TABLE tool_ap")
            return status, rows, out_status, sorted(bytes(sink).splitlines())
        finally:
            await conn.close()

    assert asyncio.run(session(pgsnake_server)) == asyncio.run(session(oracle))


def _pgbench() -> str | None:
    candidate = os.path.join(PG_BIN_FALLBACK, "pgbench")
    return candidate if os.access(candidate, os.X_OK) else shutil.which("pgbench")


def _pgbench_init(server) -> list:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    # Steps d(rop) t(ables) g(enerate: the COPY) p(rimary keys); the default also runs
    # v(acuum), which is not COPY's business.
    done = subprocess.run([_pgbench(), "-i", "-s", "1", "-I", "dtgp", "-h", server.host,
                           "-p", str(server.port), "-U", server.user, server.dbname],
                          capture_output=True, text=True, timeout=600, env=env)
    assert done.returncode == 0, done.stderr
    rows = run_psql(server, "select (select count(*) from pgbench_accounts), "
                            "(select sum(aid) from pgbench_accounts), "
                            "(select count(*) from pgbench_branches), "
                            "(select count(*) from pgbench_tellers), "
                            "(select max(length(filler)) from pgbench_accounts)")
    return [rows.stdout]


@pytest.mark.slow
@pytest.mark.skipif(_pgbench() is None, reason="pgbench not installed")
def test_pgbench_initialisation_loads_like_postgres(oracle, pgsnake_server):
    assert _pgbench_init(pgsnake_server) == _pgbench_init(oracle)


def _tool(name: str) -> str | None:
    candidate = os.path.join(PG_BIN_FALLBACK, name)
    return candidate if os.access(candidate, os.X_OK) else shutil.which(name)


@pytest.mark.skipif(_tool("pg_dump") is None or psql_path() is None,
                    reason="pg_dump / psql not installed")
def test_pg_dump_of_postgres_restores_into_pgsnake(oracle, pgsnake_server):
    """A plain pg_dump of a PostgreSQL table, restored with psql: its COPY ... FROM stdin
    block loads the rows (escapes, NULLs, line breaks) exactly."""
    setup = ("drop table if exists dumped; create table dumped (id int primary key, "
             "name text, price numeric(8,2), note text); insert into dumped values "
             "(1, E'tab\\there', 1.5, null), (2, E'multi\\nline', 20, E'x\\\\y'), "
             "(3, '', 0, '\\N')")
    assert run_psql(oracle, setup).returncode == 0
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    dump = subprocess.run([_tool("pg_dump"), "-h", oracle.host, "-p", str(oracle.port),
                           "-U", oracle.user, "-t", "dumped", oracle.dbname],
                          capture_output=True, text=True, timeout=60, env=env, check=True)
    run_psql(pgsnake_server, "drop table if exists dumped")
    restore = subprocess.run([psql_path(), "-X", "-h", pgsnake_server.host, "-p",
                              str(pgsnake_server.port), "-U", pgsnake_server.user,
                              "-d", pgsnake_server.dbname, "-f", "-"],
                             input=dump.stdout, capture_output=True, text=True, timeout=60,
                             env=env)
    assert "COPY 3" in restore.stdout, restore.stderr
    query = "copy (select * from dumped order by id) to stdout"
    assert run_psql(pgsnake_server, query).stdout == run_psql(oracle, query).stdout
    for server in (oracle, pgsnake_server):
        run_psql(server, "drop table dumped")
