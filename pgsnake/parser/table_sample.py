"""TABLESAMPLE in FROM: `t TABLESAMPLE method (args) [REPEATABLE (seed)]` analysed into
the table's range-table entry (RangeTableEntry.tablesample).

Entry point:
    transform_range_table_sample(pstate, body, transform_from_item, transform_argument)
        -> (JoinTreeNode, the Vars '*' expands to)
    TableSampleClause    the analysed clause: the handler function's OID, its method
                         (access/tablesample/methods.SampleMethod), the arguments coerced
                         to the method's parameter types, REPEATABLE coerced to float8

Only plain tables, materialized views and partitioned tables are sampled (42809 at the
table's name otherwise: views, WITH queries, 0A000). The method is the function of that name
taking one `internal` argument (LookupFuncName: schema-qualified or along search_path);
none is 42704 "tablesample method ... does not exist", one not returning tsm_handler is
42809; a wrong argument count is 2202H. The arguments and the seed are analysed as
expressions of a function in FROM (no aggregates, window functions or set-returning
functions) but not LATERAL: the table itself and the FROM items to its left are not
visible to them, outer query levels are.

PostgreSQL: parser/parse_clause.c (transformFromClauseItem's RangeTableSample case,
transformRangeTableSample), nodes/parsenodes.h (TableSampleClause).
"""
from __future__ import annotations

import dataclasses
from typing import Any

from pgsnake.access.tablesample import methods
from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog.lookup_functions import function_with_args, proc_row
from pgsnake.parser.xml_expressions import coerce_to_specific
from pgsnake.utils.errors import PgError

INTERNAL_OID, TSM_HANDLER_OID = 2281, 3310
_SAMPLED_RELKINDS = ("r", "m", "p")


@dataclasses.dataclass
class TableSampleClause:
    handler_oid: int
    method_name: str                  # the handler function's name (EXPLAIN, deparsing)
    args: list
    repeatable: Any = None            # float8 expression, or None
    method: Any = None                # access/tablesample/methods.SampleMethod
    # The arguments and seed as written, before their coercion (which the analyser may
    # fold into a constant): pg_get_viewdef prints them so, as PostgreSQL prints an
    # implicit cast (rewrite/view_deparse.py).
    written_args: list = dataclasses.field(default_factory=list)
    written_repeatable: Any = None


def _handler_oid(names: list[str]) -> int | None:
    if len(names) > 1 and cc.get_namespace_oid(names[-2]) is None:
        return None                   # LookupFuncName(missing_ok): an unknown schema
    return function_with_args(names, [INTERNAL_OID])


def transform_range_table_sample(pstate, body: dict, transform_from_item,
                                 transform_argument):
    """transform_from_item: the FROM-item analyser (for the sampled table);
    transform_argument(pstate, node): an expression analysed as a non-lateral
    argument of a function in FROM."""
    relation_node = body["relation"]
    join_node, star = transform_from_item(pstate, relation_node)
    rte = pstate.range_table[join_node.rtindex - 1] if join_node.rtindex else None
    if rte is None or rte.kind != "relation" \
            or rte.relation.relkind not in _SAMPLED_RELKINDS:
        location = next(iter(relation_node.values())).get("location")
        raise PgError("0A000",
                      "TABLESAMPLE clause can only be applied to tables and materialized "
                      "views", position=pstate.position(location))
    # the table's own name is not visible to its TABLESAMPLE arguments
    own_item = pstate.namespace.pop()
    try:
        rte.tablesample = _transform_clause(pstate, body, transform_argument)
    finally:
        pstate.namespace.append(own_item)
    return join_node, star


def _transform_clause(pstate, body: dict, transform_argument) -> TableSampleClause:
    names = [n["String"]["sval"] for n in body["method"]]
    position = pstate.position(body.get("location"))
    shown = ".".join(names)
    handler = _handler_oid(names)
    if handler is None:
        raise PgError("42704", f"tablesample method {shown} does not exist",
                      position=position)
    row = proc_row(handler)
    if row.prorettype != TSM_HANDLER_OID:
        raise PgError("42809", f"function {shown} must return type tsm_handler",
                      position=position)
    method = methods.method_for_handler(handler)
    if method is None:
        raise PgError("0A000", f"tablesample method {shown} is not supported",
                      position=position)
    written = body.get("args") or []
    expected = len(method.parameter_types)
    if len(written) != expected:
        noun = "argument" if expected == 1 else "arguments"
        raise PgError(methods.INVALID_TABLESAMPLE_ARGUMENT,
                      f"tablesample method {shown} requires {expected} {noun}, not "
                      f"{len(written)}", position=position)
    written_args = [transform_argument(pstate, node) for node in written]
    args = [coerce_to_specific(pstate, expr, type_oid, "TABLESAMPLE", node)
            for expr, node, type_oid in zip(written_args, written, method.parameter_types)]
    repeatable = written_repeatable = None
    if body.get("repeatable") is not None:
        node = body["repeatable"]
        written_repeatable = transform_argument(pstate, node)
        repeatable = coerce_to_specific(pstate, written_repeatable, methods.FLOAT8_OID,
                                        "REPEATABLE", node)
    return TableSampleClause(handler, row.proname, args, repeatable, method, written_args,
                             written_repeatable)
