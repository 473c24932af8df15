"""Choosing the join method: every way of joining two inputs, costed, the cheapest kept.

Entry points:
    JoinInputs(...)                       what is being joined (both inputs' surviving plans)
    join_paths(inputs) -> list[Plan]      the surviving candidate plans of the join
    add_path(pathlist, plan, consider_startup)   PostgreSQL's add_path dominance rules
    PathList(rows, consider_startup)      a path list with add and an exact
                                          add_path_precheck (rejected)
    cheapest_total(pathlist) -> Plan      set_cheapest's choice
    pathkeys_contained_in(wanted, have) -> bool

Candidates are generated in PostgreSQL's order, for each assignment of the two inputs to
the outer and inner side (an inner join tries both; a LEFT join tries the preserved side
as outer, then as inner, which makes a Right join; a FULL join tries both orders with
merge and hash joins only): merge join over explicitly sorted
inputs (one variant per leading merge key), nested loops (plain and over a Materialize)
and merge joins on an already-sorted outer, then hash join. Each is added with add_path,
which drops candidates dominated within a 1% cost fuzz, preferring sorted output on ties;
so ties resolve exactly as PostgreSQL's do, which EXPLAIN comparisons depend on.

Invariants:
1. All candidates of one join produce the same rows (same layout: outer row then inner
   row, in the candidate's own outer/inner order) and the same estimated row count.
2. A merge join's inputs are sorted ascending NULLS LAST on its merge keys in clause
   order; the output keeps the outer order (pathkeys), except a Right join's.
3. Merge clauses are `=` between two plain columns of sortable, comparable types (one
   per side); hash clauses are any `=` between an expression of each side.

PostgreSQL: optimizer/path/joinpath.c (add_paths_to_joinrel, sort_inner_and_outer,
match_unsorted_outer, hash_inner_and_outer), optimizer/util/pathnode.c (add_path,
compare_path_costs_fuzzily, set_cheapest), optimizer/path/pathkeys.c (compare_pathkeys),
optimizer/plan/createplan.c (create_mergejoin_plan).
"""
from __future__ import annotations

import dataclasses

from pgsnake.optimizer import cost, memoize_paths, param_paths, semi_joins
from pgsnake.optimizer.plan_nodes import (
    HashJoin, Hash, Materialize, MergeJoin, NestedLoop, Sort, SortKey)
from pgsnake.parser.expression_nodes import (Const, FuncExpr, OpExpr, Param, SubLink,
                                             SubPlan, Var, walk)
from pgsnake.utils import settings

STD_FUZZ_FACTOR = 1.01

# Types whose `=` is a btree equality and whose Python values sort as PostgreSQL's
# default operator class does; a merge clause needs both sides in one family.
_SORT_FAMILIES = [
    {20, 21, 23}, {700, 701}, {1700}, {25, 1043, 19}, {1042}, {16}, {26}, {18},
    {1082, 1114, 1184}, {1083}, {1186},
]


def mergeable_types(a: int, b: int) -> bool:
    return any(a in family and b in family for family in _SORT_FAMILIES)


# -- add_path / set_cheapest --------------------------------------------------------------------

_EQUAL, _BETTER1, _BETTER2, _DIFFERENT = 0, 1, 2, 3


def _compare_costs_fuzzily(p1, p2, fuzz, consider_startup) -> int:
    if p1.total_cost > p2.total_cost * fuzz:
        if consider_startup and p2.startup_cost > p1.startup_cost * fuzz:
            return _DIFFERENT
        return _BETTER2
    if p2.total_cost > p1.total_cost * fuzz:
        if consider_startup and p1.startup_cost > p2.startup_cost * fuzz:
            return _DIFFERENT
        return _BETTER1
    if p1.startup_cost > p2.startup_cost * fuzz:
        return _BETTER2
    if p2.startup_cost > p1.startup_cost * fuzz:
        return _BETTER1
    return _EQUAL


def compare_pathkeys(keys1, keys2) -> int:
    if keys1 == keys2:
        return _EQUAL
    n1, n2 = len(keys1), len(keys2)
    if n1 > n2:
        return _BETTER1 if keys1[:n2] == keys2 else _DIFFERENT
    if n2 > n1:
        return _BETTER2 if keys2[:n1] == keys1 else _DIFFERENT
    return _DIFFERENT


def pathkeys_contained_in(wanted, have) -> bool:
    """True when output ordered by `have` is also ordered by `wanted` (each wanted key a
    set of acceptable layout keys, or one key's equivalence set)."""
    if len(wanted) > len(have):
        return False
    return all(w <= h or w & h and len(w) == 1 for w, h in zip(wanted, have))


def _verdict(pathlist: list, new_startup: float, new_total: float, new_keys: list,
             new_rows: float, consider_startup: bool):
    """add_path's decision for a plan with these costs, pathkeys and rows: (whether it
    is kept, the old plans that stay). Nothing else of the plan is read, so it answers
    add_path_precheck before the plan is built."""
    fuzz = STD_FUZZ_FACTOR
    accept_new = True
    survivors = []
    for old in pathlist:
        remove_old = False
        old_total, old_startup = old.total_cost, old.startup_cost
        # _compare_costs_fuzzily(new, old, STD_FUZZ_FACTOR, consider_startup), inline
        if new_total > old_total * fuzz:
            costcmp = _DIFFERENT if consider_startup and old_startup > new_startup * fuzz \
                else _BETTER2
        elif old_total > new_total * fuzz:
            costcmp = _DIFFERENT if consider_startup and new_startup > old_startup * fuzz \
                else _BETTER1
        elif new_startup > old_startup * fuzz:
            costcmp = _BETTER2
        elif old_startup > new_startup * fuzz:
            costcmp = _BETTER1
        else:
            costcmp = _EQUAL
        if costcmp != _DIFFERENT:
            old_keys = old.pathkeys
            keyscmp = _EQUAL if old_keys is new_keys or not (old_keys or new_keys) \
                else compare_pathkeys(new_keys, old_keys)
            if keyscmp != _DIFFERENT:
                if costcmp == _EQUAL:
                    if keyscmp == _BETTER1:
                        remove_old = True
                    elif keyscmp == _BETTER2:
                        accept_new = False
                    elif new_rows < old.plan_rows:
                        remove_old = True
                    elif new_rows > old.plan_rows:
                        accept_new = False
                    elif _compare_costs_fuzzily(_Probe(new_startup, new_total, new_keys, new_rows),
                                                old, 1.0000000001, consider_startup) == _BETTER1:
                        remove_old = True
                    else:
                        accept_new = False
                elif costcmp == _BETTER1:
                    if keyscmp != _BETTER2:
                        remove_old = True
                elif costcmp == _BETTER2:
                    if keyscmp != _BETTER1:
                        accept_new = False
        if not remove_old:
            survivors.append(old)
        if not accept_new:
            break
    return accept_new, survivors


def add_path(pathlist: list, new, consider_startup: bool = False) -> None:
    """Insert `new` unless an existing plan dominates it; drop plans it dominates. The
    list stays ordered by total cost (equal costs: older first)."""
    accept_new, survivors = _verdict(pathlist, new.startup_cost, new.total_cost, new.pathkeys,
                                     new.plan_rows, consider_startup)
    if accept_new:
        _insert(pathlist, new, survivors)


def _insert(pathlist: list, new, survivors: list) -> None:
    pathlist[:] = survivors
    at = 0
    for i, old in enumerate(pathlist):
        if new.total_cost >= old.total_cost:
            at = i + 1
    pathlist.insert(at, new)


class _Probe:
    """What add_path reads of a candidate, before the candidate is built."""
    __slots__ = ("startup_cost", "total_cost", "pathkeys", "plan_rows")

    def __init__(self, startup_cost, total_cost, pathkeys, plan_rows):
        self.startup_cost, self.total_cost = startup_cost, total_cost
        self.pathkeys, self.plan_rows = pathkeys, plan_rows


class PathList:
    """A path list with add_path and add_path_precheck. `rejected(startup, total,
    pathkeys)` is exact (the final costs are known as cheaply as PostgreSQL's initial
    ones), and when it accepts, the following `add` of the plan with those values
    re-uses its verdict (the list has not changed in between)."""

    def __init__(self, rows: float, consider_startup: bool) -> None:
        self.paths: list = []
        self.rows = rows
        self.consider_startup = consider_startup
        self._accepted = None       # (startup, total, pathkeys, survivors) of the last check

    def rejected(self, startup: float, total: float, pathkeys: list) -> bool:
        accept, survivors = _verdict(self.paths, startup, total, pathkeys, self.rows,
                                     self.consider_startup)
        self._accepted = (startup, total, pathkeys, survivors) if accept else None
        return not accept

    def add(self, plan) -> None:
        if plan is None:
            return
        known, self._accepted = self._accepted, None
        if known is not None and known[0] == plan.startup_cost \
                and known[1] == plan.total_cost and plan.plan_rows == self.rows \
                and known[2] == plan.pathkeys:
            _insert(self.paths, plan, known[3])
        else:
            add_path(self.paths, plan, self.consider_startup)


def cheapest_total(pathlist: list):
    best = pathlist[0]
    for plan in pathlist[1:]:
        if plan.total_cost < best.total_cost or (
                plan.total_cost == best.total_cost and (
                    plan.startup_cost < best.startup_cost or (
                        plan.startup_cost == best.startup_cost
                        and compare_pathkeys(best.pathkeys, plan.pathkeys) == _BETTER2))):
            best = plan
    return best


# -- candidates --------------------------------------------------------------------------------

@dataclasses.dataclass
class JoinInputs:
    left_paths: list            # plans of the left (or preserved, for 'left') input
    right_paths: list
    left_relids: frozenset
    right_relids: frozenset
    join_type: str              # 'inner', 'left', 'full', 'semi' or 'anti'
    quals: list                 # every clause evaluated at this join
    rows: float                 # the join's estimated rows
    clause_selectivity: object  # clause -> selectivity (join selectivity of one clause)
    consider_startup: bool = False
    # An outer join's pushed-down quals: they filter the NULL-extended rows (the node's
    # qual, EXPLAIN's "Filter"), where `quals` decide which rows match ("Join Filter").
    filter_quals: list = dataclasses.field(default_factory=list)
    # Semi / anti joins, and an inner join over a unique-ified semi-join RHS: the
    # executor stops at each outer row's first match (semi_joins.py's costs).
    semi_factors: object = None
    one_order: bool = False     # only left outer, right inner (a unique-ified side)
    unique_side: str = ""       # 'inner' / 'outer': that input is a unique-ified RHS
    # Per input order (left outer, then right outer): semi factors when that order's
    # inner input is unique for the join clauses (inner_unique), else None.
    order_factors: tuple | None = None
    # 'left' / 'right': that input is a LATERAL item parameterised by the other, so only
    # a Nested Loop with it as the inner side is possible (lateral_paths.py).
    parameterised: str | None = None
    # Per input order (right inner, then left inner): parameterised inner scans of a
    # base table (param_paths.ParamScan), each a Nested Loop's inner side.
    param_inner: tuple = ((), ())
    # the join relation's width (join_widths.py), None: the inputs' widths added up
    width: int | None = None
    # each input order's candidates pruned on their own (a partitionwise join's pair:
    # the Append needs every pair's plan of one output layout, partitionwise_join.py)
    prune_each_order: bool = False


def _var_relids(expr) -> frozenset:
    from pgsnake.optimizer.planner import var_relids
    return var_relids(expr)


def _equality_sides(q, outer_relids, inner_relids):
    """(outer expr, inner expr) when q is `=` between one side and the other."""
    if not (isinstance(q, OpExpr) and q.operator_name == "=" and len(q.args) == 2):
        return None
    a, b = q.args
    ra, rb = _var_relids(a), _var_relids(b)
    if ra and rb and ra <= outer_relids and rb <= inner_relids:
        return a, b
    if ra and rb and rb <= outer_relids and ra <= inner_relids:
        return b, a
    return None


def _key(expr):
    # A merge key that is an expression (FULL joins only) is its own layout key.
    return ("var", expr.rtindex, expr.attnum) if isinstance(expr, Var) else expr


def _merge_side(expr, plan, allow_expressions: bool) -> bool:
    """`expr` can be a merge key of `plan`'s rows: a column of its output, or (when
    allowed) an expression of such columns that a Sort below can compute."""
    if isinstance(expr, Var):
        return _key(expr) in plan.output_keys
    if not allow_expressions:
        return False
    nodes = list(walk(expr))
    columns = [n for n in nodes if isinstance(n, Var)]
    return bool(columns) and all(_key(v) in plan.output_keys and not v.levels_up
                                 for v in columns) \
        and not any(isinstance(n, (Param, SubLink, SubPlan)) or isinstance(n, FuncExpr)
                    and n.volatility == "v" for n in nodes)


def _is_merge_clause(outer_expr, inner_expr, outer_plan, inner_plan,
                     allow_expressions: bool = False) -> bool:
    """Plain columns of sortable, comparable types; for a FULL join (where only a
    merge or hash join will do) also expressions, as COALESCE(a.x, b.x) = c.x of a
    lower full join's merged column: PostgreSQL sorts on them for every join type,
    pgsnake only there."""
    return (_merge_side(outer_expr, outer_plan, allow_expressions)
            and _merge_side(inner_expr, inner_plan, allow_expressions)
            and mergeable_types(outer_expr.type_oid, inner_expr.type_oid))


def make_sort(child, exprs):
    keys = [SortKey(child.output_keys.index(_key(e)), False, False, e)
            if isinstance(e, Var) else SortKey(-1, False, False, e, expr=e) for e in exprs]
    node = Sort(child=child, keys=keys)
    node.startup_cost, node.total_cost = cost.cost_sort(
        child.startup_cost, child.total_cost, child.plan_rows, child.plan_width)
    node.plan_rows, node.plan_width = child.plan_rows, child.plan_width
    node.output_keys = child.output_keys
    node.pathkeys = [frozenset({_key(e)}) for e in exprs]
    return node


def _materializes_output(plan) -> bool:
    # CTE Scan and WorkTable Scan read a stored result (ExecMaterializesOutput).
    return isinstance(plan, (Materialize, Sort)) or getattr(plan, "materializes_output", False)


def _finish_join(node, outer, inner, inputs):
    node.qual = list(inputs.filter_quals)
    node.plan_rows = inputs.rows
    node.plan_width = outer.plan_width + inner.plan_width
    if node.join_type in ("semi", "anti"):
        node.plan_width = outer.plan_width      # the inner columns are never used above
    if inputs.width is not None:
        node.plan_width = inputs.width
    node.output_keys = outer.output_keys + inner.output_keys
    # EXPLAIN's "Inner Unique" (PostgreSQL leaves it false for semi and anti joins)
    node.inner_unique = inputs.semi_factors is not None and node.join_type not in ("semi", "anti")
    return node


def _tuples(outer, inner, clauses, inputs) -> float:
    selectivity = 1.0
    for _, _, q in clauses:
        selectivity *= inputs.clause_selectivity(q)
    # Selectivity first, as approx_tuple_count multiplies: the float rounding can differ
    # from the join size estimate's rows * rows * selectivity (8064.5 vs 8064.500000000001).
    return cost.clamp_rows(selectivity * outer.plan_rows * inner.plan_rows)


def _sorted(child, exprs, sorts):
    """make_sort, one Sort per input and key list within one join's candidates."""
    if sorts is None:
        return make_sort(child, exprs)
    key = (id(child), tuple(map(id, exprs)))
    node = sorts.get(key)
    if node is None:
        node = sorts[key] = make_sort(child, exprs)
    return node


def _merge_join(inputs, join_type, outer, inner, clauses, others, sort_outer, sort_inner,
                rejected=None, sorts=None):
    """The Merge Join, or None when `rejected(startup, total, pathkeys)` (add_path's
    precheck) refuses it; `sorts`: the join's shared explicit sorts (_sorted)."""
    if sort_outer:
        outer = _sorted(outer, [o for o, _, _ in clauses], sorts)
    if sort_inner:
        inner = _sorted(inner, [i for _, i, _ in clauses], sorts)
    tuples = _tuples(outer, inner, clauses, inputs)
    if inputs.semi_factors is not None and not others and not inputs.filter_quals:
        startup, total, materialize = semi_joins.cost_mergejoin(
            outer, inner, [q for _, _, q in clauses], tuples, inputs.filter_quals)
    else:
        startup, total, materialize = cost.cost_mergejoin(
            outer, inner, [q for _, _, q in clauses], tuples, others + inputs.filter_quals,
            sort_inner)
    pathkeys = []
    if join_type == "inner":
        pathkeys = list(outer.pathkeys)
        for n, (o, i, _) in enumerate(clauses):
            for k, keyset in enumerate(pathkeys):
                if _key(o) in keyset:
                    pathkeys[k] = keyset | {_key(i)}
    elif join_type in ("left", "semi", "anti"):
        pathkeys = list(outer.pathkeys)
    if rejected is not None and rejected(startup, total, pathkeys):
        return None
    if materialize:
        material = Materialize(child=inner)
        material.startup_cost = inner.startup_cost
        material.total_cost = inner.total_cost + cost.CPU_OPERATOR_COST * inner.plan_rows
        material.plan_rows, material.plan_width = inner.plan_rows, inner.plan_width
        material.output_keys = inner.output_keys
        inner = material
    node = MergeJoin(join_type=join_type, outer=outer, inner=inner, merge_clauses=clauses,
                     join_qual=others)
    node.startup_cost, node.total_cost = startup, total
    node.pathkeys = pathkeys
    return _finish_join(node, outer, inner, inputs)


def _materialize(inner):
    material = Materialize(child=inner)
    material.startup_cost, material.total_cost = cost.cost_material(
        inner.startup_cost, inner.total_cost, inner.plan_rows)
    material.plan_rows, material.plan_width = inner.plan_rows, inner.plan_width
    material.output_keys = inner.output_keys
    return material


def _nested_loop(inputs, join_type, outer, inner, materialize, rejected=None):
    """The Nested Loop, or None when `rejected(startup, total, pathkeys)` says add_path
    would refuse it (nothing is built then)."""
    if materialize:
        inner = _materialize(inner)
    if inputs.semi_factors is not None:
        startup, total = semi_joins.cost_nestloop(
            outer, inner, inputs.quals + inputs.filter_quals, inputs.semi_factors)
    else:
        startup, total = cost.cost_nestloop(
            outer, inner, inputs.rows, inputs.quals + inputs.filter_quals)
    keeps_order = join_type in ("inner", "left", "semi", "anti")
    if rejected is not None and rejected(startup, total, outer.pathkeys if keeps_order else []):
        return None
    node = NestedLoop(join_type=join_type, outer=outer, inner=inner, join_qual=list(inputs.quals))
    node.startup_cost, node.total_cost = startup, total
    if keeps_order:
        node.pathkeys = list(outer.pathkeys)
    return _finish_join(node, outer, inner, inputs)


def _parameterised_nested_loops(inputs):
    """A LATERAL item's join: a Nested Loop per outer path, the item as the inner side,
    re-scanned with the outer row's values in its parameters."""
    from pgsnake.optimizer import lateral_paths
    if inputs.parameterised == "right":
        outer_paths, inner_paths, join_type = inputs.left_paths, inputs.right_paths, \
            inputs.join_type
    else:
        outer_paths, inner_paths = inputs.right_paths, inputs.left_paths
        join_type = "inner" if inputs.join_type == "inner" else "right"
    inner = cheapest_total(inner_paths)
    for outer in outer_paths:
        node = _nested_loop(inputs, join_type, outer, inner, False)
        node.nest_params = lateral_paths.nest_params_for(inner)
        node.nest_reset_slots = lateral_paths.nest_reset_slots_for(inner)
        node.join_qual = [q for q in node.join_qual if not lateral_paths.is_true_constant(q)]
        yield node
        memoized = memoize_paths.memoize_lateral_loop(inputs, join_type, outer, node)
        if memoized is not None:
            yield _finish_join(memoized, outer, memoized.inner, inputs)


def _hash_join(inputs, join_type, outer, inner, clauses, others, bucket_fraction):
    hash_node = Hash(child=inner)
    hash_node.startup_cost = hash_node.total_cost = inner.total_cost
    hash_node.plan_rows, hash_node.plan_width = inner.plan_rows, inner.plan_width
    hash_node.output_keys = inner.output_keys
    node = HashJoin(join_type=join_type, outer=outer, inner=hash_node, hash_clauses=clauses,
                    join_qual=others)
    # Probing a bucket evaluates the clauses whole, sides included (hash_qual_cost).
    hash_qual = sum(cost.CPU_OPERATOR_COST + cost.qual_cost_per_row(clause[:2])
                    for clause in clauses)
    if inputs.semi_factors is not None:
        node.startup_cost, node.total_cost = semi_joins.cost_hashjoin(
            outer, hash_node, len(clauses), join_type == "anti", others + inputs.filter_quals,
            bucket_fraction, inputs.semi_factors, hash_qual)
        return _finish_join(node, outer, hash_node, inputs)
    tuples = _tuples(outer, inner, clauses, inputs)
    node.startup_cost, node.total_cost = cost.cost_hashjoin(
        outer, hash_node, len(clauses), tuples, others + inputs.filter_quals, bucket_fraction,
        hash_qual)
    return _finish_join(node, outer, hash_node, inputs)


def _presorted_merge_clauses(outer, clauses):
    """The merge clauses usable with `outer`'s existing order: those matching a leading
    run of its pathkeys, in pathkey order."""
    used = []
    for keyset in outer.pathkeys:
        match = [c for c in clauses if _key(c[0]) in keyset and not any(c is u for u in used)]
        if not match:
            break
        used.extend(match)
    return used


def join_paths(inputs: JoinInputs, bucket_fraction_of) -> list:
    """All candidate plans of the join, reduced by add_path. bucket_fraction_of(inner
    expr) is the hash bucket fraction of an inner hash key."""
    paths = PathList(inputs.rows, inputs.consider_startup)
    pathlist = paths.paths
    add, rejected = paths.add, paths.rejected
    sorts: dict = {}        # explicit sorts of the inputs, shared by the candidates
    if inputs.join_type in ("semi", "anti") or inputs.one_order:
        # PostgreSQL 15 has no right semi / anti join: the LHS is always the outer side.
        orders = [(inputs.left_paths, inputs.right_paths, inputs.left_relids,
                   inputs.right_relids, inputs.join_type)]
    elif inputs.join_type == "full":
        # Either input may be the outer side; both sides' unmatched rows are kept.
        orders = [(inputs.left_paths, inputs.right_paths, inputs.left_relids, inputs.right_relids, "full"),
                  (inputs.right_paths, inputs.left_paths, inputs.right_relids, inputs.left_relids, "full")]
    elif inputs.join_type == "inner":
        orders = [(inputs.left_paths, inputs.right_paths, inputs.left_relids, inputs.right_relids, "inner"),
                  (inputs.right_paths, inputs.left_paths, inputs.right_relids, inputs.left_relids, "inner")]
    else:
        orders = [(inputs.left_paths, inputs.right_paths, inputs.left_relids, inputs.right_relids, "left"),
                  (inputs.right_paths, inputs.left_paths, inputs.right_relids, inputs.left_relids, "right")]

    if inputs.parameterised is not None:
        for plan in _parameterised_nested_loops(inputs):
            add(plan)
        return pathlist
    kept = []
    for index, (outer_paths, inner_paths, outer_relids, inner_relids, join_type) in \
            enumerate(orders):
        if inputs.prune_each_order and index:
            kept.extend(pathlist)
            paths = PathList(inputs.rows, inputs.consider_startup)
            pathlist = paths.paths
            add, rejected = paths.add, paths.rejected
        # An inner side unique for the join clauses (inner_unique) is costed as a semi
        # join is: the executor could stop at the first match.
        step = inputs if inputs.order_factors is None else \
            dataclasses.replace(inputs, semi_factors=inputs.order_factors[index])
        outer_cheapest = cheapest_total(outer_paths)
        inner_cheapest = cheapest_total(inner_paths)
        equalities, others = [], []
        for q in inputs.quals:
            sides = _equality_sides(q, outer_relids, inner_relids)
            if sides is None:
                others.append(q)
            else:
                equalities.append((sides[0], sides[1], q))
        merge_clauses = [c for c in equalities
                         if _is_merge_clause(c[0], c[1], outer_cheapest, inner_cheapest,
                                             join_type == "full")]
        merge_others = [q for q in inputs.quals if not any(q is c[2] for c in merge_clauses)]
        # sort_inner_and_outer: both inputs explicitly sorted, each merge key leading once.
        # A Right or Full merge join cannot leave a join filter to decide matches.
        keeps_inner = join_type in ("right", "full")
        merge_allowed = not keeps_inner or len(merge_clauses) == len(inputs.quals)
        if merge_clauses and merge_allowed:
            for lead in range(len(merge_clauses)):
                ordered = [merge_clauses[lead]] + merge_clauses[:lead] + merge_clauses[lead + 1:]
                outer_order = [frozenset({_key(o)}) for o, _, _ in ordered]
                inner_order = [frozenset({_key(i)}) for _, i, _ in ordered]
                add(_merge_join(step, join_type, outer_cheapest, inner_cheapest, ordered,
                                merge_others,
                                not pathkeys_contained_in(outer_order, outer_cheapest.pathkeys),
                                not pathkeys_contained_in(inner_order, inner_cheapest.pathkeys),
                                rejected, sorts))
        # match_unsorted_outer: nested loops, and merge joins keeping the outer's order.
        # Candidates add_path would refuse are not built (add_path_precheck); one
        # Materialize of the inner side serves every outer path (not with
        # enable_material off).
        material = None
        for outer in outer_paths:
            if not keeps_inner:
                add(_nested_loop(step, join_type, outer, inner_cheapest, False, rejected))
                if settings.get("enable_material") and \
                        not _materializes_output(inner_cheapest) and \
                        inputs.unique_side != "inner":
                    if material is None:
                        material = _materialize(inner_cheapest)
                    add(_nested_loop(step, join_type, outer, material, False, rejected))
                if inputs.unique_side != "inner":   # a unique-ified outer: its rows
                    for plan in param_paths.nested_loops(step, join_type, outer,
                                                         inputs.param_inner[index], rejected):
                        add(plan)
            if join_type == "full" and not equalities \
                    and all(isinstance(q, Const) for q in inputs.quals):
                # FULL JOIN ... ON true / ON false: only a merge join without merge
                # clauses can do it (match_unsorted_outer's corner case); a constant
                # join qual is its Join Filter.
                add(_merge_join(step, join_type, outer, inner_cheapest, [],
                                [q for q in inputs.quals if q.value is not True],
                                False, False))
            if outer.pathkeys and merge_clauses and merge_allowed \
                    and inputs.unique_side != "outer":
                presorted = _presorted_merge_clauses(outer, merge_clauses)
                if presorted and (not keeps_inner or len(presorted) == len(inputs.quals)):
                    rest = [q for q in inputs.quals if not any(q is c[2] for c in presorted)]
                    inner_order = [frozenset({_key(i)}) for _, i, _ in presorted]
                    add(_merge_join(step, join_type, outer, inner_cheapest, presorted, rest, False,
                                    not pathkeys_contained_in(inner_order, inner_cheapest.pathkeys),
                                    rejected, sorts))
        # hash_inner_and_outer
        if equalities:
            hash_others = [q for q in inputs.quals if not any(q is c[2] for c in equalities)]
            if inputs.unique_side == "inner":
                fraction = semi_joins.unique_bucket_fraction(inner_cheapest.plan_rows)
            else:
                fraction = min(bucket_fraction_of(i) for _, i, _ in equalities)
            add(_hash_join(step, join_type, outer_cheapest, inner_cheapest, equalities,
                           hash_others, fraction))
    return kept + pathlist
