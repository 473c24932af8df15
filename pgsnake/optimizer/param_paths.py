"""Parameterised index paths: a table scanned once per outer row of a Nested Loop, its
index given the outer row's values (`Index Cond: (b.id = a.b_id)`).

Entry points:
    inner_index_paths(planner, rtindex, base_scan, scan_quals, outer_relids, join_quals)
        -> [ParamScan]   the Index / Index Only / Bitmap Heap Scans of table `rtindex`
                         parameterised by columns of `outer_relids` (what the join
                         search offers join_paths as inner sides; planner.py's hook)
    nested_loops(inputs, join_type, outer, param_scans[, rejected]) -> NestedLoops (a generator)
                         the Nested Loops with such a scan as inner side (join_paths.py)

How it works, as PostgreSQL's indxpath.c / joinpath.c do:
  * A join clause `inner.col op expr(outer)` (either way round) whose operator is in the
    index column's B-tree family is an index clause once the outer columns are PARAM_EXEC
    Params (`Param.shown_as` keeps the column, which EXPLAIN prints). Every join clause
    between the table and the outer relations those clauses refer to (the path's
    required outer relations) moves into the scan (ppi_clauses): as index clause or as
    the scan's filter; the Nested Loop keeps only the others.
  * The scan is costed for loop_count re-scans (the fewest rows of a required outer
    relation, get_loop_count): index and heap pages through the cache for all scans,
    pro rata (index_paths.estimate_index / cost_index_scan / cost_bitmap_scan's
    loop_count); its rows are the table's rows under all its clauses (ppi_rows).
  * The Nested Loop sets the slots from each outer row (`nest_params`) and re-scans the
    inner side; it is costed as cost_nestloop with those rows, or, for a semi / anti
    join or a unique inner side whose every join clause is an index clause
    (has_indexed_join_quals), by final_cost_nestloop's fast case: a matched outer row
    stops at its first match, an unmatched one costs one tuple's share of a re-scan.

Invariants: a ParamScan's plan has the base scan's output layout and width; its Params'
slots are allocated once per outer column per query level (`planner.nest_param_slots`).

PostgreSQL: optimizer/path/indxpath.c (build_index_paths with join clauses,
get_loop_count), optimizer/util/relnode.c (get_baserel_parampathinfo),
optimizer/path/costsize.c (cost_index, get_parameterized_baserel_size,
initial/final_cost_nestloop, has_indexed_join_quals), optimizer/util/paramassign.c
(replace_nestloop_params).
"""
from __future__ import annotations

import dataclasses
from typing import Any

from pgsnake.optimizer import cost, index_paths, memoize_paths
from pgsnake.optimizer.plan_nodes import (Append, BitmapHeapScan, BitmapIndexScan, IndexScan,
                                          NestedLoop)
from pgsnake.parser.expression_nodes import BoolExpr, Param, SubLink, SubPlan, Var, walk
from pgsnake.utils import settings


@dataclasses.dataclass(eq=False)
class ParamScan:
    """One parameterised inner path: the scan plan, the outer relations it needs (the
    join clauses between the table and them are all enforced by the scan, so the Nested
    Loop leaves them out) and the (slot, outer Var) pairs the loop sets."""
    plan: object
    rtindex: int
    required: frozenset
    nest_params: list
    indexed_all: bool          # every moved clause is an index clause (has_indexed_join_quals)
    cache_keys: Any = None     # memoize_paths.CacheKeys, None when not cacheable


def _relids(expr) -> frozenset:
    return frozenset(n.rtindex for n in walk(expr) if isinstance(n, Var) and n.levels_up == 0)


def _movable(qual, rtindex: int, outer_relids: frozenset) -> bool:
    """A join clause between this table and the outer side that a scan can check once
    the outer columns are parameters (no sub-selects, nothing volatile)."""
    relids, has_sublink = _qual_facts(qual)
    if rtindex not in relids or not (relids - {rtindex}) or not relids <= outer_relids | {rtindex}:
        return False
    return not has_sublink


# id(qual) -> (qual, its relids, whether it holds a sub-select): the join search asks
# for the same clauses per pair of relations. Cleared at the start of each statement's
# planning (reset_qual_facts, with cost.reset_expression_costs).
_QUAL_FACTS: dict = {}


def reset_qual_facts() -> None:
    _QUAL_FACTS.clear()


def _qual_facts(qual):
    entry = _QUAL_FACTS.get(id(qual))
    if entry is None or entry[0] is not qual:
        entry = _QUAL_FACTS[id(qual)] = (
            qual, _relids(qual), any(isinstance(n, (SubLink, SubPlan)) for n in walk(qual)))
    return entry[1], entry[2]


def _param_slot(planner, var: Var) -> int:
    slots = planner.__dict__.setdefault("nest_param_slots", {})
    key = (var.rtindex, var.attnum)
    if key not in slots:
        slots[key] = planner.glob.new_slot()
    return slots[key]


def _parameterise(planner, qual, rtindex: int, used: dict):
    """`qual` with the outer side's columns as PARAM_EXEC Params; `used` collects the
    (slot -> Var) pairs. Worked out once per (qual, table) and level: every index and
    join order that considers the clause gets the same (immutable) expression, and the
    slots are numbered at the first call, as before."""
    memo = planner.__dict__.setdefault("parameterised_quals", {})
    entry = memo.get((id(qual), rtindex))
    if entry is None or entry[0] is not qual:
        from pgsnake.rewrite import tree_mapping
        found: dict = {}

        def replace(var, depth):
            if depth or var.levels_up or var.rtindex == rtindex:
                return None
            base = dataclasses.replace(var, location=-1)
            slot = _param_slot(planner, base)
            found[slot] = base
            return Param(slot, var.type_oid, var.typmod, kind="exec", shown_as=base)
        entry = memo[(id(qual), rtindex)] = (
            qual, tree_mapping.map_expression(qual, replace), tuple(found.items()))
    used.update(entry[2])
    return entry[1]


def _loop_count(planner, relids, rtindex: int = 0) -> float:
    """get_loop_count: the fewest rows among the required outer relations, each at
    most the distinct rows of a semi join RHS it belongs to when the scanned table is
    on that semi join's LHS (adjust_rowcount_for_semijoins)."""
    caps = getattr(planner, "semi_rhs_groups", None) or {}
    counts = []
    for r in relids:
        rows = planner.scan_rows.get(r, 0)
        if rows <= 0:
            continue
        for rhs, (lhs, groups) in caps.items():
            if rtindex in lhs and r in rhs:
                rows = min(rows, groups)
        counts.append(rows)
    return min(counts) if counts else 1.0


def inner_index_paths(planner, rtindex: int, base_scan, scan_quals, outer_relids: frozenset,
                      join_quals) -> list[ParamScan]:
    rte = planner.query.range_table[rtindex - 1]
    indexes = planner.table_index_lists.get(rtindex)
    inherited = isinstance(base_scan, Append) and rte.kind == "relation"
    # one partition of the table (a partitionwise join's pair, partitionwise_join.py)
    partition = not inherited and base_scan.__dict__.get("inherited_child") \
        and base_scan.__dict__.get("child_size") is not None \
        and getattr(base_scan, "relation", None) is not None
    if rte.kind != "relation" or getattr(rte, "lateral_relids", None) \
            or rte.tablesample is not None:
        return []           # (TABLESAMPLE: its Sample Scan is the only path)
    candidates = [q for q in join_quals if _movable(q, rtindex, outer_relids)]
    if not candidates:
        return []
    if not (indexes or inherited or partition):
        # no index: only `ctid = outer expression` gives a parameterised scan
        from pgsnake.optimizer import tid_paths
        return tid_paths.parameterised_tid_scans(planner, rtindex, base_scan, scan_quals,
                                                 candidates)
    # The scans depend on the table and these clauses only (not on the rest of the
    # outer side), and on the loop-count caps of semi joins met so far: every pair of
    # join relations asking the same gets the same scans, as PostgreSQL builds them
    # once per table and required outer set (create_index_paths). The entry keeps the
    # clauses alive, so their ids are not reused.
    groups = getattr(planner, "semi_rhs_groups", None)
    key = (rtindex, id(base_scan), tuple(map(id, scan_quals)), tuple(map(id, candidates)),
           tuple(groups.items()) if groups else ())
    cache = planner.__dict__.setdefault("param_scan_cache", {})
    entry = cache.get(key)
    if entry is None:
        if inherited:       # a partitioned table / inheritance tree (param_append.py)
            from pgsnake.optimizer import param_append
            found = param_append.append_paths(planner, rtindex, base_scan, scan_quals,
                                              candidates)
        elif partition:
            from pgsnake.optimizer import param_append
            found = param_append.partition_paths(planner, rtindex, base_scan, scan_quals,
                                                 candidates)
        else:
            from pgsnake.optimizer import tid_paths
            found = _inner_index_paths(planner, rtindex, base_scan, scan_quals, indexes,
                                       candidates) + tid_paths.parameterised_tid_scans(
                planner, rtindex, base_scan, scan_quals, candidates)
        entry = cache[key] = ((base_scan, list(scan_quals), candidates), found)
    return entry[1]


def outer_relids(qual, rtindex: int) -> frozenset:
    """The outer relations a movable join clause of table `rtindex` reads."""
    return _relids(qual) - {rtindex}


def parameterise(planner, qual, rtindex: int, used: dict):
    """`qual` with the outer columns as PARAM_EXEC Params (`used`: slot -> Var)."""
    return _parameterise(planner, qual, rtindex, used)


def child_index_paths(planner, rtindex, child_scan, scan_quals, indexes, candidates):
    """A partition's (inheritance child's) parameterised index paths, its size, unique
    columns and statistics standing in for the table's (param_append.py)."""
    return _inner_index_paths(planner, rtindex, child_scan, scan_quals, indexes, candidates)


def _inner_index_paths(planner, rtindex, base_scan, scan_quals, indexes, candidates):
    out = []
    for index in indexes:
        out.extend(_index_paths(planner, rtindex, index, indexes, base_scan, scan_quals,
                                candidates))
    if settings.get("enable_bitmapscan"):
        for qual in candidates:
            if isinstance(qual, BoolExpr) and qual.op == "or":
                found = _or_bitmap_scan(planner, rtindex, indexes, base_scan, scan_quals,
                                        candidates, qual)
                if found is not None:
                    out.append(found)
    return out


def _or_bitmap_scan(planner, rtindex, indexes, base_scan, scan_quals, candidates, qual):
    """A Bitmap Heap Scan over a BitmapOr answering an OR join clause whose every arm
    an index answers once the outer columns are parameters (`t2.x = t1.a OR t2.x =
    t1.b`), as generate_bitmap_or_paths does for the join clauses of a parameterised
    path."""
    from pgsnake.optimizer import bitmap_paths
    required = _relids(qual) - {rtindex}
    moved = [q for q in candidates if _relids(q) - {rtindex} <= required]
    used: dict = {}
    param_quals = [_parameterise(planner, q, rtindex, used) for q in moved]
    param_or = param_quals[next(i for i, q in enumerate(moved) if q is qual)]
    all_quals = list(scan_quals) + param_quals
    pages, tuples = planner._table_size(rtindex)
    total_pages = planner._total_table_pages()
    unique = planner.unique_columns.get(rtindex, set())
    loop_count = _loop_count(planner, required, rtindex)
    rows = cost.clamp_rows(tuples * index_paths.restriction_selectivity(
        all_quals, rtindex, unique, tuples, planner.stats))
    bitmap = bitmap_paths._or_bitmap(param_or, indexes, rtindex, base_scan.relation,
                                     all_quals, unique, planner.stats, rows, pages, tuples,
                                     loop_count, total_pages)
    if bitmap is None or id(param_or) not in bitmap.clause_ids:
        return None
    heap = BitmapHeapScan(rtindex=rtindex, relation=base_scan.relation, child=bitmap.plan,
                          recheck_quals=bitmap.recheck, alias=base_scan.alias)
    heap.startup_cost, heap.total_cost = bitmap_paths._heap_cost(
        bitmap, rows, all_quals, pages, tuples, loop_count, total_pages)
    filters = [q for q in all_quals if not any(q is r for r in bitmap.recheck)]
    return ParamScan(finish_scan(heap, base_scan, filters, rows), rtindex, required,
                     sorted(used.items()), len(moved) == 1,
                     cache_keys(planner, rtindex, moved, required))


def _index_paths(planner, rtindex, index, indexes, base_scan, scan_quals, candidates):
    """One parameterisation per set of outer relations the index's usable join clauses
    need (each outer table alone, then all together), as build_index_paths is called
    per required outer set."""
    required_sets: list = []
    for qual in candidates:
        parameterised = _parameterise(planner, qual, rtindex, {})
        if index_paths.match_index_clauses(index, rtindex, [parameterised]):
            relids = _relids(qual) - {rtindex}
            if relids not in required_sets:
                required_sets.append(relids)
    if len(required_sets) > 1:
        union = frozenset().union(*required_sets)
        if union not in required_sets:
            required_sets.append(union)
    out = []
    for required in required_sets:
        moved: list = []
        for q in candidates:
            if _relids(q) - {rtindex} <= required and q not in moved:
                moved.append(q)
        out.extend(_parameterised_scans(planner, rtindex, index, base_scan, scan_quals,
                                        moved, required))
    return out


def _parameterised_scans(planner, rtindex, index, base_scan, scan_quals, moved, required):
    used: dict = {}
    param_quals = [_parameterise(planner, q, rtindex, used) for q in moved]
    all_quals = list(scan_quals) + param_quals
    clauses = index_paths.match_index_clauses(index, rtindex, all_quals)
    index_clause_quals = [c.clause for c in clauses]
    filters = [q for q in all_quals if not any(q is u for u in index_clause_quals)]
    indexed_all = all(any(p is u for u in index_clause_quals) for p in param_quals)
    pages, tuples = planner._table_size(rtindex)
    total_pages = planner._total_table_pages()
    unique = planner.unique_columns.get(rtindex, set())
    loop_count = _loop_count(planner, required, rtindex)
    rows = cost.clamp_rows(tuples * index_paths.restriction_selectivity(
        all_quals, rtindex, unique, tuples, planner.stats))
    estimate = index_paths.estimate_index(index, clauses, rtindex, unique, planner.stats,
                                          loop_count=loop_count, total_table_pages=total_pages)
    nest_params = sorted(used.items())
    needed = None if rtindex == planner.query.result_relation \
        else planner.needed.get(rtindex, set())
    index_only = needed is not None and index_paths._covers(index, needed, all_quals)
    scan = IndexScan(rtindex=rtindex, relation=base_scan.relation, index=index.relation,
                     index_clauses=clauses, alias=base_scan.alias, index_only=index_only)
    scan.startup_cost, scan.total_cost = index_paths.cost_index_scan(
        estimate, filters, pages, tuples, index.pages, total_pages, loop_count,
        index_paths.all_visible_fraction(base_scan.relation, pages) if index_only else 0.0)
    keys = cache_keys(planner, rtindex, moved, required)
    found = [ParamScan(finish_scan(scan, base_scan, filters, rows), rtindex, required,
                       nest_params, indexed_all, keys)]
    if settings.get("enable_bitmapscan"):
        bitmap_index = BitmapIndexScan(rtindex=rtindex, relation=base_scan.relation,
                                       index=index.relation, index_clauses=clauses)
        index_total, startup, total = index_paths.cost_bitmap_scan(
            estimate, rows, all_quals, pages, tuples, loop_count, index.pages, total_pages)
        bitmap_index.total_cost = index_total
        bitmap_index.plan_rows = cost.clamp_rows(estimate.selectivity * tuples)
        heap = BitmapHeapScan(rtindex=rtindex, relation=base_scan.relation,
                              child=bitmap_index, recheck_quals=_recheck(clauses, param_quals),
                              alias=base_scan.alias)
        heap.startup_cost, heap.total_cost = startup, total
        found.append(ParamScan(finish_scan(heap, base_scan, filters, rows), rtindex, required,
                               nest_params, indexed_all, keys))
    return found


def cache_keys(planner, rtindex, moved, required):
    """paraminfo_get_equal_hashops: each moved clause must be `outer expression op inner
    expression`; the distinct outer expressions are Memoize's cache keys (as Params)."""
    outer_exprs, binary_mode = [], False
    for qual in moved:
        args = getattr(qual, "args", ())
        if not hasattr(qual, "operator_name") or len(args) != 2:
            return None
        sides = [_relids(a) for a in args]
        if sides[0] and sides[0] <= required and sides[1] == {rtindex}:
            outer = args[0]
        elif sides[1] and sides[1] <= required and sides[0] == {rtindex}:
            outer = args[1]
        else:
            return None
        if outer not in outer_exprs:
            outer_exprs.append(outer)
        if qual.operator_name != "=":
            binary_mode = True      # not hash-joinable: compare the keys' binary images

    params = [_parameterise(planner, e, rtindex, {}) for e in outer_exprs]
    width = sum(planner._expression_width(e) for e in outer_exprs)
    return memoize_paths.CacheKeys(params, binary_mode, width,
                                   memoize_paths.distinct_estimator(planner, outer_exprs))


def _recheck(clauses, param_quals) -> list:
    """A Bitmap Heap Scan's Recheck Cond: a join equality as its Index Cond shows it
    (the table's column first: the clause PostgreSQL derives for the parameterisation),
    the table's own clauses as written."""
    return [c.shown if c.strategy == "=" and any(c.clause is p for p in param_quals)
            else c.clause for c in clauses if not c.lossy]


def finish_scan(scan, base_scan, filters, rows):
    scan.qual = cost.order_by_cost(filters)
    scan.plan_rows = rows
    scan.plan_width = base_scan.plan_width
    scan.output_keys = base_scan.output_keys
    scan.system_columns = getattr(base_scan, "system_columns", ())
    scan.parameterised = True
    for name in ("inherited_child", "var_names_override"):     # a partition's scan
        value = base_scan.__dict__.get(name)
        if value is not None:
            setattr(scan, name, value)
    return scan


# ---------------------------------------------------------------------------------------
# The Nested Loops


def nested_loops(inputs, join_type: str, outer, param_scans, rejected=None):
    """A Nested Loop over `outer` per parameterised inner scan whose outer columns
    `outer` supplies (and one over a Memoize of it), yielded one at a time.
    `rejected(startup, total, pathkeys)`: add_path_precheck; a candidate it refuses is
    not built. The caller offers each plan to add_path before the next is costed, so
    the precheck sees the path list add_path would."""
    from pgsnake.optimizer import join_paths
    outer_keys = None
    for param in param_scans:
        if outer_keys is None:
            outer_keys = set(outer.output_keys)
        if not all(("var", v.rtindex, v.attnum) in outer_keys for _, v in param.nest_params):
            continue
        rest = _rest_quals(inputs.quals, param)
        inner = param.plan
        factors = inputs.semi_factors
        if factors is not None and param.indexed_all and not rest:
            startup, total = _cost_indexed_semi_nestloop(outer, inner, inputs.filter_quals,
                                                         factors)
        elif factors is not None:
            from pgsnake.optimizer import semi_joins
            startup, total = semi_joins.cost_nestloop(
                outer, inner, rest + inputs.filter_quals, factors)
        else:
            startup, total = cost.cost_nestloop(
                outer, inner, inputs.rows, rest + inputs.filter_quals)
        if rejected is None or not rejected(startup, total, outer.pathkeys):
            node = NestedLoop(join_type=join_type, outer=outer, inner=inner, join_qual=rest)
            node.nest_params = [(slot, var) for slot, var in param.nest_params]
            node.startup_cost, node.total_cost = startup, total
            node.pathkeys = list(outer.pathkeys)
            yield join_paths._finish_join(node, outer, inner, inputs)
        memoized = memoize_paths.memoize_nested_loop(
            inputs, join_type, outer, param,
            factors is not None and join_type in ("inner", "left"), rest, rejected)
        if memoized is not None:
            yield join_paths._finish_join(memoized, outer, memoized.inner, inputs)


def _rest_quals(quals: list, param: ParamScan) -> list:
    """The join clauses the parameterised scan does not enforce (the Nested Loop's
    Join Filter); worked out once per join's clause list and scan."""
    memo = param.__dict__.setdefault("rest_quals", {})
    entry = memo.get(id(quals))
    if entry is None or entry[0] is not quals:
        entry = memo[id(quals)] = (quals, [q for q in quals
                                           if not _movable(q, param.rtindex, param.required)])
    return list(entry[1])


def _cost_indexed_semi_nestloop(outer, inner, quals, factors):
    """final_cost_nestloop when the inner index scan enforces every join clause: a
    matched outer row reads the inner scan up to its first match, an unmatched one only
    what one returned tuple would cost."""
    startup = outer.startup_cost + inner.startup_cost + cost.disable_cost("enable_nestloop")
    inner_run = inner.total_cost - inner.startup_cost
    outer_rows, inner_rows = outer.plan_rows, inner.plan_rows
    run = outer.total_cost - outer.startup_cost
    if outer_rows > 1:
        run += (outer_rows - 1) * inner.startup_cost
    matched = float(round(outer_rows * factors.outer_match_frac))
    unmatched = outer_rows - matched
    scan_frac = 2.0 / (factors.match_count + 1.0)
    ntuples = matched * inner_rows * scan_frac
    run += inner_run * scan_frac
    if matched > 1:
        run += (matched - 1) * inner_run * scan_frac
    run += unmatched * inner_run / inner_rows
    run += (cost.CPU_TUPLE_COST + cost.qual_cost_per_row(quals)) * ntuples
    return startup, startup + run
