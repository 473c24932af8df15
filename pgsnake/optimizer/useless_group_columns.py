"""GROUP BY columns that a table's primary key makes redundant are dropped before
planning: grouping by the whole key already puts each of the table's rows in a group of
its own, so its other grouped columns change no group. Fewer keys to sort, hash and
compare, and EXPLAIN's Group Key shows only what is left.

A table qualifies when it is a plain relation of this query level with at least two of
its columns (simple Vars) in GROUP BY, its primary key is not deferrable and is a proper
subset of them, and it has no inheritance children being read with it (a child's rows
could repeat a key; a partitioned table's partitions cannot). Not under grouping sets.
The dropped columns stay in the select list: the Aggregate passes them on from each
group's first row (parser/functional_grouping.dependent_columns), as for columns that
were never grouped.

Entry point: remove_useless_group_columns(query) -> Query   the query itself, or a
shallow copy with the shorter group_by.

PostgreSQL: optimizer/plan/planner.c (remove_useless_groupby_columns).
"""
from __future__ import annotations

import copy

from pgsnake.catalog import catalog_cache
from pgsnake.parser.expression_nodes import Var
from pgsnake.parser.functional_grouping import primary_key_attnums


def remove_useless_group_columns(query):
    if len(query.group_by or ()) < 2 or query.grouping_sets is not None:
        return query
    grouped: dict[int, set[int]] = {}
    for expr in query.group_by:
        if isinstance(expr, Var) and not expr.levels_up:
            grouped.setdefault(expr.rtindex, set()).add(expr.attnum)
    surplus: dict[int, set[int]] = {}
    for rtindex, attnums in grouped.items():
        if len(attnums) < 2:
            continue
        rte = query.range_table[rtindex - 1]
        if rte.kind != "relation" or rte.relation is None:
            continue
        row = catalog_cache.class_row(rte.relation.oid)
        if row is None:
            continue        # (no catalog row: the in-process tests' tables)
        if rte.inh and row.relhassubclass and row.relkind != "p":
            continue
        key = primary_key_attnums(rte.relation.oid)
        if key and key < attnums:
            surplus[rtindex] = attnums - key
    if not surplus:
        return query
    out = copy.copy(query)
    out.group_by = [g for g in query.group_by
                    if not (isinstance(g, Var) and not g.levels_up
                            and g.attnum in surplus.get(g.rtindex, ()))]
    return out


__all__ = ["remove_useless_group_columns"]
