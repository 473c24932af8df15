"""BitmapOr and BitmapAnd paths: several index scans' TIDs combined for one heap scan.

Two shapes index_paths.cheapest_scan does not make on its own:

  * an OR clause whose every arm some index can answer becomes a BitmapOr of one
    Bitmap Index Scan per arm (the cheapest index for that arm's conjuncts); the OR is
    the heap scan's Recheck Cond (generate_bitmap_or_paths);
  * bitmap paths on different clauses (two indexes, or an index and a BitmapOr) may be
    ANDed: choose_bitmap_and sorts the candidates by their cost as a lone Bitmap Heap
    Scan, then from each starting point adds every later candidate whose clauses do not
    overlap the ones already used when that makes the heap scan cheaper, and keeps the
    cheapest combination.

Costs, as PostgreSQL's: a Bitmap Index Scan counts its index cost plus 0.1 x
cpu_operator_cost per row of the table estimate (cost_bitmap_tree_node); a BitmapOr
costs the sum of its children with the sum of their selectivities; a BitmapAnd the sum
plus 100 x cpu_operator_cost per child after the first, with the product of their
selectivities; the heap scan on top is costed by index_paths.cost_bitmap_scan from the
tree's cost and selectivity. The result replaces cheapest_scan's plan when cheaper.

Entry point: with_bitmap_combinations(best, best_filter, indexes, rtindex, quals, ...)
-> (plan, filter quals) (from index_paths.cheapest_scan).

PostgreSQL: optimizer/path/indxpath.c (generate_bitmap_or_paths, choose_bitmap_and,
bitmap_scan_cost_est, bitmap_and_cost_est), optimizer/path/costsize.c
(cost_bitmap_tree_node, cost_bitmap_and_node, cost_bitmap_or_node).
"""
from __future__ import annotations

import dataclasses
from typing import Any

from pgsnake.optimizer import cost, index_expression_paths, predicate_implication
from pgsnake.optimizer.plan_nodes import BitmapAnd, BitmapHeapScan, BitmapIndexScan, BitmapOr
from pgsnake.parser.expression_nodes import BoolExpr

PER_ROW_BITMAP_COST = 0.1           # x cpu_operator_cost per TID put in a bitmap
AND_STEP_COST = 100.0               # x cpu_operator_cost per extra BitmapAnd child


@dataclasses.dataclass(slots=True)
class _Bitmap:
    """A candidate bitmap tree: its plan, cost_bitmap_tree_node's cost and selectivity,
    the restriction clauses it answers (by identity), and its Recheck Cond parts."""
    plan: Any
    cost: float
    selectivity: float
    clause_ids: frozenset
    recheck: list


def _index_bitmap(index, rtindex, relation, quals, clause_quals, unique, stats, rows,
                  loop_count: float = 1.0, total_table_pages: float = 0.0):
    """The Bitmap Index Scan of `index` on whichever of `clause_quals` it answers."""
    from pgsnake.optimizer import brin_paths, gin_paths, hash_paths, index_paths
    if isinstance(index, gin_paths.GinBitmapIndex):     # gincostestimate, partial ones
        found = gin_paths.index_bitmap(index, rtindex, relation, quals, clause_quals,
                                       unique, stats)
        if found is None:
            return None
        node, selectivity, recheck, used = found
        return _Bitmap(node, node.total_cost
                       + PER_ROW_BITMAP_COST * cost.CPU_OPERATOR_COST * rows,
                       selectivity, frozenset(id(q) for q in used), recheck)
    # BRIN and hash indexes plan their own Bitmap Index Scan (clauses, costs).
    own_planner = (brin_paths if isinstance(index, brin_paths.BrinIndex)
                   else hash_paths if isinstance(index, hash_paths.HashIndex) else None)
    if own_planner is not None:
        found = own_planner.index_bitmap(index, rtindex, relation, clause_quals, unique,
                                         stats)
        if found is None:
            return None
        node, selectivity, used = found
        return _Bitmap(node, node.total_cost
                       + PER_ROW_BITMAP_COST * cost.CPU_OPERATOR_COST * rows,
                       selectivity, frozenset(id(q) for q in used), list(used))
    if not index_expression_paths.predicate_usable(index, rtindex, quals):
        return None
    clauses = index_paths.match_index_clauses(index, rtindex, clause_quals)
    if not clauses:
        return None
    estimate = index_paths.estimate_index(index, clauses, rtindex, unique, stats,
                                          loop_count=loop_count,
                                          total_table_pages=total_table_pages)
    node = BitmapIndexScan(rtindex=rtindex, relation=relation, index=index.relation,
                           index_clauses=clauses)
    node.total_cost = estimate.total
    table_tuples = index.table_tuples if index.table_tuples is not None else index.tuples
    node.plan_rows = cost.clamp_rows(estimate.selectivity * table_tuples)
    used = [c.clause for c in clauses]
    return _Bitmap(node, estimate.total + PER_ROW_BITMAP_COST * cost.CPU_OPERATOR_COST * rows,
                   estimate.selectivity, frozenset(id(q) for q in used),
                   index_expression_paths.bitmap_recheck(
                       [c.clause for c in clauses if not c.lossy], index, rtindex))


def _or_bitmap(qual, indexes, rtindex, relation, quals, unique, stats, rows, pages,
               tuples, loop_count: float = 1.0, total_table_pages: float = 0.0):
    """A BitmapOr for an OR clause, if indexes answer every arm (an arm's conjuncts
    through the best AND of their bitmaps, as choose_bitmap_and picks it); a
    parameterised one (param_paths.py) costed for `loop_count` re-scans."""
    arms = []
    answered = []               # does the arm's bitmap answer all of its conjuncts?
    for arm in qual.args:
        arm_quals = predicate_implication.conjuncts(arm)
        context = [q for q in quals if q is not qual] + arm_quals
        found = [b for b in (_index_bitmap(ix, rtindex, relation, context, arm_quals,
                                           unique, stats, rows, loop_count,
                                           total_table_pages) for ix in indexes)
                 if b is not None]
        if not found:
            return None
        chosen = _choose_and(found, rows, quals, pages, tuples, loop_count,
                             total_table_pages)
        arms.append(chosen)
        answered.append(all(id(q) in chosen.clause_ids for q in arm_quals))
    node = BitmapOr(bitmaps=[a.plan for a in arms])
    total = sum(a.cost for a in arms)
    node.startup_cost = node.total_cost = total
    selectivity = min(sum(a.selectivity for a in arms), 1.0)
    node.plan_rows = cost.clamp_rows(selectivity * tuples)
    if all(answered):
        return _Bitmap(node, total, selectivity, frozenset((id(qual),)), [qual])
    # An arm has conjuncts no index answers (`a = 1 AND b IN (subquery)`): the heap
    # rechecks the OR of what the indexes answered, and the clause itself stays a filter.
    if not all(a.recheck for a in arms):
        return None
    recheck = BoolExpr("or", tuple(a.recheck[0] if len(a.recheck) == 1
                                   else BoolExpr("and", tuple(a.recheck)) for a in arms))
    return _Bitmap(node, total, selectivity, frozenset(), [recheck])


def _and_of(bitmaps: list[_Bitmap], tuples: float) -> _Bitmap:
    if len(bitmaps) == 1:
        return bitmaps[0]
    total = sum(b.cost for b in bitmaps) \
        + AND_STEP_COST * cost.CPU_OPERATOR_COST * (len(bitmaps) - 1)
    selectivity = 1.0
    for b in bitmaps:
        selectivity *= b.selectivity
    node = BitmapAnd(bitmaps=[b.plan for b in bitmaps])
    node.startup_cost = node.total_cost = total
    node.plan_rows = cost.clamp_rows(selectivity * tuples)
    recheck = []
    for b in bitmaps:
        recheck.extend(q for q in b.recheck if not any(q is r for r in recheck))
    return _Bitmap(node, total, selectivity, frozenset().union(*(b.clause_ids for b in bitmaps)),
                   recheck)


def _heap_cost(bitmap: _Bitmap, rows, quals, pages, tuples, loop_count: float = 1.0,
               total_table_pages: float = 0.0) -> tuple[float, float]:
    from pgsnake.optimizer import index_paths
    # cost_bitmap_scan adds the per-row bitmap charge itself: hand it the tree's cost
    # without it.
    charge = PER_ROW_BITMAP_COST * cost.CPU_OPERATOR_COST * rows
    _index_total, startup, total = index_paths.cost_bitmap_scan(
        index_paths.IndexCost(0.0, bitmap.cost - charge, bitmap.selectivity), rows, quals,
        pages, tuples, loop_count, 0.0, total_table_pages)
    return startup, total


def _choose_and(candidates: list[_Bitmap], rows, quals, pages, tuples,
                loop_count: float = 1.0, total_table_pages: float = 0.0) -> _Bitmap:
    """choose_bitmap_and: the cheapest non-overlapping AND of the candidates."""
    # Of candidates answering the same clauses, the cheaper one only.
    by_clauses: dict = {}
    for b in candidates:
        kept = by_clauses.get(b.clause_ids)
        if kept is None or b.cost < kept.cost:
            by_clauses[b.clause_ids] = b
    unique_ones = [b for b in candidates if by_clauses.get(b.clause_ids) is b]
    costed = sorted(((_heap_cost(b, rows, quals, pages, tuples, loop_count,
                                 total_table_pages)[1], b.selectivity, i, b)
                     for i, b in enumerate(unique_ones)), key=lambda t: t[:3])
    best, best_cost = None, None
    for i, (first_cost, _sel, _n, first) in enumerate(costed):
        chosen, so_far, used = [first], first_cost, set(first.clause_ids)
        for _cost, _sel2, _m, other in costed[i + 1:]:
            if used & other.clause_ids:
                continue
            trial = _heap_cost(_and_of(chosen + [other], tuples), rows, quals, pages,
                               tuples, loop_count, total_table_pages)[1]
            if trial < so_far:
                chosen.append(other)
                so_far = trial
                used |= other.clause_ids
        if best is None or so_far < best_cost:
            best, best_cost = chosen, so_far
    return _and_of(best, tuples)


def with_bitmap_combinations(best, best_filter, indexes, rtindex: int, quals, pages: int,
                             tuples: float, *, rows: float, unique, stats, alias: str):
    """cheapest_scan's choice, or a Bitmap Heap Scan over a BitmapOr / BitmapAnd when
    that is cheaper."""
    from pgsnake.optimizer import brin_paths, gin_paths, hash_paths
    relation = best.relation
    indexes = list(indexes) + hash_paths.hash_indexes(relation, tuples) \
        + brin_paths.brin_indexes(relation, pages, tuples) \
        + gin_paths.gin_indexes(relation, tuples)
    candidates = [b for b in (_index_bitmap(ix, rtindex, relation, quals, quals, unique,
                                            stats, rows) for ix in indexes) if b is not None]
    for qual in quals:
        if isinstance(qual, BoolExpr) and qual.op == "or":
            found = _or_bitmap(qual, indexes, rtindex, relation, quals, unique, stats, rows,
                               pages, tuples)
            if found is not None:
                candidates.append(found)
    if not candidates or not any(isinstance(b.plan, BitmapOr) for b in candidates) \
            and len(candidates) < 2:
        return best, best_filter
    chosen = _choose_and(candidates, rows, quals, pages, tuples)
    if isinstance(chosen.plan, BitmapIndexScan):
        return best, best_filter        # a lone index: cheapest_scan has costed it
    heap_scan = BitmapHeapScan(rtindex=rtindex, relation=relation, child=chosen.plan,
                               recheck_quals=chosen.recheck, alias=alias)
    heap_scan.startup_cost, heap_scan.total_cost = _heap_cost(chosen, rows, quals, pages,
                                                              tuples)
    if heap_scan.total_cost >= best.total_cost:
        return best, best_filter
    filters = [q for q in quals if not any(q is r for r in chosen.recheck)]
    filters = [q for q in filters
               if not predicate_implication.implied_by(q, chosen.recheck)]
    return heap_scan, filters
