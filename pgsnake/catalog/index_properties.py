"""pg_indexam_has_property(am, property) and pg_index_has_property(index, property):
what an index access method can do, as its handler's flags say in PostgreSQL.

Access method properties: can_order, can_unique, can_multi_col, can_exclude (it can
fetch single tuples), can_include. Index properties: clusterable, index_scan,
bitmap_scan, backward_scan. Property names match in any case; an unknown property, an
OID that is no index access method or no index, gives NULL.

pg_index_column_has_property(index, column, property): asc, desc, nulls_first,
nulls_last (the column's pg_index.indoption bits, where the AM orders), orderable,
distance_orderable, returnable, search_array, search_nulls; an INCLUDE column has only
orderable / distance_orderable (false; NULL in GiST) and returnable (NULL in GiST). B-tree columns are all
returnable; a GiST column is distance-orderable when its operator family has a distance
function (support 8) and returnable when it has a fetch function (9) or no compress
function (3); an SP-GiST column is distance-orderable when its family has an ORDER BY
operator, and returnable unless its operator class is poly_ops (the one built-in
SP-GiST class whose config says it cannot return data); hash, GIN and BRIN columns
are never returnable nor distance-orderable.

Entry point: register_sql_functions() (from catalog/sql_functions.py).

PostgreSQL: access/index/amapi.c, utils/adt/amutils.c (indexam_property,
pg_indexam_has_property, pg_index_has_property, pg_index_column_has_property), each AM's
handler (bthandler, hashhandler, gisthandler, ginhandler, spghandler, brinhandler) and
property routine (btproperty, gistproperty, spgproperty).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache as cc

OID, REGCLASS, TEXT, BOOL, INT4 = 26, 2205, 25, 16, 23

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


# amname -> (amsearcharray, amsearchnulls, amcanorderbyop)
_SEARCH = {"btree": (True, True, False), "hash": (False, False, False),
           "gist": (False, True, True), "gin": (False, False, False),
           "spgist": (False, True, True), "brin": (False, True, False)}
_DESC, _NULLS_FIRST = 1, 2          # pg_index.indoption bits
_ORDER_BITS = {"asc": (_DESC, 0), "desc": (_DESC, _DESC),
               "nulls_first": (_NULLS_FIRST, _NULLS_FIRST), "nulls_last": (_NULLS_FIRST, 0)}


def _column_opclass(index, attno: int):
    """(operator family, input type, operator class name) of an index column."""
    opclass = index.indclass[attno - 1]
    row = next((r for r in cc.scan_catalog("pg_opclass") if r.oid == opclass), None)
    return (0, 0, "") if row is None else (row.opcfamily, row.opcintype, row.opcname)


def _has_support(family: int, type_oid: int, number: int) -> bool:
    return any(r.amprocfamily == family and r.amproclefttype == type_oid
               and r.amprocrighttype == type_oid and r.amprocnum == number
               for r in cc.scan_catalog("pg_amproc"))


def _am_specific(amname: str, index, attno: int, name: str):
    """btproperty / gistproperty / spgproperty: (answered, value)."""
    if amname == "btree" and name == "returnable":
        return True, True
    if amname in ("gist", "spgist") and name in ("returnable", "distance_orderable"):
        if attno > index.indnkeyatts:          # an INCLUDE column (no operator class)
            return True, (True if amname == "spgist" and name == "returnable" else None)
        family, type_oid, opclass_name = _column_opclass(index, attno)
        if amname == "gist":
            if name == "distance_orderable":
                return True, _has_support(family, type_oid, 8)
            return True, (_has_support(family, type_oid, 9)
                          or not _has_support(family, type_oid, 3))
        if name == "distance_orderable":
            return True, any(r.amopfamily == family and r.amoplefttype == type_oid
                             and r.amoppurpose == "o" for r in cc.scan_catalog("pg_amop"))
        return True, opclass_name != "poly_ops"
    return False, None


def index_column_has_property(index_oid: int, attno: int, name: str):
    if attno <= 0:
        return None
    row = cc.class_row(index_oid)
    if row is None or row.relkind not in ("i", "I") or attno > row.relnatts:
        return None
    am = next((r for r in cc.scan_catalog("pg_am") if r.oid == row.relam), None)
    flags = _CAPABILITIES.get(am.amname) if am is not None else None
    index = cc.index_row(index_oid)
    if flags is None or index is None:
        return None
    name = name.lower()
    answered, value = _am_specific(am.amname, index, attno, name)
    if answered:
        return value
    can_order, can_include = flags[0], flags[4]
    search_array, search_nulls, order_by_op = _SEARCH[am.amname]
    is_key = not (can_include and attno > index.indnkeyatts)
    if name in _ORDER_BITS:
        if not is_key:
            return None
        mask, expect = _ORDER_BITS[name]
        return can_order and (index.indoption[attno - 1] & mask) == expect
    if name == "orderable":
        return is_key and can_order
    if name == "distance_orderable":
        return False if not is_key or not order_by_op else None
    if name == "returnable":
        return False                 # the AMs that can return data answered above
    if name == "search_array":
        return search_array if is_key else None
    if name == "search_nulls":
        return search_nulls if is_key else None
    return None


def register_sql_functions() -> None:
    from pgsnake.datatypes import functions
    functions.register("pg_indexam_has_property", [OID, TEXT], BOOL, indexam_has_property,
                       oid=636, volatility="s")
    functions.register("pg_index_has_property", [REGCLASS, TEXT], BOOL, index_has_property,
                       oid=637, volatility="s")
    functions.register("pg_index_column_has_property", [REGCLASS, INT4, TEXT], BOOL,
                       index_column_has_property, oid=638, volatility="s")
