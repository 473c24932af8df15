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
    values as their JSON text.
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
        return [_field(self.tree.get(name), type_oid, typmod)
                for name, type_oid, typmod in columns]


def _field(value, type_oid: int, typmod: int):
    if value is None or value is JSON_NULL:
        return None
    if type_oid == JSONB:
        return Jsonb(value)
    if type_oid == JSON:
        return to_text(value) if isinstance(value, (dict, list)) else scalar_text(value)
    info = registry.get_type(type_oid)
    if info.element_oid and isinstance(value, list):
        return [_field(item, info.element_oid, typmod) if not isinstance(item, list)
                else _field(item, type_oid, typmod) for item in value]
    if isinstance(value, str):
        text = value
    elif isinstance(value, (dict, list)):
        text = to_text(value)
    else:
        text = scalar_text(value)
    result = info.input(text, typmod)
    return registry.apply_typmod(type_oid, result, typmod) if typmod >= 0 else result


def _tree(value, is_jsonb: bool):
    return value.tree if is_jsonb else from_node(json_text.parse(value))


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


BY_OID = {
    3204: _to_record("json_to_record", False),
    3205: _to_recordset("json_to_recordset", False),
    3490: _to_record("jsonb_to_record", True),
    3491: _to_recordset("jsonb_to_recordset", True),
}
