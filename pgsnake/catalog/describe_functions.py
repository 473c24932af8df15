"""Catalog functions psql's describe commands (\\d, \\dv, \\d+) call: visibility on the
search path and comments.

pg_table_is_visible(oid): the relation is the one its bare name finds on search_path
(NULL for no such relation). col_description / obj_description read pg_description
(which pgsnake never fills yet, so NULL).

Entry point: register_all() (called by sql_functions.register_all).

PostgreSQL: catalog/namespace.c (pg_table_is_visible, RelationIsVisible),
catalog/system_functions.sql (col_description, obj_description over pg_description).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache as cc

OID, INT4, TEXT, NAME, BOOL = 26, 23, 25, 19, 16
PG_CLASS = 1259


def table_is_visible(oid: int):
    row = cc.class_row(oid)
    if row is None:
        return None
    return cc.lookup_relation_oid(row.relname) == oid


def _description(objoid: int, classoid: int, objsubid: int):
    for row in cc.scan_catalog("pg_description"):
        if row.objoid == objoid and row.classoid == classoid and row.objsubid == objsubid:
            return row.description
    return None


def column_description(table_oid: int, attnum: int):
    return _description(table_oid, PG_CLASS, attnum)


def object_description(objoid: int, catalog_name: str):
    from pgsnake.catalog import definitions as d
    definition = d.CATALOGS.get(catalog_name)
    if definition is None:
        return None
    return _description(objoid, definition.oid, 0)


def register_all() -> None:
    from pgsnake.datatypes import functions
    functions.register("pg_table_is_visible", [OID], BOOL, table_is_visible, oid=2079,
                       volatility="s")
    functions.register("col_description", [OID, INT4], TEXT, column_description, oid=1216,
                       volatility="s")
    functions.register("obj_description", [OID, NAME], TEXT, object_description, oid=1215,
                       volatility="s")
