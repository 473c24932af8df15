"""The rows of a Table Function Scan (a Function Scan over a parser/xml_table.XmlTableCall):
the call's expressions evaluated for the current outer row, then datatypes/xml_table.py
builds the rows.

Entry points:
    compile_call(call) -> code          compiled expressions of the call (per node)
    rows(call, code, estate) -> iterator of row lists

The document is evaluated first and a NULL one gives no rows without evaluating the
rest (tfuncFetchRows); the namespace URIs, row filter and column filters once per scan
(tfuncInitialize); a DEFAULT only for a row whose column is NULL (tfuncLoadRows).
A column without PATH uses its name as its filter.

PostgreSQL: executor/nodeTableFuncscan.c.
"""
from __future__ import annotations

from pgsnake.datatypes.xml_table import xml_table_rows
from pgsnake.executor.expression_eval import compile_expression


def compile_call(call):
    return [None if e is None else compile_expression(e, {}) for e in call.args]


def rows(call, code, estate):
    document = code[1](None, estate)
    if document is None:
        return iter(())
    count = len(call.namespace_names)
    width = len(call.columns)
    uris = [f(None, estate) for f in code[2:2 + count]]
    row_path = code[0](None, estate)
    path_code = code[2 + count:2 + count + width]
    paths = [None if column.ordinality else
             (column.name if f is None else f(None, estate))
             for column, f in zip(call.columns, path_code)]
    defaults = [None if f is None else (lambda f=f: f(None, estate))
                for f in code[2 + count + width:]]
    return xml_table_rows(document, list(zip(call.namespace_names, uris)), row_path, paths,
                          call.columns, defaults)
