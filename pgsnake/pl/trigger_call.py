"""Calling a trigger function for the executor's trigger manager (executor/triggers.py).

The executor hands over a TriggerCall; this module turns it into the PL/pgSQL
function's NEW and OLD records (NULL where the event has none, as in PostgreSQL 11 and
later) and its TG_* variables, runs the function, and hands back a row (a list of
column values in the table's layout) or None. Only PL/pgSQL trigger functions exist
(SQL functions cannot return trigger); a function that does not return trigger is
refused when the trigger is created.

Entry point: install() (from pl/__init__), call(TriggerCall).

PostgreSQL: commands/trigger.c (ExecCallTriggerFunc), pl/plpgsql/src/pl_exec.c
(plpgsql_exec_trigger: NEW / OLD / TG_* and the returned row's checks).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import lookup_functions
from pgsnake.datatypes.array_values import ZeroBasedList
from pgsnake.executor import triggers
from pgsnake.parser import transition_tables
from pgsnake.pl import function_manager, suppress_redundant_updates, ts_update_trigger
from pgsnake.utils.errors import PgError


def _record(relation, values):
    """NEW / OLD: the row, or (values None) a NULL of the table's row type, whose fields
    read as NULL (PostgreSQL 11+: NEW in a statement-level or DELETE trigger, OLD in a
    statement-level or INSERT one)."""
    from pgsnake.pl.plpgsql.interpreter import Record
    attributes = _live(relation)
    class_row = cc.class_row(relation.oid)
    row_type = class_row.reltype if class_row is not None and class_row.reltype else 2249
    names, types = [a.name for a in attributes], [a.type_oid for a in attributes]
    if values is None:
        return Record(names, types, [None] * len(attributes), null=True, type_oid=row_type)
    return Record(names, types, [values[a.attnum - 1] for a in attributes], type_oid=row_type)


def _live(relation) -> list:
    """The columns NEW / OLD have: a dropped column is no field of the row type."""
    return [a for a in relation.attributes if not a.is_dropped]


def _stored_row(relation, values) -> list:
    """A returned row (its live columns) in the table's layout, NULL where a column
    was dropped."""
    out = [None] * len(relation.attributes)
    for attribute, value in zip(_live(relation), values):
        out[attribute.attnum - 1] = value
    return out


def call(trigger_call: triggers.TriggerCall):
    from pgsnake.pl.plpgsql import interpreter
    row = lookup_functions.proc_row(trigger_call.trigger.tgfoid)
    if row is None:
        raise PgError("42883", f"function {trigger_call.trigger.tgfoid} does not exist")
    if row.prolang == 12:                   # built-in trigger functions
        if row.prosrc in ts_update_trigger.INTERNAL_FUNCTIONS:
            return ts_update_trigger.call(row, trigger_call)
        if row.prosrc == suppress_redundant_updates.PROSRC:
            return suppress_redundant_updates.call(row, trigger_call)
        raise PgError("0A000", f"trigger function {row.proname} is not supported")
    relation = trigger_call.relation
    is_row = trigger_call.level == "ROW"
    environment = {
        "new": _record(relation, list(trigger_call.new)
                       if is_row and trigger_call.new is not None else None),
        "old": _record(relation, list(trigger_call.old)
                       if is_row and trigger_call.old is not None else None),
        "tg_name": trigger_call.trigger.tgname,
        "tg_when": trigger_call.timing,
        "tg_level": trigger_call.level,
        "tg_op": trigger_call.operation,
        "tg_relid": relation.oid,
        "tg_relname": relation.name,
        "tg_table_name": relation.name,
        "tg_table_schema": cc.namespace_name(relation.namespace_oid),
        "tg_nargs": len(trigger_call.arguments),
        "tg_argv": ZeroBasedList(trigger_call.arguments),
    }
    function_manager.allow_deep_recursion()
    transition_tables.push(trigger_call.transition_tables)
    try:
        result = function_manager.run_as_routine(
            row, lambda: interpreter.call_trigger(row, environment))
    finally:
        transition_tables.pop()
    if not is_row or trigger_call.timing == "AFTER":
        return None                        # the result of these is ignored
    if result is None:
        return None
    if isinstance(result, interpreter.Record):
        _check_row_type(row, relation, result.types)
        return _stored_row(relation, list(result.values))
    types = getattr(result, "type_oids", None)
    if types is not None:
        _check_row_type(row, relation, types)
    return _stored_row(relation, list(result))


def _check_row_type(function_row, relation, types) -> None:
    """The returned row must have the table's column types (convert_tuples_by_position
    in plpgsql_exec_trigger)."""
    from pgsnake.datatypes import registry
    context = f"PL/pgSQL function {function_manager.describe(function_row)} during " \
              f"function exit"
    attributes = _live(relation)
    if len(types) != len(attributes):
        raise PgError("42804", "returned row structure does not match the structure of the "
                      "triggering table",
                      detail=f"Number of returned columns ({len(types)}) does not match "
                             f"expected column count ({len(attributes)}).", context=context)
    for number, (type_oid, attribute) in enumerate(zip(types, attributes), 1):
        if type_oid != attribute.type_oid and not attribute.is_dropped:
            raise PgError("42804", "returned row structure does not match the structure of "
                          "the triggering table",
                          detail=f"Returned type {registry.format_type(type_oid)} does not "
                                 f"match expected type "
                                 f"{registry.format_type(attribute.type_oid)} in column "
                                 f"{number}.", context=context)


def install() -> None:
    triggers.register_function_caller(call)
