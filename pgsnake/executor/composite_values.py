"""Evaluating field selection from a composite value ((x).f, parser's FieldSelect: the
field of the Record, NULL for a NULL row) and field replacement (UPDATE ... SET c.f = v,
FieldStore: a new Record; a NULL row becomes a row of NULLs first).

Entry point: none; importing the module teaches compile_expression the node.

PostgreSQL: executor/execExprInterp.c (ExecEvalFieldSelect, ExecEvalFieldStoreDeForm,
ExecEvalFieldStoreForm).
"""
from __future__ import annotations

from pgsnake.executor.expression_eval import compile_expression, register_builder
from pgsnake.datatypes.registry import Record
from pgsnake.parser.composite_expressions import FieldSelect, FieldStore


def _field_select(expr, layout):
    arg = compile_expression(expr.arg, layout)
    index = expr.index

    def select(row, ex):
        value = arg(row, ex)
        if value is None or index >= len(value.values):
            return None     # a value stored before ALTER TYPE ... ADD ATTRIBUTE: NULL
        return value.values[index]
    return select


def _field_store(expr, layout):
    row_fn, value_fn = (compile_expression(a, layout) for a in expr.args)
    index, field_types = expr.index, expr.field_types

    def store(row, ex):
        record = row_fn(row, ex)
        if record is None:
            values, types = [None] * len(field_types), field_types
        else:
            values, types = list(record.values), record.type_oids
            if len(values) < len(field_types):
                # stored before ALTER TYPE ... ADD ATTRIBUTE: the new fields are NULL
                values += [None] * (len(field_types) - len(values))
                types = field_types
        values[index] = value_fn(row, ex)
        return Record(types, tuple(values))
    return store


register_builder(FieldSelect, _field_select)
register_builder(FieldStore, _field_store)
