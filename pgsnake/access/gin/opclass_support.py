"""GIN operator classes: how an indexed value becomes keys, and a query becomes a test.

A GIN index stores *keys* (array elements, jsonb paths and values, lexemes), each with
the sorted TIDs of the rows that contain it. What a key is, and how a query operator
is answered from the keys alone, is the operator class's business, behind four support
functions (PostgreSQL's amproc 2, 3, 4 and 6):

    extract_value(value) -> (keys, has_null_items)
        the distinct keys of an indexed value; has_null_items: the value also holds
        NULLs (array elements). No keys and no NULL items: the value is "empty".
    extract_query(query, strategy) -> QueryKeys
        the keys a query needs (None for a NULL key), the search mode, and any
        private data the consistent function wants.
    consistent(strategy, query_keys, check) -> (matches, recheck)
        check[i] says whether the row has query key i; may the row match, and must
        the heap row be rechecked with the real operator?

plus `sort_key(key_type)`: a function ordering keys as the class's compare function
(amproc 1) does, and, for a class whose queries have partial-match keys
(QueryKeys.partial; LEFTMOST: start at the first entry), `compare_partial` (amproc 5),
which the scan asks about each entry from the key on, in key order. Search modes (gin.h): DEFAULT (rows having some key), INCLUDE_EMPTY
(also rows with empty values), ALL (every row with a non-NULL value), EVERYTHING.
The type keys are stored as is the catalog's (pg_opclass.opckeytype, anyelement meaning
the array's element type: catalog/gin_index_catalog.py); keys are Python values of it.

Register a class with `register(GinOpclass(...))`, by its pg_opclass name; the index
finds it through IndexDescription.opclass_names. array_ops, jsonb_ops, jsonb_path_ops
and tsvector_ops (over datatypes/ts_match.py's key functions) are registered here.

PostgreSQL: access/gin/ginarrayproc.c, utils/adt/jsonb_gin.c, include/access/gin.h,
include/utils/jsonb.h (JGINFLAG_*), access/gin/ginutil.c (ginExtractEntries).
"""
from __future__ import annotations

import dataclasses
import hashlib
from decimal import Decimal
from typing import Any, Callable

from pgsnake.utils.errors import FEATURE_NOT_SUPPORTED, PgError

SEARCH_DEFAULT, SEARCH_INCLUDE_EMPTY, SEARCH_ALL, SEARCH_EVERYTHING = 0, 1, 2, 3


@dataclasses.dataclass
class QueryKeys:
    keys: list                      # key values; None = a NULL query key
    search_mode: int = SEARCH_DEFAULT
    extra: Any = None               # the consistent function's private data
    n_entries: int | None = None    # entries PostgreSQL's extractQuery reports before
                                    # duplicates go (gincostestimate counts those)
    partial: tuple | None = None    # per key: a partial-match key (the scan reads the
                                    # entries from it on, asking compare_partial)


class _Leftmost:
    """A partial-match query key below every key of the type (btree_gin's
    leftmostvalue): the scan starts at the entry tree's first entry."""

    def __repr__(self) -> str:
        return "LEFTMOST"


LEFTMOST = _Leftmost()


@dataclasses.dataclass(frozen=True)
class GinOpclass:
    name: str
    sort_key: Callable[[int], Callable[[Any], Any]]
    extract_value: Callable[[Any], tuple[list, bool]]
    extract_query: Callable[[Any, int], QueryKeys]
    consistent: Callable[[int, QueryKeys, list], tuple[bool, bool]]
    strategies: tuple[int, ...] = ()
    # amproc 5, for classes whose queries have partial-match keys:
    # compare_partial(strategy, query_keys, query_key, index_key, sort_key) -> 0 the
    # entry matches, < 0 it does not but later ones may, > 0 no later entry can (the
    # scan stops); sort_key orders keys as the entry tree does.
    compare_partial: Callable[[int, QueryKeys, Any, Any, Callable], int] | None = None


_registry: dict[str, GinOpclass] = {}


def register(opclass: GinOpclass) -> None:
    _registry[opclass.name] = opclass


def lookup(name: str) -> GinOpclass:
    try:
        return _registry[name]
    except KeyError:
        raise PgError(FEATURE_NOT_SUPPORTED,
                      f'GIN operator class "{name}" is not supported yet') from None


def supported(name: str) -> bool:
    return name in _registry


# ---------------------------------------------------------------------------------------
# array_ops: keys are the distinct non-NULL elements.

OVERLAP, CONTAINS, CONTAINED, EQUAL = 1, 2, 3, 4


def _array_sort_key(key_type: int):
    from pgsnake.access.nbtree.key_comparison import sort_key_for
    return sort_key_for(key_type)


def _flat(value) -> list:
    from pgsnake.datatypes import array_values
    return list(array_values.elements(value))


def _distinct(values: list) -> list:
    seen = []
    seen_set = set()
    for v in values:
        marker = v
        try:
            if marker in seen_set:
                continue
            seen_set.add(marker)
        except TypeError:
            if v in seen:
                continue
        seen.append(v)
    return seen


def _array_extract_value(value) -> tuple[list, bool]:
    elements = _flat(value)
    keys = _distinct([e for e in elements if e is not None])
    return keys, any(e is None for e in elements)


def _array_extract_query(query, strategy: int) -> QueryKeys:
    elements = _flat(query)
    count = len(elements)
    if strategy == OVERLAP:
        # A NULL element overlaps nothing: only the others are searched.
        return QueryKeys(_distinct([e for e in elements if e is not None]), n_entries=count)
    keys = _distinct([e for e in elements if e is not None])
    has_null = any(e is None for e in elements)
    if has_null:
        keys.append(None)
    if strategy == CONTAINS:
        return QueryKeys(keys, SEARCH_DEFAULT if keys else SEARCH_ALL, n_entries=count)
    if strategy == CONTAINED:
        return QueryKeys(keys, SEARCH_INCLUDE_EMPTY, n_entries=count)
    if strategy == EQUAL:
        return QueryKeys(keys, SEARCH_DEFAULT if keys else SEARCH_INCLUDE_EMPTY,
                         n_entries=count)
    raise PgError("XX000", f"ginqueryarrayextract: unknown strategy number: {strategy}")


def _array_consistent(strategy: int, query: QueryKeys, check: list) -> tuple[bool, bool]:
    if strategy == OVERLAP:
        return any(check), False
    if strategy == CONTAINS:
        # A NULL query element is never contained (NULL = anything is not true).
        if any(k is None for k in query.keys):
            return False, False
        return all(check), False
    if strategy == CONTAINED:
        return True, True         # the keys cannot tell which elements are missing
    if strategy == EQUAL:
        if any(k is None for k in query.keys):
            return False, False
        return all(check), True
    return False, False


register(GinOpclass("array_ops", _array_sort_key, _array_extract_value,
                    _array_extract_query, _array_consistent, (1, 2, 3, 4)))


# ---------------------------------------------------------------------------------------
# jsonb_ops: text keys, a flag character then the text; keys, string array elements
# and values are all indexed separately.

JSONB_CONTAINS, JSONB_EXISTS, JSONB_EXISTS_ANY, JSONB_EXISTS_ALL = 7, 9, 10, 11
JSONB_JSONPATH_EXISTS, JSONB_JSONPATH_PREDICATE = 15, 16

JGINFLAG_KEY, JGINFLAG_NULL, JGINFLAG_BOOL, JGINFLAG_NUM, JGINFLAG_STR = 1, 2, 3, 4, 5
JGINFLAG_HASHED = 0x10
JGIN_MAXLENGTH = 125          # longer texts are stored as a hash


def _hash32(data: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(data, digest_size=4).digest(), "little")


def _numeric_text(value: Decimal) -> str:
    """numeric_normalize: the number's text without trailing fractional zeros."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _text_key(flag: int, text: str) -> str:
    raw = text.encode("utf-8")
    if len(raw) > JGIN_MAXLENGTH:
        return chr(flag | JGINFLAG_HASHED) + f"{_hash32(raw):08x}"
    return chr(flag) + text


def _scalar_key(value, is_key: bool) -> str:
    from pgsnake.datatypes.jsonb_value import JSON_NULL
    if value is JSON_NULL:
        return _text_key(JGINFLAG_NULL, "")
    if isinstance(value, bool):
        return _text_key(JGINFLAG_BOOL, "t" if value else "f")
    if isinstance(value, Decimal):
        return _text_key(JGINFLAG_NUM, _numeric_text(value))
    return _text_key(JGINFLAG_KEY if is_key else JGINFLAG_STR, value)


def _jsonb_ops_keys(tree) -> list:
    return _distinct(_jsonb_ops_all_keys(tree))


def _jsonb_ops_all_keys(tree) -> list:
    keys = []

    def walk(node, in_array: bool):
        if isinstance(node, dict):
            for k, v in node.items():
                keys.append(_scalar_key(k, True))
                if isinstance(v, (dict, list)):
                    walk(v, False)
                else:
                    keys.append(_scalar_key(v, False))
        elif isinstance(node, list):
            for v in node:
                if isinstance(v, (dict, list)):
                    walk(v, True)
                else:
                    # String array elements are keys too: `'["a"]' ? 'a'` holds.
                    keys.append(_scalar_key(v, isinstance(v, str)))
        else:
            keys.append(_scalar_key(node, isinstance(node, str)))
    walk(tree, False)
    return keys


def _jsonb_extract_value(value) -> tuple[list, bool]:
    return _jsonb_ops_keys(value.tree), False


def _text_sort_key(_key_type: int):
    return lambda key: key.encode("utf-8")


def _jsonb_extract_query(query, strategy: int) -> QueryKeys:
    if strategy == JSONB_CONTAINS:
        raw = _jsonb_ops_all_keys(query.tree)
        keys = _distinct(raw)
        return QueryKeys(keys, SEARCH_DEFAULT if keys else SEARCH_ALL, n_entries=len(raw))
    if strategy == JSONB_EXISTS:
        return QueryKeys([_text_key(JGINFLAG_KEY, query)])
    if strategy in (JSONB_EXISTS_ANY, JSONB_EXISTS_ALL):
        raw = [_text_key(JGINFLAG_KEY, t) for t in _flat(query) if t is not None]
        keys = _distinct(raw)
        if strategy == JSONB_EXISTS_ALL and not keys:
            return QueryKeys(keys, SEARCH_ALL)
        return QueryKeys(keys, n_entries=len(raw))
    if strategy in (JSONB_JSONPATH_EXISTS, JSONB_JSONPATH_PREDICATE):
        # The jsonpath's keys are not extracted yet: every row, rechecked.
        return QueryKeys([], SEARCH_ALL)
    raise PgError("XX000", f"unrecognized strategy number: {strategy}")


def _jsonb_consistent(strategy: int, query: QueryKeys, check: list) -> tuple[bool, bool]:
    if strategy == JSONB_CONTAINS:
        return all(check), True
    if strategy == JSONB_EXISTS:
        return True, True
    if strategy == JSONB_EXISTS_ANY:
        return any(check), True
    if strategy == JSONB_EXISTS_ALL:
        return all(check), True
    return True, True                   # jsonpath: every row, rechecked


register(GinOpclass("jsonb_ops", _text_sort_key, _jsonb_extract_value,
                    _jsonb_extract_query, _jsonb_consistent, (7, 9, 10, 11, 15, 16)))


# ---------------------------------------------------------------------------------------
# jsonb_path_ops: one int4 key per value, a hash of the path of object keys leading to
# it combined with the value.

def _scalar_hash(value) -> int:
    from pgsnake.datatypes.jsonb_value import JSON_NULL
    if value is JSON_NULL:
        return 0x01
    if isinstance(value, bool):
        return 0x02 if value else 0x04
    if isinstance(value, Decimal):
        return _hash32(b"n" + _numeric_text(value).encode())
    return _hash32(value.encode("utf-8"))


def _combine(path_hash: int, value_hash: int) -> int:
    rotated = ((path_hash << 1) | (path_hash >> 31)) & 0xFFFFFFFF
    return rotated ^ value_hash


def _signed(h: int) -> int:
    return h - (1 << 32) if h & 0x80000000 else h


def _jsonb_path_keys(tree) -> list:
    return _distinct(_jsonb_path_all_keys(tree))


def _jsonb_path_all_keys(tree) -> list:
    keys = []

    def walk(node, path_hash: int):
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, _combine(path_hash, _scalar_hash(k)))
        elif isinstance(node, list):
            for v in node:
                walk(v, path_hash)
        else:
            keys.append(_signed(_combine(path_hash, _scalar_hash(node))))
    walk(tree, 0)
    return keys


def _path_extract_query(query, strategy: int) -> QueryKeys:
    if strategy == JSONB_CONTAINS:
        raw = _jsonb_path_all_keys(query.tree)
        keys = _distinct(raw)
        return QueryKeys(keys, SEARCH_DEFAULT if keys else SEARCH_ALL, n_entries=len(raw))
    if strategy in (JSONB_JSONPATH_EXISTS, JSONB_JSONPATH_PREDICATE):
        return QueryKeys([], SEARCH_ALL)
    raise PgError("XX000", f"unrecognized strategy number: {strategy}")


def _path_consistent(strategy: int, query: QueryKeys, check: list) -> tuple[bool, bool]:
    if strategy == JSONB_CONTAINS:
        return all(check), True
    return True, True


register(GinOpclass("jsonb_path_ops", lambda _t: (lambda k: k),
                    lambda value: (_jsonb_path_keys(value.tree), False),
                    _path_extract_query, _path_consistent, (7, 15, 16)))


# ---------------------------------------------------------------------------------------
# tsvector_ops: text keys, the lexemes (datatypes/ts_match.py says what a tsvector and a
# tsquery mean as keys). Strategies 1 (@@) and 2 (@@@) are the same test.

def _tsvector_extract_value(vector) -> tuple[list, bool]:
    from pgsnake.datatypes import ts_match
    return _distinct(ts_match.gin_extract_value(vector)), False


def _tsvector_extract_query(query, strategy: int) -> QueryKeys:
    """The query's lexemes, a prefix operand's (foo:*) as a partial-match key; a query
    that can match a row with none of them (a NOT at the top) reads every row and
    rechecks it."""
    from pgsnake.datatypes import ts_match
    operands = ts_match.gin_extract_query(query)
    if ts_match.gin_requires_full_scan(query):
        return QueryKeys([], SEARCH_ALL, extra=None, n_entries=len(operands))
    entries = [(lexeme, bool(prefix)) for lexeme, prefix, _weights in operands]
    distinct = _distinct(entries)
    return QueryKeys([lexeme for lexeme, _prefix in distinct], SEARCH_DEFAULT,
                     extra=(query, entries, distinct), n_entries=len(operands),
                     partial=tuple(prefix for _lexeme, prefix in distinct))


def _tsvector_consistent(strategy: int, query: QueryKeys, check: list) -> tuple[bool, bool]:
    if query.extra is None:
        return True, True
    from pgsnake.datatypes import ts_match
    tsquery, entries, distinct = query.extra
    present = dict(zip(distinct, check))
    return ts_match.gin_consistent(tsquery, [present[entry] for entry in entries])


def _tsvector_compare_partial(_strategy: int, _query: QueryKeys, prefix: str, lexeme: str,
                              _sort_key) -> int:
    """gin_cmp_prefix: a lexeme beginning with the prefix matches; in byte order every
    such lexeme follows the prefix at once, so the first that does not ends the walk."""
    return 0 if lexeme.encode("utf-8").startswith(prefix.encode("utf-8")) else 1


register(GinOpclass("tsvector_ops", _text_sort_key, _tsvector_extract_value,
                    _tsvector_extract_query, _tsvector_consistent, (1, 2),
                    compare_partial=_tsvector_compare_partial))
