"""Incremental Sort: sort input already ordered by a prefix of the keys, group by group.

Entry points:
    IncrementalSort                      the plan node (a Sort with `presorted` leading keys)
    cost_incremental_sort(child, presorted, width, limit_tuples=None, groups=None)
        -> (startup, total)
    make_sort(planner, child, keys, presorted, always=False) -> Sort | IncrementalSort
        a full Sort, or an Incremental Sort when `presorted` > 0 and it is cheaper
        (always: whenever presorted > 0, as PostgreSQL's window planning does)

Costs are cost_incremental_sort's: the input is split into groups of equal presorted
keys (estimate_num_groups, so 200 per key without statistics); one group, taken half as
large again for safety, is costed as a quicksort; the node pays its first group's sort
and input before its first row, every other group afterwards, cpu_tuple_cost per row to
detect group boundaries and twice cpu_tuple_cost per group.

The executor runs an Incremental Sort as a full Sort of its input (the same stable
order, since the input is ordered by the presorted keys already): EXPLAIN shows
PostgreSQL's node, execution does not yet gain its early output.

PostgreSQL: optimizer/path/costsize.c (cost_incremental_sort, cost_tuplesort),
optimizer/plan/planner.c (create_one_window_path, create_ordered_paths),
executor/nodeIncrementalSort.c.
"""
from __future__ import annotations

import dataclasses

from pgsnake.optimizer import cost
from pgsnake.optimizer.plan_nodes import Sort


@dataclasses.dataclass(eq=False)
class IncrementalSort(Sort):
    presorted: int = 0                  # how many leading keys the input is sorted by
    groups: float | None = None         # estimated distinct presorted keys (for costing)

    def explain_name(self) -> str:
        return "Incremental Sort"

    def explain_properties(self, text) -> list:
        from pgsnake.parser.expression_nodes import ColumnReference, Var
        shown = []
        for key in self.keys[:self.presorted]:
            expr = key.shown_as
            while isinstance(expr, ColumnReference) and expr.shown_as is not None:
                expr = expr.shown_as
            value = text(key.shown_as)
            shown.append(value if isinstance(expr, (Var, ColumnReference)) else f"({value})")
        return [("Presorted Key", ", ".join(shown))]


def cost_incremental_sort(child, presorted: int, width: int,
                          limit_tuples: float | None = None,
                          groups: float | None = None) -> tuple[float, float]:
    """`groups`: the number of distinct presorted keys when the caller can estimate it
    from statistics (estimate_num_groups of the keys), else 200 per key."""
    rows = max(child.plan_rows, 2.0)
    if groups is None:
        groups = cost.estimate_groups(presorted, rows, rows)
    group_rows = rows / groups
    group_startup, group_total = cost.cost_sort(0.0, 0.0, 1.5 * group_rows, width,
                                                limit_tuples=limit_tuples)
    group_run = group_total - group_startup
    input_run = child.total_cost - child.startup_cost
    group_input_run = input_run / groups
    startup = group_startup + child.startup_cost + group_input_run
    run = group_run + (group_run + group_startup) * (groups - 1) \
        + group_input_run * (groups - 1)
    run += cost.CPU_TUPLE_COST * rows             # detecting the groups
    run += 2.0 * cost.CPU_TUPLE_COST * groups
    return startup, startup + run


def make_sort(planner, child, keys: list, presorted: int, always: bool = False):
    full = planner._make_sort(child, keys)
    if presorted <= 0 or presorted >= len(keys):
        return full
    groups = presorted_groups(planner, child, keys, presorted)
    startup, total = cost_incremental_sort(child, presorted, child.plan_width, groups=groups)
    if not always and total >= full.total_cost:
        return full
    node = IncrementalSort(child=child, keys=keys, presorted=presorted, groups=groups)
    node.startup_cost, node.total_cost = startup, total
    node.plan_rows, node.plan_width = child.plan_rows, child.plan_width
    node.output_keys = child.output_keys
    return node


def presorted_groups(planner, child, keys: list, presorted: int) -> float:
    """estimate_num_groups of the presorted keys' expressions over the child's rows
    (from statistics when the planner has them, else 200 per key)."""
    exprs = [key.shown_as for key in keys[:presorted]]
    if any(e is None for e in exprs):
        rows = max(child.plan_rows, 2.0)
        return cost.estimate_groups(presorted, rows, rows)
    return planner._estimate_groups(exprs, max(child.plan_rows, 2.0))


__all__ = ["IncrementalSort", "cost_incremental_sort", "make_sort"]
