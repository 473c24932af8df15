"""Planning GROUPING SETS / ROLLUP / CUBE: one aggregation node computing every set.

Entry points:
    make_grouping_sets_aggregate(planner, child) -> GroupingSetsAggregate
    GroupingSetsAggregate                          the plan node (executor/
                                                   grouping_sets_agg.py runs it)

Every non-empty grouping set gets its own hash table, all filled in one pass over the
input; the empty set is one plain group. EXPLAIN names the node as PostgreSQL does for
that choice: HashAggregate (only hashed sets, "Hash Key: ..." each), MixedAggregate
(hashed sets and empty ones, "Group Key: ()" for each empty set) or Aggregate (only empty
sets). Costs are create_groupingsets_path's: the first set is costed as a whole
aggregation over the input (hashed, mixed or plain), each further set adds its own
aggregation work without charging the input again; rows are the sum of the sets' groups
(after HAVING's selectivity).

The output row is every grouped expression (NULL where the row's set does not group it),
then the aggregates, then the grouping() calls of the query, then the columns read from
each group's first input row (representative_vars: what HAVING's conjuncts and folded
expressions need beyond the grouped expressions; NULL for the empty set of no rows).

PostgreSQL: optimizer/plan/planner.c (consider_groupingsets_paths), optimizer/util/
pathnode.c (create_groupingsets_path), optimizer/path/costsize.c (cost_agg),
commands/explain.c (show_grouping_sets).
"""
from __future__ import annotations

import dataclasses

from pgsnake.optimizer import cost
from pgsnake.optimizer.plan_nodes import Plan
from pgsnake.parser.grouping_sets import grouping_funcs_in


@dataclasses.dataclass(eq=False)
class GroupingSetsAggregate(Plan):
    child: Plan | None = None
    group_exprs: list = dataclasses.field(default_factory=list)
    grouping_sets: list = dataclasses.field(default_factory=list)   # index tuples into group_exprs
    aggregates: list = dataclasses.field(default_factory=list)
    grouping_funcs: list = dataclasses.field(default_factory=list)
    # columns read from each group's first input row (representative_vars), output last
    representative: list = dataclasses.field(default_factory=list)

    def children(self):
        return [self.child]

    @property
    def strategy(self) -> str:
        hashed = any(self.grouping_sets)
        plain = any(not s for s in self.grouping_sets)
        return "mixed" if hashed and plain else "hashed" if hashed else "plain"

    def explain_name(self) -> str:
        return {"mixed": "MixedAggregate", "hashed": "HashAggregate",
                "plain": "Aggregate"}[self.strategy]

    def explain_properties(self, text) -> list:
        out = [("Hash Key", ", ".join(text(self.group_exprs[i]) for i in s))
               for s in self.grouping_sets if s]
        out += [("Group Key", "()") for s in self.grouping_sets if not s]
        return out


def _set_cost(strategy: str, input_startup: float, input_total: float, input_rows: float,
              agg_cost: float, n_columns: int, groups: float, qual_cost: float):
    """cost_agg for one grouping set: (startup, total)."""
    work = agg_cost * input_rows + cost.CPU_OPERATOR_COST * n_columns * input_rows
    if strategy == "hashed":
        startup = input_total + work
        total = startup + cost.CPU_TUPLE_COST * groups
    else:                              # sorted / mixed / plain deliver as they go
        startup = input_startup if strategy != "plain" else input_total + work
        total = input_total + work + cost.CPU_TUPLE_COST * groups
    if qual_cost:
        startup += 0.0
        total += qual_cost * groups
    return startup, total


def representative_vars(query, group, known=()) -> list:
    """Columns the target list and each HAVING conjunct read outside aggregates and
    outside grouped expressions, beyond `known`. The parser accepted them inside a
    grouped expression that the planner then split (HAVING's AND into conjuncts) or
    folded (`NOT NOT a` to `a`); PostgreSQL 15 then reads them, as it passes such
    columns up to the Agg (make_group_input_target), from each group's representative
    (first) input row."""
    from pgsnake.parser.expression_nodes import Aggref, Var, children, conjuncts
    from pgsnake.parser.grouping_sets import GroupingFunc
    out: list = []

    def visit(node):
        if node is None or isinstance(node, (Aggref, GroupingFunc)) or node in group:
            return
        if isinstance(node, Var):
            if node.levels_up == 0 and node not in out and node not in known:
                out.append(node)
            return
        for child in children(node):
            visit(child)

    for tle in query.target_list:
        visit(tle.expr)
    for qual in conjuncts(query.having):
        visit(qual)
    return out


def make_grouping_sets_aggregate(planner, child):
    from pgsnake.optimizer.planner import conjuncts, expression_width, key_of
    query = planner.query
    group = list(query.group_by)
    sets = list(query.grouping_sets)
    hashed_sets = [s for s in sets if s]
    empty_sets = [s for s in sets if not s]
    ordered = hashed_sets + empty_sets       # hashed ones are costed first, as PostgreSQL lists them
    funcs = grouping_funcs_in([t.expr for t in query.target_list] + [query.having])
    node = GroupingSetsAggregate(child=child, group_exprs=group, grouping_sets=ordered,
                                 aggregates=list(query.aggregates), grouping_funcs=funcs,
                                 representative=representative_vars(query, group))
    agg_cost = cost.aggregate_input_cost(query.aggregates)
    having = conjuncts(query.having)
    qual_cost = cost.qual_cost_per_row(having)
    selectivity = cost.quals_selectivity(having) if having else 1.0
    strategy = node.strategy
    rows = 0.0
    startup = total = 0.0
    for position, indexes in enumerate(ordered):
        groups = cost.estimate_groups(len(indexes), child.plan_rows, child.plan_rows) \
            if indexes else 1.0
        if position == 0:
            startup, total = _set_cost(strategy, child.startup_cost, child.total_cost,
                                       child.plan_rows, agg_cost, len(indexes), groups,
                                       qual_cost)
        else:
            kind = "hashed" if indexes else "sorted"
            total += _set_cost(kind, 0.0, 0.0, child.plan_rows, agg_cost, len(indexes),
                               groups, qual_cost)[1]
        rows += cost.clamp_rows(groups * selectivity) if having else groups
    # grouping() is computed per output row (the node's tlist eval cost in PostgreSQL).
    total += cost.CPU_OPERATOR_COST * len(funcs) * rows
    node.startup_cost, node.total_cost = startup, total
    node.plan_rows = rows
    node.qual = having
    node.output_keys = [key_of(g) for g in group] + list(query.aggregates) + funcs \
        + [key_of(v) for v in node.representative]
    node.plan_width = sum(expression_width(e) for e in group + list(query.aggregates) + funcs)
    return node


__all__ = ["GroupingSetsAggregate", "make_grouping_sets_aggregate", "representative_vars"]
