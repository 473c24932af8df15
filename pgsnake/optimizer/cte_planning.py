"""Planning WITH queries: inlined, or computed once and read by CTE Scans.

Entry points (called by planner.py):
    plan_ctes(planner, query)        before anything else of a query level (so their
                                     plan ids come first, as SS_process_ctes numbers
                                     them): decide each WITH query's fate and plan the
                                     ones that are computed once
    make_cte_scan(planner, rtindex, rte, quals) -> (node, tuples, width, keys)
                                     the scan of a FROM item of kind 'cte'
    charge_for_init_plans(planner, top)  add the WITH queries' and InitPlans' costs to the
                                     level's top node (SS_charge_for_initplans)

A WITH query's fate (SS_process_ctes, PostgreSQL 12+):
- not referenced: never planned nor run (unless it is an INSERT / UPDATE / DELETE, which
  always runs exactly once);
- inlined (a subquery in place of its one reference) when it is not recursive, not
  MATERIALIZED, and referenced once or NOT MATERIALIZED, and calls no volatile function
  and locks no rows (FOR UPDATE / SHARE) anywhere inside it; when the reference is in a deeper query level, only if it
  refers to no enclosing query level (PostgreSQL would shift such references; we keep
  a CTE Scan);
- otherwise planned once per statement (`CtePlan`, listed in EXPLAIN as "CTE name" where
  InitPlans are) and read by a CTE Scan per reference; the executor runs it once per
  execution, as far as its readers read (cte_nodes.py).

A recursive query's self-reference is a WorkTable Scan of the Recursive Union being
planned (set_operations.py plans the union and records, per WITH query, the rows of its
non-recursive term and the PARAM_EXEC slot of its work table in `glob.cte_worktables`).

Costs (cost_ctescan): cpu_tuple_cost per row for the tuple store plus cpu_tuple_cost and
the quals per row; a work table is assumed to hold 10 times the non-recursive term's rows.

PostgreSQL: optimizer/plan/subselect.c (SS_process_ctes, inline_cte,
SS_charge_for_initplans), optimizer/path/allpaths.c (set_cte_pathlist,
set_worktable_pathlist), optimizer/path/costsize.c (cost_ctescan).
"""
from __future__ import annotations

import copy
import dataclasses

from pgsnake.optimizer import cost
from pgsnake.optimizer.plan_nodes import SubqueryScan
from pgsnake.optimizer.set_operation_nodes import CteScan, WorkTableScan
from pgsnake.parser.expression_nodes import FuncExpr, SubLink, Var, walk

INLINED = "inlined"


@dataclasses.dataclass(eq=False)
class CtePlan:
    """A WITH query computed once per execution (PostgreSQL's CTE SubPlan)."""
    name: str
    cte_id: int
    plan: object
    plan_id: int
    modifies: bool = False            # INSERT / UPDATE / DELETE: run once, read or not
    # reads an enclosing query level's values (a WITH inside a correlated subquery): a
    # subquery reading it is correlated too (subselect.make_subplan)
    correlated: bool = False

    @property
    def explain_label(self) -> str:
        return f"CTE {self.name}"


def _cte_plans(glob) -> dict:
    if not hasattr(glob, "cte_plans"):
        glob.cte_plans = {}           # cte_id -> CtePlan | INLINED | None (never read)
    return glob.cte_plans


def work_tables(glob) -> dict:
    """cte_id -> (rows of the non-recursive term, PARAM_EXEC slot of the work table)."""
    if not hasattr(glob, "cte_worktables"):
        glob.cte_worktables = {}
    return glob.cte_worktables


def plan_ctes(planner, query) -> None:
    plans = _cte_plans(planner.glob)
    for cte in query.cte_list:
        if cte.ref_count == 0 and not cte.modifies:
            plans[cte.cte_id] = None
        elif _is_inlined(cte):
            plans[cte.cte_id] = INLINED
        else:
            from pgsnake.optimizer.planner import plan_query
            glob = planner.glob
            references_before = glob.outer_references
            plan = plan_query(cte.query, parent=planner)
            cte_plan = CtePlan(cte.name, cte.cte_id, plan, glob.next_plan_id, cte.modifies,
                               glob.outer_references != references_before)
            glob.next_plan_id += 1
            # PostgreSQL gives each WITH query's plan a PARAM_EXEC slot of its own (unused
            # here); taking one keeps later slot numbers ("$1") as PostgreSQL prints them.
            glob.new_slot()
            plans[cte.cte_id] = cte_plan
            planner.init_plans.append(cte_plan)


def inline_references(planner, query):
    """inline_cte: each reference to an inlined WITH query becomes a FROM subquery of
    its query (in a shallow copy of `query`), so that the FROM subquery rules apply to
    it as in PostgreSQL: a simple one is merged into the query (prep_join_tree.py),
    quals are pushed into another. `query` itself when it references none."""
    plans = _cte_plans(planner.glob)
    replaced = None
    for i, rte in enumerate(query.range_table):
        if rte.kind != "cte" or rte.self_reference or rte.cte is None \
                or plans.get(rte.cte.cte_id) != INLINED:
            continue
        if replaced is None:
            replaced = list(query.range_table)
        replaced[i] = dataclasses.replace(rte, kind="subquery", subquery=rte.cte.query,
                                          cte=None, cte_levels_up=0)
    if replaced is None:
        return query
    out = copy.copy(query)
    out.range_table = replaced
    return out


def _is_inlined(cte) -> bool:
    if cte.recursive or cte.modifies or cte.materialized == "always":
        return False
    if cte.ref_count != 1 and cte.materialized != "never":
        return False
    if _locks_rows(cte.query):
        return False
    nodes = list(_query_nodes(cte.query, 0))
    if any(isinstance(n, FuncExpr) and n.volatility == "v" for n, _ in nodes):
        return False
    # Referenced from a deeper query level, it can stand there as a subquery only if it
    # refers to no enclosing level (PostgreSQL would shift such references instead).
    deeper = any(levels != 0 for levels in cte.reference_levels)
    return not (deeper and any(isinstance(n, Var) and n.levels_up > depth
                               for n, depth in nodes))


def _locks_rows(query) -> bool:
    """FOR UPDATE / SHARE anywhere inside: PostgreSQL's contain_dml counts it as a change
    (the rows are locked once, where the WITH query runs)."""
    from pgsnake.rewrite import tree_mapping
    return bool(query.row_marks) or any(_locks_rows(q)
                                        for q in tree_mapping.nested_queries(query))


def _query_nodes(query, depth: int):
    """(expression node, query depth below the WITH query) for every expression node of
    `query` and of the queries inside it (FROM subqueries, set-operation leaves, WITH
    queries, subqueries in expressions)."""
    exprs = [t.expr for t in query.target_list + query.returning] + list(query.group_by)
    exprs += [query.where, query.having, query.limit_count, query.limit_offset]
    exprs += list(query.update_assignments.values())
    stack = list(query.from_list)
    while stack:
        item = stack.pop()
        if item is not None:
            exprs.append(item.quals)
            stack += [item.left, item.right]
    inner = [rte.subquery for rte in query.range_table if rte.subquery is not None]
    inner += [cte.query for cte in query.cte_list]
    if query.set_operation is not None:
        inner += list(query.set_operation[1])
    if query.insert_source is not None:
        inner.append(query.insert_source)
    for expr in exprs:
        if expr is None:
            continue
        for node in walk(expr):
            yield node, depth
            if isinstance(node, SubLink):
                inner_depth = depth + 1
                yield from _query_nodes(node.subquery, inner_depth)
    for subquery in inner:
        yield from _query_nodes(subquery, depth + 1)


def charge_for_init_plans(planner, top) -> None:
    """SS_charge_for_initplans: a level's WITH queries and InitPlans run once, before its
    first row, so their cost is added to its top node's startup and total (cost_subplan:
    an EXISTS reads one row of its plan, the other kinds all of them)."""
    charge = 0.0
    for init_plan in planner.init_plans:
        plan = init_plan.plan
        if getattr(init_plan, "kind", None) == "exists":
            charge += plan.startup_cost + (plan.total_cost - plan.startup_cost) / \
                cost.clamp_rows(plan.plan_rows)
        else:
            charge += plan.total_cost
    top.startup_cost += charge
    top.total_cost += charge


def make_cte_scan(planner, rtindex: int, rte, quals, width: int):
    """`width`: of the columns needed above the scan (as for a table)."""
    from pgsnake.optimizer.planner import plan_query
    cte = rte.cte
    keys = [("var", rtindex, i + 1) for i in range(len(rte.column_names))]
    glob = planner.glob
    plans = _cte_plans(glob)
    per_row = 2 * cost.CPU_TUPLE_COST + cost.qual_cost_per_row(quals)
    if rte.self_reference:
        rows, slot = work_tables(glob)[cte.cte_id]
        tuples = 10 * rows
        node = WorkTableScan(rtindex=rtindex, work_table_id=cte.cte_id, work_param=slot,
                             alias=rte.alias, cte_name=cte.name)
        node.total_cost = per_row * tuples
        return node, tuples, width, keys
    cte_plan = plans.get(cte.cte_id)
    if cte_plan == INLINED:
        sub = plan_query(cte.query, parent=planner)
        tuples = sub.plan_rows
        node = SubqueryScan(rtindex=rtindex, subplan=sub, alias=rte.alias)
        node.startup_cost = sub.startup_cost
        node.total_cost = sub.total_cost + (cost.CPU_TUPLE_COST +
                                             cost.qual_cost_per_row(quals)) * tuples
        return node, tuples, sub.plan_width - sub.junk_width, keys
    tuples = cte_plan.plan.plan_rows
    node = CteScan(rtindex=rtindex, cte_plan=cte_plan, alias=rte.alias)
    node.total_cost = per_row * tuples
    return node, tuples, width, keys
