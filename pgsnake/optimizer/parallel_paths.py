"""Parallel plans: a Gather over a Parallel Seq Scan of a big table, when it costs less
than the plain Seq Scan (PostgreSQL's partial paths and Gather, first step).

Entry points: `consider_gather(planner, node, rtindex, rte)`, called by the planner with
the finished scan of a FROM item (planner._make_scan, last step): the node itself, or a
Gather over a ParallelSeqScan copy of it; `consider_partial_aggregate(planner, agg)`,
called with a plain Aggregate (no GROUP BY) over a Seq Scan: it, an Aggregate over a
Gather, or Finalize Aggregate -> Gather -> Partial Aggregate -> Parallel Seq Scan,
whichever add_path's rules keep (`_choose`); `consider_gather_merge(planner, sort,
limit_tuples)`, called with the level's Sort over a Seq Scan: it, or Gather Merge ->
Sort -> Parallel Seq Scan; `projecting_node` (where the planner puts the select list).
Plan nodes defined here: ParallelSeqScan (a SeqScan whose blocks are shared out among
the processes running it), ParallelIndexScan and ParallelBitmapHeapScan (made by
parallel_index_paths.py), Gather, GatherMerge, PartialAggregate, FinalizeAggregate.
The Gather's or partial aggregation's input is the table's cheapest partial scan
(`cheapest_partial_scan`: the Parallel Seq Scan or a partial index / bitmap scan),
whatever kind of scan the serial plan chose (Seq, Index or Bitmap Heap Scan).

When (PostgreSQL's parallelModeOK, consider_parallel and add_path, narrowed):
- max_parallel_workers_per_gather > 0, and the level is a top-level SELECT whose FROM is
  this one table (not a temporary one, not an inheritance parent), without FOR UPDATE /
  SHARE, WITH, set operations, GROUP BY, window functions or DISTINCT (a partial GROUP
  BY is not built yet, so those queries stay serial rather than get a shape PostgreSQL
  would not choose); plain aggregation only through consider_partial_aggregate, ORDER
  BY only through consider_gather_merge, or under a Sort above a Gather that computes a
  parallel restricted select list;
- every expression the scan evaluates (quals, the row's columns) is parallel safe:
  columns, constants, $n parameters, and operators / functions whose
  pg_proc.proparallel is 's' (no SubPlans, no volatile-unsafe calls); the select list
  may also call restricted ones ('r', such as random()): the Gather computes it;
- the table has at least min_parallel_table_scan_size pages: the worker count is
  compute_parallel_worker's log3 rule (one worker from the threshold, one more each
  time the table is three times larger), or the table's parallel_workers reloption
  when set (0: never in parallel), capped by max_parallel_workers_per_gather;
- and the Gather's total cost is below the Seq Scan's (beyond add_path's 1% fuzz).

Costs (cost_seqscan with a parallel divisor, cost_gather): the divisor is the worker
count plus the leader's share (1 - 0.3 x workers when parallel_leader_participation, if
positive); the partial scan divides its CPU cost and its rows by it, not its disk cost;
the Gather adds parallel_setup_cost at start-up and parallel_tuple_cost per row it
returns, and returns the table's estimated rows.

PostgreSQL: optimizer/path/allpaths.c (create_plain_partial_paths, compute_parallel_worker,
generate_gather_paths), costsize.c (cost_seqscan, get_parallel_divisor, cost_gather),
clauses.c (max_parallel_hazard), planner.c (standard_planner's parallelModeOK).
"""
from __future__ import annotations

import contextlib
import dataclasses
import math
from typing import Any

from pgsnake.catalog import lookup_functions
from pgsnake.optimizer import cost
from pgsnake.optimizer.plan_nodes import Append, BitmapHeapScan, IndexScan, Plan, SeqScan
from pgsnake.parser.expression_nodes import Const, conjuncts, walk
from pgsnake.utils import settings

ADD_PATH_FUZZ = 1.01            # add_path's STD_FUZZ_FACTOR
_serial_only = False            # planning a cursor's query: no Gather


@contextlib.contextmanager
def serial_planning(active: bool = True):
    """Plans made inside are serial when `active` (DECLARE CURSOR's query: PostgreSQL
    plans it without CURSOR_OPT_PARALLEL_OK)."""
    global _serial_only
    before, _serial_only = _serial_only, _serial_only or active
    try:
        yield
    finally:
        _serial_only = before


@dataclasses.dataclass(eq=False)
class ParallelSeqScan(SeqScan):
    """A Seq Scan whose pages are handed out in chunks to every process running it
    (executor/gather_nodes.py): each row is returned by exactly one of them."""
    parallel_aware = True

    def explain_name(self) -> str:
        return "Parallel " + super().explain_name()


@dataclasses.dataclass(eq=False)
class ParallelIndexScan(IndexScan):
    """A forward B-tree Index (Only) Scan whose leaf pages are taken in turn by every
    process running it (access/nbtree/parallel_scan.py): each match is returned by
    exactly one of them (parallel_index_paths.py makes it)."""
    parallel_aware = True

    def explain_name(self) -> str:
        return "Parallel " + super().explain_name()


@dataclasses.dataclass(eq=False)
class ParallelBitmapHeapScan(BitmapHeapScan):
    """A Bitmap Heap Scan whose bitmap one process (the leader) builds and whose pages
    every process running it takes in turn (executor/gather_nodes.py)."""
    parallel_aware = True

    def explain_name(self) -> str:
        return "Parallel " + super().explain_name()


_STRATEGY_NAMES = {"plain": "Aggregate", "hashed": "HashAggregate", "sorted": "GroupAggregate"}


@dataclasses.dataclass(eq=False)
class SplitAggregate(Plan):
    """One half of an aggregation split across parallel participants (PostgreSQL's
    Agg node with aggsplit): `partial_mode` names the half, as EXPLAIN shows it;
    `group_exprs` the GROUP BY keys ('hashed' or 'sorted' `strategy`), none for a plain
    aggregation."""
    child: Any = None
    aggregates: list = dataclasses.field(default_factory=list)
    group_exprs: list = dataclasses.field(default_factory=list)
    strategy: str = "plain"

    partial_mode = ""

    def children(self) -> list:
        return [self.child]

    def explain_name(self) -> str:
        return f"{self.partial_mode} {_STRATEGY_NAMES[self.strategy]}"

    def explain_properties(self, show) -> list:
        return [("Group Key", [show(g) for g in self.group_exprs])] if self.group_exprs else []


@dataclasses.dataclass(eq=False)
class PartialAggregate(SplitAggregate):
    """The aggregates' transition states over this participant's rows, unfinished: one
    row of states (plain aggregation), or per group one row of the group key's values
    then the states (`group_exprs`, over the child's row; 'hashed' or 'sorted', the
    input then ordered by them and the groups come out in that order)."""
    partial_mode = "Partial"


@dataclasses.dataclass(eq=False)
class FinalizeAggregate(SplitAggregate):
    """The participants' states combined (combine functions) and finished: the
    aggregates' values, one row (or one per group: the first len(group_exprs) input
    columns are the group key; `group_exprs` are what EXPLAIN shows), laid out as an
    Aggregate's (HAVING is its qual)."""
    partial_mode = "Finalize"


@dataclasses.dataclass(eq=False)
class GatherMerge(Plan):
    """Like Gather, but each participant's rows come sorted by `keys` (a Sort below it)
    and are merged in that order."""
    child: Any = None
    num_workers: int = 0
    keys: list = dataclasses.field(default_factory=list)     # the Sort's SortKeys

    def children(self) -> list:
        return [self.child]

    def explain_name(self) -> str:
        return "Gather Merge"

    def explain_properties(self, show) -> list:
        return [("Workers Planned", self.num_workers)]


@dataclasses.dataclass(eq=False)
class Gather(Plan):
    """Runs `child` in up to `num_workers` parallel workers (and in the leader, with
    parallel_leader_participation) and returns the rows of all of them, in no order."""
    child: Any = None
    num_workers: int = 0

    def children(self) -> list:
        return [self.child]

    def explain_properties(self, show) -> list:
        return [("Workers Planned", self.num_workers)]


def parallel_divisor(workers: int) -> float:
    """get_parallel_divisor: the share of a partial path's rows each process sees."""
    divisor = float(workers)
    if settings.get("parallel_leader_participation"):
        leader = 1.0 - 0.3 * workers
        if leader > 0:
            divisor += leader
    return divisor


def compute_parallel_worker(pages: float | None, reloption: int | None = None,
                            index_pages: float | None = None) -> int:
    """compute_parallel_worker: the table's parallel_workers reloption when set
    (`reloption`; -1 or None when not: sizes no longer matter); else 0 when the heap
    `pages` read are below min_parallel_table_scan_size or the `index_pages` below
    min_parallel_index_scan_size, else 1 + the number of times each triples beyond its
    threshold, the smaller of the two for an index scan; capped by
    max_parallel_workers_per_gather. None: that size does not count."""
    limit = int(settings.get("max_parallel_workers_per_gather"))
    if reloption is not None and reloption >= 0:
        return min(reloption, limit)
    table_minimum = int(settings.get("min_parallel_table_scan_size"))
    index_minimum = int(settings.get("min_parallel_index_scan_size"))
    if (pages is not None and pages < table_minimum) or \
            (index_pages is not None and index_pages < index_minimum):
        return 0
    workers = 0 if pages is None else _log3_workers(pages, table_minimum)
    if index_pages is not None:
        index_workers = _log3_workers(index_pages, index_minimum)
        workers = min(workers, index_workers) if workers > 0 else index_workers
    return min(workers, limit)


def _log3_workers(pages: float, minimum: int) -> int:
    threshold, workers = max(minimum, 1), 1
    while pages >= threshold * 3:
        workers += 1
        threshold *= 3
        if workers >= 1 << 20:     # (PostgreSQL stops at INT_MAX / 3)
            break
    return workers


def _level_allows(planner, rtindex: int, rte, aggregated: bool = False,
                  sorted_: bool = False, grouped: bool = False) -> bool:
    """`aggregated`: the level's plain aggregation (no GROUP BY) may sit above;
    `sorted_`: its ORDER BY may (a Gather Merge); `grouped`: its GROUP BY may
    (parallel_grouping.py)."""
    query = planner.query
    if _serial_only or planner.parent is not None or query.command_type != "SELECT":
        return False
    if int(settings.get("max_parallel_workers_per_gather")) <= 0:
        return False
    if query.row_marks or query.has_for_update or query.cte_list or query.set_operation:
        return False
    if (query.group_by and not grouped) or query.grouping_sets:
        return False
    if (query.has_aggregates or query.having is not None) and not aggregated:
        return False
    if query.has_window_functions or query.distinct or query.distinct_on:
        return False
    if query.sort_clause and (not sorted_ or any(c.order_proc for c in query.sort_clause)):
        return False        # (a user-defined family's order: Gather Merge cannot merge it)
    if len(query.range_table) != 1 or len(query.from_list) != 1:
        return False
    if rte.kind != "relation":
        return False
    if getattr(planner, "init_plans", None):
        return False
    relation = rte.relation
    return relation.relkind in ("r", "m", "p") and relation.persistence != "t"


_SAFE_NODES = frozenset({
    "Var", "Const", "OpExpr", "FuncExpr", "CoerceExpr", "CollateExpr", "BoolExpr",
    "NullTest", "BooleanTest", "CaseExpr", "CaseWhen", "CoalesceExpr", "MinMaxExpr",
    "NullIfExpr", "ScalarArrayOpExpr", "ArrayExpr", "RowExpr", "RowCompareExpr",
    "SQLValueFunction", "ColumnReference"})


def _proc_safe(oid: int) -> bool:
    row = lookup_functions.proc_row(oid)
    return row is not None and row.proparallel == "s"


def expression_is_safe(expr, aggregates: bool = False, exec_ok: frozenset = frozenset()) -> bool:
    """max_parallel_hazard(expr) == PROPARALLEL_SAFE, for the node kinds known here
    (anything else counts as unsafe). `aggregates`: aggregate calls count as safe
    (their arguments are still checked): above a Partial Aggregate. `exec_ok`: exec
    parameter slots set in the same process (a Nested Loop's, parallel_joins.py)."""
    if expr is None:
        return True
    for node in walk(expr):
        kind = type(node).__name__
        if aggregates and kind == "Aggref":
            continue
        if kind == "Param":
            if node.kind != "extern" and not (node.kind == "exec" and node.number in exec_ok):
                return False
            continue
        if kind in ("tuple", "list"):
            continue
        if kind not in _SAFE_NODES:
            return False
        if kind == "Var" and node.levels_up:
            return False
        if kind == "FuncExpr" and (node.returns_set or not _proc_safe(node.function_oid)):
            return False
        if kind == "OpExpr":
            row = lookup_functions.operator_row(node.operator_oid)
            if row is None or not _proc_safe(row.oprcode):
                return False
    return True


def _limit_fraction(query, rows: float) -> float | None:
    """The share of the rows a constant LIMIT (plus OFFSET) needs, when below all of
    them (grouping_planner's tuple_fraction, get_cheapest_fractional_path)."""
    count, offset = query.limit_count, query.limit_offset
    if count is None:
        return None
    if not isinstance(count, Const) or (offset is not None and not isinstance(offset, Const)):
        return 0.10                    # (not a constant: preprocess_limit assumes 10%)
    if count.value is None:
        return None                    # LIMIT NULL: all of them
    wanted = float(count.value) + float(offset.value or 0 if offset is not None else 0)
    if wanted <= 0 or rows <= 0:
        return None
    fraction = wanted / rows if wanted >= 1.0 else wanted
    return fraction if fraction < 1.0 else None


def _fractional_cost(plan, fraction: float) -> float:
    return plan.startup_cost + fraction * (plan.total_cost - plan.startup_cost)


def projecting_node(plan, exprs=None):
    """Where the select list `exprs` of a level whose top is `plan` is computed: a
    Gather's child (the Parallel Seq Scan or partial join projects in every participant,
    as PostgreSQL puts a parallel-safe target below the Gather), else the plan itself
    (also a Gather whose select list calls a parallel restricted function, random():
    the leader computes it)."""
    if isinstance(plan, Gather) and plan.child.target_list is None \
            and (exprs is None or all(expression_is_safe(e) for e in exprs)):
        return plan.child
    return plan


def expression_is_restricted(expr) -> bool:
    """max_parallel_hazard(expr) is at most PROPARALLEL_RESTRICTED through functions
    and operators alone: safe node kinds, calls whose pg_proc.proparallel is 's' or 'r'
    (random(), ...); no SubPlans, exec parameters or unknown node kinds."""
    for node in walk(expr):
        kind = type(node).__name__
        if kind in ("tuple", "list") or (kind == "Param" and node.kind == "extern"):
            continue
        if kind not in _SAFE_NODES or (kind == "Var" and node.levels_up):
            return False
        oid = node.function_oid if kind == "FuncExpr" else None
        if kind == "FuncExpr" and node.returns_set:
            return False
        if kind == "OpExpr":
            row = lookup_functions.operator_row(node.operator_oid)
            oid = None if row is None else row.oprcode
            if row is None:
                return False
        if oid is not None:
            proc = lookup_functions.proc_row(oid)
            if proc is None or proc.proparallel not in ("s", "r"):
                return False
    return True


_SERIAL_SCANS = (SeqScan, IndexScan, BitmapHeapScan)


def _table_scan(planner, node):
    """A SeqScan of the table `node` (the level's chosen scan of it: a Seq, Index or
    Bitmap Heap Scan) reads, with every restriction clause as its qual: the template of
    the partial scans. None for a scan of another kind (GiST, KNN, ...)."""
    if type(node) is SeqScan:
        return node
    if type(node) not in _SERIAL_SCANS or getattr(node, "order_by", None) or \
            getattr(node, "backward", False):
        return None
    quals = getattr(planner, "restriction_quals", {}).get(node.rtindex)
    if quals is None:
        return None
    from pgsnake.rewrite import row_security
    rte = planner.query.range_table[node.rtindex - 1]
    scan = SeqScan(rtindex=node.rtindex, relation=node.relation, alias=node.alias,
                   system_columns=node.system_columns)
    scan.qual = row_security.order_scan_quals(rte, list(quals), cost.order_by_cost)
    pages, tuples = planner._table_size(node.rtindex)
    scan.startup_cost, scan.total_cost = cost.cost_seqscan(pages, tuples, scan.qual)
    scan.plan_rows, scan.plan_width = node.plan_rows, node.plan_width
    scan.output_keys = node.output_keys
    return scan


def cheapest_partial_scan(planner, scan):
    """(the cheapest partial path of the table `scan` reads, its workers): a Parallel
    Seq Scan or a Parallel Index [Only] Scan (parallel_index_paths.py), the cheapest
    in total cost, the first made of equal ones (add_partial_path); None when the table
    is too small for a worker. `scan` is a _table_scan template."""
    from pgsnake.optimizer import parallel_index_paths
    candidates = []
    made = partial_seq_scan(planner, scan)
    if made is not None:
        candidates.append(made)
    candidates += parallel_index_paths.partial_index_scans(planner, scan)
    candidates += parallel_index_paths.partial_bitmap_scans(planner, scan)
    return min(candidates, key=lambda c: c[0].total_cost) if candidates else None


def partial_of(planner, node):
    """(the cheapest partial path of what the serial scan `node` reads, its workers):
    of a table (cheapest_partial_scan), or of a table with children (`node` an Append,
    parallel_append.py); and the quals it applies. None when there is none."""
    if type(node) is Append:
        from pgsnake.optimizer import parallel_append
        made = parallel_append.cheapest_partial_append(planner, node)
        quals = [q for child in node.subplans for q in child.qual]
        return None if made is None else (made, quals)
    table_scan = _table_scan(planner, node)
    if table_scan is None:
        return None
    made = cheapest_partial_scan(planner, table_scan)   # (the cheap test first: size)
    return None if made is None else (made, table_scan.qual)


def consider_gather(planner, node, rtindex: int, rte):
    """The scan `node` of FROM item `rtindex`, or a Gather over a partial scan of its
    table when that is allowed and cheaper (see the module docstring)."""
    # A select list calling a parallel restricted function is computed by the Gather
    # (projecting_node); under ORDER BY the Sort then goes above the Gather, as
    # create_ordered_paths sorts the Gather path when no Gather Merge can be made.
    if type(node) not in _SERIAL_SCANS + (Append,):
        return node
    targets = [t.expr for t in planner.query.target_list]
    ordered = bool(planner.query.sort_clause)
    if not _level_allows(planner, rtindex, rte, sorted_=ordered):
        return node
    found = partial_of(planner, node)      # (the cheap test, size, before any catalog
    if found is None:                      # lookup of the expressions' functions)
        return node
    if ordered and all(expression_is_safe(t) for t in targets):
        return node          # a sorted query with a safe select list: Gather Merge's
    made, quals = found
    if not all(expression_is_safe(q) for q in quals) or \
            not all(expression_is_safe(q) for q in conjuncts(planner.query.where)) or \
            not all(expression_is_restricted(t) for t in targets) or \
            (planner.query.limit_count is not None
             and not expression_is_safe(planner.query.limit_count)):
        return node
    partial, workers = made
    gather = Gather(child=partial, num_workers=workers)
    gather.startup_cost = partial.startup_cost + float(settings.get("parallel_setup_cost"))
    gather.total_cost = partial.total_cost + float(settings.get("parallel_setup_cost")) \
        + float(settings.get("parallel_tuple_cost")) * node.plan_rows
    if not node.total_cost > gather.total_cost * ADD_PATH_FUZZ:
        return node
    fraction = _limit_fraction(planner.query, node.plan_rows)
    if fraction is not None and _fractional_cost(gather, fraction) >= \
            _fractional_cost(node, fraction):
        return node          # under a LIMIT the serial scan's first rows come cheaper
    gather.plan_rows = node.plan_rows
    gather.plan_width = node.plan_width
    gather.output_keys = node.output_keys
    gather.pathkeys = []
    if math.isnan(gather.total_cost):
        return node
    return gather


# ---- partial aggregation ------------------------------------------------------------------

_INT2, _INT4, _INT8, _FLOAT4, _FLOAT8 = 21, 23, 20, 700, 701
_NUMERIC, _INT8_ARRAY, _FLOAT8_ARRAY = 1700, 1016, 1022
# aggregates whose transition state is an ordinary value (no serialization functions,
# whose costs pgsnake does not model): name -> argument types allowed
_SUM_AVG_TYPES = (_INT2, _INT4, _FLOAT4, _FLOAT8)


_BYTEA = 17


def _state_type(aggref):
    """(the transition type a Partial Aggregate hands on, whether it is an internal
    state sent serialized (bytea), whether a final function runs) when partial
    aggregation supports the aggregate here, else None (pg_aggregate's aggtranstype,
    aggserialfn, aggfinalfn)."""
    if aggref.distinct or aggref.order_by or aggref.within_group or aggref.levels_up \
            or aggref.agg_filter is not None:
        return None
    name = aggref.aggregate_name
    arg = aggref.aggregate.arg_types[0] if aggref.aggregate.arg_types else None
    if name == "count":
        return _INT8, False, False
    if name == "sum" and arg in _SUM_AVG_TYPES:
        return (_INT8 if arg in (_INT2, _INT4) else arg), False, False
    if name == "sum" and arg in (_INT8, _NUMERIC):
        return _BYTEA, True, True
    if name == "avg" and arg in _SUM_AVG_TYPES:
        return (_INT8_ARRAY if arg in (_INT2, _INT4) else _FLOAT8_ARRAY), False, True
    if name == "avg" and arg in (_INT8, _NUMERIC):
        return _BYTEA, True, True
    if name in ("min", "max") and arg is not None and arg in (
            _INT2, _INT4, _INT8, _FLOAT4, _FLOAT8, _NUMERIC, 25, 1043, 1082, 1114, 1184):
        return arg, False, False
    return None


def _choose(paths: list):
    """add_path then set_cheapest over `paths` (all without order, same rows): a path
    another is fuzzily no worse than on both total and start-up cost is dropped (of two
    fuzzily equal ones the cheaper in total stays); the cheapest total of the rest wins."""
    kept = []
    for new in paths:
        dominated = False
        for old in list(kept):
            new_total_worse = new.total_cost > old.total_cost * ADD_PATH_FUZZ
            old_total_worse = old.total_cost > new.total_cost * ADD_PATH_FUZZ
            new_start_worse = new.startup_cost > old.startup_cost * ADD_PATH_FUZZ
            old_start_worse = old.startup_cost > new.startup_cost * ADD_PATH_FUZZ
            if not new_total_worse and not old_total_worse and not new_start_worse \
                    and not old_start_worse:               # fuzzily equal
                if new.total_cost < old.total_cost:
                    kept.remove(old)
                else:
                    dominated = True
            elif not new_total_worse and not new_start_worse:
                kept.remove(old)                          # the new one dominates
            elif not old_total_worse and not old_start_worse:
                dominated = True
        if not dominated:
            kept.append(new)
    return min(kept, key=lambda p: (p.total_cost, p.startup_cost))


def scanned_rtindex(scan) -> int | None:
    """The range table entry a scan (or an Append of scans, its first child's) reads;
    None for an Append of anything else (Results of a UNION ALL of constants, the joins
    of a partitionwise join)."""
    first = (scan.subplans[0] if scan.subplans else None) if type(scan) is Append else scan
    return getattr(first, "rtindex", None)


def consider_partial_aggregate(planner, agg):
    """A plain Aggregate (`agg`, over a Seq Scan), or Finalize Aggregate -> Gather ->
    Partial Aggregate -> Parallel Seq Scan when that is allowed and cheaper
    (create_partial_grouping_paths, gather_grouping_paths, cost_agg with AGGSPLIT)."""
    scan = agg.child
    if agg.group_exprs or agg.dependent_exprs:
        return agg
    partial_join = getattr(planner, "partial_from", None)
    if partial_join is not None:
        return _partial_aggregate(planner, agg, partial_join, partial_join.parallel_workers)
    if type(scan) not in _SERIAL_SCANS + (Append,):
        return agg
    rtindex = scanned_rtindex(scan)
    if rtindex is None:
        return agg
    rte = planner.query.range_table[rtindex - 1]
    if rte.kind != "relation" or not _level_allows(planner, rtindex, rte, aggregated=True):
        return agg
    found = partial_of(planner, scan)
    if found is None:
        return agg
    made, quals = found
    query = planner.query
    if not all(expression_is_safe(q) for q in quals) or \
            not all(expression_is_safe(q) for q in conjuncts(query.where)) or \
            not all(expression_is_safe(a, True) for a in agg.aggregates) or \
            not all(expression_is_safe(t.expr, True) for t in query.target_list) or \
            not all(expression_is_safe(q, True) for q in agg.qual):
        return agg
    partial_scan, workers = made
    return _partial_aggregate(planner, agg, partial_scan, workers, scan.plan_rows)


def partial_seq_scan(planner, scan):
    """(a Parallel Seq Scan copy of `scan` with cost_seqscan's parallel costs, its
    workers), or None when the table is too small for a worker."""
    pages, tuples = planner._table_size(scan.rtindex)
    workers = compute_parallel_worker(pages, scan.relation.parallel_workers)
    if workers <= 0:
        return None
    divisor = parallel_divisor(workers)
    quals = scan.qual
    partial_scan = ParallelSeqScan(**{f.name: getattr(scan, f.name)
                                      for f in dataclasses.fields(SeqScan)})
    partial_scan.startup_cost = cost.disable_cost("enable_seqscan") + cost.qual_startup_cost(quals)
    partial_scan.total_cost = partial_scan.startup_cost + cost.SEQ_PAGE_COST * pages + \
        (cost.CPU_TUPLE_COST + cost.qual_cost_per_row(quals)) * tuples / divisor
    partial_scan.plan_rows = cost.clamp_rows(scan.plan_rows / divisor)
    partial_scan.parallel_workers = workers
    return partial_scan, workers


def transition_costs(aggregates, states):
    """(transition cost per input row of a partial node, how many states are sent
    serialized, combine + deserialization cost per input row of a finalize node, final
    function cost per group): sum and avg of one int8 / numeric argument share one
    transition state (int8_avg_accum, numeric_avg_accum: find_compatible_trans),
    costed once."""
    transitions: dict = {}
    for aggref, (_, serialized, _) in zip(aggregates, states):
        key = ("avg_accum", aggref.args) if serialized else id(aggref)
        transitions.setdefault(key, (aggref, serialized))
    partial_cost = sum(cost.CPU_OPERATOR_COST + cost.qual_cost_per_row(a.args)
                       for a, _ in transitions.values())
    internal = sum(1 for _, serialized in transitions.values() if serialized)
    combine = cost.CPU_OPERATOR_COST * (len(transitions) + internal)
    finals = cost.CPU_OPERATOR_COST * sum(1 for _, _, has_final in states if has_final)
    return partial_cost, internal, combine, finals


def gather_merge_costs(child, rows: float, workers: int) -> tuple[float, float]:
    """cost_gather_merge over `child` (each participant's sorted rows), `rows` in all."""
    n = workers + 1.0
    comparison = 2.0 * cost.CPU_OPERATOR_COST
    startup = comparison * n * math.log2(n) + float(settings.get("parallel_setup_cost"))
    run = rows * comparison * math.log2(n) + cost.CPU_OPERATOR_COST * rows + \
        float(settings.get("parallel_tuple_cost")) * rows * 1.05
    return startup + child.startup_cost, startup + run + child.total_cost


def _partial_aggregate(planner, agg, partial_scan, workers: int, whole_rows=None):
    """The cheapest of `agg` (as planned: over the serial input, or over a Gather),
    an Aggregate over a Gather of `partial_scan` (a partial path of the level's FROM
    clause; `whole_rows` its rows in all) and Finalize Aggregate -> Gather -> Partial
    Aggregate -> `partial_scan`, by add_path's rules."""
    states = [_state_type(a) for a in agg.aggregates]
    splittable = bool(agg.aggregates) and None not in states
    if not splittable:
        states = [(0, False, False)] * len(agg.aggregates)     # (only the whole Gather)
    if whole_rows is None:
        whole_rows = agg.child.plan_rows
    agg_cost = cost.aggregate_input_cost(agg.aggregates)
    setup = float(settings.get("parallel_setup_cost"))
    tuple_cost = float(settings.get("parallel_tuple_cost"))
    partial_cost, internal, per_row, finals = transition_costs(agg.aggregates, states)

    # Aggregate over a Gather of every row the workers find
    whole = Gather(child=partial_scan, num_workers=workers)
    whole.plan_rows, whole.plan_width = whole_rows, partial_scan.plan_width
    whole.output_keys = partial_scan.output_keys
    whole.startup_cost = partial_scan.startup_cost + setup
    whole.total_cost = partial_scan.total_cost + setup + tuple_cost * whole_rows
    over_whole = dataclasses.replace(agg, child=whole)
    over_whole.startup_cost, over_whole.total_cost = cost.cost_plain_agg(
        whole.total_cost, whole.plan_rows, agg_cost)
    over_whole.startup_cost += cost.aggregate_final_cost(agg.aggregates)
    over_whole.total_cost += cost.aggregate_final_cost(agg.aggregates)
    candidates = [agg] if isinstance(agg.child, Gather) else [agg, over_whole]

    # Finalize Aggregate over a Gather of each participant's Partial Aggregate
    partial = PartialAggregate(child=partial_scan, aggregates=list(agg.aggregates))
    partial.startup_cost, partial.total_cost = cost.cost_plain_agg(
        partial_scan.total_cost, partial_scan.plan_rows, partial_cost)
    partial.startup_cost += cost.CPU_OPERATOR_COST * internal       # serialization
    partial.total_cost += cost.CPU_OPERATOR_COST * internal
    partial.plan_rows = 1.0
    partial.plan_width = sum(cost.column_width(t) for t, _, _ in states if t)
    partial.output_keys = [("partial", i) for i in range(len(states))]
    gather = Gather(child=partial, num_workers=workers)
    gather.plan_rows = float(workers)
    gather.startup_cost = partial.startup_cost + setup
    gather.total_cost = partial.total_cost + setup + tuple_cost * gather.plan_rows
    gather.plan_width, gather.output_keys = partial.plan_width, partial.output_keys
    final = FinalizeAggregate(child=gather, aggregates=list(agg.aggregates))
    final.startup_cost = gather.total_cost + per_row * gather.plan_rows + finals
    final.total_cost = final.startup_cost + cost.CPU_TUPLE_COST
    final.plan_rows, final.plan_width = agg.plan_rows, agg.plan_width
    final.output_keys, final.qual = agg.output_keys, agg.qual
    return _choose(candidates + [final] if splittable else candidates)


# ---- Gather Merge ---------------------------------------------------------------------

def _gather_merge_over_partial(sort, partial, workers: int, limit_tuples):
    """ORDER BY over a Gather of the level's partial join (parallel_joins.py, which
    computes the select list): the Sort above the Gather, or Gather Merge over each
    participant's Sort of it (create_ordered_paths' cheapest partial path), by
    add_path. Not under a LIMIT (bounded sorts and fractional costs: serial kept)."""
    if limit_tuples is not None or partial.target_list is None:
        return sort
    partial_sort = dataclasses.replace(sort, child=partial)
    partial_sort.startup_cost, partial_sort.total_cost = cost.cost_sort(
        partial.startup_cost, partial.total_cost, partial.plan_rows, partial.plan_width)
    partial_sort.plan_rows = partial.plan_rows
    merge = GatherMerge(child=partial_sort, num_workers=workers, keys=list(sort.keys))
    rows = partial.plan_rows * workers
    merge.startup_cost, merge.total_cost = gather_merge_costs(partial_sort, rows, workers)
    merge.plan_rows, merge.plan_width = rows, sort.plan_width
    merge.output_keys, merge.pathkeys = sort.output_keys, sort.pathkeys
    # add_path: of fuzzily equal costs the plan with fewer estimated rows stays (the
    # Gather Merge's rows are the participants' shares times the workers)
    from pgsnake.optimizer import join_paths
    pathlist: list = []
    for plan in (sort, merge):
        join_paths.add_path(pathlist, plan)
    return join_paths.cheapest_total(pathlist)


def consider_gather_merge(planner, sort, limit_tuples: float | None):
    """A Sort (full, not incremental) over a Seq Scan at the top of a level, or Gather
    Merge -> Sort -> Parallel Seq Scan when that is allowed and cheaper
    (create_ordered_paths' partial paths, cost_gather_merge)."""
    scan = sort.child
    partial = getattr(planner, "partial_from", None)
    if type(sort).__name__ == "Sort" and partial is not None:
        if isinstance(scan, Gather) and scan.child is partial:
            return _gather_merge_over_partial(sort, partial, scan.num_workers, limit_tuples)
        if scan.target_list is not None and scan.input_keys is not None and \
                set(map(repr, scan.input_keys)) == set(map(repr, partial.output_keys)):
            # the serial plan projects: each participant's partial join does instead
            projected = dataclasses.replace(
                partial, target_list=list(scan.target_list), input_keys=partial.output_keys,
                output_keys=scan.output_keys, plan_width=scan.plan_width)
            startup, per_row = cost.target_cost(
                [t.expr for t in planner.query.target_list if not t.resjunk])
            projected.startup_cost += startup
            projected.total_cost += startup + per_row * projected.plan_rows
            return _gather_merge_over_partial(sort, projected, partial.parallel_workers,
                                              limit_tuples)
        return sort
    if type(sort).__name__ != "Sort" or type(scan) is not SeqScan:
        return sort
    rtindex = scan.rtindex
    rte = planner.query.range_table[rtindex - 1]
    if rte.kind != "relation" or not _level_allows(planner, rtindex, rte, sorted_=True):
        return sort
    made = partial_seq_scan(planner, scan)       # (the cheap test first: its size)
    if made is None:
        return sort
    query = planner.query
    if not all(expression_is_safe(q) for q in scan.qual) or \
            not all(expression_is_safe(q) for q in conjuncts(query.where)) or \
            not all(expression_is_safe(t.expr) for t in query.target_list) or \
            (query.limit_count is not None and not expression_is_safe(query.limit_count)):
        return sort
    partial_scan, workers = made
    # the select list is computed by each participant's scan (target_costs.py)
    target_startup, target_per_row = cost.target_cost(
        [t.expr for t in query.target_list if not t.resjunk])
    partial_scan.startup_cost += target_startup
    partial_scan.total_cost += target_startup + target_per_row * partial_scan.plan_rows
    partial_sort = dataclasses.replace(sort, child=partial_scan)
    partial_sort.startup_cost, partial_sort.total_cost = cost.cost_sort(
        partial_scan.startup_cost, partial_scan.total_cost, partial_scan.plan_rows,
        scan.plan_width, limit_tuples=limit_tuples)
    partial_sort.plan_rows = partial_scan.plan_rows
    merge = GatherMerge(child=partial_sort, num_workers=workers, keys=list(sort.keys))
    rows = partial_sort.plan_rows * workers
    merge.startup_cost, merge.total_cost = gather_merge_costs(partial_sort, rows, workers)
    merge.plan_rows, merge.plan_width = rows, sort.plan_width
    merge.output_keys, merge.pathkeys = sort.output_keys, sort.pathkeys
    serial = sort
    if limit_tuples is not None:
        serial = dataclasses.replace(sort)
        serial.startup_cost, serial.total_cost = cost.cost_sort(
            scan.startup_cost, scan.total_cost, scan.plan_rows, scan.plan_width,
            limit_tuples=limit_tuples)
    chosen = _choose([serial, merge])
    if chosen is merge and limit_tuples is not None:
        fraction_merge = min(limit_tuples / max(merge.plan_rows, 1.0), 1.0)
        fraction_serial = min(limit_tuples / max(serial.plan_rows, 1.0), 1.0)
        if merge.startup_cost + fraction_merge * (merge.total_cost - merge.startup_cost) >= \
                serial.startup_cost + fraction_serial * (serial.total_cost - serial.startup_cost):
            return sort
    return merge if chosen is merge else sort
