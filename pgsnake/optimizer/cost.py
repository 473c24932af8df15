"""Cost and size estimates, modelled on PostgreSQL's formulas and default constants.

Entry points: relation_size_estimate, column_width, clause_selectivity, qual_cost_per_row,
and one cost_* function per plan node kind. Numbers match PostgreSQL 15 for never-analyzed
tables (no pg_statistic): e.g. an empty table t(a int) is assumed to have 10 pages and
2550 rows, so `Seq Scan on t` costs 0.00..35.50.

PostgreSQL: optimizer/path/costsize.c (cost_seqscan, cost_sort, initial/final_cost_hashjoin,
initial/final_cost_mergejoin, relation_byte_size,
initial/final_cost_nestloop, cost_agg, cost_material), optimizer/util/plancat.c
(estimate_rel_size, get_rel_data_width), utils/cache/lsyscache.c (get_typavgwidth),
optimizer/path/clausesel.c, utils/adt/selfuncs.c (default selectivities).
"""
from __future__ import annotations

import functools
import math

from pgsnake.catalog import catalog_cache
from pgsnake.catalog.definitions import FIRST_NORMAL_OBJECT_ID
from pgsnake.optimizer import pattern_selectivity, selectivity_stats
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.smgr.relation_path import ForkNumber
from pgsnake.utils import settings
from pgsnake.optimizer import hashed_saop
from pgsnake.parser.window_clause import WindowFunc
from pgsnake.parser.expression_nodes import (
    Aggref, BooleanTest, BoolExpr, CoerceExpr, Const, FuncExpr, MinMaxExpr, NullIfExpr, NullTest,
    AlternativeSubPlan, OpExpr, RowCompareExpr, ScalarArrayOpExpr, SubPlan, Var, children)

SEQ_PAGE_COST = 1.0
BOOL_TYPE = 16
CPU_TUPLE_COST = 0.01
CPU_OPERATOR_COST = 0.0025
BLCKSZ = 8192
PAGE_HEADER_SIZE = 24
TUPLE_OVERHEAD = 24 + 4             # MAXALIGN(heap tuple header) + line pointer
DEFAULT_NUM_DISTINCT = 200
DEFAULT_EQ_SEL = 0.005
DEFAULT_INEQ_SEL = 1.0 / 3.0
DEFAULT_MATCH_SEL = 0.005
DEFAULT_UNK_SEL = 0.005
DEFAULT_NOT_UNK_SEL = 1.0 - DEFAULT_UNK_SEL
DEFAULT_RANGE_INEQ_SEL = 0.005      # `x > a AND x < b` without statistics
DEFAULT_BUCKET_FRACTION = 0.1       # hash bucket size fraction without statistics


def clamp_rows(rows: float) -> float:
    """PostgreSQL's clamp_row_est: at least one row, and a whole number."""
    return 1.0 if rows <= 1.0 else float(round(rows))


def column_width(type_oid: int, typmod: int = -1) -> int:
    """Average stored width of a value of this type (get_typavgwidth)."""
    from pgsnake.datatypes import registry
    try:
        typlen = registry.get_type(type_oid).typlen
    except Exception:
        typlen = -1
    if typlen > 0:
        return typlen
    max_width = _type_maximum_size(type_oid, typmod) if typmod > 0 else -1
    if max_width > 0:
        if type_oid == 1042 or max_width <= 32:     # bpchar: its only width
            return max_width
        if max_width < 1000:
            return 32 + (max_width - 32) // 2
        return 32 + (1000 - 32) // 2
    return 32


def _type_maximum_size(type_oid: int, typmod: int) -> int:
    """type_maximum_size: the most bytes a value of this type and typmod can take, -1
    when unbounded (bpchar / varchar: 4 bytes a character in UTF8; numeric: its digit
    groups; bit / varbit: the bits' bytes and two length words)."""
    if type_oid in (1042, 1043):
        return (typmod - 4) * 4 + 4 if typmod > 4 else -1
    if type_oid == 1700:
        if typmod < 4:
            return -1
        precision = ((typmod - 4) >> 16) & 0xFFFF
        return 8 + ((precision + 6) // 4) * 2
    if type_oid in (1560, 1562):
        return (typmod + 7) // 8 + 8
    return -1


def relation_size_estimate(nblocks: int, data_width: int, relpages: int = 0,
                           reltuples: float = -1.0,
                           has_subclass: bool = False) -> tuple[int, float]:
    """(pages, tuples) of a table from its current size and pg_class's relpages and
    reltuples (estimate_rel_size). A table that was never vacuumed, analyzed or indexed
    (reltuples -1) is assumed to span at least 10 pages, so that tiny fresh tables do
    not get plans that are disastrous once they grow; its density comes from the
    column widths. Otherwise the density pg_class last recorded is scaled to the
    current number of pages. An inheritance parent is taken at its real size (its rows
    are usually in its children)."""
    pages = max(nblocks, 10) if reltuples < 0 and not has_subclass else nblocks
    if pages == 0:
        return 0, 0.0
    if reltuples >= 0 and relpages > 0:
        density = reltuples / relpages
    else:
        density = (BLCKSZ - PAGE_HEADER_SIZE) // (data_width + TUPLE_OVERHEAD)
    return pages, float(round(density * pages))


def table_size(relation) -> tuple[int, float]:
    """(pages, tuples) of a table as the planner estimates them now (estimate_rel_size):
    its file's current size, pg_class's relpages / reltuples / relhassubclass, and its
    columns' widths."""
    data_width = sum(column_width(a.type_oid, a.typmod)
                     for a in relation.attributes if not a.is_dropped)
    try:
        nblocks = bufmgr.nblocks(relation.locator, ForkNumber.MAIN)
    except Exception:      # noqa: BLE001 (no file yet: an empty table)
        nblocks = 0
    relpages, reltuples = catalog_cache.relation_statistics(relation.oid)
    row = catalog_cache.class_row(relation.oid)
    return relation_size_estimate(nblocks, data_width, relpages, reltuples,
                                  has_subclass=row is not None and row.relhassubclass)


# -- selectivity -------------------------------------------------------------------------------

def clause_selectivity(expr, stats=None, arm_selectivity=None) -> float:
    """`stats`: a selectivity_stats.StatisticsLookup, whose answers (from pg_statistic)
    replace the defaults below for the columns it knows. `arm_selectivity`: what an
    OR's arms are estimated with (a scan's own rules: unique columns, ctid), this
    function by default."""
    if isinstance(expr, BoolExpr):
        of = arm_selectivity or (lambda clause: clause_selectivity(clause, stats))
        if expr.op == "and":
            s = 1.0
            for arg in expr.args:
                s *= of(arg)
            return s
        if expr.op == "or":
            s, args = 0.0, expr.args
            if stats is not None:       # MCV lists of CREATE STATISTICS objects
                from pgsnake.optimizer import extended_statistics
                s, args = extended_statistics.or_clause_selectivity(args, stats, of)
            for arg in args:
                t = of(arg)
                s = s + t - s * t
            return s
        return 1.0 - of(expr.args[0])
    if isinstance(expr, ScalarArrayOpExpr) and isinstance(expr.array, Const) \
            and expr.array.value is None:
        return 0.0                  # x = ANY (NULL) is never true (scalararraysel)
    if stats is not None:
        estimate = selectivity_stats.clause_selectivity(expr, stats)
        if estimate is not None:
            return estimate
    if isinstance(expr, Const):
        return 1.0 if expr.value is True else 0.0
    if isinstance(expr, OpExpr):
        if expr.operator_name == "=":
            return DEFAULT_EQ_SEL
        if expr.operator_name == "<>":
            return 1.0 - DEFAULT_EQ_SEL
        if expr.operator_name in _RANGE_OPERATORS:
            return DEFAULT_INEQ_SEL
        if expr.operator_name in pattern_selectivity.PATTERN_OPERATORS:
            return pattern_selectivity.pattern_selectivity(expr)
        from pgsnake.optimizer import containment_selectivity
        contained = containment_selectivity.default_selectivity(expr)
        return DEFAULT_INEQ_SEL if contained is None else contained
    if isinstance(expr, NullTest):
        return DEFAULT_UNK_SEL if expr.is_null else DEFAULT_NOT_UNK_SEL
    if isinstance(expr, ScalarArrayOpExpr):
        return _default_array_selectivity(expr)
    if isinstance(expr, BooleanTest):
        return 0.5
    if isinstance(expr, Var) and expr.type_oid == BOOL_TYPE and not expr.levels_up:
        return 0.5                  # boolvarsel without statistics
    if isinstance(expr, (SubPlan, AlternativeSubPlan)):
        return 0.5                  # EXISTS / IN (...) as a clause: boolvarsel's default
    return DEFAULT_INEQ_SEL


def _default_array_selectivity(expr: ScalarArrayOpExpr) -> float:
    """scalararraysel without statistics: the elements' selectivities combined as
    independent events, except that `= ANY` (and `<> ALL`) over known elements takes
    their sum as disjoint probabilities when that lies in [0, 1]; a NULL element
    selects nothing. The operator is taken as `=` under ANY, `<>` under ALL."""
    from pgsnake.parser.expression_nodes import ArrayExpr
    expr = with_constant_items(expr)
    items = expr.items
    if isinstance(expr.array, ArrayExpr) and not expr.array.multidims:
        items = expr.array.elements             # ARRAY[...]: its elements, as a list's
    elif isinstance(expr.array, Const):         # a NULL array: nothing
        return 0.0
    elif expr.array is not None:                # only known at run time: 10 elements
        s = 0.0
        for _ in range(array_length_estimate(expr)):
            s = s + DEFAULT_EQ_SEL - s * DEFAULT_EQ_SEL
        return s if expr.use_or else 1.0 - s
    combined = disjoint = 0.0 if expr.use_or else 1.0
    for item in items:
        is_null = isinstance(item, Const) and item.is_null
        if expr.use_or:
            t = 0.0 if is_null else DEFAULT_EQ_SEL
            combined = combined + t - combined * t
            disjoint += t
        else:
            t = 0.0 if is_null else 1.0 - DEFAULT_EQ_SEL
            combined *= t
            disjoint += t - 1.0
    disjoint_applies = expr.operator_name == ("=" if expr.use_or else "<>")
    if disjoint_applies and 0.0 <= disjoint <= 1.0:
        return disjoint
    return combined


def with_constant_items(expr: ScalarArrayOpExpr) -> ScalarArrayOpExpr:
    """A constant array on the right (a custom plan's parameter value) as the list of
    its elements, as PostgreSQL's scalararraysel deconstructs a Const array."""
    if isinstance(expr.array, Const) and isinstance(expr.array.value, list):
        import dataclasses
        from pgsnake.datatypes import array_values
        items = tuple(Const(expr.element_type, e)
                      for e in array_values.elements(expr.array.value))
        return dataclasses.replace(expr, items=items, array=None)
    return expr


def array_length_estimate(expr: ScalarArrayOpExpr) -> int:
    """How many elements the right side has: counted for a list, a constant (also a
    custom plan's parameter value) or an ARRAY[...] of non-constants, 10 for an array
    only known at run time (estimate_array_length)."""
    from pgsnake.parser.expression_nodes import ArrayExpr
    if expr.array is None:
        return len(expr.items)
    if isinstance(expr.array, Const) and expr.array.value is None:
        return 0                    # = ANY (NULL): no element
    if isinstance(expr.array, ArrayExpr) and not expr.array.multidims:
        return len(expr.array.elements)
    if isinstance(expr.array, Const) and isinstance(expr.array.value, list):
        from pgsnake.datatypes import array_values
        return array_values.cardinality(expr.array.value)
    return 10


def is_pseudo_constant(expr) -> bool:
    """No column reference and nothing volatile: a value fixed for one execution
    (is_pseudo_constant_clause)."""
    from pgsnake.parser.expression_nodes import Param, SubPlan, Var
    if isinstance(expr, (Const, Param)):
        return True
    if isinstance(expr, SubPlan) and expr.init_plan:
        return True                  # an InitPlan's value: PostgreSQL's PARAM_EXEC $n
    if isinstance(expr, Var):
        return False
    if isinstance(expr, FuncExpr) and (expr.volatility == "v" or expr.returns_set):
        return False
    from pgsnake.parser.expression_nodes import ArrayExpr
    if isinstance(expr, (CoerceExpr, FuncExpr, OpExpr, ArrayExpr)):
        return all(is_pseudo_constant(c) for c in children(expr))
    return False


# The inequalities a range pair is made of (text_pattern_ops' too: scalarltsel ...).
_RANGE_OPERATORS = ("<", "<=", ">", ">=", "~<~", "~<=~", "~>~", "~>=~")


def _range_bound(expr):
    """(bounded expression, 'low' | 'high') for `x < c`, `c < x`, ... else None."""
    if not isinstance(expr, OpExpr) or len(expr.args) != 2 \
            or expr.operator_name not in _RANGE_OPERATORS:
        return None
    left, right = expr.args
    below = expr.operator_name in ("<", "<=", "~<~", "~<=~")
    if is_pseudo_constant(right) and not is_pseudo_constant(left):
        return left, "high" if below else "low"
    if is_pseudo_constant(left) and not is_pseudo_constant(right):
        return right, "low" if below else "high"
    return None


def quals_selectivity(quals, selectivity_of=None, stats=None) -> float:
    """clauselist_selectivity: the product of the clauses' selectivities, except that a
    lower and an upper bound on the same expression form one range clause (without
    statistics DEFAULT_RANGE_INEQ_SEL, not 1/3 x 1/3). `selectivity_of` replaces
    clause_selectivity for single clauses; `stats` as for clause_selectivity."""
    selectivity_of = selectivity_of or (lambda q: clause_selectivity(q, stats))
    s = 1.0
    ranges: list[list] = []          # [expression, low selectivity, high selectivity]
    for q in quals:
        bound = _range_bound(q)
        if bound is None:
            s *= selectivity_of(q)
            continue
        expr, side = bound
        t = selectivity_of(q)
        for entry in ranges:
            if entry[0] == expr:
                slot = 1 if side == "low" else 2
                entry[slot] = t if entry[slot] is None else min(entry[slot], t)
                break
        else:
            ranges.append([expr, t if side == "low" else None, t if side == "high" else None])
    for expr, low, high in ranges:
        if low is None or high is None:
            s *= low if high is None else high
        elif low == DEFAULT_INEQ_SEL or high == DEFAULT_INEQ_SEL:
            s *= DEFAULT_RANGE_INEQ_SEL
        else:
            # Both bounds excluded the NULLs: add them back once (nulltestsel; a
            # system column, ctid, is never NULL).
            nulls = selectivity_stats.null_fraction(expr, stats) if stats is not None else None
            if isinstance(expr, Var) and expr.attnum < 0:
                nulls = 0.0
            both = low + high - 1.0 + (DEFAULT_UNK_SEL if nulls is None else nulls)
            if both <= 0.0:
                # Slightly negative: a very tight range and rounding; very negative:
                # default estimates we failed to recognise above.
                both = DEFAULT_RANGE_INEQ_SEL if both < -0.01 else 1.0e-10
            s *= both
    return s


def order_by_cost(quals: list) -> list:
    """Cheapest conditions first, ties in their written order (order_qual_clauses): a
    row that fails a cheap test is never given to an expensive one."""
    return sorted(quals, key=lambda q: _expression_cost(q))


def qual_cost_per_row(exprs) -> float:
    """cpu_operator_cost per operator/function call evaluated (cost_qual_eval)."""
    total = 0.0
    for expr in exprs:
        total += _expression_cost(expr)
    return total


# Costs of expressions already costed while planning the current statement, by node
# identity (the node is kept in the entry, so that its id is not reused while cached):
# join search costs the same quals for every join path it tries. Planning one
# statement starts with reset_expression_costs(); nodes are not changed in place once
# the planner costs them.
_costed: dict[int, tuple[object, float]] = {}


def reset_expression_costs() -> None:
    _costed.clear()


def _expression_cost(expr) -> float:
    entry = _costed.get(id(expr))
    if entry is not None and entry[0] is expr:
        return entry[1]
    cost = _uncached_expression_cost(expr)
    _costed[id(expr)] = (expr, cost)
    return cost


def _uncached_expression_cost(expr) -> float:
    cost = 0.0
    if isinstance(expr, SubPlan):
        return subplan_cost(expr)[1]
    if isinstance(expr, AlternativeSubPlan):
        return subplan_cost(expr.alternatives[0])[1]     # costed as its first, as PostgreSQL
    if isinstance(expr, (Aggref, WindowFunc)):
        # Read like a column where it appears: its node pays for computing it (cost_agg,
        # cost_windowagg), so neither it nor its arguments cost anything here.
        return 0.0
    if isinstance(expr, FuncExpr):
        cost += CPU_OPERATOR_COST * _procost(expr.function_oid)
    elif isinstance(expr, (OpExpr, NullIfExpr)):
        cost += CPU_OPERATOR_COST
    elif isinstance(expr, ScalarArrayOpExpr):
        if hashed_saop.hashed_values(expr) is not None:     # a hash table lookup
            cost += CPU_OPERATOR_COST * hashed_saop.PER_ROW_OPERATORS
        else:
            cost += CPU_OPERATOR_COST * array_length_estimate(expr) * 0.5
    elif isinstance(expr, MinMaxExpr):
        cost += CPU_OPERATOR_COST * len(expr.args)
    elif isinstance(expr, RowCompareExpr):
        cost += CPU_OPERATOR_COST * len(expr.largs)
    elif isinstance(expr, CoerceExpr):
        cost += CPU_OPERATOR_COST * _coercion_calls(getattr(expr.arg, "type_oid", 0),
                                                    expr.type_oid, expr.typmod)
    for child in children(expr):
        cost += _expression_cost(child)
    return cost


def _procost(function_oid: int) -> float:
    """pg_proc.procost: what one call costs in cpu_operator_cost units (1 for most
    built-ins, 100 by default for functions written in SQL or PL/pgSQL)."""
    if function_oid < FIRST_NORMAL_OBJECT_ID:
        return _builtin_procosts().get(function_oid, 1.0)
    from pgsnake.catalog import lookup_functions
    from pgsnake.utils import process_state
    if not process_state.database_oid:
        return 1.0                  # no catalog to ask (planner unit tests)
    row = lookup_functions.proc_row(function_oid)
    return 1.0 if row is None else float(row.procost)


@functools.lru_cache(maxsize=None)
def _builtin_procosts() -> dict:
    """oid -> procost of the built-in functions whose cost is not 1 (to_tsvector's 100 ...)."""
    from pgsnake.catalog.generated import pg_proc_rows
    at = pg_proc_rows.COLUMNS.index("procost")
    return {row[0]: float(row[at]) for row in pg_proc_rows.ROWS if row[at] != 1.0}


def _coercion_calls(source: int, target: int, typmod: int) -> int:
    """Function calls a coercion makes per value, as cost_qual_eval_walker counts them:
    a cast function one, an I/O conversion two (output, then input function), a
    binary-compatible relabeling or a domain over the value's type none, a typmod
    coercion (varchar(n), numeric(p, s)) one length-coercion call."""
    if source == target:
        return 1 if typmod >= 0 else 0
    from pgsnake.utils import process_state
    catalog = bool(process_state.database_oid)      # none in planner unit tests
    if source >= FIRST_NORMAL_OBJECT_ID and catalog:
        row = catalog_cache.get_type_row(source)
        if row is not None and row.typtype == "d":     # a domain's value is its base type's
            return _coercion_calls(row.typbasetype, target, typmod)
    method = _cast_methods().get((source, target))
    if method is None and catalog:
        elements = _array_elements(source, target)
        if elements is not None:
            # ArrayCoerceExpr: its element coercion once per element of an array of
            # unknown length (estimate_array_length: 10), and once more as the
            # walker goes on into the element expression (cost_qual_eval_walker)
            return 11 * _coercion_calls(elements[0], elements[1], -1)
    if method is None and max(source, target) >= FIRST_NORMAL_OBJECT_ID and catalog:
        from pgsnake.catalog import cast_creation           # CREATE CAST (citext's ...)
        row = cast_creation.user_cast(source, target)
        method = None if row is None else row.castmethod
    length = 1 if typmod >= 0 else 0           # then the typmod's length coercion
    if method is not None:
        return {"f": 1, "i": 2}.get(method, 0) + length
    if catalog:
        row = catalog_cache.get_type_row(target)
        if row is not None and row.typtype == "d":
            return 0                # CoerceToDomain: the checks, no conversion call
    return 2                        # CoerceViaIO


def _array_elements(source: int, target: int) -> tuple[int, int] | None:
    """(source element, target element) when both types are arrays, else None."""
    rows = catalog_cache.get_type_row(source), catalog_cache.get_type_row(target)
    if any(r is None or r.typcategory != "A" or not r.typelem or r.typlen != -1 for r in rows):
        return None
    return rows[0].typelem, rows[1].typelem


@functools.lru_cache(maxsize=None)
def _cast_methods() -> dict:
    """(source, target) -> castmethod of the built-in casts (pg_cast's facts)."""
    from pgsnake.parser.operator_classes import builtin_cast_facts
    return {(source, target): method
            for source, target, _context, method, _f in builtin_cast_facts()}


# -- node costs -------------------------------------------------------------------------------

DISABLE_COST = 1.0e10


def disable_cost(setting: str) -> float:
    """PostgreSQL's way of honouring enable_seqscan = off and friends: the plan shape is
    not forbidden, it is made so expensive that any alternative wins."""
    return 0.0 if settings.get(setting) else DISABLE_COST


def qual_startup_cost(exprs) -> float:
    """The once-per-scan part of evaluating quals: building the hash table of each
    hashed IN list (hashed_saop.py) and of each hashed SubPlan (cost_qual_eval_walker's
    startup)."""
    total = 0.0
    pending = list(exprs)
    while pending:
        expr = pending.pop()
        if isinstance(expr, AlternativeSubPlan):
            expr = expr.alternatives[0]
        if isinstance(expr, SubPlan):
            total += subplan_cost(expr)[0]
            continue            # its test expression is inside subplan_cost
        if isinstance(expr, ScalarArrayOpExpr) and hashed_saop.hashed_values(expr) is not None:
            total += CPU_OPERATOR_COST * len(expr.items)
        pending.extend(children(expr))
    return total


def aggregate_input_cost(aggrefs) -> float:
    """Per input row: each aggregate's transition call, its arguments and its FILTER
    (get_agg_clause_costs' transCost)."""
    return sum(CPU_OPERATOR_COST + qual_cost_per_row(a.args)
               + (qual_cost_per_row([a.agg_filter]) if a.agg_filter is not None else 0.0)
               for a in aggrefs)


def aggregate_final_cost(aggrefs) -> float:
    """Per group: the final functions of the aggregates that have one (avg's,
    string_agg's: get_agg_clause_costs' finalCost), by pg_proc.procost. Built-in
    aggregates only: a user-defined one's final function is not costed."""
    finals = _builtin_final_functions()
    return sum(CPU_OPERATOR_COST * _procost(finals[a.aggregate.oid])
               for a in aggrefs if getattr(a.aggregate, "oid", None) in finals)


@functools.lru_cache(maxsize=None)
def _builtin_final_functions() -> dict:
    """aggfnoid -> aggfinalfn of the built-in aggregates that have a final function."""
    from pgsnake.catalog.generated import pg_aggregate_rows
    at = pg_aggregate_rows.COLUMNS.index("aggfinalfn")
    return {row[0]: row[at] for row in pg_aggregate_rows.ROWS if row[at]}


def target_cost(exprs) -> tuple[float, float]:
    """(startup, per row) of computing a node's output expressions (cost_qual_eval of
    its PathTarget). PostgreSQL costs the whole expression even where part of it is a
    grouping key the input already computed, and so does this."""
    exprs = [e for e in exprs if e is not None]
    return qual_startup_cost(exprs), qual_cost_per_row(exprs)


# Plan node kinds whose output is kept after the first run, so re-running an
# uncorrelated subquery over them costs only its run part (ExecMaterializesOutput).
MATERIALIZING_NODES = frozenset(("Materialize", "FunctionScan", "TableFuncScan", "CteScan",
                                 "WorkTableScan", "Sort"))


def subplan_cost(subplan) -> tuple[float, float]:
    """(startup, per outer row) of evaluating a SubPlan in an expression (cost_subplan).

    An InitPlan costs nothing here: it runs once and its cost is charged to the top of
    its query level (cte_planning.charge_for_init_plans), as PostgreSQL charges an
    InitPlan's Param. A hashed SubPlan reads its whole subquery and builds the table
    before the first row; each row then pays only its test. Any other SubPlan re-runs
    its plan per outer row: EXISTS until the first row, ANY / ALL half of it on
    average (and a comparison per row read), a scalar or ARRAY subquery all of it."""
    if subplan.init_plan:
        return 0.0, 0.0
    plan = subplan.plan
    test = [subplan.arg] if subplan.arg is not None else []
    startup = qual_startup_cost(test)
    per_row = qual_cost_per_row(test)
    if subplan.hashed:
        startup += plan.total_cost + CPU_OPERATOR_COST * plan.plan_rows
        return startup, per_row
    run = plan.total_cost - plan.startup_cost
    if subplan.kind == "exists":
        per_row += run / clamp_rows(plan.plan_rows)
    elif subplan.kind in ("any", "all"):
        # half the rows read on average, each compared (a cpu_operator_cost apiece)
        per_row += 0.5 * run + 0.5 * plan.plan_rows * CPU_OPERATOR_COST
    else:
        per_row += run
    if not subplan.par_params and type(plan).__name__ in MATERIALIZING_NODES:
        startup += plan.startup_cost
    else:
        per_row += plan.startup_cost
    return startup, per_row


def cost_seqscan(pages: int, tuples: float, quals) -> tuple[float, float]:
    cpu_per_tuple = CPU_TUPLE_COST + qual_cost_per_row(quals)
    startup = disable_cost("enable_seqscan") + qual_startup_cost(quals)
    return startup, startup + SEQ_PAGE_COST * pages + cpu_per_tuple * tuples


def cost_values_scan(rows: int) -> tuple[float, float]:
    return 0.0, (CPU_OPERATOR_COST + CPU_TUPLE_COST) * rows


def cost_function_scan(rows: float, function_cost: float = 1.0) -> tuple[float, float]:
    """Calling the function once is start-up cost (procost operator costs); each row it
    returns costs a tuple (cost_functionscan)."""
    startup = function_cost * CPU_OPERATOR_COST
    return startup, startup + CPU_TUPLE_COST * rows


def cost_sort(input_startup: float, input_total: float, tuples: float, width: int,
              limit_tuples: float | None = None) -> tuple[float, float]:
    """cost_sort / cost_tuplesort: an external merge sort when the rows to return do not
    fit in work_mem, a bounded heap sort (top-N) when a LIMIT needs only the first
    `limit_tuples` rows and they are under half the input (or the input is over
    work_mem), else a quicksort in memory."""
    tuples = max(tuples, 2.0)
    comparison = 2.0 * CPU_OPERATOR_COST
    input_total += disable_cost("enable_sort")
    sort_mem = work_mem_bytes()
    input_bytes = relation_byte_size(tuples, width)
    if limit_tuples is not None and 0 < limit_tuples < tuples:
        output_tuples, output_bytes = limit_tuples, relation_byte_size(limit_tuples, width)
    else:
        output_tuples, output_bytes = tuples, input_bytes
    if output_bytes > sort_mem:
        # Every page written and read once per merge pass, 3/4 of them sequentially.
        pages = math.ceil(input_bytes / BLCKSZ)
        runs = input_bytes / sort_mem
        merge_order = max(6, min(500, sort_mem // (BLCKSZ * 34)))  # tuplesort_merge_order
        passes = 1.0 if runs <= merge_order else math.ceil(math.log(runs) / math.log(merge_order))
        sort = comparison * tuples * math.log2(tuples)
        sort += 2.0 * pages * passes * (SEQ_PAGE_COST * 0.75 + 4.0 * 0.25)
    elif tuples > 2 * output_tuples or input_bytes > sort_mem:
        sort = comparison * tuples * math.log2(2.0 * output_tuples)
    else:
        sort = comparison * tuples * math.log2(tuples)
    startup = input_total + sort
    return startup, startup + CPU_OPERATOR_COST * tuples


def work_mem_bytes() -> int:
    """The work_mem setting in bytes (sort_mem of cost_tuplesort)."""
    return settings.get("work_mem") * 1024


def cost_material(input_startup: float, input_total: float, tuples: float) -> tuple[float, float]:
    return input_startup, input_total + 2.0 * CPU_OPERATOR_COST * tuples


def cost_plain_agg(input_total: float, input_rows: float, agg_cost: float) -> tuple[float, float]:
    startup = input_total + agg_cost * input_rows
    return startup, startup + CPU_TUPLE_COST


def cost_hash_agg(input_total: float, input_rows: float, agg_cost: float, n_group_cols: int,
                  groups: float, having_cost: float,
                  final_cost: float = 0.0) -> tuple[float, float]:
    """HashAggregate (cost_agg, AGG_HASHED), its sums in PostgreSQL's order: the
    transitions and key hashing at start-up, then final functions, output tuples and
    HAVING per group."""
    startup = input_total + agg_cost * input_rows
    startup += CPU_OPERATOR_COST * n_group_cols * input_rows
    startup += disable_cost("enable_hashagg")
    total = startup + final_cost * groups
    total += CPU_TUPLE_COST * groups
    total += having_cost * groups
    return startup, total


def cost_group_agg(input_startup: float, input_total: float, input_rows: float, agg_cost: float,
                   n_group_cols: int, groups: float, having_cost: float,
                   final_cost: float = 0.0) -> tuple[float, float]:
    """GroupAggregate over sorted input: one comparison per group column per input row,
    the transition functions, the final functions and one output tuple per group
    (cost_agg, AGG_SORTED)."""
    total = input_total + agg_cost * input_rows
    total += CPU_OPERATOR_COST * n_group_cols * input_rows
    total += final_cost * groups
    total += CPU_TUPLE_COST * groups
    total += having_cost * groups
    return input_startup, total


def cost_unique(input_startup: float, input_total: float, input_rows: float, n_cols: int):
    return input_startup, input_total + CPU_OPERATOR_COST * n_cols * input_rows


def estimate_groups(n_group_cols: int, input_rows: float, base_tuples: float) -> float:
    """Number of groups for GROUP BY columns without statistics (estimate_num_groups):
    each column has min(200, tuples) distinct values; several columns of one relation
    multiply, clamped to a tenth of the relation's tuples (they are probably correlated)
    but never below the largest single column's count; finally at most input_rows."""
    if n_group_cols == 0:
        return 1.0
    per_column = min(DEFAULT_NUM_DISTINCT, base_tuples) if base_tuples > 0 else DEFAULT_NUM_DISTINCT
    groups = per_column ** n_group_cols
    clamp = base_tuples if base_tuples > 0 else groups
    if n_group_cols > 1:
        clamp = max(clamp * 0.1, per_column)
    return clamp_rows(min(groups, clamp, input_rows))


def cost_nestloop(outer, inner, rows: float, join_quals) -> tuple[float, float]:
    """The inner input is rescanned once per outer row after the first; a Materialize or
    Sort inner rescans from memory at cpu_operator_cost per row, anything else costs its
    whole startup and run again (initial/final_cost_nestloop, cost_rescan)."""
    from pgsnake.optimizer.plan_nodes import FunctionScan, Materialize, Sort
    startup = outer.startup_cost + inner.startup_cost + disable_cost("enable_nestloop")
    inner_run = inner.total_cost - inner.startup_cost
    if isinstance(inner, (Materialize, Sort)):
        rescan_startup, rescan_run = 0.0, CPU_OPERATOR_COST * inner.plan_rows
    elif getattr(inner, "materializes_output", False):     # CTE / WorkTable Scan
        rescan_startup, rescan_run = 0.0, CPU_TUPLE_COST * inner.plan_rows
    elif isinstance(inner, FunctionScan):
        # cost_rescan counts a function's evaluation as paid once (its startup)
        rescan_startup, rescan_run = 0.0, inner_run
    else:
        rescan_startup, rescan_run = inner.startup_cost, inner_run
    run = (outer.total_cost - outer.startup_cost) + inner_run
    if outer.plan_rows > 1:
        run += (outer.plan_rows - 1) * (rescan_startup + rescan_run)
    cpu_per_tuple = CPU_TUPLE_COST + qual_cost_per_row(join_quals)
    # (tuples processed: an empty input counts as one row, final_cost_nestloop's guard)
    run += cpu_per_tuple * (outer.plan_rows if outer.plan_rows > 0 else 1.0) \
        * (inner.plan_rows if inner.plan_rows > 0 else 1.0)
    return startup, startup + run


def hash_bucket_fraction(inner_distinct: float, distinct_is_default: bool) -> float:
    """Fraction of the inner rows expected in one hash bucket (estimate_hash_bucket_stats
    without statistics): a default distinct count gives 0.1, a known small one 1/nd."""
    if distinct_is_default:
        return DEFAULT_BUCKET_FRACTION
    return min(max(1.0 / max(inner_distinct, 1.0), 1.0e-6), 1.0)


def cost_hashjoin(outer, inner_hash, n_hash_clauses: int, hash_join_tuples: float,
                  join_quals, bucket_fraction: float,
                  hash_qual: float | None = None) -> tuple[float, float]:
    """hash_join_tuples: rows passing the hash clauses alone (approx_tuple_count with
    inner-join semantics); join_quals: the other clauses checked on each of them;
    hash_qual: the hash clauses' evaluation cost per probe (one operator each if not
    given)."""
    if hash_qual is None:
        hash_qual = CPU_OPERATOR_COST * n_hash_clauses
    startup = outer.startup_cost + inner_hash.total_cost + disable_cost("enable_hashjoin")
    run = outer.total_cost - outer.startup_cost
    startup += (CPU_OPERATOR_COST * n_hash_clauses + CPU_TUPLE_COST) * inner_hash.plan_rows
    run += CPU_OPERATOR_COST * n_hash_clauses * outer.plan_rows
    bucket_rows = clamp_rows(inner_hash.plan_rows * bucket_fraction)
    run += hash_qual * outer.plan_rows * bucket_rows * 0.5
    run += (CPU_TUPLE_COST + qual_cost_per_row(join_quals)) * hash_join_tuples
    return startup, startup + run


def relation_byte_size(tuples: float, width: int) -> float:
    """Bytes a set of tuples occupies in memory (MAXALIGNed data plus tuple header)."""
    return tuples * (_maxalign(width) + _maxalign(23))


def _maxalign(n: int) -> int:
    return (n + 7) & ~7


def _supports_mark_restore(plan) -> bool:
    from pgsnake.optimizer.plan_nodes import Materialize, Result, Sort
    return isinstance(plan, (Materialize, Sort, Result))


def cost_mergejoin(outer, inner, merge_clauses, merge_join_tuples: float, join_quals,
                   inner_is_sorted_here: bool) -> tuple[float, float, bool]:
    """Merge join over `outer` and `inner` (each already sorted, usually by a Sort node
    given here). Returns (startup, total, materialize_inner).

    Without statistics the merge keys' start/end scan fractions are 0 and 1, so both
    inputs are read completely. Duplicate outer keys make the join re-read runs of the
    inner input: that is charged by inflating the inner run cost and the merge-clause
    comparisons by rescanratio = 1 + (merge_join_tuples - inner rows) / inner rows.
    (initial_cost_mergejoin, final_cost_mergejoin)"""
    outer_rows = max(outer.plan_rows, 1.0)
    inner_rows = clamp_rows(max(inner.plan_rows, 1.0))
    startup = outer.startup_cost + inner.startup_cost + disable_cost("enable_mergejoin")
    run = outer.total_cost - outer.startup_cost
    inner_run = inner.total_cost - inner.startup_cost
    rescanned = max(merge_join_tuples - inner.plan_rows, 0.0)
    rescan_ratio = 1.0 + rescanned / inner_rows
    bare_inner_cost = inner_run * rescan_ratio
    material_inner_cost = inner_run + CPU_OPERATOR_COST * inner_rows * rescan_ratio
    if material_inner_cost < bare_inner_cost:
        materialize = True
    elif not inner_is_sorted_here and not _supports_mark_restore(inner):
        materialize = True              # the join must be able to back up over the inner
    elif inner_is_sorted_here and relation_byte_size(inner.plan_rows, inner.plan_width) \
            > work_mem_bytes():
        materialize = True
    else:
        materialize = False
    run += material_inner_cost if materialize else bare_inner_cost
    merge_cost = qual_cost_per_row(merge_clauses)
    run += merge_cost * (clamp_rows(outer_rows) + inner_rows * rescan_ratio)
    run += (CPU_TUPLE_COST + qual_cost_per_row(join_quals)) * merge_join_tuples
    return startup, startup + run, materialize
