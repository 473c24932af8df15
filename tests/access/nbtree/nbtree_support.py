# Helpers shared by the B-tree tests: index and table relations with PostgreSQL's type
# facts, and a sorted-list model of an index.
from __future__ import annotations

from pgsnake.access.common.tuple_descriptor import (Attribute, IndexDescription, Relation,
                                                     TupleDescriptor)
from pgsnake.datatypes import registry
from pgsnake.storage.smgr.relation_path import RelFileLocator


def attribute(attnum: int, name: str, type_oid: int) -> Attribute:
    info = registry.get_type(type_oid)
    return Attribute(attnum, name, type_oid, typlen=info.typlen, typbyval=info.typbyval,
                     typalign=info.typalign)


def make_index(name: str = "idx", columns=(("a", 23),), *, oid: int = 16400, unique=False,
               options=(), include=(), heap_oid: int = 16384, fillfactor: int = 90,
               nulls_not_distinct: bool = False, persistence: str = "p") -> Relation:
    atts = tuple(attribute(i + 1, col_name, type_oid)
                 for i, (col_name, type_oid) in enumerate(tuple(columns) + tuple(include)))
    description = IndexDescription(heap_oid=heap_oid, key_count=len(columns), unique=unique,
                                   options=tuple(options), fillfactor=fillfactor,
                                   nulls_not_distinct=nulls_not_distinct,
                                   deduplicate_items=False)
    return Relation(oid, name, 2200, "i", RelFileLocator(1663, 5, oid), TupleDescriptor(atts),
                    persistence=persistence, index=description)


def make_table(name: str = "t", columns=(("a", 23),), *, oid: int = 16384) -> Relation:
    atts = tuple(attribute(i + 1, col_name, type_oid) for i, (col_name, type_oid)
                 in enumerate(columns))
    return Relation(oid, name, 2200, "r", RelFileLocator(1663, 5, oid), TupleDescriptor(atts))
