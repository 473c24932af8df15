"""What a BRIN index's catalog rows take that a B-tree's do not: the reloptions
(pages_per_range 1..131072, autosummarize), the column types it stores (the operator
class's opckeytype as it is: anyrange for range_inclusion_ops, as PostgreSQL's
pg_attribute shows), the options it refuses, and what the access method must know
about an index (access/brin's CatalogInfo: the value type of each column, the
reloptions), registered with it at import, as is the forgetting of an index's target
block when its pg_class row changes.

Entry points: BRIN, check_spec(spec, index_params), reloptions(options) -> [text],
stored_columns(columns, opclass_oids), index_info(index).

PostgreSQL: access/brin/brin.c (brinoptions, brinhandler's amcan* flags),
catalog/index.c (ConstructTupleDescriptor's opckeytype), commands/indexcmds.c.
"""
from __future__ import annotations

import dataclasses

from pgsnake.access.brin import access_method as brin
from pgsnake.access.brin import opclasses
from pgsnake.access.common import reloptions as relopts
from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import definitions as d
from pgsnake.catalog import invalidation
from pgsnake.utils.errors import FEATURE_NOT_SUPPORTED, PgError

BRIN = brin.BRIN_ACCESS_METHOD


def _refuse(what: str) -> PgError:
    return PgError(FEATURE_NOT_SUPPORTED, f'access method "brin" does not support {what}')


def check_spec(spec, index_params: list[dict]) -> None:
    """What BRIN cannot do (amcanunique, amcaninclude, amcanorder are false), in
    DefineIndex's order."""
    if spec.unique:
        raise _refuse("unique indexes")
    if spec.include_columns:
        raise _refuse("included columns")
    for wrapped in index_params:
        elem = wrapped["IndexElem"]
        if elem.get("ordering", "SORTBY_DEFAULT") != "SORTBY_DEFAULT":
            raise _refuse("ASC/DESC options")
        if elem.get("nulls_ordering", "SORTBY_NULLS_DEFAULT") != "SORTBY_NULLS_DEFAULT":
            raise _refuse("NULLS FIRST/LAST options")


def reloptions(options) -> list[str]:
    return relopts.as_texts(relopts.checked(options, relopts.BRIN))


def stored_columns(columns: list, opclass_oids: list[int]) -> list:
    """The index columns with their opclass's opckeytype; the classes the access
    method does not implement are refused here (0A000)."""
    by_oid = {r.oid: r for r in cc.scan_catalog("pg_opclass")}
    out = []
    for column, opclass_oid in zip(columns, opclass_oids):
        row = by_oid.get(opclass_oid)
        if row is not None:
            opclasses.refuse(row.opcname)
            if row.opckeytype and row.opckeytype != column.type_oid:
                column = dataclasses.replace(column, type_oid=row.opckeytype, typmod=-1)
        out.append(column)
    return out + list(columns[len(opclass_oids):])


def _base_type(type_oid: int) -> int:
    row = cc.get_type_row(type_oid)
    while row is not None and row.typtype == "d":
        type_oid = row.typbasetype
        row = cc.get_type_row(type_oid)
    return type_oid


def index_info(index) -> brin.CatalogInfo:
    """The access method's CatalogInfo of a BRIN index: values of a plain column are of
    the table column's type (its base type for a domain), an expression's of the
    index column's."""
    heap = cc.get_relation(index.index.heap_oid)
    types = []
    for position, attnum in enumerate(index.index.heap_attnums[:index.index.key_count]):
        if attnum > 0 and heap is not None:
            types.append(_base_type(heap.descriptor.attributes[attnum - 1].type_oid))
        else:
            types.append(index.descriptor.attributes[position].type_oid)
    row = cc.class_row(index.oid)
    options = [tuple(o.split("=", 1)) for o in (row.reloptions or ())] if row is not None \
        else []
    pages_per_range = relopts.integer_value(options, "pages_per_range") \
        or brin.DEFAULT_PAGES_PER_RANGE
    autosummarize = (relopts.option_value(options, "autosummarize") or "off").lower() \
        in ("on", "true", "yes", "1", "t", "y")
    from pgsnake.catalog import opclass_options
    attoptions = {r.attnum: r.attoptions for r in cc.attribute_rows(index.oid)}
    column_options = tuple(tuple(opclass_options.values(attoptions.get(i + 1)))
                           for i in range(len(types)))
    return brin.CatalogInfo(tuple(types), pages_per_range, autosummarize, column_options)


def _forget_target_blocks(messages) -> None:
    """A BRIN index's target block lives in its relcache entry in PostgreSQL: a change
    to its pg_class row (or a cache reset) forgets it."""
    for catalog, key in messages:
        if catalog == 0:
            brin.forget_target_blocks()
        elif catalog == d.PG_CLASS_OID:
            brin.forget_target_block(key)


brin.set_catalog_info(index_info)
invalidation.add_invalidation_handler(_forget_target_blocks)
