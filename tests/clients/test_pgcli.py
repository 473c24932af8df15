"""pgcli's completion metadata against pgsnake: the catalog queries of
pgcli.pgexecute.PGExecute (schemata, tables, views, their columns, functions, data types,
foreign keys, databases, search_path, view and function definitions) return what they
return on PostgreSQL 15 for the same schema (the data types in the slow tier). pgcli runs unmodified, through its own
PGExecute and psycopg connection.

Objects of the test's own schemas must agree exactly. For the system schemas, pgsnake's
rows must all be PostgreSQL's (a few catalogs and information_schema views pgsnake does
not have yet, such as sql_features and the foreign-data views, are
missing), and the built-in functions must be the same set, compared without their
argument defaults (pgsnake's pg_proc rows hold no proargdefaults for built-ins). The
pg_catalog objects pgsnake adds from PostgreSQL 16 (pg_stat_io) are left out of its rows."""
from __future__ import annotations

import pytest

pytest.importorskip("pgcli")

from pgcli.pgexecute import PGExecute  # noqa: E402

SYSTEM_SCHEMAS = ("pg_catalog", "information_schema", "pg_toast")
SETUP = """
CREATE TABLE customers (id serial PRIMARY KEY, email text NOT NULL UNIQUE,
  name varchar(100) NOT NULL DEFAULT 'anon', created_at timestamptz NOT NULL DEFAULT now(),
  score numeric(10,2) CHECK (score >= 0), code char(3), flags bit varying(8));
CREATE TABLE orders (id bigserial PRIMARY KEY,
  customer_id integer NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  amount numeric(12,2) NOT NULL DEFAULT 0, status text NOT NULL DEFAULT 'new', tags text[],
  meta jsonb, placed_on date DEFAULT current_date, at time(3) with time zone);
CREATE TABLE order_lines (order_id bigint, line int, qty int,
  PRIMARY KEY (order_id, line), FOREIGN KEY (order_id) REFERENCES orders (id));
CREATE VIEW big_orders AS SELECT o.id, c.email, o.amount FROM orders o
  JOIN customers c ON c.id = o.customer_id WHERE o.amount > 100;
CREATE MATERIALIZED VIEW order_totals AS SELECT customer_id, sum(amount) AS total
  FROM orders GROUP BY customer_id;
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TYPE point2 AS (x float8, y float8);
CREATE DOMAIN posint AS integer CHECK (VALUE > 0);
CREATE FUNCTION add_one(i integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT i + 1';
CREATE FUNCTION pairs(n int, OUT a int, OUT b text) RETURNS SETOF record LANGUAGE sql
  AS 'SELECT n, n::text';
CREATE FUNCTION total_of(VARIADIC xs int[]) RETURNS bigint LANGUAGE sql
  AS 'SELECT sum(x) FROM unnest(xs) x';
CREATE FUNCTION rows_of(n int) RETURNS TABLE (k int, v mood) LANGUAGE sql
  AS 'SELECT n, ''ok''::mood';
CREATE SCHEMA extra;
CREATE TABLE extra.notes (id int PRIMARY KEY, body text, customer int REFERENCES customers);
CREATE VIEW extra.note_view AS SELECT id, upper(body) AS loud FROM extra.notes;
CREATE FUNCTION extra.shout(t text) RETURNS text LANGUAGE sql AS 'SELECT upper(t)';
"""


def _user_rows(rows):
    return sorted(r for r in rows if r[0] not in SYSTEM_SCHEMAS)


def _system_rows(rows):
    return {r for r in rows if r[0] in SYSTEM_SCHEMAS}


def _metadata(server, *, with_datatypes: bool) -> dict:
    dbname = "pgcli_metadata"      # the same on both servers: databases() lists it
    with server.connect() as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {dbname}")
        admin.execute(f"CREATE DATABASE {dbname}")
    try:
        with server.connect(dbname=dbname) as conn:
            conn.execute(SETUP)
        executor = PGExecute(database=dbname, user=server.user, host=server.host,
                             port=server.port)
        try:
            out = {"schemata": sorted(executor.schemata()),
                   "search_path": executor.search_path(),
                   "foreignkeys": sorted(executor.foreignkeys()),
                   "databases": sorted(set(executor.databases())
                                       & {dbname, "postgres", "template0", "template1"}),
                   "view_definition": executor.view_definition("big_orders"),
                   "function_definition": executor.function_definition("add_one"),
                   "timezone": executor.get_timezone(),
                   "run": [(r[0], r[2], r[3], r[1] and [tuple(row) for row in r[1]])
                           for r in executor.run("SELECT 1 AS a; SELECT * FROM customers")]}
            for name in ("tables", "views", "table_columns", "view_columns"):
                rows = [tuple(r) for r in getattr(executor, name)()]
                out[name] = _user_rows(rows)
                out[name + " (system)"] = _system_rows(rows)
            if with_datatypes:
                out["datatypes"] = sorted(executor.datatypes())
            functions = list(executor.functions())
            out["functions"] = sorted((repr(f) for f in functions
                                       if f.schema_name not in SYSTEM_SCHEMAS))
            out["functions (system)"] = {
                (f.schema_name, f.func_name, f.arg_names, f.arg_types, f.arg_modes,
                 f.return_type, f.is_aggregate, f.is_window, f.is_set_returning,
                 f.is_extension) for f in functions if f.schema_name in SYSTEM_SCHEMAS}
            return out
        finally:
            executor.conn.close()
    finally:
        with server.connect() as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {dbname}")


def _without_newer_objects(part: str, rows):
    """pgsnake's rows less the pg_catalog objects newer than PostgreSQL 15 that it adds
    (catalog/newer_system_views.py: pg_stat_io and pg_stat_get_io)."""
    from pgsnake.catalog import newer_system_views
    if not part.endswith("(system)"):
        return rows
    newer = set(newer_system_views.VIEWS) | {f["proname"] for f in newer_system_views.FUNCTIONS}
    kept = [row for row in rows if not (row[0] == "pg_catalog" and row[1] in newer)]
    return type(rows)(kept)


def _compare(got, expected):
    got = {part: _without_newer_objects(part, rows) for part, rows in got.items()}
    for part in expected:
        if part.endswith("(system)") and not part.startswith("functions"):
            assert got[part] <= expected[part], (part, sorted(got[part] - expected[part]))
        else:
            assert got[part] == expected[part], part


@pytest.mark.timeout(300)
def test_pgcli_metadata_matches_postgresql(oracle, pgsnake_server):
    expected = _metadata(oracle, with_datatypes=False)
    assert ("public", "customers") in expected["tables"]
    _compare(_metadata(pgsnake_server, with_datatypes=False), expected)


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_pgcli_datatypes_match_postgresql(oracle, pgsnake_server):
    """pgcli's data type list (a correlated subquery per pg_type row into pg_class, which
    pgsnake, without catalog indexes, answers by scanning pg_class each time: ~8 s)."""
    expected = _metadata(oracle, with_datatypes=True)
    assert ("public", "mood") in expected["datatypes"]
    _compare(_metadata(pgsnake_server, with_datatypes=True), expected)
