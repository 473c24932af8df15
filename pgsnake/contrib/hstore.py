"""hstore 1.8: sets of (key, value) string pairs in one value, as PostgreSQL 15's extension.

The values, their text, binary and stored forms and their ordering are in
hstore_value.py; this module registers the type (extension_types), its functions and
the rest of its install script:

    h -> 'k' (fetchval), h -> '{a,b}' (slice_array), h ? 'k' (exist), h ?| / ?& text[]
    (exists_any / exists_all), h @> h / h <@ h (hs_contains / hs_contained), h || h
    (hs_concat), h - 'k' / text[] / hstore (delete), %% h (hstore_to_array), %# h
    (hstore_to_matrix), = <> and #<# #<=# #># #>=# (btree order)
    hstore(text, text), hstore(text[], text[]), hstore(text[]) (also the text[] cast),
    tconvert, akeys, avals, skeys, svals, each, exist / isexists, defined / isdefined,
    slice, delete, hstore_to_json(_loose), hstore_to_jsonb(_loose) (and the json /
    jsonb casts), hstore_cmp / eq / ... , hstore_hash(_extended), hstore_version_diag

and the operator classes btree_hstore_ops (btree), hash_hstore_ops (hash) and
gin_hstore_ops (hstore_gin.py); h['key'] is fetchval's fetch (hstore_subscript_handler).

PostgreSQL: contrib/hstore/hstore_io.c, hstore_op.c, hstore--1.4.sql and its updates
to 1.8.
"""
from __future__ import annotations

import re

from pgsnake.access.hash import hash_functions
from pgsnake.contrib import (extension_types, extensions, hstore_gin, hstore_gist,
                             hstore_records, hstore_value)
from pgsnake.contrib.hstore_value import Hstore
from pgsnake.datatypes import array_values, functions, json_text, jsonb_value, numeric
from pgsnake.datatypes.type_info import TypeInfo
from pgsnake.utils.errors import PgError

EXTENSION = "hstore"
TEXT, BOOL, INT4, INT8, BYTEA, CSTRING, INTERNAL = 25, 16, 23, 20, 17, 2275, 2281
TEXT_ARRAY, JSON, JSONB = 1009, 114, 3802
ARRAY_SUBSCRIPT_ERROR, NULL_VALUE_NOT_ALLOWED = "2202E", "22004"
_JSON_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")


def _make_info(oid: int, name: str, sql_name: str, array_oid: int) -> TypeInfo:
    info = TypeInfo(oid, name, -1, False, "i", "U", False, array_oid, 0, sql_name)
    info.input = lambda text, typmod=-1: hstore_value.parse(text)
    info.output = hstore_value.output
    info.receive = hstore_value.receive
    info.send = hstore_value.send
    info.pack = hstore_value.pack
    info.unpack = hstore_value.unpack
    return info


HSTORE_TYPE = extension_types.register_type(extension_types.BaseType(
    EXTENSION, "hstore", "hstore_in", "hstore_out", "hstore_recv", "hstore_send",
    _make_info, hash_extended=lambda value, seed: hash_functions.hash_bytes_extended(
        hstore_value.pack(value), seed), storage="x"))
HSTORE = HSTORE_TYPE.placeholder


def _register(name: str, arg_types, result_type: int, fn, volatility: str = "i",
              **options) -> None:
    functions.register(name, list(arg_types), result_type, fn,
                       oid=extensions.next_function_oid(), volatility=volatility,
                       extension=EXTENSION, **options)


# ---------------------------------------------------------------------------------------
# the functions


def _keys_of(array: list) -> list:
    """A one-dimensional (or empty) text[] of keys; NULL elements stay NULL."""
    if array and isinstance(array[0], list):
        raise PgError(ARRAY_SUBSCRIPT_ERROR, "wrong number of array subscripts")
    return list(array)


def _slice_array(h: Hstore, keys: list) -> list:
    if array_values.dimensions(keys) and len(array_values.dimensions(keys)) > 1:
        out = [[None if k is None else h.get(k) for k in row] for row in keys]
    else:
        out = [None if k is None else h.get(k) for k in keys]
    return array_values.with_lower_bounds(out, array_values.lower_bounds(keys))


def _exists_any(h: Hstore, keys: list) -> bool:
    return any(k is not None and k in h for k in array_values.elements(keys))


def _exists_all(h: Hstore, keys: list) -> bool:
    return all(k is None or k in h for k in array_values.elements(keys))


def _contains(a: Hstore, b: Hstore) -> bool:
    values = a.as_dict()
    return all(k in values and values[k] == v for k, v in b.pairs)


def _concat(a: Hstore, b: Hstore) -> Hstore:
    merged = a.as_dict()
    merged.update(b.pairs)
    return hstore_value.from_pairs(merged.items())


def _delete_key(h: Hstore, key: str) -> Hstore:
    return Hstore(tuple(p for p in h.pairs if p[0] != key))


def _delete_keys(h: Hstore, keys: list) -> Hstore:
    doomed = {k for k in array_values.elements(keys) if k is not None}
    return Hstore(tuple(p for p in h.pairs if p[0] not in doomed))


def _delete_pairs(h: Hstore, other: Hstore) -> Hstore:
    values = other.as_dict()
    return Hstore(tuple((k, v) for k, v in h.pairs if k not in values or values[k] != v))


def _slice(h: Hstore, keys: list) -> Hstore:
    wanted = {k for k in array_values.elements(keys) if k is not None}
    return Hstore(tuple(p for p in h.pairs if p[0] in wanted))


def _from_text(key, value):
    if key is None:
        return None
    return Hstore(((key, value),))


def _from_arrays(keys, values):
    if keys is None:
        return None
    if array_values.dimensions(keys) and len(array_values.dimensions(keys)) > 1:
        raise PgError(ARRAY_SUBSCRIPT_ERROR, "wrong number of array subscripts")
    if values is None:
        values = [None] * len(keys)
    else:
        if array_values.dimensions(values) and len(array_values.dimensions(values)) > 1:
            raise PgError(ARRAY_SUBSCRIPT_ERROR, "wrong number of array subscripts")
        if (keys or values) and (len(keys) != len(values) or array_values.lower_bounds(keys)
                                 != array_values.lower_bounds(values)):
            raise PgError(ARRAY_SUBSCRIPT_ERROR, "arrays must have same bounds")
    if any(k is None for k in keys):
        raise PgError(NULL_VALUE_NOT_ALLOWED, "null value not allowed for hstore key")
    return hstore_value.from_pairs(zip(keys, values))


def _from_array(array: list) -> Hstore:
    dimensions = array_values.dimensions(array)
    if not dimensions:
        return Hstore(())
    if len(dimensions) == 1:
        if dimensions[0] % 2:
            raise PgError(ARRAY_SUBSCRIPT_ERROR, "array must have even number of elements")
        flat = list(array)
    elif len(dimensions) == 2:
        if dimensions[1] != 2:
            raise PgError(ARRAY_SUBSCRIPT_ERROR, "array must have two columns")
        flat = list(array_values.elements(array))
    else:
        raise PgError(ARRAY_SUBSCRIPT_ERROR, "wrong number of array subscripts")
    pairs = list(zip(flat[0::2], flat[1::2]))
    if any(k is None for k, _v in pairs):
        raise PgError(NULL_VALUE_NOT_ALLOWED, "null value not allowed for hstore key")
    return hstore_value.from_pairs(pairs)


def _to_matrix(h: Hstore) -> list:
    return [[k, v] for k, v in h.pairs]


def _to_json(h: Hstore, loose: bool = False) -> str:
    items = []
    for key, value in h.pairs:
        if value is None:
            text = "null"
        elif loose and value in ("t", "f"):
            text = "true" if value == "t" else "false"
        elif loose and _JSON_NUMBER.fullmatch(value):
            text = value
        else:
            text = json_text.escape_string(value)
        items.append(f"{json_text.escape_string(key)}: {text}")
    return "{" + ", ".join(items) + "}"


def _to_jsonb(h: Hstore, loose: bool = False) -> jsonb_value.Jsonb:
    tree = {}
    for key, value in h.pairs:
        if value is None:
            item = jsonb_value.JSON_NULL
        elif loose and value in ("t", "f"):
            item = value == "t"
        elif loose and _JSON_NUMBER.fullmatch(value):
            item = numeric.numeric_input(value)
        else:
            item = value
        tree[key] = item
    return jsonb_value.Jsonb(jsonb_value.normalize_object(tree.items()))


def _hash(h: Hstore) -> int:
    value = hash_functions.hash_bytes(hstore_value.pack(h))
    return value - (1 << 32) if value >= 1 << 31 else value


def _hash_extended(h: Hstore, seed: int) -> int:
    value = hash_functions.hash_bytes_extended(hstore_value.pack(h), seed & (2**64 - 1))
    return value - (1 << 64) if value >= 1 << 63 else value


def _register_all() -> None:
    h = HSTORE
    _register("hstore_in", (CSTRING,), h, hstore_value.parse)
    _register("hstore_out", (h,), CSTRING, hstore_value.output)
    _register("hstore_recv", (INTERNAL,), h, hstore_value.receive)
    _register("hstore_send", (h,), BYTEA, hstore_value.send)
    _register("hstore_version_diag", (h,), INT4, lambda _h: 2)
    _register("fetchval", (h, TEXT), TEXT, lambda hs, k: hs.get(k))
    _register("slice_array", (h, TEXT_ARRAY), TEXT_ARRAY, _slice_array)
    _register("slice", (h, TEXT_ARRAY), h, _slice)
    for name in ("isexists", "exist"):
        _register(name, (h, TEXT), BOOL, lambda hs, k: k in hs)
    _register("exists_any", (h, TEXT_ARRAY), BOOL, _exists_any)
    _register("exists_all", (h, TEXT_ARRAY), BOOL, _exists_all)
    for name in ("isdefined", "defined"):
        _register(name, (h, TEXT), BOOL, lambda hs, k: hs.get(k) is not None)
    _register("delete", (h, TEXT), h, _delete_key)
    _register("delete", (h, TEXT_ARRAY), h, _delete_keys)
    _register("delete", (h, h), h, _delete_pairs)
    _register("hs_concat", (h, h), h, _concat)
    _register("hs_contains", (h, h), BOOL, _contains)
    _register("hs_contained", (h, h), BOOL, lambda a, b: _contains(b, a))
    for name in ("tconvert", "hstore"):
        _register(name, (TEXT, TEXT), h, _from_text, strict=False)
    _register("hstore", (TEXT_ARRAY, TEXT_ARRAY), h, _from_arrays, strict=False)
    _register("hstore", (TEXT_ARRAY,), h, _from_array)
    _register("akeys", (h,), TEXT_ARRAY, lambda hs: [k for k, _v in hs.pairs])
    _register("avals", (h,), TEXT_ARRAY, lambda hs: [v for _k, v in hs.pairs])
    _register("skeys", (h,), TEXT, lambda hs: iter([k for k, _v in hs.pairs]),
              returns_set=True)
    _register("svals", (h,), TEXT, lambda hs: iter([v for _k, v in hs.pairs]),
              returns_set=True)
    _register("each", (h,), 2249, lambda hs: iter(list(hs.pairs)), returns_set=True,
              out_columns=(("key", TEXT), ("value", TEXT)))
    _register("hstore_to_array", (h,), TEXT_ARRAY,
              lambda hs: [x for pair in hs.pairs for x in pair])
    _register("hstore_to_matrix", (h,), TEXT_ARRAY, _to_matrix)
    _register("hstore_to_json", (h,), JSON, _to_json)
    _register("hstore_to_json_loose", (h,), JSON, lambda hs: _to_json(hs, True))
    _register("hstore_to_jsonb", (h,), JSONB, _to_jsonb)
    _register("hstore_to_jsonb_loose", (h,), JSONB, lambda hs: _to_jsonb(hs, True))
    both = (h, h)
    _register("hstore_cmp", both, INT4, hstore_value.compare)
    for name, test in (("eq", lambda c: c == 0), ("ne", lambda c: c != 0),
                       ("lt", lambda c: c < 0), ("le", lambda c: c <= 0),
                       ("gt", lambda c: c > 0), ("ge", lambda c: c >= 0)):
        _register(f"hstore_{name}", both, BOOL,
                  lambda a, b, t=test: t(hstore_value.compare(a, b)))
    _register("hstore_hash", (h,), INT4, _hash)
    _register("hstore_hash_extended", (h, INT8), INT8, _hash_extended)


# ---------------------------------------------------------------------------------------
# the install script's operators and casts

_T = "@extschema@.hstore"


def _operator(name: str, left: str | None, right: str, function: str, extra: str = "") -> str:
    items = ([f"LEFTARG = {left}"] if left else []) + [
        f"RIGHTARG = {right}", f"FUNCTION = @extschema@.{function}"]
    if extra:
        items.append(extra)
    return f"CREATE OPERATOR @extschema@.{name} ({', '.join(items)})"


def _script() -> tuple[str, ...]:
    matching = "RESTRICT = matchingsel, JOIN = matchingjoinsel"
    statements = [
        _operator("->", _T, "text", "fetchval"),
        _operator("->", _T, "text[]", "slice_array"),
        _operator("?", _T, "text", "exist", matching),
        _operator("?|", _T, "text[]", "exists_any", matching),
        _operator("?&", _T, "text[]", "exists_all", matching),
        _operator("-", _T, "text", "delete"),
        _operator("-", _T, "text[]", "delete"),
        _operator("-", _T, _T, "delete"),
        _operator("||", _T, _T, "hs_concat"),
        _operator("@>", _T, _T, "hs_contains", f"COMMUTATOR = <@, {matching}"),
        _operator("<@", _T, _T, "hs_contained", f"COMMUTATOR = @>, {matching}"),
        _operator("%%", None, _T, "hstore_to_array"),
        _operator("%#", None, _T, "hstore_to_matrix"),
        _operator("=", _T, _T, "hstore_eq", "COMMUTATOR = =, NEGATOR = <>, "
                  "RESTRICT = eqsel, JOIN = eqjoinsel, MERGES, HASHES"),
        _operator("<>", _T, _T, "hstore_ne", "COMMUTATOR = <>, NEGATOR = =, "
                  "RESTRICT = neqsel, JOIN = neqjoinsel"),
    ]
    for name, function, commutator, negator, selectivity in (
            ("#<#", "hstore_lt", "#>#", "#>=#", "lt"), ("#<=#", "hstore_le", "#>=#", "#>#", "le"),
            ("#>#", "hstore_gt", "#<#", "#<=#", "gt"), ("#>=#", "hstore_ge", "#<=#", "#<#", "ge")):
        statements.append(_operator(
            name, _T, _T, function, f"COMMUTATOR = {commutator}, NEGATOR = {negator}, "
            f"RESTRICT = scalar{selectivity}sel, JOIN = scalar{selectivity}joinsel"))
    statements += [
        f"CREATE CAST (text[] AS {_T}) WITH FUNCTION @extschema@.hstore(text[])",
        f"CREATE CAST ({_T} AS json) WITH FUNCTION @extschema@.hstore_to_json({_T})",
        f"CREATE CAST ({_T} AS jsonb) WITH FUNCTION @extschema@.hstore_to_jsonb({_T})",
    ]
    return tuple(statements)


def _subscript_key(pstate, indirection: list):
    """hstore_subscript_transform's one subscript, not a slice, as text (assignment)."""
    from pgsnake.parser import coercion
    from pgsnake.parser.transform_expression import leftmost_location, transform_expression
    index = indirection[0]["A_Indices"]
    if len(indirection) != 1 or index.get("is_slice"):
        raise PgError("0A000", "hstore allows only one subscript")
    node = index["uidx"]
    return coercion.coerce_or_error(pstate, transform_expression(pstate, node), TEXT, -1,
                                    "assignment", pstate.position(leftmost_location(node)))


def _transform_subscript(pstate, arg, indirection: list):
    """h['key']: fetchval's fetch."""
    if extension_types.placeholder_of(arg.type_oid) != HSTORE:
        return None
    from pgsnake.parser.expression_nodes import FuncExpr
    key = _subscript_key(pstate, indirection)
    return FuncExpr("fetchval", 0, lambda h, k: h.get(k), (arg, key), TEXT)


def _assign(h, key, value):
    """hstore_subscript_assign: the pair set (a NULL hstore starts empty)."""
    if key is None:
        raise PgError(NULL_VALUE_NOT_ALLOWED, "hstore subscript in assignment must not be null")
    return _concat(h if h is not None else Hstore(()), Hstore(((key, value),)))


def _transform_assignment(pstate, current, type_oid: int, indirection: list, value, coerce):
    """SET h['key'] = value: the value as text (assignment), the pair replaced or added."""
    if extension_types.placeholder_of(type_oid) != HSTORE:
        return None
    from pgsnake.parser.expression_nodes import FuncExpr
    key = _subscript_key(pstate, indirection)
    return FuncExpr("hstore_subscript_assign", 0, _assign,
                    (current, key, coerce(value, TEXT, -1)), type_oid, strict=False)


_register_all()
extension_types.register_operator_class(extension_types.OperatorClass(
    EXTENSION, "btree_hstore_ops", "hstore", extension_types.BTREE,
    ((1, "#<#"), (2, "#<=#"), (3, "="), (4, "#>=#"), (5, "#>#")), ((1, "hstore_cmp"),)))
extension_types.register_operator_class(extension_types.OperatorClass(
    EXTENSION, "hash_hstore_ops", "hstore", extension_types.HASH,
    ((1, "="),), ((1, "hstore_hash"), (2, "hstore_hash_extended"))))
hstore_gin.register(HSTORE)
hstore_gist.register(HSTORE)
hstore_records.register(HSTORE)
extensions.add(extensions.Extension(
    EXTENSION, "1.8", True, "data type for storing sets of (key, value) pairs",
    script=_script() + hstore_records.SCRIPT, parallel="s", trusted=True))


def _install_subscripting() -> None:
    from pgsnake.parser import array_expressions
    array_expressions.register_extension_subscripting(
        _transform_subscript, _transform_assignment, "hstore_subscript_assign")


_install_subscripting()
