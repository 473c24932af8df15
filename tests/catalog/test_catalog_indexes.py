# Proves the system catalogs have PostgreSQL 15's B-tree indexes (catalog/catalog_indexes.py)
# and that they are real and kept: initdb makes every index PostgreSQL has on the catalogs
# pgsnake creates (pg_index / pg_class / pg_constraint / pg_attribute rows as the
# oracle's, psql's \d listing them as the oracle's does); DDL churn, VACUUM and a crash
# (kill -9, WAL replay) and REINDEX (a new file; for pg_class's and the shared catalogs'
# indexes through the relation map) leave every one of them passing amcheck's
# bt_index_check and finding the rows; the unique ones refuse a duplicate with PostgreSQL's 23505; the
# planner scans them (EXPLAIN of a catalog lookup by oid, as on the oracle).
from __future__ import annotations

import re

import psycopg
import pytest

_INDEXES = """
SELECT i.indexrelid, c.relname, i.indrelid::regclass::text, i.indisunique, i.indisprimary,
       i.indnatts, i.indkey::int2[]::text, i.indclass::oid[]::text,
       i.indcollation::oid[]::text, i.indoption::int2[]::text, c.relam, c.relkind,
       c.relnatts, c.relisshared, k.oid, k.contype, k.conkey::text
FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
LEFT JOIN pg_constraint k ON k.conindid = i.indexrelid
WHERE c.relnamespace = 11 AND i.indrelid::regclass::text = ANY(%s)
ORDER BY 1"""

_INDEX_COLUMNS = """
SELECT a.attrelid, a.attnum, a.attname, a.atttypid, a.attlen, a.attbyval, a.attalign,
       a.attstorage, a.attcollation
FROM pg_attribute a JOIN pg_index i ON i.indexrelid = a.attrelid
WHERE i.indrelid::regclass::text = ANY(%s) AND i.indexrelid < 16384
ORDER BY 1, 2"""

_CHECK_ALL = """
SELECT count(*) FROM (SELECT bt_index_check(i.indexrelid)
                      FROM pg_index i WHERE i.indexrelid < 16384) checked"""


def _catalogs(conn) -> list[str]:
    return [r[0] for r in conn.execute(
        "SELECT relname FROM pg_class WHERE relnamespace = 11 AND relkind = 'r'")]


def test_initdb_makes_the_oracles_catalog_indexes(pgsnake_server, oracle):
    with pgsnake_server.connect() as ours, oracle.connect() as theirs:
        catalogs = _catalogs(ours)
        rows = ours.execute(_INDEXES, (catalogs,)).fetchall()
        assert len(rows) > 100
        assert rows == theirs.execute(_INDEXES, (catalogs,)).fetchall()
        assert ours.execute(_INDEX_COLUMNS, (catalogs,)).fetchall() == \
            theirs.execute(_INDEX_COLUMNS, (catalogs,)).fetchall()
        query = ("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = "
                 "'pg_catalog' AND tablename = ANY(%s) ORDER BY 1")
        assert ours.execute(query, (catalogs,)).fetchall() == \
            theirs.execute(query, (catalogs,)).fetchall()


def test_psql_describe_lists_a_catalogs_indexes_as_the_oracle(pgsnake_server, oracle):
    from harness.psql_runner import run_psql
    ours = run_psql(pgsnake_server, r"\d pg_class")
    theirs = run_psql(oracle, r"\d pg_class")
    assert "pg_class_relname_nsp_index" in ours.stdout
    assert ours.stdout == theirs.stdout


def _plan(conn, sql) -> list[str]:
    return [re.sub(r"  \(cost=.*\)$", "", r[0])
            for r in conn.execute("EXPLAIN " + sql).fetchall()]


def test_planner_scans_a_catalog_index_as_the_oracle(pgsnake_server, oracle):
    with pgsnake_server.connect() as ours, oracle.connect() as theirs:
        for sql in ("SELECT * FROM pg_class WHERE oid = 1259",
                    "SELECT attname FROM pg_attribute WHERE attrelid = 1259 AND attnum = 2"):
            plan = _plan(ours, sql)
            assert plan[0].startswith("Index Scan using")
            assert plan == _plan(theirs, sql)
        assert ours.execute("SELECT relname FROM pg_class WHERE oid = 2663").fetchone() == \
            ("pg_class_relname_nsp_index",)
        # psql's \d finds a table by an anchored pattern: the name index answers it
        pattern = "SELECT oid FROM pg_class WHERE relname ~ '^(pg_type)$'"
        assert "pg_class_relname_nsp_index" in "\n".join(_plan(ours, pattern))
        assert "Index Cond: (relname = 'pg_type'::text)" in "\n".join(_plan(ours, pattern))
        assert ours.execute(pattern).fetchall() == theirs.execute(pattern).fetchall()


def test_unique_catalog_index_refuses_a_duplicate_as_the_oracle(pgsnake_server, oracle):
    statement = "INSERT INTO pg_description VALUES (1259, 1259, 0, 'catidx')"
    errors = []
    for server in (pgsnake_server, oracle):
        with server.connect(autocommit=False) as conn:
            conn.execute("DELETE FROM pg_description WHERE objoid = 1259 AND classoid = 1259 "
                         "AND objsubid = 0")
            conn.execute(statement)
            with pytest.raises(psycopg.Error) as caught:
                conn.execute(statement)
            conn.rollback()
            errors.append((caught.value.sqlstate, caught.value.diag.message_primary,
                           caught.value.diag.message_detail,
                           caught.value.diag.constraint_name))
    assert errors[0] == errors[1]
    assert errors[0][0] == "23505"


def _churn(conn, rounds: int) -> None:
    for n in range(rounds):
        conn.execute(f"CREATE TABLE catidx_churn_{n} (a serial PRIMARY KEY, b text, c int)")
        conn.execute(f"CREATE INDEX ON catidx_churn_{n} (b)")
        conn.execute(f"ALTER TABLE catidx_churn_{n} ADD COLUMN d int DEFAULT 1")
        conn.execute(f"COMMENT ON TABLE catidx_churn_{n} IS 'round {n}'")
        conn.execute(f"CREATE VIEW catidx_view_{n} AS SELECT a, b FROM catidx_churn_{n}")
        if n % 2:
            conn.execute(f"DROP TABLE catidx_churn_{n} CASCADE")


def test_ddl_churn_vacuum_and_reindex_keep_catalog_indexes_valid(pgsnake_server):
    with pgsnake_server.connect() as conn:
        had_amcheck = conn.execute(
            "SELECT count(*) FROM pg_extension WHERE extname = 'amcheck'").fetchone()[0]
        if not had_amcheck:
            conn.execute("CREATE EXTENSION amcheck")
        try:
            _churn(conn, 2)
            conn.execute("VACUUM pg_depend")
            conn.execute("REINDEX INDEX pg_attribute_relid_attnum_index")
            assert conn.execute(_CHECK_ALL).fetchone()[0] > 100
            assert conn.execute("SELECT count(*) FROM pg_attribute WHERE attrelid = "
                                "'catidx_churn_0'::regclass").fetchone()[0] == 10
        finally:
            conn.execute("DROP TABLE IF EXISTS catidx_churn_0, catidx_churn_1 CASCADE")
            if not had_amcheck:
                conn.execute("DROP EXTENSION amcheck")


@pytest.mark.slow
def test_ddl_churn_vacuum_and_a_crash_keep_catalog_indexes_valid(make_pgsnake_server):
    server = make_pgsnake_server()
    with server.connect() as conn:
        conn.execute("CREATE EXTENSION amcheck")
        _churn(conn, 6)
        conn.execute("VACUUM pg_class")
        conn.execute("VACUUM pg_attribute")
        conn.execute("VACUUM pg_depend")
        conn.execute("CREATE TABLE catidx_after_vacuum (x int)")
        assert conn.execute(_CHECK_ALL).fetchone()[0] > 100
        conn.execute("REINDEX INDEX pg_depend_depender_index")     # a new file each
        conn.execute("REINDEX TABLE pg_attribute")
        conn.execute("REINDEX INDEX pg_class_oid_index")          # mapped: the map moves
        conn.execute("REINDEX TABLE pg_database")                  # shared: global map
        with conn.transaction():
            conn.execute("CREATE TABLE catidx_crash (x int PRIMARY KEY)")
            conn.execute("ALTER TABLE catidx_after_vacuum RENAME TO catidx_renamed")
    server.kill_all_9()
    server.start()
    with server.connect() as conn:
        assert conn.execute(_CHECK_ALL).fetchone()[0] > 100
        for table in ("catidx_crash", "catidx_renamed", "catidx_churn_4"):
            conn.execute(f"SELECT * FROM {table}")
        # the name index finds the renamed table, and no longer the old name
        conn.execute("CREATE TABLE catidx_after_vacuum (x int)")
        with pytest.raises(psycopg.Error) as caught:
            conn.execute("CREATE TABLE catidx_renamed (x int)")
        assert caught.value.sqlstate == "42P07"
        rows = conn.execute("SELECT attname FROM pg_attribute WHERE attrelid = "
                            "'catidx_churn_4'::regclass AND attnum > 0 ORDER BY attnum")
        assert [r[0] for r in rows] == ["a", "b", "c", "d"]
        depends = conn.execute("SELECT count(*) FROM pg_depend WHERE classid = 1259 AND "
                               "objid = 'catidx_churn_4'::regclass").fetchone()[0]
        assert depends > 0
