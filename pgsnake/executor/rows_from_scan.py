"""The rows of a ROWS FROM scan (a Function Scan over a parser/rows_from.RowsFromCall).

Every call runs once per scan (or once for many scans: executor/function_results.py); their rows are set side by side, row i of the scan holding
row i of each call, a call that has run out giving NULLs for its columns, until all have
run out. WITH ORDINALITY appends the row's number (from 1). A set-returning call with a
NULL argument to a strict function gives no rows; a call that is not set-returning gives
one row (a NULL record: one row of NULLs). A call with a column definition list must
return rows of the columns it declared: their number, and where the row carries its
types (a SQL function's record) types implicitly coercible to the declared ones.

Entry points:
    compile_calls(function) -> code for call_rows()
    call_rows(function, code, estate, index) -> iterator of one call's rows (lists)
    rows(function, iterators, with_ordinality) -> iterator of output rows (lists): the
                                       calls' rows side by side
    returns_rows(call) -> bool         whether a call's items are rows of columns

PostgreSQL: executor/nodeFunctionscan.c (FunctionNext, the per-function tuplestores),
executor/execSRF.c (ExecMakeTableFunctionResult, tupledesc_match).
"""
from __future__ import annotations

from pgsnake.datatypes.registry import Record, format_type
from pgsnake.executor.expression_eval import compile_expression
from pgsnake.datatypes import casts, catalog_facts
from pgsnake.utils.errors import DATATYPE_MISMATCH, PgError

INVALID_FUNCTION_DEFINITION = "42P13"
_FIRST_NORMAL_OID = 16384           # below it: built-in functions
# IsBinaryCoercible's pg_cast rows (WITHOUT FUNCTION casts)
_BINARY_CASTS = frozenset((source, target) for source, target, _context, method, _f
                          in catalog_facts.CASTS if method == "b")

RECORD = 2249
_END = object()


def compile_calls(function) -> list:
    return [(compile_expression(item, {}), [compile_expression(a, {}) for a in item.args])
            for item in function.items]


def returns_rows(call) -> bool:
    """Does each item the call returns hold a row of columns: a record, a composite type
    (a table's row type) or a domain over one, or a call that names its columns
    (json_populate_record)?"""
    if call.type_oid == RECORD or getattr(call.fn, "out_columns", ()):
        return True
    from pgsnake.catalog import catalog_cache as cc
    type_row = cc.get_type_row(call.type_oid)
    while type_row is not None and type_row.typtype == "d":
        type_row = cc.get_type_row(type_row.typbasetype)
    return type_row is not None and bool(type_row.typrelid)


def _call_rows(item, count: int, declared: int, call, arg_fns, ex):
    """The rows (lists of `count` values) one call returns."""
    if item.returns_set:
        args = [f(None, ex) for f in arg_fns]
        if item.strict and any(a is None for a in args):
            return
        produced = item.fn(*args)
    else:
        produced = [call(None, ex)]
    record = returns_rows(item)
    for value in produced:
        if not record:
            yield [value]
        elif value is None:
            yield [None] * count
        elif declared and hasattr(value, "values_for"):
            # json(b)_to_record(set): the row is built from the column definition list
            yield value.values_for(declared)
        else:
            values = list(value.values if isinstance(value, Record) else value)
            if declared:
                values = check_declared(value, values, declared,
                                         getattr(item, "function_oid", _FIRST_NORMAL_OID))
            yield values


def check_declared(value, values: list, definitions: tuple, function_oid: int) -> list:
    """The row's values as the column definition list declares them. A row that knows
    its column types must match them: a SQL function's record each implicitly coercible
    to its declared type, as check_sql_fn_retval demands (42P13); a built-in function's
    row (json_populate_record's of a ROW(...) base) each binary-coercible, as
    tupledesc_match demands (42804); any row must have the declared number of columns.
    `definitions`: (name, type, typmod) of each declared column."""
    if not isinstance(value, Record) or function_oid < _FIRST_NORMAL_OID:
        if len(values) != len(definitions):
            noun = "attribute" if len(values) == 1 else "attributes"
            raise PgError(DATATYPE_MISMATCH, "function return row and query-specified "
                          "return row do not match",
                          detail=f"Returned row contains {len(values)} {noun}, but "
                                 f"query expects {len(definitions)}.")
        if isinstance(value, Record):
            for position, (actual, (_name, wanted, _typmod)) in enumerate(
                    zip(value.type_oids, definitions), 1):
                if actual and actual != wanted and (actual, wanted) not in _BINARY_CASTS:
                    raise PgError(DATATYPE_MISMATCH, "function return row and "
                                  "query-specified return row do not match",
                                  detail=f"Returned type {format_type(actual)} at ordinal "
                                         f"position {position}, but query expects "
                                         f"{format_type(wanted)}.")
        return values
    if len(values) != len(definitions):
        few = "few" if len(values) < len(definitions) else "many"
        raise PgError(INVALID_FUNCTION_DEFINITION, "return type mismatch in function "
                      "declared to return record",
                      detail=f"Final statement returns too {few} columns.")
    out = []
    for position, (item, actual, (_name, wanted, typmod)) in enumerate(
            zip(values, value.type_oids, definitions), 1):
        if actual != wanted:
            cast = casts.find_cast(actual, wanted, "implicit") if actual else None
            if cast is None:
                raise PgError(INVALID_FUNCTION_DEFINITION, "return type mismatch in "
                              "function declared to return record",
                              detail=f"Final statement returns {format_type(actual)} "
                                     f"instead of {format_type(wanted)} at column "
                                     f"{position}.")
            item = None if item is None else cast(item, typmod)
        out.append(item)
    return out



def call_rows(function, code, ex, index: int):
    """The rows (lists of values) call `index` of the ROWS FROM returns."""
    call, arg_fns = code[index]
    return _call_rows(function.items[index], function.column_counts[index],
                      function.record_columns[index], call, arg_fns, ex)


def rows(function, iterators: list, with_ordinality: bool):
    """The scan's rows from each call's rows (call_rows, or the rows kept from an
    earlier scan: executor/function_results.py)."""
    iterators = list(iterators)
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
