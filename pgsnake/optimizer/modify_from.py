"""Planning UPDATE ... FROM and DELETE ... USING: what each joined relation must deliver.

Entry points:
    is_joined(query) -> bool              the statement has FROM / USING items
    collect_needed(planner)               planner.needed for every FROM item: the columns
                                          the SET expressions, RETURNING and join
                                          clauses use, and a ctid per table
    junk_width(planner) -> int            the row identity columns the join carries up
                                          besides the new values (a ctid per table)
    copied_rows_width(planner) -> int     the whole rows of the joined items that
                                          are not tables (ROW_MARK_COPY)

The target and the other items are planned as one join (planner.plan_from); the
ModifyTable reads the target's ctid and columns, and EvalPlanQual the other items' rows,
from the joined row (executor/joined_modify.py). The widths follow PostgreSQL, whose
scans of the other tables carry their ctid (ROW_MARK_REFERENCE) so that EXPLAIN's
widths, and the join costs they feed, match.

PostgreSQL: optimizer/prep/preptlist.c (preprocess_targetlist: row marks' junk columns),
optimizer/plan/planner.c (preprocess_rowmarks), optimizer/util/appendinfo.c
(add_row_identity_columns).
"""
from __future__ import annotations

from pgsnake.optimizer import cost
from pgsnake.parser.expression_nodes import SELF_ITEM_POINTER_ATTNUM, Var, walk

TID_WIDTH = 6


def is_joined(query) -> bool:
    return len(query.from_list) > 1 or bool(query.from_list and query.from_list[0].rtindex == 0)


def collect_needed(planner) -> None:
    query = planner.query
    exprs = list(query.update_assignments.values()) + [t.expr for t in query.returning]
    from pgsnake.optimizer.planner import conjuncts, var_relids
    exprs += [q for q in conjuncts(query.where) if len(var_relids(q)) > 1]
    exprs += planner._join_quals(query.from_list)
    needed = planner.needed
    for expr in exprs:
        for node in walk(expr):
            if isinstance(node, Var) and node.levels_up == 0:
                needed.setdefault(node.rtindex, set()).add(node.attnum)
    for rtindex in _relids(query.from_list):
        if query.range_table[rtindex - 1].kind == "relation":
            needed.setdefault(rtindex, set()).add(SELF_ITEM_POINTER_ATTNUM)


def junk_width(planner) -> int:
    query = planner.query
    return TID_WIDTH * sum(1 for rtindex in _relids(query.from_list)
                           if rtindex != query.result_relation
                           and query.range_table[rtindex - 1].kind == "relation")


def copied_rows_width(planner) -> int:
    """The whole rows of the joined items that are not tables (a subquery, VALUES, a
    function), which EvalPlanQual gets as copies (ROW_MARK_COPY): a tuple header plus
    their columns each (set_rel_width's whole-row Var)."""
    query = planner.query
    return sum(planner._whole_row_width(rtindex, sum(
        cost.column_width(t, m) for t, m in zip(rte.column_types, rte.column_typmods)))
        for rtindex in _relids(query.from_list)
        for rte in [query.range_table[rtindex - 1]]
        if rtindex != query.result_relation and rte.kind != "relation")


def _relids(items) -> list:
    out = []
    for item in items:
        if item.rtindex:
            out.append(item.rtindex)
        else:
            out.extend(_relids([item.left, item.right]))
    return out
