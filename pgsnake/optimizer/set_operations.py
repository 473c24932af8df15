"""Planning UNION / INTERSECT / EXCEPT [ALL] (parser/set_operations.py's tree).

Entry point:
    plan_set_operation(planner) -> Plan    the plan of planner.query's set operation; its
                                           output columns are the result columns (then,
                                           for INTERSECT / EXCEPT, the flag). It also
                                           gives planner.query's target list the
                                           expressions EXPLAIN shows for them.

The shapes are PostgreSQL's (prepunion.c):
- Every leaf is planned as a subquery and scanned by a Subquery Scan on "*SELECT* n"
  whose target list converts its columns to the result types (and adds the flag for
  INTERSECT / EXCEPT). A scan that would only pass its subquery's columns through is
  left out of the plan (setrefs.c's trivial_subqueryscan), though its cost stays in
  the parent's, as in PostgreSQL.
- UNION [ALL]: the children of nested UNIONs of the same kind (a UNION ALL under a
  UNION too) go into one Append. UNION then removes duplicates with a HashAggregate or
  with Sort + Unique, whichever choose_hashed is cheaper for (sorting when
  enable_hashagg is off or the hash table would not fit in hash_mem; only the one the
  column types allow when they only hash or only sort: setop_hashable /
  setop_sortable). Without columns nothing is sorted.
- INTERSECT / EXCEPT: an Append of the two sides (for INTERSECT the side with fewer
  estimated groups first) under a HashSetOp, or a SetOp over a Sort.
- A nested node whose result must be converted or flagged gets a Result above it.
- A tree of UNION ALLs only whose leaves need no conversion is PostgreSQL's "append
  relation": one Append of the leaves' plans, costed without Subquery Scans.

Costs: Append adds cpu_tuple_cost / 2 per row to its children; a Subquery Scan
cpu_tuple_cost per row plus its conversions; SetOp cpu_operator_cost per row and
column; the HashAggregate / Sort / Unique formulas are cost.py's.

PostgreSQL: optimizer/prep/prepunion.c (plan_set_operations, recurse_set_operations,
generate_union_paths, generate_nonunion_paths, choose_hashed_setop),
optimizer/prep/prepjointree.c (flatten_simple_union_all), optimizer/util/pathnode.c
(create_append_path, create_setop_path, create_upper_unique_path).
"""
from __future__ import annotations

import dataclasses

from pgsnake.optimizer import cost, cte_planning
from pgsnake.optimizer.plan_nodes import (
    Aggregate, Append, Result, SortKey, SubqueryScan, Unique)
from pgsnake.optimizer.set_operation_nodes import RecursiveUnion, SetOp
from pgsnake.parser.expression_nodes import CoerceExpr, ColumnReference, Const, Param, Var
from pgsnake.parser.query import TargetEntry
from pgsnake.parser.operator_classes import BTREE, HASH, _has_opclass
from pgsnake.parser.set_operations import SetOperation, SetOperationLeaf, leaf_rtindex
from pgsnake.utils import settings
from pgsnake.utils.errors import FEATURE_NOT_SUPPORTED, PgError

INT4_OID = 23
FLAG_WIDTH = 4
MINIMAL_TUPLE_HEADER = 16            # MAXALIGN(SizeofMinimalTupleHeader)
_RELABELLED = {(1043, 25), (25, 1043)}    # binary-coercible pairs: no function to call


@dataclasses.dataclass(eq=False)
class _Input:
    """A planned child: its plan, the cost its parent adds up (a removed Subquery Scan's
    cost stays in it), its rows, its estimated groups, and per output column the
    expression EXPLAIN shows for it."""
    plan: object
    startup: float
    total: float
    rows: float
    groups: float
    shown: list


def plan_set_operation(planner):
    query = planner.query
    tree = query.set_operation[0]
    fraction = _tuple_fraction(query)
    builder = _SetOperationPlanner(planner, fraction)
    if tree.recursive_cte is not None:
        top = builder.recursive_union(tree)
    elif _is_simple_union_all(tree):
        top = builder.append_relation(tree)
    else:
        top = builder.node(tree)
    shown = top.shown
    query.target_list = [dataclasses.replace(t, expr=reference(i, t.expr.type_oid, shown[i]))
                         if not t.resjunk else t for i, t in enumerate(query.target_list)]
    planner.presorted = _sorted_for_order_by(top.plan, query)
    if isinstance(top.plan, SetOp):
        # The flag stays in the top node's output as a junk column (PostgreSQL's SetOp
        # target list has it resjunk), so the node's width counts it.
        query.target_list.append(TargetEntry(ColumnReference(len(shown) - 1, INT4_OID),
                                             "flag", resjunk=True))
    return top.plan


def _sorted_for_order_by(plan, query) -> bool:
    """A sorted SetOp or a Unique over a Sort returns its rows ascending on every column
    in order: ORDER BY asking for a prefix of that needs no Sort of its own."""
    if isinstance(plan, SetOp):
        if plan.strategy != "sorted":
            return False
    elif not isinstance(plan, Unique):
        return False
    return all(s.target_index == i and not s.descending and not s.nulls_first
               for i, s in enumerate(query.sort_clause))


def reference(index: int, type_oid: int, shown) -> ColumnReference:
    """A reference to a child's column `index`, shown in EXPLAIN as the expression it
    stands for: in parentheses unless that is a plain column (ruleutils get_variable)."""
    if isinstance(shown, ColumnReference):
        return ColumnReference(index, type_oid, shown.shown_as, in_parens=shown.in_parens)
    return ColumnReference(index, type_oid, shown, in_parens=not isinstance(shown, (Var, Param)))


def _tuple_fraction(query) -> float:
    """The planner's tuple_fraction for this level: an absolute LIMIT count (plus a
    constant OFFSET), a tenth for a LIMIT known only at run time, else 0 (all rows)."""
    count, offset = query.limit_count, query.limit_offset
    if isinstance(count, Const) and count.value is not None and count.value > 0:
        if offset is None or isinstance(offset, Const):
            skip = offset.value if offset is not None and offset.value else 0
            return float(count.value + skip)
        return 0.10
    if count is not None and not isinstance(count, Const):
        return 0.10                 # a LIMIT from a parameter: assume a tenth (preprocess_limit)
    return 0.0


def _is_safe_append_member(query) -> bool:
    """Whether PostgreSQL pulls a UNION ALL leaf up into the append relation (so no
    Subquery Scan is costed for it): a plain query of at most one FROM item that is not
    a join, without WHERE (is_simple_subquery, is_safe_append_member)."""
    if (query.group_by or query.has_aggregates or query.distinct or query.distinct_on
            or query.sort_clause or query.limit_count is not None
            or query.limit_offset is not None or query.set_operation is not None
            or query.having is not None or query.row_marks or query.where is not None):
        return False
    return len(query.from_list) == 0 or (len(query.from_list) == 1
                                         and query.from_list[0].rtindex != 0)


def _is_simple_union_all(tree) -> bool:
    """flatten_simple_union_all: UNION ALL all the way down, every leaf already of the
    result types."""
    if isinstance(tree, SetOperationLeaf):
        return True
    if tree.op != "union" or not tree.all:
        return False
    for child, exprs in ((tree.left, tree.left_exprs), (tree.right, tree.right_exprs)):
        if not all(isinstance(e, (Var, ColumnReference)) for e in exprs):
            return False
        if not _is_simple_union_all(child):
            return False
    return True


def _conversion_cost(exprs) -> float:
    total = 0.0
    for expr in exprs:
        while isinstance(expr, CoerceExpr):
            if (expr.arg.type_oid, expr.type_oid) not in _RELABELLED:
                total += cost.CPU_OPERATOR_COST
            expr = expr.arg
    return total


def _width(exprs) -> int:
    return sum(cost.column_width(e.type_oid, getattr(e, "typmod", -1)) for e in exprs)


class _SetOperationPlanner:
    def __init__(self, planner, tuple_fraction: float) -> None:
        self.planner = planner
        self.tuple_fraction = tuple_fraction

    # -- children ----------------------------------------------------------------------------

    def child(self, child, exprs, flag: int) -> _Input:
        """recurse_set_operations: `child` planned with its columns converted by `exprs`
        and, when flag >= 0, a flag column of that value added."""
        if isinstance(child, SetOperationLeaf):
            return self.leaf(child, exprs, flag)
        inner = self.node(child)
        converted = [e for e in exprs if not isinstance(e, ColumnReference)]
        if flag < 0 and not converted:
            return inner
        tlist = [_show_through(e, inner.shown) for e in exprs]
        tlist += [Const(INT4_OID, flag)] if flag >= 0 else []
        plan = inner.plan
        per_row = _conversion_cost(tlist)
        if isinstance(plan, Aggregate):
            # A HashAggregate projects by itself (apply_projection_to_path).
            node = plan
            node.total_cost += per_row * plan.plan_rows
        else:
            node = Result(child=plan)
            node.startup_cost = plan.startup_cost
            node.total_cost = plan.total_cost + (cost.CPU_TUPLE_COST + per_row) * plan.plan_rows
            node.plan_rows = plan.plan_rows
            node.output_keys = plan.output_keys
        self.planner._project(node, tlist)
        return _Input(node, node.startup_cost, node.total_cost, node.plan_rows, node.plan_rows,
                      tlist)

    def leaf(self, leaf: SetOperationLeaf, exprs, flag: int) -> _Input:
        from pgsnake.optimizer.planner import plan_level
        sub, sub_planner = plan_level(leaf.query, parent=self.planner)
        rtindex = leaf_rtindex(leaf)
        tlist = [_constants_copied_up(e, rtindex, leaf.query) for e in exprs] + \
            ([Const(INT4_OID, flag)] if flag >= 0 else [])
        scan = SubqueryScan(rtindex=rtindex, subplan=sub, alias=f'"{leaf.name}"')
        rows = sub.plan_rows
        scan.startup_cost = sub.startup_cost
        scan.total_cost = sub.total_cost + (cost.CPU_TUPLE_COST + _conversion_cost(tlist)) * rows
        scan.plan_rows = rows
        scan.output_keys = [("var", rtindex, i + 1) for i in range(len(sub.output_keys))]
        self.planner._project(scan, tlist)
        visible = leaf.query.output_columns()
        trivial = (flag < 0 and len(sub.output_keys) == len(exprs)
                   and all(isinstance(e, Var) and e.attnum == i + 1 for i, e in enumerate(exprs)))
        # shown as the planned leaf's own outputs: a pulled-up subquery's columns are
        # the expressions they stand for ("*VALUES*".column1, not _.x), as EXPLAIN
        # deparses them through the removed Subquery Scan
        shown = [t.expr for t in sub_planner.query.output_columns()] if trivial else tlist
        plan = sub if trivial else scan
        return _Input(plan, scan.startup_cost, scan.total_cost, rows,
                      _leaf_groups(sub_planner.query, rows, sub_planner), shown)

    def append_relation(self, tree) -> _Input:
        """A simple UNION ALL tree: the leaves' own plans under one Append."""
        from pgsnake.optimizer.planner import plan_query
        inputs = []
        for leaf, _ in _union_inputs(tree):
            sub = plan_query(leaf.query, parent=self.planner)
            q = leaf.query
            startup, total = sub.startup_cost, sub.total_cost
            if not _is_safe_append_member(q):
                total += cost.CPU_TUPLE_COST * sub.plan_rows    # kept as a subquery
            inputs.append(_Input(sub, startup, total, sub.plan_rows, sub.plan_rows,
                                 [t.expr for t in q.output_columns()]))
        width = _width(inputs[0].shown)
        return self._append(inputs, width)

    # -- nodes ---------------------------------------------------------------------------------

    def recursive_union(self, tree: SetOperation) -> _Input:
        """generate_recursion_path: the non-recursive term, then the recursive one (whose
        WorkTable Scan is sized from the first); 10 rounds are assumed."""
        cte = tree.recursive_cte
        if not tree.all:
            # UNION (not ALL) keeps a hash table of the rows seen (generate_recursion_path)
            if not all(_has_opclass(t, (HASH,)) for t in tree.column_types):
                raise PgError(FEATURE_NOT_SUPPORTED, "could not implement recursive UNION",
                              detail="All column datatypes must be hashable.")
        left = self.child(tree.left, tree.left_exprs, -1)
        glob = self.planner.glob
        slot = glob.new_slot()
        cte_planning.work_tables(glob)[cte.cte_id] = (left.plan.plan_rows, slot)
        right = self.child(tree.right, tree.right_exprs, -1)
        columns = len(tree.column_types)
        node = RecursiveUnion(non_recursive=left.plan, recursive=right.plan,
                              work_table_id=cte.cte_id, work_param=slot,
                              distinct=not tree.all, num_columns=columns)
        rows = left.plan.plan_rows + 10 * right.plan.plan_rows
        node.startup_cost = left.startup
        node.total_cost = left.total + 10 * right.total + cost.CPU_TUPLE_COST * rows
        node.plan_rows = cost.clamp_rows(rows)
        node.plan_width = max(left.plan.plan_width, right.plan.plan_width)
        node.output_keys = [("col", i) for i in range(columns)]
        shown = [reference(i, e.type_oid, e) for i, e in enumerate(left.shown)]
        return _Input(node, node.startup_cost, node.total_cost, node.plan_rows,
                      node.plan_rows, shown)

    def node(self, tree: SetOperation) -> _Input:
        if tree.op == "union":
            return self.union(tree)
        return self.intersect_except(tree)

    def _append(self, inputs: list[_Input], width: int) -> _Input:
        node = Append(subplans=[i.plan for i in inputs])
        rows = sum(i.rows for i in inputs)
        node.startup_cost = inputs[0].startup
        node.total_cost = sum(i.total for i in inputs) + cost.CPU_TUPLE_COST * 0.5 * rows
        node.plan_rows = rows
        node.plan_width = width
        columns = len(inputs[0].shown)
        node.output_keys = [("col", i) for i in range(columns)]
        shown = [reference(i, e.type_oid, e) for i, e in enumerate(inputs[0].shown)]
        return _Input(node, node.startup_cost, node.total_cost, rows, rows, shown)

    def union(self, tree: SetOperation) -> _Input:
        inputs = [self.child(child, exprs, -1) for child, exprs in _union_inputs(tree)]
        width = _width(tree.left_exprs)
        appended = self._append(inputs, width)
        if tree.all:
            return appended
        return self._unique(appended, tree.column_types, width)

    def _unique(self, appended: _Input, column_types, width: int) -> _Input:
        """make_union_unique: HashAggregate, or Sort + Unique (no Sort without
        columns)."""
        child = appended.plan
        rows = appended.rows
        groups = rows
        columns = len(column_types)
        group = appended.shown[:columns]
        if self._choose_hashed(child, column_types, groups, groups, "UNION"):
            node = Aggregate(child=child, strategy="hashed", group_exprs=list(group))
            node.startup_cost, node.total_cost = cost.cost_hash_agg(
                child.total_cost, rows, 0.0, columns, groups, 0.0)
        else:
            sort = self._sort(child, group)
            node = Unique(child=sort, key_indexes=list(range(columns)))
            node.startup_cost = sort.startup_cost
            node.total_cost = sort.total_cost + cost.CPU_OPERATOR_COST * columns * rows
        node.plan_rows, node.plan_width = groups, width
        node.output_keys = [("col", i) for i in range(columns)]
        return _Input(node, node.startup_cost, node.total_cost, groups, groups,
                      [reference(i, e.type_oid, e) for i, e in enumerate(group)])

    def intersect_except(self, tree: SetOperation) -> _Input:
        left = self.child(tree.left, tree.left_exprs, 0)
        right = self.child(tree.right, tree.right_exprs, 1)
        columns = len(tree.column_types)
        if tree.op == "except" or left.groups <= right.groups:
            inputs = [left, right]
        else:
            inputs = [right, left]
        appended = self._append(inputs, _width(tree.left_exprs) + FLAG_WIDTH)
        child = appended.plan
        if tree.op == "except":
            groups = left.groups
            out_rows = left.rows if tree.all else groups
        else:
            groups = min(left.groups, right.groups)
            out_rows = min(left.rows, right.rows) if tree.all else groups
        group = appended.shown[:columns]
        hashed = self._choose_hashed(child, tree.column_types, groups, out_rows,
                                     tree.op.upper())
        if not hashed and columns:
            child = self._sort(child, group)
        node = SetOp(child=child, op=tree.op, all=tree.all,
                     strategy="hashed" if hashed else "sorted", num_columns=columns)
        node.startup_cost = child.startup_cost
        node.total_cost = child.total_cost + cost.CPU_OPERATOR_COST * child.plan_rows * columns
        node.plan_rows = out_rows
        node.plan_width = child.plan_width
        node.output_keys = list(appended.plan.output_keys)
        return _Input(node, node.startup_cost, node.total_cost, out_rows, out_rows,
                      appended.shown)

    # -- helpers -------------------------------------------------------------------------------

    def _sort(self, child, group):
        if not group:
            return child                # nothing to sort by (make_union_unique)
        keys = [SortKey(i, False, False, g) for i, g in enumerate(group)]
        return self.planner._make_sort(child, keys)

    def _choose_hashed(self, child, column_types, groups: float, out_rows: float,
                       op_name: str) -> bool:
        """choose_hashed_setop: the only strategy the column types allow (0A000 when
        neither is); otherwise hashing unless enable_hashagg is off, the hash table
        would not fit in hash_mem, or sorting is cheaper for the rows wanted."""
        columns = len(column_types)
        can_hash = all(setop_hashable(t) for t in column_types)
        can_sort = all(setop_sortable(t) for t in column_types)
        if not (can_hash and can_sort):
            if can_hash or can_sort:
                return can_hash
            raise PgError(FEATURE_NOT_SUPPORTED, f"could not implement {op_name}",
                          detail="Some of the datatypes only support hashing, while "
                                 "others only support sorting.")
        if not settings.get("enable_hashagg"):
            return False
        entry = _maxalign(child.plan_width) + MINIMAL_TUPLE_HEADER
        hash_mem = settings.get("work_mem") * 1024.0 * settings.get("hash_mem_multiplier")
        if entry * groups > hash_mem:
            return False
        rows = child.plan_rows
        hashed = cost.cost_hash_agg(child.total_cost, rows, 0.0, columns, groups, 0.0)
        sort_startup, sort_total = cost.cost_sort(child.startup_cost, child.total_cost, rows,
                                                  child.plan_width)
        grouped = (sort_startup, sort_total + cost.CPU_OPERATOR_COST * columns * rows)
        fraction = self.tuple_fraction
        if fraction >= 1.0:
            fraction = fraction / out_rows if out_rows else 0.0
        return _compare_fractional(hashed, grouped, fraction) < 0


RECORD_OID = 2249


def setop_hashable(type_oid: int) -> bool:
    """Can a set operation hash this column type (the type cache's hash support)?
    Not an anonymous record (PostgreSQL's type cache reports none: its fields are
    unknown until run time); an array or a composite type only when its element /
    every field is; others when the type has a default hash operator class."""
    return _grouping_support(type_oid, HASH)


def setop_sortable(type_oid: int) -> bool:
    """Can a set operation sort this column type (a default btree operator class, for
    arrays and composites of every element / field)?"""
    return _grouping_support(type_oid, BTREE)


def _grouping_support(type_oid: int, method: int, depth: int = 0) -> bool:
    from pgsnake.catalog import catalog_cache
    from pgsnake.datatypes import registry
    if type_oid == RECORD_OID:
        return method == BTREE
    if depth > 20:
        return True
    try:
        info = registry.get_type(type_oid)
    except PgError:
        return True
    if info.element_oid and info.category == "A":
        return _has_opclass(type_oid, (method,)) and \
            _grouping_support(info.element_oid, method, depth + 1)
    row = catalog_cache.get_type_row(type_oid)
    if row is not None and row.typtype == "c" and row.typrelid:
        return all(_grouping_support(a.type_oid, method, depth + 1)
                   for a in catalog_cache.get_relation(row.typrelid).attributes
                   if not a.is_dropped)
    return _has_opclass(type_oid, (method,))


def _maxalign(n: int) -> int:
    return (n + 7) & ~7


def _compare_fractional(a, b, fraction: float) -> int:
    """compare_fractional_path_costs on (startup, total) pairs."""
    if fraction <= 0.0 or fraction >= 1.0:
        if a[1] != b[1]:
            return -1 if a[1] < b[1] else 1
        if a[0] != b[0]:
            return -1 if a[0] < b[0] else 1
        return 0
    cost_a = a[0] + fraction * (a[1] - a[0])
    cost_b = b[0] + fraction * (b[1] - b[0])
    return -1 if cost_a < cost_b else (1 if cost_a > cost_b else 0)


def _union_inputs(tree: SetOperation) -> list:
    """plan_union_children: the inputs of one Append, nested UNIONs of the same kind
    (or UNION ALLs under a UNION) with the same column types flattened into it."""
    out = []
    for child, exprs in ((tree.left, tree.left_exprs), (tree.right, tree.right_exprs)):
        if (isinstance(child, SetOperation) and child.op == "union"
                and (child.all == tree.all or child.all)
                and child.column_types == tree.column_types
                and all(isinstance(e, ColumnReference) for e in exprs)):
            out.extend(_union_inputs(child))
        else:
            out.append((child, exprs))
    return out


def _constants_copied_up(expr, rtindex: int, query):
    """generate_setop_tlist's hack_constants: a leaf's column that is a constant is
    copied up into its Subquery Scan's target list instead of being referenced (the
    scan computes the same value; EXPLAIN VERBOSE shows "1, 'x'::text, 0")."""
    from pgsnake.optimizer.subselect import _rebuild
    columns = query.output_columns()

    def constant(e):
        if isinstance(e, Var) and e.rtindex == rtindex and e.levels_up == 0 \
                and 0 < e.attnum <= len(columns) and isinstance(columns[e.attnum - 1].expr, Const) \
                and columns[e.attnum - 1].expr.type_oid == e.type_oid:
            return columns[e.attnum - 1].expr
        return None
    return _rebuild(expr, constant)


def _show_through(expr, shown: list):
    """`expr` over a child's columns, with each ColumnReference shown as what it stands for."""
    if isinstance(expr, ColumnReference):
        return reference(expr.index, expr.type_oid, shown[expr.index])
    if isinstance(expr, CoerceExpr):
        return dataclasses.replace(expr, arg=_show_through(expr.arg, shown))
    return expr


def _leaf_groups(query, rows: float, planner=None) -> float:
    """The distinct rows a leaf is estimated to return (recurse_set_operations'
    pNumGroups): all of them when it groups or aggregates, else estimate_num_groups
    over its non-constant output columns (with the leaf level's statistics)."""
    if query.group_by or query.has_aggregates or query.distinct or query.having is not None:
        return rows
    from pgsnake.parser.expression_nodes import walk
    varying = [t for t in query.output_columns()
               if any(isinstance(n, (Var, Param)) for n in walk(t.expr))]
    if not varying:
        return 1.0
    if planner is not None:
        return planner._estimate_groups([t.expr for t in varying], rows)
    return cost.estimate_groups(len(varying), rows, rows)
