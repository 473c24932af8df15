"""Memoize: a cache of a parameterised inner side's rows per parameter value, between a
Nested Loop and its inner index scan ("Cache Key: a.b_id", "Cache Mode: logical").

Entry points:
    Memoize                          the plan node (executor/memoize_nodes.py runs it)
    lateral_cache_keys(planner, lateral_params) -> CacheKeys | None
                                     a LATERAL item's keys (planner.py keeps them on
                                     its scan as `lateral_cache_keys`)
    memoize_lateral_loop(inputs, join_type, outer, loop) -> NestedLoop | None
                                     a LATERAL item's Nested Loop with a Memoize
    memoize_nested_loop(inputs, join_type, outer, param, inner_unique) -> NestedLoop | None
        the Nested Loop over `outer` with a Memoize above the parameterised scan
        `param` (param_paths.ParamScan), when PostgreSQL 15 would consider one
        (get_memoize_path), costed by cost_memoize_rescan

When (get_memoize_path): enable_memoize; the outer side has at least 2 rows; not for
semi / anti joins; for a join whose inner side is unique for its clauses only when the
scan enforces every one of them (the executor then caches one row per key); every moved
clause is `outer expression op inner expression`, and the cache keys are the distinct
outer expressions. An operator that is not `=` makes the cache compare keys by their
binary images ("Cache Mode: binary").

Costs (cost_memoize_rescan): entries of rows x (MAXALIGN(width) + 24 header) bytes plus
48 + 16 per row of executor overhead plus the keys' widths; est_cache_entries =
floor(work_mem x hash_mem_multiplier / entry bytes); ndistinct = the keys' distinct
values among the outer rows (statistics, else every call distinct); hit ratio
((calls - ndistinct) / calls) x (entries / max(ndistinct, entries)); a re-scan costs
the inner's total x (1 - hit ratio) + a lookup, evictions, and storing its rows. The
Memoize path itself costs its input + cpu_tuple_cost.

PostgreSQL: optimizer/path/joinpath.c (get_memoize_path, paraminfo_get_equal_hashops),
optimizer/util/pathnode.c (create_memoize_path), optimizer/path/costsize.c
(cost_memoize_rescan, initial/final_cost_nestloop), executor/nodeMemoize.c
(ExecEstimateCacheEntryOverheadBytes).
"""
from __future__ import annotations

import dataclasses
import math
import types
from typing import Any

from pgsnake.optimizer import cost
from pgsnake.optimizer.plan_nodes import NestedLoop, Plan
from pgsnake.optimizer.semi_joins import early_stop_inner_cost
from pgsnake.utils import settings

# sizeof(MemoizeEntry) + sizeof(MemoizeKey), and sizeof(MemoizeTuple) per cached row
ENTRY_OVERHEAD_BYTES = 48
TUPLE_OVERHEAD_BYTES = 16


@dataclasses.dataclass(eq=False)
class Memoize(Plan):
    """Rows of `child` cached per value of `cache_keys` (expressions over the Nested
    Loop's PARAM_EXEC parameters); `single_row`: the join stops at the first match, so
    an entry is complete after one row."""
    child: Plan | None = None
    cache_keys: list = dataclasses.field(default_factory=list)
    binary_mode: bool = False
    single_row: bool = False
    est_entries: int = 0

    def children(self):
        return [self.child]

    def explain_properties(self, text) -> list:
        from pgsnake.parser.expression_nodes import Param, Var
        keys = []
        for key in self.cache_keys:
            shown = text(key)
            keys.append(shown if isinstance(key, (Var, Param)) else f"({shown})")
        return [("Cache Key", ", ".join(keys)),
                ("Cache Mode", "binary" if self.binary_mode else "logical")]


@dataclasses.dataclass(eq=False)
class CacheKeys:
    """What a parameterised scan offers Memoize (param_paths fills it in)."""
    exprs: list                 # the outer expressions as Params, distinct
    binary_mode: bool
    width: int                  # their widths summed (get_expr_width)
    distinct: Any               # calls -> (ndistinct, whether a default guess)


def distinct_estimator(planner, outer_exprs):
    """calls -> (distinct values of the cache keys among that many outer rows, whether a
    default guess): estimate_num_groups from statistics, else the planner's defaults."""
    from pgsnake.optimizer import join_group_statistics
    known: dict = {}            # calls -> answer: every join order with the same outer
                                # rows asks again (the inputs are fixed while planning)

    def distinct(calls):
        answer = known.get(calls)
        if answer is None:
            answer = known[calls] = _distinct(calls)
        return answer

    def _distinct(calls):
        estimate = join_group_statistics.estimate_num_groups(outer_exprs, calls, planner.stats)
        if estimate is not None:
            return estimate, False
        if any(planner._distinct_is_default(e) for e in outer_exprs):
            return calls, True
        product = 1.0
        for e in outer_exprs:
            product *= planner._distinct_estimate(e)
        # (at least one group, as estimate_num_groups clamps: an empty table's columns
        # count 0 distinct values here)
        return max(min(product, calls), 1.0), False
    return distinct


def lateral_cache_keys(planner, lateral_params):
    """A LATERAL item's cache keys: the outer columns it reads (as the Nested Loop's
    Params), compared in binary mode, as PostgreSQL does for lateral references."""
    from pgsnake.parser.expression_nodes import FuncExpr, Param, walk
    if not lateral_params:
        return None
    if any(isinstance(n, FuncExpr) and n.volatility == "v"
           for _, var in lateral_params for n in walk(var)):
        return None
    params = [Param(slot, var.type_oid, var.typmod, kind="exec", shown_as=var)
              for slot, var in lateral_params]
    width = sum(planner._expression_width(var) for _, var in lateral_params)
    return CacheKeys(params, True, width,
                     distinct_estimator(planner, [var for _, var in lateral_params]))


def memoize_lateral_loop(inputs, join_type: str, outer, loop):
    """The LATERAL item's Nested Loop `loop` with a Memoize above its inner side."""
    inner = loop.inner
    keys = getattr(inner, "lateral_cache_keys", None)
    if keys is None or join_type not in ("inner", "left"):
        return None
    param = types.SimpleNamespace(plan=inner, cache_keys=keys, nest_params=loop.nest_params)
    node = memoize_nested_loop(inputs, join_type, outer, param, False, list(loop.join_qual))
    if node is not None:
        node.nest_reset_slots = getattr(loop, "nest_reset_slots", ())
    return node


def memoize_nested_loop(inputs, join_type: str, outer, param, inner_unique: bool,
                        rest: list, rejected=None):
    """The Nested Loop over a Memoize of the parameterised inner side, or None (also
    when `rejected(startup, total, pathkeys)`, add_path_precheck, refuses it)."""
    keys = param.cache_keys
    if not settings.get("enable_memoize") or keys is None or outer.plan_rows < 2:
        return None
    if join_type in ("semi", "anti"):
        return None
    if inner_unique and rest:
        return None             # the scan must enforce every join clause
    inner = param.plan
    memo = Memoize(child=inner, cache_keys=list(keys.exprs), binary_mode=keys.binary_mode,
                   single_row=inner_unique)
    memo.startup_cost = inner.startup_cost + cost.CPU_TUPLE_COST
    memo.total_cost = inner.total_cost + cost.CPU_TUPLE_COST
    memo.plan_rows, memo.plan_width = inner.plan_rows, inner.plan_width
    memo.output_keys = inner.output_keys
    rescan_startup, rescan_total = _cost_rescan(memo, keys, outer.plan_rows)
    factors = inputs.semi_factors if inner_unique else None
    startup, total = _cost_nestloop(
        outer, memo, rescan_startup, rescan_total, inputs.rows, rest + inputs.filter_quals,
        factors)
    if rejected is not None and rejected(startup, total, outer.pathkeys):
        return None
    node = NestedLoop(join_type=join_type, outer=outer, inner=memo, join_qual=list(rest))
    node.nest_params = list(param.nest_params)
    node.startup_cost, node.total_cost = startup, total
    node.pathkeys = list(outer.pathkeys)
    return node


def _cost_rescan(memo, keys, calls: float) -> tuple[float, float]:
    """cost_memoize_rescan; also sets the node's est_entries."""
    inner = memo.child
    tuples = inner.plan_rows
    hash_mem = settings.get("work_mem") * 1024.0 * settings.get("hash_mem_multiplier")
    entry_bytes = cost.relation_byte_size(tuples, inner.plan_width) \
        + ENTRY_OVERHEAD_BYTES + TUPLE_OVERHEAD_BYTES * tuples + keys.width
    cache_entries = math.floor(hash_mem / entry_bytes)
    ndistinct, used_default = keys.distinct(calls)
    if used_default:
        ndistinct = calls
    memo.est_entries = int(min(ndistinct, cache_entries))
    evict_ratio = 1.0 - min(cache_entries, ndistinct) / ndistinct
    hit_ratio = ((calls - ndistinct) / calls) * (cache_entries / max(ndistinct, cache_entries))
    total = inner.total_cost * (1.0 - hit_ratio) + cost.CPU_OPERATOR_COST
    total += cost.CPU_TUPLE_COST * evict_ratio
    total += cost.CPU_OPERATOR_COST / 10.0 * evict_ratio * tuples
    total += cost.CPU_TUPLE_COST + cost.CPU_OPERATOR_COST * tuples
    startup = inner.startup_cost * (1.0 - hit_ratio) + cost.CPU_TUPLE_COST
    return startup, total


def _cost_nestloop(outer, inner, rescan_startup, rescan_total, rows, quals, factors):
    """initial_cost_nestloop + final_cost_nestloop with explicit re-scan costs (a
    Memoize is never "indexed join quals", so a unique inner side takes the general
    early-stop formula)."""
    startup = outer.startup_cost + inner.startup_cost + cost.disable_cost("enable_nestloop")
    run = outer.total_cost - outer.startup_cost
    outer_rows, inner_rows = outer.plan_rows, inner.plan_rows
    if outer_rows > 1:
        run += (outer_rows - 1) * rescan_startup
    inner_run = inner.total_cost - inner.startup_cost
    rescan_run = rescan_total - rescan_startup
    cpu_per_tuple = cost.CPU_TUPLE_COST + cost.qual_cost_per_row(quals)
    if factors is None:
        run += inner_run
        if outer_rows > 1:
            run += (outer_rows - 1) * rescan_run
        run += cpu_per_tuple * outer_rows * inner_rows
        return startup, startup + run
    inner_total, ntuples = early_stop_inner_cost(outer_rows, inner_rows, inner_run,
                                                 rescan_run, factors)
    run += inner_total + cpu_per_tuple * ntuples
    return startup, startup + run
