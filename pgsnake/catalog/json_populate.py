"""json_populate_record / json_populate_recordset / jsonb_populate_record /
jsonb_populate_recordset: rows of a composite type filled from JSON objects.

The first argument (anyelement) names the row type and, when not NULL, gives each
column's default. The functions are resolved per call (functions.register_resolver):
the composite type's live columns come from the catalogs here; the filling rules are
datatypes/json_to_record.py's (populate_values). A composite column takes a nested JSON
object the same way.

PostgreSQL: utils/adt/jsonfuncs.c (json_populate_record, populate_record_worker,
populate_recordset_worker, populate_composite).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache as cc
from pgsnake.datatypes import functions, json_catalog_facts, json_to_record
from pgsnake.utils import process_state

JSON, JSONB, BOOL, RECORD = 114, 3802, 16, 2249

# name -> (pg_proc oid, is jsonb, returns a set)
_FUNCTIONS = {row[1]: (row[0], row[3] == 3802 or row[2][1] == JSONB, row[7])
              for row in json_catalog_facts.PROCS
              if row[1] in ("json_populate_record", "json_populate_recordset",
                            "jsonb_populate_record", "jsonb_populate_recordset")}


def composite_columns(type_oid: int) -> list[tuple[str, int, int]] | None:
    """(name, type oid, typmod) of a composite type's live columns, or None when the
    type is not a composite type with a relation."""
    if not process_state.database_oid:
        return None
    row = cc.get_type_row(type_oid)
    if row is None or row.typtype != "c" or not row.typrelid:
        return None
    return [(a.name, a.type_oid, a.typmod)
            for a in cc.get_relation(row.typrelid).attributes if not a.is_dropped]


# json(b)_to_record's composite columns are read the same way
json_to_record.set_composite_columns(composite_columns)


def _resolver(name: str):
    oid, is_jsonb, returns_set = _FUNCTIONS[name]
    source = JSONB if is_jsonb else JSON

    def resolve(arg_types: list[int]):
        if len(arg_types) not in ((2,) if is_jsonb else (2, 3)):
            return None
        if arg_types[1] not in (source, 705) or arg_types[2:] not in ([], [BOOL]):
            return None
        row_type = arg_types[0]
        if row_type == RECORD:
            return _record_function(oid, name, is_jsonb, returns_set, source, arg_types)
        columns = composite_columns(row_type)
        if columns is None:
            return None
        if returns_set:
            def call(base, value, _as_text=None):
                return json_to_record.populate_recordset(name, base, value, is_jsonb,
                                                         columns, composite_columns)
        else:
            def call(base, value, _as_text=None):
                return json_to_record.populate_record(base, value, is_jsonb, columns,
                                                      composite_columns)
        # in FROM the call expands to the row type's columns
        call.out_columns = tuple((n, t) for n, t, _m in columns)
        return functions.Function(oid, name, (row_type, source) + tuple(arg_types[2:]),
                                  row_type, call, strict=False, volatility="s",
                                  returns_set=returns_set, rows=100.0 if returns_set else 1.0)
    return resolve


def _record_function(oid: int, name: str, is_jsonb: bool, returns_set: bool, source: int,
                     arg_types):
    """An anonymous record as the base: a non-NULL one gives the row's shape (fields f1,
    f2, ... or its columns' names); a NULL one leaves the shape to a column definition
    list in FROM (elsewhere: "could not determine row type")."""
    def shape(base):
        from pgsnake.datatypes.json_functions import record_field_names
        return [(n, t, -1) for n, t in zip(record_field_names(base), base.type_oids)]

    def rows(base, value):
        if base is None:
            if returns_set:
                return json_to_record.to_recordset(name, is_jsonb)(value)
            return None if value is None else json_to_record.to_record(name, is_jsonb)(value)
        if returns_set:
            return json_to_record.populate_recordset(name, base, value, is_jsonb,
                                                     shape(base), composite_columns)
        return json_to_record.populate_record(base, value, is_jsonb, shape(base),
                                              composite_columns)

    def call(base, value, _as_text=None):
        return rows(base, value)
    return functions.Function(oid, name, (RECORD, source) + tuple(arg_types[2:]), RECORD,
                              call, strict=False, volatility="s", returns_set=returns_set,
                              rows=100.0 if returns_set else 1.0)


for _name in _FUNCTIONS:
    functions.register_resolver(_name, _resolver(_name))
