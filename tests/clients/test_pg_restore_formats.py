"""pg_dump's archive formats restored by the real pg_restore: a pgsnake database dumped
in custom (-Fc) and directory (-Fd, restored with -j 2) format restores into a fresh
pgsnake database with no error, and a PostgreSQL 15 database dumped in custom format
restores into pgsnake. The restored database dumps (-s and -a) as the source did.

A restore runs what pg_dump wrote: CREATE FUNCTION with check_function_bodies = off
(bodies name tables made later), identity columns as ALTER TABLE ... ADD GENERATED ...
AS IDENTITY (SEQUENCE NAME ...), setval, COPY, REFRESH MATERIALIZED VIEW, and the
constraints and indexes after the data. All three run in the slow tier (each restore is
many seconds of DDL); test_pg_dump_text.py keeps the dump side in the default tier."""
from __future__ import annotations

import re
import subprocess

import psycopg
import pytest

from test_pg_dump_text import DDL, SCHEMA, _pg_dump

PG_RESTORE_MISSING = _pg_dump() is None


def _tool(name: str) -> str:
    return _pg_dump()[:-len("pg_dump")] + name


def _database_dsn(server, name: str) -> str:
    return re.sub(r"dbname=\S+", f"dbname={name}", server.dsn)


def _fresh_database(server, name: str) -> str:
    with psycopg.connect(server.dsn, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    return _database_dsn(server, name)


def _dump_text(dsn: str, option: str) -> list[str]:
    done = subprocess.run([_pg_dump(), option, "-n", SCHEMA, dsn], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return [line for line in done.stdout.splitlines()
            if not line.startswith(("\\restrict", "\\unrestrict"))]


def _dump_and_restore(source, source_dsn: str, target, fmt: str, tmp_path) -> str:
    archive = str(tmp_path / f"archive-{fmt}")
    done = subprocess.run([_pg_dump(), "-F", fmt, "-n", SCHEMA, "-f", archive, source_dsn],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    target_dsn = _fresh_database(target, f"restore_{fmt}")
    jobs = ["-j", "2"] if fmt == "d" else []
    done = subprocess.run([_tool("pg_restore"), *jobs, "-d", target_dsn, archive],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return target_dsn


@pytest.mark.skipif(PG_RESTORE_MISSING, reason="pg_dump / pg_restore not installed")
@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["c", "d"])
def test_a_pgsnake_archive_restores_into_pgsnake(pgsnake_server, fmt, tmp_path):
    with psycopg.connect(pgsnake_server.dsn, autocommit=True) as conn:
        conn.execute(DDL)
    target_dsn = _dump_and_restore(pgsnake_server, pgsnake_server.dsn, pgsnake_server, fmt,
                                   tmp_path)
    for option in ("-s", "-a"):
        assert _dump_text(target_dsn, option) == _dump_text(pgsnake_server.dsn, option)
    with psycopg.connect(target_dsn) as conn:     # the identity sequence was setval'ed
        conn.execute(f"SET search_path = {SCHEMA}")
        (new_id,) = conn.execute("INSERT INTO acct (owner) VALUES ('z') RETURNING id").fetchone()
        assert new_id == 3


@pytest.mark.slow
@pytest.mark.skipif(PG_RESTORE_MISSING, reason="pg_dump / pg_restore not installed")
def test_a_postgresql_archive_restores_into_pgsnake(oracle, pgsnake_server, tmp_path):
    with psycopg.connect(oracle.dsn, autocommit=True) as conn:
        conn.execute(DDL)
    target_dsn = _dump_and_restore(oracle, oracle.dsn, pgsnake_server, "c", tmp_path)
    for option in ("-s", "-a"):
        expected = [line for line in _dump_text(oracle.dsn, option)
                    if not line.startswith("-- Dumped from")]
        actual = [line for line in _dump_text(target_dsn, option)
                  if not line.startswith("-- Dumped from")]
        assert actual == expected
