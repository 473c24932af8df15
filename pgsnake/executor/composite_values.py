"""Evaluating field selection from a composite value ((x).f, parser's FieldSelect): the
field of the Record, NULL for a NULL row.

Entry point: none; importing the module teaches compile_expression the node.

PostgreSQL: executor/execExprInterp.c (ExecEvalFieldSelect).
"""
from __future__ import annotations

from pgsnake.executor.expression_eval import compile_expression, register_builder
from pgsnake.parser.composite_expressions import FieldSelect


def _field_select(expr, layout):
    arg = compile_expression(expr.arg, layout)
    index = expr.index

    def select(row, ex):
        value = arg(row, ex)
        return None if value is None else value.values[index]
    return select


register_builder(FieldSelect, _field_select)
