"""A correlated EXISTS planned twice: as a SubPlan and as a hashed IN (AlternativeSubPlan).

`EXISTS (SELECT 1 FROM t WHERE t.k = outer.c AND t.x > 5)` that could not become a semi
join (it sits under an OR, or in the SELECT list) runs its subquery once per outer row.
The same test can be written `outer.c IN (SELECT t.k FROM t WHERE t.x > 5)`, whose
subquery has no outer reference: it runs once and its values are hashed. Which is
cheaper depends on how many rows evaluate the test, unknown while the expression is
prepared, so both SubPlans are made (the plain one first, so it has the lower SubPlan
number) and the choice is made when the level's plan is finished: evaluated N times,
each costs its startup plus N times its per-call cost; a tie goes to the hashed one.
N is the node's estimated rows for an output expression and twice that for a qual
(the rows before a filter that selects about half, SubPlan clauses being estimated 0.5).

Converted only when the subquery is simple enough (simplify_EXISTS_query's rules), its
WHERE has exactly one `inner = outer` equality between values of one type, everything
else in it is free of the outer query, nothing in it is volatile and it holds no
subqueries of its own, and the hashed values fit in hash_mem.

Entry points:
    hashed_alternative(planner, sublink, plain, memo) -> AlternativeSubPlan | None
    choose_alternatives(top)     at the end of a level: every AlternativeSubPlan replaced
    fits_hash_mem(plan)          whether a subquery's rows, hashed, fit in hash_mem (also
                                 for subselect.make_subplan's hashed IN)

PostgreSQL: optimizer/plan/subselect.c (make_subplan, convert_EXISTS_to_ANY,
subplan_is_hashable), optimizer/plan/setrefs.c (fix_alternative_subplan,
NUM_EXEC_TLIST / NUM_EXEC_QUAL).
"""
from __future__ import annotations

import copy
import dataclasses

from pgsnake.optimizer import const_fold
from pgsnake.optimizer.plan_nodes import Plan
from pgsnake.parser.expression_nodes import (AlternativeSubPlan, BoolExpr, OpExpr, Param,
                                             SubLink, Var, conjuncts, walk)
from pgsnake.parser.query import TargetEntry
from pgsnake.rewrite import tree_mapping
from pgsnake.utils import settings

_TUPLE_HEADER = 24              # MAXALIGN(SizeofHeapTupleHeader)

# Plan node fields whose expressions are evaluated as quals (NUM_EXEC_QUAL).
_QUAL_FIELDS = frozenset(("qual", "join_qual", "recheck_qual"))


def hashed_alternative(planner, sublink: SubLink, plain, memo: dict):
    """An AlternativeSubPlan of `plain` (the SubPlan of a correlated EXISTS `sublink`)
    and its hashed-IN form, or None when the EXISTS cannot be converted."""
    from pgsnake.optimizer.prep_join_tree import simplified_exists_query
    from pgsnake.optimizer.subselect import make_subplan
    sub = simplified_exists_query(sublink.subquery)
    if sub is sublink.subquery:
        return None                         # simplify_EXISTS_query refused it
    converted = _as_in_query(sub)
    if converted is None:
        return None
    query, equality, outer_side = converted
    glob = planner.glob
    glob.new_slot()                         # convert_EXISTS_to_ANY's Param, kept either way
    inner = query.target_list[0].expr
    test = dataclasses.replace(equality, args=(
        outer_side, Param(0, inner.type_oid, getattr(inner, "typmod", -1), kind="sublink")))
    in_link = dataclasses.replace(sublink, kind="any", subquery=query, arg=test)
    first_free_id = glob.next_plan_id
    hashed = make_subplan(planner, in_link, memo)
    if not hashed.hashed or not fits_hash_mem(hashed.plan):
        glob.next_plan_id = first_free_id   # not a SubPlan after all: no number used
        return None
    planner.alternative_subplans = True
    return AlternativeSubPlan((plain, dataclasses.replace(hashed, unknown_eq_false=True)))


def _as_in_query(sub):
    """(query, the equality, its outer side one level up) for convert_EXISTS_to_ANY,
    or None."""
    from pgsnake.optimizer.prep_join_tree import outer_references
    where = conjuncts(sub.where)
    rest = copy.copy(sub)
    rest.where = None
    if outer_references(rest):
        return None                         # correlated outside its WHERE
    if const_fold.contains_volatile(sub.where) \
            or any(isinstance(n, SubLink) for q in where for n in walk(q)):
        return None
    hash_clause = None
    kept = []
    for qual in where:
        if not outer_references(qual):
            kept.append(qual)
            continue
        if hash_clause is not None or not _is_equality(qual):
            return None
        hash_clause = qual
    if hash_clause is None:
        return None
    left, right = hash_clause.args
    if _outer_only(left) and not outer_references(right):
        outer, inner = left, right
    elif _outer_only(right) and not outer_references(left):
        outer, inner = right, left
    else:
        return None
    if outer.type_oid != inner.type_oid:
        return None                         # the hashed SubPlan compares equal types
    query = copy.copy(sub)
    query.where = None if not kept else kept[0] if len(kept) == 1 \
        else BoolExpr("and", tuple(kept))
    query.target_list = [TargetEntry(inner, "?column?")]
    return query, hash_clause, tree_mapping.increment_levels_up(outer, -1)


def _is_equality(qual) -> bool:
    return isinstance(qual, OpExpr) and qual.operator_name == "=" and len(qual.args) == 2


def _outer_only(expr) -> bool:
    """Only columns of the query right outside the subquery (levels_up 1), at least one."""
    from pgsnake.optimizer.prep_join_tree import outer_references
    refs = outer_references(expr)
    return bool(refs) and all(levels == 1 for _, levels in refs) \
        and not any(isinstance(n, Var) and n.levels_up == 0 for n in walk(expr))


def fits_hash_mem(plan) -> bool:
    """subplan_is_hashable: the subquery's rows, as hashed tuples, within hash_mem."""
    width = (plan.plan_width + 7) // 8 * 8
    limit = settings.get("work_mem") * 1024 * settings.get("hash_mem_multiplier")
    return plan.plan_rows * (width + _TUPLE_HEADER) <= limit


# -- choosing, once the level's plan is finished ---------------------------------------------

def choose_alternatives(top: Plan) -> None:
    """fix_alternative_subplan on every node of a finished query level."""
    stack = [top]
    while stack:
        plan = stack.pop()
        rows = plan.plan_rows
        for name, value in list(vars(plan).items()):
            if isinstance(value, Plan) or name == "init_plans":
                continue
            times = rows * 2.0 if name in _QUAL_FIELDS else rows
            new = _resolved(value, times)
            if new is not value:
                setattr(plan, name, new)
        stack.extend(child for child in plan.children() if child is not None)


def _resolved(value, times: float):
    if isinstance(value, list):
        new = [_resolved(v, times) for v in value]
        return value if all(a is b for a, b in zip(new, value)) else new
    if isinstance(value, tuple):
        new = tuple(_resolved(v, times) for v in value)
        return value if all(a is b for a, b in zip(new, value)) else new
    if isinstance(value, dict):
        new = {k: _resolved(v, times) for k, v in value.items()}
        return value if all(new[k] is value[k] for k in value) else new
    if dataclasses.is_dataclass(value) and hasattr(value, "type_oid") \
            and any(isinstance(n, AlternativeSubPlan) for n in walk(value)):
        from pgsnake.optimizer.subselect import _rebuild
        return _rebuild(value, lambda e: _choose(e, times)
                        if isinstance(e, AlternativeSubPlan) else None)
    return value


def _choose(alternative: AlternativeSubPlan, times: float):
    from pgsnake.optimizer.cost import subplan_cost
    best = best_cost = None
    for subplan in alternative.alternatives:
        startup, per_call = subplan_cost(subplan)
        total = startup + times * per_call
        if best is None or total <= best_cost:
            best, best_cost = subplan, total
    return best
