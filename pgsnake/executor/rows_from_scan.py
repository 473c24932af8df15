"""The rows of a ROWS FROM scan (a Function Scan over a parser/rows_from.RowsFromCall).

Every call runs once per scan; their rows are set side by side, row i of the scan holding
row i of each call, a call that has run out giving NULLs for its columns, until all have
run out. WITH ORDINALITY appends the row's number (from 1). A set-returning call with a
NULL argument to a strict function gives no rows; a call that is not set-returning gives
one row (a NULL record: one row of NULLs). A call with a column definition list must
return rows of the columns it declared (count, and types where the row carries them).

Entry points:
    compile_calls(function) -> code for rows()
    rows(function, code, estate, with_ordinality) -> iterator of output rows (lists)

PostgreSQL: executor/nodeFunctionscan.c (FunctionNext, the per-function tuplestores),
executor/execSRF.c (ExecMakeTableFunctionResult, tupledesc_match).
"""
from __future__ import annotations

from pgsnake.datatypes.registry import Record, format_type
from pgsnake.executor.expression_eval import compile_expression
from pgsnake.utils.errors import DATATYPE_MISMATCH, PgError

RECORD = 2249
_END = object()


def compile_calls(function) -> list:
    return [(compile_expression(item, {}), [compile_expression(a, {}) for a in item.args])
            for item in function.items]


def _call_rows(item, count: int, declared: int, call, arg_fns, ex):
    """The rows (lists of `count` values) one call returns."""
    if item.returns_set:
        args = [f(None, ex) for f in arg_fns]
        if item.strict and any(a is None for a in args):
            return
        produced = item.fn(*args)
    else:
        produced = [call(None, ex)]
    record = item.type_oid == RECORD
    for value in produced:
        if not record:
            yield [value]
        elif value is None:
            yield [None] * count
        else:
            values = list(value.values if isinstance(value, Record) else value)
            if declared:
                _check_declared(value, len(values), declared)
            yield values


def _check_declared(value, count: int, definitions: tuple) -> None:
    """tupledesc_match: a row of the declared number of columns, of the declared types
    where the row knows its types. `definitions`: (name, type, typmod) of each."""
    declared = tuple(type_oid for _name, type_oid, _typmod in definitions)
    if count != len(declared):
        raise PgError(DATATYPE_MISMATCH, "function return row and query-specified return "
                      "row do not match",
                      detail=f"Returned row contains {count} attributes, but query expects "
                             f"{len(declared)}.")
    if isinstance(value, Record):
        for position, (actual, wanted) in enumerate(zip(value.type_oids, declared), 1):
            if actual != wanted:
                raise PgError(DATATYPE_MISMATCH, "function return row and query-specified "
                              "return row do not match",
                              detail=f"Returned type {format_type(actual)} at ordinal "
                                     f"position {position}, but query expects "
                                     f"{format_type(wanted)}.")


def rows(function, code, ex, with_ordinality: bool):
    iterators = [_call_rows(item, count, declared, call, arg_fns, ex)
                 for item, count, declared, (call, arg_fns)
                 in zip(function.items, function.column_counts, function.record_columns, code)]
    counts = function.column_counts
    number = 0
    while True:
        row, alive = [], False
        for i, iterator in enumerate(iterators):
            values = _END if iterator is None else next(iterator, _END)
            if values is _END:
                iterators[i] = None
                row += [None] * counts[i]
            else:
                alive = True
                row += values
        if not alive:
            return
        number += 1
        if with_ordinality:
            row.append(number)
        yield row
