"""What a GIN index's catalog rows say that a B-tree's do not: its columns store the
operator class's key type (pg_opclass.opckeytype: text for jsonb_ops, int4 for
jsonb_path_ops, the element type for array_ops' anyelement), the reloptions it takes
(fastupdate, gin_pending_list_limit), and the column options it refuses.

Entry points: stored_columns(columns, opclass_oids), reloptions(options) -> [text],
check_column_options(spec).

PostgreSQL: catalog/index.c (ConstructTupleDescriptor's opckeytype), access/gin/
ginutil.c (ginoptions), commands/indexcmds.c (ComputeIndexAttrs' amcan* checks).
"""
from __future__ import annotations

import dataclasses

from pgsnake.access.common import reloptions as relopts
from pgsnake.catalog import catalog_cache as cc
from pgsnake.utils.errors import FEATURE_NOT_SUPPORTED, PgError

_ANYELEMENT = 2283
_ANYRANGE = 3831


def stored_columns(columns: list, opclass_oids: list[int]) -> list:
    """The index columns with the type their keys are stored as."""
    by_oid = {r.oid: r for r in cc.scan_catalog("pg_opclass")}
    out = []
    for column, opclass_oid in zip(columns, opclass_oids):
        row = by_oid.get(opclass_oid)
        key_type = row.opckeytype if row is not None else 0
        if key_type == _ANYELEMENT:
            type_row = cc.get_type_row(column.type_oid)
            while type_row is not None and type_row.typtype == "d":
                type_row = cc.get_type_row(type_row.typbasetype)
            key_type = type_row.typelem if type_row is not None else 0
        if key_type == _ANYRANGE:                # GiST multirange_ops: its range type
            key_type = next((r.rngtypid for r in cc.scan_catalog("pg_range")
                             if r.rngmultitypid == column.type_oid), 0)
        if key_type:
            collation = cc.get_type_row(key_type).typcollation if key_type == 25 else 0
            column = dataclasses.replace(column, type_oid=key_type, typmod=-1,
                                         collation=collation if column.collation else 0)
        out.append(column)
    return out + list(columns[len(opclass_oids):])


def reloptions(options) -> list[str]:
    """WITH (fastupdate = ..., gin_pending_list_limit = ...) as pg_class.reloptions."""
    return relopts.as_texts(relopts.checked(options, relopts.GIN))


def check_spec(spec) -> None:
    """What GIN cannot do (its amcanunique, amcaninclude, amcanorder are false)."""
    if spec.unique:
        raise PgError(FEATURE_NOT_SUPPORTED,
                      'access method "gin" does not support unique indexes')
    if spec.include_columns:
        raise PgError(FEATURE_NOT_SUPPORTED,
                      'access method "gin" does not support included columns')
    if any(options for _name, options in spec.key_columns):
        raise PgError(FEATURE_NOT_SUPPORTED,
                      'access method "gin" does not support ASC/DESC options')
