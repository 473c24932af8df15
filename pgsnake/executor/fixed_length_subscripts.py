"""Evaluating subscripts of point, lseg, box and line (parser/fixed_length_subscripts.py):
reading an element (NULL off the end, for a NULL subscript or for several subscripts)
and replacing one (2202E off the end; a NULL value, element or subscript leaves the
value as it was).

Entry point: none; importing the module teaches compile_expression the two nodes.

PostgreSQL: utils/adt/arrayfuncs.c (array_get_element / array_set_element with a
positive typlen), executor/execExprInterp.c (ExecEvalSubscriptingRef).
"""
from __future__ import annotations

from pgsnake.executor.expression_eval import compile_expression, register_builder
from pgsnake.parser.fixed_length_subscripts import (FixedSubscript, FixedSubscriptAssign,
                                                    assign, fetch)
from pgsnake.utils.errors import PgError

ARRAY_SUBSCRIPT_ERROR = "2202E"


def _fetch(expr: FixedSubscript, layout):
    arg, *subscripts = [compile_expression(a, layout) for a in expr.args]
    container = expr.container_type

    def fixed_fetch(row, ex):
        value = arg(row, ex)
        indexes = [s(row, ex) for s in subscripts]
        if value is None or len(indexes) != 1 or indexes[0] is None:
            return None
        return fetch(container, value, indexes[0])
    return fixed_fetch


def _assign(expr: FixedSubscriptAssign, layout):
    current, element, *subscripts = [compile_expression(a, layout) for a in expr.args]
    container = expr.type_oid

    def fixed_assign(row, ex):
        value = current(row, ex)
        new = element(row, ex)
        indexes = [s(row, ex) for s in subscripts]
        if len(indexes) != 1:
            raise PgError(ARRAY_SUBSCRIPT_ERROR, "wrong number of array subscripts")
        if value is None or new is None or indexes[0] is None:
            return value
        return assign(container, value, indexes[0], new)
    return fixed_assign


register_builder(FixedSubscript, _fetch)
register_builder(FixedSubscriptAssign, _assign)
