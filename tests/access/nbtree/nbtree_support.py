# Helpers shared by the B-tree tests: index and table relations with PostgreSQL's type
# facts, a sorted-list model of an index's order written independently of the code under
# test, and a helper that reads a whole scan.
from __future__ import annotations

import functools

from pgsnake.access.common.tuple_descriptor import (INDOPTION_DESC, INDOPTION_NULLS_FIRST,
                                                     Attribute, IndexDescription, Relation,
                                                     TupleDescriptor)
from pgsnake.datatypes import registry
from pgsnake.storage.smgr.relation_path import RelFileLocator

from index_wal_support import page_images  # noqa: F401  (the B-tree tests import it here)


def attribute(attnum: int, name: str, type_oid: int) -> Attribute:
    info = registry.get_type(type_oid)
    return Attribute(attnum, name, type_oid, typlen=info.typlen, typbyval=info.typbyval,
                     typalign=info.typalign)


def make_index(name: str = "idx", columns=(("a", 23),), *, oid: int = 16400, unique=False,
               options=(), include=(), heap_oid: int = 16384, fillfactor: int = 90,
               nulls_not_distinct: bool = False, persistence: str = "p",
               deduplicate_items: bool = False) -> Relation:
    atts = tuple(attribute(i + 1, col_name, type_oid)
                 for i, (col_name, type_oid) in enumerate(tuple(columns) + tuple(include)))
    description = IndexDescription(heap_oid=heap_oid, key_count=len(columns), unique=unique,
                                   options=tuple(options), fillfactor=fillfactor,
                                   nulls_not_distinct=nulls_not_distinct,
                                   deduplicate_items=deduplicate_items)
    return Relation(oid, name, 2200, "i", RelFileLocator(1663, 5, oid), TupleDescriptor(atts),
                    persistence=persistence, index=description)


def make_table(name: str = "t", columns=(("a", 23),), *, oid: int = 16384) -> Relation:
    atts = tuple(attribute(i + 1, col_name, type_oid) for i, (col_name, type_oid)
                 in enumerate(columns))
    return Relation(oid, name, 2200, "r", RelFileLocator(1663, 5, oid), TupleDescriptor(atts))


def model_order(entries, options=()):
    """Sort (values, tid) pairs as PostgreSQL orders an index: column by column, NULLs
    last unless NULLS FIRST (DESC implies NULLS FIRST unless told otherwise in
    `options`), values reversed for DESC, then the heap TID ascending."""
    def cmp_value(a, b, option):
        if a is None or b is None:
            if a is None and b is None:
                return 0
            nulls_first = bool(option & INDOPTION_NULLS_FIRST)
            if a is None:
                return -1 if nulls_first else 1
            return 1 if nulls_first else -1
        result = (a > b) - (a < b)
        return -result if option & INDOPTION_DESC else result

    def cmp(x, y):
        (vx, tx), (vy, ty) = x, y
        for i, (a, b) in enumerate(zip(vx, vy)):
            option = options[i] if i < len(options) else 0
            c = cmp_value(a, b, option)
            if c:
                return c
        return (tx > ty) - (tx < ty)
    return sorted(entries, key=functools.cmp_to_key(cmp))


def scan_all(scan):
    """Every ScanItem of a scan, batch after batch."""
    out = []
    while (batch := scan.next_batch()) is not None:
        assert batch, "next_batch returned an empty batch"
        out.extend(batch)
    return out
