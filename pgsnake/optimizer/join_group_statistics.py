"""Estimates from pg_statistic beyond one table's restriction clauses: join selectivity,
hash bucket sizes, the number of groups, and how well a table's order follows an index.

Entry points (each None when the columns have no statistics, so that the planner keeps
its defaults):
    join_selectivity(left, right, lookup) -> float | None    eqjoinsel_inner for `=`
    semi_join_selectivity(outer, inner, lookup, inner_rows)   eqjoinsel_semi (semi / anti
                                                             joins, both sides analyzed)
    hash_bucket_fraction(expr, inner_rows, lookup) -> float | None
    estimate_num_groups(exprs, input_rows, lookup) -> float | None
    index_correlation(lookup, rtindex, index) -> float       btcostestimate's
                                                             indexCorrelation (0 unknown)
`lookup` is selectivity_stats.StatisticsLookup, which also explains examine_variable.

PostgreSQL: utils/adt/selfuncs.c (eqjoinsel, eqjoinsel_inner, eqjoinsel_semi,
estimate_hash_bucket_stats,
estimate_num_groups, add_unique_group_var, btcostestimate).
"""
from __future__ import annotations

import math

from pgsnake.catalog import statistic_rows
from pgsnake.catalog.statistic_rows import STATISTIC_KIND_MCV, find_slot, order_key
from pgsnake.optimizer import cost, extended_statistics, index_range
from pgsnake.optimizer.selectivity_stats import (StatisticsLookup, VariableStats,
                                                 clamp_probability)
from pgsnake.parser.expression_nodes import FuncExpr, Var, walk


# -- joins ------------------------------------------------------------------------------

def _one_sided_selectivity(other, known, lookup) -> float | None:
    """`other` is an expression without statistics (`a.x + 1`, or a FULL join's merged
    column COALESCE(a.x, b.x)) against `known`'s statistics: examine_variable gives it
    the default number of distinct values (the table's rows when it reads one table of
    fewer rows) and no NULLs (get_variable_numdistinct)."""
    relids = {n.rtindex for n in walk(other) if isinstance(n, Var) and not n.levels_up}
    if not relids or known.stats is None:
        return None
    other_nd = float(cost.DEFAULT_NUM_DISTINCT)
    if len(relids) == 1:
        tuples = lookup.base_tuples.get(next(iter(relids)))
        if tuples is None:
            return None
        if tuples < cost.DEFAULT_NUM_DISTINCT:
            other_nd = max(1.0, float(round(tuples)))
    nd, _ = known.numdistinct()
    return clamp_probability((1.0 - known.stats.null_frac) / max(nd, other_nd))


def join_selectivity(left, right, lookup: StatisticsLookup) -> float | None:
    """eqjoinsel_inner for `left = right`: with MCV lists on both sides, matched MCVs
    count exactly and the rest as evenly spread; otherwise 1 / max(nd1, nd2) of the
    non-NULL rows. None when neither side has statistics."""
    var1, var2 = lookup.examine(left), lookup.examine(right)
    if (var1 is None) != (var2 is None):
        return _one_sided_selectivity(left if var1 is None else right, var1 or var2, lookup)
    if var1 is None or var2 is None or (var1.stats is None and var2.stats is None):
        return None
    nd1, _ = var1.numdistinct()
    nd2, _ = var2.numdistinct()
    mcv1 = find_slot(var1.stats, STATISTIC_KIND_MCV) if var1.stats else None
    mcv2 = find_slot(var2.stats, STATISTIC_KIND_MCV) if var2.stats else None
    null1 = var1.stats.null_frac if var1.stats else 0.0
    null2 = var2.stats.null_frac if var2.stats else 0.0
    if mcv1 is None or mcv2 is None:
        selectivity = (1.0 - null1) * (1.0 - null2) / (nd1 if nd1 > nd2 else nd2)
        return clamp_probability(selectivity)
    try:
        matched1 = [False] * len(mcv1.values)
        matched2 = [False] * len(mcv2.values)
        match_product = 0.0
        matches = 0
        keys2 = [order_key(value2) for value2 in mcv2.values]     # once, not per pair
        for i, value1 in enumerate(mcv1.values):
            key1 = order_key(value1)
            for j, key2 in enumerate(keys2):
                if not matched2[j] and key1 == key2:
                    matched1[i] = matched2[j] = True
                    match_product += mcv1.numbers[i] * mcv2.numbers[j]
                    matches += 1
                    break
    except TypeError:
        return None
    match_product = clamp_probability(match_product)
    match1 = clamp_probability(sum(f for f, m in zip(mcv1.numbers, matched1) if m))
    unmatch1 = clamp_probability(sum(f for f, m in zip(mcv1.numbers, matched1) if not m))
    match2 = clamp_probability(sum(f for f, m in zip(mcv2.numbers, matched2) if m))
    unmatch2 = clamp_probability(sum(f for f, m in zip(mcv2.numbers, matched2) if not m))
    other1 = clamp_probability(1.0 - null1 - match1 - unmatch1)
    other2 = clamp_probability(1.0 - null2 - match2 - unmatch2)
    total1 = match_product
    if nd2 > len(mcv2.values):
        total1 += unmatch1 * other2 / (nd2 - len(mcv2.values))
    if nd2 > matches:
        total1 += other1 * (other2 + unmatch2) / (nd2 - matches)
    total2 = match_product
    if nd1 > len(mcv1.values):
        total2 += unmatch2 * other1 / (nd1 - len(mcv1.values))
    if nd1 > matches:
        total2 += other2 * (other1 + unmatch1) / (nd1 - matches)
    return clamp_probability(min(total1, total2))


def semi_join_selectivity(outer, inner, lookup: StatisticsLookup,
                          inner_rows: float | None = None) -> float | None:
    """eqjoinsel_semi for `outer = inner` of a semi join (EXISTS / IN pulled up): the
    fraction of the outer rows that have at least one partner. The inner side's
    distinct count is clamped to its rows; matched MCVs count exactly, the other
    non-NULL outer rows have partners in the proportion nd2 / nd1 (all of them when
    nd1 <= nd2, half when either count is a default guess). An anti join keeps
    1 - this. None when neither side has statistics. The planner calls it (through
    semi_joins.Estimator.semi_statistics) when both sides have statistics.""" 
    var1, var2 = lookup.examine(outer), lookup.examine(inner)
    if var1 is None or var2 is None or (var1.stats is None and var2.stats is None):
        return None
    nd1, default1 = var1.numdistinct()
    nd2, default2 = var2.numdistinct()
    # clamped to the rows of the column's relation and of the join's inner input
    for rows2 in (var2.rows, inner_rows):
        if rows2 is not None and nd2 >= rows2:
            nd2, default2 = rows2, False
    null1 = var1.stats.null_frac if var1.stats else 0.0
    mcv1 = find_slot(var1.stats, STATISTIC_KIND_MCV) if var1.stats else None
    mcv2 = find_slot(var2.stats, STATISTIC_KIND_MCV) if var2.stats else None
    if mcv1 is None or mcv2 is None:
        if default1 or default2:
            return clamp_probability(0.5 * (1.0 - null1))
        if nd1 <= nd2 or nd2 < 0:
            return clamp_probability(1.0 - null1)
        return clamp_probability(nd2 / nd1 * (1.0 - null1))
    # Only as many inner MCVs as the inner side can hold distinct values take part.
    inner_values = mcv2.values[:int(min(len(mcv2.values), nd2))]
    inner_keys = [order_key(v) for v in inner_values]
    matched_inner = [False] * len(inner_keys)
    match_frequency = 0.0
    matches = 0
    try:
        for value, frequency in zip(mcv1.values, mcv1.numbers):
            key = order_key(value)
            for j, inner_key in enumerate(inner_keys):
                if not matched_inner[j] and key == inner_key:
                    matched_inner[j] = True
                    match_frequency += frequency
                    matches += 1
                    break
    except TypeError:
        return None
    match_frequency = clamp_probability(match_frequency)
    if not default1 and not default2:
        nd1 -= matches
        nd2 -= matches
        uncertain_fraction = 1.0 if nd1 <= nd2 or nd2 < 0 else nd2 / nd1
    else:
        uncertain_fraction = 0.5
    uncertain = clamp_probability(1.0 - match_frequency - null1)
    return clamp_probability(match_frequency + uncertain_fraction * uncertain)


def hash_bucket_fraction(expr, inner_rows: float, lookup: StatisticsLookup) -> float | None:
    """estimate_hash_bucket_stats: the fraction of the inner rows in one bucket, 1 /
    distinct values (scaled to the rows left after restrictions), raised for a skewed
    column by the most common value's frequency over the average."""
    var = lookup.examine(expr)
    if var is None or var.stats is None:
        return None
    mcv = find_slot(var.stats, STATISTIC_KIND_MCV)
    mcv_frequency = mcv.numbers[0] if mcv is not None and mcv.numbers else 0.0
    distinct, is_default = var.numdistinct()
    if is_default:
        return max(0.1, mcv_frequency)
    average = (1.0 - var.stats.null_frac) / distinct
    if var.tuples > 0 and var.rows is not None:
        distinct = cost.clamp_rows(distinct * var.rows / var.tuples)
    buckets = _hash_buckets(inner_rows if inner_rows is not None else var.rows or var.tuples)
    fraction = 1.0 / buckets if distinct > buckets else 1.0 / distinct
    if average > 0.0 and mcv_frequency > average:
        fraction *= mcv_frequency / average
    return min(max(fraction, 1.0e-6), 1.0)


def _hash_buckets(rows: float) -> int:
    """ExecChooseHashTableSize's bucket count for an in-memory hash table: a power of
    two at least the rows (one tuple per bucket), at least 1024."""
    buckets = 1024
    while buckets < rows:
        buckets *= 2
    return buckets


# -- GROUP BY / DISTINCT ---------------------------------------------------------------

def _is_volatile(expr) -> bool:
    return any(isinstance(node, FuncExpr) and node.volatility == "v" for node in walk(expr))


def estimate_num_groups(exprs, input_rows: float, lookup: StatisticsLookup) -> float | None:
    """estimate_num_groups for plain columns of this level's tables, when at least one
    has statistics: per table, the product of its columns' distinct counts, clamped to
    its rows (a tenth of them for several columns, but never below the largest count),
    reduced for the rows its restrictions leave; tables multiply; at most input_rows."""
    variables = []
    units = []          # (rtindex, key, its columns, its own VariableStats or None): expressions
    for expr in exprs:
        if not isinstance(expr, Var):
            # An expression with statistics of its own (an expression index's, or a
            # statistics object's stxdexpr) counts as one variable, as examine_variable
            # lets estimate_num_groups take it.
            own = lookup.examine(expr)
            unit = None
            if own is not None and (own.stats is not None or own.is_unique):
                rtindex = next(n.rtindex for n in walk(expr) if isinstance(n, Var))
                unit = (rtindex, ("expr", expr))
            else:
                own = None
                unit = extended_statistics.grouped_expression_key(lookup, expr)
            if unit is not None:
                if unit[1] not in [u[1] for u in units]:
                    units.append((*unit, [n for n in walk(expr) if isinstance(n, Var)], own))
                continue
        # An expression counts as the columns in it (a + 1 has a's groups); one with
        # no column is a constant and adds nothing.
        columns = [expr] if isinstance(expr, Var) else \
            [node for node in walk(expr) if isinstance(node, Var)]
        if not columns and _is_volatile(expr):
            return None
        for column in columns:
            var = lookup.examine(column)
            if var is None:
                return None
            if column not in [v[0] for v in variables]:
                variables.append((column, var))
    if not units and not any(var.stats is not None for _expr, var in variables):
        return None
    by_table: dict[int, list] = {}
    for expr, var in variables:
        by_table.setdefault(expr.rtindex, []).append((expr.attnum, var))
    for rtindex, key, _columns, own in units:
        by_table.setdefault(rtindex, []).append((key, own))
    groups = 1.0
    for rtindex, entries in by_table.items():
        distinct = 1.0
        largest = 1.0
        counted = 0
        remaining = entries
        while remaining:
            # Multi-column n-distinct counts (CREATE STATISTICS) for the columns and
            # expressions they cover, as many times as they help; the rest one by one
            # (an expression as the columns in it).
            found = extended_statistics.multivariate_ndistinct(
                lookup, rtindex, [key for key, _var in remaining])
            if found is not None:
                count, matched = found
                remaining = [(k, v) for k, v in remaining if k not in matched]
                counts = [count]
            else:
                counts = []
                for key, var in remaining:
                    if var is not None:
                        counts.append(var.numdistinct()[0])
                        continue
                    columns = next(c for r, k, c, _own in units if k == key)
                    for column in columns:
                        column_var = lookup.examine(column)
                        if column_var is None:
                            return None
                        counts.append(column_var.numdistinct()[0])
                remaining = []
            for count in counts:
                distinct *= count
                largest = max(largest, count)
                counted += 1
        known = next((var for _key, var in entries if var is not None), None)
        tuples = known.tuples if known is not None else lookup.base_tuples.get(rtindex, 0.0)
        rows = known.rows if known is not None else lookup.scan_rows.get(rtindex)
        if tuples > 0:
            clamp = tuples
            if counted > 1:
                clamp *= 0.1
                if clamp < largest:
                    clamp = min(largest, tuples)
            distinct = min(distinct, clamp)
            if distinct > 0 and rows is not None and rows < tuples:
                distinct *= 1 - math.pow((tuples - rows) / tuples, tuples / distinct)
            groups *= cost.clamp_rows(distinct)
    groups = math.ceil(groups)
    return float(max(min(groups, input_rows), 1.0))


# -- index scans ------------------------------------------------------------------------

def index_correlation(lookup: StatisticsLookup, rtindex: int, index) -> float:
    """How well the table's physical order follows the index's first column: the
    column's correlation statistic when it was gathered for this index's ordering,
    negated for a DESC column, times 0.75 for a multi-column index (btcostestimate)."""
    from pgsnake.catalog import catalog_cache
    from pgsnake.catalog.statistic_rows import STATISTIC_KIND_CORRELATION
    attnum = index.heap_attnums[0] if index.heap_attnums else 0
    if attnum < 0 or not index.families:
        return 0.0
    rte = lookup.range_table[rtindex - 1]
    # An expression column's statistics are the index's own (ANALYZE gathers them).
    stats = statistic_rows.column_statistics(rte.relation.oid, attnum) if attnum > 0 \
        else statistic_rows.column_statistics(index.relation.oid, 1)
    slot = find_slot(stats, STATISTIC_KIND_CORRELATION) if stats is not None else None
    if slot is None or not slot.numbers:
        return 0.0
    strategy = catalog_cache.btree_strategy(index.families[0], slot.operator)
    if strategy is None or strategy[0] != 1:
        return 0.0                  # gathered for another ordering
    correlation = slot.numbers[0]
    if index_range.is_descending(index.relation):
        correlation = -correlation
    return correlation * 0.75 if index.key_count > 1 else correlation
