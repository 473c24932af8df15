"""Comments on database objects, kept in pg_description as PostgreSQL keeps them.

A comment is one pg_description row (objoid, classoid, objsubid, description): classoid
names the catalog the object lives in (pg_class for tables, indexes, sequences and
views; pg_proc, pg_type, pg_namespace, pg_constraint, ...), objsubid is a column number
for a column's comment and 0 otherwise. Setting a comment replaces the object's row;
setting NULL or '' removes it. Dropping an object removes its comments (and its
columns' comments), which every drop path does through delete_comments.

Entry points: set_comment(objoid, classoid, subid, text), get_comment(objoid, classoid,
subid), delete_comments(objoid, classoid); register_all() for the SQL functions
obj_description, col_description and shobj_description.

PostgreSQL: commands/comment.c (CreateComments, DeleteComments, GetComment),
catalog/system_functions.sql (obj_description, col_description, shobj_description).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import catalog_writes, invalidation


def set_comment(objoid: int, classoid: int, subid: int, text: str | None) -> None:
    catalog_writes.delete_rows("pg_description", lambda r: r.objoid == objoid
                               and r.classoid == classoid and r.objsubid == subid,
                               key=("objoid", objoid))
    if text:
        catalog_writes.insert_row("pg_description", [objoid, classoid, subid, text])
    invalidation.note_catalog_change()


# pg_description by (objoid, objsubid) -> [(classoid, description)], for the database
# it was read in; dropped with the other catalog caches (invalidation.py), since clients
# ask for one comment per table and per column (Django's inspectdb, psql's \d+).
_by_object: tuple[int, dict] | None = None


def _forget() -> None:
    global _by_object
    _by_object = None


invalidation.add_cache_reset(_forget, (2609,))          # pg_description


def _comments() -> dict:
    global _by_object
    from pgsnake.utils import process_state
    if _by_object is None or _by_object[0] != process_state.database_oid:
        table: dict = {}
        for row in cc.scan_catalog("pg_description"):
            table.setdefault((row.objoid, row.objsubid), []).append(
                (row.classoid, row.description))
        _by_object = (process_state.database_oid, table)
    return _by_object[1]


def get_comment(objoid: int, classoid: int | None, subid: int = 0) -> str | None:
    """The comment, or None; classoid None matches a comment in any catalog (the
    one-argument obj_description)."""
    for row_classoid, description in _comments().get((objoid, subid), ()):
        if classoid is None or row_classoid == classoid:
            return description
    return None


def delete_comments(objoid: int, classoid: int, subid: int | None = None) -> None:
    """Remove an object's comments (subid None: its own and its columns')."""
    _forget()
    catalog_writes.delete_rows("pg_description", lambda r: r.objoid == objoid
                               and r.classoid == classoid
                               and (subid is None or r.objsubid == subid), key=("objoid", objoid))


# -- SQL functions -------------------------------------------------------------------------------

def _catalog_oid(catalog_name: str) -> int | None:
    """The oid of the system catalog named (as the *_description functions take it)."""
    from pgsnake.catalog.sql_functions import regclass_input
    try:
        return regclass_input(f"pg_catalog.{catalog_name}")
    except Exception:
        return None


def obj_description(objoid: int, catalog_name: str | None = None):
    """obj_description(oid, catalog name) / obj_description(oid): an object's comment."""
    classoid = None
    if catalog_name is not None:
        classoid = _catalog_oid(catalog_name)
        if classoid is None:
            return None
    return get_comment(objoid, classoid, 0)


def shobj_description(objoid: int, catalog_name: str):
    """A shared object's (database, role, tablespace) comment, from pg_shdescription."""
    classoid = _catalog_oid(catalog_name)
    if classoid is None:
        return None
    return next((r.description for r in cc.scan_catalog("pg_shdescription")
                 if r.objoid == objoid and r.classoid == classoid), None)


def col_description(table_oid: int, column: int):
    return get_comment(table_oid, 1259, column)


def register_all() -> None:
    from pgsnake.datatypes import functions
    functions.register("obj_description", [26, 19], 25, obj_description, oid=1215,
                       volatility="s")
    functions.register("obj_description", [26], 25, obj_description, oid=1348,
                       volatility="s")
    functions.register("col_description", [26, 23], 25, col_description, oid=1216,
                       volatility="s")
    functions.register("shobj_description", [26, 19], 25, shobj_description,
                       oid=1993, volatility="s")
