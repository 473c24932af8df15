"""The planner: Query -> plan tree.

Entry points:
    plan_query(query) -> Plan        the top node; for SELECT its target_list is the
                                     query's whole target list (resjunk columns included)
    key_of(expr) -> hashable         the layout key an expression is found under

The shape follows PostgreSQL's grouping_planner: scan/join tree, then aggregation, then
projection of the target list, then DISTINCT, ORDER BY and LIMIT. The FROM clause is
planned by join_tree.py (where quals go, outer-join order rules) and join_search.py (join
order), which call back here for each base relation's scan.

PostgreSQL: optimizer/plan/planner.c (subquery_planner, grouping_planner),
optimizer/plan/createplan.c, optimizer/path/allpaths.c, optimizer/path/joinpath.c,
optimizer/util/clauses.c.
"""
from __future__ import annotations

import functools
import math

from pgsnake.datatypes import functions as function_registry
from pgsnake.optimizer import gin_paths, hash_paths
from pgsnake.optimizer import (append_rel, cost, cte_planning, distinct_on, grouping_set_planning,
                               incremental_sort, index_paths, join_paths, join_search,
                               join_tree, lateral_paths, merge_planning, modify_from,
                               plan_levels, prep_join_tree, set_operations, semi_joins,
                               set_projection, subselect, trivial_scans,
                               useless_group_columns, window_planning)
from pgsnake.optimizer import (const_fold, join_group_statistics, placeholders,
                               selectivity_stats, srf_sort)
from pgsnake.optimizer import index_ordering, memoize_paths, min_max_aggregates, param_paths
from pgsnake.optimizer import alternative_subplans, sort_input_target, target_costs
from pgsnake.optimizer import distinct_paths, grouping_paths, join_widths, ordered_paths
from pgsnake.optimizer import partitionwise_aggregate, subquery_outputs
from pgsnake.optimizer import group_order, redundant_pathkeys, tid_paths
from pgsnake.optimizer import parallel_paths           # Gather over a Parallel Seq Scan
from pgsnake.optimizer import parallel_joins           # Gather over a partial join
from pgsnake.optimizer import parallel_grouping        # Partial / Finalize GROUP BY
from pgsnake.optimizer import inheritance              # parents with partitions / children
from pgsnake.optimizer import sample_scan_paths        # TABLESAMPLE
from pgsnake.parser import functional_grouping, rows_from
from pgsnake.rewrite import row_security
from pgsnake.optimizer.plan_nodes import (
    Aggregate, Append, FunctionScan, Limit, LockRows, ModifyTable, PlanRowMark, Result, SeqScan,
    Sort, SortKey, SubqueryScan, ValuesScan)
from pgsnake.parser.expression_nodes import (
    HEADER_SYSTEM_ATTNUMS, ArrayExpr, BoolExpr, ColumnReference, Const, FuncExpr, OpExpr, Param, SubPlan,
    RowExpr, ScalarArrayOpExpr, TABLE_OID_ATTNUM, SELF_ITEM_POINTER_ATTNUM, Var, walk)
from pgsnake.parser.expression_nodes import conjuncts  # noqa: F401 (also imported from here)
from pgsnake.utils.errors import FEATURE_NOT_SUPPORTED, PgError

TID_WIDTH = 6
OID_WIDTH = 4
RECORD_TYPE_OID = 2249       # an anonymous ROW(...): not a table's whole row
MAXALIGNED_TUPLE_HEADER = 24        # MAXALIGN(SizeofHeapTupleHeader): a whole-row value


def key_of(expr):
    if isinstance(expr, Var):
        return ("var", expr.rtindex, expr.attnum)
    if isinstance(expr, ColumnReference):
        return ("col", expr.index)
    return expr


def var_relids(expr) -> frozenset:
    return frozenset(n.rtindex for n in walk(expr) if isinstance(n, Var))


def expression_width(expr) -> int:
    return cost.column_width(expr.type_oid, getattr(expr, "typmod", -1))


# -- entry point ------------------------------------------------------------------------------

def plan_query(query, parent=None):
    """`parent`: the planner of the enclosing query level, for a subquery (FROM item,
    UNION branch, INSERT source, or a subquery in an expression)."""
    return plan_level(query, parent)[0]


def plan_level(query, parent=None):
    """plan_query's plan and the level's planner (its statistics: a set operation's
    leaf groups are estimated with them, recurse_set_operations' subroot)."""
    if parent is None:
        cost.reset_expression_costs()
        param_paths.reset_qual_facts()
    planner = _Planner(query, parent)
    top = planner.plan_select() if query.command_type == "SELECT" else planner.plan_modify()
    min_max_aggregates.attach_init_plans(top)
    if planner.init_plans:
        top.init_plans = list(top.init_plans) + planner.init_plans
        cte_planning.charge_for_init_plans(planner, top)
        if getattr(top, "gating", False):
            # PostgreSQL costs the gating Result as its input, which then carries the
            # InitPlans' cost too (create_gating_plan copies the input's costs).
            cte_planning.charge_for_init_plans(planner, top.child)
    if getattr(planner, "alternative_subplans", False):
        alternative_subplans.choose_alternatives(top)
    top = trivial_scans.remove_trivial_subquery_scans(top, planner)
    plan_levels.tag_query_level(top, planner.query.range_table)
    return top, planner


def _limit_needed(query) -> bool:
    """A Limit node is made unless LIMIT is absent / ALL / NULL and OFFSET absent, NULL
    or 0 as constants (PostgreSQL's limit_needed: OFFSET 0 leaves no Limit)."""
    count, offset = query.limit_count, query.limit_offset
    if count is not None and not (isinstance(count, Const) and count.value is None):
        return True
    if offset is not None and not (isinstance(offset, Const)
                                   and (offset.value is None or offset.value == 0)):
        return True
    return query.limit_with_ties


def _subquery_scan_width(subquery, subplan, needed: set) -> int:
    """A FROM subquery's scan width: the columns needed above it (each as the subquery
    computes it: a table column's statistics width, else its type's), or the whole
    row when that is needed (set_subquery_size_estimates, set_rel_width)."""
    outputs = [t.expr for t in subquery.target_list if not t.resjunk]
    if 0 in needed or not outputs:
        return subplan.plan_width - subplan.junk_width
    width = 0
    for attnum in needed:
        if not 0 < attnum <= len(outputs):
            continue
        expr = outputs[attnum - 1]
        column = None
        if subquery.set_operation is None and isinstance(expr, Var) and not expr.levels_up \
                and 0 < expr.attnum and 0 < expr.rtindex <= len(subquery.range_table):
            inner = subquery.range_table[expr.rtindex - 1]
            if inner.kind == "relation" and expr.attnum <= len(inner.column_types):
                column = selectivity_stats.column_width(inner, expr.attnum)
        width += column if column is not None else expression_width(expr)
    return width


def _zero_width_dummy(plan) -> bool:
    """A dummy Result standing for one base relation: its width stays 0."""
    return getattr(plan, "dummy", False) and plan.plan_width == 0


def _dependent_exprs(query, group) -> list:
    """Columns an Aggregate hands up from each group's first row: those dependent on a
    grouped primary key, and those a split HAVING conjunct or a folded expression reads
    outside the grouped expressions (grouping_set_planning.representative_vars)."""
    dependent = functional_grouping.dependent_columns(query)
    if not group:
        return dependent
    return dependent + grouping_set_planning.representative_vars(query, group, dependent)


class _Planner:
    def __init__(self, query, parent=None) -> None:
        self.parent = parent
        self.has_having_qual = query.having is not None    # before HAVING true folds away
        self.glob = parent.glob if parent is not None else subselect.PlannerGlobal()
        self.plan_params: list = []     # (slot, Var) outer references to this level
        self.init_plans: list = []      # this level's InitPlans (SubPlan expressions)
        self.sublink_memo: dict = {}    # link_id -> SubPlan (subselect.preprocess_query)
        self.sort_input = None          # sort_input_target.SortInput: columns after the Sort
        cte_planning.plan_ctes(self, query)     # WITH queries first (their plan ids too)
        query = cte_planning.inline_references(self, query)
        self.query = group_order.reorder_group_by(
            useless_group_columns.remove_useless_group_columns(
                subselect.preprocess_query(prep_join_tree.prepare(query), self)))
        self.base_tuples: dict[int, float] = {}
        self.needed: dict[int, set] = {}        # rtindex -> attnums needed above the scan
        # (rtindex, attnum) needed above the join tree; None: every needed column is
        # (join_widths.py: the other columns stop at the joins that use them)
        self.top_columns: set | None = None
        self.placeholder_needs = None    # placeholders.Needs of the level's expressions
        # (rtindex, attnum) -> a column's width where it is not the table's own: a
        # parent's column averaged over its children's (set_append_rel_size)
        self.attr_widths: dict[tuple, int] = {}
        self.presorted = False                  # the FROM plan already has ORDER BY's order
        self.distinct_on_done = False           # srf_sort put DISTINCT ON's Unique below SRFs
        self.row_marks: list[PlanRowMark] = []  # FOR UPDATE/SHARE: what LockRows does
        self.whole_rows: set[int] = set()       # FROM items LockRows copies whole
        self.junk_width = 0                     # width of LockRows' junk columns
        self.copied_columns: dict[int, int] = {}   # rtindex -> columns its copy carries
        self.table_sizes: dict[int, tuple[int, float]] = {}   # rtindex -> (pages, tuples)
        self.total_table_pages: float | None = None     # root->total_table_pages, once
        self.scan_rows: dict[int, float] = {}       # rtindex -> rows after its restrictions
        self.unique_columns: dict[int, set] = {}    # rtindex -> one-column unique keys
        self.table_index_lists: dict[int, list] = {}    # rtindex -> index_paths.TableIndex
        self.restriction_quals: dict[int, list] = {}    # rtindex -> a table's scan quals
        self.stats = selectivity_stats.StatisticsLookup(
            self.query.range_table, self.base_tuples, self.scan_rows,
            lambda rtindex: self.unique_columns.get(rtindex, set()),
            lambda rtindex: self.table_index_lists.get(rtindex, ()))
        self.unique_check_indexes: dict[int, list] = {}       # rtindex -> its indexes

    # -- SELECT ------------------------------------------------------------------------------

    def plan_select(self):
        query = self.query
        if query.set_operation is not None:
            top = set_operations.plan_set_operation(self)
        else:
            self._collect_needed_columns()
            self._prepare_row_marks()
            top = self._plan_from_paths()
            # HAVING without aggregates or GROUP BY: one group or none, decided by the
            # HAVING alone; the FROM clause is not read (is_degenerate_grouping).
            degenerate = self.has_having_qual and not query.has_aggregates \
                and not query.group_by and query.grouping_sets is None
            aggregated = query.has_aggregates or query.group_by or query.having is not None \
                or query.grouping_sets is not None or degenerate
            if query.sort_clause and not aggregated and not query.distinct \
                    and not query.distinct_on and not query.has_window_functions:
                top = self._sorted_from_plan(top)
            elif (query.distinct or query.distinct_on) and not aggregated \
                    and not query.has_window_functions and not query.row_marks:
                top = distinct_paths.choose_distinct_input(self, top)
            top = self._apply_top_quals(top)
            if aggregated and any(set_projection.has_srf(g) for g in query.group_by):
                # GROUP BY generate_series(...): a ProjectSet below the grouping
                top = set_projection.plan_set_projection(
                    top, [g for g in query.group_by if set_projection.has_srf(g)],
                    function_registry.rows_estimate, keep_input=True)
            if degenerate:
                top = self._degenerate_grouping(top)
            elif query.grouping_sets is not None:
                top = grouping_set_planning.make_grouping_sets_aggregate(self, top)
            elif aggregated:
                target_costs.charge_grouping_input(self, top)
                from_plan = top
                top = self._make_aggregate(top)
                top = partitionwise_aggregate.consider(self, from_plan, top)
                top = min_max_aggregates.replace_aggregate(self, top)    # planagg.c
            if query.has_window_functions:
                top = window_planning.plan_windows(self, top)
        exprs = [t.expr for t in query.target_list]
        if any(set_projection.has_srf(e, computed=query.group_by) for e in exprs):
            if query.set_operation is None:      # ORDER BY i of SELECT i, unnest(a)
                top = srf_sort.sort_below_project_set(self, top)
            top = set_projection.plan_set_projection(top, exprs,
                                                     function_registry.rows_estimate)
        # volatile (or, under LIMIT, expensive) columns computed above the Sort
        self.sort_input = sort_input_target.plan(self, exprs)
        below_sort = exprs if self.sort_input is None else self.sort_input.lower
        target_costs.charge_select_list(self, top, below_sort)
        self._project(top, below_sort + self._junk_exprs(len(below_sort)))
        self._count_group_columns(top)
        min_max_aggregates.finish(self, top)
        if self.row_marks:
            top.plan_width = sum(self._expression_width(e) for e in exprs) + self.junk_width
        return self._finish_select(top)

    def _copied_by_modify(self, rtindex: int, rte) -> bool:
        query = self.query
        return query.command_type in ("UPDATE", "DELETE", "MERGE") \
            and rtindex != query.result_relation and rte.kind != "relation" \
            and modify_from.is_joined(query)

    def _count_group_columns(self, top) -> None:
        """GROUP BY expressions the select list leaves out are resjunk columns of
        PostgreSQL's target list (findTargetlistEntrySQL99): the top node's width
        counts them."""
        query = self.query
        if not query.group_by or query.set_operation is not None:
            return
        targets = [t.expr for t in query.target_list]
        extra = []
        for g in query.group_by:
            if not any(g == t for t in targets) and not any(g == e for e in extra):
                extra.append(g)
        if extra:
            node = parallel_paths.projecting_node(top)
            node.plan_width += sum(self._expression_width(e) for e in extra)
            if isinstance(node, Aggregate):
                # the Agg computes its whole target for each group (create_agg_path)
                startup, per_row = cost.target_cost(extra)
                node.startup_cost += startup
                node.total_cost += startup + per_row * node.plan_rows
            if node is not top:
                top.plan_width = node.plan_width

    def _project(self, plan, exprs) -> None:
        gather, plan = plan, parallel_paths.projecting_node(plan, exprs)   # a Gather's child?
        if plan.input_keys is None:
            plan.input_keys = plan.output_keys
        plan.target_list = list(exprs)
        plan.plan_width = sum(self._expression_width(e) for e in exprs)
        if getattr(plan, "dummy", False) and self._one_table() \
                and all(isinstance(e, Var) for e in exprs):
            # A dummy base relation's width is never estimated (0) and a target of its
            # columns needs no projection; a Sort above it still carries the
            # target's width.
            plan.target_width, plan.plan_width = plan.plan_width, 0
        plan.output_keys = [("col", i) for i in range(len(exprs))]
        if gather is not plan:
            gather.plan_width, gather.output_keys = plan.plan_width, plan.output_keys

    def _one_table(self) -> bool:
        """FROM is a single item, no join (PostgreSQL's dummy scan of it shows 0 wide; a
        dummy join keeps its width)."""
        items = self.query.from_list
        return len(items) == 1 and items[0].rtindex > 0

    # -- row locks (FOR UPDATE / SHARE) -----------------------------------------------------

    def _prepare_row_marks(self) -> None:
        """Decide what LockRows does with each FROM item (preprocess_rowmarks): lock the
        rows of the tables the query's locking clauses name; re-read every other table's
        row by ctid, and copy every other item's row, for EvalPlanQual. A subquery's own
        tables are locked inside it (its mark was pushed down by the analyzer). Refuses
        a lock on the nullable side of an outer join (make_outerjoininfo)."""
        query = self.query
        if not query.row_marks:
            return
        self._refuse_nullable_row_marks()
        locked = {}
        for mark in query.row_marks:
            rte = query.range_table[mark.rtindex - 1]
            if rte.kind == "relation":
                locked[mark.rtindex] = PlanRowMark(mark.rtindex, "lock", rte.relation,
                                                   int(mark.strength), int(mark.wait_policy))
        self.row_marks = list(locked.values())
        leaves = set()
        for item in query.from_list:
            leaves |= self._relids_of(item)
        for rtindex in sorted(leaves - set(locked)):
            rte = query.range_table[rtindex - 1]
            kind = "reference" if rte.kind == "relation" else "copy"
            self.row_marks.append(PlanRowMark(rtindex, kind, rte.relation))
        for mark in self.row_marks:
            if mark.kind == "copy":
                self.whole_rows.add(mark.rtindex)
            else:
                self.needed.setdefault(mark.rtindex, set()).add(SELF_ITEM_POINTER_ATTNUM)
                self.junk_width += TID_WIDTH

    def _nullable_relids(self) -> set[int]:
        """The relations on the nullable side of some outer join in FROM."""
        nullable: set[int] = set()

        def walk_joins(item) -> None:
            if item.rtindex:
                return
            walk_joins(item.left)
            walk_joins(item.right)
            if item.join_type in ("left", "full"):
                nullable.update(self._relids_of(item.right))
            if item.join_type in ("right", "full"):
                nullable.update(self._relids_of(item.left))

        for item in self.query.from_list:
            walk_joins(item)
        return nullable

    def _refuse_nullable_row_marks(self) -> None:
        nullable = self._nullable_relids()
        for mark in self.query.row_marks:
            if mark.rtindex in nullable:
                raise PgError(FEATURE_NOT_SUPPORTED, f"{mark.strength.sql} cannot be applied "
                                                     f"to the nullable side of an outer join")

    def _whole_row_width(self, rtindex: int, column_width: int) -> int:
        """A copied row's width: a tuple header plus its columns (set_rel_width)."""
        return MAXALIGNED_TUPLE_HEADER + column_width

    def _junk_exprs(self, first_index: int) -> list:
        """The junk columns LockRows needs after the target list, noting where each
        mark's columns are: a ctid per table, every column of a copied item."""
        out = []
        for mark in self.row_marks:
            rte = self.query.range_table[mark.rtindex - 1]
            if mark.kind == "copy":
                count = self.copied_columns.get(mark.rtindex, 0)
                mark.junk = list(range(first_index + len(out), first_index + len(out) + count))
                out.extend(Var(mark.rtindex, i + 1, 0, -1, "", rte.alias)
                           for i in range(count))
            else:
                mark.junk = [first_index + len(out)]
                out.append(Var(mark.rtindex, SELF_ITEM_POINTER_ATTNUM, 27, -1, "ctid", rte.alias))
                if inheritance.has_children(rte):
                    # The row may come from any table of the tree: its tableoid says which
                    # (preprocess_targetlist's tableoid junk column for inherited marks).
                    mark.junk.append(first_index + len(out))
                    out.append(Var(mark.rtindex, TABLE_OID_ATTNUM, 26, -1, "tableoid",
                                   rte.alias))
        return out

    def _make_lock_rows(self, child):
        """LockRows between Sort and Limit, so that only rows LIMIT lets through get
        locked; its cost: one cpu_tuple_cost per row (create_lockrows_path)."""
        node = LockRows(child=child, row_marks=self.row_marks)
        node.startup_cost = child.startup_cost
        node.total_cost = child.total_cost + cost.CPU_TUPLE_COST * child.plan_rows
        node.plan_rows, node.plan_width = child.plan_rows, child.plan_width
        node.output_keys = child.output_keys
        return node

    def _finish_select(self, top):
        query = self.query
        visible = [i for i, t in enumerate(query.target_list) if not t.resjunk]
        sorted_distinct = distinct_paths.make_sorted_distinct(self, top)
        if sorted_distinct is not None:          # Unique over presorted / sorted input
            top = sorted_distinct
        elif query.distinct:
            # PostgreSQL prefers hashing for DISTINCT without statistics; ORDER BY then
            # sorts the (fewer) distinct rows. Visible columns come first in the target
            # list, so the HashAggregate's output keeps their positions.
            group = [ColumnReference(i, query.target_list[i].expr.type_oid,
                                     min_max_aggregates.as_projected(
                                         self, query.target_list[i].expr)) for i in visible]
            agg = Aggregate(child=top, strategy="hashed", group_exprs=group)
            groups = self._estimate_groups([query.target_list[i].expr for i in visible],
                                           top.plan_rows)
            if query.has_aggregates or query.group_by or query.grouping_sets is not None \
                    or query.having is not None:
                # grouped rows are taken as already mostly distinct
                # (create_final_distinct_paths: numDistinctRows = the input's rows)
                groups = top.plan_rows
            agg.startup_cost, agg.total_cost = cost.cost_hash_agg(
                top.total_cost, top.plan_rows, 0.0, len(group), groups, 0.0)
            # create_agg_path charges the level's output expressions once more per group
            # (the same PathTarget as the input's).
            target_startup, target_per_row = cost.target_cost(
                [query.target_list[i].expr for i in visible])
            agg.startup_cost += target_startup
            agg.total_cost += target_startup + target_per_row * groups
            agg.plan_rows, agg.plan_width = groups, top.plan_width
            agg.output_keys = [key_of(g) for g in group]
            top = distinct_paths.sorted_distinct_over_grouping(self, top, agg) or agg
        if query.distinct_on and sorted_distinct is None and not self.distinct_on_done:
            top = distinct_on.make_distinct_on(self, top)
        # A constant sort key orders nothing (its pathkey is redundant): left out. Not
        # under grouping sets: a grouped constant is NULL in the rows of the sets that
        # leave it out, so it does order them.
        sort_keys = [self._sort_key(s) for s in query.sort_clause
                     if query.grouping_sets
                     or not isinstance(query.target_list[s.target_index].expr, Const)]
        if not self.presorted and not getattr(self, "presorted_keys", 0):
            # columns WHERE equates to a constant order nothing either (their pathkeys
            # are redundant); kept when a presorted prefix of ORDER BY is counted
            sort_keys = [k for k in sort_keys
                         if not redundant_pathkeys.is_redundant(self, k.shown_as)]
        if sort_keys and not self.presorted:
            top = incremental_sort.make_sort(self, top, sort_keys,
                                             getattr(self, "presorted_keys", 0),
                                             always=getattr(self, "incremental_chosen", False))
            top = parallel_paths.consider_gather_merge(                 # Gather Merge?
                self, top, ordered_paths._limit_tuples(self))
        if query.row_marks:
            top = self._make_lock_rows(top)
        if self.sort_input is not None:
            top = sort_input_target.result(self.sort_input, top, self._expression_width)
        if _limit_needed(query):
            top = self._make_limit(top, query.limit_count, query.limit_offset)
            sort_input_target.project_rows_singly(top)
            if query.limit_with_ties:
                top.ties_keys = [s.target_index for s in query.sort_clause]
        top.junk_width = self.junk_width
        return top

    def _sort_key(self, sort_clause) -> SortKey:
        expr = min_max_aggregates.as_projected(
            self, self.query.target_list[sort_clause.target_index].expr)
        index = sort_clause.target_index
        if self.sort_input is not None:
            index = self.sort_input.position[index]
        return SortKey(index, sort_clause.descending, sort_clause.nulls_first, expr,
                       order_proc=getattr(sort_clause, "order_proc", 0),
                       using_operator=getattr(sort_clause, "using_operator", ""))

    def _make_sort(self, child, keys):
        node = Sort(child=child, keys=keys)
        width = getattr(child, "target_width", child.plan_width)   # (a dummy's: its target)
        node.startup_cost, node.total_cost = cost.cost_sort(
            child.startup_cost, child.total_cost, child.plan_rows, width)
        node.plan_rows, node.plan_width = child.plan_rows, width
        node.output_keys = child.output_keys
        return node

    def _make_limit(self, child, count, offset):
        node = Limit(child=child, limit_count=count, limit_offset=offset)
        skip = offset.value if isinstance(offset, Const) and offset.value is not None else 0
        sort = child.child if isinstance(child, LockRows) else child
        if isinstance(sort, Result) and sort.child is not None \
                and self.sort_input is not None:
            sort = sort.child           # the columns computed after the sort
        if isinstance(sort, Sort) and isinstance(count, Const) and count.value is not None:
            # A Sort under a constant LIMIT is costed as a bounded (top-N) sort, also
            # with a LockRows in between (the planner passes the limit down).
            below = sort.child
            if isinstance(sort, incremental_sort.IncrementalSort):
                sort.startup_cost, sort.total_cost = incremental_sort.cost_incremental_sort(
                    below, sort.presorted, below.plan_width, limit_tuples=count.value + skip,
                    groups=sort.groups)
            else:
                sort.startup_cost, sort.total_cost = cost.cost_sort(
                    below.startup_cost, below.total_cost, below.plan_rows, below.plan_width,
                    limit_tuples=count.value + skip)
            if sort is not child:
                # (a Result computing the columns after the sort also pays their cost)
                startup, per_row = cost.target_cost(child.target_list) \
                    if isinstance(child, Result) and child.target_list else (0.0, 0.0)
                child.startup_cost = sort.startup_cost + startup
                child.total_cost = sort.total_cost + startup \
                    + (cost.CPU_TUPLE_COST + per_row) * sort.plan_rows
        rows = child.plan_rows
        if isinstance(offset, Const) or offset is None:
            rows = max(rows - skip, 0)
        if isinstance(count, Const) and count.value is not None:
            rows = min(rows, count.value)
        elif count is not None:
            rows = rows * 0.1
        rows = cost.clamp_rows(rows)
        run = child.total_cost - child.startup_cost
        fraction_before = skip / child.plan_rows if child.plan_rows else 0
        node.startup_cost = child.startup_cost + run * min(fraction_before, 1.0)
        node.total_cost = node.startup_cost + (run * rows / child.plan_rows if child.plan_rows else 0)
        node.plan_rows, node.plan_width = rows, child.plan_width
        node.output_keys = child.output_keys
        return node

    # -- aggregation --------------------------------------------------------------------------

    def _degenerate_grouping(self, from_plan):
        """A Result without input whose One-Time Filter is the HAVING (none when it
        folded to true): one row or none (create_degenerate_grouping_paths)."""
        having = conjuncts(self.query.having)
        if any(const_fold.is_constant_false(q) for q in having):
            having = [Const(16, False)]
        node = Result(qual=having)
        node.startup_cost = cost.qual_cost_per_row(having)
        node.total_cost = node.startup_cost + cost.CPU_TUPLE_COST
        node.plan_rows, node.plan_width = 1.0, 0
        node.output_keys = from_plan.output_keys
        return node

    def _make_aggregate(self, child):
        query = self.query
        group = list(query.group_by)
        agg = Aggregate(child=child, strategy="hashed" if group else "plain",
                        group_exprs=group, aggregates=list(query.aggregates),
                        dependent_exprs=_dependent_exprs(query, group))
        agg_cost = cost.aggregate_input_cost(query.aggregates)
        final_cost = cost.aggregate_final_cost(query.aggregates)     # per group
        having = conjuncts(query.having)
        if group:
            groups = self._estimate_groups(group, child.plan_rows)
            agg.startup_cost, agg.total_cost = cost.cost_hash_agg(
                child.total_cost, child.plan_rows, agg_cost, len(group), groups,
                cost.qual_cost_per_row(having), final_cost)
            ordered = self._order_by_follows_group(group)
            # Aggregates with DISTINCT or an input order (ORDER BY, WITHIN GROUP) rule
            # out hashing in PostgreSQL (numOrderedAggs), so GroupAggregate it is.
            must_sort = any(a.distinct or a.order_by for a in query.aggregates)
            sorted_choice = grouping_paths.cheapest_sorted_grouping(
                self, child, group, ordered, agg_cost, groups, having, final_cost)
            if sorted_choice is not None:
                # GroupAggregate (Group without aggregates) over input sorted on the
                # group keys (an ordered index scan, a Sort, an Incremental Sort), when
                # that is cheaper, as PostgreSQL weighs AGG_SORTED. Its output is in
                # group-key order, which can make ORDER BY's Sort unneeded.
                sorted_input, startup, total = sorted_choice
                hashed = (agg.startup_cost, agg.total_cost)
                if ordered is not None:
                    out_rows = cost.clamp_rows(groups * cost.quals_selectivity(having)) if having else groups
                    width = sum(self._expression_width(e) for e in group + list(query.aggregates))
                    hashed = cost.cost_sort(agg.startup_cost, agg.total_cost, out_rows, width)
                if must_sort or grouping_paths.sorted_grouping_wins(
                        (startup, total), hashed, ordered is not None):
                    agg.child, agg.strategy = sorted_input, "sorted"
                    agg.startup_cost, agg.total_cost = startup, total
                    self.presorted = ordered is not None
            if having:
                groups = cost.clamp_rows(groups * cost.quals_selectivity(having))
        else:
            groups = 1.0
            agg.startup_cost, agg.total_cost = cost.cost_plain_agg(
                child.total_cost, child.plan_rows, agg_cost)
            agg.startup_cost += final_cost
            agg.total_cost += final_cost
        agg.plan_rows = groups
        agg.qual = having
        agg.output_keys = [key_of(g) for g in group + agg.dependent_exprs] \
            + list(query.aggregates)
        agg.plan_width = sum(self._expression_width(e) for e in group + list(query.aggregates))
        if not group:          # Finalize / Partial Aggregate around a Gather?
            return parallel_paths.consider_partial_aggregate(self, agg)
        return parallel_grouping.consider_partial_grouping(self, agg)   # (Merge)?

    def _order_by_follows_group(self, group) -> list[tuple[bool, bool]] | None:
        """When ORDER BY asks for a prefix of the GROUP BY keys, the (descending,
        nulls_first) of each: sorting the groups' input that way lets a GroupAggregate
        deliver ORDER BY's order. None otherwise."""
        clauses = self.query.sort_clause
        if not clauses or len(clauses) > len(group):
            return None
        for clause, expr in zip(clauses, group):
            if key_of(self.query.target_list[clause.target_index].expr) != key_of(expr):
                return None
        return [(c.descending, c.nulls_first) for c in clauses]

    def _sorted_for_grouping(self, child, group, directions=None):
        """A Sort of `child` on the GROUP BY columns (in ORDER BY's directions where it
        gives them), or None when a group key is not a plain column of the child's output
        (then only hashing is considered)."""
        directions = list(directions or [])
        keys = []
        for position, expr in enumerate(group):
            try:
                index = child.output_keys.index(key_of(expr))
            except ValueError:
                return None
            descending, nulls_first = directions[position] if position < len(directions) else (False, False)
            keys.append(SortKey(index, descending, nulls_first, expr))
        return self._make_sort(child, keys)

    # -- FROM and joins -----------------------------------------------------------------------

    def _collect_needed_columns(self) -> None:
        query = self.query
        self.top_columns = set()
        exprs = [t.expr for t in query.target_list] + list(query.group_by)
        if query.having is not None:
            exprs.append(query.having)
        nullable = None
        for where_qual in conjuncts(query.where):
            relids = var_relids(where_qual)
            if len(relids) > 1:
                exprs.append(where_qual)
            elif relids:
                # A WHERE qual on an outer join's nullable side is checked above the
                # join, not in the scan: its columns must come out of the scan (an
                # index-only scan must not be chosen without them).
                if nullable is None:
                    nullable = self._nullable_relids()
                if relids & nullable:
                    exprs.append(where_qual)
        exprs.extend(self._join_quals(query.from_list))
        top_count = len(query.target_list) + len(query.group_by) + (query.having is not None)
        self.placeholder_needs = placeholders.Needs()
        self.whole_row_relids = set()
        for position, expr in enumerate(exprs):
            self.placeholder_needs.note(expr)
            for node in walk(expr):
                if isinstance(node, RowExpr) and node.type_oid != RECORD_TYPE_OID \
                        and node.args and isinstance(node.args[0], Var):
                    # a table's whole row (parser/composite_expressions.py): its
                    # attr_needed[0] (no partitionwise join for it)
                    self.whole_row_relids.add(node.args[0].rtindex)
                if isinstance(node, Var):
                    self.needed.setdefault(node.rtindex, set()).add(node.attnum)
                    if position < top_count:
                        self.top_columns.add((node.rtindex, node.attnum))
        lateral = {}
        lateral_paths.add_needed_columns(query, lateral)
        for rtindex, attnums in lateral.items():
            self.needed.setdefault(rtindex, set()).update(attnums)
            self.top_columns.update((rtindex, attnum) for attnum in attnums)

    def _join_quals(self, items) -> list:
        out = []
        for item in items:
            if item.rtindex == 0:
                if item.join_type == "semi":
                    # A semi join's one-relation quals go to that relation's scan.
                    out.extend(q for q in conjuncts(item.quals) if len(var_relids(q)) > 1)
                elif item.join_type == "anti":
                    # An anti join's quals of its inner side alone go to that side's
                    # scans; one of the outer side stays at the join.
                    inner = self._relids_of(item.right)
                    out.extend(q for q in conjuncts(item.quals)
                               if not (var_relids(q) and var_relids(q) <= inner))
                elif item.quals is not None:
                    out.append(item.quals)
                out.extend(self._join_quals([item.left, item.right]))
        return out

    def plan_from(self):
        """The cheapest plan of the FROM clause with WHERE applied."""
        return self._apply_top_quals(self._plan_from_paths())

    def _plan_from_paths(self):
        """The cheapest plan of the FROM clause, before the WHERE clauses that apply only
        above the whole join tree; all surviving plans (e.g. a sorted Merge Join) stay in
        self.from_paths."""
        query = self.query
        self.from_top_quals = []
        if not query.from_list:
            node = Result()
            node.total_cost, node.plan_rows = cost.CPU_TUPLE_COST, 1.0
            node.qual = conjuncts(query.where)
            self.from_paths = [node]
            return node
        problem = join_tree.deconstruct_join_tree(query.from_list, conjuncts(query.where))
        redundant_pathkeys.note_constant_classes(self, problem.classes)
        # outer joins' ON clauses: never equivalence clauses (tid_paths shows them as written)
        self.outer_join_clause_ids = frozenset(
            id(info.clause) for info in problem.clauses if not info.is_pushed_down)
        self.semi_rhs_groups = {}
        self.parallel_join_level = parallel_joins.level_allows(self, problem)
        hooks = join_search.PlannerHooks(self._make_scan, self._join_clause_selectivity,
                                         self._bucket_fraction, self._distinct_with_default,
                                         lambda rtindex: self.base_tuples.get(rtindex, 0.0),
                                         self._unique_index_covers,
                                         lateral=lateral_paths.lateral_relids(query),
                                         param_scans=functools.partial(
                                             param_paths.inner_index_paths, self),
                                         ordered_scans=functools.partial(
                                             index_ordering.ordered_scans, self),
                                         semi_statistics=self._semi_statistics,
                                         stats_groups=self._stats_groups,
                                         semi_rhs_groups=self.semi_rhs_groups,
                                         restriction_selectivity=self._restriction_selectivity)
        if self.parallel_join_level:
            hooks.partial_scan = functools.partial(parallel_joins.partial_scan, self)
            hooks.partial_joins = parallel_joins.partial_joins
            hooks.gather_rel = parallel_joins.gather_rel
        if self.top_columns is not None:
            hooks.join_widths = join_widths.JoinWidths(problem, self.top_columns,
                                                       self._scan_column_width)
        hooks.null_fraction = self._null_fraction
        hooks.alias_of = lambda rtindex: query.range_table[rtindex - 1].alias
        hooks.whole_row_relids = frozenset(
            getattr(self, "whole_row_relids", ())) | frozenset(
            rt for rt, attnums in self.needed.items() if 0 in attnums)
        final = join_search.make_join_rel_tree(problem, hooks)
        self.from_top_quals = problem.pseudoconstant
        parallel_joins.gather_final(self, final)      # a Gather over a partial join?
        self.from_paths = final.paths
        return final.cheapest

    def _apply_top_quals(self, plan):
        if any(const_fold.is_constant_false(q) for q in self.from_top_quals):
            dummy = const_fold.dummy_result(plan)     # WHERE false: no row can come out
            if self._one_table():
                dummy.plan_width = 0        # a base relation's width is never estimated
            return dummy
        volatile = [q for q in self.from_top_quals if const_fold.contains_volatile(q)]
        if volatile and len(volatile) < len(self.from_top_quals):
            # random() > x filters the rows (distribute_qual_to_rels); the rest gate them.
            self._charge_filter(plan, volatile)
            plan.qual = plan.qual + volatile
            plan.plan_rows = cost.clamp_rows(plan.plan_rows * cost.quals_selectivity(volatile))
            self.from_top_quals = [q for q in self.from_top_quals
                                   if not any(q is v for v in volatile)]
        # An Append checks no qual of its own (a UNION ALL pulled up into one): it is
        # gated like a parameter's qual; so is a qual of stable functions (now() > x).
        if any(isinstance(n, (Param, SubPlan)) for q in self.from_top_quals for n in walk(q)) \
                or (self.from_top_quals and isinstance(plan, Append)) \
                or any(not const_fold.contains_volatile(q) for q in self.from_top_quals):
            # A qual of no column but of a parameter (an InitPlan's EXISTS, $1) gates
            # the whole FROM clause once: a Result with a One-Time Filter above it,
            # costed as its input, its selectivity taken as 1 (create_gating_plan).
            # The gating quals are evaluated once: start-up cost of the plan below
            # (cost_qual_eval's rule for pseudoconstant RestrictInfos).
            once = cost.qual_startup_cost(self.from_top_quals) \
                + cost.qual_cost_per_row(self.from_top_quals)
            plan.startup_cost += once
            plan.total_cost += once
            gate = Result(child=plan, qual=list(self.from_top_quals))
            gate.gating = True
            gate.startup_cost, gate.total_cost = plan.startup_cost, plan.total_cost
            gate.plan_rows, gate.plan_width = plan.plan_rows, plan.plan_width
            gate.output_keys, gate.pathkeys = plan.output_keys, plan.pathkeys
            return gate
        if self.from_top_quals:
            self._charge_filter(plan, self.from_top_quals)
            plan.qual = plan.qual + self.from_top_quals
            plan.plan_rows = cost.clamp_rows(plan.plan_rows * cost.quals_selectivity(self.from_top_quals))
        return plan

    def _charge_filter(self, plan, quals) -> None:
        """Quals of no column added to `plan`'s filter (volatile ones: random() > x) cost
        their evaluation for each row it reads: every tuple of a Seq Scan's table, else
        each row it would return."""
        rows = plan.plan_rows
        if isinstance(plan, SeqScan) and plan.rtindex in self.base_tuples:
            rows = self.base_tuples[plan.rtindex]
        startup = cost.qual_startup_cost(quals)
        plan.startup_cost += startup
        plan.total_cost += startup + cost.qual_cost_per_row(quals) * rows

    def _sorted_from_plan(self, cheapest):
        """ORDER BY over a bare FROM: the plan to sort, or one already (partly) in the
        requested order (create_ordered_paths; ordered_paths.py)."""
        return ordered_paths.sorted_from_plan(self, cheapest)

    def _relids_of(self, item) -> set:
        if item.rtindex:
            return {item.rtindex}
        return self._relids_of(item.left) | self._relids_of(item.right)

    def _make_scan(self, rtindex: int, quals):
        rte = self.query.range_table[rtindex - 1]
        needed = self.needed.get(rtindex, set())
        width = sum(self._column_width(rte, a) for a in needed if a > 0)
        width += sum(TID_WIDTH if a == SELF_ITEM_POINTER_ATTNUM else 4 for a in needed if a < 0)
        if self.placeholder_needs is not None and rte.kind == "relation":
            # a pulled-up subquery's PlaceHolderVars computed by this scan count their
            # own width, not the columns they read (placeholders.py)
            width += self.placeholder_needs.scan_width_change(
                rtindex, lambda attnum: self._column_width(rte, attnum))
        selectivity = cost.quals_selectivity(quals)
        inherited = inheritance.plan_inherited_scan(self, rtindex, rte, quals, needed) \
            if rte.kind == "relation" else None
        if inherited is not None:
            # A parent with partitions or children: an Append of their scans (the quals
            # are applied in each).
            node, tuples, width, keys = inherited
            quals, selectivity = ([] if isinstance(node, Append) else node.qual), 1.0
            self.base_tuples[rtindex] = self.table_sizes[rtindex][1]
            self.unique_columns[rtindex] = set()
            self.table_index_lists[rtindex] = []
        elif rte.kind == "relation":
            relation = rte.relation
            pages, tuples = self._table_size(rtindex)
            indexes = self.unique_check_indexes.get(rtindex)     # read once per level
            if indexes is None:
                indexes = self.unique_check_indexes[rtindex] = index_paths.table_indexes(
                    relation, tuples)
            self.base_tuples[rtindex] = tuples
            self.unique_columns[rtindex] = index_paths.unique_columns(indexes)
            self.table_index_lists[rtindex] = indexes
            selectivity = index_paths.restriction_selectivity(
                quals, rtindex, self.unique_columns[rtindex], tuples, self.stats, pages)
            if rte.tablesample is not None:       # TABLESAMPLE: a Sample Scan, only
                node, tuples = sample_scan_paths.sample_scan(
                    rtindex, relation, rte.alias, rte.tablesample, pages, tuples, quals)
                self.base_tuples[rtindex] = tuples   # (the statistics scale by it)
                selectivity = index_paths.restriction_selectivity(
                    quals, rtindex, self.unique_columns[rtindex], tuples, self.stats, pages)
            else:
                node = SeqScan(rtindex=rtindex, relation=relation, alias=rte.alias)
                node.startup_cost, node.total_cost = cost.cost_seqscan(pages, tuples, quals)
            self.restriction_quals[rtindex] = quals       # (also an index's: parallel paths)
            if rte.tablesample is None and (indexes or gin_paths.has_gin_index(relation)
                                            or hash_paths.has_hash_index(relation)):
                node, quals = index_paths.cheapest_scan(
                    node, indexes, rtindex, quals, pages, tuples,
                    rows=cost.clamp_rows(tuples * selectivity),
                    total_table_pages=self._total_table_pages(),
                    columns_needed=None if rtindex == self.query.result_relation
                    else needed, alias=rte.alias, stats=self.stats)
            node, quals = tid_paths.cheaper_tid_scan(
                node, quals, relation, rtindex, self.restriction_quals[rtindex], pages=pages,
                tuples=tuples, rows=cost.clamp_rows(tuples * selectivity), alias=rte.alias,
                selectivity_of=lambda clauses: index_paths.restriction_selectivity(
                    clauses, rtindex, self.unique_columns[rtindex], tuples, self.stats, pages))
            self.base_tuples[rtindex] = tuples
            keys = [("var", rtindex, i + 1) for i in range(len(rte.column_names))]
            keys += [("var", rtindex, SELF_ITEM_POINTER_ATTNUM), ("var", rtindex, TABLE_OID_ATTNUM)]
            # xmin, cmin, xmax, cmax come from the tuple header, only when asked for.
            asked = needed | {n.attnum for q in quals for n in walk(q)
                              if isinstance(n, Var) and n.rtindex == rtindex and n.attnum < 0}
            node.system_columns = tuple(a for a in HEADER_SYSTEM_ATTNUMS if a in asked)
            keys += [("var", rtindex, a) for a in node.system_columns]
        elif rte.kind == "values":
            tuples = float(len(rte.values_lists))
            node = ValuesScan(rtindex=rtindex, values_lists=rte.values_lists, alias=rte.alias)
            node.startup_cost, node.total_cost = cost.cost_values_scan(len(rte.values_lists))
            node.total_cost += cost.qual_cost_per_row(quals) * tuples
            width = sum(cost.column_width(t) for t in rte.column_types)
            self.base_tuples[rtindex] = tuples
            keys = [("var", rtindex, i + 1) for i in range(len(rte.column_names))]
        elif rte.kind == "function":
            function, lateral_params = rte.function, []
            if rte.lateral_relids:
                function, lateral_params = lateral_paths.parameterise_function(self, rte)
            def estimate(call):
                planning_rows = getattr(getattr(call, "fn", None), "planning_rows", None)
                if planning_rows is not None:       # a transition table: its row count
                    return max(planning_rows(), 1.0)
                args = [set_projection.estimate_argument(a) for a in call.args]
                return function_registry.rows_estimate(call.function_oid, args)
            table_function = getattr(function, "namespace_names", None) is not None
            if table_function:          # XMLTABLE: 100 rows (set_tablefunc_size_estimates)
                tuples = 100.0
            elif isinstance(function, rows_from.RowsFromCall):
                tuples = rows_from.rows_estimate(function, estimate)
            else:
                tuples = estimate(function)
            node = FunctionScan(rtindex=rtindex, function=function,
                                with_ordinality=rte.with_ordinality, alias=rte.alias)
            node.lateral_params = lateral_params
            node.lateral_cache_keys = memoize_paths.lateral_cache_keys(self, lateral_params)
            # the calls (their procost and their arguments') are all start-up cost; a
            # call PostgreSQL folds to a constant (ROWS FROM (upper('x'), ...)) none
            calls = [] if table_function else [
                c for c in getattr(function, "items", None) or [function]
                if not isinstance(const_fold.eval_const_expressions(c), Const)]
            node.startup_cost, node.total_cost = cost.cost_function_scan(
                tuples, (cost.qual_startup_cost(calls) + cost.qual_cost_per_row(calls))
                / cost.CPU_OPERATOR_COST)
            node.total_cost += cost.qual_cost_per_row(quals) * tuples
            # (width: the columns used above, as for a table)
            self.base_tuples[rtindex] = tuples
            keys = [("var", rtindex, i + 1) for i in range(len(rte.column_names))]
        elif rte.kind == "cte":
            node, tuples, width, keys = cte_planning.make_cte_scan(self, rtindex, rte, quals,
                                                                   width)
            self.base_tuples[rtindex] = tuples
        elif (appended := append_rel.plan_union_all_scan(self, rtindex, rte, quals)) is not None:
            # A simple UNION ALL: an Append of its branches, the quals pushed into them.
            node, tuples, width, keys = appended
            # (the dummy Result of a union with every branch empty keeps its qual)
            quals, selectivity = list(node.qual), 1.0
            self.base_tuples[rtindex] = tuples
        else:
            lateral_params = []
            subquery = rte.subquery
            if rte.lateral_relids:
                subplan, lateral_params = lateral_paths.plan_lateral_subquery(self, rte)
            else:
                subquery, quals = append_rel.push_quals_into_subquery(
                    rte.subquery, rtindex, quals, barrier=rte.security_barrier)
                if self.query.command_type == "SELECT" and not self.query.row_marks:
                    # (UPDATE / DELETE and FOR UPDATE copy the item's whole row for
                    # EvalPlanQual: ROW_MARK_COPY, so every column is used)
                    subquery, _ = subquery_outputs.without_unused_outputs(
                        subquery, subquery_outputs.unused_columns(self, rtindex, rte, quals))
                subplan = plan_query(subquery, parent=self)
            quals = window_planning.push_run_conditions(rte.subquery, subplan, rtindex, quals)
            selectivity = cost.quals_selectivity(quals)
            tuples = subplan.plan_rows
            node = SubqueryScan(rtindex=rtindex, subplan=subplan, alias=rte.alias)
            node.pathkeys = ordered_paths.subquery_pathkeys(subquery, rtindex)
            node.lateral_params = lateral_params
            node.lateral_cache_keys = memoize_paths.lateral_cache_keys(self, lateral_params)
            node.startup_cost = subplan.startup_cost
            node.total_cost = subplan.total_cost + (cost.CPU_TUPLE_COST +
                                                    cost.qual_cost_per_row(quals)) * tuples
            width = _subquery_scan_width(subquery, subplan, needed)
            self.base_tuples[rtindex] = tuples
            keys = [("var", rtindex, i + 1) for i in range(len(subplan.output_keys))]
        if self._copied_by_modify(rtindex, rte):
            # UPDATE ... FROM / MERGE: EvalPlanQual's copy of a non-table item's row
            # (ROW_MARK_COPY), a whole-row column of its scan
            width += self._whole_row_width(rtindex, sum(
                cost.column_width(t, m) for t, m in zip(rte.column_types, rte.column_typmods)))
        if rtindex in self.whole_rows:
            # LockRows copies this item's whole row for EvalPlanQual.
            self.copied_columns[rtindex] = len(keys)
            copied = self._whole_row_width(rtindex, width)
            width += copied
            self.junk_width += copied
        # the table's row-level security quals go first (rewrite/row_security.py)
        node.qual = row_security.order_scan_quals(rte, quals, cost.order_by_cost)
        node.plan_rows = cost.clamp_rows(tuples * selectivity)
        self.scan_rows[rtindex] = node.plan_rows
        node.plan_width = width
        node.output_keys = keys
        if rte.kind == "subquery" and rtindex not in self.whole_rows \
                and self.query.command_type == "SELECT":
            # (a row mark's whole-row copy of the item is a column of its own)
            lateral_paths.mark_trivial_subquery_scan(node, rte.subquery, needed)
        if rte.kind == "relation":
            node = parallel_paths.consider_gather(self, node, rtindex, rte)   # a Gather?
        return node

    def _table_size(self, rtindex: int) -> tuple[int, float]:
        """(pages, tuples) of a table in the range table (estimate_rel_size)."""
        sizes = self.table_sizes
        if rtindex not in sizes:
            sizes[rtindex] = cost.table_size(self.query.range_table[rtindex - 1].relation)
        return sizes[rtindex]

    def _total_table_pages(self) -> float:
        """Pages of every table the query reads (root->total_table_pages), which the
        index cost model shares the cache among."""
        if self.total_table_pages is None:
            self.total_table_pages = float(sum(
                self._table_size(i)[0] for i, rte in enumerate(self.query.range_table, start=1)
                if rte.kind == "relation"))
        return self.total_table_pages

    def _distinct_estimate(self, expr) -> float:
        if isinstance(expr, Var) and expr.rtindex in self.base_tuples:
            if self._is_unique_column(expr) or (
                    expr.attnum == SELF_ITEM_POINTER_ATTNUM and expr.levels_up == 0):
                return self.base_tuples[expr.rtindex]     # every value once
            return min(cost.DEFAULT_NUM_DISTINCT, self.base_tuples[expr.rtindex])
        return cost.DEFAULT_NUM_DISTINCT

    def _is_unique_column(self, var) -> bool:
        """The column is the whole key of a unique index (get_variable_numdistinct's
        isunique: as many distinct values as rows)."""
        return var.levels_up == 0 and var.attnum > 0 \
            and self._unique_index_covers(var.rtindex, {var.attnum})

    def _unique_index_covers(self, rtindex: int, attnums: set) -> bool:
        """Some unique index of the table at `rtindex` has only columns in `attnums`
        (relation_has_unique_index_for)."""
        rte = self.query.range_table[rtindex - 1]
        if rte.kind == "subquery":
            return semi_joins.query_is_distinct_for(rte.subquery, attnums)
        if rte.kind != "relation":
            return False
        indexes = self.unique_check_indexes.get(rtindex)
        if indexes is None:
            indexes = self.unique_check_indexes[rtindex] = index_paths.table_indexes(
                rte.relation, self._table_size(rtindex)[1])
        return any(ix.unique and ix.immediate and 0 not in ix.heap_attnums[:ix.key_count]
                   and set(ix.heap_attnums[:ix.key_count]) <= attnums for ix in indexes)

    def _distinct_with_default(self, expr) -> tuple[float, bool]:
        """get_variable_numdistinct: from pg_statistic when the column has statistics."""
        var = self.stats.examine(expr) if self.stats is not None else None
        if var is not None and var.stats is not None:
            return var.numdistinct()
        return self._distinct_estimate(expr), self._distinct_is_default(expr)

    def _stats_groups(self, exprs, input_rows: float):
        return join_group_statistics.estimate_num_groups(exprs, input_rows, self.stats)

    def _semi_statistics(self, outer, inner, inner_rows: float):
        """eqjoinsel_semi with statistics on both sides (MCV lists matched), else None."""
        if self.stats is None:
            return None
        var1, var2 = self.stats.examine(outer), self.stats.examine(inner)
        if var1 is None or var2 is None or var1.stats is None or var2.stats is None:
            return None
        return join_group_statistics.semi_join_selectivity(outer, inner, self.stats,
                                                           inner_rows)

    def _null_fraction(self, expr) -> float:
        var = self.stats.examine(expr) if self.stats is not None else None
        return var.stats.null_frac if var is not None and var.stats is not None else 0.0

    def _distinct_is_default(self, expr) -> bool:
        return not (isinstance(expr, Var) and expr.rtindex in self.base_tuples
                    and (self.base_tuples[expr.rtindex] < cost.DEFAULT_NUM_DISTINCT
                         or self._is_unique_column(expr)))

    def _restriction_selectivity(self, clause) -> float:
        """A clause of one table's columns as that table's scan estimates it (AND / OR /
        NOT combined from their parts, as clause_selectivity does)."""
        if isinstance(clause, BoolExpr):
            return self._combined_selectivity(clause, self._restriction_selectivity)
        relids = var_relids(clause)
        if len(relids) != 1:
            return cost.clause_selectivity(clause, self.stats)
        (rtindex,) = relids
        rte = self.query.range_table[rtindex - 1]
        if rte.kind != "relation" or rte.relation is None or inheritance.has_children(rte):
            return cost.clause_selectivity(clause, self.stats)
        _, tuples = self._table_size(rtindex)
        indexes = self.unique_check_indexes.get(rtindex)
        if indexes is None:
            indexes = self.unique_check_indexes[rtindex] = index_paths.table_indexes(
                rte.relation, tuples)
        # what _make_scan records for the statistics lookup, before the scan is made
        self.base_tuples.setdefault(rtindex, tuples)
        self.unique_columns.setdefault(rtindex, index_paths.unique_columns(indexes))
        self.table_index_lists.setdefault(rtindex, indexes)
        return index_paths.restriction_selectivity(
            [clause], rtindex, self.unique_columns[rtindex], tuples, self.stats)

    @staticmethod
    def _combined_selectivity(clause, part_selectivity) -> float:
        parts = [part_selectivity(a) for a in clause.args]
        if clause.op == "and":
            return functools.reduce(lambda x, y: x * y, parts, 1.0)
        if clause.op == "or":
            return functools.reduce(lambda x, y: x + y - x * y, parts, 0.0)
        return 1.0 - parts[0]

    def _join_clause_selectivity(self, q) -> float:
        """An equality between columns of two relations selects 1/max(nd1, nd2) of the
        cross product (eqjoinsel without statistics); other clauses their default. An
        AND / OR / NOT of parts combines their selectivities, a part of one table taking
        its restriction selectivity (clause_selectivity with varRelid 0)."""
        if isinstance(q, BoolExpr) and len(var_relids(q)) > 1:
            return self._combined_selectivity(q, lambda a: (
                self._restriction_selectivity(a) if len(var_relids(a)) <= 1
                else self._join_clause_selectivity(a)))
        if isinstance(q, OpExpr) and q.operator_name == "=" and len(q.args) == 2:
            a, b = q.args
            ra, rb = var_relids(a), var_relids(b)
            if ra and rb and not (ra & rb):
                estimate = join_group_statistics.join_selectivity(a, b, self.stats)
                if estimate is not None:
                    return estimate
                # nd is at least 1, as eqjoinsel clamps it (an empty relation gives 0).
                return 1.0 / max(self._distinct_estimate(a), self._distinct_estimate(b), 1.0)
        if isinstance(q, ScalarArrayOpExpr) and q.use_or and q.operator_name == "=" \
                and isinstance(q.array, ArrayExpr) and not q.array.multidims:
            # scalararraysel on a join clause: eqjoinsel per element, summed as
            # disjoint probabilities when that stays within [0, 1].
            combined = disjoint = 0.0
            for element in q.array.elements:
                t = self._join_clause_selectivity(
                    OpExpr("=", 0, None, (q.arg, element), 16))
                combined = combined + t - combined * t
                disjoint += t
            return disjoint if 0.0 <= disjoint <= 1.0 else combined
        return cost.clause_selectivity(q, self.stats)

    def _bucket_fraction(self, expr) -> float:
        estimate = join_group_statistics.hash_bucket_fraction(expr, None, self.stats)
        if estimate is not None:
            return estimate
        return cost.hash_bucket_fraction(self._distinct_estimate(expr), self._distinct_is_default(expr))

    def _scan_column_width(self, rtindex: int, attnum: int) -> int | None:
        """The width a column adds to its scan's width, when that width is the sum of its
        needed columns' (tables, function scans); None for other items."""
        rte = self.query.range_table[rtindex - 1]
        if rte.kind not in ("relation", "function") \
                or attnum not in self.needed.get(rtindex, ()):
            return None
        if attnum > 0:
            return self._column_width(rte, attnum)
        return TID_WIDTH if attnum == SELF_ITEM_POINTER_ATTNUM else 4

    def _column_width(self, rte, attnum: int) -> int:
        return selectivity_stats.column_width(rte, attnum)

    def _expression_width(self, expr) -> int:
        if isinstance(expr, Var) and not expr.levels_up and self.attr_widths:
            width = self.attr_widths.get((expr.rtindex, expr.attnum))
            if width is not None:
                return width
        width = selectivity_stats.variable_width(expr, self.stats)
        return expression_width(expr) if width is None else width

    def _estimate_groups(self, exprs, input_rows: float) -> float:
        """GROUP BY / DISTINCT groups: from the columns' statistics when they have any
        (join_group_statistics.estimate_num_groups), else cost.py's default. An
        expression of no column is one value (a volatile one: every row is a group); when
        all are such, the groups are 1, times 2 per boolean one, times the rows of a
        set-returning one (estimate_num_groups' short path)."""
        with_columns = [e for e in exprs
                        if any(isinstance(n, Var) for n in walk(e))]
        if len(with_columns) < len(exprs):
            constants = [e for e in exprs if not any(e is w for w in with_columns)]
            if any(const_fold.contains_volatile(e) for e in constants
                   if getattr(e, "type_oid", 0) != const_fold.BOOL):
                return input_rows       # (a boolean counts 2 values, volatile or not)
            if not with_columns:
                groups = 1.0
                for e in constants:
                    if getattr(e, "type_oid", 0) == const_fold.BOOL:
                        groups *= 2.0
                srf = max((function_registry.rows_estimate(
                    n.function_oid, [set_projection.estimate_argument(a) for a in n.args])
                    for e in constants for n in walk(e)
                    if isinstance(n, FuncExpr) and n.returns_set), default=1.0)
                return max(1.0, min(float(math.ceil(groups * srf)), input_rows))
            exprs = with_columns
        estimate = join_group_statistics.estimate_num_groups(exprs, input_rows, self.stats)
        if estimate is not None:
            return estimate
        return cost.estimate_groups(len(exprs), input_rows, input_rows)

    # -- INSERT / UPDATE / DELETE ---------------------------------------------------------------

    def _insert_source_scan(self, source):
        """INSERT ... SELECT ... FOR UPDATE: the SELECT stays a subquery (its row marks
        keep PostgreSQL from flattening it), scanned as "*SELECT*", which drops the
        LockRows junk columns."""
        node = SubqueryScan(rtindex=0, subplan=source, alias='"*SELECT*"')
        node.startup_cost = source.startup_cost
        node.total_cost = source.total_cost + cost.CPU_TUPLE_COST * source.plan_rows
        node.plan_rows = source.plan_rows
        node.output_keys = source.output_keys
        return node

    def plan_modify(self):
        query = self.query
        rte = query.range_table[query.result_relation - 1]
        node = ModifyTable(operation=query.command_type, rtindex=query.result_relation,
                           relation=rte.relation)
        node.target_alias = rte.alias
        if query.command_type == "INSERT":
            if query.insert_source is not None:
                child = plan_query(query.insert_source, parent=self)
                if query.insert_source.row_marks:
                    child = self._insert_source_scan(child)
            else:
                child = Result()
                child.total_cost, child.plan_rows = cost.CPU_TUPLE_COST, 1.0
                child.target_list = []
            node.assignments = {t.attnum: t.expr for t in query.target_list}
            node.on_conflict = query.on_conflict
            if not _zero_width_dummy(child):
                child.plan_width = sum(self._expression_width(t.expr)
                                       for t in query.target_list)
        elif query.command_type == "MERGE":
            child = merge_planning.plan_merge_join(self, node)
        else:
            self.needed = {query.result_relation: set()}
            if modify_from.is_joined(query):        # UPDATE ... FROM / DELETE ... USING
                modify_from.collect_needed(self)
            else:
                # RETURNING xmin, cmin, ...: header fields the target's scan carries
                self.needed[query.result_relation].update(
                    node.attnum for t in query.returning for node in walk(t.expr)
                    if isinstance(node, Var) and node.levels_up == 0
                    and node.rtindex == query.result_relation and node.attnum < 0)
            child = inheritance.finish_modify(node, self.plan_from())
            target_costs.charge_new_values(child, list(query.update_assignments.values()))
            width = TID_WIDTH + sum(self._expression_width(e) for e in query.update_assignments.values())
            width += modify_from.junk_width(self) + modify_from.copied_rows_width(self)
            if getattr(node, "explain_targets", None):
                # A tree of tables: each row also says which table it is in (tableoid),
                # and every scan under the Append returns the same columns.
                width += OID_WIDTH
                append, below = child, width
                if isinstance(child, Result):
                    # an inheritance tree's Result adds the constant new values itself
                    append = child.child
                    below -= sum(self._expression_width(e)
                                 for e in query.update_assignments.values()
                                 if isinstance(e, Const))
                for scan in getattr(append, "subplans", ()):
                    scan.plan_width = below
                append.plan_width = below
            if not _zero_width_dummy(child) or not all(
                    isinstance(e, Var) for e in query.update_assignments.values()):
                child.plan_width = width        # (new values are a projection)
            node.assignments = dict(query.update_assignments)
            node.recheck_qual = conjuncts(query.where)
            node.scan_keys = child.output_keys
            node.instead_of_source = getattr(rte, "instead_of_source", 0)
        node.child = child
        node.returning = [t.expr for t in query.returning]
        node.check_options = list(query.check_options)
        node.startup_cost, node.total_cost = child.startup_cost, child.total_cost
        if query.returning:
            node.plan_rows = child.plan_rows
            # the subplan's width, not RETURNING's (create_modifytable_path: "totally
            # wrong ... but it's what happened historically")
            node.plan_width = child.plan_width
        node.output_keys = [("col", i) for i in range(len(node.returning))]
        return node
