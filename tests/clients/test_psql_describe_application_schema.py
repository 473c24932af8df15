"""psql's describe commands over an application-like schema (enum, composite, domain and
range types; serial, identity and generated columns; CHECK, UNIQUE, FOREIGN KEY and
INCLUDE / partial / expression / GIN indexes; views, a materialized view, sequences, SQL
and PL/pgSQL functions, a procedure and a trigger; grants with column privileges; a
partitioned table, an inheritance child, an unlogged table with storage options;
comments): every command prints on pgsnake exactly what it prints on PostgreSQL 15, and
pg_dump of the schema prints the same text (version lines aside). The
catalogs are the source of truth for all of it (issue 9's psql item)."""
from __future__ import annotations

import os
import re
import subprocess

import pytest

from harness.psql_runner import psql_path, run_psql_script

SCHEMA = r"""
CREATE SCHEMA regress_app;
COMMENT ON SCHEMA regress_app IS 'application schema';
CREATE TYPE regress_app.mood AS ENUM ('sad', 'ok', 'happy');
CREATE TYPE regress_app.pair AS (x int, y text);
CREATE DOMAIN regress_app.posint AS integer CHECK (VALUE > 0);
COMMENT ON DOMAIN regress_app.posint IS 'positive integers';
CREATE TYPE regress_app.floatrange AS RANGE (subtype = float8);
CREATE TABLE regress_app.author (id serial PRIMARY KEY, name text NOT NULL UNIQUE, born date, mood regress_app.mood DEFAULT 'ok', CONSTRAINT name_len CHECK (length(name) > 1));
COMMENT ON TABLE regress_app.author IS 'people who write';
COMMENT ON COLUMN regress_app.author.name IS 'full name';
CREATE TABLE regress_app.book (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, author_id int NOT NULL REFERENCES regress_app.author(id) ON DELETE CASCADE, title varchar(200) NOT NULL, pages regress_app.posint, price numeric(8,2) DEFAULT 9.99, title_upper text GENERATED ALWAYS AS (upper(title)) STORED, tags text[], meta jsonb);
CREATE INDEX book_title_idx ON regress_app.book (lower(title));
CREATE INDEX book_author_idx ON regress_app.book (author_id) WHERE pages > 100;
CREATE INDEX book_tags_idx ON regress_app.book USING gin (tags);
CREATE UNIQUE INDEX book_title_author_idx ON regress_app.book (author_id, title) INCLUDE (price);
CREATE SEQUENCE regress_app.ticket_seq START 100 INCREMENT 5 CACHE 10;
CREATE VIEW regress_app.long_books AS SELECT b.id, b.title, a.name FROM regress_app.book b JOIN regress_app.author a ON a.id = b.author_id WHERE b.pages > 300;
COMMENT ON VIEW regress_app.long_books IS 'books over 300 pages';
CREATE MATERIALIZED VIEW regress_app.book_counts AS SELECT author_id, count(*) AS n FROM regress_app.book GROUP BY author_id;
CREATE FUNCTION regress_app.add(a int, b int DEFAULT 1) RETURNS int LANGUAGE sql IMMUTABLE STRICT AS 'SELECT a + b';
COMMENT ON FUNCTION regress_app.add(int, int) IS 'adds';
CREATE FUNCTION regress_app.touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.price := coalesce(NEW.price, 0); RETURN NEW; END$$;
CREATE TRIGGER book_touch BEFORE INSERT OR UPDATE ON regress_app.book FOR EACH ROW EXECUTE FUNCTION regress_app.touch();
CREATE PROCEDURE regress_app.noop(x int) LANGUAGE plpgsql AS $$BEGIN NULL; END$$;
CREATE ROLE regress_app_reader NOLOGIN;
GRANT USAGE ON SCHEMA regress_app TO regress_app_reader;
GRANT SELECT ON regress_app.book, regress_app.author TO regress_app_reader;
GRANT SELECT (name) ON regress_app.author TO PUBLIC;
GRANT USAGE ON SEQUENCE regress_app.ticket_seq TO regress_app_reader;
CREATE TABLE regress_app.event (id int, at timestamptz NOT NULL, payload text) PARTITION BY RANGE (at);
CREATE TABLE regress_app.event_2026 PARTITION OF regress_app.event FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE TABLE regress_app.child (extra int) INHERITS (regress_app.author);
CREATE UNLOGGED TABLE regress_app.scratch (k text PRIMARY KEY, v bytea) WITH (fillfactor = 70);
ALTER TABLE regress_app.book ALTER COLUMN meta SET STORAGE EXTERNAL;
ALTER TABLE regress_app.author ALTER COLUMN born SET STATISTICS 500;
"""

DESCRIBE = r"""
\dn
\dn+
\dt regress_app.*
\dt+ regress_app.*
\di regress_app.*
\dv regress_app.*
\dm regress_app.*
\ds regress_app.*
\ds+ regress_app.*
\df regress_app.*
\df+ regress_app.*
\dT regress_app.*
\dT+ regress_app.*
\dD regress_app.*
\dp regress_app.*
\dd regress_app.*
\d regress_app.author
\d+ regress_app.author
\d regress_app.book
\d+ regress_app.book
\d regress_app.long_books
\d+ regress_app.long_books
\d regress_app.book_counts
\d regress_app.ticket_seq
\d regress_app.book_title_idx
\d+ regress_app.book_title_author_idx
\d regress_app.event
\d+ regress_app.event
\d regress_app.event_2026
\d regress_app.child
\d+ regress_app.scratch
\sf regress_app.add
\sf+ regress_app.touch
\sv regress_app.long_books
\sv+ regress_app.long_books
\du regress_app_reader
\dg regress_app_reader
\dconfig work_mem
\dconfig+ work_mem
\da regress_app.*
\dy
\dE regress_app.*
\des
\dL
\dc
\dC int4
\do regress_app.*
\dO
\drds
\z regress_app.book
\ddp
\dRp
\dRs
\det
\dA
\dAc btree int4
\dAf hash
\drg
"""

CLEANUP = r"""
DROP SCHEMA IF EXISTS regress_app CASCADE;
DROP ROLE IF EXISTS regress_app_reader;
"""


DATA = r"""
INSERT INTO regress_app.author (name, born) VALUES ('ann', '1970-01-02'), ('bob', NULL);
INSERT INTO regress_app.book (author_id, title, pages, tags, meta)
    VALUES (1, 'T1', 120, '{a,b}', '{"k": 1}');
SELECT setval('regress_app.ticket_seq', 150);
"""


def _dump(server, *args: str) -> str:
    """pg_dump of the schema, without the lines that differ by nature: the server's
    version string and the random \\restrict key."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env.update(LC_ALL="C", LANG="C")
    pg_dump = os.path.join(os.path.dirname(psql_path()), "pg_dump")
    done = subprocess.run([pg_dump, "-h", server.host, "-p", str(server.port), "-U",
                           server.user, "-n", "regress_app", *args, server.dbname],
                          capture_output=True, text=True, timeout=120, env=env)
    text = re.sub(r"^(\\(un)?restrict|-- Dumped from).*$", "", done.stdout, flags=re.M)
    return text + done.stderr


@pytest.fixture(scope="module")
def application_schema(oracle, pgsnake_server):
    """The schema and a few rows, made on both servers, dropped after the module."""
    if psql_path() is None:
        pytest.skip("psql not installed")
    try:
        for server in (oracle, pgsnake_server):
            run_psql_script(server, CLEANUP)
            made = run_psql_script(server, SCHEMA + DATA)
            assert "ERROR" not in made, made
        yield oracle, pgsnake_server
    finally:
        for server in (oracle, pgsnake_server):
            run_psql_script(server, CLEANUP)


def test_describe_commands_on_an_application_schema_match_oracle(application_schema):
    oracle, pgsnake_server = application_schema
    expected = run_psql_script(oracle, DESCRIBE)
    assert 'Table "regress_app.book"' in expected
    assert "generated always as (upper(title::text)) stored" in expected
    assert run_psql_script(pgsnake_server, DESCRIBE) == expected


def test_pg_dump_of_an_application_schema_matches_oracle(application_schema):
    oracle, pgsnake_server = application_schema
    expected = _dump(oracle)
    assert "CREATE TABLE regress_app.book" in expected
    assert "COPY regress_app.book" in expected
    assert _dump(pgsnake_server) == expected
