"""The size of PostgreSQL's flattened range table for an analysed query: what EXPLAIN
reads to decide whether to qualify column names (commands/explain.py) and what the plan
cache counts as planning effort in a custom plan's cost (executor/custom_plans.py).

Entry point: range_table_size(query) -> int.

PostgreSQL: optimizer/plan/setrefs.c (add_rtes_to_flat_rtable builds the flat range
table that PlannedStmt.rtable holds).
"""
from __future__ import annotations

from pgsnake.parser.expression_nodes import CaseExpr, SubLink, children


def range_table_size(query) -> int:
    """The size of PostgreSQL's flattened range table for `query`: its own entries plus
    those of every subquery, in FROM, in a UNION or in an expression (EXPLAIN qualifies
    column names when there is more than one)."""
    size = len(query.range_table) + query.pulled_up_entries
    if query.set_operation is not None:
        size += len(query.set_operation[1])         # the "*SELECT* n" entries
    elif not query.range_table and query.command_type == "SELECT":
        size = 1                                    # PostgreSQL's RTE_RESULT for no FROM
    for rte in query.range_table:
        if rte.subquery is not None:
            size += range_table_size(rte.subquery)
    if query.set_operation is not None:
        size += sum(range_table_size(branch) for branch in query.set_operation[1])
    size += sum(range_table_size(cte.query) for cte in query.cte_list)
    exprs = [t.expr for t in query.target_list + query.returning] + [
        query.where, query.having, list(query.update_assignments.values())]
    stack = [n for n in query.from_list]
    while stack:
        node = stack.pop()
        if node is not None:
            exprs.append(node.quals)
            stack += [node.left, node.right]
    for sublink in _sublinks_in(exprs):
        size += range_table_size(sublink.subquery)
    return size


def _sublinks_in(value) -> list:
    found, stack = [], [value]
    while stack:
        v = stack.pop()
        if isinstance(v, SubLink):
            found.append(v)
            stack.append(v.arg)
        elif isinstance(v, (list, tuple)):
            stack.extend(v)
        elif isinstance(v, CaseExpr):
            stack.extend(x for pair in v.whens for x in pair)
            stack.append(v.default)
        elif v is not None and hasattr(v, "type_oid"):
            stack.extend(children(v))
    return found
