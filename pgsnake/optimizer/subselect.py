"""Subqueries in expressions: SubLink -> SubPlan, outer references -> PARAM_EXEC.

Entry points:
    PlannerGlobal                     per statement: PARAM_EXEC slots and SubPlan numbers
    preprocess_query(query, planner) -> Query   a copy whose expressions have every
                                      SubLink planned (a SubPlan) and every outer
                                      reference (Var.levels_up > 0) replaced by a Param

How a correlated subquery works, as in PostgreSQL: while the subquery is planned, each
of its references to an enclosing query's column gets a PARAM_EXEC slot, registered with
the planner of the level the column belongs to (`plan_params`). When that level makes
the SubPlan, the references registered meanwhile become the SubPlan's `args` (the
column itself, evaluated in the enclosing query's row) and `par_params` (the slots the
executor sets from them before running the subquery). A reference two levels out is
registered two levels out, so the middle query's SubPlan passes it on.

A subquery not correlated with the level it is in is an InitPlan when it is EXISTS or a
scalar subquery (run once and its value kept; EXPLAIN: "InitPlan 1 (returns $0)"; if it
uses a level further out, the SubPlan of that level forgets the value each time it runs
again). One with no outer references at all is a hashed SubPlan when it is
`x IN (SELECT ...)` with an `=` between equal types, or `(a, b) IN (SELECT x, y)` with
one per column (its values are hashed once per execution: "hashed SubPlan 1"). Numbering follows PostgreSQL: a subquery's own
subqueries are numbered before it, and slots are numbered in the order they are made.

PostgreSQL: optimizer/plan/subselect.c (make_subplan, build_subplan, SS_process_sublinks,
SS_replace_correlation_vars), optimizer/util/paramassign.c (replace_outer_var).
"""
from __future__ import annotations

import copy
import dataclasses

from pgsnake.optimizer import alternative_subplans, const_fold, function_inlining
from pgsnake.parser.expression_nodes import (CHILD_FIELDS, Aggref, BoolExpr, CaseExpr, Const,
                                             OpExpr, Param, SubLink, SubPlan, Var, walk)
from pgsnake.utils.errors import INTERNAL_ERROR, PgError


class PlannerGlobal:
    """What the planners of all query levels of one statement share."""

    def __init__(self) -> None:
        self.next_slot = 0
        self.next_plan_id = 1
        self.outer_references = 0       # how many outer references were registered
        self.correlated_init_slots: list = []   # InitPlans using enclosing levels' values

    def new_slot(self) -> int:
        slot = self.next_slot
        self.next_slot += 1
        return slot


def preprocess_query(query, planner):
    """A shallow copy of `query` with its expressions converted (the analyzed query is
    left alone: a prepared statement may be planned again from it). Target list first,
    then FROM/WHERE, HAVING and LIMIT, PostgreSQL's order (subquery numbering)."""
    memo: dict = {}
    # an aggregate of this level written in a subquery brings its own subqueries here
    # (outer_aggregate_param): planned once, whether met there or in query.aggregates
    planner.sublink_memo = memo

    def convert(expr):
        return convert_expression(expr, planner, memo)

    q = copy.copy(query)
    q.target_list = [_with_expr(t, convert(t.expr)) for t in query.target_list]
    q.returning = [_with_expr(t, convert(t.expr)) for t in query.returning]
    q.range_table = [_convert_rte(rte, convert) for rte in query.range_table]
    q.from_list = [_convert_join_tree(node, convert) for node in query.from_list]
    q.where = convert(const_fold.fold_qual(query.where))
    q.group_by = [convert(g) for g in query.group_by]
    q.having = convert(const_fold.fold_qual(query.having))
    q.aggregates = [convert(a) for a in query.aggregates]
    q.limit_count = convert(query.limit_count)
    q.limit_offset = convert(query.limit_offset)
    q.update_assignments = {k: convert(v) for k, v in query.update_assignments.items()}
    if query.on_conflict is not None and query.on_conflict.action == "update":
        # DO UPDATE SET c = (SELECT ...) WHERE ... EXISTS (...): SubPlans too
        assignments = {k: convert(v) for k, v in query.on_conflict.assignments.items()}
        q.on_conflict = dataclasses.replace(query.on_conflict, assignments=assignments,
                                            where=convert(query.on_conflict.where))
    q.window_clauses = [c.converted(convert) for c in query.window_clauses]
    # row-level security checks may hold subqueries (rewrite/row_security.py)
    q.check_options = [(name, convert(expr), cascaded)
                       for name, expr, cascaded in query.check_options]
    return q


def _with_expr(entry, expr):
    return entry if expr is entry.expr else dataclasses.replace(entry, expr=expr)


def _convert_rte(rte, convert):
    if rte.kind == "values" and rte.values_lists:
        lists = [[convert(e) for e in row] for row in rte.values_lists]
        return dataclasses.replace(rte, values_lists=lists)
    if rte.kind == "function" and rte.function is not None:
        function = const_fold.convert_from_call(rte.function, convert)
        if function is not rte.function:
            return dataclasses.replace(rte, function=function)
    if rte.tablesample is not None:      # TABLESAMPLE's arguments and seed, folded
        sample = rte.tablesample
        args = [convert(a) for a in sample.args]
        repeatable = convert(sample.repeatable)
        return dataclasses.replace(rte, tablesample=dataclasses.replace(
            sample, args=args, repeatable=repeatable))
    return rte


def _convert_join_tree(node, convert):
    if node is None:
        return None
    left = _convert_join_tree(node.left, convert)
    right = _convert_join_tree(node.right, convert)
    quals = convert(const_fold.fold_qual(node.quals, keep_true=True))
    if left is node.left and right is node.right and quals is node.quals:
        return node
    return dataclasses.replace(node, left=left, right=right, quals=quals)


def convert_expression(expr, planner, memo: dict):
    """PostgreSQL's order (preprocess_expression): first every SubLink is planned
    (SS_process_sublinks), then this level's outer references become Params
    (SS_replace_correlation_vars); slot numbers follow from it. `memo` keeps a
    SubLink met twice (an Aggref is both in the target list and in query.aggregates)
    planned once."""
    def sublinks(e):
        if isinstance(e, SubLink):
            done = memo.get(e.link_id)
            if done is None:
                done = make_subplan(planner, e, memo)
                if e.kind == "exists" and not done.init_plan:
                    done = alternative_subplans.hashed_alternative(planner, e, done, memo) \
                        or done
                memo[e.link_id] = done
            return done
        if isinstance(e, Aggref) and e.levels_up > 0 \
                or type(e).__name__ == "GroupingFunc" and e.levels_up > 0:
            return e          # an enclosing level's value: its subqueries are planned there
        return None

    def outer_vars(e):
        if isinstance(e, Var) and e.levels_up > 0:
            return outer_param(planner, e)
        if isinstance(e, Aggref) and e.levels_up > 0:
            return outer_aggregate_param(planner, e)
        if type(e).__name__ == "GroupingFunc" and e.levels_up > 0:
            return outer_aggregate_param(planner, e)
        return None
    if type(expr) is Const:
        return expr           # nothing to do (a multi-row VALUES list is mostly these)
    expr = const_fold.eval_const_expressions(function_inlining.inline_functions(expr))
    return _rebuild(_rebuild(expr, sublinks), outer_vars)


def _rebuild(expr, replace):
    """`expr` with every node for which replace(node) is not None replaced by that,
    sharing unchanged subtrees (a SubPlan's `arg` and `args` are visited too)."""
    if expr is None or not dataclasses.is_dataclass(expr) or not hasattr(expr, "type_oid"):
        return expr
    out = replace(expr)
    if out is not None:
        return out
    if isinstance(expr, CaseExpr):
        whens = tuple((_rebuild(c, replace), _rebuild(r, replace)) for c, r in expr.whens)
        default = _rebuild(expr.default, replace)
        if all(a is b and c is d for (a, c), (b, d) in zip(whens, expr.whens)) \
                and default is expr.default:
            return expr
        return dataclasses.replace(expr, whens=whens, default=default)
    changes = {}
    for name in CHILD_FIELDS:
        value = getattr(expr, name, None)
        if value is None:
            continue
        if isinstance(value, tuple):
            new = tuple(_rebuild(v, replace) for v in value)
            if any(a is not b for a, b in zip(new, value)):
                changes[name] = new
        else:
            new = _rebuild(value, replace)
            if new is not value:
                changes[name] = new
    return dataclasses.replace(expr, **changes) if changes else expr


def outer_param(planner, var: Var) -> Param:
    """The PARAM_EXEC slot standing for column `var` of an enclosing query, registered
    with that query level's planner (one slot per column per subquery being planned)."""
    target = planner
    for _ in range(var.levels_up):
        target = target.parent
        if target is None:
            raise PgError(INTERNAL_ERROR, f"outer reference {var.column_name} has no query level")
    base = dataclasses.replace(var, levels_up=0)
    planner.glob.outer_references += 1
    for slot, known in target.plan_params:
        if known == base:
            break
    else:
        slot = planner.glob.new_slot()
        target.plan_params.append((slot, base))
    return Param(slot, var.type_oid, var.typmod, kind="exec", shown_as=base)


def outer_aggregate_param(planner, aggref) -> Param:
    """The PARAM_EXEC slot standing for an aggregate (or grouping()) of an enclosing
    query level (replace_outer_agg, replace_outer_grouping): registered with that level's planner like an outer column; the
    level's Agg node computes it (its query.aggregates holds it, parser/outer_aggregates.py)
    and the SubPlan passes the value in."""
    from pgsnake.rewrite import tree_mapping
    target = planner
    for _ in range(aggref.levels_up):
        target = target.parent
        if target is None:
            raise PgError(INTERNAL_ERROR, "outer aggregate has no query level")
    levels = aggref.levels_up
    base = dataclasses.replace(aggref, levels_up=0)
    has_sublinks = any(isinstance(n, SubLink) for n in walk(base))
    if has_sublinks:
        base = tree_mapping.copy_tree(base)     # re-leveling maps its subqueries in place
    base = tree_mapping.map_expression(
        base, lambda var, depth: dataclasses.replace(var, levels_up=var.levels_up - levels)
        if var.levels_up >= depth + levels else None)
    # as the level's own query.aggregates were converted, so they compare equal; its
    # subqueries planned at that level now (build_subplan's SS_process_sublinks of an
    # Aggref parameter), numbered before the subquery that reads it
    if has_sublinks:
        base = convert_expression(base, target, target.sublink_memo)
    else:
        base = const_fold.eval_const_expressions(function_inlining.inline_functions(base))
    planner.glob.outer_references += 1
    for slot, known in target.plan_params:
        if known == base:
            break
    else:
        slot = planner.glob.new_slot()
        target.plan_params.append((slot, base))
    return Param(slot, aggref.type_oid, -1, kind="exec", shown_as=base)


def _reads_correlated_cte(plan) -> bool:
    """Whether a plan scans a WITH query that reads an enclosing level's values: an
    InitPlan over it must be computed again when they change."""
    from pgsnake.optimizer.set_operation_nodes import CteScan
    stack = [plan]
    while stack:
        node = stack.pop()
        if node is None:
            continue
        if isinstance(node, CteScan) and getattr(node.cte_plan, "correlated", False):
            return True
        stack.extend(node.children())
    return False


def make_subplan(planner, sublink: SubLink, memo: dict) -> SubPlan:
    from pgsnake.optimizer.planner import plan_query
    glob = planner.glob
    saved, planner.plan_params = planner.plan_params, []
    references_before = glob.outer_references
    inits_before = len(glob.correlated_init_slots)
    subquery = sublink.subquery
    if sublink.kind == "exists":
        from pgsnake.optimizer.prep_join_tree import simplified_exists_query
        subquery = simplified_exists_query(subquery)
    plan = plan_query(subquery, parent=planner)
    params, planner.plan_params = planner.plan_params, saved
    uncorrelated = glob.outer_references == references_before \
        and not _reads_correlated_cte(plan)
    reset_slots = tuple(glob.correlated_init_slots[inits_before:])
    plan_id = glob.next_plan_id
    glob.next_plan_id += 1
    test_slot = -plan_id                 # PARAM_SUBLINK: never collides with a real slot
    test = None
    more_test_slots = ()
    if sublink.arg is not None:
        columns = 1 + max((n.number for n in walk(sublink.arg)
                           if isinstance(n, Param) and n.kind == "sublink"), default=0)
        more_test_slots = tuple(glob.new_slot() for _ in range(1, columns))
        # Its own subqueries now; its outer references with the rest of the expression.
        test = _replace_placeholder(sublink.arg, (test_slot,) + more_test_slots)
        test = _rebuild(test, lambda e: make_subplan(planner, e, memo)
                        if isinstance(e, SubLink) else None)
    # Not correlated with this level: an InitPlan (PostgreSQL: no parParam). If it uses
    # an enclosing level's values, its result is forgotten whenever the SubPlan of that
    # level runs again (reset_slots), as PostgreSQL's chgParam does.
    init_plan = not params and sublink.kind in ("expr", "exists", "array")
    result_slot = glob.new_slot() if init_plan else -1
    if init_plan and not uncorrelated:
        glob.correlated_init_slots.append(result_slot)
    hashed = uncorrelated and sublink.kind == "any" \
        and _hashable(test, (test_slot,) + more_test_slots) \
        and alternative_subplans.fits_hash_mem(plan)
    if not init_plan and not hashed and not params:
        plan = _materialize_finished_plan(plan)
    subplan = SubPlan(sublink.kind, plan_id, plan, tuple(var for _, var in params),
                      tuple(slot for slot, _ in params), test, test_slot, sublink.type_oid,
                      sublink.typmod, init_plan=init_plan, result_slot=result_slot,
                      hashed=hashed,
                      reset_slots=reset_slots, more_test_slots=more_test_slots,
                      array_of_arrays=sublink.array_of_arrays)
    if init_plan:
        planner.init_plans.append(subplan)
    return subplan


def _materialize_finished_plan(plan):
    """A SubPlan re-run per outer row with nothing of that row as a parameter keeps its
    rows in a Materialize on top (its InitPlans moved onto it), unless enable_material
    is off or the top node keeps its output anyway (build_subplan,
    materialize_finished_plan)."""
    from pgsnake.optimizer import cost
    from pgsnake.utils import settings
    if not settings.get("enable_material") or \
            type(plan).__name__ in cost.MATERIALIZING_NODES:
        return plan
    return materialize_finished_plan(plan)


def materialize_finished_plan(plan):
    """`plan` under a Materialize, which takes over its InitPlans (also a SCROLL
    cursor's plan that cannot run backward: standard_planner)."""
    from pgsnake.optimizer import cost
    from pgsnake.optimizer.plan_nodes import Materialize
    material = Materialize(child=plan)
    material.startup_cost, material.total_cost = cost.cost_material(
        plan.startup_cost, plan.total_cost, plan.plan_rows)
    material.plan_rows, material.plan_width = plan.plan_rows, plan.plan_width
    material.output_keys = plan.output_keys
    material.init_plans, plan.init_plans = plan.init_plans, []
    if "query_level" in plan.__dict__:
        material.query_level = plan.query_level
    return material


def _replace_placeholder(expr, test_slots: tuple):
    """Param(i, kind='sublink') (the subquery's column i) -> PARAM_EXEC test_slots[i]."""
    if isinstance(expr, Param) and expr.kind == "sublink":
        return Param(test_slots[expr.number], expr.type_oid, expr.typmod, kind="exec")
    if dataclasses.is_dataclass(expr) and hasattr(expr, "type_oid"):
        changes = {}
        for name in CHILD_FIELDS:
            value = getattr(expr, name, None)
            if isinstance(value, tuple):
                changes[name] = tuple(_replace_placeholder(v, test_slots) for v in value)
            elif value is not None:
                changes[name] = _replace_placeholder(value, test_slots)
        return dataclasses.replace(expr, **changes) if changes else expr
    return expr


def _hashable(test, test_slots: tuple) -> bool:
    """`x = $sub` (or `x = $sub::type`: the righthand side over the subquery's column
    alone, nothing volatile) with both sides of one type (or text / name / varchar), so
    Python hashing agrees with SQL `=`; the lefthand side not reading the subquery's column; never anonymous
    records (their fields' hashing is unknown: PostgreSQL's bug #17363). A row
    `(a, b) IN (SELECT x, y)` is the AND of one such test per column, in column order
    (subplan_is_hashable / test_opexpr_is_hashable over each of testexpr's clauses)."""
    pairs = test.args if isinstance(test, BoolExpr) and test.op == "and" else (test,)
    if len(pairs) != len(test_slots):
        return False
    return all(_hashable_pair(pair, slot, test_slots) for pair, slot in zip(pairs, test_slots))


def _hashable_pair(test, test_slot: int, test_slots: tuple) -> bool:
    if not (isinstance(test, OpExpr) and test.operator_name == "=" and len(test.args) == 2):
        return False
    left, right = test.args
    return (_only_test_param(right, test_slot)
            and not any(isinstance(n, Param) and n.number in test_slots for n in walk(left))
            and _same_hash_values(left.type_oid, right.type_oid)
            and left.type_oid != _RECORD_OID and not isinstance(left, Aggref))


# text, name and varchar compare (texteqname, nameeqtext, ...) and hash as their strings
_STRING_TYPES = frozenset((19, 25, 1043))


def _same_hash_values(left: int, right: int) -> bool:
    return left == right or (left in _STRING_TYPES and right in _STRING_TYPES)


def _only_test_param(expr, test_slot: int) -> bool:
    """The subquery's column, or casts of it (no other Param, Var, sublink or volatile call)."""
    if isinstance(expr, Param):
        return expr.number == test_slot
    from pgsnake.parser.expression_nodes import CoerceExpr
    return isinstance(expr, CoerceExpr) and not const_fold.contains_volatile(expr) \
        and _only_test_param(expr.arg, test_slot)


_RECORD_OID = 2249


def subplans_in(value) -> list:
    """The SubPlan expressions in `value` (an expression or lists of them), outermost
    first, without looking inside the SubPlans' own plans."""
    found = []
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, SubPlan):
            found.append(v)
            stack.extend(v.args)
            stack.append(v.arg)
        elif isinstance(v, (list, tuple)):
            stack.extend(reversed(v))
        elif isinstance(v, dict):
            stack.extend(v.values())
        elif isinstance(v, CaseExpr):
            for c, r in v.whens:
                stack.extend((c, r))
            stack.append(v.default)
        elif dataclasses.is_dataclass(v) and hasattr(v, "type_oid"):
            for name in CHILD_FIELDS:
                stack.append(getattr(v, name, None))
    return found
