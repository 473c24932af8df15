"""GROUP BY keys put in ORDER BY's order, so that one sort serves both.

PostgreSQL's parser gives a GROUP BY item that ORDER BY also names ORDER BY's ordering
(transformGroupClause), and preprocess_groupclause then reorders GROUP BY: the ORDER BY
items, in ORDER BY's order, while each is a GROUP BY item, then the other GROUP BY
items. When ORDER BY names something that is not grouped, the reordering is kept only
if no GROUP BY item is left over (otherwise no common sort exists and GROUP BY stays as
written). EXPLAIN shows the result as the Group Key order, and a GroupAggregate's Sort
then sorts by ORDER BY's keys (directions included: the planner's
_order_by_follows_group reads them off the ORDER BY prefix).

Entry point: reorder_group_by(query) -> Query   the query itself, or a shallow copy with
                                               its group_by reordered
Not under grouping sets (their sets index group_by).

PostgreSQL: optimizer/plan/planner.c (preprocess_groupclause), parser/parse_clause.c
(transformGroupClause).
"""
from __future__ import annotations

import copy


def reorder_group_by(query):
    if not query.group_by or query.grouping_sets is not None or not query.sort_clause:
        return query
    group = list(query.group_by)
    chosen: list = []
    complete = True
    for clause in query.sort_clause:
        expr = query.target_list[clause.target_index].expr
        match = next((g for g in group if g == expr
                      and not any(g is c for c in chosen)), None)
        if match is None:
            complete = False
            break
        chosen.append(match)
    if not chosen:
        return query
    rest = [g for g in group if not any(g is c for c in chosen)]
    if rest and not complete:
        return query            # no common sort possible
    reordered = chosen + rest
    if all(a is b for a, b in zip(reordered, group)):
        return query
    out = copy.copy(query)
    out.group_by = reordered
    return out


__all__ = ["reorder_group_by"]
