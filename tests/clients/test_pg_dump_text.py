"""The real pg_dump (PostgreSQL 15's binary) dumps a pgsnake schema as it dumps the same
schema from PostgreSQL 15: the same text, line for line, for the DDL (-s) and for the
data (-a). Only the server's version banner and psql's random \\restrict key differ.

What this proves: the catalogs pg_dump reads are filled as PostgreSQL fills them.
pg_depend decides the dump's order and whether a serial column's default is dumped
inline or as a separate ALTER TABLE (it needs the sequence, which needs the table);
pg_init_privs decides which ACLs are initdb's and so not dumped; defaults, CHECK
constraints and views are printed by pg_get_expr / pg_get_constraintdef /
pg_get_viewdef with search_path = ''."""
from __future__ import annotations

import re
import shutil
import subprocess

import psycopg
import pytest

from harness.servers import PG_BIN_FALLBACK

SCHEMA = "dump_text"
DDL = f"""
DROP SCHEMA IF EXISTS {SCHEMA} CASCADE;
CREATE SCHEMA {SCHEMA};
SET search_path = {SCHEMA};
CREATE FUNCTION add1(int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT $1 + 1';
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE authors (id serial PRIMARY KEY, name text NOT NULL,
                      email varchar(100) UNIQUE, rank int DEFAULT add1(0));
CREATE TABLE books (id bigserial PRIMARY KEY,
                    author_id int REFERENCES authors (id) ON DELETE CASCADE,
                    title text, price numeric(10,2) DEFAULT 0 CHECK (price >= 0),
                    published date, m mood,
                    n int GENERATED ALWAYS AS IDENTITY);
CREATE INDEX books_title_idx ON books (title);
CREATE VIEW cheap_books AS SELECT id, title FROM books WHERE price < 10;
CREATE SEQUENCE s1 START 5 INCREMENT 2;
COMMENT ON TABLE books IS 'the books';
INSERT INTO authors (name, email) VALUES ('a', 'a@x'), ('b', 'b@x');
INSERT INTO books (author_id, title, price, m) VALUES (1, 't1', 5, 'ok'), (2, 't2', 15, NULL);
"""


def _pg_dump() -> str | None:
    return shutil.which("pg_dump") or (
        f"{PG_BIN_FALLBACK}/pg_dump" if shutil.os.path.exists(f"{PG_BIN_FALLBACK}/pg_dump")
        else None)


def _dump(server, *options: str) -> list[str]:
    with psycopg.connect(server.dsn, autocommit=True) as conn:
        conn.execute(DDL)
    done = subprocess.run([_pg_dump(), "-n", SCHEMA, *options, server.dsn],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    text = re.sub(r"^\\(un)?restrict \S+$", r"\\\1restrict KEY", done.stdout, flags=re.M)
    text = re.sub(r"^-- Dumped from database version .*$", "-- Dumped from", text, flags=re.M)
    return text.splitlines()


@pytest.mark.skipif(_pg_dump() is None, reason="pg_dump not installed")
@pytest.mark.parametrize("options", [("-s",), ("-a",)], ids=["schema", "data"])
def test_pg_dump_prints_what_it_prints_for_postgresql(oracle, pgsnake_server, options):
    expected = _dump(oracle, *options)
    assert any(line.startswith("CREATE TABLE") or line.startswith("COPY")
               for line in expected)
    assert _dump(pgsnake_server, *options) == expected
