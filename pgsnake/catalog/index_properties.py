"""pg_indexam_has_property(am, property) and pg_index_has_property(index, property):
what an index access method can do, as its handler's flags say in PostgreSQL.

Access method properties: can_order, can_unique, can_multi_col, can_exclude (it can
fetch single tuples), can_include. Index properties: clusterable, index_scan,
bitmap_scan, backward_scan. Property names match in any case; an unknown property, an
OID that is no index access method or no index, gives NULL.

Where we differ from PostgreSQL: pg_index_column_has_property is not implemented yet
(still refused with 0A000 naming it).

Entry point: register_sql_functions() (from catalog/sql_functions.py).

PostgreSQL: access/index/amapi.c, utils/adt/amutils.c (indexam_property,
pg_indexam_has_property, pg_index_has_property), each AM's handler (bthandler,
hashhandler, gisthandler, ginhandler, spghandler, brinhandler).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache as cc

OID, REGCLASS, TEXT, BOOL = 26, 2205, 25, 16

# amname -> (amcanorder, amcanunique, amcanmulticol, amgettuple, amcaninclude,
#            amclusterable, amgetbitmap, amcanbackward)
_CAPABILITIES = {
    "btree": (True, True, True, True, True, True, True, True),
    "hash": (False, False, False, True, False, False, True, True),
    "gist": (False, False, True, True, True, True, True, False),
    "gin": (False, False, True, False, False, False, True, False),
    "spgist": (False, False, False, True, True, False, True, False),
    "brin": (False, False, True, False, False, False, True, False),
}
_AM_PROPERTIES = {"can_order": 0, "can_unique": 1, "can_multi_col": 2, "can_exclude": 3,
                  "can_include": 4}
_INDEX_PROPERTIES = {"clusterable": 5, "index_scan": 3, "bitmap_scan": 6,
                     "backward_scan": 7}


def _capabilities(am_oid: int):
    row = next((r for r in cc.scan_catalog("pg_am") if r.oid == am_oid), None)
    if row is None or row.amtype != "i":
        return None
    return _CAPABILITIES.get(row.amname)


def indexam_has_property(am_oid: int, name: str):
    flags = _capabilities(am_oid)
    position = _AM_PROPERTIES.get(name.lower())
    return None if flags is None or position is None else flags[position]


def index_has_property(index_oid: int, name: str):
    row = cc.class_row(index_oid)
    if row is None or row.relkind not in ("i", "I"):
        return None
    flags = _capabilities(row.relam)
    position = _INDEX_PROPERTIES.get(name.lower())
    return None if flags is None or position is None else flags[position]


def register_sql_functions() -> None:
    from pgsnake.datatypes import functions
    functions.register("pg_indexam_has_property", [OID, TEXT], BOOL, indexam_has_property,
                       oid=636, volatility="s")
    functions.register("pg_index_has_property", [REGCLASS, TEXT], BOOL, index_has_property,
                       oid=637, volatility="s")
