# Proves that bootstrap_catalogs creates every catalog's file (shared ones in global/,
# the others in base/1), fills them with PostgreSQL's initial rows (int4 is oid 23, the
# superuser is role 10, template1/template0/postgres are databases 1/4/5), describes every
# catalog in pg_class and pg_attribute, and copies template1 to databases 4 and 5.
from __future__ import annotations

import os

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import definitions as d


def rows(name, database_oid=None):
    return cc.scan_catalog(name, database_oid)


def test_files_of_every_catalog_exist(world):
    for definition in d.CATALOGS.values():
        if definition.is_shared:
            assert os.path.exists(f"global/{definition.oid}")
            assert not os.path.exists(f"base/1/{definition.oid}")
        else:
            for database in (1, 4, 5):
                assert os.path.exists(f"base/{database}/{definition.oid}")
    assert open("base/5/PG_VERSION").read() == "15\n"
    assert world.flushes >= 1          # buffers flushed before the directory copy


def test_pg_type_has_builtin_types_with_postgres_oids(world):
    types = {r.typname: r for r in rows("pg_type")}
    assert types["int4"].oid == 23 and types["int4"].typlen == 4 and types["int4"].typbyval
    assert types["text"].oid == 25 and types["text"].typlen == -1
    assert types["_int4"].oid == 1007 and types["_int4"].typelem == 23
    assert types["pg_class"].oid == 83 and types["pg_class"].typrelid == 1259
    assert types["void"].typtype == "p"


def test_namespaces_am_tablespaces(world):
    assert {r.nspname: r.oid for r in rows("pg_namespace")} == {
        "pg_catalog": 11, "public": 2200, "pg_toast": 99, "information_schema": 13207}
    assert {r.amname: r.oid for r in rows("pg_am")} == {
        "heap": 2, "btree": 403, "hash": 405, "gist": 783, "gin": 2742, "spgist": 4000,
        "brin": 3580}
    assert {r.spcname: r.oid for r in rows("pg_tablespace")} == {"pg_default": 1663, "pg_global": 1664}


def test_roles_and_databases(world):
    roles = {r.rolname: r for r in rows("pg_authid")}
    assert roles["alice"].oid == 10 and roles["alice"].rolsuper and roles["alice"].rolcanlogin
    assert roles["alice"].rolpassword == "SCRAM-SHA-256$x"
    assert roles["pg_monitor"].oid == 3373 and not roles["pg_monitor"].rolcanlogin
    databases = {r.datname: r for r in rows("pg_database")}
    assert {n: r.oid for n, r in databases.items()} == {"template1": 1, "template0": 4, "postgres": 5}
    assert databases["template0"].datallowconn is False and databases["template0"].datistemplate
    assert databases["postgres"].datallowconn and not databases["postgres"].datistemplate
    assert databases["postgres"].encoding == 6 and databases["postgres"].datcollate == "C"


def test_pg_class_and_pg_attribute_describe_the_catalogs(world):
    classes = {r.relname: r for r in rows("pg_class")}
    assert set(d.CATALOGS) <= set(classes)
    pg_class = classes["pg_class"]
    # mapped (relation_map.py): relfilenode 0, as PostgreSQL's
    assert (pg_class.oid, pg_class.relfilenode, pg_class.relnatts, pg_class.relkind) == (1259, 0, 33, "r")
    assert classes["pg_namespace"].relfilenode == classes["pg_namespace"].oid
    assert classes["pg_database"].relisshared and classes["pg_database"].reltablespace == 1664
    attributes = sorted((r.attnum, r.attname, r.atttypid) for r in rows("pg_attribute")
                        if r.attrelid == 1259)
    assert attributes[:6] == [(-6, "tableoid", 26), (-5, "cmax", 29), (-4, "xmax", 28),
                              (-3, "cmin", 29), (-2, "xmin", 28), (-1, "ctid", 27)]
    assert attributes[6:9] == [(1, "oid", 26), (2, "relname", 19), (3, "relnamespace", 26)]
    assert len(attributes) == 33 + 6


def test_postgres_database_is_a_copy_of_template1(world):
    assert len(rows("pg_proc", 5)) == len(rows("pg_proc", 1)) > 3000
    assert {r.oprname for r in rows("pg_operator", 4)} >= {"+", "=", "<"}


def test_btree_operator_classes_are_bootstrapped(world):
    # int4_ops (1978) is the default B-tree class for int4; its family's strategy 3
    # operator is int4 = int4 (96) and its support function 1 is btint4cmp (351).
    opclass = {r.oid: r for r in rows("pg_opclass")}[1978]
    assert (opclass.opcname, opclass.opcmethod, opclass.opcintype, opclass.opcdefault) == (
        "int4_ops", 403, 23, True)
    family = opclass.opcfamily
    assert any(r.amopopr == 96 and r.amopstrategy == 3 for r in rows("pg_amop")
               if r.amopfamily == family and r.amoplefttype == r.amoprighttype == 23)
    assert any(r.amproc == 351 and r.amprocnum == 1 for r in rows("pg_amproc")
               if r.amprocfamily == family and r.amproclefttype == 23)
    assert {r.collname for r in rows("pg_collation")} >= {"default", "C", "POSIX"}
