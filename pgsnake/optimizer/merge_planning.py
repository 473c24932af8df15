"""Planning MERGE: the join of source and target under the ModifyTable.

Entry point: plan_merge_join(planner, node) -> the child plan, with node.merge_actions
and node.scan_keys set.

The analyzer already made the join (`source LEFT JOIN target ON condition`, or an
inner join when every WHEN clause is for matched rows; parser/merge.py), so the
FROM-clause planner does the rest: join order and method are chosen as for any join
(EXPLAIN: Merge on t -> Hash / Merge / Nested Loop [Left] Join). The WHEN clauses'
expressions go through the same SubLink / outer-reference conversion as the rest of
the query (subselect.convert_expression), and the columns they use are asked of the
scans, as for UPDATE ... FROM (modify_from.collect_needed).

PostgreSQL: optimizer/prep/prepjointree.c (transform_MERGE_to_join),
optimizer/plan/planner.c (preprocess_expression of mergeActionList),
optimizer/plan/createplan.c (create_modifytable_plan).
"""
from __future__ import annotations

from pgsnake.optimizer import cost, modify_from, subselect
from pgsnake.parser.expression_nodes import TABLE_OID_ATTNUM, Var, walk

TID_WIDTH = 6


def plan_merge_join(planner, node):
    query = planner.query
    memo: dict = {}
    actions = [a.converted(lambda e: subselect.convert_expression(e, planner, memo))
               for a in query.merge_actions]
    planner.needed = {query.result_relation: set()}
    from pgsnake.optimizer import inheritance
    if inheritance.has_children(query.range_table[query.result_relation - 1]):
        # each joined target row says which table of the tree it is in
        planner.needed[query.result_relation].add(TABLE_OID_ATTNUM)
    modify_from.collect_needed(planner)
    for action in actions:
        for expr in [action.qual, *action.assignments.values(), *action.values]:
            for var in walk(expr):
                if isinstance(var, Var) and var.levels_up == 0:
                    planner.needed.setdefault(var.rtindex, set()).add(var.attnum)
    child = planner.plan_from()
    # The join carries the target's ctid, the other tables' ctids, the other items'
    # whole rows (ROW_MARK_COPY) and every column of the source the WHEN clauses read;
    # the target's own columns come from its row fetched by ctid (preprocess_targetlist
    # leaves them out of PostgreSQL's MERGE target list).
    used = {(var.rtindex, var.attnum): var for action in actions
            for expr in [action.qual, *action.assignments.values(), *action.values]
            for var in walk(expr) if isinstance(var, Var) and var.levels_up == 0
            and var.rtindex != query.result_relation}
    child.plan_width = TID_WIDTH + modify_from.junk_width(planner) + sum(
        cost.column_width(v.type_oid, v.typmod) for v in used.values()) \
        + modify_from.copied_rows_width(planner)
    node.merge_actions = actions
    node.scan_keys = child.output_keys
    return child
