"""Parallel joins: partial paths of base tables and joins, and a Gather over the whole
FROM clause's cheapest one (PostgreSQL's partial_pathlist for joins, second step).

A partial path is a plan that each participant of a Gather runs over its own share of
the rows. Here (as in PostgreSQL without Parallel Hash) a join is partial when its
outer input is, and its inner input is an ordinary, parallel-safe plan that every
participant runs whole: a Hash Join (each participant builds its own hash table), a
Nested Loop (plain, or over a parameterised inner index scan, Memoize included) or a
Merge Join over a sorted partial outer. Only the outer side is ever partial, so a
fragment holds one Parallel Seq Scan (the executor's block counter is per Gather).

Entry points (small hooks elsewhere):
- `partial_scan(planner, rtindex, quals, serial)`: join_search's base relation (a table
  of a multi-table FROM): a Parallel Seq Scan of it, or None;
- `partial_joins(search, joinrel, rel1, rel2, inputs)`: join_search._make_join_rel,
  after the join's ordinary paths: its cheapest partial join, kept in joinrel.partial;
- `gather_final(planner, final)`: the planner, with the FROM clause's relation: a
  Gather over its partial path added to its paths by add_path (it wins when cheaper),
  and the partial path kept as planner.partial_from for a Partial Aggregate
  (parallel_paths.consider_partial_aggregate).

When (narrowed from PostgreSQL's consider_parallel): a top-level SELECT of two or more
FROM items that are plain tables or joins of them, with at most a LIMIT, an ORDER BY
(parallel_paths.consider_gather_merge: Gather Merge over the sorted partial join), a
plain aggregation or a GROUP BY above (parallel_grouping.py; not ORDER BY with them; no
DISTINCT, windows, grouping sets, set operations, WITH, row locks, InitPlans), every
expression parallel safe (parallel_paths.expression_is_safe; a select list may call
parallel restricted functions, computed by the Gather); the outer table big enough
for a worker (compute_parallel_worker).

Costs: a partial join is costed by join_paths as any join, over the partial outer's rows
(the scan's rows / the parallel divisor); its own rows are the join relation's rows
divided by that divisor (final_cost_* "for partial paths, scale row estimate"). The
Gather returns the relation's rows (cost_gather). A partial Nested Loop never puts a
Materialize over its inner side (consider_parallel_nestloop); no partial path is built
for a RIGHT or FULL join, a unique-ified semi join RHS or a LATERAL join
(hash_inner_and_outer, match_unsorted_outer).

PostgreSQL: optimizer/path/joinpath.c (consider_parallel_nestloop,
consider_parallel_mergejoin, hash_inner_and_outer's partial part), allpaths.c
(create_plain_partial_paths, generate_gather_paths), pathnode.c (add_partial_path),
costsize.c (final_cost_nestloop / mergejoin / hashjoin for partial paths).
"""
from __future__ import annotations

import dataclasses

from pgsnake.optimizer import cost, join_paths, parallel_paths
from pgsnake.optimizer.parallel_paths import Gather, ParallelSeqScan
from pgsnake.parser.table_sample import TableSampleClause
from pgsnake.optimizer.plan_nodes import (Hash, HashJoin, Materialize, NestedLoop, Plan,
                                          SeqScan, SortKey)
from pgsnake.parser.expression_nodes import conjuncts
from pgsnake.utils import settings

@dataclasses.dataclass(eq=False)
class ParallelHashJoin(HashJoin):
    """A Hash Join whose inner side is partial too, hashed by a Parallel Hash: every
    participant probes with its share of the outer rows against the whole inner input."""
    parallel_aware = True

    def explain_name(self) -> str:
        return "Parallel " + super().explain_name()


@dataclasses.dataclass(eq=False)
class ParallelHash(Hash):
    """The inner side of a Parallel Hash Join: a partial input whose rows, from every
    participant, make up the hash table (executor/gather_nodes.py says how)."""
    parallel_aware = True

    def explain_name(self) -> str:
        return "Parallel Hash"


# plan nodes a partial join's inner side (or the partial side itself) may hold
_SAFE_PLANS = frozenset({
    "SeqScan", "ParallelSeqScan", "IndexScan", "BitmapIndexScan", "BitmapAnd", "BitmapOr",
    "BitmapHeapScan", "Hash", "HashJoin", "NestedLoop", "MergeJoin", "Sort",
    "Materialize", "Memoize", "IncrementalSort", "ParallelHashJoin", "ParallelHash",
    "ParallelIndexScan", "ParallelBitmapHeapScan",
    "SampleScan"})      # (SYSTEM's and BERNOULLI's handlers are parallel safe)
# fields of plan nodes that hold no expression
_NOT_EXPRESSIONS = frozenset({
    "output_keys", "input_keys", "pathkeys", "relation", "index", "alias", "shown_as",
    "system_columns", "column_map", "startup_cost", "total_cost", "plan_rows",
    "plan_width", "junk_width", "join_type", "outer", "inner", "child", "bitmaps",
    "nest_params"})


def _leaves(joinlist) -> int:
    return sum(_leaves(item) if isinstance(item, list) else 1 for item in joinlist)


def level_allows(planner, problem) -> bool:
    """The level may get a Gather over its joined FROM clause (module docstring)."""
    query = planner.query
    if _leaves(problem.joinlist) < 2:
        return False
    if parallel_paths._serial_only or planner.parent is not None \
            or query.command_type != "SELECT":
        return False
    if int(settings.get("max_parallel_workers_per_gather")) <= 0:
        return False
    if query.row_marks or query.has_for_update or query.cte_list or query.set_operation:
        return False
    if query.grouping_sets is not None or query.has_window_functions \
            or query.distinct or query.distinct_on \
            or (query.sort_clause and (query.has_aggregates or query.group_by)):
        return False
    if getattr(planner, "init_plans", None):
        return False
    return True


def _select_list_allows(planner) -> bool:
    """The level's select list, HAVING and LIMIT allow a Gather below them (checked
    once, when a first partial path is made: it reads the catalog)."""
    known = getattr(planner, "parallel_select_list_ok", None)
    if known is None:
        known = planner.parallel_select_list_ok = _check_select_list(planner.query)
    return known


def _check_select_list(query) -> bool:
    aggregated = query.has_aggregates or query.having is not None
    if aggregated and not all(parallel_paths.expression_is_safe(t.expr, True)
                              for t in query.target_list):
        return False
    if not aggregated and not all(parallel_paths.expression_is_restricted(t.expr)
                                  for t in query.target_list):
        return False                # (a restricted one is computed above the Gather)
    if not all(parallel_paths.expression_is_safe(q, aggregated)
               for q in conjuncts(query.having)):
        return False
    for item in (query.limit_count, query.limit_offset):
        if item is not None and not parallel_paths.expression_is_safe(item):
            return False
    return True


def _expressions(value):
    """The expression nodes held by a plan node's field value."""
    if value is None or isinstance(value, (str, int, float, bool, Plan)):
        return
    if isinstance(value, (list, tuple)):
        for item in value:
            yield from _expressions(item)
        return
    if isinstance(value, SortKey):
        yield from _expressions(value.expr)
        return
    if isinstance(value, TableSampleClause):     # a Sample Scan's arguments and seed
        yield from _expressions(value.args)
        yield from _expressions(value.repeatable)
        return
    if type(value).__module__.endswith("expression_nodes"):
        yield value


def plan_is_safe(plan, provided: frozenset = frozenset()) -> bool:
    """Every participant may run `plan` (PostgreSQL's path->parallel_safe): known node
    kinds over plain tables, parallel-safe expressions; exec parameters only those a
    Nested Loop above sets from its outer row (`provided`, slot numbers)."""
    if type(plan).__name__ not in _SAFE_PLANS or plan.init_plans:
        return False
    relation = getattr(plan, "relation", None)
    if relation is not None and (relation.relkind not in ("r", "m")
                                 or relation.persistence == "t"):
        return False
    if getattr(plan, "column_map", None) is not None:
        return False
    for field in dataclasses.fields(plan):
        if field.name in _NOT_EXPRESSIONS:
            continue
        for expr in _expressions(getattr(plan, field.name)):
            if not _expression_safe(expr, provided):
                return False
    if isinstance(plan, NestedLoop):
        inner_provided = provided | {slot for slot, _ in plan.nest_params}
        if not all(_expression_safe(e, provided) for _, e in plan.nest_params):
            return False
        return plan_is_safe(plan.outer, provided) and plan_is_safe(plan.inner, inner_provided)
    return all(plan_is_safe(child, provided) for child in plan.children() if child is not None)


def _expression_safe(expr, provided: frozenset) -> bool:
    return parallel_paths.expression_is_safe(expr, exec_ok=provided)


def partial_scan(planner, rel, rtindex: int, quals) -> None:
    """A Parallel Seq Scan of base table `rtindex` of a multi-table FROM as rel.partial,
    and a Gather over it among rel.paths (create_plain_partial_paths,
    generate_gather_paths); the partial scan shares the rows, width and layout of the
    relation's cheapest ordinary scan."""
    rel.partial = _partial_scan(planner, rtindex, quals, rel.cheapest)
    if rel.partial is not None:
        # (rel.cheapest stays the plain scan: parameterised index scans are made from it)
        add_gather(rel.paths, make_gather(rel.partial, rel.rows))


def _partial_scan(planner, rtindex: int, quals, serial):
    if not getattr(planner, "parallel_join_level", False):
        return None
    rte = planner.query.range_table[rtindex - 1]
    if rte.kind != "relation" or type(serial).__name__ in ("Append", "MergeAppend") \
            or rte.tablesample is not None:     # no partial path for a Sample Scan
        return None
    relation = rte.relation
    if relation.relkind not in ("r", "m") or relation.persistence == "t":
        return None
    pages, tuples = planner._table_size(rtindex)
    workers = parallel_paths.compute_parallel_worker(pages, relation.parallel_workers)
    if workers <= 0:
        return None
    if any(not parallel_paths.expression_is_safe(q) for q in quals) \
            or not _select_list_allows(planner):
        return None
    from pgsnake.rewrite import row_security
    scan = ParallelSeqScan(rtindex=rtindex, relation=relation, alias=rte.alias,
                           system_columns=getattr(serial, "system_columns", ()))
    scan.qual = row_security.order_scan_quals(rte, list(quals), cost.order_by_cost)
    divisor = parallel_paths.parallel_divisor(workers)
    scan.startup_cost = cost.disable_cost("enable_seqscan") + cost.qual_startup_cost(scan.qual)
    scan.total_cost = scan.startup_cost + cost.SEQ_PAGE_COST * pages + \
        (cost.CPU_TUPLE_COST + cost.qual_cost_per_row(scan.qual)) * tuples / divisor
    scan.plan_rows = cost.clamp_rows(serial.plan_rows / divisor)
    scan.plan_width, scan.output_keys = serial.plan_width, serial.output_keys
    scan.parallel_workers = workers
    return _cheapest_partial(planner, scan, serial.plan_rows)


def _cheapest_partial(planner, partial_seq, rows: float):
    """The Parallel Seq Scan `partial_seq` or a cheaper Parallel Index [Only] / Bitmap
    Heap Scan of its table (parallel_index_paths.py, from a template with the serial
    `rows`; add_partial_path keeps the cheapest in total cost, the seq scan first of
    equals)."""
    from pgsnake.optimizer import parallel_index_paths
    template = SeqScan(rtindex=partial_seq.rtindex, relation=partial_seq.relation,
                       alias=partial_seq.alias, system_columns=partial_seq.system_columns)
    template.qual, template.plan_rows = partial_seq.qual, rows
    template.plan_width, template.output_keys = partial_seq.plan_width, partial_seq.output_keys
    candidates = [partial_seq]
    candidates += [p for p, _ in parallel_index_paths.partial_index_scans(planner, template)]
    candidates += [p for p, _ in parallel_index_paths.partial_bitmap_scans(planner, template)]
    return min(candidates, key=lambda p: p.total_cost)


def _cheapest_safe(paths):
    """The cheapest total parallel-safe plan of a relation (cheapest_safe_inner)."""
    safe = [p for p in paths if plan_is_safe(p)]
    return join_paths.cheapest_total(safe) if safe else None


def partial_joins(search, joinrel, rel1, rel2, inputs) -> None:
    """The partial paths of `joinrel` made from rel1 ⋈ rel2 with either side's partial
    path as the outer input; the cheapest (add_partial_path: total cost only) is kept
    in joinrel.partial."""
    if inputs.parameterised is not None or inputs.join_type == "full" \
            or inputs.unique_side:
        return
    orders = [(rel1, rel2, 0, inputs.join_type)]
    if inputs.join_type == "inner":
        orders.append((rel2, rel1, 1, "inner"))
    for outer_rel, inner_rel, index, join_type in orders:
        outer = getattr(outer_rel, "partial", None)
        if outer is None:
            continue
        inner = _cheapest_safe(inner_rel.paths)
        if inner is None:
            continue
        # consider_parallel_nestloop joins to the inner's cheapest total path (or a
        # parameterised one) only: not when that is a Gather (not parallel safe)
        nestloop_inner = join_paths.cheapest_total(inner_rel.paths) is inner
        workers = outer.parallel_workers
        divisor = parallel_paths.parallel_divisor(workers)
        # (parameterised inner scans are checked in their Nested Loop: plan_is_safe)
        params = list(inputs.param_inner[index])
        step = dataclasses.replace(
            inputs, left_paths=[outer], right_paths=[inner], left_relids=outer_rel.relids,
            right_relids=inner_rel.relids, join_type=join_type,
            rows=cost.clamp_rows(joinrel.rows / divisor), one_order=True,
            semi_factors=inputs.semi_factors if inputs.order_factors is None
            else inputs.order_factors[index],
            order_factors=None, param_inner=(params, ()))
        for plan in join_paths.join_paths(step, search.hooks.bucket_fraction):
            if isinstance(plan, NestedLoop) and isinstance(plan.inner, Materialize):
                continue                 # (consider_parallel_nestloop materializes none)
            if isinstance(plan, NestedLoop) and plan.inner is inner and not nestloop_inner:
                continue
            if not plan_is_safe(plan):
                continue
            plan.pathkeys = [search._canonical(keyset) for keyset in plan.pathkeys]
            plan.parallel_workers = workers
            _add_partial(joinrel, plan)
        inner_partial = getattr(inner_rel, "partial", None)
        if inner_partial is not None and settings.get("enable_parallel_hash") \
                and join_type in ("inner", "left", "semi", "anti"):
            plan = _parallel_hash_join(search, step, outer, inner_partial)
            if plan is not None and plan_is_safe(plan):
                plan.parallel_workers = workers
                _add_partial(joinrel, plan)


def _add_partial(joinrel, plan) -> None:
    """add_partial_path, reduced to the cheapest total (no sorted partial paths)."""
    current = getattr(joinrel, "partial", None)
    if current is None or plan.total_cost < current.total_cost:
        joinrel.partial = plan


def _parallel_hash_join(search, step, outer, inner):
    """Parallel Hash Join of two partial inputs (try_partial_hashjoin_path with
    parallel_hash): costed as a Hash Join over both inputs' shares of the rows
    (initial / final_cost_hashjoin take the partial inner's rows)."""
    equalities = []
    others = []
    for q in step.quals:
        sides = join_paths._equality_sides(q, step.left_relids, step.right_relids)
        if sides is None:
            others.append(q)
        else:
            equalities.append((sides[0], sides[1], q))
    if not equalities:
        return None
    fraction = min(search.hooks.bucket_fraction(i) for _, i, _ in equalities)
    plain = join_paths._hash_join(step, step.join_type, outer, inner, equalities, others,
                                  fraction)
    hashed = ParallelHash(**{f.name: getattr(plain.inner, f.name)
                             for f in dataclasses.fields(Hash)})
    plan = ParallelHashJoin(**{f.name: getattr(plain, f.name)
                               for f in dataclasses.fields(HashJoin)})
    plan.inner = hashed
    plan.inner_unique = getattr(plain, "inner_unique", False)
    plan.pathkeys = []
    return plan


def gather_rel(rel) -> None:
    """A Gather over a join relation's partial path among its paths (a join level below
    the top: standard_join_search's generate_useful_gather_paths)."""
    partial = getattr(rel, "partial", None)
    if partial is not None:
        add_gather(rel.paths, make_gather(partial, rel.rows))


def gather_final(planner, final) -> None:
    """A Gather over the FROM clause's cheapest partial path, added to its paths (by
    add_path, so it is chosen when cheaper), and that partial path as
    planner.partial_from (generate_gather_paths for the top scan/join relation)."""
    partial = getattr(final, "partial", None)
    planner.partial_from = None
    if partial is None or not getattr(planner, "parallel_join_level", False) \
            or len(final.relids) < 2 or planner.from_top_quals:
        return
    planner.partial_from = partial
    gather = make_gather(partial, final.rows)
    fraction = parallel_paths._limit_fraction(planner.query, final.rows)
    if fraction is not None and not planner.query.has_aggregates:
        serial = final.cheapest
        if parallel_paths._fractional_cost(gather, fraction) >= \
                parallel_paths._fractional_cost(serial, fraction):
            return        # under a LIMIT the serial plan's first rows come cheaper
    add_gather(final.paths, gather)
    final.set_cheapest()


def add_gather(pathlist: list, gather) -> None:
    """add_path for a Gather, which is not parallel safe: a parallel-safe path is never
    removed by it (a partial join above may still need that path as its inner side),
    and one fuzzily as cheap (with an order at least as good) keeps it out; against
    another Gather the ordinary rules (add_path's parallel_safe comparisons)."""
    equal, better1, better2, different = (join_paths._EQUAL, join_paths._BETTER1,
                                          join_paths._BETTER2, join_paths._DIFFERENT)
    survivors = []
    for old in pathlist:
        costcmp = join_paths._compare_costs_fuzzily(gather, old, join_paths.STD_FUZZ_FACTOR,
                                                    False)
        keyscmp = join_paths.compare_pathkeys(gather.pathkeys, old.pathkeys)
        remove_old, accept_new = False, True
        if costcmp != different and keyscmp != different:
            old_safe = not isinstance(old, Gather) and plan_is_safe(old)
            if costcmp == equal:
                if keyscmp == better1:
                    remove_old = not old_safe
                elif keyscmp == better2 or old_safe:
                    accept_new = False
                elif join_paths._compare_costs_fuzzily(gather, old, 1.0000000001,
                                                       False) == better1:
                    remove_old = True
                else:
                    accept_new = False
            elif costcmp == better1:
                remove_old = keyscmp != better2 and not old_safe
            elif keyscmp != better1:
                accept_new = False
        if not accept_new:
            return
        if not remove_old:
            survivors.append(old)
    pathlist[:] = survivors
    at = 0
    for i, old in enumerate(pathlist):
        if gather.total_cost >= old.total_cost:
            at = i + 1
    pathlist.insert(at, gather)


def make_gather(partial, rows: float):
    """cost_gather over a partial path returning `rows` in all."""
    gather = Gather(child=partial, num_workers=partial.parallel_workers)
    setup = float(settings.get("parallel_setup_cost"))
    gather.startup_cost = partial.startup_cost + setup
    gather.total_cost = partial.total_cost + setup + \
        float(settings.get("parallel_tuple_cost")) * rows
    gather.plan_rows, gather.plan_width = rows, partial.plan_width
    gather.output_keys, gather.pathkeys = partial.output_keys, []
    return gather
