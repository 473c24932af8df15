"""Large objects through the real client tools, on pgsnake and on PostgreSQL 15 alike:
psql's \\lo_import / \\lo_export / \\lo_list / \\lo_unlink (libpq's client-side
large-object calls: lo_creat, lo_open, lowrite, loread, lo_close through the
FunctionCall message), pg_dump of a database holding large objects (their metadata,
comments, ACLs and data), and pg_restore of PostgreSQL 15's custom archive into pgsnake.
"""
from __future__ import annotations

import os
import re
import subprocess

import psycopg
import pytest

from harness.psql_runner import psql_path
from test_pg_dump_text import _pg_dump

DATABASE_SETUP = """
CREATE ROLE regress_lo_client;
SELECT lo_from_bytea(91001, convert_to(repeat('large object data ', 500), 'UTF8'));
SELECT lo_create(91002);
COMMENT ON LARGE OBJECT 91001 IS 'dumped';
GRANT SELECT ON LARGE OBJECT 91001 TO regress_lo_client;
ALTER LARGE OBJECT 91002 OWNER TO regress_lo_client;
"""


def _psql(server, script: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env.update(LC_ALL="C", LANG="C")
    return subprocess.run(
        [psql_path(), "-X", "-h", server.host, "-p", str(server.port), "-U", server.user,
         "-d", server.dbname, "-v", "ON_ERROR_STOP=1", "-f", "-"],
        input=script, capture_output=True, text=True, timeout=60, env=env)


def _client_round_trip(server, directory: str) -> dict:
    source = os.path.join(directory, "source.bin")
    exported = os.path.join(directory, f"exported-{server.port}.bin")
    script = (
        f"\\lo_import {source} 'regress client import'\n"
        "\\echo imported :LASTOID\n"
        "SELECT pageno, length(data) FROM pg_largeobject WHERE loid = :LASTOID ORDER BY 1;\n"
        "\\lo_list\n"
        f"\\lo_export :LASTOID {exported}\n"
        "\\lo_unlink :LASTOID\n"
        "\\lo_list+\n"
        "\\lo_unlink 4000000000\n")
    done = _psql(server, script)
    found = re.search(r"^imported (\d+)$", done.stdout, flags=re.M)
    assert found, done.stdout + done.stderr
    oid = found.group(1)
    with open(exported, "rb") as f:
        data = f.read()
    return {"rc": done.returncode, "stdout": done.stdout.replace(oid, "<oid>"),
            "stderr": done.stderr.replace(oid, "<oid>"), "data": data}


@pytest.mark.skipif(psql_path() is None, reason="psql not installed")
def test_psql_large_object_commands_match_oracle(oracle, pgsnake_server, tmp_path):
    with open(tmp_path / "source.bin", "wb") as f:
        f.write(bytes(range(256)) * 21 + b"end")          # 5379 bytes: three pages
    expected = _client_round_trip(oracle, str(tmp_path))
    actual = _client_round_trip(pgsnake_server, str(tmp_path))
    assert "lo_export" in expected["stdout"] and "does not exist" in expected["stderr"], expected
    assert expected["data"] == (tmp_path / "source.bin").read_bytes()
    assert actual == expected


def _fresh_database(server, name: str) -> str:
    with psycopg.connect(server.dsn, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute("DROP ROLE IF EXISTS regress_lo_client")
        conn.execute(f"CREATE DATABASE {name}")
    return re.sub(r"dbname=\S+", f"dbname={name}", server.dsn)


def _dump(dsn: str) -> list[str]:
    done = subprocess.run([_pg_dump(), dsn], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    text = re.sub(r"^\\(un)?restrict \S+$", r"\\\1restrict KEY", done.stdout, flags=re.M)
    text = re.sub(r"^-- Dumped from database version .*$", "-- Dumped from", text, flags=re.M)
    return text.splitlines()


def _drop(server, name: str) -> None:
    with psycopg.connect(server.dsn, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute("DROP ROLE IF EXISTS regress_lo_client")


def _filled_database(server, name: str) -> str:
    dsn = _fresh_database(server, name)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(DATABASE_SETUP)
    return dsn


@pytest.mark.skipif(_pg_dump() is None, reason="pg_dump not installed")
def test_pg_dump_of_large_objects_matches_oracle(oracle, pgsnake_server):
    expected = _dump(_filled_database(oracle, "regress_lo_dump"))
    actual = _dump(_filled_database(pgsnake_server, "regress_lo_dump"))
    assert any("lo_open('91001'" in line for line in expected), expected
    assert actual == expected
    for server in (oracle, pgsnake_server):
        _drop(server, "regress_lo_dump")


@pytest.mark.skipif(_pg_dump() is None, reason="pg_dump not installed")
@pytest.mark.slow
def test_postgresql_archive_of_large_objects_restores_into_pgsnake(oracle, pgsnake_server,
                                                                   tmp_path):
    oracle_dsn = _filled_database(oracle, "regress_lo_dump")
    expected = _dump(oracle_dsn)
    archive = str(tmp_path / "oracle.dump")
    done = subprocess.run([_pg_dump(), "-Fc", "-f", archive, oracle_dsn],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    target = _fresh_database(pgsnake_server, "regress_lo_restore")
    with psycopg.connect(pgsnake_server.dsn, autocommit=True) as conn:
        conn.execute("CREATE ROLE regress_lo_client")
    done = subprocess.run([_pg_dump()[:-len("pg_dump")] + "pg_restore", "-d", target, archive],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert _dump(target) == expected
    _drop(pgsnake_server, "regress_lo_restore")
    _drop(oracle, "regress_lo_dump")
