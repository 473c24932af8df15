"""LATERAL FROM items: parameterised scans joined by a Nested Loop.

Entry points:
    lateral_relids(query) -> {rtindex: frozenset}   the FROM items each LATERAL subquery
                                   or function of this level refers to
    join_is_legal(lateral, joinrelids) -> bool      a join relation may hold a LATERAL
                                   item only together with every item it refers to
    parameterised_side(lateral, left_relids, right_relids) -> 'left' | 'right' | None
                                   which input of a join is a LATERAL item whose
                                   references the other input supplies (it must be the
                                   inner side of a Nested Loop)
    parameterise_function(planner, rte) -> (FuncExpr, [(slot, Var)])
                                   a function's references to other FROM items as
                                   PARAM_EXEC Params, and the Vars that set them
    plan_lateral_subquery(planner, rte) -> (plan, [(slot, Var)])
                                   a LATERAL subquery planned with its references to
                                   this level registered as PARAM_EXEC slots
    mark_trivial_subquery_scan(scan, subquery, needed) / shows_subquery_only(scan, parent)
                                   EXPLAIN leaves out a Subquery Scan that only passes
                                   its subquery's rows through, as PostgreSQL's setrefs

How it runs, as in PostgreSQL: a LATERAL item's references to the items on its left
are PARAM_EXEC slots (`Param.shown_as` keeps the column, which EXPLAIN prints). The
scan of the item keeps the list of (slot, column) pairs it needs (`lateral_params`);
the Nested Loop that joins it as its inner side copies them into `nest_params`, so the
executor sets the slots from each outer row and re-scans the inner side with them
changed. No other join method (nor a Materialize) is tried for such a join.

Where we differ from PostgreSQL: a LATERAL item is joined directly to a relation that
holds everything it refers to; PostgreSQL can also join it to other items first
(parameterised join paths), which may give another join order. Placeholder variables
for LATERAL references below outer joins are not needed here (subqueries are not
pulled up).

PostgreSQL: optimizer/plan/initsplan.c (create_lateral_join_info),
optimizer/path/joinrels.c (join_is_legal's lateral checks),
optimizer/util/paramassign.c (replace_nestloop_params, identify_current_nestloop_params),
optimizer/plan/setrefs.c (trivial_subqueryscan).
"""
from __future__ import annotations

import dataclasses

from pgsnake.parser.expression_nodes import Param


def lateral_relids(query) -> dict:
    return {rtindex: rte.lateral_relids
            for rtindex, rte in enumerate(query.range_table, start=1)
            if getattr(rte, "lateral_relids", None)}


def join_is_legal(lateral: dict, joinrelids: frozenset) -> bool:
    if not lateral:
        return True
    for rtindex in joinrelids:
        needs = lateral.get(rtindex)
        if needs and not needs <= joinrelids:
            return False
    return True


def parameterised_side(lateral: dict, left_relids: frozenset, right_relids: frozenset):
    if not lateral:
        return None
    if len(right_relids) == 1:
        (rtindex,) = right_relids
        if lateral.get(rtindex, frozenset()) & left_relids:
            return "right"
    if len(left_relids) == 1:
        (rtindex,) = left_relids
        if lateral.get(rtindex, frozenset()) & right_relids:
            return "left"
    return None


def has_order_restriction(lateral: dict, relids1: frozenset, relids2: frozenset) -> bool:
    """One of the two relations refers laterally to the other (have_join_order_restriction)."""
    if not lateral:
        return False
    for a, b in ((relids1, relids2), (relids2, relids1)):
        for rtindex in a:
            if lateral.get(rtindex, frozenset()) & b:
                return True
    return False


def has_restriction(lateral: dict, relids: frozenset) -> bool:
    """The relation still needs, or is needed by, a LATERAL reference across its edge."""
    if not lateral:
        return False
    for rtindex, needs in lateral.items():
        if rtindex in relids and not needs <= relids:
            return True
        if rtindex not in relids and needs & relids:
            return True
    return False


def add_needed_columns(query, needed: dict) -> None:
    """The columns LATERAL items read from the items on their left count as needed from
    those items' scans (their widths, as PostgreSQL's lateral_vars in the reltargets)."""
    from pgsnake.rewrite import tree_mapping
    for rte in query.range_table:
        if not getattr(rte, "lateral_relids", None):
            continue

        def note(var, depth):
            if var.levels_up == depth + (1 if rte.kind == "subquery" else 0):
                needed.setdefault(var.rtindex, set()).add(var.attnum)
            return None
        if rte.kind == "subquery":
            tree_mapping.map_query(rte.subquery, note)
        elif rte.function is not None:
            tree_mapping.map_expression(rte.function, note)


def parameterise_function(planner, rte):
    """The function of a LATERAL function RTE with every Var (a column of another FROM
    item of this level) replaced by a PARAM_EXEC Param, and the (slot, Var) pairs."""
    from pgsnake.rewrite import tree_mapping
    params: list = []

    def replace(var, depth):
        if var.levels_up != depth:
            return None
        base = dataclasses.replace(var, levels_up=0, location=-1)
        for slot, known in params:
            if known == base:
                break
        else:
            slot = planner.glob.new_slot()
            params.append((slot, base))
        return Param(slot, var.type_oid, var.typmod, kind="exec", shown_as=base)
    function = tree_mapping.map_expression(rte.function, replace)
    return function, params


def plan_lateral_subquery(planner, rte):
    """Plan the subquery; its references to this level (Vars with levels_up 1) become
    PARAM_EXEC slots registered with this level's planner meanwhile (subselect's
    outer_param), which are exactly the parameters its scan needs."""
    from pgsnake.optimizer.planner import plan_query
    saved, planner.plan_params = planner.plan_params, []
    inits_before = len(planner.glob.correlated_init_slots)
    try:
        subplan = plan_query(rte.subquery, parent=planner)
        params = list(planner.plan_params)
    finally:
        planner.plan_params = saved
    # InitPlans inside it that use these values must be computed again on each re-scan
    # (as a SubPlan forgets them: subselect's reset_slots).
    subplan.lateral_reset_slots = tuple(planner.glob.correlated_init_slots[inits_before:])
    return subplan, params


def mark_trivial_subquery_scan(scan, subquery, needed: set) -> None:
    """Note what EXPLAIN needs to decide whether PostgreSQL's setrefs would have removed
    this Subquery Scan (trivial_subqueryscan): only one without a filter qualifies;
    whether its subquery has hidden (ORDER BY) columns and whether every column is
    used above decide the rest (`shows_subquery_only`)."""
    if scan.qual:
        return
    if subquery.set_operation is not None \
            and subquery.set_operation[0].op in ("intersect", "except"):
        return                  # its SetOp's output carries the flag column as well
    outputs = len(subquery.output_columns())
    scan.trivial_candidate = (len(subquery.target_list) != outputs,
                              set(range(1, outputs + 1)) <= needed)


def shows_subquery_only(scan, parent) -> bool:
    """Whether EXPLAIN shows the subquery's plan in place of this Subquery Scan, by the
    rules PostgreSQL's plans follow: the scan's own column list (all columns when its
    parent takes any layout, e.g. a Nested Loop or an Aggregate; the used ones under a
    Hash or Sort; the projection at the top) must equal the subquery's. Under a Nested
    Loop the scan goes even when the subquery sorts by a hidden column."""
    from pgsnake.optimizer.plan_nodes import Hash, NestedLoop, Sort
    info = getattr(scan, "trivial_candidate", None)
    if info is None:
        return False
    has_junk, needs_all = info
    if getattr(parent, "unique_ifies", False):
        return False          # a semi join's RHS made unique keeps its scan (semi_joins.py)
    if isinstance(parent, NestedLoop) or type(parent).__name__ == "Memoize":
        return True         # (a Memoize sits between a LATERAL item and its Nested Loop)
    if has_junk:
        return False
    if parent is None:                        # the top of its query level: its projection
        exprs = scan.target_list
        if exprs is None:
            return True
        if not needs_all:
            # an unused output of the subquery stays in its plan's column list (as a
            # NULL: remove_unused_subquery_outputs), so the lists differ in length
            return False
        from pgsnake.parser.expression_nodes import Var
        return len(exprs) == len(scan.output_keys) and all(
            isinstance(e, Var) and e.rtindex == scan.rtindex and e.attnum == i + 1
            and e.levels_up == 0 for i, e in enumerate(exprs))
    if isinstance(parent, (Hash, Sort)):
        return needs_all
    return True


def nest_params_for(inner) -> list:
    """The (slot, Var over the outer row) pairs a Nested Loop sets for `inner`."""
    return list(getattr(inner, "lateral_params", ()))


def nest_reset_slots_for(inner) -> tuple:
    """InitPlan result slots inside a LATERAL subquery that depend on the parameters:
    the Nested Loop forgets them before each re-scan."""
    subplan = getattr(inner, "subplan", None)
    return tuple(getattr(subplan, "lateral_reset_slots", ()))


def is_true_constant(qual) -> bool:
    """`ON true`: PostgreSQL's constant folding drops it from the join's quals."""
    from pgsnake.parser.expression_nodes import Const
    return isinstance(qual, Const) and qual.value is True

