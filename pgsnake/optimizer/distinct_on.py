"""Planning SELECT DISTINCT ON: Unique over a Sort.

Entry points:
    make_distinct_on(planner, top) -> Plan   `top` projects the query's target list;
                                             the result keeps the first row of each
                                             DISTINCT ON group, in ORDER BY's order
    sort_clauses(query), unique_over(planner, sort, key_indexes)   the same two steps
                                             for a Sort below a ProjectSet
                                             (optimizer/srf_sort.py)

The Sort orders by the DISTINCT ON keys (parser/distinct_on.py puts them in ORDER BY's
order and directions) and then by the rest of ORDER BY, so no second Sort is needed;
Unique compares only the DISTINCT ON columns. PostgreSQL can also use a presorted path
or hashing for plain DISTINCT, never hashing for DISTINCT ON; we always sort.

Costs: Unique adds cpu_operator_cost per input row and key (create_upper_unique_path);
its rows are the estimated groups of the keys.

PostgreSQL: optimizer/plan/planner.c (create_distinct_paths, create_final_distinct_paths).
"""
from __future__ import annotations

from pgsnake.optimizer import cost
from pgsnake.optimizer.plan_nodes import Unique


def sort_clauses(query) -> list:
    """The Sort's clauses: the DISTINCT ON keys, then the rest of ORDER BY."""
    keys = list(query.distinct_on)
    distinct_indexes = [k.target_index for k in keys]
    return keys + [s for s in query.sort_clause if s.target_index not in distinct_indexes]


def make_distinct_on(planner, top):
    query = planner.query
    distinct_indexes = [k.target_index for k in query.distinct_on]
    sort = planner._make_sort(top, [planner._sort_key(s) for s in sort_clauses(query)])
    return unique_over(planner, sort, distinct_indexes)


def unique_over(planner, sort, key_indexes: list):
    """Unique keeping the first row of each DISTINCT ON group of `sort`'s rows; its keys
    are the columns at `key_indexes` of the Sort's output."""
    query = planner.query
    rows = sort.plan_rows
    groups = planner._estimate_groups([query.target_list[k.target_index].expr
                                       for k in query.distinct_on], rows)
    distinct_indexes = key_indexes
    node = Unique(child=sort, key_indexes=distinct_indexes)
    node.startup_cost = sort.startup_cost
    node.total_cost = sort.total_cost + cost.CPU_OPERATOR_COST * len(distinct_indexes) * rows
    node.plan_rows, node.plan_width = groups, sort.plan_width
    node.output_keys = sort.output_keys
    planner.presorted = True
    return node
