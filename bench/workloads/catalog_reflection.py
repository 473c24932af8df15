"""Workload: the catalog queries clients send to describe a table: psql's `\\d t` set
and a SQLAlchemy-style column / primary key / foreign key / index reflection, N rounds
over a table with a primary key, a foreign key and a secondary index.

Measures planning and running joins over catalogs (pg_class, pg_attribute, pg_index,
pg_constraint, pg_attrdef, pg_type, pg_namespace) and the catalog functions they call
(format_type, pg_get_expr, pg_get_indexdef, pg_get_constraintdef, pg_table_is_visible).
The queries are written for this benchmark in the shape those clients use.

Entry point: WORKLOAD
PostgreSQL: src/bin/psql/describe.c (describeOneTableDetails) as the client side
"""
from __future__ import annotations

from .base import Workload

TABLE = "bench_reflect"


def _queries(oid: int) -> list[str]:
    return [
        # psql \d: find the relation, then its details, columns, indexes, constraints
        "SELECT c.oid, n.nspname, c.relname FROM pg_catalog.pg_class c "
        "LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        f"WHERE c.relname OPERATOR(pg_catalog.~) '^({TABLE})$' COLLATE pg_catalog.default "
        "AND pg_catalog.pg_table_is_visible(c.oid) ORDER BY 2, 3",
        "SELECT c.relchecks, c.relkind, c.relhasindex, c.relhasrules, c.relhastriggers, "
        "c.relrowsecurity, c.relforcerowsecurity, false AS relhasoids, c.relispartition, "
        "'', c.reltablespace, CASE WHEN c.reloftype = 0 THEN '' "
        "ELSE c.reloftype::pg_catalog.regtype::pg_catalog.text END, c.relpersistence, "
        "c.relreplident, am.amname FROM pg_catalog.pg_class c "
        "LEFT JOIN pg_catalog.pg_class tc ON (c.reltoastrelid = tc.oid) "
        f"LEFT JOIN pg_catalog.pg_am am ON (c.relam = am.oid) WHERE c.oid = '{oid}'",
        "SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), "
        "(SELECT pg_catalog.pg_get_expr(d.adbin, d.adrelid, true) FROM pg_catalog.pg_attrdef d "
        "WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum AND a.atthasdef), a.attnotnull, "
        "(SELECT c.collname FROM pg_catalog.pg_collation c, pg_catalog.pg_type t "
        "WHERE c.oid = a.attcollation AND t.oid = a.atttypid "
        "AND a.attcollation <> t.typcollation) AS attcollation, a.attidentity, a.attgenerated "
        f"FROM pg_catalog.pg_attribute a WHERE a.attrelid = '{oid}' AND a.attnum > 0 "
        "AND NOT a.attisdropped ORDER BY a.attnum",
        "SELECT c2.relname, i.indisprimary, i.indisunique, i.indisclustered, i.indisvalid, "
        "pg_catalog.pg_get_indexdef(i.indexrelid, 0, true), "
        "pg_catalog.pg_get_constraintdef(con.oid, true), contype, condeferrable, condeferred, "
        "i.indisreplident, c2.reltablespace FROM pg_catalog.pg_class c, pg_catalog.pg_class c2, "
        "pg_catalog.pg_index i LEFT JOIN pg_catalog.pg_constraint con ON (conrelid = i.indrelid "
        "AND conindid = i.indexrelid AND contype IN ('p','u','x')) "
        f"WHERE c.oid = '{oid}' AND c.oid = i.indrelid AND i.indexrelid = c2.oid "
        "ORDER BY i.indisprimary DESC, c2.relname",
        "SELECT conname, pg_catalog.pg_get_constraintdef(r.oid, true) as condef "
        f"FROM pg_catalog.pg_constraint r WHERE r.conrelid = '{oid}' AND r.contype = 'f' "
        "AND conparentid = 0 ORDER BY 1",
        # SQLAlchemy-style reflection: table oid by name and schema, columns, primary key
        "SELECT pg_catalog.pg_class.oid FROM pg_catalog.pg_class "
        "JOIN pg_catalog.pg_namespace ON pg_catalog.pg_namespace.oid = "
        "pg_catalog.pg_class.relnamespace "
        f"WHERE pg_catalog.pg_class.relname = '{TABLE}' "
        "AND pg_catalog.pg_class.relkind = ANY (ARRAY['r', 'p', 'f', 'v', 'm']) "
        "AND pg_catalog.pg_table_is_visible(pg_catalog.pg_class.oid) "
        "AND pg_catalog.pg_namespace.nspname != 'pg_catalog'",
        "SELECT a.attname AS name, pg_catalog.format_type(a.atttypid, a.atttypmod) AS format_type, "
        "(SELECT pg_catalog.pg_get_expr(d.adbin, d.adrelid) FROM pg_catalog.pg_attrdef d "
        "WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum AND a.atthasdef) AS default, "
        "a.attnotnull AS not_null, c.relname AS table_name, "
        "pg_catalog.col_description(a.attrelid, a.attnum) AS comment "
        "FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_attribute a "
        "ON c.oid = a.attrelid AND a.attnum > 0 AND NOT a.attisdropped "
        "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        f"WHERE c.relkind = ANY (ARRAY['r', 'p', 'f', 'v', 'm']) AND c.relname = '{TABLE}' "
        "AND n.nspname = 'public' ORDER BY c.relname, a.attnum",
        "SELECT con.conname, a.attname FROM pg_catalog.pg_constraint con "
        "JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid "
        "AND a.attnum = ANY (con.conkey) "
        f"WHERE con.conrelid = {oid} AND con.contype = 'p' ORDER BY a.attnum",
        "SELECT ci.relname, i.indisunique, pg_catalog.pg_get_indexdef(i.indexrelid) "
        "FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class ci ON ci.oid = i.indexrelid "
        f"WHERE i.indrelid = {oid} AND NOT i.indisprimary ORDER BY ci.relname",
    ]


def setup(conn, size: int) -> None:
    conn.execute(f"DROP TABLE IF EXISTS {TABLE}")
    conn.execute(f"DROP TABLE IF EXISTS {TABLE}_parent")
    conn.execute(f"CREATE TABLE {TABLE}_parent (id int PRIMARY KEY)")
    conn.execute(f"CREATE TABLE {TABLE} (id int PRIMARY KEY, parent int REFERENCES "
                 f"{TABLE}_parent, name varchar(40) NOT NULL DEFAULT 'x', amount numeric(10,2), "
                 "created timestamp)")
    conn.execute(f"CREATE INDEX {TABLE}_name ON {TABLE} (name)")


def run(conn, target, size: int) -> int:
    oid = conn.execute(f"SELECT '{TABLE}'::regclass::oid").fetchone()[0]
    queries = _queries(oid)
    for _ in range(size):
        for query in queries:
            conn.execute(query).fetchall()
    return size * len(queries)


WORKLOAD = Workload(
    name="catalog_reflection",
    measures="psql \\d and SQLAlchemy-style reflection queries over one table, N rounds",
    setup=setup, run=run, quick_size=3, full_size=10)
