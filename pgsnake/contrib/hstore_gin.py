"""gin_hstore_ops: GIN indexes on hstore for @>, ?, ?| and ?& (hstore 1.8).

Each pair of an indexed value gives two text keys: 'K' + the key and 'V' + the value
('N' alone for a NULL value). A query's keys: every key of the right-hand hstore (@>,
strategy 7: an empty one searches every row), the one key of ? (9), or the non-NULL
keys of the array of ?| (10) and ?& (11: an empty array searches every row). A row
matches @> when it has all the query's keys, rechecked against the heap (the keys do
not say which value goes with which key); ? and ?| when it has one, ?& when it has all,
with no recheck. The support functions' pg_proc rows (gin_extract_hstore,
gin_extract_hstore_query, gin_consistent_hstore) take `internal` arguments, so SQL
cannot call them; the index uses the Python functions registered with the GIN access
method (access/gin/opclass_support.py).

PostgreSQL: contrib/hstore/hstore_gin.c.
"""
from __future__ import annotations

from pgsnake.access.gin import opclass_support as gin
from pgsnake.contrib import extension_types, extensions
from pgsnake.datatypes import array_values, functions
from pgsnake.utils.errors import PgError

CONTAINS, EXISTS, EXISTS_ANY, EXISTS_ALL = 7, 9, 10, 11
INTERNAL, INT2, INT4, TEXT, TEXT_ARRAY = 2281, 21, 23, 25, 1009


def _value_keys(h) -> list:
    keys = []
    for key, value in h.pairs:
        keys.append("K" + key)
        keys.append("N" if value is None else "V" + value)
    return keys


def _extract_value(h) -> tuple[list, bool]:
    return list(dict.fromkeys(_value_keys(h))), False


def _extract_query(query, strategy: int) -> gin.QueryKeys:
    if strategy == CONTAINS:
        keys = _value_keys(query)
        return gin.QueryKeys(list(dict.fromkeys(keys)),
                             gin.SEARCH_DEFAULT if keys else gin.SEARCH_ALL,
                             n_entries=len(keys))
    if strategy == EXISTS:
        return gin.QueryKeys(["K" + query], n_entries=1)
    if strategy in (EXISTS_ANY, EXISTS_ALL):
        keys = ["K" + k for k in array_values.elements(query) if k is not None]
        mode = gin.SEARCH_ALL if strategy == EXISTS_ALL and not keys else gin.SEARCH_DEFAULT
        return gin.QueryKeys(list(dict.fromkeys(keys)), mode, n_entries=len(keys))
    raise PgError("XX000", f"unrecognized strategy number: {strategy}")


def _consistent(strategy: int, query: gin.QueryKeys, check: list) -> tuple[bool, bool]:
    if strategy == CONTAINS:
        return all(check), True
    if strategy in (EXISTS, EXISTS_ANY):
        return any(check), False
    if strategy == EXISTS_ALL:
        return all(check), False
    raise PgError("XX000", f"unrecognized strategy number: {strategy}")


def _internal_only(name: str):
    def refuse(*_args):
        raise PgError("0A000", f"function {name} is only used by GIN indexes")
    return refuse


def register(hstore_type: int) -> None:
    for name, arg_types, result in (
            ("gin_extract_hstore", (hstore_type, INTERNAL), INTERNAL),
            ("gin_extract_hstore_query", (hstore_type, INTERNAL, INT2, INTERNAL, INTERNAL),
             INTERNAL),
            ("gin_consistent_hstore", (INTERNAL, INT2, hstore_type, INT4, INTERNAL,
                                       INTERNAL), 16)):
        functions.register(name, list(arg_types), result, _internal_only(name),
                           oid=extensions.next_function_oid(), volatility="i",
                           extension="hstore")
    gin.register(gin.GinOpclass("gin_hstore_ops", lambda _key_type: (lambda k: k),
                                _extract_value, _extract_query, _consistent,
                                (CONTAINS, EXISTS, EXISTS_ANY, EXISTS_ALL)))
    extension_types.register_operator_class(extension_types.OperatorClass(
        "hstore", "gin_hstore_ops", "hstore", extension_types.GIN,
        ((CONTAINS, "@>"), (EXISTS, "?", TEXT), (EXISTS_ANY, "?|", TEXT_ARRAY),
         (EXISTS_ALL, "?&", TEXT_ARRAY)),
        ((1, "bttextcmp"), (2, "gin_extract_hstore"), (3, "gin_extract_hstore_query"),
         (4, "gin_consistent_hstore")), key_type=TEXT))
