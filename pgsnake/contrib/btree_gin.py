"""btree_gin: GIN operator classes for scalar types, as PostgreSQL 15's extension
(version 1.3), so that one GIN index can hold a scalar column next to an array or a
document, and answer < <= = >= > on it.

    int2_ops int4_ops int8_ops float4_ops float8_ops money_ops oid_ops timestamp_ops
    timestamptz_ops time_ops timetz_ops date_ops interval_ops macaddr_ops inet_ops
    cidr_ops text_ops varchar_ops char_ops bytea_ops bit_ops varbit_ops numeric_ops
    macaddr8_ops enum_ops uuid_ops name_ops bool_ops bpchar_ops
                         the default GIN class of each type, strategies 1-5 (< <= = >= >)

A value's one key is the value itself, ordered as the type's B-tree orders it. A
query's one key: = looks the value up; >= and > are partial-match keys starting at
the value; < and <= start at the first entry (LEFTMOST, PostgreSQL's leftmost value
of the type), and compare_partial says for each entry, in key order, whether it
matches, is skipped (> at the value itself) or ends the scan (past the value). The
answers are exact: no recheck (gin_btree_consistent).

The member functions are PostgreSQL's: gin_extract_value_<type>,
gin_extract_query_<type>, gin_compare_prefix_<type> per type (varchar_ops uses
text's), gin_btree_consistent, gin_numeric_cmp and gin_enum_cmp; the support
functions are run inside the index by their Python counterparts here (a direct call
of one taking `internal` is refused). The operator families and classes with their
pg_amop / pg_amproc rows are made after the functions (`add_members`, through
catalog/operator_class_creation.py: pgsnake has no CREATE OPERATOR CLASS statement)
and become members of the extension.

PostgreSQL: contrib/btree_gin/btree_gin.c (gin_btree_extract_query,
gin_btree_compare_prefix, gin_btree_consistent), btree_gin--1.0.sql .. --1.3.sql.
"""
from __future__ import annotations

from pgsnake.access.gin import opclass_support as gin_ops
from pgsnake.contrib import extensions
from pgsnake.datatypes import functions
from pgsnake.utils.errors import PgError

EXTENSION = "btree_gin"
GIN = 2742
_INTERNAL, _ANYELEMENT, _ANYENUM = 2281, 2283, 3500
_BOOL, _INT2, _INT4, _NUMERIC = 16, 21, 23, 1700

LESS, LESS_EQUAL, EQUAL, GREATER_EQUAL, GREATER = 1, 2, 3, 4, 5

# (class name, input type, operator argument type, function suffix, compare function)
# in the order of PostgreSQL's install scripts.
CLASSES = (
    ("int2_ops", 21, 21, "int2", "btint2cmp"),
    ("int4_ops", 23, 23, "int4", "btint4cmp"),
    ("int8_ops", 20, 20, "int8", "btint8cmp"),
    ("float4_ops", 700, 700, "float4", "btfloat4cmp"),
    ("float8_ops", 701, 701, "float8", "btfloat8cmp"),
    ("money_ops", 790, 790, "money", "cash_cmp"),
    ("oid_ops", 26, 26, "oid", "btoidcmp"),
    ("timestamp_ops", 1114, 1114, "timestamp", "timestamp_cmp"),
    ("timestamptz_ops", 1184, 1184, "timestamptz", "timestamptz_cmp"),
    ("time_ops", 1083, 1083, "time", "time_cmp"),
    ("timetz_ops", 1266, 1266, "timetz", "timetz_cmp"),
    ("date_ops", 1082, 1082, "date", "date_cmp"),
    ("interval_ops", 1186, 1186, "interval", "interval_cmp"),
    ("macaddr_ops", 829, 829, "macaddr", "macaddr_cmp"),
    ("inet_ops", 869, 869, "inet", "network_cmp"),
    ("cidr_ops", 650, 869, "cidr", "network_cmp"),
    ("text_ops", 25, 25, "text", "bttextcmp"),
    ("varchar_ops", 1043, 25, "text", "bttextcmp"),
    ("char_ops", 18, 18, "char", "btcharcmp"),
    ("bytea_ops", 17, 17, "bytea", "byteacmp"),
    ("bit_ops", 1560, 1560, "bit", "bitcmp"),
    ("varbit_ops", 1562, 1562, "varbit", "varbitcmp"),
    ("numeric_ops", 1700, 1700, "numeric", "gin_numeric_cmp"),
    ("macaddr8_ops", 774, 774, "macaddr8", "macaddr8_cmp"),
    ("enum_ops", _ANYENUM, _ANYENUM, "anyenum", "gin_enum_cmp"),
    ("uuid_ops", 2950, 2950, "uuid", "uuid_cmp"),
    ("name_ops", 19, 19, "name", "btnamecmp"),
    ("bool_ops", 16, 16, "bool", "btboolcmp"),
    ("bpchar_ops", 1042, 1042, "bpchar", "bpcharcmp"),
)


# ---- the operator classes (access/gin/opclass_support.py interface) ----------------------------

def _extract_value(value) -> tuple[list, bool]:
    return [value], False


def _extract_query(query, strategy: int) -> gin_ops.QueryKeys:
    """gin_btree_extract_query: one key, partial unless the strategy is =; < and <=
    start at the leftmost entry. `extra` keeps the operand."""
    if strategy in (LESS, LESS_EQUAL):
        key, partial = gin_ops.LEFTMOST, True
    else:
        key, partial = query, strategy != EQUAL
    return gin_ops.QueryKeys([key], gin_ops.SEARCH_DEFAULT, extra=query, n_entries=1,
                             partial=(partial,))


def _compare_partial(strategy: int, query: gin_ops.QueryKeys, _query_key, key,
                     sort_key) -> int:
    """gin_btree_compare_prefix: 0 the entry satisfies the operator, < 0 skip it
    (> at the operand itself), > 0 stop (every later entry is past the operand)."""
    entry, operand = sort_key(key), sort_key(query.extra)
    cmp = (entry > operand) - (entry < operand)
    if strategy == LESS:
        return 0 if cmp < 0 else 1
    if strategy == LESS_EQUAL:
        return 0 if cmp <= 0 else 1
    if strategy == GREATER_EQUAL:
        return 0 if cmp >= 0 else 1
    if strategy == GREATER:
        return 0 if cmp > 0 else -1
    return 0 if cmp == 0 else 1


def _consistent(_strategy: int, _query: gin_ops.QueryKeys, check: list) -> tuple[bool, bool]:
    return bool(check[0]), False


def _sort_key(key_type: int):
    from pgsnake.access.nbtree.key_comparison import sort_key_for
    return sort_key_for(key_type)


for _name, *_rest in CLASSES:
    gin_ops.register(gin_ops.GinOpclass(
        name=_name, sort_key=_sort_key, extract_value=_extract_value,
        extract_query=_extract_query, consistent=_consistent,
        strategies=(LESS, LESS_EQUAL, EQUAL, GREATER_EQUAL, GREATER),
        compare_partial=_compare_partial))


# ---- the member functions ----------------------------------------------------------------------

def _register(name, arg_types, result_type, fn) -> None:
    functions.register(name, arg_types, result_type, fn, oid=extensions.next_function_oid(),
                       volatility="i", extension=EXTENSION)


def _internal(name: str):
    def refuse(*_args):
        raise PgError("0A000", f"function {name} is the GIN operator class's support "
                               f"function; pgsnake runs it inside the index only")
    return refuse


def _numeric_cmp(a, b) -> int:
    from pgsnake.access.nbtree.key_comparison import sort_key_for
    key = sort_key_for(_NUMERIC)
    ka, kb = key(a), key(b)
    return (ka > kb) - (ka < kb)


def _enum_cmp(a, b) -> int:
    return 0 if a == b else (-1 if a < b else 1)


SUPPORT_FUNCTIONS: list[tuple[str, tuple, int]] = [
    ("gin_btree_consistent", (_INTERNAL, _INT2, _ANYELEMENT, _INT4, _INTERNAL, _INTERNAL),
     _BOOL)]
_seen = set()
for _name, _type, _op_type, _suffix, _cmp in CLASSES:
    if _suffix in _seen:
        continue
    _seen.add(_suffix)
    SUPPORT_FUNCTIONS += [
        (f"gin_extract_value_{_suffix}", (_type, _INTERNAL), _INTERNAL),
        (f"gin_compare_prefix_{_suffix}", (_type, _type, _INT2, _INTERNAL), _INT4),
        (f"gin_extract_query_{_suffix}", (_type, _INTERNAL, _INT2, _INTERNAL, _INTERNAL),
         _INTERNAL)]
    if _suffix == "numeric":
        _register("gin_numeric_cmp", (_NUMERIC, _NUMERIC), _INT4, _numeric_cmp)
    if _suffix == "anyenum":
        _register("gin_enum_cmp", (_ANYENUM, _ANYENUM), _INT4, _enum_cmp)
for _name, _args, _result in SUPPORT_FUNCTIONS:
    _register(_name, _args, _result, _internal(_name))


# ---- the operator families and classes, made after the functions -------------------------------

def _comparison_operators() -> dict[tuple[str, int], int]:
    """(name, argument type) -> OID of pg_catalog's < <= = >= > on one type."""
    from pgsnake.catalog import catalog_cache as cc
    return {(r.oprname, r.oprleft): r.oid for r in cc.scan_catalog("pg_operator")
            if r.oprnamespace == 11 and r.oprleft == r.oprright
            and r.oprname in ("<", "<=", "=", ">=", ">")}


def add_members(extension_oid: int, namespace: int) -> None:
    """Per class: its family and class (default for the type), the five comparison
    operators as strategies 1-5, support functions 1 (the type's B-tree comparison),
    2, 3, 4 and 5; every family and class a member of the extension."""
    from pgsnake.catalog import catalog_cache as cc
    from pgsnake.catalog import operator_class_creation as opclasses
    from pgsnake.contrib import extension_members
    own = {(r.proname, tuple(r.proargtypes)): r.oid for r in cc.scan_catalog("pg_proc")
           if r.pronamespace == namespace and r.proname.startswith("gin_")}
    builtin_cmp = {r.proname: r.oid for r in cc.scan_catalog("pg_proc")
                   if r.pronamespace == 11 and r.proname in {c[4] for c in CLASSES}}
    consistent = own[("gin_btree_consistent", SUPPORT_FUNCTIONS[0][1])]
    operators = _comparison_operators()
    for name, in_type, op_type, suffix, cmp_name in CLASSES:
        family = opclasses.create_family(name, GIN, namespace)
        opclass = opclasses.create_class(name, GIN, namespace, family, in_type, 0,
                                         default=True)
        for strategy, operator in enumerate(("<", "<=", "=", ">=", ">"), start=1):
            opclasses.add_operator(family, GIN, strategy, operators[(operator, op_type)],
                                   op_type, op_type, opclass=opclass)
        arg = 25 if suffix == "text" else in_type        # varchar_ops uses text's
        compare = own.get((cmp_name, (arg, arg))) or builtin_cmp[cmp_name]
        support = {
            1: compare,
            2: own[(f"gin_extract_value_{suffix}", (arg, _INTERNAL))],
            3: own[(f"gin_extract_query_{suffix}", (arg, _INTERNAL, _INT2, _INTERNAL,
                                                     _INTERNAL))],
            4: consistent,
            5: own[(f"gin_compare_prefix_{suffix}", (arg, arg, _INT2, _INTERNAL))]}
        for number, function in support.items():
            opclasses.add_function(family, number, function, in_type, in_type,
                                   opclass=opclass)
        extension_members.add_member(extension_oid, opclasses.PG_OPFAMILY, family)
        extension_members.add_member(extension_oid, opclasses.PG_OPCLASS, opclass)
    opclasses.changed()


extensions.add(extensions.Extension(
    EXTENSION, "1.3", True, "support for indexing common datatypes in GIN", trusted=True,
    after_script=add_members))
