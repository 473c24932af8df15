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
    # Sorted grouping (GroupAggregate): the rollups (grouping_set_rollups.Rollup), the
    # first reading the input sorted by its keys, each later one sorting it again; the
    # groups come out rollup by rollup in their sort order. None: hashed.
    rollups: list | None = None
    # With rollups: how many of grouping_sets (the first ones) are hashed beside them
    # (MixedAggregate's "Hash Key" sets; PostgreSQL's knapsack chose them)
    hashed_count: int = 0

    def children(self):
        return [self.child]

    @property
    def strategy(self) -> str:
        if self.rollups is not None:
            return "mixed" if self.hashed_count else "sorted"
        hashed = any(self.grouping_sets)
        plain = any(not s for s in self.grouping_sets)
        return "mixed" if hashed and plain else "hashed" if hashed else "plain"

    def explain_name(self) -> str:
        return {"mixed": "MixedAggregate", "hashed": "HashAggregate",
                "plain": "Aggregate", "sorted": "GroupAggregate"}[self.strategy]

    def explain_properties(self, text) -> list:
        if self.rollups is not None:
            return self._rollup_properties(text)
        out = [("Hash Key", ", ".join(text(self.group_exprs[i]) for i in s))
               for s in self.grouping_sets if s]
        out += [("Group Key", "()") for s in self.grouping_sets if not s]
        return out

    def _rollup_properties(self, text) -> list:
        """show_grouping_set_keys: the first rollup's Group Key lines, then per later
        rollup its Sort Key and, indented under it, its Group Key lines."""
        out = [("Hash Key", ", ".join(text(self.group_exprs[i]) for i in indexes))
               for indexes in self.grouping_sets[:self.hashed_count]]
        for position, rollup in enumerate(self.rollups):
            indent = ""
            if position:
                out.append(("Sort Key", ", ".join(
                    text(self.group_exprs[i]) + _direction_text(d)
                    for i, d in zip(rollup.keys, rollup.directions))))
                indent = "  "
            for indexes in rollup.sets:
                shown = ", ".join(text(self.group_exprs[i]) for i in indexes) or "()"
                out.append((indent + "Group Key", shown))
        return out


TUPLE_HASH_ENTRY = 24           # sizeof(TupleHashEntryData)
CHUNK_HEADER = 16               # a memory chunk's header
MINIMAL_TUPLE_HEADER = 16       # MAXALIGN(SizeofMinimalTupleHeader)
PER_GROUP_STATE = 16            # sizeof(AggStatePerGroupData)


def _direction_text(direction) -> str:
    descending, nulls_first = direction
    if descending:
        return " DESC" if nulls_first else " DESC NULLS LAST"
    return " NULLS FIRST" if nulls_first else ""


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


def _sorted_strategy(query) -> bool:
    """Sorted grouping (rollups) where PostgreSQL 15 takes it over hashing: every
    grouped column sorts, and hashing is off (enable_hashagg, whose disable_cost the
    sorted path never pays), impossible for an aggregate with ORDER BY / DISTINCT, or
    for a column type without hashing."""
    from pgsnake.optimizer.set_operations import setop_hashable, setop_sortable
    from pgsnake.parser.expression_nodes import expression_type
    from pgsnake.utils import settings
    types = [expression_type(g) for g in query.group_by]
    if not query.group_by or not all(setop_sortable(t) for t in types):
        return False
    ordered = any(a.distinct or a.order_by for a in query.aggregates)
    return ordered or not settings.get("enable_hashagg") \
        or not all(setop_hashable(t) for t in types)


def _rollup_pathkeys(group, rollup):
    """The rollup's order as pathkeys (plain columns only), or None."""
    from pgsnake.optimizer import index_ordering
    from pgsnake.parser.expression_nodes import Var
    exprs = [group[i] for i in rollup.keys]
    if not all(isinstance(e, Var) and not e.levels_up for e in exprs):
        return None
    return [frozenset({index_ordering.DIRECTION_TAGS[d] + ("var", e.rtindex, e.attnum)})
            for e, d in zip(exprs, rollup.directions)]


def _rollup_input_sort(planner, child, group, rollup):
    """The Sort under the first rollup (by its keys; a grouped expression not in the
    input's row is computed by the Sort), or the input itself when it is already in
    that order."""
    from pgsnake.optimizer import ordered_paths
    from pgsnake.optimizer.plan_nodes import SortKey
    from pgsnake.optimizer.planner import key_of
    wanted = _rollup_pathkeys(group, rollup)
    if wanted is not None and child.pathkeys \
            and ordered_paths.presorted_count(wanted, child.pathkeys) == len(wanted):
        return child
    sort_keys = []
    for i, (descending, nulls_first) in zip(rollup.keys, rollup.directions):
        expr = group[i]
        try:
            sort_keys.append(SortKey(child.output_keys.index(key_of(expr)), descending,
                                     nulls_first, expr))
        except ValueError:
            sort_keys.append(SortKey(-1, descending, nulls_first, expr, expr=expr))
    return planner._make_sort(child, sort_keys)


def _note_output_order(planner, group, rollups, node) -> None:
    """A single rollup hands its groups out in its sort order (create_groupingsets_path
    gives the path group_pathkeys): ORDER BY following it needs no Sort above, one
    following a prefix of it an Incremental Sort."""
    from pgsnake.optimizer import ordered_paths
    query = planner.query
    if len(rollups) != 1 or not query.sort_clause:
        return
    have = _rollup_pathkeys(group, rollups[0])
    if have is None:
        return
    node.pathkeys = have
    from pgsnake.optimizer import index_ordering
    from pgsnake.parser.expression_nodes import Var
    wanted = []
    for clause in query.sort_clause:
        expr = query.target_list[clause.target_index].expr
        if not isinstance(expr, Var) or expr.levels_up:
            break
        tag = index_ordering.DIRECTION_TAGS[(clause.descending, clause.nulls_first)]
        wanted.append(frozenset({tag + ("var", expr.rtindex, expr.attnum)}))
    count = ordered_paths.presorted_count(wanted, have)
    if count == len(query.sort_clause):
        planner.presorted = True
    elif count:
        planner.presorted_keys = count


def make_grouping_sets_aggregate(planner, child):
    from pgsnake.optimizer.planner import conjuncts
    query = planner.query
    if _sorted_strategy(query):
        return _make_sorted(planner, child)
    if _hash_tables_too_big(planner, child) and _all_sortable(query):
        return _make_sorted(planner, child, mixed=True)
    group = list(query.group_by)
    sets = list(query.grouping_sets)
    hashed_sets = [s for s in sets if s]
    empty_sets = [s for s in sets if not s]
    if _all_sortable(query):
        # PostgreSQL hashes the sets in its rollups' order, each listing its columns
        # in its rollup's sort order (consider_groupingsets_paths bursts gd->rollups)
        from pgsnake.optimizer import grouping_set_rollups
        hashed_sets = [s for r in grouping_set_rollups.make_rollups(query)
                       for s in r.sets if s]
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
    _finish_node(node, query, group, funcs, startup, total, rows, having)
    return node


def _all_sortable(query) -> bool:
    from pgsnake.optimizer.set_operations import setop_sortable
    from pgsnake.parser.expression_nodes import expression_type
    return all(setop_sortable(expression_type(g)) for g in query.group_by)


def _hash_entry_bytes(query, input_width: int) -> float:
    """hash_agg_entry_size: the hash entry, the grouped tuple's chunk (minimal tuple
    header + the input's width) and the per-group transition states' chunk."""
    transitions = len(query.aggregates)
    entry = TUPLE_HASH_ENTRY + CHUNK_HEADER + MINIMAL_TUPLE_HEADER + input_width
    if transitions:
        entry += CHUNK_HEADER + PER_GROUP_STATE * transitions
    return float(entry)


def _hash_mem() -> float:
    from pgsnake.utils import settings
    return settings.get("work_mem") * 1024.0 * settings.get("hash_mem_multiplier")


def _set_groups(planner, indexes, rows: float) -> float:
    """One grouping set's groups (from statistics where the columns have them)."""
    if not indexes:
        return 1.0
    group = planner.query.group_by
    return planner._estimate_groups([group[i] for i in indexes], rows)


def _hash_tables_too_big(planner, child) -> bool:
    """consider_groupingsets_paths' all-hashed path is not made when its hash tables
    (every set's groups) would exceed hash_mem: sorted or mixed grouping instead."""
    query = planner.query
    if not any(query.grouping_sets):
        return False
    groups = sum(_set_groups(planner, s, child.plan_rows) for s in query.grouping_sets)
    return _hash_entry_bytes(query, child.plan_width) * groups > _hash_mem()


def _knapsack(capacity: int, weights: list) -> set:
    """DiscreteKnapsack with every item worth 1: the items (indexes) that fit the most
    of into `capacity`, ties going to the later item as PostgreSQL's table does."""
    values = [0.0] * (capacity + 1)
    chosen = [set() for _ in range(capacity + 1)]
    for item, weight in enumerate(weights):
        for j in range(capacity, weight - 1, -1):
            rest = j - weight
            if values[j] <= values[rest] + 1:
                chosen[j] = set(chosen[rest]) | {item}
                values[j] = values[rest] + 1
    return chosen[capacity]


def _hashed_rollups(planner, child, rollups) -> list:
    """Which rollups after the first MixedAggregate hashes (the knapsack of
    consider_groupingsets_paths: hash_mem scaled into at most 20 units per rollup,
    each rollup weighing its hash table; all of equal value)."""
    if len(rollups) < 2:
        return []
    space = _hash_mem()
    scale = max(space / (20.0 * len(rollups)), 1.0)
    capacity = int(space // scale)
    entry = _hash_entry_bytes(planner.query, child.plan_width)
    weights = []
    for rollup in rollups[1:]:
        size = entry * sum(_set_groups(planner, s, child.plan_rows) for s in rollup.sets)
        weights.append(int(min(size // scale, capacity + 1.0)))
    picked = _knapsack(capacity, weights)
    return [rollups[i + 1] for i in sorted(picked)]


def _make_sorted(planner, child, mixed: bool = False):
    """GroupAggregate over rollups (create_groupingsets_path with AGG_SORTED): the first
    rollup costs cost_agg over the sorted input, each later one a sort of the input
    rows (not charging the input again) plus its own cost_agg; rows add up. `mixed`:
    the rollups the knapsack picks are hashed instead (MixedAggregate, their sets'
    "Hash Key" lines first, in the reverse of the rollups' order)."""
    from pgsnake.optimizer import grouping_set_rollups
    from pgsnake.optimizer.planner import conjuncts
    query = planner.query
    group = list(query.group_by)
    rollups = grouping_set_rollups.make_rollups(query)
    hashed_sets = []
    if mixed:
        hashed = _hashed_rollups(planner, child, rollups)
        for rollup in hashed:
            hashed_sets = [s for s in rollup.sets if s][::-1] + hashed_sets
        rollups = [r for r in rollups if not any(r is h for h in hashed)]
    child = _rollup_input_sort(planner, child, group, rollups[0])
    funcs = grouping_funcs_in([t.expr for t in query.target_list] + [query.having])
    node = GroupingSetsAggregate(child=child, group_exprs=group,
                                 grouping_sets=hashed_sets + [s for r in rollups for s in r.sets],
                                 aggregates=list(query.aggregates), grouping_funcs=funcs,
                                 representative=representative_vars(query, group),
                                 rollups=rollups, hashed_count=len(hashed_sets))
    agg_cost = cost.aggregate_input_cost(query.aggregates)
    having = conjuncts(query.having)
    qual_cost = cost.qual_cost_per_row(having)
    selectivity = cost.quals_selectivity(having) if having else 1.0
    input_rows = child.plan_rows
    rows = 0.0
    startup = total = 0.0
    parts = [("hashed", (s,)) for s in hashed_sets] + [("sorted", r.sets) for r in rollups]
    first_sorted = True
    for position, (kind, sets_of_part) in enumerate(parts):
        groups = sum(_set_groups(planner, s, input_rows) for s in sets_of_part)
        n_columns = len(sets_of_part[0])
        if position == 0:
            startup, total = _set_cost("sorted", child.startup_cost, child.total_cost,
                                       input_rows, agg_cost, n_columns, groups, qual_cost)
            first_sorted = kind == "hashed"
        elif kind == "hashed" or first_sorted:
            total += _set_cost(kind, 0.0, 0.0, input_rows, agg_cost, n_columns, groups,
                               qual_cost)[1]
            if kind == "sorted":
                first_sorted = False
        else:
            sort_startup, sort_total = cost.cost_sort(0.0, 0.0, input_rows, child.plan_width)
            total += _set_cost("sorted", sort_startup, sort_total, input_rows, agg_cost,
                               n_columns, groups, qual_cost)[1]
        rows += cost.clamp_rows(groups * selectivity) if having else groups
    _finish_node(node, query, group, funcs, startup, total, rows, having)
    if not hashed_sets:
        _note_output_order(planner, group, rollups, node)
    return node


__all__ = ["GroupingSetsAggregate", "make_grouping_sets_aggregate", "representative_vars"]


def _finish_node(node, query, group, funcs, startup: float, total: float, rows: float,
                 having) -> None:
    """The grouping node's costs, rows, HAVING and output: grouping() is computed per
    output row (the node's tlist eval cost in PostgreSQL)."""
    from pgsnake.optimizer.planner import expression_width, key_of
    node.startup_cost = startup
    node.total_cost = total + cost.CPU_OPERATOR_COST * len(funcs) * rows
    node.plan_rows = rows
    node.qual = having
    node.output_keys = [key_of(g) for g in group] + list(query.aggregates) + funcs \
        + [key_of(v) for v in node.representative]
    node.plan_width = sum(expression_width(e) for e in group + list(query.aggregates) + funcs)
