"""Tid Scan and Tid Range Scan: reading a table's rows by their ctid.

A Tid Scan fetches the rows its TID conditions name: `ctid = expr` (either side),
`ctid = ANY (array)` / `ctid IN (...)`, `WHERE CURRENT OF cursor`, or an OR whose every
arm gives some (an arm that is an AND gives its first usable conjunct); the first
restriction clause that gives any is used (TidQualFromRestrictInfoList). `expr` must not
read the table itself nor be volatile. A Tid Range Scan reads the pages between the
bounds all of the table's `ctid < <= > >= expr` clauses set.

Costs are cost_tidscan's (a random page per TID, every restriction clause evaluated per
fetched row less the TID conditions, which are evaluated once) and cost_tidrangescan's
(one random page, then sequential ones, for the selected fraction of the table). A
CURRENT OF always takes the Tid Scan (PostgreSQL makes every other plan cost
disable_cost); otherwise enable_tidscan = off adds disable_cost.

The TID conditions leave the Filter when a single one was used, or an OR of exactly
them; the range conditions always leave it.

A join clause `ctid = expr(outer tables)` gives a parameterised Tid Scan, the inner side
of a Nested Loop (`TID Cond: (ctid = t1.ctid)`), with every join clause to those outer
tables moved into it, as param_paths.py's index scans (BuildParameterizedTidPaths).

Entry points: cheaper_tid_scan(best, best_filter, relation, rtindex, quals, ...)
-> (plan, filter); parameterised_tid_scans(planner, rtindex, base_scan, scan_quals,
candidates) -> [param_paths.ParamScan]; ctid_inequality_selectivity(qual, rtindex,
pages, tuples).

PostgreSQL: optimizer/path/tidpath.c (create_tidscan_paths, TidQualFromRestrictInfoList,
TidRangeQualFromRestrictInfoList), costsize.c (cost_tidscan, cost_tidrangescan),
createplan.c (create_tidscan_plan, create_tidrangescan_plan), selfuncs.c (scalarineqsel's
CTID estimate).
"""
from __future__ import annotations

import dataclasses
import math

from pgsnake.optimizer import const_fold, cost
from pgsnake.optimizer.plan_nodes import TidRangeScan, TidScan
from pgsnake.parser.current_of import CurrentOfExpr
from pgsnake.parser.expression_nodes import (SELF_ITEM_POINTER_ATTNUM, BoolExpr, Const, OpExpr,
                                             ScalarArrayOpExpr, Var, walk)

TID_OID = 27
_RANGE_OPERATORS = ("<", "<=", ">", ">=")


def _is_ctid(expr, rtindex: int) -> bool:
    return (isinstance(expr, Var) and expr.rtindex == rtindex
            and expr.attnum == SELF_ITEM_POINTER_ATTNUM and expr.levels_up == 0)


def _usable_operand(expr, rtindex: int) -> bool:
    """Not reading the table itself, not volatile (IsTidEqualClause's other side)."""
    if any(isinstance(n, Var) and n.rtindex == rtindex and n.levels_up == 0
           for n in walk(expr)):
        return False
    return not const_fold.contains_volatile(expr)


def _ctid_comparison(qual, rtindex: int, operators) -> tuple[str, object] | None:
    """(operator as if ctid were on the left, the other operand) of `ctid op expr` or
    `expr op ctid` on tid, else None."""
    if not (isinstance(qual, OpExpr) and len(qual.args) == 2
            and qual.operator_name in operators):
        return None
    left, right = qual.args
    if getattr(left, "type_oid", None) != TID_OID or getattr(right, "type_oid", None) != TID_OID:
        return None
    if _is_ctid(left, rtindex) and _usable_operand(right, rtindex):
        return qual.operator_name, right
    if _is_ctid(right, rtindex) and _usable_operand(left, rtindex):
        flipped = {"<": ">", ">": "<", "<=": ">=", ">=": "<="}.get(qual.operator_name,
                                                                  qual.operator_name)
        return flipped, left
    return None


def _is_tid_equal_any(qual, rtindex: int) -> bool:
    return (isinstance(qual, ScalarArrayOpExpr) and qual.use_or and qual.operator_name == "="
            and qual.element_type == TID_OID and _is_ctid(qual.arg, rtindex)
            and all(_usable_operand(item, rtindex) for item in qual.items)
            and (qual.array is None or _usable_operand(qual.array, rtindex)))


def _is_current_of(qual, rtindex: int) -> bool:
    return isinstance(qual, CurrentOfExpr) and _is_ctid(qual.args[0], rtindex)


def _tid_quals_of_clause(qual, rtindex: int) -> list:
    """TidQualFromRestrictInfo, and the OR case of TidQualFromRestrictInfoList."""
    if isinstance(qual, BoolExpr) and qual.op == "or":
        found = []
        for arm in qual.args:
            if isinstance(arm, BoolExpr) and arm.op == "and":
                sub = tid_quals(list(arm.args), rtindex)
            else:
                sub = _tid_quals_of_clause(arm, rtindex)
            if not sub:
                return []
            found += sub
        return found
    if _ctid_comparison(qual, rtindex, ("=",)) is not None or _is_tid_equal_any(qual, rtindex) \
            or _is_current_of(qual, rtindex):
        return [qual]
    return []


def tid_quals(quals, rtindex: int) -> list:
    """The TID conditions (OR-ed) of the first clause that gives any."""
    for qual in quals:
        found = _tid_quals_of_clause(qual, rtindex)
        if found:
            return found
    return []


def tid_range_quals(quals, rtindex: int) -> list:
    return [q for q in quals if _ctid_comparison(q, rtindex, _RANGE_OPERATORS) is not None]


def _expected_tids(tidquals) -> float:
    """cost_tidscan's count: an array's elements, one for anything else."""
    total = 0.0
    for qual in tidquals:
        if isinstance(qual, ScalarArrayOpExpr):
            if qual.array is None:
                total += len(qual.items)
            elif isinstance(qual.array, Const) and isinstance(qual.array.value, list):
                total += len(qual.array.value)
            else:
                total += 10                 # estimate_array_length of a non-constant
        else:
            total += 1
    return total


def ctid_inequality_selectivity(qual, rtindex: int, pages: float, tuples: float):
    """scalarineqsel without statistics for `ctid op constant`: the fraction of the
    table before the constant's page and offset (the last page counted half full);
    None for any other clause."""
    found = _ctid_comparison(qual, rtindex, _RANGE_OPERATORS)
    if found is None or not isinstance(found[1], Const) or found[1].value is None:
        return None
    operator, value = found
    if pages == 0:
        return 1.0
    block, offset = value.value
    block = float(block)
    density = tuples / (pages - 0.5)
    if block >= pages - 1:
        density *= 0.5
    if density > 0.0:
        block += min(offset / density, 1.0)
    selectivity = block / (pages - 0.5)
    greater = operator in (">", ">=")
    if (operator.endswith("=")) == greater and tuples >= 1.0:
        selectivity -= 1.0 / tuples
    if greater:
        selectivity = 1.0 - selectivity
    return min(max(selectivity, 0.0), 1.0)


def _filter_without(quals, tidquals) -> list:
    """create_tidscan_plan: one TID condition leaves the filter, several only as the
    OR of exactly them."""
    if len(tidquals) == 1:
        return [q for q in quals if q is not tidquals[0]]
    ored = tuple(tidquals)
    return [q for q in quals if not (isinstance(q, BoolExpr) and q.op == "or"
                                     and len(q.args) == len(ored)
                                     and all(a is b for a, b in zip(q.args, ored)))]


def _tid_scan_costs(scan, quals, tidquals, *, forced: bool) -> None:
    """cost_tidscan: a random page per expected TID; the TID conditions once, the other
    clauses per fetched row."""
    from pgsnake.optimizer.index_paths import RANDOM_PAGE_COST
    ntuples = _expected_tids(tidquals)
    tid_cost = cost.qual_cost_per_row(tidquals)
    scan.startup_cost = (0.0 if forced else cost.disable_cost("enable_tidscan")) \
        + cost.qual_startup_cost(quals) + tid_cost
    scan.total_cost = scan.startup_cost + RANDOM_PAGE_COST * ntuples + (
        cost.CPU_TUPLE_COST + cost.qual_cost_per_row(quals) - tid_cost) * ntuples


def parameterised_tid_scans(planner, rtindex: int, base_scan, scan_quals, candidates) -> list:
    """A Tid Scan per join clause `ctid = expr(outer)` among the movable `candidates`,
    parameterised by the outer tables it reads (param_paths.ParamScan)."""
    from pgsnake.optimizer import index_paths, param_paths
    found = []
    for qual in candidates:
        comparison = _ctid_comparison(qual, rtindex, ("=",))
        if comparison is None:
            continue
        required = param_paths.outer_relids(qual, rtindex)
        moved = [q for q in candidates if param_paths.outer_relids(q, rtindex) <= required]
        used: dict = {}
        param_quals = [param_paths.parameterise(planner, q, rtindex, used) for q in moved]
        tidqual = param_quals[next(i for i, q in enumerate(moved) if q is qual)]
        all_quals = list(scan_quals) + param_quals
        filters = [q for q in all_quals if q is not tidqual]
        if _is_ctid(tidqual.args[1], rtindex) \
                and id(qual) not in getattr(planner, "outer_join_clause_ids", ()):
            # PostgreSQL makes `ctid = outer expression` of an inner join an equivalence
            # class, whose clause for this scan has the table's member first
            tidqual = dataclasses.replace(tidqual, args=tidqual.args[::-1])
        scan = TidScan(rtindex=rtindex, relation=base_scan.relation, alias=base_scan.alias,
                       tid_quals=[tidqual])
        _tid_scan_costs(scan, all_quals, [tidqual], forced=False)
        pages, tuples = planner._table_size(rtindex)
        rows = cost.clamp_rows(tuples * index_paths.restriction_selectivity(
            all_quals, rtindex, planner.unique_columns.get(rtindex, set()), tuples,
            planner.stats, pages))
        found.append(param_paths.ParamScan(
            param_paths.finish_scan(scan, base_scan, filters, rows), rtindex, required,
            sorted(used.items()), len(moved) == 1,
            param_paths.cache_keys(planner, rtindex, moved, required)))
    return found


def cheaper_tid_scan(best, best_filter, relation, rtindex: int, quals, *, pages: float,
                     tuples: float, rows: float, alias: str, selectivity_of):
    """`best` or a cheaper Tid Scan / Tid Range Scan of the table (create_tidscan_paths,
    offered after the index paths); `selectivity_of(clauses)` is the table's
    restriction selectivity of some of its clauses."""
    from pgsnake.optimizer.index_paths import RANDOM_PAGE_COST, _cheaper
    qual_startup = cost.qual_startup_cost(quals)
    qual_per_row = cost.qual_cost_per_row(quals)
    tidquals = tid_quals(quals, rtindex)
    if tidquals:
        current_of = any(isinstance(q, CurrentOfExpr) for q in tidquals)
        scan = TidScan(rtindex=rtindex, relation=relation, alias=alias, tid_quals=tidquals)
        _tid_scan_costs(scan, quals, tidquals, forced=current_of)
        if current_of or _cheaper(scan, best):
            best, best_filter = scan, _filter_without(quals, tidquals)
            if current_of:
                return best, best_filter
    rangequals = tid_range_quals(quals, rtindex)
    if rangequals:
        selectivity = selectivity_of(rangequals)
        scanned = max(math.ceil(selectivity * pages), 1.0)
        range_cost = cost.qual_cost_per_row(rangequals)
        scan = TidRangeScan(rtindex=rtindex, relation=relation, alias=alias,
                            tid_range_quals=rangequals)
        scan.startup_cost = cost.disable_cost("enable_tidscan") + qual_startup + range_cost
        scan.total_cost = scan.startup_cost + RANDOM_PAGE_COST \
            + cost.SEQ_PAGE_COST * (scanned - 1.0) \
            + (cost.CPU_TUPLE_COST + qual_per_row - range_cost) * selectivity * tuples
        if _cheaper(scan, best):
            best = scan
            best_filter = [q for q in quals if not any(q is r for r in rangequals)]
    return best, best_filter
