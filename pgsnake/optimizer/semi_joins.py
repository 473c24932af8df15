"""Semi and anti joins in the join search: their sizes, their costs, and the unique-ified
inner join PostgreSQL may use instead of a semi join.

Entry points (called from join_search.py and join_paths.py):
    join_size(outer_rows, sj, restrict, estimator) -> rows      calc_joinrel_size_estimate
    semi_factors(restrict, sj, inner_rows, estimator) -> SemiFactors
    cost_nestloop(outer, inner, rows, quals, factors) -> (startup, total)
    cost_hashjoin(outer, inner_hash, n_clauses, anti, others, bucket_fraction, factors,
                  hash_qual)
    cost_mergejoin(outer, inner, merge_clauses, tuples, others) -> (startup, total, False)
    rhs_unique_exprs(sj, restrict) -> [inner expr] | None        compute_semijoin_info
    make_unique(plan, exprs, base_tuples) -> Plan                 create_unique_path
    inner_is_unique(inner, outer, clauses, scan_quals, unique_for) innerrel_is_unique
    is_unique_semi_join(sj, join_clauses, classes, unique_for) -> bool
                                                  reduce_unique_semijoins' test

Facts (PostgreSQL 15):
1. A semi join keeps outer_rows x jselec rows, an anti join outer_rows x (1 - jselec)
   (times its pushed-down quals' selectivity), where jselec multiplies the semi-join
   selectivity of each join clause: for `outer = inner` without statistics
   (eqjoinsel_semi) 1 when nd(outer) <= nd(inner), nd(inner)/nd(outer) otherwise, or
   0.5 when either distinct count is a default; nd(inner) is first clamped to the rows
   of its relation and of the join's inner input (then it is not a default any more).
2. The executor stops at an outer row's first match, so the costs use "semi factors":
   the fraction of outer rows that match (jselec) and the average matches per matching
   row (inner selectivity x inner rows / jselec, at least 1); an inner scan is cut to
   2 / (matches + 1) of its rows for matched rows and read whole for the others.
3. A merge semi / anti join whose clauses are all merge clauses never backs up over the
   inner (skip_mark_restore): no re-scanned rows and no Materialize.
4. When the semi join's inner input is exactly its right-hand relations and every join
   clause is `lhs = rhs` hashable / sortable, the same join can be an inner join with
   the RHS made unique on the rhs expressions (a HashAggregate or a Unique over a Sort,
   whichever is cheaper), on either side.
5. An inner or LEFT join whose inner side is one table with a unique index on columns
   the join clauses equate to the outer side (or its own quals to constants) is costed
   with semi factors too (inner_unique), with the ordinary join selectivity as the
   matched fraction.
6. A semi join whose RHS is one table with a unique index on columns the join clauses
   equate to LHS expressions is planned as an inner join (reduce_unique_semijoins).

PostgreSQL: optimizer/path/costsize.c (calc_joinrel_size_estimate,
compute_semi_anti_join_factors, final_cost_nestloop, final_cost_hashjoin,
final_cost_mergejoin), utils/adt/selfuncs.c (eqjoinsel_semi), optimizer/plan/initsplan.c
(compute_semijoin_info), optimizer/util/pathnode.c (create_unique_path),
optimizer/path/joinrels.c (make_join_rel's JOIN_UNIQUE_INNER / JOIN_UNIQUE_OUTER).
"""
from __future__ import annotations

import dataclasses

from pgsnake.optimizer import cost
from pgsnake.optimizer.plan_nodes import Aggregate, Sort, SortKey, Unique
from pgsnake.parser.expression_nodes import FuncExpr, OpExpr, Var, walk


@dataclasses.dataclass
class SemiFactors:
    outer_match_frac: float
    match_count: float


@dataclasses.dataclass
class Estimator:
    """What the planner knows about columns: distinct(expr) -> (nd, is_default) and
    base_rows(rtindex) -> the filtered rows of a base relation; clause_selectivity for
    the inner-join selectivity of any clause."""
    distinct: object
    base_rows: object
    clause_selectivity: object
    # (outer expr, inner expr, inner rows) -> eqjoinsel_semi from pg_statistic, or None
    semi_statistics: object = None
    # expr -> its fraction of NULLs (pg_statistic's stanullfrac, 0 without)
    null_fraction: object = None


def _relids(expr) -> frozenset:
    return frozenset(n.rtindex for n in walk(expr) if isinstance(n, Var))


def _equality_sides(q, sj, operator: str = "="):
    """(outer expr, inner expr) of a `=` (or `operator`) between the LHS and the RHS of
    `sj`, or None."""
    if not (isinstance(q, OpExpr) and q.operator_name == operator and len(q.args) == 2):
        return None
    a, b = q.args
    ra, rb = _relids(a), _relids(b)
    if ra and rb and ra <= sj.syn_lefthand and rb <= sj.syn_righthand:
        return a, b
    if ra and rb and rb <= sj.syn_lefthand and ra <= sj.syn_righthand:
        return b, a
    return None


def _semi_clause_selectivity(q, sj, inner_rows, est: Estimator) -> float:
    sides = _equality_sides(q, sj)
    if sides is None:
        unequal = _equality_sides(q, sj, "<>")
        if unequal is not None:
            # neqjoinsel: with more than one distinct inner value every non-NULL outer
            # row has a partner (semi) / is removed (anti)
            null = est.null_fraction(unequal[0]) if est.null_fraction is not None else 0.0
            return 1.0 - null
        return est.clause_selectivity(q)
    # A semi join never keeps more rows than the inner join of the same inputs would
    # make (N1 * Ssemi <= N1 * N2 * Sinner): eqjoinsel's clamp after eqjoinsel_semi.
    return min(_eqjoinsel_semi(sides, inner_rows, est),
               inner_rows * est.clause_selectivity(q))


def _eqjoinsel_semi(sides, inner_rows, est: Estimator) -> float:
    outer, inner = sides
    if est.semi_statistics is not None:
        estimate = est.semi_statistics(outer, inner, inner_rows)
        if estimate is not None:
            return estimate
    nd1, default1 = est.distinct(outer)
    nd2, default2 = est.distinct(inner)
    if isinstance(inner, Var):
        rel_rows = est.base_rows(inner.rtindex)
        if rel_rows is not None and nd2 >= rel_rows:
            nd2, default2 = rel_rows, False
    if nd2 >= inner_rows:
        nd2, default2 = inner_rows, False
    if default1 or default2:
        return 0.5
    return 1.0 if nd1 <= nd2 else nd2 / nd1


def _join_quals(sj, restrict) -> list:
    if sj.join_type == "semi":
        return [c.clause for c in restrict]
    return [c.clause for c in restrict if not c.is_pushed_down]


def join_selectivity(sj, restrict, inner_rows, est: Estimator) -> float:
    return cost.quals_selectivity(
        _join_quals(sj, restrict),
        lambda q: _semi_clause_selectivity(q, sj, inner_rows, est))


def join_size(outer_rows, inner_rows, sj, restrict, est: Estimator) -> float:
    jselec = join_selectivity(sj, restrict, inner_rows, est)
    if sj.join_type == "semi":
        return cost.clamp_rows(outer_rows * jselec)
    pushed = cost.quals_selectivity([c.clause for c in restrict if c.is_pushed_down],
                                    est.clause_selectivity)
    return cost.clamp_rows(outer_rows * (1.0 - jselec) * pushed)


def semi_factors(sj, restrict, inner_rows, est: Estimator) -> SemiFactors:
    jselec = join_selectivity(sj, restrict, inner_rows, est)
    nselec = cost.quals_selectivity(_join_quals(sj, restrict), est.clause_selectivity)
    avgmatch = max(1.0, nselec * inner_rows / jselec) if jselec > 0 else 1.0
    return SemiFactors(jselec, avgmatch)


# -- costs ------------------------------------------------------------------------------------

def cost_nestloop(outer, inner, quals, factors: SemiFactors):
    """A nested loop that stops at each outer row's first match (no parameterised inner
    index scans here, so unmatched rows read the whole inner input)."""
    from pgsnake.optimizer.plan_nodes import Materialize
    startup = outer.startup_cost + inner.startup_cost + cost.disable_cost("enable_nestloop")
    inner_run = inner.total_cost - inner.startup_cost
    if isinstance(inner, (Materialize, Sort)):
        rescan_startup, rescan_run = 0.0, cost.CPU_OPERATOR_COST * inner.plan_rows
    elif getattr(inner, "materializes_output", False):
        rescan_startup, rescan_run = 0.0, cost.CPU_TUPLE_COST * inner.plan_rows
    else:
        rescan_startup, rescan_run = inner.startup_cost, inner_run
    outer_rows, inner_rows = outer.plan_rows, inner.plan_rows
    run = outer.total_cost - outer.startup_cost
    if outer_rows > 1:
        run += (outer_rows - 1) * rescan_startup
    inner_total, ntuples = early_stop_inner_cost(outer_rows, inner_rows, inner_run,
                                                 rescan_run, factors)
    run += inner_total
    run += (cost.CPU_TUPLE_COST + cost.qual_cost_per_row(quals)) * ntuples
    return startup, startup + run


def early_stop_inner_cost(outer_rows: float, inner_rows: float, inner_run: float,
                          rescan_run: float, factors: SemiFactors) -> tuple[float, float]:
    """final_cost_nestloop's inner side for a join that stops at each outer row's first
    match: (the inner run cost over every scan, the inner tuples processed). A matched
    outer row reads a fraction 2 / (matches + 1) of the inner side on average; an
    unmatched one reads all of it; the first scan is the inner side's own run cost."""
    matched = float(round(outer_rows * factors.outer_match_frac))
    unmatched = outer_rows - matched
    scan_frac = 2.0 / (factors.match_count + 1.0)
    ntuples = matched * inner_rows * scan_frac + unmatched * inner_rows
    run = inner_run
    if unmatched >= 1:
        unmatched -= 1
    else:
        matched -= 1
    if matched > 0:
        run += matched * rescan_run * scan_frac
    if unmatched > 0:
        run += unmatched * rescan_run
    return run, ntuples


def _hash_buckets(rows: float) -> int:
    buckets = 1024
    while buckets < rows:
        buckets *= 2
    return buckets


def cost_hashjoin(outer, inner_hash, n_clauses: int, anti: bool, others, bucket_fraction,
                  factors: SemiFactors, hash_qual: float | None = None):
    startup = outer.startup_cost + inner_hash.total_cost + cost.disable_cost("enable_hashjoin")
    run = outer.total_cost - outer.startup_cost
    per_clause = cost.CPU_OPERATOR_COST * n_clauses
    startup += (per_clause + cost.CPU_TUPLE_COST) * inner_hash.plan_rows
    run += per_clause * outer.plan_rows
    outer_rows, inner_rows = outer.plan_rows, inner_hash.plan_rows
    matched = float(round(outer_rows * factors.outer_match_frac))
    scan_frac = 2.0 / (factors.match_count + 1.0)
    if hash_qual is None:
        hash_qual = per_clause
    run += hash_qual * matched * cost.clamp_rows(inner_rows * bucket_fraction * scan_frac) * 0.5
    run += hash_qual * (outer_rows - matched) * \
        cost.clamp_rows(inner_rows / _hash_buckets(inner_rows)) * 0.05
    tuples = outer_rows - matched if anti else matched
    run += (cost.CPU_TUPLE_COST + cost.qual_cost_per_row(others)) * tuples
    return startup, startup + run


def cost_mergejoin(outer, inner, merge_clauses, tuples: float, others):
    """Fact 3 applies when `others` is empty; otherwise the plain formula does."""
    startup = outer.startup_cost + inner.startup_cost + cost.disable_cost("enable_mergejoin")
    run = outer.total_cost - outer.startup_cost + (inner.total_cost - inner.startup_cost)
    run += cost.qual_cost_per_row(merge_clauses) * (cost.clamp_rows(max(outer.plan_rows, 1.0))
                                                    + cost.clamp_rows(inner.plan_rows))
    run += (cost.CPU_TUPLE_COST + cost.qual_cost_per_row(others)) * tuples
    return startup, startup + run, False


def is_unique_semi_join(sj, join_clauses, classes, unique_for) -> bool:
    if sj.join_type != "semi" or len(sj.min_righthand) != 1:
        return False
    (rtindex,) = sj.min_righthand
    joinrelids = sj.min_lefthand | sj.min_righthand
    clauses = [c.clause for c in join_clauses
               if rtindex in c.required_relids and c.required_relids <= joinrelids]
    for ec in classes:
        clause = ec.join_clause(sj.min_lefthand, sj.min_righthand)
        if clause is not None:
            clauses.append(clause)
    attnums = set()
    for q in clauses:
        sides = _equality_sides(q, sj)
        if sides is not None and isinstance(sides[1], Var) and sides[1].rtindex == rtindex \
                and _relids(sides[0]) <= sj.min_lefthand:
            attnums.add(sides[1].attnum)
    return bool(attnums) and unique_for(rtindex, attnums)


def inner_is_unique(inner_relids, outer_relids, clauses, inner_scan_quals, unique_for) -> bool:
    """innerrel_is_unique for a base relation: a unique index's columns are all equated,
    by the join clauses, to expressions of the outer side (or to constants by its own
    quals), so each outer row matches at most one inner row."""
    if len(inner_relids) != 1:
        return False
    (rtindex,) = inner_relids
    probe = SpecialJoinInfo_like(outer_relids, inner_relids)
    attnums = set()
    for q in clauses:
        sides = _equality_sides(q, probe)
        if sides is not None and isinstance(sides[1], Var) and sides[1].rtindex == rtindex:
            attnums.add(sides[1].attnum)
    for q in inner_scan_quals:
        if isinstance(q, OpExpr) and q.operator_name == "=" and len(q.args) == 2:
            a, b = q.args
            for var, other in ((a, b), (b, a)):
                if isinstance(var, Var) and var.rtindex == rtindex and not _relids(other) \
                        and not any(isinstance(n, Var) for n in walk(other)):
                    attnums.add(var.attnum)
    return bool(attnums) and unique_for(rtindex, attnums)


def SpecialJoinInfo_like(outer_relids, inner_relids):
    """A semi join of the two inputs (to find which clause side is which)."""
    from pgsnake.optimizer.join_tree import SpecialJoinInfo
    return SpecialJoinInfo("semi", frozenset(outer_relids), frozenset(inner_relids),
                           frozenset(outer_relids), frozenset(inner_relids), False)


def query_is_distinct_for(query, attnums: set) -> bool:
    """A subquery's rows are distinct on output columns `attnums` (query_is_distinct_for):
    DISTINCT or GROUP BY on columns among them, UNION / INTERSECT / EXCEPT without ALL,
    or an aggregate without GROUP BY (one row)."""
    if query is None or query.command_type != "SELECT":
        return False
    outputs = [t.expr for t in query.output_columns()]
    if query.set_operation is None and any(
            isinstance(n, FuncExpr) and n.returns_set
            for t in query.target_list for n in walk(t.expr)):
        return False        # a set-returning function multiplies the rows (hasTargetSRFs)
    chosen = [outputs[a - 1] for a in attnums if 0 < a <= len(outputs)]
    if query.set_operation is not None:
        tree = query.set_operation[0]
        return tree.op in ("union", "intersect", "except") and not tree.all \
            and set(attnums) >= set(range(1, len(outputs) + 1))
    if query.distinct and not query.distinct_on and query.limit_with_ties is False:
        return set(attnums) >= set(range(1, len(outputs) + 1))
    if query.group_by and query.grouping_sets is None:
        return all(g in chosen for g in query.group_by)
    if query.has_aggregates and not query.group_by and query.grouping_sets is None \
            and not query.has_window_functions:
        return True
    return False


# -- the unique-ified RHS ---------------------------------------------------------------------

def rhs_unique_exprs(sj, clauses) -> list | None:
    """The RHS expressions to make unique, when every join clause of the semi join is
    `lhs expr = rhs expr` (clauses on the RHS alone were pushed down to it)."""
    exprs: list = []
    for q in clauses:
        relids = _relids(q)
        if relids <= sj.syn_righthand:
            continue
        sides = _equality_sides(q, sj)
        if sides is None:
            return None
        if sides[1] not in exprs:
            exprs.append(sides[1])
    return exprs or None


def _distinct_after_filter(n_cols: int, rows: float, base_tuples: float) -> float:
    """estimate_num_groups for the columns of one relation whose quals kept `rows` of
    its `base_tuples`: each distinct value survives with probability
    1 - ((tuples - rows) / tuples) ** (tuples / nd)."""
    groups = cost.estimate_groups(n_cols, base_tuples or rows, base_tuples)
    if base_tuples > 0 and rows < base_tuples and groups > 0:
        groups *= 1.0 - ((base_tuples - rows) / base_tuples) ** (base_tuples / groups)
    return groups


def unique_bucket_fraction(inner_rows: float) -> float:
    """A unique-ified inner has no duplicate keys: one row per bucket
    (final_cost_hashjoin's UniquePath case)."""
    return 1.0 / _hash_buckets(inner_rows)


def make_unique(plan, exprs, base_tuples: float, stats_groups=None):
    """The cheaper of a HashAggregate and a Unique over a Sort of `plan` on `exprs`
    (ties go to sorting, as create_unique_path's strict comparison does), or None when an
    expression is not one of the plan's columns. `stats_groups(exprs, rows)`: the
    groups estimate_num_groups finds in pg_statistic, or None (then the defaults)."""
    from pgsnake.optimizer.planner import key_of
    rows, n = plan.plan_rows, len(exprs)
    estimate = stats_groups(exprs, rows) if stats_groups is not None else None
    if estimate is None:
        estimate = _distinct_after_filter(n, rows, base_tuples)
    groups = cost.clamp_rows(min(estimate, rows))
    hashed_startup, hashed_total = cost.cost_hash_agg(plan.total_cost, rows, 0.0, n, groups, 0.0)
    if not all(key_of(e) in plan.output_keys for e in exprs):
        # Expressions: only hashing here (PostgreSQL could also sort a projection).
        return _hashed_unique(plan, exprs, hashed_startup, hashed_total, groups)
    sort = Sort(child=plan, keys=[SortKey(plan.output_keys.index(key_of(e)), False, False, e)
                                  for e in exprs])
    sort.startup_cost, sort.total_cost = cost.cost_sort(plan.startup_cost, plan.total_cost,
                                                        rows, plan.plan_width)
    sort.plan_rows, sort.plan_width = rows, plan.plan_width
    sort.unique_ifies = True
    sort.output_keys = plan.output_keys
    sort.pathkeys = [frozenset({key_of(e)}) for e in exprs]
    unique = Unique(child=sort, key_indexes=[k.index for k in sort.keys])
    unique.startup_cost = sort.startup_cost
    unique.total_cost = sort.total_cost + cost.CPU_OPERATOR_COST * n * rows
    if hashed_total < unique.total_cost:
        return _hashed_unique(plan, exprs, hashed_startup, hashed_total, groups)
    unique.pathkeys = sort.pathkeys
    unique.output_keys = plan.output_keys
    unique.plan_width = plan.plan_width
    unique.plan_rows = groups
    return unique


def _hashed_unique(plan, exprs, startup, total, groups):
    from pgsnake.optimizer.planner import key_of
    node = Aggregate(child=plan, strategy="hashed", group_exprs=list(exprs))
    node.unique_ifies = True      # (EXPLAIN keeps a Subquery Scan below it: lateral_paths)
    node.startup_cost, node.total_cost = startup, total
    node.output_keys = [key_of(e) for e in exprs]
    # the relation's own row width, not only the keys' (create_unique_path keeps the
    # rel's reltarget)
    node.plan_width = plan.plan_width
    node.plan_rows = groups
    return node
