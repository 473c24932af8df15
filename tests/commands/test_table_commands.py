# Proves CREATE TABLE / DROP TABLE end to end over the catalogs: a created table appears
# in pg_class, pg_type (row type + array type) and pg_attribute with the right attnums,
# types and typmods, defaults are stored as analysed SQL text in pg_attrdef, errors carry
# PostgreSQL's SQLSTATEs and messages, and DROP removes the file only at commit (a
# rollback leaves the table and its file).
from __future__ import annotations

import json
import os

import pytest
from pglast import parser

from pgsnake.catalog import catalog_cache as cc
from pgsnake.commands import table_commands
from pgsnake.utils.errors import PgError


def run(sql: str) -> str:
    (stmt,) = json.loads(parser.parse_sql_json(sql))["stmts"]
    (kind, node), = stmt["stmt"].items()
    if kind == "CreateStmt":
        return table_commands.execute_create_table(node)
    return table_commands.execute_drop(node)


def error_of(sql: str) -> tuple[str, str]:
    with pytest.raises(PgError) as e:
        run(sql)
    return e.value.sqlstate, e.value.message


def test_create_table_writes_catalog_rows(world, transaction):
    with transaction():
        assert run("create table t (a int not null, b varchar(10) default 'x', "
                   "c numeric(10,2), d text[], e double precision)") == "CREATE TABLE"
    with transaction():
        rel = cc.lookup_relation("t")
        assert rel.oid == 16384 and rel.locator == (1663, 5, 16384, -1)    # backend -1: not temporary
        assert os.path.exists("base/5/16384")
        assert [(a.attnum, a.name, a.type_oid, a.typmod, a.not_null) for a in rel.attributes] == [
            (1, "a", 23, -1, True), (2, "b", 1043, 14, False), (3, "c", 1700, 655366, False),
            (4, "d", 1009, -1, False), (5, "e", 701, -1, False)]
        pg_class = cc.class_row(rel.oid)
        assert (pg_class.relname, pg_class.relnamespace, pg_class.relkind, pg_class.relnatts,
                pg_class.relpersistence, pg_class.reltuples, pg_class.relfilenode,
                pg_class.reltype) == ("t", 2200, "r", 5, "p", -1.0, 16384, 16386)
        row_type = cc.get_type_row(16386)
        assert (row_type.typname, row_type.typtype, row_type.typrelid, row_type.typarray) == (
            "t", "c", 16384, 16385)
        assert cc.get_type_row(16385).typname == "_t"
        system = sorted(r.attnum for r in cc.scan_catalog("pg_attribute") if r.attrelid == rel.oid)
        assert system == [-6, -5, -4, -3, -2, -1, 1, 2, 3, 4, 5]
        assert cc.column_default(rel.oid, 2) == "'x'::character varying"
        assert cc.column_default(rel.oid, 1) is None


def test_own_ddl_is_visible_in_the_same_transaction(world, transaction):
    with transaction():
        run("create table t (a int)")
        assert cc.lookup_relation("t") is not None
        run("drop table t")
        assert cc.lookup_relation("t") is None


def test_two_primary_keys_are_refused(world, transaction):
    # (PRIMARY KEY and UNIQUE themselves build B-tree indexes, which these fakes cannot
    # store: tests/regress/sql/indexes.sql covers them against PostgreSQL.)
    with transaction():
        assert error_of("create table v (a int primary key, b int primary key)") == (
            "42P16", 'multiple primary keys for table "v" are not allowed')


def test_create_errors_match_postgres(world, transaction):
    with transaction():
        run("create table t (a int)")
        assert error_of("create table t (b int)") == ("42P07", 'relation "t" already exists')
        assert run("create table if not exists t (b int)") == "CREATE TABLE"
        assert error_of("create table u (a int, a int)") == (
            "42701", 'column "a" specified more than once')
        assert error_of("create table u (xmin int)") == (
            "42701", 'column name "xmin" conflicts with a system column name')
        assert error_of("create table u (a foo)") == ("42704", 'type "foo" does not exist')
        assert error_of("create table u (a foo[])") == ("42704", 'type "foo[]" does not exist')
        assert error_of("create table nosuch.u (a int)") == (
            "3F000", 'schema "nosuch" does not exist')
        assert error_of("create table u (a void)") == (
            "42P16", 'column "a" has pseudo-type void')
        assert error_of("create table u (a int default 1 default 2)") == (
            "42601", 'multiple default values specified for column "a" of table "u"')
        assert error_of("create table u (a int, primary key (b))") == (
            "42703", 'column "b" named in key does not exist')
        assert error_of("create table u (a int, b int generated always as (random()) stored)") \
            == ("42P17", "generation expression is not immutable")
        assert error_of("create table pg_catalog.u (a int)") == (
            "42501", 'permission denied to create "pg_catalog.u"')


def test_drop_errors_and_if_exists(world, transaction):
    with transaction():
        assert error_of("drop table nosuch") == ("42P01", 'table "nosuch" does not exist')
        assert error_of("drop table nosuch.x") == ("3F000", 'schema "nosuch" does not exist')
        assert run("drop table if exists nosuch, nosuch.x") == "DROP TABLE"
        assert error_of("drop table pg_class") == (
            "42501", 'permission denied: "pg_class" is a system catalog')


def test_drop_unlinks_only_at_commit(world, transaction):
    with transaction():
        run("create table t (a int)")
    path = "base/5/16384"
    with transaction(rollback=True):
        run("drop table t")
        assert os.path.exists(path)
    with transaction():
        assert cc.lookup_relation("t").oid == 16384     # the rollback kept it
        run("drop table t")
        assert os.path.exists(path)                      # not before commit
    assert not os.path.exists(path)
    with transaction():
        assert cc.lookup_relation("t") is None
        assert cc.get_type_row(16386) is None


def test_rolled_back_create_leaves_nothing(world, transaction):
    with transaction(rollback=True):
        run("create table t (a int)")
    with transaction():
        assert cc.lookup_relation("t") is None
        run("create table t (a int)")                     # the name is free again


def test_default_expressions_are_deparsed(world, transaction):
    with transaction():
        run("create table t (a int default 0, b text default 'it''s', c bool default true, "
            "d numeric default 1.5::numeric(3,1), e int default 1 + 2 * 3, f int default null)")
        oid = cc.lookup_relation("t").oid
        # (the fake format_type prints no typmods; PostgreSQL: 1.5::numeric(3,1), a
        # typmod cast of a literal of its own type without parentheses)
        assert [cc.column_default(oid, n) for n in range(1, 7)] == [
            "0", "'it''s'::text", "true", "1.5::numeric", "(1 + (2 * 3))", None]
