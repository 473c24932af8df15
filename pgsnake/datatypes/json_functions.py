"""Operators, functions, casts and aggregates of json and jsonb.

Entry points (called once by the registries, which pass in what they need so that this
module never imports them):
    install_operators(register)                      operators.py
    install_functions(register, register_resolver)   functions.py
    install_aggregates(register_resolver)            aggregates.py
    CASTS                                            casts.py: (source, target) -> fn
    to_json_text(value, type_oid) / to_jsonb_tree(value, type_oid)

Values: json is its text (str), jsonb a jsonb_value.Jsonb, text[] a list of str/None.
Functions that take "any" or anyelement (to_json, json_build_object, json_agg, ...)
are resolved per call by a resolver that binds the argument types into the
implementation, since the conversion to JSON depends on each argument's type.

Every OID and signature comes from json_catalog_facts (PostgreSQL's pg_proc/pg_operator).

PostgreSQL: utils/adt/json.c (to_json, json_build_*, json_agg, datum_to_json),
utils/adt/jsonb.c (to_jsonb, jsonb_build_*, jsonb_agg, casts), utils/adt/jsonfuncs.c
(-> ->> #> #>>, *_each, *_array_elements, *_object_keys, jsonb_set/insert/delete,
strip_nulls, pretty, concat), utils/adt/jsonb_op.c (? ?| ?& @> <@, comparisons).
"""
from __future__ import annotations

import math
from decimal import Decimal
from typing import Any, Callable

from pgsnake.datatypes import (datetime_types as dtt, floats, json_text, jsonpath, numeric,
                               registry)
from pgsnake.datatypes.json_catalog_facts import PROCS
from pgsnake.datatypes.jsonb_value import (JSON_NULL, Jsonb, compare, from_node,
                                           normalize_object, pretty_text, scalar_text,
                                           to_text, type_name)
from pgsnake.utils.errors import (PgError, INVALID_PARAMETER_VALUE,
                                  INVALID_TEXT_REPRESENTATION)

JSON, JSONB, JSONPATH, TEXT, INT4, BOOL, TEXT_ARRAY = 114, 3802, 4072, 25, 23, 16, 1009
UNKNOWN, RECORD = 705, 2249
NULL_VALUE_NOT_ALLOWED = "22004"
_PROC_BY_OID = {row[0]: row for row in PROCS}


# ---------------------------------------------------------------- json (text) access

def _parse_json(text: str):
    return json_text.parse(text)


def _json_node_text(text: str, node) -> str:
    return text[node[2]:node[3]]


def _json_node_as_text(text: str, node) -> str | None:
    """->> on json: strings de-escaped, null as SQL NULL, anything else its own text."""
    if node[0] == "string":
        return node[1]
    if node[0] == "null":
        return None
    return _json_node_text(text, node)


def _json_field(node, key: str):
    if node[0] != "object":
        return None
    found = None
    for name, child in node[1]:
        if name == key:
            found = child            # the last duplicate wins, as PostgreSQL's
    return found


def _json_element(node, index: int):
    if node[0] != "array":
        return None
    items = node[1]
    if index < 0:
        index += len(items)
    return items[index] if 0 <= index < len(items) else None


def _json_path(node, path: list):
    for element in path:
        if element is None or node is None:
            return None
        if node[0] == "object":
            node = _json_field(node, element)
        elif node[0] == "array":
            index = _path_index(element)
            if index is None:
                return None
            node = _json_element(node, index)
        else:
            return None
    return node


def _path_index(text: str) -> int | None:
    """An array subscript in a text path: an optionally signed integer, else no match."""
    stripped = text.strip()
    body = stripped[1:] if stripped[:1] in "+-" else stripped
    if not body.isdigit() or not body.isascii():
        return None
    value = int(stripped)
    return value if -(1 << 31) <= value < (1 << 31) else None


def json_object_field(text, key):
    node = _json_field(_parse_json(text), key)
    return None if node is None else _json_node_text(text, node)


def json_object_field_text(text, key):
    node = _json_field(_parse_json(text), key)
    return None if node is None else _json_node_as_text(text, node)


def json_array_element(text, index):
    node = _json_element(_parse_json(text), index)
    return None if node is None else _json_node_text(text, node)


def json_array_element_text(text, index):
    node = _json_element(_parse_json(text), index)
    return None if node is None else _json_node_as_text(text, node)


def json_extract_path(text, path):
    node = _json_path(_parse_json(text), path)
    return None if node is None else _json_node_text(text, node)


def json_extract_path_text(text, path):
    node = _json_path(_parse_json(text), path)
    return None if node is None else _json_node_as_text(text, node)


# ---------------------------------------------------------------- jsonb access

def _as_text(tree) -> str | None:
    """->> on jsonb: strings bare, null as SQL NULL, anything else as jsonb text."""
    if isinstance(tree, str):
        return tree
    if tree is JSON_NULL:
        return None
    return to_text(tree)


def _field(tree, key):
    return tree.get(key) if isinstance(tree, dict) else None


def _element(tree, index):
    """An array element; a scalar is its one-element "raw scalar" array here, as in
    PostgreSQL ('1'::jsonb -> 0 is 1)."""
    if isinstance(tree, dict):
        return None
    if not isinstance(tree, list):
        tree = [tree]
    if index < 0:
        index += len(tree)
    return tree[index] if 0 <= index < len(tree) else None


def _path(tree, path):
    for element in path:
        if element is None:
            return None
        if isinstance(tree, dict):
            tree = tree.get(element)
        elif isinstance(tree, list):
            index = _path_index(element)
            tree = None if index is None else _element(tree, index)
        else:
            return None
        if tree is None:
            return None
    return tree


def _wrap(tree):
    return None if tree is None else Jsonb(tree)


def jsonb_object_field(value, key):
    return _wrap(_field(value.tree, key))


def jsonb_object_field_text(value, key):
    found = _field(value.tree, key)
    return None if found is None else _as_text(found)


def jsonb_array_element(value, index):
    return _wrap(_element(value.tree, index))


def jsonb_array_element_text(value, index):
    found = _element(value.tree, index)
    return None if found is None else _as_text(found)


def jsonb_extract_path(value, path):
    if not path:
        return value
    return _wrap(_path(value.tree, path))


def jsonb_extract_path_text(value, path):
    if not path:
        return _as_text(value.tree)
    found = _path(value.tree, path)
    return None if found is None else _as_text(found)


# ---------------------------------------------------------------- containment, existence

def _scalar_equal(a, b) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if type(a) is not type(b):
        return False
    return a is JSON_NULL or a == b


def _contains(container, contained) -> bool:
    """JsonbDeepContains on trees of the same container type."""
    if isinstance(contained, dict):
        for key, wanted in contained.items():
            if key not in container:
                return False
            have = container[key]
            if isinstance(wanted, (dict, list)):
                if type(have) is not type(wanted) or not _contains(have, wanted):
                    return False
            elif isinstance(have, (dict, list)) or not _scalar_equal(have, wanted):
                return False
        return True
    scalars = [v for v in container if not isinstance(v, (dict, list))]
    nested = [v for v in container if isinstance(v, (dict, list))]
    for wanted in contained:
        if isinstance(wanted, (dict, list)):
            if not any(type(have) is type(wanted) and _contains(have, wanted) for have in nested):
                return False
        elif not any(_scalar_equal(have, wanted) for have in scalars):
            return False
    return True


def jsonb_contains(a, b) -> bool:
    left, right = a.tree, b.tree
    if isinstance(left, dict) != isinstance(right, dict):
        return False
    if isinstance(left, dict):
        return _contains(left, right)
    left_scalar = not isinstance(left, list)
    right_scalar = not isinstance(right, list)
    if left_scalar and not right_scalar:
        return False
    return _contains([left] if left_scalar else left, [right] if right_scalar else right)


def jsonb_exists(value, key) -> bool:
    tree = value.tree
    if isinstance(tree, dict):
        return key in tree
    items = tree if isinstance(tree, list) else [tree]
    return any(isinstance(v, str) and v == key for v in items)


def jsonb_exists_any(value, keys) -> bool:
    return any(jsonb_exists(value, k) for k in _flat(keys) if k is not None)


def jsonb_exists_all(value, keys) -> bool:
    return all(jsonb_exists(value, k) for k in _flat(keys) if k is not None)


def _flat(array):
    for item in array:
        if isinstance(item, list):
            yield from _flat(item)
        else:
            yield item


# ---------------------------------------------------------------- modification

def _is_scalar(tree) -> bool:
    return not isinstance(tree, (dict, list))


def jsonb_concat(a, b):
    left, right = a.tree, b.tree
    if isinstance(left, dict) and isinstance(right, dict):
        merged = dict(left)
        merged.update(right)
        return Jsonb(normalize_object(merged.items()))
    left_items = left if isinstance(left, list) else [left]
    right_items = right if isinstance(right, list) else [right]
    return Jsonb(list(left_items) + list(right_items))


def jsonb_delete_key(value, key):
    tree = value.tree
    if _is_scalar(tree):
        raise PgError(INVALID_PARAMETER_VALUE, "cannot delete from scalar")
    if isinstance(tree, dict):
        return Jsonb({k: v for k, v in tree.items() if k != key})
    return Jsonb([v for v in tree if not (isinstance(v, str) and v == key)])


def jsonb_delete_keys(value, keys):
    tree = value.tree
    if _is_scalar(tree):
        raise PgError(INVALID_PARAMETER_VALUE, "cannot delete from scalar")
    doomed = {k for k in _flat(keys) if k is not None}
    if not doomed:
        return value
    if isinstance(tree, dict):
        return Jsonb({k: v for k, v in tree.items() if k not in doomed})
    return Jsonb([v for v in tree if not (isinstance(v, str) and v in doomed)])


def jsonb_delete_index(value, index):
    tree = value.tree
    if _is_scalar(tree):
        raise PgError(INVALID_PARAMETER_VALUE, "cannot delete from scalar")
    if isinstance(tree, dict):
        raise PgError(INVALID_PARAMETER_VALUE, "cannot delete from object using integer index")
    if index < 0:
        index += len(tree)
    if not 0 <= index < len(tree):
        return value
    return Jsonb(tree[:index] + tree[index + 1:])


def _check_path(path) -> list:
    path = list(_flat(path))
    for position, element in enumerate(path, 1):
        if element is None:
            raise _null_path_element(position)
    return path


def _null_path_element(position: int) -> PgError:
    return PgError(NULL_VALUE_NOT_ALLOWED, f"path element at position {position} is null")


def _array_index(element: str, position: int) -> int:
    index = _path_index(element)
    if index is None:
        raise PgError(INVALID_TEXT_REPRESENTATION,
                      f'path element at position {position} is not an integer: "{element}"')
    return index


_DELETE = object()


def _set_path(tree, path, level, new, create, insert=None):
    """setPath: the tree with path[level:] below it replaced by `new` (or deleted when new
    is _DELETE; inserted before/after when insert is 'before'/'after')."""
    element = path[level]
    if element is None:           # setPath looks at an element only when it gets there
        raise _null_path_element(level + 1)
    last = level == len(path) - 1
    if isinstance(tree, dict):
        out = dict(tree)
        if element in tree:
            if last:
                if insert is not None:
                    raise PgError(INVALID_PARAMETER_VALUE, "cannot replace existing key",
                                  hint="Try using the function jsonb_set to replace key value.")
                if new is _DELETE:
                    del out[element]
                else:
                    out[element] = new
            elif not _is_scalar(tree[element]):
                out[element] = _set_path(tree[element], path, level + 1, new, create, insert)
            elif path[level + 1] is None:
                raise _null_path_element(level + 2)
            return normalize_object(out.items()) if new is not _DELETE else out
        if last and (create or insert is not None) and new is not _DELETE:
            out[element] = new
            return normalize_object(out.items())
        return tree
    if isinstance(tree, list):
        index = _array_index(element, level + 1)
        size = len(tree)
        if index < 0:
            index = size + index if -index <= size else (-1 if last else None)
            if index is None:
                return tree
        if last:
            out = list(tree)
            if new is _DELETE:
                if 0 <= index < size:
                    del out[index]
                return out
            if insert is not None:
                if index < 0:
                    out.insert(0, new)
                elif index >= size:
                    out.append(new)
                else:
                    out.insert(index + (1 if insert == "after" else 0), new)
                return out
            if 0 <= index < size:
                out[index] = new
            elif create:
                if index < 0:
                    out.insert(0, new)
                else:
                    out.append(new)
            return out
        if 0 <= index < size and not _is_scalar(tree[index]):
            out = list(tree)
            out[index] = _set_path(tree[index], path, level + 1, new, create, insert)
            return out
        if 0 <= index < size and path[level + 1] is None:
            raise _null_path_element(level + 2)
        return tree
    return tree


def jsonb_set(value, path, new, create=True):
    tree = value.tree
    path = list(_flat(path))        # NULL elements: where setPath reaches them
    if _is_scalar(tree):
        raise PgError(INVALID_PARAMETER_VALUE, "cannot set path in scalar")
    if not path or not (tree or create):
        return value
    return Jsonb(_set_path(tree, path, 0, new.tree, create))


def jsonb_insert(value, path, new, after=False):
    tree = value.tree
    path = list(_flat(path))        # NULL elements: where setPath reaches them
    if _is_scalar(tree):
        raise PgError(INVALID_PARAMETER_VALUE, "cannot set path in scalar")
    if not path:
        return value
    return Jsonb(_set_path(tree, path, 0, new.tree, False, "after" if after else "before"))


def jsonb_delete_path(value, path):
    tree = value.tree
    path = list(_flat(path))        # NULL elements: where setPath reaches them
    if _is_scalar(tree):
        raise PgError(INVALID_PARAMETER_VALUE, "cannot delete path in scalar")
    if not path or not tree:      # an empty container is returned before the path is read
        return value
    return Jsonb(_set_path(tree, path, 0, _DELETE, False))


def jsonb_set_lax(value, path, new, create=True, treatment="use_json_null"):
    if value is None or path is None or create is None:      # before the treatment's check
        return None
    if treatment is None:
        raise PgError(INVALID_PARAMETER_VALUE, "null_value_treatment must be \"delete_key\", "
                      "\"return_target\", \"use_json_null\", or \"raise_exception\"")
    if new is not None:
        return jsonb_set(value, path, new, create)
    if treatment == "raise_exception":
        raise PgError(NULL_VALUE_NOT_ALLOWED, "JSON value must not be null",
                      detail='Exception was raised because null_value_treatment is '
                             '"raise_exception".',
                      hint="To avoid, either change the null_value_treatment argument or "
                           "ensure that an SQL NULL is not passed.")
    if treatment == "use_json_null":
        return jsonb_set(value, path, Jsonb(JSON_NULL), create)
    if treatment == "delete_key":
        return jsonb_delete_path(value, path)
    if treatment == "return_target":
        return value
    raise PgError(INVALID_PARAMETER_VALUE, "null_value_treatment must be \"delete_key\", "
                  "\"return_target\", \"use_json_null\", or \"raise_exception\"")


def _strip_nulls(tree):
    if isinstance(tree, dict):
        return {k: _strip_nulls(v) for k, v in tree.items() if v is not JSON_NULL}
    if isinstance(tree, list):
        return [_strip_nulls(v) for v in tree]
    return tree


def jsonb_strip_nulls(value):
    return Jsonb(_strip_nulls(value.tree))


def _compact_json(text: str, node, strip_nulls: bool) -> str:
    kind = node[0]
    if kind == "object":
        parts = [json_text.escape_string(k) + ":" + _compact_json(text, child, strip_nulls)
                 for k, child in node[1] if not (strip_nulls and child[0] == "null")]
        return "{" + ",".join(parts) + "}"
    if kind == "array":
        return "[" + ",".join(_compact_json(text, child, strip_nulls) for child in node[1]) + "]"
    return _json_node_text(text, node)


def json_strip_nulls(text):
    return _compact_json(text, _parse_json(text), True)


# ---------------------------------------------------------------- inspection

def json_typeof(text):
    kind = _parse_json(text)[0]
    return {"true": "boolean", "false": "boolean"}.get(kind, kind)


def jsonb_typeof(value):
    return type_name(value.tree)


def jsonb_array_length(value):
    tree = value.tree
    if isinstance(tree, list):
        return len(tree)
    what = "a non-array" if isinstance(tree, dict) else "a scalar"
    raise PgError(INVALID_PARAMETER_VALUE, f"cannot get array length of {what}")


def json_array_length(text):
    node = _parse_json(text)
    if node[0] == "array":
        return len(node[1])
    what = "a non-array" if node[0] == "object" else "a scalar"
    raise PgError(INVALID_PARAMETER_VALUE, f"cannot get array length of {what}")


def jsonb_pretty(value):
    return pretty_text(value.tree)


# ---------------------------------------------------------------- set-returning

def _each_error(name: str):
    return PgError(INVALID_PARAMETER_VALUE, f"cannot call {name} on a non-object")


def jsonb_each(value):
    if not isinstance(value.tree, dict):
        raise _each_error("jsonb_each")
    for key, item in value.tree.items():
        yield (key, Jsonb(item))


def jsonb_each_text(value):
    if not isinstance(value.tree, dict):
        raise _each_error("jsonb_each_text")
    for key, item in value.tree.items():
        yield (key, _as_text(item))


def _json_object_or_error(node):
    if node[0] == "array":
        raise PgError(INVALID_PARAMETER_VALUE, "cannot deconstruct an array as an object")
    if node[0] != "object":
        raise PgError(INVALID_PARAMETER_VALUE, "cannot deconstruct a scalar")


def json_each(text):
    node = _parse_json(text)
    _json_object_or_error(node)
    for key, child in node[1]:
        yield (key, _json_node_text(text, child))


def json_each_text(text):
    node = _parse_json(text)
    _json_object_or_error(node)
    for key, child in node[1]:
        yield (key, _json_node_as_text(text, child))


def _elements_error(kind: str):
    what = "an object" if kind == "object" else "a scalar"
    return PgError(INVALID_PARAMETER_VALUE, f"cannot extract elements from {what}")


def jsonb_array_elements(value):
    if not isinstance(value.tree, list):
        raise _elements_error("object" if isinstance(value.tree, dict) else "scalar")
    for item in value.tree:
        yield Jsonb(item)


def jsonb_array_elements_text(value):
    if not isinstance(value.tree, list):
        raise _elements_error("object" if isinstance(value.tree, dict) else "scalar")
    for item in value.tree:
        yield _as_text(item)


def _json_array_or_error(node, name: str):
    if node[0] != "array":
        what = "a non-array" if node[0] == "object" else "a scalar"
        raise PgError(INVALID_PARAMETER_VALUE, f"cannot call {name} on {what}")


def json_array_elements(text):
    node = _parse_json(text)
    _json_array_or_error(node, "json_array_elements")
    for child in node[1]:
        yield _json_node_text(text, child)


def json_array_elements_text(text):
    node = _parse_json(text)
    _json_array_or_error(node, "json_array_elements_text")
    for child in node[1]:
        yield _json_node_as_text(text, child)


def _keys_error(name: str, tree_kind: str):
    what = "an array" if tree_kind == "array" else "a scalar"
    return PgError(INVALID_PARAMETER_VALUE, f"cannot call {name} on {what}")


def jsonb_object_keys(value):
    tree = value.tree
    if not isinstance(tree, dict):
        raise _keys_error("jsonb_object_keys", "array" if isinstance(tree, list) else "scalar")
    yield from tree.keys()


def json_object_keys(text):
    node = _parse_json(text)
    if node[0] != "object":
        raise _keys_error("json_object_keys", node[0])
    for key, _child in node[1]:
        yield key


# ---------------------------------------------------------------- jsonpath functions

def _path_vars(variables):
    return None if variables is None else variables.tree


def _path_function(kind: str, use_tz: bool):
    """jsonb_path_exists/match/query/query_array/query_first (and the *_tz variants,
    which let datetime comparisons use the session time zone)."""
    def run(target, path, variables=None, silent=False):
        silent = bool(silent)
        if kind == "match":
            return jsonpath.predicate_result(path, target.tree, _path_vars(variables), silent,
                                             use_tz)
        items = jsonpath.evaluate(path, target.tree, _path_vars(variables), silent, use_tz)
        if kind == "exists":
            return None if items is None else bool(items)
        if kind == "query":
            return (Jsonb(item) for item in items or ())
        if kind == "query_array":
            return Jsonb(list(items or ()))
        return Jsonb(items[0]) if items else None
    return run


jsonb_path_exists = _path_function("exists", False)
jsonb_path_match = _path_function("match", False)
jsonb_path_query = _path_function("query", False)
jsonb_path_query_array = _path_function("query_array", False)
jsonb_path_query_first = _path_function("first", False)


# ---------------------------------------------------------------- building JSON from SQL values

# json_categorize_type: int2 / int4 / int8 / float4 / float8 / numeric are JSON numbers (oid is
# not: it is quoted, as any other type)
_JSON_NUMBER_TYPES = (20, 21, 23, 700, 701, 1700)
_DATE, _TIMESTAMP, _TIMESTAMPTZ = 1082, 1114, 1184


def _iso_datetime(value, type_oid: int) -> str:
    """Dates and timestamps in JSON: ISO 8601 with a 'T' (XSD style)."""
    if type_oid == _DATE:
        return dtt.date_output(value)
    if dtt.is_infinite(value):
        return registry.get_type(type_oid).output(value)
    if type_oid == _TIMESTAMP:
        return dtt.timestamp_output(value).replace(" ", "T", 1)
    text = dtt.timestamptz_output(value).replace(" ", "T", 1)
    era = ""
    if text.endswith(" BC"):
        text, era = text[:-3], " BC"
    sign_at = max(text.rfind("+"), text.rfind("-"))
    offset = text[sign_at:]
    if len(offset) == 3:                  # +HH -> +HH:00
        text += ":00"
    return text + era


def _number_is_json(text: str) -> bool:
    try:
        json_text.parse(text)
    except PgError:
        return False
    return True


def _category(type_oid: int) -> str:
    if type_oid in (JSON, JSONB):
        return "json"
    if type_oid == RECORD:
        return "record"
    info = registry.get_type(type_oid)
    if info.element_oid:
        return "array"
    return ""


def to_json_text(value, type_oid: int) -> str:
    """datum_to_json: a SQL value as JSON text (compact arrays and records)."""
    if value is None:
        return "null"
    if type_oid == BOOL:
        return "true" if value else "false"
    if type_oid in _JSON_NUMBER_TYPES:
        text = registry.get_type(type_oid).output(value)
        return text if _number_is_json(text) else json_text.escape_string(text)
    if type_oid in (_DATE, _TIMESTAMP, _TIMESTAMPTZ):
        return json_text.escape_string(_iso_datetime(value, type_oid))
    if type_oid == JSON:
        return value
    if type_oid == JSONB:
        return to_text(value.tree)
    info = registry.get_type(type_oid)
    if info.element_oid:
        return _array_to_json(value, info.element_oid)
    if type_oid == RECORD:
        return _record_to_json(value)
    names = registry.composite_field_names(type_oid)
    if names is not None:                        # a composite type: an object by field name
        return record_to_json_object(value, names)
    return json_text.escape_string(info.output(value))


def record_to_json_object(record, names: list[str], pretty: bool = False) -> str:
    """composite_to_json: {"name":value,...} (with `pretty`, one field per line)."""
    parts = [json_text.escape_string(name) + ":" + to_json_text(v, t)
             for name, t, v in zip(names, record.type_oids, record.values)]
    return "{" + (",\n " if pretty else ",").join(parts) + "}"


def _array_to_json(value, element_oid: int, pretty: bool = False) -> str:
    separator = ",\n " if pretty else ","
    if not value:
        return "[]"

    def render(node, depth):
        if isinstance(node, list):
            return "[" + (separator if depth == 0 else ",").join(render(i, depth + 1)
                                                                 for i in node) + "]"
        return to_json_text(node, element_oid)
    return render(value, 0)


def _record_to_json(record) -> str:
    return record_to_json_object(record, record_field_names(record))


def record_field_names(record) -> list:
    """An anonymous record's keys: its field names when it is a FROM item's whole row,
    else f1, f2, ..."""
    names = getattr(record, "names", ())
    if names and len(names) == len(record.values):
        return list(names)
    return [f"f{i}" for i in range(1, len(record.values) + 1)]


def to_jsonb_tree(value, type_oid: int):
    """datum_to_jsonb: a SQL value as a jsonb tree."""
    if value is None:
        return JSON_NULL
    if type_oid == BOOL:
        return bool(value)
    if type_oid in _JSON_NUMBER_TYPES:
        text = registry.get_type(type_oid).output(value)
        if not _number_is_json(text):
            return text
        return numeric.numeric_input(text)
    if type_oid in (_DATE, _TIMESTAMP, _TIMESTAMPTZ):
        return _iso_datetime(value, type_oid)
    if type_oid == JSON:
        return from_node(json_text.parse(value))
    if type_oid == JSONB:
        return value.tree
    info = registry.get_type(type_oid)
    if info.element_oid:
        def convert(node):
            if isinstance(node, list):
                return [convert(i) for i in node]
            return to_jsonb_tree(node, info.element_oid)
        return convert(value)
    if type_oid == RECORD:
        return normalize_object((k, to_jsonb_tree(v, t)) for k, t, v in
                                zip(record_field_names(value), value.type_oids, value.values))
    names = registry.composite_field_names(type_oid)
    if names is not None:                        # a composite type: an object by field name
        return normalize_object((k, to_jsonb_tree(v, t)) for k, t, v in
                                zip(names, value.type_oids, value.values))
    return info.output(value)


def _key_text(value, type_oid: int, position: int, function: str) -> str:
    if value is None:
        if function.startswith("jsonb"):
            raise PgError(INVALID_PARAMETER_VALUE, f"argument {position}: key must not be null")
        raise PgError(INVALID_PARAMETER_VALUE, f"argument {position} cannot be null",
                      hint="Object keys should be text.")
    category = _category(type_oid)
    if category in ("array", "json", "record"):
        raise PgError(INVALID_PARAMETER_VALUE,
                      "key value must be scalar, not array, composite, or json")
    if isinstance(value, str):
        return value
    if type_oid == BOOL:
        return "true" if value else "false"
    if type_oid in (_DATE, _TIMESTAMP, _TIMESTAMPTZ):
        return _iso_datetime(value, type_oid)
    return registry.get_type(type_oid).output(value)


def _build_object(arg_types, jsonb: bool):
    name = "jsonb_build_object" if jsonb else "json_build_object"

    def build(*values):
        if len(values) % 2:
            raise PgError(INVALID_PARAMETER_VALUE, "argument list must have even number of elements",
                          hint=f"The arguments of {name}() must consist of alternating keys and values.")
        pairs = []
        for i in range(0, len(values), 2):
            key = _key_text(values[i], arg_types[i], i + 1, name)
            pairs.append((key, values[i + 1], arg_types[i + 1]))
        if jsonb:
            return Jsonb(normalize_object((k, to_jsonb_tree(v, t)) for k, v, t in pairs))
        return "{" + ", ".join(json_text.escape_string(k) + " : " + to_json_text(v, t)
                               for k, v, t in pairs) + "}"
    return build


def _build_array(arg_types, jsonb: bool):
    def build(*values):
        if jsonb:
            return Jsonb([to_jsonb_tree(v, t) for v, t in zip(values, arg_types)])
        return "[" + ", ".join(to_json_text(v, t) for v, t in zip(values, arg_types)) + "]"
    return build


def _object_from_arrays(keys, values, jsonb: bool):
    """json_object / jsonb_object: from a flat or two-column text[] (or two text[])."""
    if values is None:
        dims = _dims(keys)
        if len(dims) == 1:
            if dims[0] % 2:
                raise PgError("2202E", "array must have even number of elements")
            flat = keys
            pairs = [(flat[i], flat[i + 1]) for i in range(0, len(flat), 2)]
        elif len(dims) == 2:
            if dims[1] != 2:
                raise PgError("2202E", "array must have two columns")
            pairs = [(row[0], row[1]) for row in keys]
        elif not dims:
            pairs = []
        else:
            raise PgError("2202E", "wrong number of array subscripts")
    else:
        if len(_dims(keys)) > 1 or len(_dims(values)) > 1:
            raise PgError("2202E", "wrong number of array subscripts")
        if len(keys) != len(values):
            raise PgError("2202E", "mismatched array dimensions")
        pairs = list(zip(keys, values))
    for key, _value in pairs:
        if key is None:
            raise PgError(NULL_VALUE_NOT_ALLOWED, "null value not allowed for object key")
    if jsonb:
        return Jsonb(normalize_object((k, JSON_NULL if v is None else v) for k, v in pairs))
    return "{" + ", ".join(json_text.escape_string(k) + " : " +
                           ("null" if v is None else json_text.escape_string(v))
                           for k, v in pairs) + "}"


def _dims(array) -> list[int]:
    dims = []
    node = array
    while isinstance(node, list):
        dims.append(len(node))
        if not node:
            return [] if len(dims) == 1 else dims
        node = node[0]
    return dims


# ---------------------------------------------------------------- casts

_JSONB_TYPE_NAMES = {"null": "null", "string": "string", "number": "numeric",
                     "boolean": "boolean", "array": "array", "object": "object"}


def _cast_from_jsonb(target_name: str, want: str, convert: Callable[[Any], Any]):
    def cast(value):
        tree = value.tree
        kind = type_name(tree)
        if (want == "number" and kind != "number") or (want == "boolean" and kind != "boolean"):
            raise PgError(INVALID_PARAMETER_VALUE,
                          f"cannot cast jsonb {_JSONB_TYPE_NAMES[kind]} to type {target_name}")
        return convert(tree)
    return cast


def _to_float4(value: Decimal) -> float:
    result = numeric.numeric_to_float(value)
    return floats.float4_input(repr(result)) if not math.isinf(result) else result


CASTS: dict[tuple[int, int], Callable[[Any], Any]] = {
    (JSONB, BOOL): _cast_from_jsonb("boolean", "boolean", bool),
    (JSONB, 1700): _cast_from_jsonb("numeric", "number", lambda v: v),
    (JSONB, 21): _cast_from_jsonb("smallint", "number",
                                  lambda v: numeric.numeric_to_integer(v, 21)),
    (JSONB, 23): _cast_from_jsonb("integer", "number",
                                  lambda v: numeric.numeric_to_integer(v, 23)),
    (JSONB, 20): _cast_from_jsonb("bigint", "number",
                                  lambda v: numeric.numeric_to_integer(v, 20)),
    (JSONB, 700): _cast_from_jsonb("real", "number", _to_float4),
    (JSONB, 701): _cast_from_jsonb("double precision", "number", numeric.numeric_to_float),
}


# ---------------------------------------------------------------- comparison operators

def _cmp_op(test: Callable[[int], bool]):
    return lambda a, b: test(compare(a.tree, b.tree))


# ---------------------------------------------------------------- registration

_OPERATORS = {
    3206: jsonb_extract_path_text, 3211: jsonb_object_field, 3212: jsonb_array_element,
    3213: jsonb_extract_path, 3477: jsonb_object_field_text, 3481: jsonb_array_element_text,
    3240: lambda a, b: a == b, 3241: lambda a, b: a != b,
    3242: _cmp_op(lambda c: c < 0), 3243: _cmp_op(lambda c: c > 0),
    3244: _cmp_op(lambda c: c <= 0), 3245: _cmp_op(lambda c: c >= 0),
    3246: jsonb_contains, 3250: lambda a, b: jsonb_contains(b, a),
    3247: jsonb_exists, 3248: jsonb_exists_any, 3249: jsonb_exists_all,
    3284: jsonb_concat, 3285: jsonb_delete_key, 3286: jsonb_delete_index,
    3398: jsonb_delete_keys, 3287: jsonb_delete_path,
    3962: json_object_field, 3963: json_object_field_text, 3964: json_array_element,
    3965: json_array_element_text, 3966: json_extract_path, 3967: json_extract_path_text,
    4012: lambda target, path: jsonb_path_exists(target, path, None, True),
    4013: lambda target, path: jsonb_path_match(target, path, None, True),
}


def install_operators(register) -> None:
    from pgsnake.datatypes.json_catalog_facts import OPERATORS
    for oid, name, left, right, result, _code in OPERATORS:
        fn = _OPERATORS.get(oid)
        if fn is not None:
            register(oid, name, left or None, right, result, fn)


# Functions with fixed signatures, by pg_proc OID.
_BY_OID: dict[int, Callable[..., Any]] = {
    3947: json_object_field, 3948: json_object_field_text, 3949: json_array_element,
    3950: json_array_element_text, 3956: json_array_length, 3968: json_typeof,
    3261: json_strip_nulls,
    3478: jsonb_object_field, 3214: jsonb_object_field_text, 3215: jsonb_array_element,
    3216: jsonb_array_element_text, 3207: jsonb_array_length, 3210: jsonb_typeof,
    3262: jsonb_strip_nulls, 3306: jsonb_pretty, 3301: jsonb_concat,
    4046: jsonb_contains, 4050: lambda a, b: jsonb_contains(b, a),
    4047: jsonb_exists, 4048: jsonb_exists_any, 4049: jsonb_exists_all,
    4043: lambda a, b: a == b, 4038: lambda a, b: a != b,
    4039: _cmp_op(lambda c: c < 0), 4040: _cmp_op(lambda c: c > 0),
    4041: _cmp_op(lambda c: c <= 0), 4042: _cmp_op(lambda c: c >= 0),
    4044: lambda a, b: compare(a.tree, b.tree),
    3302: jsonb_delete_key, 3303: jsonb_delete_index, 3304: jsonb_delete_path,
    3305: jsonb_set, 3579: jsonb_insert, 5054: jsonb_set_lax,
    3202: lambda keys: _object_from_arrays(keys, None, False),
    3203: lambda keys, values: _object_from_arrays(keys, values, False),
    3263: lambda keys: _object_from_arrays(keys, None, True),
    3264: lambda keys, values: _object_from_arrays(keys, values, True),
    3199: lambda: "[]", 3201: lambda: "{}",
    3272: lambda: Jsonb([]), 3274: lambda: Jsonb({}),
    # jsonpath
    4005: jsonb_path_exists, 1177: _path_function("exists", True),
    4009: jsonb_path_match, 2030: _path_function("match", True),
    4006: jsonb_path_query, 1179: _path_function("query", True),
    4007: jsonb_path_query_array, 1180: _path_function("query_array", True),
    4008: jsonb_path_query_first, 2023: _path_function("first", True),
    4010: lambda target, path: jsonb_path_exists(target, path, None, True),
    4011: lambda target, path: jsonb_path_match(target, path, None, True),
    # set-returning
    3958: json_each, 3959: json_each_text, 3955: json_array_elements,
    3969: json_array_elements_text, 3957: json_object_keys,
    3208: jsonb_each, 3932: jsonb_each_text, 3219: jsonb_array_elements,
    3465: jsonb_array_elements_text, 3931: jsonb_object_keys,
}

# Variadic text[] path functions, called as f(json, 'a', 'b', ...).
_PATH_FUNCTIONS = {3951: json_extract_path, 3953: json_extract_path_text,
                   3217: jsonb_extract_path, 3940: jsonb_extract_path_text}


def _out_columns(row) -> tuple:
    (_oid, _name, _args, _ret, _strict, _vol, _src, retset, _rows, _variadic, _ndefaults,
     all_types, modes, names) = row
    if not retset or not modes:
        return ()
    return tuple((n, t) for n, t, m in zip(names, all_types, modes) if m in ("o", "t"))


def install_functions(register, register_resolver, function_class) -> None:
    from pgsnake.datatypes import json_to_record
    _BY_OID.update(json_to_record.BY_OID)       # json(b)_to_record(set)
    for oid, fn in _BY_OID.items():
        row = _PROC_BY_OID[oid]
        (_oid, name, arg_types, result, strict, volatility, _src, retset, rows, _variadic,
         ndefaults, *_rest) = row
        out_columns = _out_columns(row)     # also one OUT column: it names the column
        result_type = result
        register(name, arg_types, result_type, fn, oid=oid, strict=strict,
                 volatility=volatility, returns_set=retset, out_columns=out_columns,
                 rows=rows or 1000.0)
        # Shorter calls that rely on argument defaults.
        for dropped in range(1, ndefaults + 1):
            register(name, arg_types[:-dropped], result_type, fn, oid=oid, strict=strict,
                     volatility=volatility, returns_set=retset, out_columns=out_columns,
                     rows=rows or 1000.0)
    _install_resolvers(register_resolver, function_class)


def _function(function_class, oid: int, arg_types, fn, *, strict=None, result=None):
    row = _PROC_BY_OID[oid]
    return function_class(oid, row[1], tuple(arg_types), result if result is not None else row[3],
                          fn, row[4] if strict is None else strict, row[5])


def _known(arg_types) -> list[int]:
    """"any" arguments: an unknown literal is taken as text."""
    return [TEXT if t in (UNKNOWN, 0) else t for t in arg_types]


def _polymorphic_error(name: str):
    return PgError("42804", "could not determine polymorphic type because input has type unknown")


def _install_resolvers(register_resolver, function_class) -> None:
    def build_object(jsonb: bool):
        oid = 3273 if jsonb else 3200

        def resolve(arg_types):
            if not arg_types:
                return None
            types = _known(arg_types)
            return _function(function_class, oid, types, _build_object(types, jsonb))
        return resolve

    def build_array(jsonb: bool):
        oid = 3271 if jsonb else 3198

        def resolve(arg_types):
            if not arg_types:
                return None
            types = _known(arg_types)
            return _function(function_class, oid, types, _build_array(types, jsonb))
        return resolve

    def to_json(jsonb: bool):
        oid = 3787 if jsonb else 3176

        def resolve(arg_types):
            if len(arg_types) != 1:
                return None
            (type_oid,) = arg_types
            if type_oid in (UNKNOWN, 0):
                raise _polymorphic_error("to_json")
            if jsonb:
                return _function(function_class, oid, [type_oid],
                                 lambda v: Jsonb(to_jsonb_tree(v, type_oid)))
            return _function(function_class, oid, [type_oid], lambda v: to_json_text(v, type_oid))
        return resolve

    def array_to_json(arg_types):
        if len(arg_types) not in (1, 2) or arg_types[0] in (UNKNOWN, 0):
            return None
        info = registry.get_type(arg_types[0])
        if not info.element_oid:
            return None
        element = info.element_oid
        if len(arg_types) == 1:
            return _function(function_class, 3153, [arg_types[0]],
                             lambda v: _array_to_json(v, element))
        return _function(function_class, 3154, [arg_types[0], BOOL],
                         lambda v, pretty: _array_to_json(v, element, bool(pretty)))

    def path_function(oid: int):
        fn = _PATH_FUNCTIONS[oid]
        row = _PROC_BY_OID[oid]

        def resolve(arg_types):
            if len(arg_types) < 2 or arg_types[0] not in (row[2][0], UNKNOWN):
                return None
            if arg_types[1] == TEXT_ARRAY and len(arg_types) == 2:
                return None          # the plain text[] signature
            if any(t not in (TEXT, UNKNOWN, 1043, 1042, 19) for t in arg_types[1:]):
                return None
            types = [row[2][0]] + [TEXT] * (len(arg_types) - 1)
            return _function(function_class, oid, types,
                             lambda target, *path: fn(target, list(path)))
        return resolve

    register_resolver("json_build_object", build_object(False))
    register_resolver("jsonb_build_object", build_object(True))
    register_resolver("json_build_array", build_array(False))
    register_resolver("jsonb_build_array", build_array(True))
    register_resolver("to_json", to_json(False))
    register_resolver("to_jsonb", to_json(True))
    register_resolver("array_to_json", array_to_json)
    for oid in _PATH_FUNCTIONS:
        register_resolver(_PROC_BY_OID[oid][1], path_function(oid))


# ---------------------------------------------------------------- aggregates

def install_aggregates(register_factory, aggregate_class) -> None:
    """json_agg / jsonb_agg (anyelement) and json_object_agg / jsonb_object_agg ("any",
    "any"): each call site gets an aggregate bound to its argument types. NULL inputs
    are aggregated (as JSON null), so these aggregates are not strict."""
    def agg(jsonb: bool):
        oid = 3267 if jsonb else 3175
        name = "jsonb_agg" if jsonb else "json_agg"

        def factory(arg_types):
            if len(arg_types) != 1:
                return None
            (type_oid,) = _known(arg_types)
            # json_agg puts a row or an array after the first on a line of its own
            structured = not jsonb and (type_oid == RECORD or getattr(
                registry.get_type(type_oid), "category", "") in ("C", "A"))

            def step(state, value):
                if jsonb:
                    state = [] if state is None else state
                    state.append(to_jsonb_tree(value, type_oid))
                    return state
                text = to_json_text(value, type_oid)
                if state is None:
                    return [text]
                state.append(("\n " + text) if structured and value is not None else text)
                return state

            def final(state):
                if state is None:
                    return None
                return Jsonb(state) if jsonb else "[" + ", ".join(state) + "]"
            return aggregate_class(oid, name, (type_oid,), JSONB if jsonb else JSON,
                                   lambda: None, step, final, strict=False)
        return factory

    def object_agg(jsonb: bool):
        oid = 3270 if jsonb else 3197
        name = "jsonb_object_agg" if jsonb else "json_object_agg"

        def factory(arg_types):
            if len(arg_types) != 2:
                return None
            key_type, value_type = _known(arg_types)

            def step(state, key, value):
                if key is None:
                    raise PgError(INVALID_PARAMETER_VALUE, "field name must not be null")
                key = _key_text(key, key_type, 1, name)
                state = [] if state is None else state
                state.append((key, to_jsonb_tree(value, value_type) if jsonb
                              else to_json_text(value, value_type)))
                return state

            def final(state):
                if state is None:
                    return None
                if jsonb:
                    return Jsonb(normalize_object(state))
                return "{ " + ", ".join(json_text.escape_string(k) + " : " + v
                                        for k, v in state) + " }"
            return aggregate_class(oid, name, (key_type, value_type), JSONB if jsonb else JSON,
                                   lambda: None, step, final, strict=False)
        return factory

    register_factory("json_agg", agg(False))
    register_factory("jsonb_agg", agg(True))
    register_factory("json_object_agg", object_agg(False))
    register_factory("jsonb_object_agg", object_agg(True))


__all__ = ["install_operators", "install_functions", "install_aggregates", "CASTS",
           "to_json_text", "to_jsonb_tree", "scalar_text"]
