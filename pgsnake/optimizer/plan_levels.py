"""Which query level each plan node belongs to (for EXPLAIN's range-table names).

Entry point:
    tag_query_level(top, range_table)   called by planner.plan_query once a level's plan
                                        is built: every node of the tree that has no
                                        `query_level` yet gets this level's QueryLevel

A subquery level (FROM item, set-operation leaf, WITH query, subquery in an expression)
is planned, and so tagged, before the level that contains it; a walk from the top that
stops at tagged nodes therefore gives each node its own level. EXPLAIN uses this to
name every scanned range-table entry uniquely across the whole statement, as
PostgreSQL's flattened range table does (commands/explain_names.py).

PostgreSQL: optimizer/plan/setrefs.c (add_rtes_to_flat_rtable).
"""
from __future__ import annotations

import dataclasses


@dataclasses.dataclass(eq=False)
class QueryLevel:
    """One query level: its range table (Vars and scans of the level index into it)."""
    range_table: list


def tag_query_level(top, range_table: list) -> None:
    level = QueryLevel(range_table)
    stack = [top]
    while stack:
        node = stack.pop()
        if node is None or "query_level" in node.__dict__:
            continue
        node.query_level = level
        stack.extend(node.children())
