"""Join order search: the cheapest way to join the FROM clause's relations.

Entry points:
    PlannerHooks(make_scan, clause_selectivity, bucket_fraction)   what the planner lends
    make_join_rel_tree(problem, hooks) -> RelOptInfo   the relation of the whole FROM
                                                       clause, with its surviving plans

Each relation, base or join, is a RelOptInfo: its relids, its estimated rows and its
surviving plans (join_paths.add_path). Up to geqo_threshold items a joinlist is searched
by dynamic programming over join levels (standard_join_search): level k holds every
relation of k items, made by joining a level k-1 relation to one item, or two smaller
relations ("bushy"), but only where a join clause (or an outer join's order restriction)
connects them; clauseless (Cartesian) joins are tried only for items with no clause to
anything, or when a level would otherwise stay empty. A join relation's size is computed
once, from the first pair that builds it; every pair then adds its plans. From
geqo_threshold items on (with geqo on) a greedy search replaces the exponential one:
it repeatedly makes the cheapest legal join of two current relations (clause-connected
ones first) until one is left. PostgreSQL uses its genetic optimizer there; ours is
deterministic and plans 30 relations in well under a second.

Rules:
1. An outer join is done by the first join whose inputs hold its min_lefthand and
   min_righthand; no join may cross its RHS boundary before that (join_is_legal).
2. A clause is evaluated at the lowest join containing its required relids; at an outer
   join, its own ON clauses decide matches (Join Filter) and pushed-down ones filter the
   NULL-extended result (Filter).
3. A join gets one clause per equivalence class with members on both sides.
4. Pathkeys are compared by equivalence class (a path sorted on a.x is also sorted on
   every column equal to it), so add_path sees equally sorted paths as equal.

PostgreSQL: optimizer/path/allpaths.c (make_rel_from_joinlist, standard_join_search),
optimizer/path/joinrels.c (join_search_one_level, make_join_rel, join_is_legal,
have_join_order_restriction), optimizer/util/relnode.c (build_join_rel,
build_joinrel_restrictlist), optimizer/path/costsize.c (calc_joinrel_size_estimate),
optimizer/geqo (replaced here by a greedy search).
"""
from __future__ import annotations

import dataclasses
from typing import Any, Callable

from pgsnake.optimizer import (const_fold, cost, join_paths, lateral_paths,
                               or_clause_restrictions, partitionwise_join, semi_joins)
from pgsnake.optimizer.join_tree import JoinProblem, RestrictInfo
from pgsnake.parser.expression_nodes import Var
from pgsnake.utils import settings
from pgsnake.utils.errors import FEATURE_NOT_SUPPORTED, INTERNAL_ERROR, PgError

# Dynamic programming builds every clause-connected subset of the items; where that
# exceeds this many joins (an 8-table star, a clique of equal columns), the greedy search
# is used instead, as pure Python pays milliseconds per join where PostgreSQL pays
# microseconds. Counted by a dry run that makes no plans.
DP_JOIN_BUDGET = 300


class _TooManyJoins(Exception):
    pass


@dataclasses.dataclass(eq=False)
class RelOptInfo:
    relids: frozenset
    rows: float
    paths: list                                 # surviving plans, cheapest total first
    cheapest: Any = None                        # set_cheapest's choice
    partial: Any = None                         # cheapest partial path (parallel_joins.py)
    base_width: int = 0                         # the sum of its base scans' widths
    width: int | None = None                    # a join's width (join_widths.py)
    # partitionwise_join.Partitioning, False when not partitioned, None: not decided
    partitioning: Any = None

    def set_cheapest(self) -> None:
        self.cheapest = join_paths.cheapest_total(self.paths)


@dataclasses.dataclass
class PlannerHooks:
    make_scan: Callable            # (rtindex, quals) -> the scan plan of a base relation
    clause_selectivity: Callable   # join clause -> selectivity
    bucket_fraction: Callable      # inner hash key -> bucket size fraction
    distinct: Callable = None      # expr -> (distinct values, whether a default guess)
    base_tuples: Callable = None   # rtindex -> the relation's tuples (before quals)
    unique_for: Callable = None    # (rtindex, attnums) -> a unique index covers them
    # relations whose whole row is read (no partitionwise join for them)
    whole_row_relids: frozenset = frozenset()
    alias_of: Callable = None      # rtindex -> the FROM item's alias (EXPLAIN names)
    # rtindex -> the items a LATERAL subquery / function refers to (lateral_paths.py)
    lateral: dict = dataclasses.field(default_factory=dict)
    # (rtindex, base scan, scan quals, outer relids, join quals) -> the table's
    # parameterised inner scans (param_paths.py)
    param_scans: Callable = None
    # (rtindex, scan quals, base scan) -> ordered index scans (index_ordering.py)
    ordered_scans: Callable = None
    # (outer expr, inner expr, inner rows) -> a semi join clause's selectivity from
    # statistics, or None (join_group_statistics.semi_join_selectivity)
    semi_statistics: Callable = None
    # (exprs, input rows) -> groups from pg_statistic, or None (estimate_num_groups)
    stats_groups: Callable = None
    # semi join RHS relids -> (its LHS relids, distinct RHS rows): caps the loop count
    # of a LHS scan parameterised by the RHS (filled here, read by param_paths.py)
    semi_rhs_groups: dict = None
    # a clause of one base relation -> its selectivity as that relation's scan works it
    # out (or_clause_restrictions.py)
    restriction_selectivity: Callable = None
    # partial paths and Gathers (parallel_joins.py): (rel, rtindex, quals),
    # (search, joinrel, rel1, rel2, inputs), (rel) of a join level below the top
    partial_scan: Callable = None
    partial_joins: Callable = None
    gather_rel: Callable = None
    # join_widths.JoinWidths: the columns each join passes up (None: all of them)
    join_widths: Any = None
    # expr -> its NULL fraction from statistics (semi / anti join `<>` clauses)
    null_fraction: Callable = None


def make_join_rel_tree(problem: JoinProblem, hooks: PlannerHooks) -> RelOptInfo:
    return _JoinSearch(problem, hooks).make_rel_from_joinlist(problem.joinlist)


def _memoized(selectivity):
    """`selectivity(clause)` remembered per clause object (kept alive with its value,
    so an id is never reused for another clause)."""
    memo: dict = {}

    def cached(clause):
        entry = memo.get(id(clause))
        if entry is None or entry[0] is not clause:
            entry = memo[id(clause)] = (clause, selectivity(clause))
        return entry[1]
    return cached


class _JoinSearch:
    def __init__(self, problem: JoinProblem, hooks: PlannerHooks) -> None:
        if problem.unit_selectivity:
            # FULL join clauses made redundant by a WHERE on their merged column.
            unit, selectivity = problem.unit_selectivity, hooks.clause_selectivity
            hooks = dataclasses.replace(hooks, clause_selectivity=lambda clause: (
                1.0 if id(clause) in unit else selectivity(clause)))
        self.scan_clauses: dict[int, list] = {}
        self.join_clauses: list[RestrictInfo] = []
        for clause in problem.clauses:
            if len(clause.required_relids) == 1:
                (rtindex,) = clause.required_relids
                self.scan_clauses.setdefault(rtindex, []).append(clause.clause)
            else:
                self.join_clauses.append(clause)
        # Each table's part of an OR join clause also filters its scan; the join clause's
        # selectivity is divided by what those parts select (extract_restriction_or_clauses).
        extra, divisors = or_clause_restrictions.extract(
            self.join_clauses, problem.special_joins,
            hooks.restriction_selectivity or hooks.clause_selectivity, hooks.lateral)
        for rtindex, clauses in extra.items():
            self.scan_clauses.setdefault(rtindex, []).extend(clauses)
        if divisors:
            base = hooks.clause_selectivity
            hooks = dataclasses.replace(hooks, clause_selectivity=lambda clause: (
                min(1.0, base(clause) / divisors[id(clause)]) if id(clause) in divisors
                else base(clause)))
        # A join clause's selectivity is worked out once per search, however many join
        # paths cost it (PostgreSQL caches it in the RestrictInfo: norm_selec). It
        # depends only on the clause's own relations, whose sizes are known before any
        # join that holds the clause is tried.
        hooks = dataclasses.replace(hooks, clause_selectivity=_memoized(
            hooks.clause_selectivity))
        self.hooks = hooks
        self.special_joins = problem.special_joins
        self.classes = problem.classes
        # (the classes are complete before the search: their relids are asked per pair)
        self.class_relids = [ec.relids for ec in self.classes]
        if hooks.unique_for is not None:
            # A semi join to a table unique on the join columns is an inner join.
            self.special_joins = [sj for sj in self.special_joins
                                  if not semi_joins.is_unique_semi_join(
                                      sj, self.join_clauses, self.classes, hooks.unique_for)]
        self.rels: dict[frozenset, RelOptInfo] = {}
        self.new_rels: list[RelOptInfo] = []     # join relations made at the current level
        self.initial_rels: list[RelOptInfo] = []
        self.dry_run_joins: int | None = None    # counting joins only (_fits_dp_budget)
        # Rule 4: a sort order on one member of an equivalence class is an order on all.
        self.canonical_keys: dict = {}
        self.canonical_sets: dict = {}          # keyset -> its canonical keyset (_canonical)
        for ec in self.classes:
            if not ec.is_broken:
                keys = frozenset(("var", m.rtindex, m.attnum) for m in ec.members
                                 if isinstance(m, Var))
                for key in keys:
                    self.canonical_keys[key] = keys

    # -- joinlists --------------------------------------------------------------------------

    def make_rel_from_joinlist(self, joinlist: list) -> RelOptInfo:
        initial = [self.make_rel_from_joinlist(item) if isinstance(item, list)
                   else self._base_rel(item) for item in joinlist]
        if len(initial) == 1:
            return initial[0]
        saved = self.initial_rels
        self.initial_rels = initial
        try:
            if settings.get("geqo") and len(initial) >= settings.get("geqo_threshold"):
                return self._greedy_search(initial)
            if len(initial) > 4 and not self._fits_dp_budget(initial):
                return self._greedy_search(initial)
            return self._standard_search(initial)
        finally:
            self.initial_rels = saved

    def _base_rel(self, rtindex: int) -> RelOptInfo:
        plan = self.hooks.make_scan(rtindex, self.scan_clauses.get(rtindex, []))
        rel = RelOptInfo(frozenset({rtindex}), plan.plan_rows, [plan], plan,
                         base_width=plan.plan_width)
        if self.hooks.ordered_scans is not None:     # index scans giving an order
            for ordered in self.hooks.ordered_scans(rtindex, self.scan_clauses.get(rtindex, []),
                                                    plan):
                join_paths.add_path(rel.paths, ordered)
            rel.set_cheapest()
        if self.hooks.partial_scan is not None:      # a Parallel Seq Scan, a Gather
            self.hooks.partial_scan(rel, rtindex, self.scan_clauses.get(rtindex, []))
        self.rels[rel.relids] = rel
        return rel

    # -- dynamic programming ----------------------------------------------------------------

    def _fits_dp_budget(self, initial: list) -> bool:
        saved = dict(self.rels)
        self.dry_run_joins = 0
        try:
            self._standard_search(initial)
            return True
        except _TooManyJoins:
            return False
        finally:
            self.rels = saved
            self.dry_run_joins = None

    def _standard_search(self, initial: list) -> RelOptInfo:
        levels: list[list] = [[], list(initial)]
        for level in range(2, len(initial) + 1):
            self.new_rels = []
            self._join_search_one_level(levels, level)
            if self.dry_run_joins is None:
                for rel in self.new_rels:
                    if self.hooks.gather_rel is not None and level < len(initial):
                        self.hooks.gather_rel(rel)
                    rel.set_cheapest()
            levels.append(self.new_rels)
        if self.dry_run_joins is not None:
            return None
        if len(levels[-1]) != 1:
            raise PgError(INTERNAL_ERROR, f"failed to build any {len(initial)}-way joins")
        return levels[-1][0]

    def _join_search_one_level(self, levels: list, level: int) -> None:
        for index, old_rel in enumerate(levels[level - 1]):
            others = levels[1][index + 1:] if level == 2 else levels[1]
            if self._has_join_info(old_rel) or self._has_join_restriction(old_rel):
                for other in others:
                    if not old_rel.relids & other.relids and (
                            self._have_relevant_joinclause(old_rel, other)
                            or self._have_join_order_restriction(old_rel, other)):
                        self._make_join_rel(old_rel, other)
            else:
                for other in others:
                    if not old_rel.relids & other.relids:
                        self._make_join_rel(old_rel, other)
        # Bushy plans: k items joined to level - k items, only along clauses.
        k = 2
        while k <= level - k:
            for index, old_rel in enumerate(levels[k]):
                if not (self._has_join_info(old_rel) or self._has_join_restriction(old_rel)):
                    continue
                others = levels[k][index + 1:] if k == level - k else levels[level - k]
                for other in others:
                    if not old_rel.relids & other.relids and (
                            self._have_relevant_joinclause(old_rel, other)
                            or self._have_join_order_restriction(old_rel, other)):
                        self._make_join_rel(old_rel, other)
            k += 1
        if not self.new_rels:
            # Last resort: Cartesian products, e.g. for a clause over three relations.
            for index, old_rel in enumerate(levels[level - 1]):
                others = levels[1][index + 1:] if level == 2 else levels[1]
                for other in others:
                    if not old_rel.relids & other.relids:
                        self._make_join_rel(old_rel, other)
            if not self.new_rels and not self.special_joins:
                raise PgError(INTERNAL_ERROR, f"failed to build any {level}-way joins")

    # -- greedy search above geqo_threshold -------------------------------------------------

    def _greedy_search(self, initial: list) -> RelOptInfo:
        """Join the legal pair of current relations with the fewest estimated result rows
        (ties: the earlier pair) until one is left; pairs joined by a clause (or needed by
        an outer join) come before Cartesian products. Only the chosen pair's plans are
        built; a pair's size is estimated once and remembered, so each round only sizes
        the pairs with the relation made in the round before."""
        rels = list(initial)
        sizes: dict[tuple, float | None] = {}
        while len(rels) > 1:
            best = None
            for clauseless in (False, True):
                for i, rel1 in enumerate(rels):
                    for j in range(i + 1, len(rels)):
                        rel2 = rels[j]
                        key = (rel1.relids, rel2.relids, clauseless)
                        if key not in sizes:
                            sizes[key] = self._pair_size(rel1, rel2, clauseless)
                        rows = sizes[key]
                        if rows is not None and (best is None or rows < best[0]):
                            best = (rows, i, j)
                if best is not None:
                    break
            if best is None:
                raise PgError(INTERNAL_ERROR, f"failed to join {len(rels)} relations")
            _, i, j = best
            self.new_rels = []
            joinrel = self._make_join_rel(rels[i], rels[j])
            joinrel.set_cheapest()
            rels = [r for n, r in enumerate(rels) if n not in (i, j)]
            rels.insert(i, joinrel)
        return rels[0]

    def _pair_size(self, rel1, rel2, clauseless: bool) -> float | None:
        """Estimated rows of joining the pair, or None when it may not be joined now."""
        if not clauseless and not (self._have_relevant_joinclause(rel1, rel2)
                                   or self._have_join_order_restriction(rel1, rel2)):
            return None
        joinrelids = rel1.relids | rel2.relids
        legal, sj, reversed_ = self._join_is_legal(rel1, rel2, joinrelids)
        if not legal:
            return None
        if reversed_:
            rel1, rel2 = rel2, rel1
        return self._join_size(rel1, rel2, sj, self._restrict_list(rel1, rel2, joinrelids))

    # -- legality and relevance (joinrels.c) ------------------------------------------------

    def _has_join_info(self, rel) -> bool:
        """Some clause or equivalence class links `rel` to another relation."""
        for clause in self.join_clauses:
            if clause.required_relids & rel.relids and not clause.required_relids <= rel.relids:
                return True
        for ec_relids in self.class_relids:
            if ec_relids & rel.relids and not ec_relids <= rel.relids:
                return True
        return False

    def _have_relevant_joinclause(self, rel1, rel2) -> bool:
        joined = rel1.relids | rel2.relids
        for clause in self.join_clauses:
            required = clause.required_relids
            if required & rel1.relids and required <= joined and not required <= rel1.relids:
                return True
        for ec_relids in self.class_relids:
            if ec_relids & rel1.relids and ec_relids & rel2.relids:
                return True
        return False

    def _has_join_restriction(self, rel) -> bool:
        if lateral_paths.has_restriction(self.hooks.lateral, rel.relids):
            return True
        for sj in self.special_joins:
            if sj.min_lefthand <= rel.relids and sj.min_righthand <= rel.relids:
                continue
            if sj.min_lefthand & rel.relids or sj.min_righthand & rel.relids:
                return True
        return False

    def _have_join_order_restriction(self, rel1, rel2) -> bool:
        # A direct LATERAL reference between the two: try the join whatever else holds.
        if lateral_paths.has_order_restriction(self.hooks.lateral, rel1.relids, rel2.relids):
            return True
        result = False
        for sj in self.special_joins:
            if ((sj.min_lefthand <= rel1.relids and sj.min_righthand <= rel2.relids)
                    or (sj.min_lefthand <= rel2.relids and sj.min_righthand <= rel1.relids)
                    or (sj.min_righthand & rel1.relids and sj.min_righthand & rel2.relids)
                    or (sj.min_lefthand & rel1.relids and sj.min_lefthand & rel2.relids)):
                result = True
                break
        # Clauseless joins inside an outer join's sides wait as long as a clause can be used.
        if result and (self._has_legal_joinclause(rel1) or self._has_legal_joinclause(rel2)):
            return False
        return result

    def _has_legal_joinclause(self, rel) -> bool:
        for other in self.initial_rels:
            if rel.relids & other.relids:
                continue
            if self._have_relevant_joinclause(rel, other) and \
                    self._join_is_legal(rel, other, rel.relids | other.relids)[0]:
                return True
        return False

    def _join_is_legal(self, rel1, rel2, joinrelids):
        """(legal, the outer join this join performs or None, whether rel2 is its LHS)."""
        match = None
        reversed_ = False
        is_valid_inner = True
        if not lateral_paths.join_is_legal(self.hooks.lateral, joinrelids):
            return False, None, False
        for sj in self.special_joins:
            if not sj.min_righthand & joinrelids:
                continue
            if joinrelids <= sj.min_righthand:
                continue
            if sj.min_lefthand <= rel1.relids and sj.min_righthand <= rel1.relids:
                continue
            if sj.min_lefthand <= rel2.relids and sj.min_righthand <= rel2.relids:
                continue
            if sj.min_lefthand <= rel1.relids and sj.min_righthand <= rel2.relids:
                if match is not None:
                    return False, None, False
                match, reversed_ = sj, False
            elif sj.min_lefthand <= rel2.relids and sj.min_righthand <= rel1.relids:
                if match is not None:
                    return False, None, False
                match, reversed_ = sj, True
            elif sj.min_righthand & rel1.relids and sj.min_righthand & rel2.relids:
                pass        # still building up the RHS across a commuted lower join
            else:
                is_valid_inner = False
        if not is_valid_inner and match is None:
            return False, None, False
        return True, match, reversed_

    # -- one join ---------------------------------------------------------------------------

    def _make_join_rel(self, rel1, rel2) -> RelOptInfo | None:
        joinrelids = rel1.relids | rel2.relids
        legal, sj, reversed_ = self._join_is_legal(rel1, rel2, joinrelids)
        if not legal:
            return None
        if reversed_:
            rel1, rel2 = rel2, rel1
        if self.dry_run_joins is not None:
            self.dry_run_joins += 1
            if self.dry_run_joins > DP_JOIN_BUDGET:
                raise _TooManyJoins
            if joinrelids not in self.rels:
                self.rels[joinrelids] = RelOptInfo(joinrelids, 0.0, [])
                self.new_rels.append(self.rels[joinrelids])
            return self.rels[joinrelids]
        restrict = self._restrict_list(rel1, rel2, joinrelids)
        joinrel = self.rels.get(joinrelids)
        if joinrel is None:
            joinrel = RelOptInfo(joinrelids, self._join_size(rel1, rel2, sj, restrict), [],
                                 base_width=rel1.base_width + rel2.base_width)
            if self.hooks.join_widths is not None:
                joinrel.width = self.hooks.join_widths.width(joinrelids, joinrel.base_width)
            self.rels[joinrelids] = joinrel
            self.new_rels.append(joinrel)
        if sj is None:
            join_type, quals, filter_quals = "inner", [c.clause for c in restrict], []
        elif sj.join_type == "semi":
            join_type, quals, filter_quals = "semi", [c.clause for c in restrict], []
        else:
            join_type = sj.join_type
            quals = [c.clause for c in restrict if not c.is_pushed_down]
            filter_quals = [c.clause for c in restrict if c.is_pushed_down]
        right_paths = rel2.paths
        if join_type == "left" and any(const_fold.is_constant_false(q) for q in quals):
            # ON false: no row of the nullable side can match (populate_joinrel_with_paths
            # marks it dummy).
            right_paths = [const_fold.dummy_result(min(rel2.paths, key=lambda p: p.total_cost))]
        inputs = join_paths.JoinInputs(
            left_paths=rel1.paths, right_paths=right_paths, left_relids=rel1.relids,
            right_relids=rel2.relids, join_type=join_type, quals=quals, rows=joinrel.rows,
            clause_selectivity=self.hooks.clause_selectivity, filter_quals=filter_quals,
            width=joinrel.width, parameterised=lateral_paths.parameterised_side(self.hooks.lateral, rel1.relids,
                                                           rel2.relids))
        if self.hooks.param_scans is not None:
            inputs.param_inner = (self._param_scans(rel2, rel1, quals),
                                  self._param_scans(rel1, rel2, quals))
        if join_type in ("semi", "anti"):
            inputs.semi_factors = semi_joins.semi_factors(sj, restrict, rel2.rows,
                                                          self._estimator())
        elif self.hooks.unique_for is not None:
            inputs.order_factors = self._inner_unique_factors(rel1, rel2, join_type, restrict)
        for plan in join_paths.join_paths(inputs, self.hooks.bucket_fraction):
            plan.pathkeys = [self._canonical(keyset) for keyset in plan.pathkeys]
            join_paths.add_path(joinrel.paths, plan)
        partitionwise_join.add_paths(self, joinrel, rel1, rel2, inputs, sj, restrict)
        if join_type == "semi":
            self._add_unique_ified_paths(joinrel, rel1, rel2, sj, restrict, inputs)
        if self.hooks.partial_joins is not None:
            self.hooks.partial_joins(self, joinrel, rel1, rel2, inputs)
        if join_type == "full" and not joinrel.paths:
            # Only merge and hash joins can emit a FULL join's unmatched inner rows
            # (populate_joinrel_with_paths' complaint).
            raise PgError(FEATURE_NOT_SUPPORTED, "FULL JOIN is only supported with "
                                                 "merge-joinable or hash-joinable join conditions")
        return joinrel

    def _param_scans(self, inner, outer, quals) -> list:
        """A base table's scans parameterised by the other input's columns: by the
        join's own clauses, and by each outer table's equivalence-class clause with it
        (a parameterisation by one table of a larger outer side)."""
        if len(inner.relids) != 1 or not quals:
            return []
        (rtindex,) = inner.relids
        # An equivalence class's clause is derived again with this outer side's member
        # first, as generate_join_implied_equalities does for the parameterised path.
        candidates = [self._derived_for(q, outer.relids, inner.relids) for q in quals]
        if len(outer.relids) > 1:
            for ec in self.classes:
                # (only the outer tables with a member can give a clause)
                ec_relids = ec.relids
                if not ec_relids & inner.relids:
                    continue
                for relid in sorted(outer.relids & ec_relids):
                    clause = ec.join_clause(frozenset({relid}), inner.relids)
                    if clause is not None:
                        candidates.append(clause)
        return self.hooks.param_scans(rtindex, inner.cheapest,
                                      self.scan_clauses.get(rtindex, []), outer.relids,
                                      candidates)

    def _inner_unique_factors(self, rel1, rel2, join_type, restrict):
        """Semi factors for each input order whose inner side is unique for the join
        clauses (add_paths_to_joinrel's inner_unique), or None when neither is."""
        joinquals = [c for c in restrict if join_type == "inner" or not c.is_pushed_down]
        clauses = [c.clause for c in joinquals]
        factors = []
        for outer, inner in ((rel1, rel2), (rel2, rel1)):
            scan_quals = self.scan_clauses.get(next(iter(inner.relids)), []) \
                if len(inner.relids) == 1 else []
            if semi_joins.inner_is_unique(inner.relids, outer.relids, clauses, scan_quals,
                                          self.hooks.unique_for):
                # eqjoinsel follows the join's own type, so for an inner or LEFT join
                # the "semi" selectivity is the ordinary one and every inner row counts
                # as a possible match (compute_semi_anti_join_factors).
                selectivity = cost.quals_selectivity(clauses, self.hooks.clause_selectivity)
                factors.append(semi_joins.SemiFactors(selectivity, max(1.0, inner.rows)))
            else:
                factors.append(None)
        return None if factors == [None, None] else tuple(factors)

    def _derived_for(self, qual, outer_relids, inner_relids):
        """`qual` as its equivalence class derives it for this outer / inner pair, or
        `qual` itself when no class made it."""
        args = getattr(qual, "args", None)
        if not args or len(args) != 2:
            return qual
        for ec in self.classes:
            if any(args[0] is m for m in ec.members) and any(args[1] is m for m in ec.members):
                return ec.join_clause(outer_relids, inner_relids) or qual
        return qual

    def _estimator(self) -> semi_joins.Estimator:
        def base_rows(rtindex):
            rel = self.rels.get(frozenset({rtindex}))
            return None if rel is None else rel.rows
        return semi_joins.Estimator(self.hooks.distinct, base_rows,
                                    self.hooks.clause_selectivity,
                                    self.hooks.semi_statistics, self.hooks.null_fraction)

    def _add_unique_ified_paths(self, joinrel, rel1, rel2, sj, restrict, inputs) -> None:
        """A semi join whose inner input is exactly its RHS may be an inner join with the
        RHS made unique, on either side (JOIN_UNIQUE_INNER / JOIN_UNIQUE_OUTER)."""
        for plan in self.unique_ified_plans(rel1, rel2, sj, restrict, inputs):
            join_paths.add_path(joinrel.paths, plan)

    def unique_ified_plans(self, rel1, rel2, sj, restrict, inputs) -> list:
        """The plans of _add_unique_ified_paths (also for a partitionwise join's pair of
        partitions, partitionwise_join.py)."""
        if rel2.relids != sj.syn_righthand:
            return []
        exprs = semi_joins.rhs_unique_exprs(sj, [c.clause for c in restrict])
        if exprs is None:
            return []
        base = max((self.hooks.base_tuples(r) for r in rel2.relids), default=0.0)
        unique = semi_joins.make_unique(rel2.cheapest, exprs, base, self.hooks.stats_groups)
        if unique is None:
            return []
        unique_inner = dataclasses.replace(
            inputs, right_paths=[unique], join_type="inner", one_order=True,
            unique_side="inner")
        unique_outer = dataclasses.replace(
            inputs, left_paths=[unique], right_paths=rel1.paths, left_relids=rel2.relids,
            right_relids=rel1.relids, join_type="inner", one_order=True, semi_factors=None,
            unique_side="outer", param_inner=(self._unique_outer_param_scans(
                rel1, rel2, sj, inputs.quals, unique.plan_rows), ()),
            order_factors=self._unique_outer_factors(rel1, rel2, sj, restrict))
        out = []
        for variant in (unique_inner, unique_outer):
            for plan in join_paths.join_paths(variant, self.hooks.bucket_fraction):
                plan.pathkeys = [self._canonical(keyset) for keyset in plan.pathkeys]
                out.append(plan)
        return out

    def _unique_outer_factors(self, rel1, rel2, sj, restrict):
        """JOIN_UNIQUE_OUTER's inner_unique: when the LHS is unique for the join clauses
        the executor stops at each unique-ified row's first match, costed with the semi
        join's selectivity and the LHS rows as the matches to expect
        (compute_semi_anti_join_factors with the semi join's SpecialJoinInfo)."""
        if self.hooks.unique_for is None:
            return None
        clauses = [c.clause for c in restrict]
        scan_quals = self.scan_clauses.get(next(iter(rel1.relids)), []) \
            if len(rel1.relids) == 1 else []
        if not semi_joins.inner_is_unique(rel1.relids, rel2.relids, clauses, scan_quals,
                                          self.hooks.unique_for):
            return None
        jselec = semi_joins.join_selectivity(sj, restrict, rel2.rows, self._estimator())
        nselec = cost.quals_selectivity(clauses, self.hooks.clause_selectivity)
        matches = max(1.0, nselec * rel1.rows / jselec) if jselec > 0 else 1.0
        return (semi_joins.SemiFactors(jselec, matches), None)

    def _unique_outer_param_scans(self, rel1, rel2, sj, quals, groups: float) -> list:
        """The LHS table's scans parameterised by the unique-ified RHS, re-scanned once
        per distinct RHS row at most (get_loop_count's adjust_rowcount_for_semijoins)."""
        if self.hooks.param_scans is None:
            return []
        if self.hooks.semi_rhs_groups is not None:
            self.hooks.semi_rhs_groups[sj.syn_righthand] = (sj.syn_lefthand, groups)
        return self._param_scans(rel1, rel2, quals)

    def _canonical(self, keyset: frozenset) -> frozenset:
        """The keyset widened to its equivalence class; equal answers are one object,
        so add_path's pathkey comparisons mostly end at an identity test."""
        known = self.canonical_sets.get(keyset)
        if known is None:
            known = keyset
            for key in keyset:
                if key in self.canonical_keys:
                    known = keyset | self.canonical_keys[key]
                    break
            known = self.canonical_sets.setdefault(known, known)
            self.canonical_sets[keyset] = known
        return known

    def _restrict_list(self, rel1, rel2, joinrelids) -> list[RestrictInfo]:
        """The clauses first evaluable at this join: written ones, then one per
        equivalence class spanning both inputs (build_joinrel_restrictlist)."""
        out = [c for c in self.join_clauses
               if c.required_relids <= joinrelids and not c.required_relids <= rel1.relids
               and not c.required_relids <= rel2.relids]
        for ec in self.classes:
            clause = ec.join_clause(rel1.relids, rel2.relids)
            if clause is not None:
                out.append(RestrictInfo(clause, joinrelids))
        return out

    def _join_size(self, rel1, rel2, sj, restrict) -> float:
        """calc_joinrel_size_estimate: an outer join keeps at least its preserved rows
        before its pushed-down quals filter them."""
        selectivity = self.hooks.clause_selectivity
        if sj is not None and sj.join_type in ("semi", "anti"):
            return semi_joins.join_size(rel1.rows, rel2.rows, sj, restrict, self._estimator())
        if sj is None:
            join_selectivity = 1.0
            for clause in restrict:
                join_selectivity *= selectivity(clause.clause)
            return cost.clamp_rows(rel1.rows * rel2.rows * join_selectivity)
        join_selectivity = pushed_selectivity = 1.0
        for clause in restrict:
            if clause.is_pushed_down:
                pushed_selectivity *= selectivity(clause.clause)
            else:
                join_selectivity *= selectivity(clause.clause)
        rows = rel1.rows * rel2.rows * join_selectivity
        rows = max(rows, rel1.rows)
        if sj.join_type == "full":          # every row of either side at least once
            rows = max(rows, rel2.rows)
        return cost.clamp_rows(rows * pushed_selectivity)
