# Proves that pgsnake's privilege checks give PostgreSQL 15's answers over a matrix of
# roles x objects x actions: every action runs as every role (SET ROLE inside a
# transaction that is rolled back), and the outcome (allowed, or the error's SQLSTATE and
# message, 42501 "permission denied for table t" and the like) must be the oracle's.
# The roles cover ownership, membership with and without INHERIT, direct grants, column
# grants, grants WITH GRANT OPTION, PUBLIC and revoked PUBLIC defaults, superuser; the
# objects a schema, a table, its columns, a sequence, a function, a view, a type and the
# database; the catalogs only superusers may touch (pg_authid) are in it too.
from __future__ import annotations

import pytest

from harness import differential, sql_script

ROLES = ["pm_super", "pm_owner", "pm_member", "pm_noinherit", "pm_reader", "pm_writer",
         "pm_columns", "pm_granter", "pm_seq", "pm_exec", "pm_none"]

SETUP = """
CREATE ROLE pm_super SUPERUSER;
CREATE ROLE pm_owner;
CREATE ROLE pm_member IN ROLE pm_owner;
CREATE ROLE pm_noinherit NOINHERIT IN ROLE pm_owner;
CREATE ROLE pm_reader;
CREATE ROLE pm_writer;
CREATE ROLE pm_columns;
CREATE ROLE pm_granter;
CREATE ROLE pm_seq;
CREATE ROLE pm_exec;
CREATE ROLE pm_none;
CREATE SCHEMA pm_s AUTHORIZATION pm_owner;
SET ROLE pm_owner;
CREATE TABLE pm_s.t (a int PRIMARY KEY, b int, c text);
INSERT INTO pm_s.t VALUES (1, 10, 'x'), (2, 20, 'y');
CREATE SEQUENCE pm_s.seq;
CREATE FUNCTION pm_s.f() RETURNS int LANGUAGE sql AS 'SELECT 42';
CREATE FUNCTION pm_s.g() RETURNS int LANGUAGE sql AS 'SELECT 7';
REVOKE EXECUTE ON FUNCTION pm_s.g() FROM PUBLIC;
CREATE VIEW pm_s.v AS SELECT a, b FROM pm_s.t;
CREATE TYPE pm_s.color AS ENUM ('red', 'green');
GRANT USAGE ON SCHEMA pm_s TO pm_reader, pm_writer, pm_columns, pm_granter, pm_seq, pm_exec;
GRANT SELECT ON pm_s.t TO pm_reader;
GRANT SELECT ON pm_s.v TO pm_reader;
GRANT INSERT, UPDATE, DELETE ON pm_s.t TO pm_writer;
GRANT SELECT (a), UPDATE (b), INSERT (a, b) ON pm_s.t TO pm_columns;
GRANT SELECT, TRUNCATE, REFERENCES, TRIGGER ON pm_s.t TO pm_granter WITH GRANT OPTION;
GRANT USAGE ON SEQUENCE pm_s.seq TO pm_seq;
GRANT EXECUTE ON FUNCTION pm_s.g() TO pm_exec;
RESET ROLE;
"""

TEARDOWN = """
DROP SCHEMA pm_s CASCADE;
DROP OWNED BY pm_owner, pm_member, pm_noinherit, pm_reader, pm_writer, pm_columns,
  pm_granter, pm_seq, pm_exec, pm_none, pm_super;
DROP ROLE pm_super, pm_member, pm_noinherit, pm_reader, pm_writer, pm_columns, pm_granter,
  pm_seq, pm_exec, pm_none, pm_owner;
"""

ACTIONS = [
    # tables and columns
    "SELECT * FROM pm_s.t ORDER BY a;",
    "SELECT a FROM pm_s.t ORDER BY a;",
    "SELECT b FROM pm_s.t ORDER BY a;",
    "SELECT count(*) FROM pm_s.t;",
    "INSERT INTO pm_s.t (a) VALUES (3);",
    "INSERT INTO pm_s.t (a, c) VALUES (4, 'z');",
    "INSERT INTO pm_s.t VALUES (5, 50, 'w') RETURNING a;",
    "UPDATE pm_s.t SET b = 11;",
    "UPDATE pm_s.t SET b = 12 WHERE a = 1;",
    "UPDATE pm_s.t SET c = 'q';",
    "DELETE FROM pm_s.t;",
    "DELETE FROM pm_s.t WHERE a = 2;",
    "TRUNCATE pm_s.t;",
    "LOCK TABLE pm_s.t IN ACCESS SHARE MODE;",
    "LOCK TABLE pm_s.t IN ACCESS EXCLUSIVE MODE;",
    "SELECT * FROM pm_s.t FOR UPDATE;",
    "COPY pm_s.t TO STDOUT;",
    # the view, the sequence, the functions, the type
    "SELECT * FROM pm_s.v ORDER BY a;",
    "SELECT nextval('pm_s.seq') > 0;",
    "SELECT setval('pm_s.seq', 5);",
    "SELECT last_value FROM pm_s.seq;",
    "SELECT pm_s.f();",
    "SELECT pm_s.g();",
    "SELECT 'red'::pm_s.color;",
    # DDL: ownership, schema CREATE, grants, triggers, references, the database
    "ALTER TABLE pm_s.t ADD COLUMN d int;",
    "CREATE INDEX pm_t_b ON pm_s.t (b);",
    "COMMENT ON TABLE pm_s.t IS 'comment';",
    "DROP VIEW pm_s.v;",
    "CREATE TABLE pm_s.made (x int);",
    "CREATE TABLE pm_ref (x int REFERENCES pm_s.t (a));",
    "CREATE FUNCTION pm_tf() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';",
    "GRANT SELECT ON pm_s.t TO pm_none;",
    "GRANT TRUNCATE ON pm_s.t TO pm_none;",
    "REVOKE SELECT ON pm_s.t FROM pm_reader;",
    "ALTER SEQUENCE pm_s.seq RESTART;",
    "CREATE SCHEMA pm_other;",
    "CREATE TEMP TABLE pm_temp (x int);",
    "ALTER ROLE pm_none CREATEDB;",
    "INSERT INTO pm_s.t VALUES (1, 5) ON CONFLICT (a) DO UPDATE SET b = excluded.b;",
    "INSERT INTO pm_s.t (a) VALUES (1) ON CONFLICT DO NOTHING;",
    "ALTER TABLE pm_s.t OWNER TO pm_none;",
    "ALTER FUNCTION pm_s.f() OWNER TO pm_none;",
    "DROP FUNCTION pm_s.f();",
    "GRANT EXECUTE ON FUNCTION pm_s.g() TO pm_none;",
    "GRANT USAGE ON SCHEMA pm_s TO pm_none;",
    "GRANT USAGE ON SEQUENCE pm_s.seq TO pm_none;",
    "COMMENT ON COLUMN pm_s.t.a IS 'comment';",
    "COMMENT ON FUNCTION pm_s.f() IS 'comment';",
    "COMMENT ON SCHEMA pm_s IS 'comment';",
    "COMMENT ON TYPE pm_s.color IS 'comment';",
    "ALTER TYPE pm_s.color RENAME VALUE 'red' TO 'rouge';",
    "SELECT has_table_privilege('pm_s.t', 'SELECT'), has_column_privilege('pm_s.t', 'b', 'UPDATE');",
    "ANALYZE pm_s.t;",
    "REINDEX TABLE pm_s.t;",
    "ALTER DEFAULT PRIVILEGES IN SCHEMA pm_s GRANT SELECT ON TABLES TO pm_none;",
    # what only superusers may do
    "SELECT rolname FROM pg_authid WHERE rolname = 'pm_none';",
    "UPDATE pg_authid SET rolsuper = true WHERE rolname = current_user;",
    "SELECT count(*) > 0 FROM pg_roles;",
    "SELECT pg_read_file('PG_VERSION');",
    "CREATE ROLE pm_made;",
]


def _script(role: str) -> list[sql_script.ScriptStatement]:
    lines = []
    for action in ACTIONS:
        lines += ["BEGIN;", f"SET ROLE {role};", action, "ROLLBACK;"]
    return sql_script.split_script("\n".join(lines) + "\n")


def _run(server, text: str) -> None:
    outcomes = differential.run_script(server.dsn, sql_script.split_script(text))
    bad = [o.message for o in outcomes if o.status != "ok"]
    assert not bad, bad


@pytest.fixture(scope="module")
def matrix_objects(oracle, pgsnake_server):
    for server in (oracle, pgsnake_server):
        _run(server, SETUP)
    yield
    for server in (oracle, pgsnake_server):
        _run(server, TEARDOWN)


@pytest.mark.parametrize("role", ROLES)
def test_role_gets_postgresqls_answers(matrix_objects, oracle, pgsnake_server, role):
    statements = _script(role)
    report = differential.diff_script(oracle.dsn, pgsnake_server.dsn, statements)
    assert report is None, f"as {role}: pgsnake differs from PostgreSQL 15\n{report}"


def test_the_matrix_has_both_answers(matrix_objects, oracle):
    """On the oracle, most roles are refused something and allowed something: the matrix
    tests the checks, not just one side of them."""
    mixed = 0
    for role in ROLES:
        outcomes = differential.run_script(oracle.dsn, _script(role))[2::4]
        refused = sum(o.sqlstate == "42501" for o in outcomes)
        allowed = sum(o.status == "ok" for o in outcomes)
        mixed += refused > 0 and allowed > 0
    assert mixed >= len(ROLES) - 2
