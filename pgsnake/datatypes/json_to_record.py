"""json_to_record / json_to_recordset / jsonb_to_record / jsonb_to_recordset: the
columns of a FROM item's column definition list filled from a JSON object's keys.

Entry points: BY_OID (oid -> implementation, registered by json_functions.py) and
JsonRowSource, which a call returns (one per object); the function scan
(executor/rows_from_scan.py) asks it for the row with `values_for(columns)`, the
column definition list as ((name, type oid, typmod), ...).

Rules (populate_record's, for these functions):
 1. A column takes the value of the key of the same name; a missing key or JSON null
    is NULL.
 2. A json / jsonb column takes the value as JSON; an array column takes a JSON array
    element by element (nested arrays are dimensions); any other column reads the
    value's text with its type's input function: a string without its quotes, other
    values as their JSON text. From a json (not jsonb) value an object or array keeps
    the text it was written as (json_tree); a composite column takes a nested object,
    starting from the base record's value of that column.
 3. The argument must be an object (_to_record) or an array of objects (_to_recordset);
    otherwise 22023 as PostgreSQL words it.

PostgreSQL: utils/adt/jsonfuncs.c (json_to_record, populate_record_worker,
populate_record_field, populate_scalar, populate_array, populate_recordset_worker).
"""
from __future__ import annotations

from pgsnake.datatypes import json_text, registry
from pgsnake.datatypes.jsonb_value import JSON_NULL, Jsonb, from_node, scalar_text, to_text
from pgsnake.utils.errors import FEATURE_NOT_SUPPORTED, INVALID_PARAMETER_VALUE, PgError

JSON, JSONB = 114, 3802


class JsonRowSource:
    """One JSON object waiting for a column definition list to become a row. Used as a
    row anywhere else (the select list, a field selection), it raises PostgreSQL's
    error for a record whose row type cannot be determined."""
    __slots__ = ("tree", "function")

    def __init__(self, tree: dict, function: str) -> None:
        self.tree = tree
        self.function = function

    def _undetermined(self) -> PgError:
        return PgError(FEATURE_NOT_SUPPORTED, f"could not determine row type for result "
                       f"of {self.function}",
                       hint="Provide a non-null record argument, or call the function in "
                            "the FROM clause using a column definition list.")

    @property
    def values(self):
        raise self._undetermined()

    @property
    def type_oids(self):
        raise self._undetermined()

    def __iter__(self):
        raise self._undetermined()

    def __len__(self):
        raise self._undetermined()

    def values_for(self, columns) -> list:
        return list(populate_values(self.tree, columns, None, _composite_columns[0]))


# The columns of a composite type, (name, type oid, typmod) each, or None for another
# type: the catalog layer's (catalog/json_populate.py sets it; none known without it).
_composite_columns = [lambda type_oid: None]


def set_composite_columns(columns_of) -> None:
    _composite_columns[0] = columns_of


class _JsonObject(dict):
    """An object of a json (not jsonb) value, with the text it was written as: a json
    or text column it fills takes that text, spacing and all, as PostgreSQL's does."""
    __slots__ = ("source",)


class _JsonArray(list):
    __slots__ = ("source",)


def json_tree(text: str):
    """A json value's tree whose objects and arrays keep their source text."""
    return _keeping_source(text, json_text.parse(text))


def _keeping_source(text: str, node):
    kind = node[0]
    if kind == "object":
        out = _JsonObject((key, _keeping_source(text, child)) for key, child in node[1])
    elif kind == "array":
        out = _JsonArray(_keeping_source(text, child) for child in node[1])
    else:
        return from_node(node)
    out.source = json_text.node_text(text, node)
    return out


def _container_text(value) -> str:
    return value.source if isinstance(value, (_JsonObject, _JsonArray)) else to_text(value)


def _field(value, type_oid: int, typmod: int):
    if value is None or value is JSON_NULL:
        return None
    if type_oid == JSONB:
        return Jsonb(value)
    if type_oid == JSON:
        return _container_text(value) if isinstance(value, (dict, list)) \
            else scalar_text(value)
    info = registry.get_type(type_oid)
    if info.element_oid and isinstance(value, list):
        return [_field(item, info.element_oid, typmod) if not isinstance(item, list)
                else _field(item, type_oid, typmod) for item in value]
    if isinstance(value, str):
        text = value
    elif isinstance(value, (dict, list)):
        text = _container_text(value)
    else:
        text = scalar_text(value)
    result = info.input(text, typmod)
    return registry.apply_typmod(type_oid, result, typmod) if typmod >= 0 else result


def _tree(value, is_jsonb: bool):
    return value.tree if is_jsonb else json_tree(value)


def _to_record(name: str, is_jsonb: bool):
    def to_record(value):
        tree = _tree(value, is_jsonb)
        if not isinstance(tree, dict):
            kind = "an array" if isinstance(tree, list) else "a scalar"
            # PostgreSQL names its internal worker here
            raise PgError(INVALID_PARAMETER_VALUE, f"cannot call populate_composite on {kind}")
        return JsonRowSource(tree, name)
    return to_record


def _to_recordset(name: str, is_jsonb: bool):
    def to_recordset(value):
        if value is None:
            return
        tree = _tree(value, is_jsonb)
        if not isinstance(tree, list):
            raise PgError(INVALID_PARAMETER_VALUE, f"cannot call {name} on a non-array"
                          if isinstance(tree, dict) else f"cannot call {name} on a scalar")
        for item in tree:
            if not isinstance(item, dict):
                raise PgError(INVALID_PARAMETER_VALUE,
                              f"argument of {name} must be an array of objects")
            yield JsonRowSource(item, name)
    return to_recordset


def to_record(name: str, is_jsonb: bool):
    """The JsonRowSource maker of json(b)_to_record under another function's name."""
    return _to_record(name, is_jsonb)


def to_recordset(name: str, is_jsonb: bool):
    return _to_recordset(name, is_jsonb)


BY_OID = {
    3204: _to_record("json_to_record", False),
    3205: _to_recordset("json_to_recordset", False),
    3490: _to_record("jsonb_to_record", True),
    3491: _to_recordset("jsonb_to_recordset", True),
}


# ---- json(b)_populate_record(set): a composite type's columns from a JSON object ------

def _raw_texts(text: str, node) -> dict | None:
    """An object node's members as their source text (a json column keeps the text of a
    json input exactly, spacing included)."""
    if node[0] != "object":
        return None
    return {key: json_text.node_text(text, child) for key, child in node[1]}


def populate_values(tree: dict, columns, defaults, columns_of, raw: dict | None = None) -> tuple:
    """The values of a row of `columns` ((name, type oid, typmod), ...) read from the
    object `tree`: a key that is absent keeps the default (the base record's value, or
    NULL); a key present (JSON null included) gives the value. `columns_of(type oid)`
    gives a composite type's columns, for nested objects."""
    from pgsnake.datatypes.user_type_facts import domain_base
    values = []
    for index, (name, type_oid, typmod) in enumerate(columns):
        if name not in tree:
            if defaults is not None:        # the base record's values are taken as valid
                values.append(defaults[index])
                continue
            value = None                    # a NULL base: still checked against a domain
        elif raw is not None and type_oid == JSON and tree[name] is not JSON_NULL:
            value = raw[name]
        else:
            value = _populated_field(tree[name], type_oid, typmod, name, columns_of,
                                     defaults[index] if defaults is not None else None)
        if domain_base(type_oid) is not None:
            registry.check_domain(type_oid, value)
        values.append(value)
    return tuple(values)


def _populated_field(value, type_oid: int, typmod: int, name: str, columns_of,
                     default=None):
    """`default`: the base record's value of the column; a nested object fills a
    composite column starting from it (populate_composite's default record)."""
    if value is None or value is JSON_NULL:
        return None
    from pgsnake.datatypes.user_type_facts import domain_base
    base = domain_base(type_oid)
    if base is not None:                # a domain is read as its base type (then checked)
        type_oid, typmod = base[0], base[1] if typmod < 0 else typmod
    columns = columns_of(type_oid)
    if columns is not None:
        if isinstance(value, dict):
            nested = default.values if isinstance(default, registry.Record) else None
            return registry.Record(tuple(t for _n, t, _m in columns),
                                   populate_values(value, columns, nested, columns_of))
        if isinstance(value, list):
            raise PgError(INVALID_PARAMETER_VALUE, "cannot call populate_composite on an array")
        if not isinstance(value, str):
            raise PgError(INVALID_PARAMETER_VALUE, "cannot call populate_composite on a scalar")
        return registry.get_type(type_oid).input(value, typmod)
    info = registry.get_type(type_oid)
    if info.element_oid and type_oid not in (JSON, JSONB) and not isinstance(value, str):
        if not isinstance(value, list):
            raise PgError("22P02", "expected JSON array",
                          hint=f'See the value of key "{name}".')
        return _populated_array(value, info.element_oid, typmod, name, columns_of, [])
    return _field(value, type_oid, typmod)


def _populated_array(items: list, element_oid: int, typmod: int, name: str, columns_of,
                     path: list[int]):
    nested = [isinstance(item, list) for item in items]
    if nested[:1] == [True] and not all(nested):
        # the first element made this a dimension of sub-arrays
        where = "".join(f"[{i}]" for i in path)
        raise PgError("22P02", "expected JSON array",
                      hint=f'See the array element {where}[{nested.index(False)}] of key '
                           f'"{name}".')
    if nested[:1] == [True]:
        rows = [_populated_array(item, element_oid, typmod, name, columns_of, path + [i])
                for i, item in enumerate(items)]
        if len({_shape(row) for row in rows}) > 1:
            raise PgError("22P02", "malformed JSON array",
                          detail="Multidimensional arrays must have sub-arrays with "
                                 "matching dimensions.")
        if not path and 0 in _shape(rows):
            return []           # a dimension of length 0: the array is empty
        return rows
    return [_populated_field(item, element_oid, typmod, name, columns_of) for item in items]


def _shape(value) -> tuple:
    if isinstance(value, list) and value and isinstance(value[0], list):
        return (len(value),) + _shape(value[0])
    return (len(value),) if isinstance(value, list) else ()


def populate_record(base, value, is_jsonb: bool, columns, columns_of):
    """json(b)_populate_record: NULL JSON gives the base record back."""
    if value is None:
        return base
    raw = None
    if is_jsonb:
        tree = value.tree
    else:
        node = json_text.parse(value)
        tree, raw = _keeping_source(value, node), _raw_texts(value, node)
    if not isinstance(tree, dict):
        kind = "an array" if isinstance(tree, list) else "a scalar"
        raise PgError(INVALID_PARAMETER_VALUE, f"cannot call populate_composite on {kind}")
    defaults = base.values if base is not None else None
    return registry.Record(tuple(t for _n, t, _m in columns),
                           populate_values(tree, columns, defaults, columns_of, raw))


def populate_recordset(name: str, base, value, is_jsonb: bool, columns, columns_of):
    """json(b)_populate_recordset: one row per object of a JSON array; every row starts
    from the base record's values."""
    if value is None:
        return
    raws = None
    if is_jsonb:
        tree = value.tree
    else:
        node = json_text.parse(value)
        tree = _keeping_source(value, node)
        if node[0] == "array":
            raws = [_raw_texts(value, item) for item in node[1]]
    if not isinstance(tree, list):
        if is_jsonb:
            raise PgError(INVALID_PARAMETER_VALUE, f"cannot call {name} on a non-array")
        raise PgError(INVALID_PARAMETER_VALUE, f"cannot call {name} on an object"
                      if isinstance(tree, dict) else f"cannot call {name} on a scalar")
    defaults = base.values if base is not None else None
    type_oids = tuple(t for _n, t, _m in columns)
    for index, item in enumerate(tree):
        if not isinstance(item, dict):
            raise PgError(INVALID_PARAMETER_VALUE,
                          f"argument of {name} must be an array of objects")
        yield registry.Record(type_oids, populate_values(
            item, columns, defaults, columns_of, raws[index] if raws else None))
